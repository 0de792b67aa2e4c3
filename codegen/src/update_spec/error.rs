//! The error type of `update-spec`.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// Why `update-spec` failed.
///
/// Every variant that concerns upstream data names the archive given with `--from` and, where
/// there is one, the path inside it, so a failure can be traced to the exact upstream file.
#[derive(Debug)]
#[non_exhaustive]
pub enum UpdateSpecError {
    /// The options are unusable (bad prefix, bad date, no archives given).
    InvalidOptions {
        /// What is wrong with them.
        message: String,
    },
    /// A file or folder on disk could not be read, written or removed.
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What was being done to it ("reading", "writing", ...).
        action: &'static str,
        /// The underlying error.
        source: io::Error,
    },
    /// An archive (or a file inside it) could not be read or decompressed.
    Archive {
        /// The archive given with `--from`.
        archive: PathBuf,
        /// The path inside the archive, if the problem is with one entry.
        inner: Option<String>,
        /// What went wrong.
        message: String,
    },
    /// A file the slicer needs is not in the archive.
    MissingFile {
        /// The archive given with `--from`.
        archive: PathBuf,
        /// The path that was looked for inside it.
        inner: String,
    },
    /// A file inside an archive is not valid JSON.
    Json {
        /// The archive given with `--from`.
        archive: PathBuf,
        /// The path inside the archive.
        inner: String,
        /// 1-based line of the error in the (decompressed) file.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// A file inside an archive is valid JSON but not shaped as expected.
    Shape {
        /// The archive given with `--from`.
        archive: PathBuf,
        /// The path inside the archive.
        inner: String,
        /// JSON pointer (RFC 6901) of the offending value, `""` for the document itself.
        pointer: String,
        /// What was expected there.
        expected: String,
    },
    /// An archive is not one of the upstream packages `update-spec` knows.
    UnknownPackage {
        /// The archive given with `--from`.
        archive: PathBuf,
        /// What it was found to be (or why it could not be identified).
        detail: String,
    },
    /// The same upstream package was given twice.
    DuplicatePackage {
        /// The package, as `ecosystem:name`.
        package: String,
        /// The first archive holding it.
        first: PathBuf,
        /// The second archive holding it.
        second: PathBuf,
    },
    /// No archive was given for a package that a required kind of file comes from.
    MissingPackage {
        /// The package, as `ecosystem:name`.
        package: String,
        /// The kinds of file that come from it, e.g. `legacy-spec, legacy-docs`.
        kinds: String,
    },
    /// The upstream data has nothing for the service prefix.
    NothingForService {
        /// The archive given with `--from`.
        archive: PathBuf,
        /// The path inside the archive that was searched.
        inner: String,
        /// The prefix, e.g. `AWS::ApiGatewayV2::`.
        prefix: String,
    },
    /// `npm` or `pip` could not be started, failed, or did not give what was asked for.
    Tool {
        /// The tool, `npm` or `pip`.
        tool: String,
        /// The whole command line that failed.
        command: String,
        /// What went wrong (`exited with status 1`, `was not found on PATH`, ...).
        message: String,
        /// The tool's stderr, trimmed (empty if none).
        stderr: String,
    },
    /// A pins file (`--versions`) or the versions `SOURCES.json` records are unusable.
    Versions {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// The refreshed upstream data does not generate; the spec folder was left as it was.
    Generate {
        /// The generator's error.
        message: String,
        /// Where the downloaded archives were kept, to vendor them anyway with `--from`.
        kept: PathBuf,
    },
    /// Serialising a slice failed (should not happen for JSON values).
    Serialize {
        /// The file (relative to the spec folder) being produced.
        file: String,
        /// The serialiser's error.
        source: serde_json::Error,
    },
}

impl UpdateSpecError {
    pub(crate) fn io(path: &Path, action: &'static str, source: io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    }

    pub(crate) fn archive(archive: &Path, inner: Option<&str>, message: impl fmt::Display) -> Self {
        Self::Archive {
            archive: archive.to_path_buf(),
            inner: inner.map(str::to_owned),
            message: message.to_string(),
        }
    }
}

impl fmt::Display for UpdateSpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidOptions { message } => write!(f, "invalid update-spec options: {message}"),
            Self::Io {
                path,
                action,
                source,
            } => write!(f, "{action} {}: {source}", path.display()),
            Self::Archive {
                archive,
                inner: Some(inner),
                message,
            } => write!(f, "{}: {inner}: {message}", archive.display()),
            Self::Archive {
                archive,
                inner: None,
                message,
            } => write!(f, "{}: {message}", archive.display()),
            Self::MissingFile { archive, inner } => {
                write!(f, "{}: no file {inner} in the archive", archive.display())
            }
            Self::Json {
                archive,
                inner,
                line,
                column,
                message,
            } => write!(
                f,
                "{}: {inner}: invalid JSON at line {line} column {column}: {message}",
                archive.display()
            ),
            Self::Shape {
                archive,
                inner,
                pointer,
                expected,
            } => write!(
                f,
                "{}: {inner}: at JSON path \"{pointer}\": expected {expected}",
                archive.display()
            ),
            Self::UnknownPackage { archive, detail } => write!(
                f,
                "{}: not a known upstream package ({detail}); expected npm @aws-cdk/cfnspec, \
                 npm @aws-cdk/aws-service-spec, PyPI cfn-lint or PyPI botocore",
                archive.display()
            ),
            Self::DuplicatePackage {
                package,
                first,
                second,
            } => write!(
                f,
                "package {package} given twice: {} and {}",
                first.display(),
                second.display()
            ),
            Self::MissingPackage { package, kinds } => write!(
                f,
                "no archive of package {package} given with --from (needed for: {kinds})"
            ),
            Self::NothingForService {
                archive,
                inner,
                prefix,
            } => write!(
                f,
                "{}: {inner}: no resource type starts with {prefix}",
                archive.display()
            ),
            Self::Tool {
                tool,
                command,
                message,
                stderr,
            } => {
                write!(f, "{tool} failed: `{command}` {message}")?;
                if !stderr.is_empty() {
                    write!(f, "; its stderr:\n{stderr}")?;
                }
                Ok(())
            }
            Self::Versions { path, message } => write!(f, "{}: {message}", path.display()),
            Self::Generate { message, kept } => write!(
                f,
                "the new upstream data does not generate, so the spec folder was left as it \
                 was: {message}\nthe downloaded archives are kept in {0}; to vendor them anyway \
                 and then fix the generator: cfn-codegen update-spec --from {0}/*/*",
                kept.display()
            ),
            Self::Serialize { file, source } => write!(f, "serialising {file}: {source}"),
        }
    }
}

impl std::error::Error for UpdateSpecError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io { source, .. } => Some(source),
            Self::Serialize { source, .. } => Some(source),
            _ => None,
        }
    }
}
