//! JSON helpers: parsing upstream files with located errors, and canonical output.

use std::path::Path;

use serde_json::{Map, Value};

use super::UpdateSpecError;

/// A parsed upstream JSON file, remembering where it came from for error messages.
pub(crate) struct Doc<'a> {
    archive: &'a Path,
    inner: &'a str,
    /// The parsed document.
    pub(crate) value: Value,
}

impl<'a> Doc<'a> {
    /// Parses `bytes`, the content of `inner` in `archive`.
    pub(crate) fn parse(
        archive: &'a Path,
        inner: &'a str,
        bytes: &[u8],
    ) -> Result<Self, UpdateSpecError> {
        let value = serde_json::from_slice(bytes).map_err(|e| UpdateSpecError::Json {
            archive: archive.to_path_buf(),
            inner: inner.to_owned(),
            line: e.line(),
            column: e.column(),
            message: strip_position(&e),
        })?;
        Ok(Doc {
            archive,
            inner,
            value,
        })
    }

    /// A shape error at `pointer`.
    pub(crate) fn shape_error(&self, pointer: &str, expected: &str) -> UpdateSpecError {
        UpdateSpecError::Shape {
            archive: self.archive.to_path_buf(),
            inner: self.inner.to_owned(),
            pointer: pointer.to_owned(),
            expected: expected.to_owned(),
        }
    }

    /// The value at a JSON pointer, or a shape error saying `expected`.
    pub(crate) fn at(&self, pointer: &str, expected: &str) -> Result<&Value, UpdateSpecError> {
        self.value
            .pointer(pointer)
            .ok_or_else(|| self.shape_error(pointer, expected))
    }

    /// The object at a JSON pointer.
    pub(crate) fn object_at(&self, pointer: &str) -> Result<&Map<String, Value>, UpdateSpecError> {
        self.at(pointer, "an object")?
            .as_object()
            .ok_or_else(|| self.shape_error(pointer, "an object"))
    }

    /// The array at a JSON pointer.
    pub(crate) fn array_at(&self, pointer: &str) -> Result<&Vec<Value>, UpdateSpecError> {
        self.at(pointer, "an array")?
            .as_array()
            .ok_or_else(|| self.shape_error(pointer, "an array"))
    }

    /// The string at a JSON pointer.
    pub(crate) fn str_at(&self, pointer: &str) -> Result<&str, UpdateSpecError> {
        self.at(pointer, "a string")?
            .as_str()
            .ok_or_else(|| self.shape_error(pointer, "a string"))
    }
}

/// serde_json's message without its trailing " at line L column C" (reported separately).
fn strip_position(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// Escapes one JSON pointer segment (RFC 6901).
pub(crate) fn pointer_segment(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The canonical form of every JSON file `update-spec` writes: object keys sorted, 2-space
/// indentation, non-ASCII unescaped, trailing newline.
pub(crate) fn canonical_bytes(file: &str, mut value: Value) -> Result<Vec<u8>, UpdateSpecError> {
    // Without serde_json's `preserve_order` the keys are already sorted; sorting explicitly keeps
    // the output stable if feature unification ever turns it on.
    value.sort_all_objects();
    let mut bytes =
        serde_json::to_vec_pretty(&value).map_err(|source| UpdateSpecError::Serialize {
            file: file.to_owned(),
            source,
        })?;
    bytes.push(b'\n');
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_output_sorts_and_keeps_unicode() {
        let value = serde_json::json!({"b": 1, "a": {"d": "é", "c": [1]}});
        let bytes = canonical_bytes("x.json", value).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            "{\n  \"a\": {\n    \"c\": [\n      1\n    ],\n    \"d\": \"é\"\n  },\n  \"b\": 1\n}\n"
        );
    }

    #[test]
    fn parse_errors_carry_line_and_column() {
        let err = Doc::parse(Path::new("a.tgz"), "x.json", b"{\n  \"a\": ,\n}").err();
        match err {
            Some(UpdateSpecError::Json { line, column, .. }) => assert_eq!((line, column), (2, 8)),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn pointer_segments_are_escaped() {
        assert_eq!(pointer_segment("a/b~c"), "a~1b~0c");
    }
}
