//! Reading upstream package archives (npm `.tgz`, PyPI `.whl`) and telling which package each is.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::GzDecoder;
use zip::ZipArchive;
use zip::result::ZipError;

use super::UpdateSpecError;
use super::json;

/// An upstream package `update-spec` knows how to slice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Upstream {
    /// npm `@aws-cdk/cfnspec`: the legacy resource specification and its docs.
    CfnSpec,
    /// npm `@aws-cdk/aws-service-spec`: the CDK's service database.
    ServiceSpec,
    /// PyPI `cfn-lint`: the CloudFormation registry schemas.
    CfnLint,
    /// PyPI `botocore`: the service API models.
    Botocore,
}

impl Upstream {
    /// All known packages.
    pub(crate) const ALL: [Upstream; 4] = [
        Upstream::CfnSpec,
        Upstream::ServiceSpec,
        Upstream::CfnLint,
        Upstream::Botocore,
    ];

    /// `ecosystem:name`, as written in `SOURCES.json`.
    pub(crate) fn id(self) -> &'static str {
        match self {
            Upstream::CfnSpec => "npm:@aws-cdk/cfnspec",
            Upstream::ServiceSpec => "npm:@aws-cdk/aws-service-spec",
            Upstream::CfnLint => "pypi:cfn-lint",
            Upstream::Botocore => "pypi:botocore",
        }
    }

    fn from_npm_name(name: &str) -> Option<Self> {
        match name {
            "@aws-cdk/cfnspec" => Some(Upstream::CfnSpec),
            "@aws-cdk/aws-service-spec" => Some(Upstream::ServiceSpec),
            _ => None,
        }
    }

    fn from_pypi_name(name: &str) -> Option<Self> {
        match normalize_pypi_name(name).as_str() {
            "cfn-lint" => Some(Upstream::CfnLint),
            "botocore" => Some(Upstream::Botocore),
            _ => None,
        }
    }
}

/// PEP 503 name normalisation: lowercase, runs of `-`, `_`, `.` become one `-`.
fn normalize_pypi_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.trim().chars() {
        if matches!(c, '-' | '_' | '.') {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// An identified upstream package: which one, its version, and its archive.
pub(crate) struct Package {
    /// Which package.
    pub(crate) upstream: Upstream,
    /// Its version, from its own metadata.
    pub(crate) version: String,
    /// The archive, open for reading.
    pub(crate) archive: Archive,
}

impl Package {
    /// Opens `path` and identifies it from its metadata (`package/package.json` in an npm
    /// tarball, `*.dist-info/METADATA` in a wheel), never from its file name.
    pub(crate) fn open(path: &Path) -> Result<Self, UpdateSpecError> {
        let mut archive = Archive::open(path)?;
        let (upstream, version) = match archive.format {
            Format::Tgz => identify_npm(&mut archive)?,
            Format::Zip(_) => identify_wheel(&mut archive)?,
        };
        Ok(Package {
            upstream,
            version,
            archive,
        })
    }
}

const NPM_MANIFEST: &str = "package/package.json";

fn identify_npm(archive: &mut Archive) -> Result<(Upstream, String), UpdateSpecError> {
    let bytes = archive.read(NPM_MANIFEST).map_err(|err| match err {
        UpdateSpecError::MissingFile { archive, .. } => UpdateSpecError::UnknownPackage {
            archive,
            detail: format!("a gzip tarball without {NPM_MANIFEST}"),
        },
        other => other,
    })?;
    let doc = json::Doc::parse(archive.path(), NPM_MANIFEST, &bytes)?;
    let name = doc.str_at("/name")?;
    let version = doc.str_at("/version")?;
    let upstream =
        Upstream::from_npm_name(name).ok_or_else(|| UpdateSpecError::UnknownPackage {
            archive: archive.path().to_path_buf(),
            detail: format!("npm package {name} {version}"),
        })?;
    Ok((upstream, version.to_owned()))
}

fn identify_wheel(archive: &mut Archive) -> Result<(Upstream, String), UpdateSpecError> {
    let metadata_path = wheel_metadata_path(archive)?;
    let bytes = archive.read(&metadata_path)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| UpdateSpecError::archive(archive.path(), Some(&metadata_path), "not UTF-8"))?;
    let header = |key: &str| {
        metadata_header(&text, key).ok_or_else(|| {
            UpdateSpecError::archive(
                archive.path(),
                Some(&metadata_path),
                format!("no `{key}:` header"),
            )
        })
    };
    let name = header("Name")?;
    let version = header("Version")?;
    let upstream =
        Upstream::from_pypi_name(name).ok_or_else(|| UpdateSpecError::UnknownPackage {
            archive: archive.path().to_path_buf(),
            detail: format!("PyPI package {name} {version}"),
        })?;
    Ok((upstream, version.to_owned()))
}

/// The single top-level `<name>-<version>.dist-info/METADATA` of a wheel.
fn wheel_metadata_path(archive: &mut Archive) -> Result<String, UpdateSpecError> {
    let candidates: Vec<String> = archive
        .names()?
        .into_iter()
        .filter(|name| {
            name.strip_suffix("/METADATA")
                .is_some_and(|dir| dir.ends_with(".dist-info") && !dir.contains('/'))
        })
        .collect();
    match candidates.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(UpdateSpecError::UnknownPackage {
            archive: archive.path().to_path_buf(),
            detail: "a zip archive without *.dist-info/METADATA".to_owned(),
        }),
        many => Err(UpdateSpecError::UnknownPackage {
            archive: archive.path().to_path_buf(),
            detail: format!(
                "a zip archive with several METADATA files: {}",
                many.join(", ")
            ),
        }),
    }
}

