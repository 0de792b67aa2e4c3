//! YAML tags: CloudFormation's short forms ([`SHORT_FORMS`]) and the standard tags, and what
//! each asks of the node it is on ([`meaning`]); see the [module docs](super#tags).

use yaml_rust2::parser::Tag;

use crate::Span;
use crate::syntax::ParseError;

/// The short-form tags and the long-form keys they stand for.
pub(in crate::syntax) const SHORT_FORMS: [(&str, &str); 20] = [
    ("Ref", "Ref"),
    ("Condition", "Condition"),
    ("GetAtt", "Fn::GetAtt"),
    ("Sub", "Fn::Sub"),
    ("Join", "Fn::Join"),
    ("Select", "Fn::Select"),
    ("Split", "Fn::Split"),
    ("If", "Fn::If"),
    ("FindInMap", "Fn::FindInMap"),
    ("ImportValue", "Fn::ImportValue"),
    ("Base64", "Fn::Base64"),
    ("Cidr", "Fn::Cidr"),
    ("GetAZs", "Fn::GetAZs"),
    ("Transform", "Fn::Transform"),
    ("ToJsonString", "Fn::ToJsonString"),
    ("Length", "Fn::Length"),
    ("Equals", "Fn::Equals"),
    ("And", "Fn::And"),
    ("Or", "Fn::Or"),
    ("Not", "Fn::Not"),
];

/// What a tag asks for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Meaning {
    /// No tag.
    Untagged,
    /// `!` (non-specific tag): a string if on a scalar.
    NonSpecific,
    Str,
    Int,
    Float,
    Bool,
    Null,
    Map,
    Seq,
    /// A short form, wrapped as a mapping under this long-form key.
    Function(&'static str),
}

pub(super) fn meaning(tag: Option<&Tag>, at: Span) -> Result<Meaning, ParseError> {
    let Some(tag) = tag else {
        return Ok(Meaning::Untagged);
    };
    let full = if tag.handle == "!" {
        format!("!{}", tag.suffix)
    } else {
        format!("{}{}", tag.handle, tag.suffix)
    };
    if full == "!" {
        return Ok(Meaning::NonSpecific);
    }
    if let Some(name) = full.strip_prefix('!') {
        if let Some((_, key)) = SHORT_FORMS.iter().find(|(tag, _)| *tag == name) {
            return Ok(Meaning::Function(key));
        }
    }
    let standard = full.strip_prefix("tag:yaml.org,2002:");
    Ok(match standard {
        Some("str") => Meaning::Str,
        Some("int") => Meaning::Int,
        Some("float") => Meaning::Float,
        Some("bool") => Meaning::Bool,
        Some("null") => Meaning::Null,
        Some("map") => Meaning::Map,
        Some("seq") => Meaning::Seq,
        Some(other) => {
            return Err(ParseError::new(
                at,
                format!(
                    "unsupported YAML tag `!!{other}` (templates may use !!str, !!int, !!float, !!bool, !!null, !!map and !!seq)"
                ),
            ));
        }
        None => {
            let names: Vec<String> = SHORT_FORMS.iter().map(|(t, _)| format!("!{t}")).collect();
            return Err(ParseError::new(
                at,
                format!(
                    "unknown tag `{full}`; CloudFormation's short forms are {}",
                    names.join(", ")
                ),
            ));
        }
    })
}
