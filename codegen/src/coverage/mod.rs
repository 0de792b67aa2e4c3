//! Documentation coverage: is every normative sentence of the vendored documentation accounted
//! for? Beside the pipeline: it reads the enriched model (the documentation text rustdoc
//! renders, the constraints) and the overlay (its citations and `omitted` entries).
//!
//! - **Which text**: the documentation the model keeps for each resource, each of its
//!   properties and each property of a property type it uses (the newest source's text, see
//!   [`crate::merge`]; the overlay's citations are checked against the same text). Named as the
//!   overlay's `cite.doc` names them: `Api`, `Api.Name`, `Api.Cors.AllowOrigins`.
//! - **Which sentences**: [`sentences::sentences`] splits the text; a sentence is normative when
//!   it has one of [`sentences::MARKERS`]. The same sentence twice in one text counts once.
//! - **Accounted for**, tried in this order: a rule or constraint of the overlay cites it
//!   ([`matchers::cites`]) in the documentation it quotes (`cite.doc`) or in that of a property
//!   it checks, at any of its places (a rule on `Stage/DefaultRouteSettings` and
//!   `ApiGatewayManagedOverrides/Stage/DefaultRouteSettings` accounts for the sentence in
//!   `Stage.RouteSettings.X` and `ApiGatewayManagedOverrides.RouteSettings.X`); a
//!   machine-readable constraint of the property states it ([`matchers::constraint_match`]); an
//!   `omitted` entry of the overlay cites it for that documentation. Everything else is
//!   unaccounted, and listed.

pub mod matchers;
pub mod sentences;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::model::{Property, PropertyTypeKind, Resource, Service, Shape};
use crate::read::Inputs;
use crate::read::overlay::OverlayFile;
use matchers::{ConstraintMatch, cites, constraint_match};

/// How the normative sentences of the documentation are accounted for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coverage {
    /// Normative sentences (distinct per documentation item).
    pub total: usize,
    /// Accounted for by an overlay rule or constraint that cites them.
    pub by_rules: usize,
    /// Accounted for by a machine-readable constraint, per kind.
    pub by_constraints: BTreeMap<ConstraintMatch, usize>,
    /// Accounted for by an `omitted` entry.
    pub by_omitted: usize,
    /// The rest: (documentation name, sentence).
    pub unaccounted: Vec<(String, String)>,
    /// `omitted` entries that account for no sentence (another source does, or the sentence is
    /// not normative): (documentation name, quote).
    pub idle_omitted: Vec<(String, String)>,
}

impl Coverage {
    /// Adds another generation unit's counts and lists.
    pub fn absorb(&mut self, other: Coverage) {
        self.total += other.total;
        self.by_rules += other.by_rules;
        for (kind, n) in other.by_constraints {
            *self.by_constraints.entry(kind).or_default() += n;
        }
        self.by_omitted += other.by_omitted;
        self.unaccounted.extend(other.unaccounted);
        self.idle_omitted.extend(other.idle_omitted);
    }

    /// Sentences accounted for.
    pub fn accounted(&self) -> usize {
        self.total - self.unaccounted.len()
    }

    /// Accounted for by constraints, all kinds.
    pub fn constraints(&self) -> usize {
        self.by_constraints.values().sum()
    }

    /// The report's section: the figure, then every unaccounted sentence and idle entry.
    pub fn report(&self) -> String {
        let mut out = format!("{self}\n");
        let kinds: Vec<String> = self
            .by_constraints
            .iter()
            .map(|(kind, n)| format!("{n} {kind:?}"))
            .collect();
        if !kinds.is_empty() {
            out.push_str(&format!("  constraints by kind: {}\n", kinds.join(", ")));
        }
        for (doc, sentence) in &self.unaccounted {
            out.push_str(&format!("  unaccounted {doc}: {sentence}\n"));
        }
        for (doc, quote) in &self.idle_omitted {
            out.push_str(&format!(
                "  omitted entry accounts for nothing {doc}: {quote}\n"
            ));
        }
        out
    }
}

