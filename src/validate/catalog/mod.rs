//! The rule catalogue: every rule id findings carry, with its severity, family, summary, full
//! description, help page, where its findings' source is, and the rows of data that drive it.
//!
//! One table ([`CATALOG`]) holds the rules the validator's code defines; the documented rules'
//! ids come from the generated tables ([`crate::DOCUMENTED_RULE_IDS`]), and an id a service adds
//! that this table does not describe still gets an entry ([`all`]). The command line's
//! `validate --list-rules` and `explain RULE`, and SARIF's `tool.driver.rules`, read it.

use std::borrow::Cow;

use super::{Cite, Origin, Severity};
use crate::schema::{ConstraintKind, PropertySchema, ResourceSchema, Shape};

/// Which part of the validator a rule belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Reading the text.
    Input,
    /// The template's anatomy: sections, resources, parameters, outputs.
    Template,
    /// The generated tables of the resource types.
    Schema,
    /// References between the template's parts.
    References,
    /// What references, parameters and functions give a field.
    ValueKinds,
    /// The documentation's rules (the overlay).
    DocumentedRules,
    /// The links between the resources of one API (the overlay).
    SameApi,
    /// The validator's own suppressions in the template's `Metadata`.
    Suppressions,
}

impl Family {
    /// The family's name, as listings and SARIF's rule `properties` show it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Family::Input => "input",
            Family::Template => "template",
            Family::Schema => "schema",
            Family::References => "references",
            Family::ValueKinds => "value kinds",
            Family::DocumentedRules => "documented rules",
            Family::SameApi => "same-API",
            Family::Suppressions => "suppressions",
        }
    }
}

/// The data that drives a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Data {
    /// Checks written in the validator's code: no table of data.
    HandWritten,
    /// Every property row of the generated tables.
    Properties,
    /// The required property rows of the generated tables.
    Required,
    /// The deprecated property rows of the generated tables.
    Deprecated,
    /// The constraints of one kind in the generated tables (named as [`ConstraintKind`]'s).
    Constraints(&'static str),
    /// The `Fn::GetAtt` attributes of the generated resource types.
    Attributes,
    /// The relationships of the generated tables' fields (`Ref`/`Fn::GetAtt` targets).
    Relationships,
    /// The resource types of the value-kind table.
    ValueKinds,
    /// The generated documented-rule and same-API rows with the rule's id.
    Documented,
}

/// One rule of the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    /// The stable id findings carry.
    pub id: &'static str,
    /// The severity as documented: `error`, `warning`, `error (one warning)`.
    pub severity: &'static str,
    /// The level its findings have unless a row says otherwise (SARIF's default level).
    pub level: Severity,
    /// The part of the validator it belongs to.
    pub family: Family,
    /// Where its rule comes from, when a finding cites nothing more precise.
    pub origin: Origin,
    /// One line: what holds when the rule is satisfied.
    pub summary: &'static str,
    /// What it checks and why.
    pub description: &'static str,
    /// The page that documents what it checks (empty: the first documented row's page).
    pub url: &'static str,
    /// The data that drives it.
    pub data: Data,
}

mod table;
pub use table::CATALOG;

/// Every rule: [`CATALOG`], then any documented rule id of the generated tables it does not
/// describe (with the generated one-line description), each once.
pub fn all() -> impl Iterator<Item = RuleInfo> {
    let generated = crate::DOCUMENTED_RULE_IDS
        .iter()
        .flat_map(|ids| ids.iter())
        .filter(|(id, _)| CATALOG.iter().all(|rule| rule.id != *id))
        .map(|&(id, summary)| RuleInfo {
            id,
            severity: "error",
            level: Severity::Error,
            family: Family::DocumentedRules,
            origin: Origin::Documentation,
            summary,
            description: summary,
            url: "",
            data: Data::Documented,
        });
    let mut seen = std::collections::HashSet::new();
    CATALOG
        .iter()
        .copied()
        .chain(generated)
        .filter(move |rule| seen.insert(rule.id))
}

/// The rule with this id.
pub fn get(id: &str) -> Option<RuleInfo> {
    all().find(|rule| rule.id == id)
}

/// The cite of a finding of rule `id` that cites nothing more precise: the rule's origin, its
/// summary and page. Borrowed static data: nothing is allocated.
pub(crate) fn cite(id: &str) -> Option<Cite> {
    let rule = CATALOG.iter().find(|rule| rule.id == id)?;
    Some(Cite {
        origin: rule.origin,
        note: Cow::Borrowed(rule.summary),
        url: rule.help_url().map(Cow::Borrowed),
    })
}