/// The value of a header in the (RFC 822 style) header block of a wheel's METADATA.
fn metadata_header<'t>(text: &'t str, key: &str) -> Option<&'t str> {
    text.lines()
        .take_while(|line| !line.trim().is_empty())
        .filter_map(|line| line.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case(key))
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

/// How an archive is stored.
enum Format {
    /// A gzip-compressed tarball (npm pack); read sequentially.
    Tgz,
    /// A zip archive (a wheel); random access.
    Zip(Box<ZipArchive<BufReader<File>>>),
}

/// An archive given with `--from`.
pub(crate) struct Archive {
    path: PathBuf,
    format: Format,
}

impl Archive {
    /// Opens an archive, telling gzip from zip by its first bytes.
    fn open(path: &Path) -> Result<Self, UpdateSpecError> {
        let mut magic = [0u8; 4];
        let mut file = File::open(path).map_err(|e| UpdateSpecError::io(path, "opening", e))?;
        let read = read_prefix(&mut file, &mut magic)
            .map_err(|e| UpdateSpecError::io(path, "reading", e))?;
        let format = match &magic[..read] {
            [0x1f, 0x8b, ..] => Format::Tgz,
            [b'P', b'K', 3, 4] => {
                let file = File::open(path).map_err(|e| UpdateSpecError::io(path, "opening", e))?;
                let zip = ZipArchive::new(BufReader::new(file))
                    .map_err(|e| UpdateSpecError::archive(path, None, e))?;
                Format::Zip(Box::new(zip))
            }
            _ => {
                return Err(UpdateSpecError::UnknownPackage {
                    archive: path.to_path_buf(),
                    detail: "neither a gzip tarball (.tgz) nor a zip archive (.whl)".to_owned(),
                });
            }
        };
        Ok(Archive {
            path: path.to_path_buf(),
            format,
        })
    }

    /// The archive's path, as given.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Reads one file; [`UpdateSpecError::MissingFile`] if it is not there.
    pub(crate) fn read(&mut self, inner: &str) -> Result<Vec<u8>, UpdateSpecError> {
        let mut files = self.read_many(&[inner])?;
        files
            .remove(inner)
            .ok_or_else(|| UpdateSpecError::MissingFile {
                archive: self.path.clone(),
                inner: inner.to_owned(),
            })
    }

