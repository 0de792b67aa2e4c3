//! `cfn-codegen diff OLD NEW` as CI runs it: sides of each kind, the three formats, the semver
//! verdict and the exit codes, against the workspace's own `spec/`.
//!
//! The expected changes of the legacy 117.0.0 → today diff were checked by hand against the
//! files: `spec/cfnspec/specification.json` (`ResourceSpecificationVersion` 117.0.0) has no
//! `RoutingRule` or `PortalProduct` resource, no `Api.IpAddressType` and no
//! `DomainName.RoutingMode`, and has `Stage.AccessPolicyId`; the registry schemas in
//! `spec/schemas/` have the first four (neither property in `required`) and not the last.

mod support;

use support::copy_dir;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

fn spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

/// A spec folder with only the legacy specification 117.0.0 slice and its docs.
fn legacy_only() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("cfnspec")).unwrap();
    for file in ["specification.json", "cfn-docs.json"] {
        std::fs::copy(
            spec().join("cfnspec").join(file),
            dir.path().join("cfnspec").join(file),
        )
        .unwrap();
    }
    let text = std::fs::read_to_string(dir.path().join("cfnspec/specification.json")).unwrap();
    assert!(text.contains("\"ResourceSpecificationVersion\": \"117.0.0\""));
    dir
}

/// A copy of `spec/` with `edit` applied to the JSON file `file` in it.
fn spec_with(file: &str, edit: impl FnOnce(&mut Value)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&spec(), dir.path());
    let path = dir.path().join(file);
    let mut value: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    edit(&mut value);
    std::fs::write(&path, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    dir
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cfn-codegen"))
        .arg("diff")
        .args(args)
        .output()
        .unwrap()
}

