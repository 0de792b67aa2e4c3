//! Stage 3b: resolves the hand-written overlay (`spec/overlay/*-rules.json`)
//! against a service's resources, checks it, and adds its facts to the model.
//!
//! - Constraints join the property's constraints (source [`Source::Overlay`]), so they reach the
//!   docs, the validation tables and the enums like every other constraint.
//! - Rules become [`RuleSet`] rows, one per place and property, which the emitter writes as data.
//!
//! Nothing unchecked gets through: every place and property must exist in the model (places
//! inside `Json`-typed properties excepted), every condition value and checked value must be
//! in the property's closed value set when it has one, every rule id, named condition and format
//! must be declared, and every citation without a `url` must appear word for word in the
//! vendored documentation it names.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::ledger::{ItemKey, Ledger};
use crate::model::{
    Check, Condition, Constraint, ConstraintKind, Docs, Evidence, Format, Property,
    PropertyTypeKind, Resource, Rule, RuleSet, Service, Shape, Source,
};
use crate::read::Inputs;
use crate::read::overlay::{
    Cite, OverlayCheck, OverlayCondition, OverlayConstraint, OverlayEvidence, OverlayFile,
    OverlayRule, WhenItem,
};

/// Applies every overlay written for the service.
pub fn apply_overlays(inputs: &Inputs, service: &mut Service, ledger: &mut Ledger) -> Result<()> {
    for (file, overlay) in &inputs.overlays {
        if overlay.service == service.namespace {
            apply(file, overlay, service, ledger)?;
        }
    }
    Ok(())
}

/// Applies `overlay` (read from `file`) to `service`, recording its facts in `ledger`.
pub fn apply(
    file: &Path,
    overlay: &OverlayFile,
    service: &mut Service,
    ledger: &mut Ledger,
) -> Result<()> {
    let err = |at: String, message: String| Error::new(file, at, message);
    for (i, c) in overlay.constraints.iter().enumerate() {
        apply_constraint(service, c).map_err(|m| err(format!("/constraints/{i}"), m))?;
    }
    let formats: BTreeMap<String, Format> = overlay
        .formats
        .iter()
        .map(|(name, f)| {
            let format = Format {
                name: name.clone(),
                pattern: f.pattern.clone(),
                description: f.description.clone(),
            };
            (name.clone(), format)
        })
        .collect();
    let mut rules = Vec::new();
    for (i, rule) in overlay.rules.iter().enumerate() {
        let rows = resolve_rule(service, overlay, rule, &formats)
            .map_err(|m| err(format!("/rules/{i}"), m))?;
        rules.extend(rows);
    }
    for (i, omitted) in overlay.omitted.iter().enumerate() {
        let docs =
            docs_named(service, &omitted.doc).map_err(|m| err(format!("/omitted/{i}/doc"), m))?;
        check_quote(&omitted.text, &docs.text, &omitted.doc)
            .map_err(|m| err(format!("/omitted/{i}/text"), m))?;
    }
    for (n, rule) in rules.iter().enumerate() {
        ledger.kept(Source::Overlay, ItemKey::rule(&rule.type_name, n));
    }
    let same_api = match &overlay.same_api {
        Some(section) => Some(
            super::same_api::resolve(service, overlay, section)
                .map_err(|(at, m)| err(format!("/same_api{at}"), m))?,
        ),
        None => None,
    };
    if let Some(set) = &same_api {
        for (n, link) in set.links.iter().enumerate() {
            ledger.kept(Source::Overlay, ItemKey::link(&link.type_name, n));
        }
    }
    let mut evidence = Vec::new();
    for (i, e) in overlay.evidence.iter().enumerate() {
        evidence
            .extend(resolve_evidence(service, e).map_err(|m| err(format!("/evidence/{i}"), m))?);
    }
    service.rules = RuleSet {
        file: Some(file.to_string_lossy().replace('\\', "/")),
        ids: overlay.rule_ids.clone(),
        formats,
        rules,
        same_api,
        evidence,
    };
    Ok(())
}

