//! Every normative sentence of the vendored documentation is accounted for: cited by an overlay
//! rule or constraint, stated by a machine-readable constraint, or listed under `omitted` with
//! a reason (see `spec/README.md`, "The overlay"). And no `omitted` entry is idle.

use std::path::Path;

use cfn_codegen::coverage::{Coverage, measure};

fn vendored() -> Coverage {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let inputs = cfn_codegen::read::read_dir(&spec).unwrap();
    let model = cfn_codegen::build_model(&inputs).unwrap();
    measure(&inputs, &model.services)
}

#[test]
fn every_normative_sentence_of_the_vendored_docs_is_accounted_for() {
    let coverage = vendored();
    // The scan finds what it should: the docs have well over a hundred such sentences.
    assert!(coverage.total > 100, "{coverage}");
    assert!(
        coverage.unaccounted.is_empty(),
        "{coverage}\nadd a rule, a constraint or an `omitted` entry (with the reason) to \
         spec/overlay/apigatewayv2-rules.json for each:\n{}",
        coverage
            .unaccounted
            .iter()
            .map(|(doc, sentence)| format!("  {doc}: {sentence}\n"))
            .collect::<String>()
    );
    assert_eq!(
        coverage.accounted(),
        coverage.constraints() + coverage.by_rules + coverage.by_omitted
    );
}

#[test]
fn no_omitted_entry_is_idle() {
    // An entry whose sentence a rule or constraint now accounts for (or that is not normative)
    // says nothing any more: remove it.
    let coverage = vendored();
    assert!(
        coverage.idle_omitted.is_empty(),
        "`omitted` entries that account for no sentence:\n{}",
        coverage
            .idle_omitted
            .iter()
            .map(|(doc, quote)| format!("  {doc}: {quote}\n"))
            .collect::<String>()
    );
}

/// On a fixture with no overlay entries for its docs, every normative sentence is listed with
/// the documentation that holds it, and the figure says so.
#[test]
fn the_report_lists_each_unaccounted_sentence_with_its_documentation() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ok-shapes/spec");
    let summary = cfn_codegen::generate(&spec).unwrap().summary;
    let report = summary.report();
    assert!(
        report.contains(
            "documentation coverage: 0/4 normative sentences accounted for (0.0%): \
             0 by constraints, 0 by rules, 0 by omitted entries\n"
        ),
        "{report}"
    );
    assert!(
        report.contains("  unaccounted Widget.StorageClass: Values that differ only in case.\n"),
        "{report}"
    );
    // The same sentence, once per documentation item.
    assert_eq!(summary.coverage.unaccounted.len(), 4, "{report}");
}
