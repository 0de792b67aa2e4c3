//! Golden tests on small fixture specs in `tests/fixtures/<name>/spec`.
//!
//! - `ok-*` fixtures must generate exactly the files in `tests/fixtures/<name>/expected/`
//!   (the root package's `tests/golden_compile.rs` compiles them, warnings denied);
//! - `err-*` fixtures must fail with exactly the message in `tests/fixtures/<name>/expected.err`.
//!
//! After an intended change, review and refresh with `UPDATE_GOLDEN=1 cargo test -p cfn-codegen
//! --test fixtures`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    assert!(out.len() >= 10, "fixtures missing in {}", dir.display());
    out
}

fn update() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some()
}

fn read_tree(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    out
}

#[test]
fn fixtures_match_their_goldens() {
    let mut failures = Vec::new();
    for fixture in fixtures() {
        let name = fixture.file_name().unwrap().to_string_lossy().into_owned();
        // The goldens are compiled by the root crate's tests, which have no feature per
        // fixture service: generated ungated.
        let result = cfn_codegen::generate_ungated(&fixture.join("spec"));
        if name.starts_with("err-") {
            let golden = fixture.join("expected.err");
            let message = match result {
                Ok(_) => {
                    failures.push(format!(
                        "{name}: generation succeeded, an error was expected"
                    ));
                    continue;
                }
                Err(e) => format!("{e}\n"),
            };
            if update() {
                std::fs::write(&golden, &message).unwrap();
            }
            let expected = std::fs::read_to_string(&golden).unwrap_or_default();
            if message != expected {
                failures.push(format!(
                    "{name}: error\n  got:      {message}  expected: {expected}"
                ));
            }
        } else {
            let files = match result {
                Ok(g) => g.files,
                Err(e) => {
                    failures.push(format!("{name}: generation failed: {e}"));
                    continue;
                }
            };
            let golden = fixture.join("expected");
            if update() {
                let _ = std::fs::remove_dir_all(&golden);
                cfn_codegen::output::write_dir(&golden, &files).unwrap();
            }
            let expected = read_tree(&golden);
            if files != expected {
                let differing: Vec<&String> = files
                    .keys()
                    .chain(expected.keys())
                    .filter(|k| files.get(*k) != expected.get(*k))
                    .collect();
                failures.push(format!(
                    "{name}: generated files differ from the golden: {differing:?}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn generation_is_deterministic() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let first = cfn_codegen::generate(&spec).unwrap().files;
    let second = cfn_codegen::generate(&spec).unwrap().files;
    assert_eq!(first, second);
    assert!(
        first.len() >= 17,
        "expected a file per resource plus module files, got {}",
        first.len()
    );
}

/// A `required` entry that names no property makes nothing required (the goldens show the code
/// is what it would be without it); the report warns with the file and JSON path.
#[test]
fn a_required_name_that_is_no_property_is_a_warning() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ok-shapes/spec");
    let summary = cfn_codegen::generate(&spec).unwrap().summary;
    assert_eq!(
        summary.warnings,
        [
            "schemas/test-widget.json: at /definitions/A/required/0: `required` names `Phantom`, which is not a property (ignored)",
            "schemas/test-widget.json: at /required/1: `required` names `Ghost`, which is not a property (ignored)",
        ]
    );
    let report = summary.report();
    assert!(
        report.contains(
            "warning: schemas/test-widget.json: at /required/1: `required` names `Ghost`"
        ),
        "{report}"
    );
}

/// A pattern the validator's engine cannot compile generates: the docs state it as not checked
/// (the golden shows it), the table leaves it out, and the report warns with the property's place.
#[test]
fn a_pattern_the_validator_cannot_check_is_a_warning() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ok-patterns/spec");
    let generation = cfn_codegen::generate(&spec).unwrap();
    assert_eq!(
        generation.summary.warnings,
        [
            "schemas/test-thing.json: at /properties/Name: pattern `^(?!aws:)[a-z]+$` from the registry schema is not checked by the validator (documented as such, left out of the table): `regex-lite`, the validator's engine: look-around is not supported",
            "schemas/test-thing.json: at /properties/Tags: pattern `^\\p{L}+$` from the registry schema is not checked by the validator (documented as such, left out of the table): `regex-lite`, the validator's engine: Unicode character classes are not supported",
        ]
    );
    let thing = &generation.files["patterns/thing.rs"];
    assert!(!thing.contains("(?!aws:)[a-z]+$\""), "{thing}");
    assert!(
        thing.contains(r#"Constraint::pattern("\\A[0-9a-zA-Z-_\\/]+\\z""#),
        "{thing}"
    );
}

/// A relationship no expression satisfies (the target's `Ref` returns another property, which no
/// attribute names) gives no handle, and the report says why.
#[test]
fn an_unresolvable_relationship_is_a_note_not_a_handle() {
    let spec =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ok-unresolvable-reference/spec");
    let generation = cfn_codegen::generate(&spec).unwrap();
    let report = generation.summary.report();
    assert!(
        report
            .contains("note: relationship Test::Refs::Widget.GadgetRef -> Test::Refs::Gadget.Name")
            && report.contains("no typed handle"),
        "{report}"
    );
    let widget = &generation.files["refs/widget.rs"];
    assert!(!widget.contains("crate::cfn_references!"), "{widget}");
}

/// Upstream text never becomes code: in every doc comment of the ok goldens and of the checked-in
/// `generated/`, the only code blocks are ```` ```text ```` blocks, nothing outside them is
/// indented enough to be an indented code block (also after a list marker), no fence follows a
/// list marker, and no line holds a carriage return. (rustdoc runs any other code block as a
/// doctest; a bare `\r` does not compile in a doc comment.) The rules are CommonMark's, checked
/// here independently of the generator's `docs` module.
#[test]
fn emitted_docs_hold_no_code_block_but_text() {
    if update() {
        return; // the goldens are being rewritten by `fixtures_match_their_goldens`
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut trees: Vec<PathBuf> = fixtures()
        .into_iter()
        .filter(|f| f.file_name().unwrap().to_string_lossy().starts_with("ok-"))
        .map(|f| f.join("expected"))
        .collect();
    trees.push(root.join("../generated"));
    let mut failures = Vec::new();
    let mut blocks = 0;
    for tree in trees {
        for (rel, contents) in read_tree(&tree) {
            let file = format!("{}/{rel}", tree.display());
            blocks += check_docs(&file, &contents, &mut failures);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        blocks >= 5,
        "the fixtures should hold upstream code blocks, found {blocks}"
    );
}

/// Checks the doc comments of one file; returns how many ```` ```text ```` blocks it holds.
fn check_docs(file: &str, contents: &str, failures: &mut Vec<String>) -> usize {
    let fence = |text: &str| -> Option<(char, usize, String)> {
        let t = text.trim_start();
        let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
        let n = t.chars().take_while(|x| *x == c).count();
        let info = t[n..].trim();
        // A backtick fence's info string holds no backtick (else it is a code span).
        (n >= 3 && !(c == '`' && info.contains('`'))).then(|| (c, n, info.to_owned()))
    };
    let list_marker = |text: &str| -> Option<usize> {
        let t = text.trim_start();
        let lead = text.len() - t.len();
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        let len = if t.starts_with(['-', '*', '+']) {
            1
        } else if (1..=9).contains(&digits) && t[digits..].starts_with(['.', ')']) {
            digits + 1
        } else {
            return None;
        };
        t[len..].starts_with([' ', '\t']).then_some(lead + len)
    };
    let mut open: Option<(char, usize)> = None;
    let mut blocks = 0;
    let mut after_blank = true;
    for (i, line) in contents.lines().enumerate() {
        let at = format!("{file}:{}", i + 1);
        if line.contains('\r') {
            failures.push(format!("{at}: carriage return"));
        }
        if line.trim_start().starts_with("/**") || line.trim_start().starts_with("#[doc =") {
            failures.push(format!(
                "{at}: a doc comment not written as `///` lines: {line}"
            ));
        }
        let Some(doc) = line.trim_start().strip_prefix("///") else {
            open = None;
            after_blank = true;
            continue;
        };
        let doc = doc.strip_prefix(' ').unwrap_or(doc);
        let blank_before = std::mem::replace(&mut after_blank, doc.trim().is_empty());
        match (open, fence(doc)) {
            (Some((c, n)), Some((fc, fn_, info))) if fc == c && fn_ >= n && info.is_empty() => {
                open = None;
                after_blank = true;
            }
            (Some(_), _) => {}
            (None, Some((c, n, info))) => {
                if c != '`' || info != "text" {
                    failures.push(format!("{at}: a code block that is not `text`: {doc}"));
                }
                blocks += 1;
                open = Some((c, n));
            }
            (None, None) => {
                // An indented code block cannot interrupt a paragraph: only after a blank line.
                let indent = doc.len() - doc.trim_start().len();
                if blank_before && (indent >= 4 || doc.starts_with('\t')) {
                    failures.push(format!("{at}: indented like a code block: {doc}"));
                }
                let mut rest = doc;
                while let Some(len) = list_marker(rest) {
                    let after = &rest[len..];
                    let gap = &after[..after.len() - after.trim_start().len()];
                    if gap.len() >= 5 || gap.contains('\t') {
                        failures.push(format!("{at}: indented code in a list item: {doc}"));
                    }
                    rest = after.trim_start();
                    if fence(rest).is_some() {
                        failures.push(format!("{at}: a fence in a list item: {doc}"));
                    }
                }
            }
        }
    }
    blocks
}