fn apply_constraint(service: &mut Service, c: &OverlayConstraint) -> Result<(), String> {
    let mut kinds = Vec::new();
    if let Some(values) = &c.allowed_values {
        kinds.push(ConstraintKind::AllowedValues(values.clone()));
    }
    if let Some((min, max)) = c.range {
        kinds.push(ConstraintKind::Range { min, max });
    }
    if let Some((min, max)) = c.length {
        kinds.push(ConstraintKind::Length { min, max });
    }
    if kinds.is_empty() {
        return Err("a constraint needs `allowed_values`, `range` or `length`".to_owned());
    }
    for target in &c.on {
        let (resource, object) = split_target(service, target)?;
        let resource = service
            .resources
            .get_mut(&resource)
            .ok_or_else(|| format!("no resource `{resource}`"))?;
        let property = property_mut(resource, &object, &c.property)?;
        check_quote(&c.cite.text, &property.docs.text, &c.property)
            .or_else(|e| if c.cite.url.is_some() { Ok(()) } else { Err(e) })?;
        if let Some(allowed) = property.constraints.allowed_values()
            && let Some(values) = &c.allowed_values
            && values.iter().any(|v| !allowed.contains(v))
        {
            return Err(format!(
                "`{}` already allows only {allowed:?}",
                property.name
            ));
        }
        for kind in &kinds {
            property.constraints.0.push(Constraint {
                kind: kind.clone(),
                source: Source::Overlay,
                shape: None,
            });
        }
    }
    Ok(())
}

fn resolve_rule(
    service: &Service,
    overlay: &OverlayFile,
    rule: &OverlayRule,
    formats: &BTreeMap<String, Format>,
) -> Result<Vec<Rule>, String> {
    if !overlay.rule_ids.contains_key(&rule.id) {
        return Err(format!("rule id `{}` is not in `rule_ids`", rule.id));
    }
    let warning = match rule.severity.as_deref() {
        None | Some("error") => false,
        Some("warning") => true,
        Some(other) => return Err(format!("severity `{other}`: `error` or `warning`")),
    };
    let checks = checks(&rule.check, formats)?;
    let mut rows = Vec::new();
    for target in &rule.on {
        let (name, object) = split_target(service, target)?;
        let resource = service
            .resources
            .get(&name)
            .ok_or_else(|| format!("no resource `{name}`"))?;
        let place = place(resource, &object)?;
        let conditions = |items: &[WhenItem]| -> Result<Vec<Condition>, String> {
            let mut out = Vec::new();
            for item in items {
                let condition = match item {
                    WhenItem::Named(n) => overlay
                        .conditions
                        .get(n)
                        .ok_or_else(|| format!("no condition named `{n}`"))?,
                    WhenItem::Inline(c) => c,
                };
                out.push(condition_of(service, resource, place, condition)?);
            }
            Ok(out)
        };
        let when = conditions(&rule.when)?;
        let unless = conditions(&rule.unless)?;
        for property in &rule.properties {
            let schema = match place {
                Some(props) => Some(
                    props
                        .get(property)
                        .ok_or_else(|| format!("`{target}` has no property `{property}`"))?,
                ),
                None => None,
            };
            if let Some(p) = schema {
                check_values(p, &checks)?;
            }
            let docs = match (&rule.cite.doc, schema) {
                (Some(doc), _) => docs_named(service, doc)?,
                (None, Some(p)) => p.docs.clone(),
                (None, None) => Docs::default(),
            };
            let url = verify_cite(&rule.cite, &docs, property)?;
            rows.push(Rule {
                id: rule.id.clone(),
                type_name: resource.type_name.clone(),
                object: object.clone(),
                property: property.clone(),
                when: when.clone(),
                unless: unless.clone(),
                checks: checks.clone(),
                warning,
                message: rule.message.clone(),
                cite: rule.cite.text.clone(),
                url,
            });
        }
    }
    Ok(rows)
}

/// The citation's URL: its own (quoted from a page not vendored), else the documentation's
/// after checking the quote is in it.
pub(super) fn verify_cite(
    cite: &Cite,
    docs: &Docs,
    property: &str,
) -> Result<Option<String>, String> {
    match &cite.url {
        Some(url) if url.starts_with("https://docs.aws.amazon.com/") => Ok(Some(url.clone())),
        Some(url) => Err(format!(
            "cite url `{url}`: quote the AWS documentation (https://docs.aws.amazon.com/...)"
        )),
        None => {
            check_quote(
                &cite.text,
                &docs.text,
                cite.doc.as_deref().unwrap_or(property),
            )?;
            Ok(docs.url.clone())
        }
    }
}

pub(super) fn check_quote(text: &str, docs: &Option<String>, what: &str) -> Result<(), String> {
    let normalize = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let docs = docs
        .as_deref()
        .ok_or_else(|| format!("`{what}` has no documentation to quote; give a `url`"))?;
    if normalize(docs).contains(&normalize(text)) {
        Ok(())
    } else {
        Err(format!(
            "the documentation of `{what}` does not contain the quoted sentence {text:?}"
        ))
    }
}

