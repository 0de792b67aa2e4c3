//! The three forms `cfn-codegen diff` prints a [`Diff`] in, each with the [`Verdict`].

use std::fmt::Write as _;

use serde_json::json;

use super::compare::{BACK_IN_REGISTRY, NO_LONGER_IN_REGISTRY};
use super::semver::Verdict;
use super::{Change, Class, Diff};

/// How to print a diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One `class: item: what` line per change, `note:` lines, then the `semver:` line.
    Text,
    /// One JSON object: `changes` (class, item, what), `totals`, `semver`, `notes`.
    Json,
    /// A Markdown CHANGELOG section: `## [Unreleased]`, then `### Breaking`, `### Added` and
    /// `### Documentation` with one bullet sentence per change.
    Changelog,
}

impl Format {
    /// `text`, `json` or `changelog`.
    ///
    /// # Errors
    ///
    /// Any other name, with the ones there are.
    pub fn parse(name: &str) -> Result<Format, String> {
        match name {
            "text" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "changelog" => Ok(Format::Changelog),
            other => Err(format!(
                "unknown format `{other}` (expected text, json or changelog)"
            )),
        }
    }
}

/// `diff` with its `verdict`, in `format`, ending with a newline.
pub fn render(diff: &Diff, verdict: &Verdict, format: Format) -> String {
    match format {
        Format::Text => text(diff, verdict),
        Format::Json => {
            let value = json!({
                "changes": diff.changes.iter().map(|c| json!({
                    "class": c.class.as_str(),
                    "item": c.item,
                    "what": c.what,
                })).collect::<Vec<_>>(),
                "totals": {
                    "breaking": diff.count(Class::Breaking),
                    "additive": diff.count(Class::Additive),
                    "docs-only": diff.count(Class::DocsOnly),
                },
                "semver": {
                    "bump": verdict.bump.as_str(),
                    "current": verdict.current.to_string(),
                    "next": verdict.next.to_string(),
                },
                "notes": diff.notes,
            });
            // A `Value` of strings and numbers always serialises.
            format!("{value:#}\n")
        }
        Format::Changelog => changelog(diff),
    }
}

fn text(diff: &Diff, verdict: &Verdict) -> String {
    let mut out = String::new();
    for change in &diff.changes {
        let _ = writeln!(out, "{change}");
    }
    for note in &diff.notes {
        let _ = writeln!(out, "note: {note}");
    }
    let _ = writeln!(out, "semver: {verdict}: {}", diff.totals());
    out
}

fn changelog(diff: &Diff) -> String {
    let mut out = String::from("## [Unreleased]\n");
    if diff.changes.is_empty() {
        out.push_str("\nNo changes to the CloudFormation types.\n");
    }
    for (class, heading) in [
        (Class::Breaking, "Breaking"),
        (Class::Additive, "Added"),
        (Class::DocsOnly, "Documentation"),
    ] {
        let changes: Vec<&Change> = diff.changes.iter().filter(|c| c.class == class).collect();
        if changes.is_empty() {
            continue;
        }
        let _ = write!(out, "\n### {heading}\n\n");
        for change in changes {
            let _ = writeln!(out, "- {}", sentence(change));
        }
    }
    out
}

