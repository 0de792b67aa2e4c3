//! `cfn-codegen diff`: a copy of the fixture spec with one change of each kind, and the class
//! each change gets.

mod support;

use support::copy_dir;

use std::path::{Path, PathBuf};
use std::process::Command;

use cfn_codegen::diff::{Class, diff_dirs};
use serde_json::{Value, json};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ok-shapes/spec")
}

/// The fixture spec with `edit` applied to its registry schema, in a temporary directory.
fn edited(edit: impl FnOnce(&mut Value)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(), dir.path());
    let schema = dir.path().join("schemas/test-widget.json");
    let mut value: Value =
        serde_json::from_str(&std::fs::read_to_string(&schema).unwrap()).unwrap();
    edit(&mut value);
    std::fs::write(&schema, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    dir
}

#[test]
fn each_kind_of_change_gets_its_class() {
    let new = edited(|s| {
        let p = &mut s["properties"];
        p.as_object_mut().unwrap().remove("Loose");
        p["Extra"] = json!({"type": "string"});
        p["Mandatory"] = json!({"type": "string"});
        p["Created"] = json!({"type": "integer"});
        p["Count"]["maximum"] = json!(5);
        // (Raising `maxItems` would change nothing: the API model still says 5, and bounds are
        // the intersection of the sources.)
        p["Ports"].as_object_mut().unwrap().remove("uniqueItems");
        p["Type"]["enum"] = json!(["A", "C"]);
        p["Name"]["description"] = json!("The name. Lowercase letters only.");
        s["required"] = json!(["Name", "Mandatory", "Enabled"]);
    });
    let diff = diff_dirs(&fixture(), new.path()).unwrap();
    let lines: Vec<String> = diff.changes.iter().map(ToString::to_string).collect();
    let t = "Test::Shapes::Widget";
    for expected in [
        format!("breaking: {t}.Loose: property removed"),
        format!("additive: {t}.Extra: optional property added"),
        format!("breaking: {t}.Mandatory: required property added"),
        format!("breaking: {t}.Enabled: now required"),
        format!("breaking: {t}.Created: type Timestamp -> Integer"),
        format!("breaking: {t}.Count: range 2..=8 -> 2..=5"),
        format!("additive: {t}.Ports: constraint removed: unique items"),
        format!("breaking: {t}.Type: allowed values removed: [\"B\"]"),
        format!("additive: {t}.Type: allowed values added: [\"C\"]"),
        format!("docs-only: {t}.Name: documentation changed"),
    ] {
        assert!(lines.contains(&expected), "`{expected}` not in:\n{diff}");
    }
    assert_eq!(diff.changes.len(), 10, "{diff}");
    assert_eq!(diff.count(Class::Breaking), 6);
    // The same spec: nothing.
    assert!(
        diff_dirs(&fixture(), &fixture())
            .unwrap()
            .changes
            .is_empty()
    );
}

#[test]
fn the_command_prints_the_changes_and_a_summary() {
    let new = edited(|s| {
        s["properties"].as_object_mut().unwrap().remove("Loose");
    });
    let out = Command::new(env!("CARGO_BIN_EXE_cfn-codegen"))
        .args([
            "diff".as_ref(),
            fixture().as_os_str(),
            new.path().as_os_str(),
            "--crate-version".as_ref(),
            "0.1.0".as_ref(),
        ])
        .output()
        .unwrap();
    // A breaking change: exit 3, so CI can gate on it.
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "breaking: Test::Shapes::Widget.Loose: property removed\n\
         semver: minor (0.1.0 → 0.2.0): 1 breaking, 0 additive, 0 docs-only\n"
    );
}
