//! Reader for the value-kind table (`values/resource-values.json`, written by `update-spec`):
//! what `Ref` and each `Fn::GetAtt` attribute return, for every CloudFormation resource type.
//!
//! Each entry is `"<Ref kind> <Attribute>:<kind> ..."`; a kind is `arn`, `id`, `name`, `url`,
//! `number` or `string`, or a list of one (`list`, `list:arn`). The reader checks that grammar
//! and reports the file and JSON path of anything else.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};

/// The kind of one value: what kind of string, if known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// An ARN.
    Arn,
    /// An identifier (`sg-12345678`, an API id).
    Id,
    /// A name.
    Name,
    /// A URL.
    Url,
    /// A number.
    Number,
    /// A string of no known kind.
    String,
}

impl Kind {
    /// Every kind, with the word the table spells it with.
    pub const ALL: [(Kind, &'static str); 6] = [
        (Kind::Arn, "arn"),
        (Kind::Id, "id"),
        (Kind::Name, "name"),
        (Kind::Url, "url"),
        (Kind::Number, "number"),
        (Kind::String, "string"),
    ];

    fn parse(word: &str) -> Option<Kind> {
        Kind::ALL.iter().find(|(_, w)| *w == word).map(|(k, _)| *k)
    }

    /// The word the table spells it with.
    pub fn as_str(self) -> &'static str {
        Kind::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("string", |(_, w)| w)
    }
}

/// What one expression returns: one value or a list, of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Produces {
    /// A list of values rather than one.
    pub list: bool,
    /// The kind of the value (of each item of a list).
    pub kind: Kind,
}

impl Produces {
    fn parse(text: &str) -> Option<Produces> {
        match text.strip_prefix("list") {
            Some("") => Some(Produces {
                list: true,
                kind: Kind::String,
            }),
            Some(rest) => Some(Produces {
                list: true,
                kind: Kind::parse(rest.strip_prefix(':')?)?,
            }),
            None => Some(Produces {
                list: false,
                kind: Kind::parse(text)?,
            }),
        }
    }
}

/// One resource type's entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeValues {
    /// What `Ref` returns (always one string).
    pub reference: Kind,
    /// What each attribute returns.
    pub attributes: BTreeMap<String, Produces>,
    /// The entry as written in the file (the generated table keeps this compact form).
    pub text: String,
}

/// The whole table.
#[derive(Debug, Clone, Default)]
pub struct ValueTable {
    /// The file it was read from (relative to the spec folder).
    pub file: String,
    /// Type name → entry.
    pub types: BTreeMap<String, TypeValues>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(rename = "$comment")]
    _comment: Option<String>,
    types: BTreeMap<String, String>,
}

/// Reads the table at `path` (shown as `display` in errors).
pub fn read(path: &Path, display: &Path) -> Result<ValueTable> {
    let file: File = super::legacy::read_json(path, display)?;
    parse(display, file.types)
}

fn parse(display: &Path, entries: BTreeMap<String, String>) -> Result<ValueTable> {
    let mut types = BTreeMap::new();
    for (type_name, text) in entries {
        let pointer = format!("/types/{}", type_name.replace('~', "~0").replace('/', "~1"));
        let error = |what: String| Error::new(display, &pointer, what);
        let mut words = text.split(' ');
        let reference = words.next().and_then(Kind::parse).ok_or_else(|| {
            error(format!(
                "{text:?} does not start with a kind (arn, id, name, url, number, string)"
            ))
        })?;
        let mut attributes = BTreeMap::new();
        for word in words {
            let (name, kind) = word
                .split_once(':')
                .filter(|(name, _)| !name.is_empty())
                .ok_or_else(|| error(format!("{word:?} is not `Attribute:kind`")))?;
            let produces = Produces::parse(kind)
                .ok_or_else(|| error(format!("{kind:?} (of {name}) is not a kind")))?;
            if attributes.insert(name.to_owned(), produces).is_some() {
                return Err(error(format!("attribute {name} is listed twice")));
            }
        }
        types.insert(
            type_name,
            TypeValues {
                reference,
                attributes,
                text,
            },
        );
    }
    Ok(ValueTable {
        file: display.to_string_lossy().replace('\\', "/"),
        types,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Result<ValueTable> {
        parse(
            Path::new("values/resource-values.json"),
            BTreeMap::from([("AWS::X::Y".to_owned(), text.to_owned())]),
        )
    }

    #[test]
    fn entries_parse() {
        let table = one("name Arn:arn Zones:list Ids:list:id").unwrap();
        let entry = &table.types["AWS::X::Y"];
        assert_eq!(entry.reference, Kind::Name);
        assert_eq!(
            entry.attributes["Ids"],
            Produces {
                list: true,
                kind: Kind::Id
            }
        );
        assert_eq!(
            entry.attributes["Zones"],
            Produces {
                list: true,
                kind: Kind::String
            }
        );
        assert!(!entry.attributes["Arn"].list);
    }

    #[test]
    fn bad_entries_name_the_place() {
        for bad in [
            "",
            "nope",
            "name Arn",
            "name :arn",
            "name Arn:thing",
            "name A:id A:id",
            "name A:list:",
        ] {
            let err = one(bad).unwrap_err().to_string();
            assert!(
                err.contains("values/resource-values.json") && err.contains("/types/AWS::X::Y"),
                "{bad:?}: {err}"
            );
        }
    }
}