/// A change as a sentence for a changelog: "New optional property `AWS::X::Y.Prop`."
pub fn sentence(change: &Change) -> String {
    let what = change.what.as_str();
    // `AWS::X::Y#Attr` names an attribute: "attribute `Attr` of `AWS::X::Y`".
    let item = match change.item.split_once('#') {
        Some((resource, attribute)) => format!("attribute `{attribute}` of `{resource}`"),
        None => format!("`{}`", change.item),
    };
    let fixed = match what {
        "resource added" => Some(format!("New resource type {item}.")),
        "resource removed" => Some(format!("Removed resource type {item}.")),
        "optional property added" => Some(format!("New optional property {item}.")),
        "required property added" => Some(format!(
            "New required property {item}: templates must now set it."
        )),
        "property removed" => Some(format!("Removed property {item}.")),
        "attribute added" => Some(format!("New `Fn::GetAtt` {item}.")),
        "attribute removed" => Some(format!("Removed `Fn::GetAtt` {item}.")),
        "property type added" => Some(format!("New property type {item}.")),
        "property type removed" => Some(format!("Removed property type {item}.")),
        "property type changed kind or aliased shape" => Some(format!(
            "Property type {item} changed between a struct and an alias, or the type it aliases."
        )),
        "now required" => Some(format!("{} is now required.", capital(&item))),
        "now optional" => Some(format!("{} is now optional.", capital(&item))),
        "value set opened" => Some(format!(
            "{} no longer restricts its value to a fixed set.",
            capital(&item)
        )),
        "documentation changed" => Some(format!("Updated documentation of {item}.")),
        "documentation link changed" => Some(format!("Updated documentation link of {item}.")),
        _ if what == NO_LONGER_IN_REGISTRY => Some(format!(
            "{} was removed from the CloudFormation registry schema; it is still generated, \
             deprecated, as older sources list it.",
            capital(&item)
        )),
        _ if what == BACK_IN_REGISTRY => Some(format!(
            "{} is back in the CloudFormation registry schema and no longer deprecated.",
            capital(&item)
        )),
        _ => None,
    };
    if let Some(sentence) = fixed {
        return sentence;
    }
    let prefixed = [
        ("attribute type ", "changed type:"),
        ("type ", "changed type:"),
        ("update ", "changed update behaviour:"),
        ("allowed values removed: ", "no longer allows"),
        ("allowed values added: ", "now also allows"),
        ("value set closed: ", "now only allows"),
        ("constraint added: ", "has a new constraint:"),
        ("constraint removed: ", "no longer has the constraint"),
        ("now refers to ", "now refers to"),
        ("no longer refers to ", "no longer refers to"),
        ("primary identifier ", "changed primary identifier:"),
        ("length ", "changed length bounds:"),
        ("range ", "changed range bounds:"),
        ("items ", "changed bounds on its number of items:"),
    ];
    for (prefix, verb) in prefixed {
        if let Some(rest) = what.strip_prefix(prefix) {
            let rest = rest.replace(" -> ", " → ");
            return format!("{} {verb} {rest}.", capital(&item));
        }
    }
    format!("{}: {what}.", capital(&item))
}

/// The text with its first letter in upper case (sentences may start with "attribute").
fn capital(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(class: Class, item: &str, what: &str) -> String {
        sentence(&Change {
            class,
            item: item.to_owned(),
            what: what.to_owned(),
        })
    }

    #[test]
    fn sentences_name_the_item_and_what_happened() {
        let r = "AWS::S::R";
        assert_eq!(
            s(Class::Additive, r, "resource added"),
            "New resource type `AWS::S::R`."
        );
        assert_eq!(
            s(Class::Additive, "AWS::S::R#Arn", "attribute added"),
            "New `Fn::GetAtt` attribute `Arn` of `AWS::S::R`."
        );
        assert_eq!(
            s(
                Class::Breaking,
                "AWS::S::R#Arn",
                "attribute type String -> Integer"
            ),
            "Attribute `Arn` of `AWS::S::R` changed type: String → Integer."
        );
        assert_eq!(
            s(
                Class::Breaking,
                "AWS::S::R.P",
                "allowed values removed: [\"B\"]"
            ),
            "`AWS::S::R.P` no longer allows [\"B\"]."
        );
        assert_eq!(
            s(Class::Breaking, "AWS::S::R.P", NO_LONGER_IN_REGISTRY),
            "`AWS::S::R.P` was removed from the CloudFormation registry schema; it is still \
             generated, deprecated, as older sources list it."
        );
        // Anything without its own sentence still reads as one.
        assert_eq!(
            s(Class::Additive, "AWS::S::R.P", "something new"),
            "`AWS::S::R.P`: something new."
        );
    }
}