fn checks(check: &OverlayCheck, formats: &BTreeMap<String, Format>) -> Result<Vec<Check>, String> {
    let format = |name: &String| {
        if formats.contains_key(name) {
            Ok(name.clone())
        } else {
            Err(format!("no format named `{name}`"))
        }
    };
    match check {
        OverlayCheck::Presence(p) if p == "absent" => Ok(vec![Check::Absent]),
        OverlayCheck::Presence(p) if p == "present" => Ok(vec![Check::Present]),
        OverlayCheck::Presence(p) => Err(format!(
            "check `{p}`: `absent`, `present` or an object of value checks"
        )),
        OverlayCheck::Values(v) => {
            let mut out = Vec::new();
            if let Some(values) = &v.values {
                out.push(Check::Values(values.clone()));
            }
            if let Some((min, max)) = v.range {
                out.push(Check::Range(min, max));
            }
            if let Some((min, max)) = v.items {
                out.push(Check::Items(min, max));
            }
            if let Some(f) = &v.format {
                out.push(Check::Format(format(f)?));
            }
            if let Some(f) = &v.key_format {
                out.push(Check::KeyFormat(format(f)?));
            }
            if let Some(f) = &v.value_format {
                out.push(Check::ValueFormat(format(f)?));
            }
            if out.is_empty() {
                return Err("an empty check".to_owned());
            }
            Ok(out)
        }
    }
}

/// Values a check or condition names must be in the property's closed value set, if any.
fn check_values(property: &Property, checks: &[Check]) -> Result<(), String> {
    for check in checks {
        if let Check::Values(values) = check {
            known_values(property, values)?;
        }
    }
    Ok(())
}

fn known_values(property: &Property, values: &[String]) -> Result<(), String> {
    if let Some(allowed) = property.constraints.allowed_values()
        && let Some(v) = values.iter().find(|v| !allowed.contains(v))
    {
        return Err(format!(
            "`{v}` is not an allowed value of `{}` ({allowed:?})",
            property.name
        ));
    }
    Ok(())
}

fn condition_of(
    service: &Service,
    resource: &Resource,
    place: Option<&BTreeMap<String, Property>>,
    c: &OverlayCondition,
) -> Result<Condition, String> {
    let resource_scope = match c.scope.as_deref() {
        None => false,
        Some("resource") => true,
        Some(other) => return Err(format!("condition scope `{other}`: only `resource`")),
    };
    // The properties the condition reads, when they can be known.
    let props = if resource_scope || c.via.is_some() {
        Some(&resource.properties)
    } else {
        place
    };
    let lookup = |name: &str| -> Result<Option<&Property>, String> {
        match props {
            Some(props) => props
                .get(name)
                .map(Some)
                .ok_or_else(|| format!("condition on unknown property `{name}`")),
            None => Ok(None),
        }
    };
    match (&c.property, &c.present, &c.absent) {
        (Some(property), None, None) => {
            let (values, negate) = match (&c.is_in, &c.not_in) {
                (Some(v), None) => (v.clone(), false),
                (None, Some(v)) => (v.clone(), true),
                _ => return Err("a property condition needs one of `in` and `not_in`".to_owned()),
            };
            let via = match &c.via {
                Some(via) => {
                    let p = lookup(via)?.ok_or("unreachable: via reads the resource")?;
                    for target in &p.relationships {
                        let target_resource = service
                            .resources
                            .values()
                            .find(|r| r.type_name == target.target_type);
                        if let Some(t) = target_resource {
                            let tp = t.properties.get(property).ok_or_else(|| {
                                format!("`{}` has no property `{property}`", t.type_name)
                            })?;
                            known_values(tp, &values)?;
                        }
                    }
                    Some(via.clone())
                }
                None => {
                    if let Some(p) = lookup(property)? {
                        known_values(p, &values)?;
                        if let Some(d) = &c.default {
                            known_values(p, std::slice::from_ref(d))?;
                        }
                    }
                    None
                }
            };
            Ok(Condition::Value {
                via,
                resource_scope,
                property: property.clone(),
                values,
                negate,
                default: c.default.clone(),
            })
        }
        (None, Some(p), None) | (None, None, Some(p)) if c.via.is_none() => {
            lookup(p)?;
            Ok(Condition::Present {
                resource_scope,
                property: p.clone(),
                negate: c.absent.is_some(),
            })
        }
        _ => Err(
            "a condition is one of: `property` with `in`/`not_in` (optionally `via`), `present`, `absent`"
                .to_owned(),
        ),
    }
}

