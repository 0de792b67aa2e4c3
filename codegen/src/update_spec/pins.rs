//! Package versions: the pins file `versions.json` (what `update-spec` vendored, and what
//! `--versions FILE` asks for), the versions `SOURCES.json` records, and comparing the two.
//!
//! The pins file is one JSON object from package (`ecosystem:name`, as in `SOURCES.json`) to
//! version; keys starting with `$` are comments:
//!
//! ```json
//! {
//!   "$comment": "...",
//!   "npm:@aws-cdk/aws-service-spec": "0.1.216",
//!   "npm:@aws-cdk/cfnspec": "2.72.1",
//!   "pypi:botocore": "1.44.8",
//!   "pypi:cfn-lint": "1.58.0"
//! }
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::Path;

use super::UpdateSpecError;
use super::archive::{Package, Upstream};
use super::json::canonical_bytes;
use super::manifest::{HAND_WRITTEN, MANIFEST_FILE, Manifest};

/// The pins file's name, in the spec folder.
pub const VERSIONS_FILE: &str = "versions.json";

const COMMENT: &str = "The upstream package versions vendored in this folder, written by \
                       cfn-codegen update-spec. `cfn-codegen update-spec --versions \
                       spec/versions.json` reproduces the folder; see README.md, Refreshing.";

/// One version per upstream package, keyed by `ecosystem:name` (`npm:@aws-cdk/cfnspec`,
/// `pypi:cfn-lint`, ...), sorted by key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Versions(BTreeMap<String, String>);

impl Versions {
    /// The version of `package` (`ecosystem:name`), if known.
    #[must_use]
    pub fn get(&self, package: &str) -> Option<&str> {
        self.0.get(package).map(String::as_str)
    }

    /// `(package, version)` pairs, sorted by package.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(p, v)| (p.as_str(), v.as_str()))
    }

    pub(crate) fn insert(&mut self, upstream: Upstream, version: String) {
        self.0.insert(upstream.id().to_owned(), version);
    }

    /// The versions of identified packages.
    pub(crate) fn of_packages<'a>(packages: impl Iterator<Item = &'a Package>) -> Self {
        let mut versions = Versions::default();
        for package in packages {
            versions.insert(package.upstream, package.version.clone());
        }
        versions
    }

    /// The version of a known package, if present.
    pub(crate) fn of(&self, upstream: Upstream) -> Option<&str> {
        self.get(upstream.id())
    }

    /// Reads a pins file: every one of the four packages, each with a plain version.
    ///
    /// # Errors
    ///
    /// The file cannot be read, is not a JSON object of strings, names an unknown package, lacks
    /// one, or has a version with characters no npm or PyPI version has.
    pub fn read(path: &Path) -> Result<Self, UpdateSpecError> {
        let invalid = |message: String| UpdateSpecError::Versions {
            path: path.to_path_buf(),
            message,
        };
        let bytes = fs::read(path).map_err(|e| UpdateSpecError::io(path, "reading", e))?;
        let value: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| invalid(format!("not valid JSON: {e}")))?;
        let object = value
            .as_object()
            .ok_or_else(|| invalid("expected a JSON object of package to version".to_owned()))?;
        let mut versions = Versions::default();
        for (key, value) in object {
            if key.starts_with('$') {
                continue;
            }
            let upstream = Upstream::ALL
                .into_iter()
                .find(|u| u.id() == key)
                .ok_or_else(|| invalid(format!("unknown package {key:?}; {}", known())))?;
            let version = value
                .as_str()
                .ok_or_else(|| invalid(format!("{key}: the version must be a string")))?;
            check_version(version).map_err(|m| invalid(format!("{key}: {m}")))?;
            versions.insert(upstream, version.to_owned());
        }
        if let Some(missing) = Upstream::ALL.iter().find(|u| versions.of(**u).is_none()) {
            return Err(invalid(format!(
                "no version for {}; {}",
                missing.id(),
                known()
            )));
        }
        Ok(versions)
    }

    /// The versions `SOURCES.json` in `spec_dir` records, per package (hand-written entries
    /// aside).
    ///
    /// # Errors
    ///
    /// No readable manifest, or one package recorded with two versions.
    pub fn vendored(spec_dir: &Path) -> Result<Self, UpdateSpecError> {
        let path = spec_dir.join(MANIFEST_FILE);
        let bytes = fs::read(&path).map_err(|e| UpdateSpecError::io(&path, "reading", e))?;
        let manifest: Manifest =
            serde_json::from_slice(&bytes).map_err(|e| UpdateSpecError::Versions {
                path: path.clone(),
                message: format!("not a manifest written by update-spec: {e}"),
            })?;
        let mut versions = BTreeMap::new();
        for entry in manifest.files.iter().filter(|e| e.kind != HAND_WRITTEN) {
            let known = versions
                .entry(entry.package.clone())
                .or_insert_with(|| entry.version.clone());
            if *known != entry.version {
                return Err(UpdateSpecError::Versions {
                    path,
                    message: format!(
                        "{} is recorded with two versions, {known} and {}",
                        entry.package, entry.version
                    ),
                });
            }
        }
        Ok(Versions(versions))
    }

    /// The pins file's canonical bytes.
    pub(crate) fn to_bytes(&self) -> Result<Vec<u8>, UpdateSpecError> {
        let mut object = serde_json::Map::new();
        object.insert("$comment".to_owned(), COMMENT.into());
        for (package, version) in &self.0 {
            object.insert(package.clone(), version.clone().into());
        }
        canonical_bytes(VERSIONS_FILE, object.into())
    }
}

