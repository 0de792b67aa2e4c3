//! `SOURCES.json`: the provenance manifest of the vendored files.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::json::canonical_bytes;
use super::{FileKind, UpdateSpecError};

/// The manifest's file name, in the spec folder.
pub(crate) const MANIFEST_FILE: &str = "SOURCES.json";

/// The whole manifest.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Manifest {
    /// The CloudFormation service, e.g. `AWS::ApiGatewayV2`.
    pub(crate) service: String,
    /// One entry per vendored file, sorted by `file`.
    pub(crate) files: Vec<Entry>,
}

/// The `kind` of a hand-written input (`overlay/`): `update-spec` keeps such entries as they are.
pub(crate) const HAND_WRITTEN: &str = "hand-written";

/// Where one vendored file came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// Path relative to the spec folder.
    pub(crate) file: String,
    /// One of the [`FileKind`] names.
    pub(crate) kind: String,
    /// `ecosystem:name` of the upstream package.
    pub(crate) package: String,
    /// The package's version, from its own metadata.
    pub(crate) version: String,
    /// The path of the source file inside the package archive.
    pub(crate) upstream_path: String,
    /// SHA-256 of the source file's bytes as stored in the archive.
    pub(crate) upstream_sha256: String,
    /// SHA-256 of the vendored file.
    pub(crate) sha256: String,
    /// The day (`YYYY-MM-DD`) this content was retrieved.
    pub(crate) retrieved: String,
    /// What was kept, in one sentence.
    pub(crate) slice: String,
}

impl Entry {
    /// Whether two entries describe the same content from the same source, whatever the day.
    fn same_content(&self, other: &Entry) -> bool {
        Entry {
            retrieved: String::new(),
            ..self.clone()
        } == Entry {
            retrieved: String::new(),
            ..other.clone()
        }
    }
}

/// The lowercase hex SHA-256 of `bytes`.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Reads the existing manifest, if there is a readable one. An unreadable manifest is not an
/// error: it is about to be rewritten, only the `retrieved` dates it held are lost.
pub(crate) fn read_existing(spec_dir: &Path) -> Option<Manifest> {
    let bytes = fs::read(spec_dir.join(MANIFEST_FILE)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Keeps the `retrieved` day of entries whose content and source did not change, so re-running
/// `update-spec` on another day with the same packages changes nothing.
pub(crate) fn keep_retrieved_dates(entries: &mut [Entry], previous: Option<&Manifest>) {
    let Some(previous) = previous else {
        return;
    };
    let by_file: BTreeMap<&str, &Entry> = previous
        .files
        .iter()
        .map(|entry| (entry.file.as_str(), entry))
        .collect();
    for entry in entries {
        if let Some(old) = by_file.get(entry.file.as_str()) {
            if old.same_content(entry) {
                entry.retrieved.clone_from(&old.retrieved);
            }
        }
    }
}

/// The manifest's canonical bytes.
pub(crate) fn to_bytes(manifest: &Manifest) -> Result<Vec<u8>, UpdateSpecError> {
    let value = serde_json::to_value(manifest).map_err(|source| UpdateSpecError::Serialize {
        file: MANIFEST_FILE.to_owned(),
        source,
    })?;
    canonical_bytes(MANIFEST_FILE, value)
}

/// The kind of a vendored file from its path, for files only known from the folder (stale ones).
pub(crate) fn kind_of_path(file: &str) -> FileKind {
    // A unit folder's files are laid out like the spec folder's.
    let file = file
        .strip_prefix("services/")
        .and_then(|rest| rest.split_once('/'))
        .map_or(file, |(_, inside)| inside);
    match file.split_once('/') {
        Some(("cfnspec", "cfn-docs.json")) => FileKind::LegacyDocs,
        Some(("cfnspec", _)) => FileKind::LegacySpec,
        Some(("service-spec", _)) => FileKind::ServiceSpec,
        Some(("botocore", _)) => FileKind::ApiModel,
        Some(("values", _)) => FileKind::ValueKinds,
        _ => FileKind::RegistrySchema,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(retrieved: &str, sha256: &str) -> Entry {
        Entry {
            file: "schemas/a.json".into(),
            kind: "registry-schema".into(),
            package: "pypi:cfn-lint".into(),
            version: "1".into(),
            upstream_path: "x".into(),
            upstream_sha256: "u".into(),
            sha256: sha256.into(),
            retrieved: retrieved.into(),
            slice: "s".into(),
        }
    }

    #[test]
    fn retrieved_is_kept_only_for_unchanged_entries() {
        let previous = Manifest {
            service: "AWS::X".into(),
            files: vec![entry("2020-01-01", "aa")],
        };
        let mut same = [entry("2024-05-05", "aa")];
        keep_retrieved_dates(&mut same, Some(&previous));
        assert_eq!(same[0].retrieved, "2020-01-01");
        let mut changed = [entry("2024-05-05", "bb")];
        keep_retrieved_dates(&mut changed, Some(&previous));
        assert_eq!(changed[0].retrieved, "2024-05-05");
    }

    #[test]
    fn sha256_is_lowercase_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