impl fmt::Display for Coverage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Rounded down, so 100.0% means every sentence.
        let tenths = (self.accounted() * 1000)
            .checked_div(self.total)
            .unwrap_or(1000);
        write!(
            f,
            "documentation coverage: {}/{} normative sentences accounted for ({}.{}%): {} by constraints, {} by rules, {} by omitted entries",
            self.accounted(),
            self.total,
            tenths / 10,
            tenths % 10,
            self.constraints(),
            self.by_rules,
            self.by_omitted
        )
    }
}

/// One documentation item: its name, text, and the property it documents (if one).
struct Doc<'a> {
    name: String,
    text: &'a str,
    property: Option<&'a Property>,
}

/// Measures the coverage of the documentation of every service that has an overlay by its
/// overlays and constraints. A service without one (every service but ApiGatewayV2 today) has
/// no documented rules to account for its sentences, so it is not measured: its constraints
/// come from the machine-readable sources only.
pub fn measure(inputs: &Inputs, services: &[Service]) -> Coverage {
    let mut coverage = Coverage::default();
    for service in services {
        let overlays: Vec<&OverlayFile> = inputs
            .overlays
            .iter()
            .map(|(_, o)| o)
            .filter(|o| o.service == service.namespace)
            .collect();
        if overlays.is_empty() {
            continue;
        }
        let (quotes, omitted) = quotes(service, &overlays);
        let mut used_omitted = BTreeSet::new();
        for doc in docs(service) {
            let mut seen = BTreeSet::new();
            let normative = sentences::sentences(doc.text)
                .into_iter()
                .filter(|s| !sentences::markers(s).is_empty());
            for sentence in normative {
                if !seen.insert(sentence.clone()) {
                    continue;
                }
                coverage.total += 1;
                let cited = |list: &[(String, String)]| {
                    list.iter()
                        .position(|(d, q)| *d == doc.name && cites(q, &sentence))
                };
                if cited(&quotes).is_some() {
                    coverage.by_rules += 1;
                } else if let Some(kind) = doc.property.and_then(|p| constraint_match(&sentence, p))
                {
                    *coverage.by_constraints.entry(kind).or_default() += 1;
                } else if let Some(i) = cited(&omitted) {
                    used_omitted.insert(i);
                    coverage.by_omitted += 1;
                } else {
                    coverage.unaccounted.push((doc.name.clone(), sentence));
                }
            }
        }
        coverage.idle_omitted.extend(
            omitted
                .into_iter()
                .enumerate()
                .filter(|(i, _)| !used_omitted.contains(i))
                .map(|(_, entry)| entry),
        );
    }
    coverage
}

/// The documentation items of a service: each resource, its properties, and the properties of
/// the property types it uses.
fn docs(service: &Service) -> Vec<Doc<'_>> {
    let mut items: Vec<(String, &Option<String>, Option<&Property>)> = Vec::new();
    for (name, resource) in &service.resources {
        items.push((name.clone(), &resource.docs.text, None));
        for (p, property) in &resource.properties {
            items.push((format!("{name}.{p}"), &property.docs.text, Some(property)));
        }
        let used = crate::emit::used_property_types(resource);
        for (t, pt) in &resource.property_types {
            if let (true, PropertyTypeKind::Struct { properties }) =
                (used.contains(t.as_str()), &pt.kind)
            {
                for (p, property) in properties {
                    items.push((
                        format!("{name}.{t}.{p}"),
                        &property.docs.text,
                        Some(property),
                    ));
                }
            }
        }
    }
    items
        .into_iter()
        .filter_map(|(name, text, property)| {
            Some(Doc {
                name,
                text: text.as_deref()?,
                property,
            })
        })
        .collect()
}

/// The overlays' quotes by documentation name: those of rules and constraints, and those of
/// `omitted` entries.
type Quotes = Vec<(String, String)>;

