//! `cfn-codegen diff` with upstream package archives as sides: tiny archives built here with the
//! real layout, holding the workspace's own `spec/` files, so a side read from an archive must
//! give exactly what the same files in a spec folder give.
#![cfg(feature = "maintainer")]

mod support;

use support::{entry, write_tgz, write_whl};

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::json;

fn spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

fn read(rel: &str) -> Vec<u8> {
    fs::read(spec().join(rel)).unwrap()
}

/// `@aws-cdk/cfnspec` whose specification and docs are the vendored legacy 117.0.0 slice.
fn cfnspec_tgz(dir: &Path) -> PathBuf {
    let path = dir.join("cfnspec.tgz");
    let manifest = json!({"name": "@aws-cdk/cfnspec", "version": "2.72.1"});
    write_tgz(
        &path,
        &[
            entry("package/package.json", manifest.to_string()),
            entry(
                "package/spec/specification.json",
                read("cfnspec/specification.json"),
            ),
            entry("package/spec/cfn-docs.json", read("cfnspec/cfn-docs.json")),
        ],
    );
    path
}

fn diff(old: &Path, new: &Path, format: &str) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cfn-codegen"))
        .arg("diff")
        .args([old, new])
        .args(["--format", format, "--crate-version", "0.1.0"])
        .output()
        .unwrap();
    (
        out.status.code().expect("exited"),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn an_npm_tarball_side_reads_as_its_files_in_a_spec_folder() {
    let dir = tempfile::tempdir().unwrap();
    let tgz = cfnspec_tgz(dir.path());
    let folder = dir.path().join("legacy");
    fs::create_dir_all(folder.join("cfnspec")).unwrap();
    for name in ["specification.json", "cfn-docs.json"] {
        fs::write(
            folder.join("cfnspec").join(name),
            read(&format!("cfnspec/{name}")),
        )
        .unwrap();
    }
    let from_archive = diff(&tgz, &spec(), "json");
    let from_folder = diff(&folder, &spec(), "json");
    assert_eq!(from_archive.0, 3, "{}", from_archive.2);
    assert_eq!(from_archive, from_folder);
}

#[test]
fn a_cfn_lint_wheel_side_gives_the_services_registry_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let whl = dir.path().join("cfn_lint.whl");
    let mut files = vec![entry(
        "cfn_lint-1.58.0.dist-info/METADATA",
        "Metadata-Version: 2.4\nName: cfn-lint\nVersion: 1.58.0\n",
    )];
    let mut providers = serde_json::Map::new();
    let mut schemas: Vec<PathBuf> = fs::read_dir(spec().join("schemas"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    schemas.sort();
    for (i, path) in schemas.iter().enumerate() {
        let bytes = fs::read(path).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let id = format!("id{i}");
        providers.insert(value["typeName"].as_str().unwrap().to_owned(), json!(id));
        files.push(entry(
            &format!("cfnlint/data/schemas/resources/{id}.json"),
            bytes,
        ));
    }
    files.push(entry(
        "cfnlint/data/schemas/providers/us-east-1.json",
        serde_json::Value::Object(providers).to_string(),
    ));
    write_whl(&whl, &files);
    // The wheel against the folder of the same schemas: nothing changed.
    let (code, out, err) = diff(&whl, &spec().join("schemas"), "text");
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "semver: none (0.1.0): 0 breaking, 0 additive, 0 docs-only\n"
    );
    // The legacy tarball against the wheel: the registry's new resources are added.
    let (code, out, err) = diff(&cfnspec_tgz(dir.path()), &whl, "text");
    assert_eq!(code, 3, "{err}");
    assert!(
        out.contains("additive: AWS::ApiGatewayV2::RoutingRule: resource added\n"),
        "{out}"
    );
}

#[test]
fn an_archive_without_resource_types_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let whl = dir.path().join("botocore.whl");
    write_whl(
        &whl,
        &[entry(
            "botocore-1.44.8.dist-info/METADATA",
            "Metadata-Version: 2.4\nName: botocore\nVersion: 1.44.8\n",
        )],
    );
    let (code, _, err) = diff(&whl, &spec(), "text");
    assert_eq!(code, 2);
    assert!(
        err.contains("pypi:botocore@1.44.8 defines no resource types (it gives nothing"),
        "{err}"
    );
}
