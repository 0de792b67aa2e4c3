//! Every file vendored in `spec/` is named in `spec/SOURCES.json` with its package, version and
//! the SHA-256 of its bytes, and nothing else is in `spec/`; `spec/versions.json` pins exactly the
//! versions `SOURCES.json` records.
#![cfg(feature = "maintainer")]

use std::collections::BTreeSet;
use std::path::Path;

use sha2::{Digest, Sha256};

fn files_below(dir: &Path, root: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_below(&path, root, out);
        } else {
            out.insert(
                path.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
}

#[test]
fn sources_manifest_covers_every_vendored_file_with_its_hash() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(spec.join("SOURCES.json")).unwrap()).unwrap();
    let mut listed = BTreeSet::new();
    for entry in manifest["files"].as_array().unwrap() {
        let file = entry["file"].as_str().unwrap();
        for key in [
            "package",
            "version",
            "upstream_path",
            "upstream_sha256",
            "retrieved",
            "slice",
        ] {
            assert!(
                entry[key].as_str().is_some_and(|v| !v.is_empty()),
                "{file}: `{key}` missing"
            );
        }
        let bytes = std::fs::read(spec.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let actual = format!("{:x}", Sha256::digest(&bytes));
        assert_eq!(
            entry["sha256"].as_str(),
            Some(actual.as_str()),
            "{file}: sha256 differs from SOURCES.json"
        );
        listed.insert(file.to_owned());
    }
    let mut present = BTreeSet::new();
    files_below(&spec, &spec, &mut present);
    present.remove("SOURCES.json");
    present.remove("README.md");
    present.remove("versions.json");
    present.remove("services/INDEX.json");
    assert_eq!(
        present, listed,
        "files in spec/ and entries in SOURCES.json differ"
    );
}

#[test]
fn versions_file_pins_the_versions_the_manifest_records() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let read = |file: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(spec.join(file)).unwrap()).unwrap()
    };
    let mut recorded = std::collections::BTreeMap::new();
    for entry in read("SOURCES.json")["files"].as_array().unwrap() {
        if entry["kind"] != "hand-written" {
            recorded.insert(
                entry["package"].as_str().unwrap().to_owned(),
                entry["version"].as_str().unwrap().to_owned(),
            );
        }
    }
    let pinned: std::collections::BTreeMap<String, String> = read("versions.json")
        .as_object()
        .unwrap()
        .iter()
        .filter(|(key, _)| !key.starts_with('$'))
        .map(|(key, value)| (key.clone(), value.as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(pinned.len(), 4, "{pinned:?}");
    assert_eq!(
        pinned, recorded,
        "spec/versions.json and spec/SOURCES.json differ"
    );
}
