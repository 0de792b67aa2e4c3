//! Errors with a location: the input file and a JSON Pointer (or line and column) inside it.

use std::fmt;
use std::path::{Path, PathBuf};

/// A generator error: what went wrong, in which file, and where in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The input file (relative to the spec directory when it came from one).
    pub file: PathBuf,
    /// Where in the file: an RFC 6901 JSON Pointer (`/properties/ApiId`), or `line L column C`
    /// for syntax errors; empty for the whole file.
    pub location: String,
    /// What is wrong.
    pub message: String,
}

impl Error {
    /// An error at `location` in `file`.
    pub fn new(
        file: impl AsRef<Path>,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Error {
            file: file.as_ref().to_path_buf(),
            location: location.into(),
            message: message.into(),
        }
    }

    /// An I/O error on `file`.
    pub fn io(file: impl AsRef<Path>, err: &std::io::Error) -> Self {
        Error::new(file, "", err.to_string())
    }

    /// A JSON syntax or shape error from serde_json on `file`.
    pub fn json(file: impl AsRef<Path>, err: &serde_json::Error) -> Self {
        let location = if err.line() > 0 {
            format!("line {} column {}", err.line(), err.column())
        } else {
            String::new()
        };
        // serde_json appends " at line L column C"; the location already says it.
        let message = err.to_string();
        let message = match message.rfind(" at line ") {
            Some(i) if err.line() > 0 => message[..i].to_owned(),
            _ => message,
        };
        Error::new(file, location, message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if !self.location.is_empty() {
            write!(f, ": at {}", self.location)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for Error {}

/// Result with the generator's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Escapes one JSON Pointer reference token (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Joins a JSON Pointer and a token.
pub fn pointer(base: &str, token: &str) -> String {
    format!("{base}/{}", pointer_token(token))
}