impl RuleInfo {
    /// The page that documents the rule: its own, else its first documented row's.
    pub fn help_url(&self) -> Option<&'static str> {
        if !self.url.is_empty() {
            return Some(self.url);
        }
        documented_rows(self.id).find_map(|row| row.url)
    }

    /// How many rows of data drive the rule; `None` for hand-written checks.
    pub fn rows(&self) -> Option<usize> {
        let mut count = 0;
        match self.data {
            Data::HandWritten => return None,
            Data::Documented => return Some(documented_rows(self.id).count()),
            Data::ValueKinds => {
                return Some(crate::resource_values::RESOURCE_VALUES.lines().count());
            }
            Data::Attributes => return Some(schemas().map(|s| s.attributes.len()).sum()),
            Data::Properties => each_property(|_| count += 1),
            Data::Required => each_property(|p| count += usize::from(p.required)),
            Data::Deprecated => each_property(|p| count += usize::from(p.deprecated)),
            Data::Relationships => each_property(|p| count += p.relationships.len()),
            Data::Constraints(kind) => each_property(|p| {
                count += p
                    .constraints
                    .iter()
                    .filter(|c| kind_name(&c.kind) == kind)
                    .count();
            }),
        }
        Some(count)
    }

    /// The severity to show: what the rows give ([`RuleInfo::severity_of_rows`]), else the
    /// documented [`RuleInfo::severity`].
    pub fn severity_text(&self) -> Cow<'static, str> {
        match self.severity_of_rows() {
            Some(computed) => Cow::Owned(computed),
            None => Cow::Borrowed(self.severity),
        }
    }

    /// The severity its rows give, for rules driven by documented rows: `error`, `warning`, or
    /// `error (two warnings)` where some rows are warnings (counted by resource type and
    /// property: one sentence may make several rows). `None` for other rules.
    pub fn severity_of_rows(&self) -> Option<String> {
        if self.data != Data::Documented {
            return None;
        }
        let mut warnings: Vec<(&str, &[&str], &str)> = Vec::new();
        let mut errors = 0;
        for row in documented_rows(self.id) {
            match row.severity {
                Severity::Warning => warnings.push((row.resource, row.object, row.property)),
                Severity::Error => errors += 1,
            }
        }
        warnings.sort_unstable();
        warnings.dedup();
        const WORDS: [&str; 6] = ["no", "one", "two", "three", "four", "five"];
        Some(match (errors, warnings.len()) {
            (_, 0) => "error".to_owned(),
            (0, _) => "warning".to_owned(),
            (_, 1) => "error (one warning)".to_owned(),
            (_, n) => match WORDS.get(n) {
                Some(word) => format!("error ({word} warnings)"),
                None => format!("error ({n} warnings)"),
            },
        })
    }

    /// What the rows of [`RuleInfo::rows`] are.
    pub fn data_description(&self) -> &'static str {
        match self.data {
            Data::HandWritten => "hand-written checks (no table of data)",
            Data::Properties => "property rows of the generated tables",
            Data::Required => "required property rows of the generated tables",
            Data::Deprecated => "deprecated property rows of the generated tables",
            Data::Constraints(_) => "constraints of this kind in the generated tables",
            Data::Attributes => "Fn::GetAtt attributes of the generated resource types",
            Data::Relationships => "relationships of the generated tables' fields",
            Data::ValueKinds => "resource types in the value-kind table",
            Data::Documented => "generated rows with this id (from spec/overlay/)",
        }
    }
}

/// A documented row: a [`crate::schema::Rule`] or a same-API [`crate::schema::Link`].
#[derive(Debug, Clone, Copy)]
pub struct DocumentedRow {
    /// The resource type.
    pub resource: &'static str,
    /// The path from `Properties` to the object holding the property.
    pub object: &'static [&'static str],
    /// The property.
    pub property: &'static str,
    /// How bad a violation is.
    pub severity: Severity,
    /// The sentence it comes from.
    pub cite: &'static str,
    /// The page that sentence is on.
    pub url: Option<&'static str>,
}

/// The documented rows with rule id `id`: documented rules, then same-API links.
pub fn documented_rows(id: &str) -> impl Iterator<Item = DocumentedRow> + '_ {
    let rules = super::rules::all()
        .filter(move |rule| rule.id == id)
        .map(|rule| DocumentedRow {
            resource: rule.resource,
            object: rule.object,
            property: rule.property,
            severity: rule.severity,
            cite: rule.cite,
            url: rule.url,
        });
    let links = crate::SAME_API
        .iter()
        .flat_map(|api| api.links.iter())
        .filter(move |link| link.id == id)
        .map(|link| DocumentedRow {
            resource: link.resource,
            object: link.object,
            property: link.property,
            severity: link.severity,
            cite: link.cite,
            url: link.url,
        });
    rules.chain(links)
}