/// One evidence entry, one row per place and property; every place and property must exist, and
/// the entry must cite at least one template and say why.
fn resolve_evidence(service: &Service, e: &OverlayEvidence) -> Result<Vec<Evidence>, String> {
    if e.templates.is_empty() || e.why.trim().is_empty() {
        return Err("evidence needs at least one template and a `why`".to_owned());
    }
    let valid_id = !e.rule.is_empty() && e.rule.chars().all(|c| c.is_ascii_lowercase() || c == '-');
    if !valid_id {
        return Err(format!("`{}` is not a rule id", e.rule));
    }
    let mut rows = Vec::new();
    for target in &e.on {
        let (name, object) = split_target(service, target)?;
        let resource = &service.resources[&name];
        if let Some(props) = place(resource, &object)? {
            for property in &e.properties {
                if !props.contains_key(property) {
                    return Err(format!("no property `{property}` at `{target}`"));
                }
            }
        }
        for property in &e.properties {
            rows.push(Evidence {
                rule: e.rule.clone(),
                type_name: resource.type_name.clone(),
                object: object.clone(),
                property: property.clone(),
                values: e.values.clone(),
                templates: e.templates.clone(),
                why: e.why.clone(),
            });
        }
    }
    Ok(rows)
}

/// `Integration` → (`Integration`, []); `Stage/RouteSettings/*` → (`Stage`, [RouteSettings, *]).
pub(super) fn split_target(
    service: &Service,
    target: &str,
) -> Result<(String, Vec<String>), String> {
    let mut parts = target.split('/');
    let name = parts.next().unwrap_or_default().to_owned();
    if !service.resources.contains_key(&name) {
        return Err(format!(
            "no resource `{name}` in `{}` (target `{target}`)",
            service.namespace
        ));
    }
    Ok((name, parts.map(str::to_owned).collect()))
}

/// The properties of the object at `path` under the resource's properties, or `None` inside a
/// `Json` value (where nothing can be checked against the model).
pub(super) fn place<'a>(
    resource: &'a Resource,
    path: &[String],
) -> Result<Option<&'a BTreeMap<String, Property>>, String> {
    let mut props = &resource.properties;
    let mut segments = path.iter();
    while let Some(segment) = segments.next() {
        let property = props
            .get(segment)
            .ok_or_else(|| format!("no property `{segment}` on the way to `{}`", path.join("/")))?;
        let mut shape = &property.shape;
        loop {
            match shape {
                Shape::List(inner) | Shape::Map(inner) => {
                    if segments.next().map(String::as_str) != Some("*") {
                        return Err(format!("`{segment}` is a list or map: follow it with `*`"));
                    }
                    shape = inner;
                }
                Shape::Named(name) => match resource.property_types.get(name).map(|t| &t.kind) {
                    Some(PropertyTypeKind::Struct { properties }) => {
                        props = properties;
                        break;
                    }
                    Some(PropertyTypeKind::Alias(alias)) => shape = alias,
                    None => return Err(format!("no property type `{name}`")),
                },
                Shape::Json => return Ok(None),
                Shape::Primitive(_) => {
                    return Err(format!("`{segment}` is not an object"));
                }
            }
        }
    }
    Ok(Some(props))
}

fn property_mut<'a>(
    resource: &'a mut Resource,
    object: &[String],
    property: &str,
) -> Result<&'a mut Property, String> {
    // Resolve the object's property type name immutably, then borrow it mutably.
    let type_name = match object {
        [] => None,
        _ => {
            let props = place(resource, object)?
                .ok_or("a constraint cannot be placed inside a `Json` value")?;
            let name = resource
                .property_types
                .iter()
                .find_map(|(name, pt)| match &pt.kind {
                    PropertyTypeKind::Struct { properties } if std::ptr::eq(properties, props) => {
                        Some(name.clone())
                    }
                    _ => None,
                });
            Some(name.ok_or("unreachable: the place is a property type")?)
        }
    };
    let props = match type_name {
        None => &mut resource.properties,
        Some(name) => match resource.property_types.get_mut(&name).map(|t| &mut t.kind) {
            Some(PropertyTypeKind::Struct { properties }) => properties,
            _ => return Err(format!("no property type `{name}`")),
        },
    };
    props
        .get_mut(property)
        .ok_or_else(|| format!("no property `{property}`"))
}

/// Documentation by name: `Resource`, `Resource.Property` or `Resource.PropertyType.Property`.
pub(super) fn docs_named(service: &Service, name: &str) -> Result<Docs, String> {
    let parts: Vec<&str> = name.split('.').collect();
    let resource = service
        .resources
        .get(parts[0])
        .ok_or_else(|| format!("no resource `{}`", parts[0]))?;
    let docs = match parts[1..] {
        [] => Some(&resource.docs),
        [p] => resource.properties.get(p).map(|p| &p.docs),
        [t, p] => resource
            .struct_properties(t)
            .and_then(|props| props.get(p))
            .map(|p| &p.docs),
        _ => None,
    };
    docs.cloned()
        .ok_or_else(|| format!("no documentation named `{name}`"))
}
