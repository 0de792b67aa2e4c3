//! Every file vendored in `spec/` is named in `spec/SOURCES.json` with its package, version and
//! the SHA-256 of its bytes, and nothing else is in `spec/`.
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
    assert_eq!(
        present, listed,
        "files in spec/ and entries in SOURCES.json differ"
    );
}
