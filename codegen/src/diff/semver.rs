//! The version bump a [`Diff`] implies for the crate, under Cargo's semver rules: while the
//! major version is 0, the minor version is the breaking one.
//!
//! | changes | 1.x and later | 0.x |
//! | --- | --- | --- |
//! | any breaking | major | minor |
//! | additive, none breaking | minor | patch |
//! | docs-only | patch | patch |
//! | none | none | none |

use std::fmt;
use std::path::Path;

use super::{Class, Diff};
use crate::error::{Error, Result};

/// A release version, `MAJOR.MINOR.PATCH`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    /// Major version.
    pub major: u64,
    /// Minor version.
    pub minor: u64,
    /// Patch version.
    pub patch: u64,
}

impl Version {
    /// Parses `MAJOR.MINOR.PATCH` (no pre-release or build suffix: those are bumped by hand).
    ///
    /// # Errors
    ///
    /// Anything else, with what was given.
    pub fn parse(text: &str) -> Result<Version, String> {
        let parts: Vec<&str> = text.trim().split('.').collect();
        let number = |s: &str| -> Option<u64> {
            let plain = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            // Semver forbids leading zeros.
            (plain && (s == "0" || !s.starts_with('0')))
                .then(|| s.parse().ok())
                .flatten()
        };
        match parts.as_slice() {
            [major, minor, patch] => match (number(major), number(minor), number(patch)) {
                (Some(major), Some(minor), Some(patch)) => Ok(Version {
                    major,
                    minor,
                    patch,
                }),
                _ => Err(format!("version `{text}` is not MAJOR.MINOR.PATCH")),
            },
            _ => Err(format!("version `{text}` is not MAJOR.MINOR.PATCH")),
        }
    }

    /// The version after `bump`.
    pub fn bumped(self, bump: Bump) -> Version {
        let Version {
            major,
            minor,
            patch,
        } = self;
        match bump {
            Bump::None => self,
            Bump::Patch => Version {
                major,
                minor,
                patch: patch + 1,
            },
            Bump::Minor => Version {
                major,
                minor: minor + 1,
                patch: 0,
            },
            Bump::Major => Version {
                major: major + 1,
                minor: 0,
                patch: 0,
            },
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// Which part of the version to raise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// Nothing changed.
    None,
    /// `x.y.Z`.
    Patch,
    /// `x.Y.0`.
    Minor,
    /// `X.0.0`.
    Major,
}

impl Bump {
    /// `none`, `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// The bump, the version now and the version after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// Which part to raise.
    pub bump: Bump,
    /// The crate's version now.
    pub current: Version,
    /// The version after the bump (the same for [`Bump::None`]).
    pub next: Version,
}

impl Verdict {
    /// The verdict for `diff` on a crate at `current` (see the [module documentation](self)).
    pub fn of(diff: &Diff, current: Version) -> Verdict {
        let pre_1 = current.major == 0;
        let bump = if diff.count(Class::Breaking) > 0 {
            if pre_1 { Bump::Minor } else { Bump::Major }
        } else if diff.count(Class::Additive) > 0 {
            if pre_1 { Bump::Patch } else { Bump::Minor }
        } else if diff.count(Class::DocsOnly) > 0 {
            Bump::Patch
        } else {
            Bump::None
        };
        Verdict {
            bump,
            current,
            next: current.bumped(bump),
        }
    }
}

impl fmt::Display for Verdict {
    /// `minor (0.1.0 → 0.2.0)`, or `none (0.1.0)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.bump {
            Bump::None => write!(f, "none ({})", self.current),
            bump => write!(f, "{} ({} → {})", bump.as_str(), self.current, self.next),
        }
    }
}

/// The `version` of the `[workspace.package]` table of the workspace's `Cargo.toml`.
///
/// # Errors
///
/// The file cannot be read, has no such key, or the version is not `MAJOR.MINOR.PATCH`.
pub fn workspace_version(cargo_toml: &Path) -> Result<Version> {
    let text = std::fs::read_to_string(cargo_toml).map_err(|e| Error::io(cargo_toml, &e))?;
    let mut in_table = false;
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.starts_with('[') {
            in_table = line == "[workspace.package]";
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        if in_table && key.trim() == "version" {
            let at = format!("line {}", n + 1);
            let value = value.trim();
            let quoted = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .ok_or_else(|| {
                    Error::new(
                        cargo_toml,
                        &at,
                        "[workspace.package] version is not a string",
                    )
                })?;
            return Version::parse(quoted).map_err(|e| Error::new(cargo_toml, &at, e));
        }
    }
    Err(Error::new(
        cargo_toml,
        "",
        "no `version` in a [workspace.package] table",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::Change;

    fn diff_of(classes: &[Class]) -> Diff {
        Diff {
            changes: classes
                .iter()
                .map(|&class| Change {
                    class,
                    item: "AWS::S::R".to_owned(),
                    what: "x".to_owned(),
                })
                .collect(),
            notes: Vec::new(),
        }
    }

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    #[test]
    fn bumps_follow_cargo_semver_before_and_after_1_0() {
        use Class::*;
        let cases: [(&[Class], &str, &str); 8] = [
            (&[Breaking, Additive], "0.1.0", "minor (0.1.0 → 0.2.0)"),
            (&[Additive, DocsOnly], "0.1.0", "patch (0.1.0 → 0.1.1)"),
            (&[DocsOnly], "0.1.3", "patch (0.1.3 → 0.1.4)"),
            (&[], "0.1.0", "none (0.1.0)"),
            (&[Breaking], "1.4.2", "major (1.4.2 → 2.0.0)"),
            (&[Additive], "1.4.2", "minor (1.4.2 → 1.5.0)"),
            (&[DocsOnly], "1.4.2", "patch (1.4.2 → 1.4.3)"),
            (&[], "2.0.0", "none (2.0.0)"),
        ];
        for (classes, version, expected) in cases {
            let verdict = Verdict::of(&diff_of(classes), v(version));
            assert_eq!(verdict.to_string(), expected, "{classes:?} at {version}");
        }
    }

    #[test]
    fn only_plain_versions_parse() {
        assert_eq!(
            v("10.20.30"),
            Version {
                major: 10,
                minor: 20,
                patch: 30
            }
        );
        for bad in ["1.0", "1.0.0-rc.1", "01.0.0", "a.b.c", "", "1.0.0.0"] {
            assert!(Version::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_workspace_version_is_read_from_its_table_only() {
        let dir = std::env::temp_dir().join(format!("cfn-semver-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("Cargo.toml");
        std::fs::write(
            &file,
            "[package]\nversion = \"9.9.9\"\n\n[workspace.package] # shared\nedition = \"2024\"\nversion = \"0.3.1\" # the crate\n",
        )
        .unwrap();
        assert_eq!(workspace_version(&file).unwrap(), v("0.3.1"));
        std::fs::write(&file, "[package]\nversion = \"9.9.9\"\n").unwrap();
        let err = workspace_version(&file).unwrap_err().to_string();
        assert!(
            err.contains("no `version` in a [workspace.package] table"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
