//! Stage 3.5: what kind of string each property needs ([`Expects`]), so the validator can tell
//! when what a `Ref`, `Fn::GetAtt`, parameter or function gives it cannot fit.
//!
//! One rule for every property, first match wins:
//! 1. **Relationships.** A property that refers to other resources (and accepts nothing else:
//!    an open reference whose targets give ARNs takes an ARN or a URL; a documented form like
//!    `integrations/{IntegrationId}` takes no bare reference) needs
//!    what its targets give, as the value-kind table says ([`ValueTable`]) — when every target
//!    agrees on an ARN, an id, a name or a URL (otherwise the rules below decide). A property
//!    whose value is built around the reference (a documented form) takes no bare reference.
//! 2. **Pattern.** A pattern that requires `arn:` needs an ARN.
//! 3. **Name.** A property named `…Arn`/`…Arns` needs an ARN; `…Id`/`…Ids` an id (the spec's
//!    own naming: `CredentialsArn`, `SubnetIds`).
//! 4. **Example.** The documentation's example value: `arn:…` needs an ARN, `https://…` or
//!    `s3://…` a URL (a JWT `Issuer`, a truststore's S3 URL).
//! 5. **No number.** A string whose pattern admits no number, or whose allowed values hold no
//!    number, cannot take a `Number` parameter.

use std::collections::BTreeSet;

use crate::model::{ConstraintKind, Expects, Primitive, Property, Service, Shape, Via};
use crate::read::values::{Kind, ValueTable};

/// Sets `expects` on every property of `service`'s resources and property types.
pub fn assign(values: Option<&ValueTable>, service: &mut Service) {
    for resource in service.resources.values_mut() {
        let properties = resource.properties.values_mut();
        let nested = resource
            .property_types
            .values_mut()
            .flat_map(|t| match &mut t.kind {
                crate::model::PropertyTypeKind::Struct { properties } => {
                    Some(properties.values_mut())
                }
                _ => None,
            })
            .flatten();
        for property in properties.chain(nested) {
            property.expects = expects(values, property);
        }
    }
}

/// Rules 1–5 of the [module](self) for one property.
pub fn expects(values: Option<&ValueTable>, property: &Property) -> Option<Expects> {
    if !is_text(&property.shape) {
        return None;
    }
    if property.open_references.is_some() {
        // It takes more than its targets; when they all give ARNs, what else it takes is
        // documented as ARNs or URLs (the overlay's `openReferences`).
        return (from_relationships(values, property) == Some(Expects::Arn))
            .then_some(Expects::ArnOrUrl);
    }
    if !property.relationships.is_empty()
        && let Some(expects) = from_relationships(values, property)
    {
        return Some(expects);
    }
    let patterns = || {
        property.constraints.0.iter().filter_map(|c| match &c.kind {
            ConstraintKind::Pattern(p) => Some(p.as_str()),
            _ => None,
        })
    };
    if patterns().any(|p| p.starts_with("^arn:") || p.starts_with("arn:")) {
        return Some(Expects::Arn);
    }
    let name = property.name.as_str();
    let base = name.strip_suffix('s').unwrap_or(name);
    if base.ends_with("Arn") {
        return Some(Expects::Arn);
    }
    if base.ends_with("Id") && base.len() > 2 {
        return Some(Expects::Id);
    }
    let example = property
        .docs
        .text
        .as_deref()
        .and_then(crate::docs::example_value);
    if let Some(example) = example {
        if example.starts_with("arn:") {
            return Some(Expects::Arn);
        }
        if crate::docs::URL_SCHEMES
            .iter()
            .any(|s| example.starts_with(s))
        {
            return Some(Expects::Url);
        }
    }
    let no_number_pattern = patterns().any(|p| !admits_number(p));
    let no_number_value = property.constraints.0.iter().any(|c| match &c.kind {
        ConstraintKind::AllowedValues(values) => !values.iter().any(|v| is_number(v)),
        _ => false,
    });
    (no_number_pattern || no_number_value).then_some(Expects::NotNumber)
}

/// A string, or a list of strings.
fn is_text(shape: &Shape) -> bool {
    match shape {
        Shape::Primitive(Primitive::String) => true,
        Shape::List(item) => matches!(**item, Shape::Primitive(Primitive::String)),
        _ => false,
    }
}