fn quotes(service: &Service, overlays: &[&OverlayFile]) -> (Quotes, Quotes) {
    let mut cited = Vec::new();
    let mut omitted = Vec::new();
    for overlay in overlays {
        for c in &overlay.constraints {
            for target in &c.on {
                if let Some(doc) = doc_name(service, target, &c.property) {
                    cited.push((doc, c.cite.text.clone()));
                }
            }
        }
        for rule in &overlay.rules {
            if let Some(doc) = &rule.cite.doc {
                cited.push((doc.clone(), rule.cite.text.clone()));
            }
            for target in &rule.on {
                for property in &rule.properties {
                    if let Some(doc) = doc_name(service, target, property) {
                        cited.push((doc, rule.cite.text.clone()));
                    }
                }
            }
        }
        for entry in &overlay.omitted {
            omitted.push((entry.doc.clone(), entry.text.clone()));
        }
    }
    (cited, omitted)
}

/// The documentation name of `property` at an overlay place (`Api/BodyS3Location` →
/// `Api.S3Location.<property>`); `None` inside a `Json` value or at a place that does not
/// resolve (the overlay stage has refused those already).
fn doc_name(service: &Service, target: &str, property: &str) -> Option<String> {
    let mut segments = target.split('/');
    let name = segments.next()?;
    let resource = service.resources.get(name)?;
    let mut type_name: Option<&str> = None;
    for segment in segments.filter(|s| *s != "*") {
        let props = match type_name {
            None => &resource.properties,
            Some(t) => resource.struct_properties(t)?,
        };
        type_name = Some(struct_of(resource, &props.get(segment)?.shape)?);
    }
    Some(match type_name {
        None => format!("{name}.{property}"),
        Some(t) => format!("{name}.{t}.{property}"),
    })
}

/// The struct property type a shape holds, through lists, maps and aliases.
fn struct_of<'a>(resource: &'a Resource, shape: &'a Shape) -> Option<&'a str> {
    match shape {
        Shape::List(inner) | Shape::Map(inner) => struct_of(resource, inner),
        Shape::Named(n) => match &resource.property_types.get(n)?.kind {
            PropertyTypeKind::Struct { .. } => Some(n),
            PropertyTypeKind::Alias(alias) => struct_of(resource, alias),
        },
        Shape::Primitive(_) | Shape::Json => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlay_places_name_the_documentation_of_their_properties() {
        let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        let inputs = crate::read::read_dir(&spec).unwrap();
        let services = crate::build_model(&inputs).unwrap().services;
        let service = &services[0];
        let cases = [
            ("Api", "Name", Some("Api.Name")),
            (
                "Api/BodyS3Location",
                "Bucket",
                Some("Api.BodyS3Location.Bucket"),
            ),
            // Through a differently named property type.
            (
                "ApiGatewayManagedOverrides/Stage/DefaultRouteSettings",
                "LoggingLevel",
                Some("ApiGatewayManagedOverrides.RouteSettings.LoggingLevel"),
            ),
            // Through a map, then a list.
            (
                "Integration/ResponseParameters/*/ResponseParameters/*",
                "Destination",
                Some("Integration.ResponseParameter.Destination"),
            ),
            // Through lists.
            (
                "RoutingRule/Conditions/*/MatchHeaders/AnyOf/*",
                "Header",
                Some("RoutingRule.MatchHeaderValue.Header"),
            ),
            // Inside a `Json` value (the overrides' `RouteSettings`), and nowhere.
            (
                "ApiGatewayManagedOverrides/Stage/RouteSettings/*",
                "LoggingLevel",
                None,
            ),
            ("Nothing", "X", None),
        ];
        for (target, property, expected) in cases {
            assert_eq!(
                doc_name(service, target, property).as_deref(),
                expected,
                "{target} {property}"
            );
        }
    }

    #[test]
    fn the_figure_rounds_down() {
        let mut coverage = Coverage {
            total: 3000,
            by_rules: 2999,
            ..Coverage::default()
        };
        coverage.unaccounted.push(("A".into(), "One.".into()));
        coverage.by_rules -= 1;
        let text = coverage.to_string();
        assert!(
            text.contains("2999/3000") && text.contains("(99.9%)"),
            "{text}"
        );
        assert!(
            Coverage::default()
                .to_string()
                .contains("0/0 normative sentences accounted for (100.0%)")
        );
    }
}