/// The name of a constraint's kind, as [`Data::Constraints`] holds it.
fn kind_name(kind: &ConstraintKind) -> &'static str {
    match kind {
        ConstraintKind::AllowedValues(_) => "AllowedValues",
        ConstraintKind::Pattern(_) => "Pattern",
        ConstraintKind::Length(..) => "Length",
        ConstraintKind::Range(..) => "Range",
        ConstraintKind::Items(..) => "Items",
        ConstraintKind::UniqueItems => "UniqueItems",
        ConstraintKind::KeyPattern(_) => "KeyPattern",
    }
}

fn schemas() -> impl Iterator<Item = &'static ResourceSchema> {
    crate::SCHEMAS.iter().flat_map(|s| s.iter().copied())
}

/// Calls `f` on every property row of the generated tables, each table once (property types
/// shared or recursive included).
fn each_property(mut f: impl FnMut(&'static PropertySchema)) {
    fn walk(
        rows: &'static [PropertySchema],
        seen: &mut Vec<*const PropertySchema>,
        f: &mut dyn FnMut(&'static PropertySchema),
    ) {
        if seen.contains(&rows.as_ptr()) {
            return;
        }
        seen.push(rows.as_ptr());
        for row in rows {
            f(row);
            let mut shape = &row.shape;
            while let Shape::List(inner) | Shape::Map(inner) = shape {
                shape = inner;
            }
            if let Shape::Object(_, inner) = shape {
                walk(inner, seen, f);
            }
        }
    }
    let mut seen = Vec::new();
    for schema in schemas() {
        walk(schema.properties, &mut seen, &mut f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_every_documented_id_is_described() {
        let ids: Vec<&str> = all().map(|r| r.id).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len());
        for (id, _) in crate::DOCUMENTED_RULE_IDS.iter().flat_map(|i| i.iter()) {
            assert!(CATALOG.iter().any(|r| r.id == *id), "{id} is not described");
        }
    }

    /// The severities the catalogue documents for documented rules are what their rows give.
    #[test]
    fn documented_severities_are_the_rows() {
        for rule in CATALOG {
            if let Some(computed) = rule.severity_of_rows() {
                assert_eq!(rule.severity, computed, "{}", rule.id);
            }
        }
    }

    #[test]
    fn every_rule_has_a_page_and_data_rules_have_rows() {
        for rule in all() {
            let url = rule.help_url().unwrap_or_default();
            assert!(url.starts_with("http"), "{}: {url:?}", rule.id);
            match rule.data {
                Data::HandWritten => assert_eq!(rule.rows(), None),
                // Every kind but item counts and uniqueness has rows in the generated tables.
                Data::Constraints("Items" | "UniqueItems") => assert!(rule.rows().is_some()),
                _ => assert!(rule.rows().unwrap_or(0) > 0, "{}", rule.id),
            }
        }
    }

    /// The rows counted from the tables are the rows the generator wrote: counted again in the
    /// text of the checked-in `generated/` files of the enabled services.
    #[test]
    fn the_counts_are_the_generated_rows() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("generated");
        let enabled: std::collections::BTreeSet<String> = crate::SCHEMAS
            .iter()
            .flat_map(|s| s.iter())
            .filter_map(|s| s.type_name.split("::").nth(1))
            .map(str::to_lowercase)
            .collect();
        let (mut rows, mut required, mut ranges) = (0, 0, 0);
        let mut stack: Vec<_> = enabled.iter().map(|m| dir.join(m)).collect();
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if let Ok(text) = std::fs::read_to_string(&path) {
                    required += text.matches("PropertySchema::required(").count();
                    rows += text.matches("PropertySchema::optional(").count();
                    ranges += ["Constraint::range(", "Constraint::min(", "Constraint::max("]
                        .iter()
                        .map(|f| text.matches(f).count())
                        .sum::<usize>();
                }
            }
        }
        rows += required;
        assert_eq!(get("unknown-property").unwrap().rows(), Some(rows));
        assert_eq!(get("type").unwrap().rows(), Some(rows));
        assert_eq!(get("required").unwrap().rows(), Some(required));
        assert_eq!(get("range").unwrap().rows(), Some(ranges));
    }
}