fn diff(old: &Path, new: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec![old.as_os_str(), new.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    let out = run(&args);
    (
        out.status.code().expect("exited"),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const STAGE_ACCESS_POLICY: &str = "breaking: AWS::ApiGatewayV2::Stage.AccessPolicyId: removed \
    from the registry schema (still generated, deprecated: only older sources list it)";

#[test]
fn legacy_117_to_today_in_text_reports_the_known_changes_and_exits_3() {
    let old = legacy_only();
    let (code, out, err) = diff(old.path(), &spec(), &["--crate-version", "0.1.0"]);
    assert_eq!(code, 3, "{err}\n{out}");
    let lines: Vec<&str> = out.lines().collect();
    for expected in [
        "additive: AWS::ApiGatewayV2::RoutingRule: resource added",
        "additive: AWS::ApiGatewayV2::PortalProduct: resource added",
        "additive: AWS::ApiGatewayV2::Api.IpAddressType: optional property added",
        "additive: AWS::ApiGatewayV2::DomainName.RoutingMode: optional property added",
        STAGE_ACCESS_POLICY,
    ] {
        assert!(lines.contains(&expected), "`{expected}` not in:\n{out}");
    }
    // Constraints and primary identifiers only the new side's sources state are not compared,
    // and the notes say so.
    for line in lines.iter().filter(|l| !l.starts_with("note: ")) {
        for absent in [
            "value set closed",
            ": length ",
            "primary identifier",
            "now refers to",
        ] {
            assert!(!line.contains(absent), "`{absent}` in:\n{out}");
        }
    }
    assert!(out.contains(
        "note: constraints from the registry schemas are not compared: only the new side has it"
    ));
    let last = lines.last().unwrap();
    assert!(
        last.starts_with("semver: minor (0.1.0 → 0.2.0): "),
        "last line: {last}"
    );
    // The totals on the last line count the change lines.
    let count = |class: &str| {
        lines
            .iter()
            .filter(|l| l.starts_with(&format!("{class}: ")))
            .count()
    };
    let totals = format!(
        "{} breaking, {} additive, {} docs-only",
        count("breaking"),
        count("additive"),
        count("docs-only")
    );
    assert!(last.ends_with(&totals), "{last} vs {totals}");
}

#[test]
fn legacy_117_to_today_in_json_has_the_items_classes_and_verdict() {
    let old = legacy_only();
    let (code, out, err) = diff(
        old.path(),
        &spec(),
        &["--format", "json", "--crate-version", "0.1.0"],
    );
    assert_eq!(code, 3, "{err}");
    let value: Value = serde_json::from_str(&out).expect("valid JSON");
    let changes = value["changes"].as_array().unwrap();
    let class_of = |item: &str, what: &str| -> Vec<&str> {
        changes
            .iter()
            .filter(|c| c["item"] == item && c["what"].as_str().unwrap().contains(what))
            .map(|c| c["class"].as_str().unwrap())
            .collect()
    };
    let ns = "AWS::ApiGatewayV2::";
    assert_eq!(
        class_of(&format!("{ns}RoutingRule"), "resource added"),
        ["additive"]
    );
    assert_eq!(
        class_of(&format!("{ns}PortalProduct"), "resource added"),
        ["additive"]
    );
    assert_eq!(
        class_of(&format!("{ns}Api.IpAddressType"), "added"),
        ["additive"]
    );
    assert_eq!(
        class_of(&format!("{ns}DomainName.RoutingMode"), "added"),
        ["additive"]
    );
    assert_eq!(
        class_of(&format!("{ns}Stage.AccessPolicyId"), "removed"),
        ["breaking"]
    );
    for class in ["breaking", "additive", "docs-only"] {
        let n = changes.iter().filter(|c| c["class"] == class).count();
        assert_eq!(value["totals"][class], json!(n), "{class}");
    }
    assert_eq!(
        value["semver"],
        json!({"bump": "minor", "current": "0.1.0", "next": "0.2.0"})
    );
    assert!(!value["notes"].as_array().unwrap().is_empty());
}

#[test]
fn legacy_117_to_today_as_a_changelog_section() {
    let old = legacy_only();
    let (code, out, err) = diff(old.path(), &spec(), &["--format", "changelog"]);
    assert_eq!(code, 3, "{err}");
    assert!(out.starts_with("## [Unreleased]\n"), "{out}");
    let at = |needle: &str| {
        out.find(needle)
            .unwrap_or_else(|| panic!("`{needle}` not in:\n{out}"))
    };
    let (breaking, added, docs) = (
        at("\n### Breaking\n"),
        at("\n### Added\n"),
        at("\n### Documentation\n"),
    );
    assert!(breaking < added && added < docs);
    let removed = at(
        "- `AWS::ApiGatewayV2::Stage.AccessPolicyId` was removed from the CloudFormation registry \
         schema",
    );
    assert!(breaking < removed && removed < added);
    for bullet in [
        "- New resource type `AWS::ApiGatewayV2::RoutingRule`.\n",
        "- New resource type `AWS::ApiGatewayV2::PortalProduct`.\n",
        "- New optional property `AWS::ApiGatewayV2::Api.IpAddressType`.\n",
        "- New optional property `AWS::ApiGatewayV2::DomainName.RoutingMode`.\n",
    ] {
        let i = at(bullet);
        assert!(added < i && i < docs, "{bullet} outside ### Added");
    }
}

#[test]
fn an_added_optional_property_is_additive_and_exits_0() {
    let new = spec_with("schemas/aws-apigatewayv2-vpclink.json", |s| {
        s["properties"]["Colour"] = json!({"type": "string", "description": "A colour."});
    });
    let (code, out, err) = diff(&spec(), new.path(), &["--crate-version", "0.1.0"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "additive: AWS::ApiGatewayV2::VpcLink.Colour: optional property added\n\
         semver: patch (0.1.0 → 0.1.1): 0 breaking, 1 additive, 0 docs-only\n"
    );
    // From 1.0 on, additive is minor.
    let (code, out, _) = diff(&spec(), new.path(), &["--crate-version", "1.2.3"]);
    assert_eq!(code, 0);
    assert!(out.ends_with("semver: minor (1.2.3 → 1.3.0): 0 breaking, 1 additive, 0 docs-only\n"));
}

#[test]
fn a_documentation_change_is_docs_only_and_a_patch() {
    // The service database's text is the newest: it wins over the other sources' text.
    let new = spec_with("service-spec/apigatewayv2.json", |s| {
        let vpc_link = s["resources"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|r| r["cloudFormationType"] == "AWS::ApiGatewayV2::VpcLink")
            .unwrap();
        // (Appended: the overlay quotes sentences of the text, which must stay.)
        let text = vpc_link["documentation"].as_str().unwrap();
        vpc_link["documentation"] = json!(format!("{text} A sentence added."));
    });
    let (code, out, err) = diff(
        &spec(),
        new.path(),
        &["--format", "json", "--crate-version", "0.4.0"],
    );
    assert_eq!(code, 0, "{err}");
    let value: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        value["changes"],
        json!([{"class": "docs-only", "item": "AWS::ApiGatewayV2::VpcLink",
                "what": "documentation changed"}])
    );
    assert_eq!(
        value["semver"],
        json!({"bump": "patch", "current": "0.4.0", "next": "0.4.1"})
    );
    assert_eq!(value["notes"], json!([]));
}

#[test]
fn no_change_is_no_bump_and_the_version_comes_from_the_workspace() {
    let cargo_toml =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml"))
            .unwrap();
    let table = &cargo_toml[cargo_toml.find("[workspace.package]").unwrap()..];
    let version = table
        .lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .unwrap();
    let (code, out, err) = diff(&spec(), &spec(), &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        format!("semver: none ({version}): 0 breaking, 0 additive, 0 docs-only\n")
    );
    let (_, out, _) = diff(&spec(), &spec(), &["--format", "changelog"]);
    assert_eq!(
        out,
        "## [Unreleased]\n\nNo changes to the CloudFormation types.\n"
    );
}

#[test]
fn a_folder_of_registry_schemas_is_a_side() {
    // spec/schemas/ on its own against a spec folder with only those schemas: the same model.
    let only_schemas = tempfile::tempdir().unwrap();
    copy_dir(
        &spec().join("schemas"),
        &only_schemas.path().join("schemas"),
    );
    let (code, out, err) = diff(&spec().join("schemas"), only_schemas.path(), &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("semver: none ("), "{out}");
    // --service picks the schemas of another service: none here.
    let (code, _, err) = diff(
        &spec().join("schemas"),
        only_schemas.path(),
        &["--service", "AWS::S3"],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("none of its 15 registry schemas is of a type starting with AWS::S3::"),
        "{err}"
    );
}

#[test]
fn bad_sides_and_options_exit_2_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not an archive").unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let missing = dir.path().join("missing");
    for (old, extra, message) in [
        (&missing, &[][..], "no such file or folder"),
        (&empty, &[], "neither a spec folder"),
        (&text, &[], "notes.txt"),
        (&spec(), &["--format", "yaml"][..], "unknown format `yaml`"),
        (
            &spec(),
            &["--crate-version", "1.0"][..],
            "not MAJOR.MINOR.PATCH",
        ),
    ] {
        let (code, out, err) = diff(old, &spec(), extra);
        assert_eq!(code, 2, "{old:?} {extra:?}: {out}");
        assert!(err.contains(message), "`{message}` not in: {err}");
    }
    let out = run(&[spec().as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("diff needs two sides"));
}

/// `--service` picks another service's unit of a spec folder (`services/<module>/`): here the
/// fixture service `Test::Shapes` (without its overlay) vendored beside ApiGatewayV2.
#[test]
fn service_picks_its_unit_of_a_spec_folder() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ok-shapes/spec");
    let with_unit = |edit: &dyn Fn(&mut Value)| {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&spec(), dir.path());
        let unit = dir.path().join("services/shapes");
        for sub in ["schemas", "cfnspec", "botocore"] {
            copy_dir(&fixture.join(sub), &unit.join(sub));
        }
        let path = unit.join("schemas/test-widget.json");
        let mut value: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        edit(&mut value);
        std::fs::write(&path, serde_json::to_string_pretty(&value).unwrap()).unwrap();
        dir
    };
    let old = with_unit(&|_| {});
    let new = with_unit(&|v| {
        v["properties"]["Added"] = json!({"type": "string", "description": "New."});
    });
    let (code, out, err) = diff(old.path(), new.path(), &["--service", "Test::Shapes"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("additive: Test::Shapes::Widget.Added: optional property added"),
        "{out}{err}"
    );
    // The root folder's service is unchanged.
    let (code, out, err) = diff(old.path(), new.path(), &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("0 breaking, 0 additive, 0 docs-only"),
        "{out}{err}"
    );
}
