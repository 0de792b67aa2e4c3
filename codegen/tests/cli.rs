//! The maintainer CLI's `generate` and `check` contract, on a temporary output directory.
#![cfg(feature = "maintainer")]

use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cfn-codegen"))
        .args(args)
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn generate_then_check_detects_edits_stale_and_missing_files() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let spec = spec.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();

    let first = run(&["generate", "--spec", spec, "--out", out]);
    assert!(first.status.success(), "{}", text(&first));
    assert!(text(&first).contains("15 resources"), "{}", text(&first));
    assert_eq!(
        run(&["check", "--spec", spec, "--out", out]).status.code(),
        Some(0)
    );

    let edited = dir.path().join("apigatewayv2/integration.rs");
    let mut contents = std::fs::read_to_string(&edited).unwrap();
    contents.push_str("// a hand edit\n");
    std::fs::write(&edited, contents).unwrap();
    std::fs::write(dir.path().join("apigatewayv2/old.rs"), "// stale\n").unwrap();
    std::fs::remove_file(dir.path().join("apigatewayv2/stage.rs")).unwrap();

    let check = run(&["check", "--spec", spec, "--out", out]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check));
    let report = text(&check);
    for expected in [
        "differs: apigatewayv2/integration.rs",
        "stale:   apigatewayv2/old.rs",
        "missing: apigatewayv2/stage.rs",
    ] {
        assert!(report.contains(expected), "`{expected}` not in:\n{report}");
    }

    let again = run(&["generate", "--spec", spec, "--out", out]);
    assert!(
        text(&again).contains("2 written, 18 unchanged, 1 removed"),
        "{}",
        text(&again)
    );
    assert_eq!(
        run(&["check", "--spec", spec, "--out", out]).status.code(),
        Some(0)
    );
}

#[test]
fn bad_usage_and_bad_spec_exit_2_with_a_message() {
    let usage = run(&["frobnicate"]);
    assert_eq!(usage.status.code(), Some(2));
    assert!(text(&usage).contains("unknown command"), "{}", text(&usage));

    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/err-dangling-ref/spec");
    let dir = tempfile::tempdir().unwrap();
    let bad = run(&[
        "generate",
        "--spec",
        fixture.to_str().unwrap(),
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad).contains("schemas/test-thing.json: at /properties/Config"),
        "{}",
        text(&bad)
    );
}