/// Rule 1: what every target gives, if they agree on a kind the validator can judge.
fn from_relationships(values: Option<&ValueTable>, property: &Property) -> Option<Expects> {
    let values = values?;
    let mut kinds = BTreeSet::new();
    if property.relationships.iter().any(|r| r.form.is_some()) {
        return Some(Expects::Composed);
    }
    for relationship in &property.relationships {
        let entry = values.types.get(&relationship.target_type)?;
        let kind = match relationship.via.as_ref()? {
            Via::Ref => entry.reference,
            Via::GetAtt(attribute) => {
                let produces = entry.attributes.get(attribute)?;
                if produces.list {
                    return None;
                }
                produces.kind
            }
        };
        kinds.insert(kind);
    }
    match kinds.into_iter().collect::<Vec<_>>()[..] {
        [Kind::Arn] => Some(Expects::Arn),
        [Kind::Id] => Some(Expects::TargetId),
        [Kind::Name] => Some(Expects::Name),
        [Kind::Url] => Some(Expects::Url),
        _ => None,
    }
}

/// Whether `text` is a number as a `Number` parameter holds it.
fn is_number(text: &str) -> bool {
    !text.is_empty() && text.parse::<f64>().is_ok_and(f64::is_finite)
}

/// Whether `pattern` matches some number: tried on numbers of every length to 20 digits, signed
/// and with fractions. A pattern that matches none of them (one that needs letters, `arn:`, `$`)
/// is taken to admit no number.
fn admits_number(pattern: &str) -> bool {
    let Ok(regex) = regex_lite::Regex::new(pattern) else {
        return true;
    };
    let mut probes: Vec<String> = Vec::new();
    for len in 1..=20 {
        for digit in ['0', '1', '5', '9'] {
            probes.push(std::iter::repeat_n(digit, len).collect());
        }
        let mut mixed: String = "1234567890".chars().cycle().take(len).collect();
        probes.push(mixed.clone());
        mixed.insert(0, '-');
        probes.push(mixed);
    }
    probes.extend(["0.5", "1.5", "-1.5", "1e3", "3.14159"].map(str::to_owned));
    probes.iter().any(|p| regex.is_match(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Relationship;
    use crate::read::values::{Produces, TypeValues};
    use std::collections::BTreeMap;

    fn property(name: &str, constraints: Vec<ConstraintKind>) -> Property {
        Property::test_string(name, false, constraints)
    }

    fn table() -> ValueTable {
        let mut types = BTreeMap::new();
        let role = TypeValues {
            reference: Kind::Name,
            attributes: BTreeMap::from([(
                "Arn".to_owned(),
                Produces {
                    list: false,
                    kind: Kind::Arn,
                },
            )]),
            text: "name Arn:arn".to_owned(),
        };
        types.insert("AWS::IAM::Role".to_owned(), role);
        ValueTable {
            file: "values/resource-values.json".to_owned(),
            types,
        }
    }

    fn related(name: &str, via: Via) -> Property {
        let mut p = property(name, vec![]);
        p.relationships.push(Relationship {
            target_type: "AWS::IAM::Role".to_owned(),
            target_property: "Arn".to_owned(),
            via: Some(via),
            form: None,
        });
        p
    }

    #[test]
    fn one_rule_for_every_property() {
        let t = table();
        let cases = [
            // 1: the target's attribute, whatever the name says.
            (
                related("Role", Via::GetAtt("Arn".to_owned())),
                Some(Expects::Arn),
            ),
            (related("RoleArn", Via::Ref), Some(Expects::Name)),
            // 2, 3.
            (
                property(
                    "Target",
                    vec![ConstraintKind::Pattern("^arn:aws:.*".into())],
                ),
                Some(Expects::Arn),
            ),
            (property("CredentialsArn", vec![]), Some(Expects::Arn)),
            (property("SubnetIds", vec![]), Some(Expects::Id)),
            (property("Id", vec![]), None),
            (property("Description", vec![]), None),
            // 4.
            (
                property(
                    "Mode",
                    vec![ConstraintKind::AllowedValues(vec![
                        "ON".into(),
                        "OFF".into(),
                    ])],
                ),
                Some(Expects::NotNumber),
            ),
            (
                property(
                    "Version",
                    vec![ConstraintKind::AllowedValues(vec![
                        "1.0".into(),
                        "2.0".into(),
                    ])],
                ),
                None,
            ),
            (
                property("Key", vec![ConstraintKind::Pattern("^\\$[a-z]+$".into())]),
                Some(Expects::NotNumber),
            ),
            (
                property("Code", vec![ConstraintKind::Pattern("^[0-9]{12}$".into())]),
                None,
            ),
            (
                property("Text", vec![ConstraintKind::Pattern("^[a-z0-9]+$".into())]),
                None,
            ),
        ];
        for (p, want) in cases {
            assert_eq!(expects(Some(&t), &p), want, "{}", p.name);
        }
    }

    #[test]
    fn unknown_targets_and_forms_say_nothing() {
        let mut p = related("Role", Via::Ref);
        p.relationships[0].target_type = "AWS::Nope::Nope".to_owned();
        assert_eq!(expects(Some(&table()), &p), None);
        assert_eq!(expects(None, &related("Role", Via::Ref)), None);
    }
}