    /// Reads several files at once (one pass over a tarball). Every requested file must exist.
    pub(crate) fn read_many(
        &mut self,
        inner: &[&str],
    ) -> Result<BTreeMap<String, Vec<u8>>, UpdateSpecError> {
        let wanted: BTreeSet<&str> = inner.iter().copied().collect();
        let found = match &mut self.format {
            Format::Tgz => read_tgz(&self.path, &wanted)?,
            Format::Zip(zip) => read_zip(&self.path, zip, &wanted)?,
        };
        if let Some(missing) = wanted.iter().find(|name| !found.contains_key(**name)) {
            return Err(UpdateSpecError::MissingFile {
                archive: self.path.clone(),
                inner: (*missing).to_owned(),
            });
        }
        Ok(found)
    }

    /// The names of all files in the archive.
    pub(crate) fn names(&mut self) -> Result<Vec<String>, UpdateSpecError> {
        match &mut self.format {
            Format::Zip(zip) => Ok(zip.file_names().map(str::to_owned).collect()),
            Format::Tgz => {
                let mut names = Vec::new();
                for_each_tgz_entry(&self.path, |name, _| {
                    names.push(name.to_owned());
                    Ok(())
                })?;
                Ok(names)
            }
        }
    }
}

/// Reads up to `buf.len()` bytes, fewer only at end of file.
fn read_prefix(reader: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

fn read_zip(
    path: &Path,
    zip: &mut ZipArchive<BufReader<File>>,
    wanted: &BTreeSet<&str>,
) -> Result<BTreeMap<String, Vec<u8>>, UpdateSpecError> {
    let mut found = BTreeMap::new();
    for name in wanted {
        let mut entry = match zip.by_name(name) {
            Ok(entry) => entry,
            Err(ZipError::FileNotFound) => continue,
            Err(e) => return Err(UpdateSpecError::archive(path, Some(name), e)),
        };
        let mut bytes = Vec::new();
        entry
            .read_to_end(&mut bytes)
            .map_err(|e| UpdateSpecError::archive(path, Some(name), e))?;
        found.insert((*name).to_owned(), bytes);
    }
    Ok(found)
}

fn read_tgz(
    path: &Path,
    wanted: &BTreeSet<&str>,
) -> Result<BTreeMap<String, Vec<u8>>, UpdateSpecError> {
    let mut found = BTreeMap::new();
    for_each_tgz_entry(path, |name, entry| {
        if wanted.contains(name) {
            let mut bytes = Vec::new();
            entry
                .read_to_end(&mut bytes)
                .map_err(|e| UpdateSpecError::archive(path, Some(name), e))?;
            found.insert(name.to_owned(), bytes);
        }
        Ok(())
    })?;
    Ok(found)
}

/// Calls `visit` with the name and reader of every regular file in a gzip tarball.
fn for_each_tgz_entry(
    path: &Path,
    mut visit: impl FnMut(&str, &mut dyn Read) -> Result<(), UpdateSpecError>,
) -> Result<(), UpdateSpecError> {
    let file = File::open(path).map_err(|e| UpdateSpecError::io(path, "opening", e))?;
    let mut tar = tar::Archive::new(GzDecoder::new(BufReader::new(file)));
    let entries = tar
        .entries()
        .map_err(|e| UpdateSpecError::archive(path, None, e))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| UpdateSpecError::archive(path, None, e))?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        visit(&name, &mut entry)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pypi_names_normalise() {
        assert_eq!(normalize_pypi_name("cfn_lint"), "cfn-lint");
        assert_eq!(normalize_pypi_name("Cfn-Lint"), "cfn-lint");
        assert_eq!(normalize_pypi_name("cfn.__lint"), "cfn-lint");
    }

    #[test]
    fn metadata_headers_stop_at_the_body() {
        let text = "Metadata-Version: 2.4\nName: cfn-lint\nVersion: 1.58.0\n\nVersion: 9\n";
        assert_eq!(metadata_header(text, "name"), Some("cfn-lint"));
        assert_eq!(metadata_header(text, "Version"), Some("1.58.0"));
        assert_eq!(metadata_header(text, "Summary"), None);
    }
}