fn known() -> String {
    let ids: Vec<&str> = Upstream::ALL.iter().map(|u| u.id()).collect();
    format!("expected each of {}", ids.join(", "))
}

/// Refuses versions that are empty or have characters no npm or PyPI version has (they are
/// passed to `npm` and `pip` as arguments).
pub(crate) fn check_version(version: &str) -> Result<(), String> {
    let ok = !version.is_empty()
        && version.len() <= 64
        && version.starts_with(|c: char| c.is_ascii_alphanumeric())
        && version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '_' | '!'));
    if ok {
        Ok(())
    } else {
        Err(format!("{version:?} is not a package version"))
    }
}

/// A package whose vendored version is not the wanted one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outdated {
    /// `ecosystem:name`.
    pub package: String,
    /// The version `SOURCES.json` records (`None`: nothing vendored from it).
    pub vendored: Option<String>,
    /// The newest (or pinned) version.
    pub wanted: String,
}

impl fmt::Display for Outdated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: vendored {}, newest {}",
            self.package,
            self.vendored.as_deref().unwrap_or("(none)"),
            self.wanted
        )
    }
}

/// The packages of `wanted` whose version differs from `vendored`'s, sorted by package.
#[must_use]
pub fn outdated(vendored: &Versions, wanted: &Versions) -> Vec<Outdated> {
    wanted
        .iter()
        .filter(|(package, version)| vendored.get(package) != Some(*version))
        .map(|(package, version)| Outdated {
            package: package.to_owned(),
            vendored: vendored.get(package).map(str::to_owned),
            wanted: version.to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, text: &str) -> std::path::PathBuf {
        let path = dir.join("pins.json");
        fs::write(&path, text).unwrap();
        path
    }

    fn temp_dir(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("cfn-pins-{name}-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    const FOUR: &str = r#"{"$comment": "x", "npm:@aws-cdk/cfnspec": "2.72.1",
        "npm:@aws-cdk/aws-service-spec": "0.1.216", "pypi:cfn-lint": "1.58.0",
        "pypi:botocore": "1.44.8"}"#;

    #[test]
    fn pins_round_trip_through_the_canonical_file() {
        let dir = temp_dir("round");
        let read = Versions::read(&write(&dir, FOUR)).unwrap();
        assert_eq!(read.of(Upstream::CfnLint), Some("1.58.0"));
        assert_eq!(read.iter().count(), 4);
        let again = Versions::read(&write(
            &dir,
            &String::from_utf8(read.to_bytes().unwrap()).unwrap(),
        ));
        assert_eq!(again.unwrap(), read);
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn bad_pins_files_are_refused_with_the_reason() {
        let dir = temp_dir("bad");
        let cases = [
            ("[]", "expected a JSON object"),
            ("{", "not valid JSON"),
            (
                &FOUR.replace("pypi:botocore", "pypi:boto3"),
                "unknown package \"pypi:boto3\"",
            ),
            (
                &FOUR.replace("\"1.58.0\"", "1"),
                "pypi:cfn-lint: the version must be a string",
            ),
            (
                &FOUR.replace("1.58.0", "1.58; rm -rf"),
                "is not a package version",
            ),
            (
                &FOUR.replace("\"pypi:botocore\": \"1.44.8\"", "\"$x\": 1"),
                "no version for pypi:botocore",
            ),
        ];
        for (text, expected) in cases {
            let err = Versions::read(&write(&dir, text)).unwrap_err().to_string();
            assert!(err.contains(expected), "{text}: {err}");
            assert!(err.contains("pins.json"), "{err}");
        }
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn outdated_lists_only_differing_packages() {
        let mut vendored = Versions::default();
        vendored.insert(Upstream::CfnLint, "1.0".into());
        vendored.insert(Upstream::Botocore, "2.0".into());
        let mut wanted = vendored.clone();
        assert!(outdated(&vendored, &wanted).is_empty());
        wanted.insert(Upstream::Botocore, "2.1".into());
        wanted.insert(Upstream::CfnSpec, "3.0".into());
        let found = outdated(&vendored, &wanted);
        let lines: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "npm:@aws-cdk/cfnspec: vendored (none), newest 3.0",
                "pypi:botocore: vendored 2.0, newest 2.1"
            ]
        );
    }
}
