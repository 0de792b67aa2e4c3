//! Folds the facts of every source into one [`Service`] per namespace.
//!
//! # Merge rule
//! - **Existence and types**: the registry schema is authoritative. A resource, property,
//!   attribute or property type exists if the registry has it; its shape is the registry's.
//!   Read-only registry properties are attributes, not settable properties.
//! - **Facts only older sources still have** are kept, never dropped: a property that only the
//!   legacy specification or the service database still lists (e.g. `Stage.AccessPolicyId`) is
//!   generated with `#[deprecated]` and the reason, using the newest shape any source gives
//!   (service database, then legacy). A legacy property type that nothing generated refers to
//!   any more, and whose name the registry now uses for something else, is recorded as
//!   *superseded* in the ledger (printed in the summary) rather than generated.
//! - **Required**: the registry's `required` (the legacy `Required` only for deprecated facts).
//! - **Update behaviour**: registry `createOnlyProperties` → replacement; otherwise the legacy
//!   `UpdateType` (`Mutable`/`Conditional`); otherwise `Mutable` for registry properties.
//! - **Documentation text**: the newest text wins: service database, then `cfn-docs.json`, then
//!   the registry `description`. **Documentation URL**: the legacy specification's.
//! - **Constraints**: the union of the registry's and the API model's ([`crate::api_match`]),
//!   each remembering its source; one stated by both is kept once.
//! - **Relationships**: the service database's `relationshipRefs`.
//!
//! Every fact read is entered in a [`Ledger`] with where it went; [`crate::generate`] checks that
//! everything the ledger says was kept was emitted.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::api_match::{self, MatchReport};
use crate::error::{Error, Result, pointer};
use crate::model::{
    Attribute, Docs, Property, PropertyType, PropertyTypeKind, Resource, RuleSet, Service, Shape,
    Source, UpdateType,
};
use crate::read::Inputs;
use crate::read::api_model::ApiModel;
use crate::read::legacy::{self, LegacyProperty};
use crate::read::registry::{RegistryDefinition, RegistryProperty};
use crate::read::service_spec::{ServiceSpec, SsProperty};

/// The kinds of fact the ledger counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FactKind {
    /// A resource type.
    Resource,
    /// A property of a resource.
    Property,
    /// An attribute of a resource.
    Attribute,
    /// A property type.
    PropertyType,
    /// A property of a property type.
    TypeProperty,
    /// A relationship of a property to another resource.
    Relationship,
    /// A constraint on a property's value.
    Constraint,
    /// A resource type outside the service that a relationship names.
    ReferencedResource,
    /// An attribute of such a resource type.
    ReferencedAttribute,
    /// The documented form of a relationship's value.
    ReferenceForm,
    /// A field that accepts more than its relationships' target types.
    OpenReference,
    /// A documented rule (the overlay).
    Rule,
}

impl FactKind {
    /// Plural label for summaries.
    pub fn label(self) -> &'static str {
        match self {
            FactKind::Resource => "resources",
            FactKind::Property => "properties",
            FactKind::Attribute => "attributes",
            FactKind::PropertyType => "property types",
            FactKind::TypeProperty => "property-type properties",
            FactKind::Relationship => "relationships",
            FactKind::Constraint => "constraints",
            FactKind::ReferencedResource => "referenced resource types",
            FactKind::ReferencedAttribute => "referenced resource attributes",
            FactKind::ReferenceForm => "reference forms",
            FactKind::OpenReference => "open references",
            FactKind::Rule => "rules",
        }
    }
}

/// Identifies one item of the model: `(kind, "AWS::X::Y", "Type.Prop" or "Prop" or "")`.
pub type ItemKey = (FactKind, String, String);

/// Where each fact read from a source went.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ledger {
    /// `(source, item)` → `None` when the fact is in the model as `item`, `Some(reason)` when it
    /// was superseded.
    pub facts: BTreeMap<(Source, ItemKey), Option<String>>,
    /// What generation chose not to do with facts it kept, and why (printed by `--report`).
    pub notes: Vec<String>,
}

impl Ledger {
    pub(crate) fn kept(&mut self, source: Source, key: ItemKey) {
        self.facts.insert((source, key), None);
    }

    fn superseded(&mut self, source: Source, key: ItemKey, reason: String) {
        self.facts.insert((source, key), Some(reason));
    }

    /// Facts read, by source and kind.
    pub fn read_counts(&self) -> BTreeMap<(Source, FactKind), usize> {
        let mut out = BTreeMap::new();
        for (source, (kind, _, _)) in self.facts.keys() {
            *out.entry((*source, *kind)).or_insert(0) += 1;
        }
        out
    }

    /// The model items that must appear in the generated code.
    pub fn kept_items(&self) -> BTreeSet<&ItemKey> {
        self.facts
            .iter()
            .filter(|(_, why)| why.is_none())
            .map(|((_, key), _)| key)
            .collect()
    }

    /// Superseded facts with their reasons.
    pub fn superseded_facts(&self) -> impl Iterator<Item = (&(Source, ItemKey), &String)> {
        self.facts
            .iter()
            .filter_map(|(k, why)| why.as_ref().map(|w| (k, w)))
    }
}

/// Merges all inputs into services (by namespace) and the ledger.
pub fn merge(inputs: &Inputs) -> Result<(Vec<Service>, Ledger, MatchReport)> {
    let mut ledger = Ledger::default();
    let mut resources: BTreeMap<String, (PathBuf, Resource)> = BTreeMap::new();

    for (file, schema) in &inputs.registry {
        let resource = from_registry(file, schema, &mut ledger)?;
        if let Some((other, _)) = resources.get(&schema.type_name) {
            return Err(Error::new(
                file,
                "/typeName",
                format!(
                    "`{}` is also defined by {}",
                    schema.type_name,
                    other.display()
                ),
            ));
        }
        resources.insert(schema.type_name.clone(), (file.clone(), resource));
    }
    if let Some((file, spec)) = &inputs.legacy {
        let docs = inputs.legacy_docs.as_ref().map(|(_, d)| d);
        merge_legacy(file, spec, docs, &mut resources, &mut ledger)?;
    }
    for (file, spec) in &inputs.service_spec {
        merge_service_spec(file, spec, &mut resources, &mut ledger)?;
    }

    let mut services: BTreeMap<String, Service> = BTreeMap::new();
    let legacy_version = inputs
        .legacy
        .as_ref()
        .map(|(_, s)| s.resource_specification_version.as_str());
    for (type_name, (file, mut resource)) in resources {
        fill_default_urls(&mut resource);
        mark_deprecated(&mut resource, legacy_version);
        check_references(&file, &resource)?;
        let namespace = namespace_of(&type_name).ok_or_else(|| {
            Error::new(
                &file,
                "/typeName",
                format!("`{type_name}` is not of the form `AWS::Service::Resource`"),
            )
        })?;
        services
            .entry(namespace.to_owned())
            .or_insert_with(|| Service {
                namespace: namespace.to_owned(),
                resources: BTreeMap::new(),
                inputs: inputs.files.clone(),
                enums: BTreeMap::new(),
                referenced: BTreeMap::new(),
                rules: RuleSet::default(),
            })
            .resources
            .insert(resource.name.clone(), resource);
    }
    let mut report = MatchReport::default();
    for service in services.values_mut() {
        if let Some(model) = api_model_for(inputs, &service.namespace) {
            api_match::apply(model, &mut service.resources, &mut report);
        }
        for (file, overlay) in &inputs.overlays {
            if overlay.service == service.namespace {
                crate::overlay::apply(file, overlay, service, &mut ledger)?;
            }
        }
        crate::enums::assign(service)?;
        crate::references::resolve(inputs, service, &mut ledger)?;
        for resource in service.resources.values() {
            record_constraints(resource, &mut ledger);
        }
    }
    Ok((services.into_values().collect(), ledger, report))
}

/// The API model of a namespace: `botocore/<service>-service-2.json` named like the namespace's
/// last part, or the only one there is.
fn api_model_for<'a>(inputs: &'a Inputs, namespace: &str) -> Option<&'a ApiModel> {
    let service = namespace.rsplit("::").next()?.to_lowercase();
    let named = inputs.api_models.iter().find(|(path, _)| {
        path.file_name()
            .and_then(|f| f.to_str())
            .and_then(|f| f.strip_suffix("-service-2.json"))
            == Some(service.as_str())
    });
    match (named, inputs.api_models.as_slice()) {
        (Some((_, model)), _) => Some(model),
        (None, [(_, only)]) => Some(only),
        _ => None,
    }
}

/// Every constraint in the model is a fact the emitter must render (in the field's docs now;
/// in validation tables later).
fn record_constraints(resource: &Resource, ledger: &mut Ledger) {
    let structs = resource
        .property_types
        .values()
        .filter_map(|pt| match &pt.kind {
            PropertyTypeKind::Struct { properties } => Some((format!("{}.", pt.name), properties)),
            PropertyTypeKind::Alias(_) => None,
        });
    for (prefix, properties) in
        std::iter::once((String::new(), &resource.properties)).chain(structs)
    {
        for p in properties.values() {
            for (i, c) in p.constraints.0.iter().enumerate() {
                ledger.kept(
                    c.source,
                    constraint_key(&resource.type_name, &format!("{prefix}{}", p.name), i),
                );
            }
        }
    }
}

/// The ledger key of the `index`th constraint of a property (`Prop` or `Type.Prop`).
pub fn constraint_key(type_name: &str, property: &str, index: usize) -> ItemKey {
    key(
        FactKind::Constraint,
        type_name,
        format!("{property}#{index}"),
    )
}

/// `AWS::ApiGatewayV2::Integration` → `AWS::ApiGatewayV2`.
pub fn namespace_of(type_name: &str) -> Option<&str> {
    let (ns, name) = type_name.rsplit_once("::")?;
    (ns.contains("::") && !name.is_empty()).then_some(ns)
}

fn file_name(file: &Path) -> String {
    file.to_string_lossy().replace('\\', "/")
}

fn short_name(type_name: &str) -> &str {
    type_name.rsplit_once("::").map_or(type_name, |(_, n)| n)
}

fn key(kind: FactKind, type_name: &str, item: impl Into<String>) -> ItemKey {
    (kind, type_name.to_owned(), item.into())
}

fn from_registry(
    file: &Path,
    schema: &crate::read::registry::RegistrySchema,
    ledger: &mut Ledger,
) -> Result<Resource> {
    let tn = &schema.type_name;
    if namespace_of(tn).is_none() {
        return Err(Error::new(
            file,
            "/typeName",
            format!("`{tn}` is not of the form `AWS::Service::Resource`"),
        ));
    }
    ledger.kept(Source::Registry, key(FactKind::Resource, tn, ""));
    let mut properties = BTreeMap::new();
    let mut attributes = BTreeMap::new();
    for (name, p) in &schema.properties {
        if schema.read_only.contains(name) {
            ledger.kept(
                Source::Registry,
                key(FactKind::Attribute, tn, name.as_str()),
            );
            attributes.insert(
                name.clone(),
                Attribute {
                    name: name.clone(),
                    docs: Docs {
                        text: p.description.clone(),
                        url: None,
                    },
                    shape: p.shape.clone(),
                    sources: BTreeSet::from([Source::Registry]),
                },
            );
        } else {
            ledger.kept(Source::Registry, key(FactKind::Property, tn, name.as_str()));
            let update = if schema.create_only.contains(name) {
                UpdateType::Immutable
            } else {
                UpdateType::Mutable
            };
            properties.insert(name.clone(), registry_property(name, p, update));
        }
    }
    for name in &schema.read_only {
        if !schema.properties.contains_key(name) {
            return Err(Error::new(
                file,
                "/readOnlyProperties",
                format!("`/properties/{name}` is listed as read-only but is not a property"),
            ));
        }
    }
    let mut property_types = BTreeMap::new();
    for (def_name, def) in &schema.definitions {
        ledger.kept(
            Source::Registry,
            key(FactKind::PropertyType, tn, def_name.as_str()),
        );
        let (docs, kind) = match def {
            RegistryDefinition::Struct {
                description,
                properties,
            } => {
                let mut props = BTreeMap::new();
                for (name, p) in properties {
                    ledger.kept(
                        Source::Registry,
                        key(FactKind::TypeProperty, tn, format!("{def_name}.{name}")),
                    );
                    props.insert(
                        name.clone(),
                        registry_property(name, p, UpdateType::Unknown),
                    );
                }
                (description, PropertyTypeKind::Struct { properties: props })
            }
            RegistryDefinition::Alias { description, shape } => {
                (description, PropertyTypeKind::Alias(shape.clone()))
            }
        };
        property_types.insert(
            def_name.clone(),
            PropertyType {
                name: def_name.clone(),
                docs: Docs {
                    text: docs.clone(),
                    url: None,
                },
                kind,
                deprecated: None,
            },
        );
    }
    Ok(Resource {
        type_name: tn.clone(),
        name: short_name(tn).to_owned(),
        docs: Docs {
            text: schema.description.clone(),
            url: None,
        },
        properties,
        attributes,
        property_types,
        primary_identifier: schema.primary_identifier.clone(),
        deprecated: None,
        file: file_name(file),
    })
}

fn registry_property(name: &str, p: &RegistryProperty, update: UpdateType) -> Property {
    let mut property = Property::new(name, p.shape.clone(), p.required, update);
    property.docs.text = p.description.clone();
    property.constraints = p.constraints.clone();
    property.sources.insert(Source::Registry);
    property
}

fn legacy_only_reason(version: &str) -> String {
    format!(
        "only the legacy CloudFormation resource specification ({version}) still lists this; \
         the current registry schema does not"
    )
}

fn merge_legacy(
    file: &Path,
    spec: &legacy::LegacySpec,
    docs: Option<&legacy::DocsFile>,
    resources: &mut BTreeMap<String, (PathBuf, Resource)>,
    ledger: &mut Ledger,
) -> Result<()> {
    let spec = &localize_shared_property_types(spec);
    check_legacy_references(file, spec)?;
    let version = &spec.resource_specification_version;
    let type_docs = |name: &str| docs.and_then(|d| d.types.get(name));
    for (tn, lr) in &spec.resource_types {
        let at = pointer("/ResourceTypes", tn);
        ledger.kept(Source::Legacy, key(FactKind::Resource, tn, ""));
        let (_, resource) = resources.entry(tn.clone()).or_insert_with(|| {
            (
                file.to_path_buf(),
                Resource {
                    type_name: tn.clone(),
                    name: short_name(tn).to_owned(),
                    docs: Docs::default(),
                    properties: BTreeMap::new(),
                    attributes: BTreeMap::new(),
                    property_types: BTreeMap::new(),
                    primary_identifier: Vec::new(),
                    deprecated: Some(legacy_only_reason(version)),
                    file: file_name(file),
                },
            )
        });
        resource.docs.url = lr.documentation.clone().or(resource.docs.url.take());
        let td = type_docs(tn);
        if let Some(text) = td.and_then(|d| d.description.clone()) {
            resource.docs.text = Some(text);
        }
        for (name, lp) in &lr.properties {
            let prop_at = pointer(&pointer(&at, "Properties"), name);
            ledger.kept(Source::Legacy, key(FactKind::Property, tn, name.as_str()));
            let text = td.and_then(|d| d.properties.get(name)).cloned();
            merge_legacy_property(file, &prop_at, &mut resource.properties, name, lp, text)?;
        }
        for (name, la) in &lr.attributes {
            let attr_at = pointer(&pointer(&at, "Attributes"), name);
            ledger.kept(Source::Legacy, key(FactKind::Attribute, tn, name.as_str()));
            let text = td.and_then(|d| d.attributes.get(name)).cloned();
            let shape = la.shape.to_shape(file, &attr_at)?;
            let attr = resource
                .attributes
                .entry(name.clone())
                .or_insert_with(|| Attribute {
                    name: name.clone(),
                    docs: Docs::default(),
                    shape,
                    sources: BTreeSet::new(),
                });
            attr.sources.insert(Source::Legacy);
            if text.is_some() {
                attr.docs.text = text;
            }
        }
    }
    for (full, lpt) in &spec.property_types {
        let at = pointer("/PropertyTypes", full);
        let Some((tn, pt_name)) = full.split_once('.') else {
            return Err(Error::new(
                file,
                at,
                "expected `AWS::Service::Resource.PropertyType`",
            ));
        };
        let td = type_docs(full);
        let Some((_, resource)) = resources.get_mut(tn) else {
            return Err(Error::new(
                file,
                at,
                format!("property type of `{tn}`, which no source defines"),
            ));
        };
        let pt_key = key(FactKind::PropertyType, tn, pt_name);
        let prop_keys = lpt
            .properties
            .keys()
            .map(|p| key(FactKind::TypeProperty, tn, format!("{pt_name}.{p}")));
        match resource.property_types.get_mut(pt_name) {
            Some(PropertyType {
                kind: PropertyTypeKind::Struct { properties },
                docs,
                ..
            }) => {
                ledger.kept(Source::Legacy, pt_key);
                docs.url = lpt.documentation.clone();
                if let Some(text) = td.and_then(|d| d.description.clone()) {
                    docs.text = Some(text);
                }
                for (name, lp) in &lpt.properties {
                    let prop_at = pointer(&pointer(&at, "Properties"), name);
                    ledger.kept(
                        Source::Legacy,
                        key(FactKind::TypeProperty, tn, format!("{pt_name}.{name}")),
                    );
                    let text = td.and_then(|d| d.properties.get(name)).cloned();
                    merge_legacy_property(file, &prop_at, properties, name, lp, text)?;
                }
            }
            Some(PropertyType {
                kind: PropertyTypeKind::Alias(_),
                ..
            }) => {
                let reason = format!(
                    "the registry schema now defines `{pt_name}` as a non-object type; the legacy struct of \
                     that name is not generated"
                );
                for k in prop_keys {
                    ledger.superseded(Source::Legacy, k, reason.clone());
                }
                ledger.superseded(Source::Legacy, pt_key, reason);
            }
            None => {
                ledger.kept(Source::Legacy, pt_key);
                let mut properties = BTreeMap::new();
                for (name, lp) in &lpt.properties {
                    let prop_at = pointer(&pointer(&at, "Properties"), name);
                    ledger.kept(
                        Source::Legacy,
                        key(FactKind::TypeProperty, tn, format!("{pt_name}.{name}")),
                    );
                    let text = td.and_then(|d| d.properties.get(name)).cloned();
                    merge_legacy_property(file, &prop_at, &mut properties, name, lp, text)?;
                }
                let kind = if lpt.properties.is_empty()
                    && (lpt.shape.primitive_type.is_some() || lpt.shape.ty.is_some())
                {
                    PropertyTypeKind::Alias(lpt.shape.to_shape(file, &at)?)
                } else {
                    PropertyTypeKind::Struct { properties }
                };
                resource.property_types.insert(
                    pt_name.to_owned(),
                    PropertyType {
                        name: pt_name.to_owned(),
                        docs: Docs {
                            text: td.and_then(|d| d.description.clone()),
                            url: lpt.documentation.clone(),
                        },
                        kind,
                        deprecated: Some(legacy_only_reason(version)),
                    },
                );
            }
        }
    }
    Ok(())
}

/// The legacy specification shares a few property types between all resources (`Tag`, keyed
/// without a resource). The model's property types belong to a resource: each resource that uses
/// a shared type gets its own copy (`AWS::S3::Bucket.Tag`), as the registry schemas have it.
fn localize_shared_property_types(spec: &legacy::LegacySpec) -> legacy::LegacySpec {
    let mut out = spec.clone();
    let shared: BTreeMap<&String, &legacy::LegacyPropertyType> = spec
        .property_types
        .iter()
        .filter(|(name, _)| !name.contains('.'))
        .collect();
    if shared.is_empty() {
        return out;
    }
    out.property_types.retain(|name, _| name.contains('.'));
    // Until nothing changes: a copied type may use another shared type.
    loop {
        let mut added = Vec::new();
        let owners = out
            .resource_types
            .iter()
            .map(|(tn, r)| (tn.as_str(), &r.properties))
            .chain(out.property_types.iter().map(|(full, pt)| {
                (
                    full.split_once('.').map_or(full.as_str(), |(tn, _)| tn),
                    &pt.properties,
                )
            }));
        for (tn, properties) in owners {
            for lp in properties.values() {
                for named in [&lp.shape.ty, &lp.shape.item_type].into_iter().flatten() {
                    let local = format!("{tn}.{named}");
                    if let Some(pt) = shared.get(named)
                        && !out.property_types.contains_key(&local)
                    {
                        added.push((local, (*pt).clone()));
                    }
                }
            }
        }
        if added.is_empty() {
            return out;
        }
        out.property_types.extend(added);
    }
}

/// Every property-type name a legacy property uses must be defined for its resource.
fn check_legacy_references(file: &Path, spec: &legacy::LegacySpec) -> Result<()> {
    let owners = spec
        .resource_types
        .iter()
        .map(|(tn, r)| (tn.as_str(), pointer("/ResourceTypes", tn), &r.properties))
        .chain(spec.property_types.iter().map(|(full, pt)| {
            (
                full.split_once('.').map_or(full.as_str(), |(tn, _)| tn),
                pointer("/PropertyTypes", full),
                &pt.properties,
            )
        }));
    for (tn, at, properties) in owners {
        for (name, lp) in properties {
            let prop_at = pointer(&pointer(&at, "Properties"), name);
            if let Some(named) = lp.shape.to_shape(file, &prop_at)?.named()
                && !spec.property_types.contains_key(&format!("{tn}.{named}"))
            {
                return Err(Error::new(
                    file,
                    prop_at,
                    format!(
                        "refers to property type `{tn}.{named}`, which the file does not define"
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn merge_legacy_property(
    file: &Path,
    at: &str,
    properties: &mut BTreeMap<String, Property>,
    name: &str,
    lp: &LegacyProperty,
    text: Option<String>,
) -> Result<()> {
    let update = legacy::update_type(lp.update_type.as_deref(), file, at)?;
    let shape = lp.shape.to_shape(file, at)?;
    let prop = properties
        .entry(name.to_owned())
        .or_insert_with(|| Property::new(name, shape, lp.required, update));
    prop.sources.insert(Source::Legacy);
    prop.docs.url = lp.documentation.clone().or(prop.docs.url.take());
    if text.is_some() {
        prop.docs.text = text;
    }
    // createOnly (Immutable) from the registry stands; otherwise the legacy spec refines.
    if prop.update != UpdateType::Immutable && update != UpdateType::Unknown {
        prop.update = update;
    }
    Ok(())
}

fn merge_service_spec(
    file: &Path,
    spec: &ServiceSpec,
    resources: &mut BTreeMap<String, (PathBuf, Resource)>,
    ledger: &mut Ledger,
) -> Result<()> {
    let names = spec.names_by_id();
    let reason =
        "only the CDK service database still lists this; the current registry schema does not";
    for (i, sr) in spec.resources.iter().enumerate() {
        let at = format!("/resources/{i}");
        let tn = &sr.cloud_formation_type;
        ledger.kept(Source::ServiceSpec, key(FactKind::Resource, tn, ""));
        let (_, resource) = resources.entry(tn.clone()).or_insert_with(|| {
            (
                file.to_path_buf(),
                Resource {
                    type_name: tn.clone(),
                    name: short_name(tn).to_owned(),
                    docs: Docs::default(),
                    properties: BTreeMap::new(),
                    attributes: BTreeMap::new(),
                    property_types: BTreeMap::new(),
                    primary_identifier: Vec::new(),
                    deprecated: Some(reason.to_owned()),
                    file: file_name(file),
                },
            )
        });
        if sr.documentation.is_some() {
            resource.docs.text = sr.documentation.clone();
        }
        for (name, sp) in &sr.properties {
            let prop_at = pointer(&pointer(&at, "properties"), name);
            ledger.kept(
                Source::ServiceSpec,
                key(FactKind::Property, tn, name.as_str()),
            );
            for r in sp.relationships() {
                ledger.kept(
                    Source::ServiceSpec,
                    key(
                        FactKind::Relationship,
                        tn,
                        format!("{name}->{}.{}", r.target_type, r.target_property),
                    ),
                );
            }
            let shape = sp.ty.to_shape(&names, file, &prop_at)?;
            merge_ss_property(&mut resource.properties, name, sp, shape).relationships =
                sp.relationships();
        }
        for (name, sa) in &sr.attributes {
            let attr_at = pointer(&pointer(&at, "attributes"), name);
            ledger.kept(
                Source::ServiceSpec,
                key(FactKind::Attribute, tn, name.as_str()),
            );
            let shape = sa.ty.to_shape(&names, file, &attr_at)?;
            let attr = resource
                .attributes
                .entry(name.clone())
                .or_insert_with(|| Attribute {
                    name: name.clone(),
                    docs: Docs::default(),
                    shape,
                    sources: BTreeSet::new(),
                });
            attr.sources.insert(Source::ServiceSpec);
            if sa.documentation.is_some() {
                attr.docs.text = sa.documentation.clone();
            }
        }
        for def in spec.types_of(sr) {
            let pt_key = key(FactKind::PropertyType, tn, def.name.as_str());
            let def_at = format!(
                "/typeDefinitions/{}",
                spec.type_definitions
                    .iter()
                    .position(|t| t.id == def.id)
                    .unwrap_or(0)
            );
            match resource.property_types.get_mut(&def.name) {
                Some(PropertyType {
                    kind: PropertyTypeKind::Struct { properties },
                    docs,
                    ..
                }) => {
                    ledger.kept(Source::ServiceSpec, pt_key);
                    if def.documentation.is_some() {
                        docs.text = def.documentation.clone();
                    }
                    for (name, sp) in &def.properties {
                        let prop_at = pointer(&pointer(&def_at, "properties"), name);
                        ledger.kept(
                            Source::ServiceSpec,
                            key(FactKind::TypeProperty, tn, format!("{}.{name}", def.name)),
                        );
                        let shape = sp.ty.to_shape(&names, file, &prop_at)?;
                        merge_ss_property(properties, name, sp, shape);
                    }
                }
                _ => {
                    let why = format!(
                        "the registry schema has no object type `{}`; the service database's type of that name is \
                         not generated",
                        def.name
                    );
                    for p in def.properties.keys() {
                        ledger.superseded(
                            Source::ServiceSpec,
                            key(FactKind::TypeProperty, tn, format!("{}.{p}", def.name)),
                            why.clone(),
                        );
                    }
                    ledger.superseded(Source::ServiceSpec, pt_key, why);
                }
            }
        }
    }
    Ok(())
}

/// A property the registry does not have is deprecated; the note names the sources that still
/// list it.
fn mark_deprecated(resource: &mut Resource, legacy_version: Option<&str>) {
    let structs = resource
        .property_types
        .values_mut()
        .filter_map(|pt| match &mut pt.kind {
            PropertyTypeKind::Struct { properties } => Some(properties),
            PropertyTypeKind::Alias(_) => None,
        });
    for properties in std::iter::once(&mut resource.properties).chain(structs) {
        for p in properties
            .values_mut()
            .filter(|p| !p.sources.contains(&Source::Registry))
        {
            let mut listed_by = Vec::new();
            if p.sources.contains(&Source::Legacy) {
                listed_by.push(format!(
                    "the legacy CloudFormation resource specification ({})",
                    legacy_version.unwrap_or("unknown version")
                ));
            }
            if p.sources.contains(&Source::ServiceSpec) {
                listed_by.push("the CDK service database".to_owned());
            }
            p.deprecated = Some(format!(
                "not in the current CloudFormation registry schema; only {} still list{} it",
                listed_by.join(" and "),
                if listed_by.len() == 1 { "s" } else { "" }
            ));
        }
    }
}

/// Adds what the service database says of a property (creating it if no other source has it)
/// and returns it.
fn merge_ss_property<'a>(
    properties: &'a mut BTreeMap<String, Property>,
    name: &str,
    sp: &SsProperty,
    shape: Shape,
) -> &'a mut Property {
    let prop = properties
        .entry(name.to_owned())
        .or_insert_with(|| Property::new(name, shape, sp.required, UpdateType::Unknown));
    prop.sources.insert(Source::ServiceSpec);
    if sp.documentation.is_some() {
        prop.docs.text = sp.documentation.clone();
    }
    prop
}

/// Resources and property types that no source gave a documentation URL get the one the AWS
/// documentation's naming convention gives (the same convention every legacy URL follows).
fn fill_default_urls(resource: &mut Resource) {
    const BASE: &str = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/";
    let parts: Vec<String> = resource
        .type_name
        .split("::")
        .skip(1)
        .map(str::to_lowercase)
        .collect();
    let slug = parts.join("-");
    let page = format!("{BASE}aws-resource-{slug}.html");
    let anchor_base = format!("cfn-{slug}");
    resource.docs.url.get_or_insert_with(|| page.clone());
    for p in resource.properties.values_mut() {
        let url = format!("{page}#{anchor_base}-{}", p.name.to_lowercase());
        p.docs.url.get_or_insert(url);
    }
    for pt in resource.property_types.values_mut() {
        let pt_slug = format!("{slug}-{}", pt.name.to_lowercase());
        let pt_page = format!("{BASE}aws-properties-{pt_slug}.html");
        pt.docs.url.get_or_insert_with(|| pt_page.clone());
        if let PropertyTypeKind::Struct { properties } = &mut pt.kind {
            for p in properties.values_mut() {
                let url = format!("{pt_page}#cfn-{pt_slug}-{}", p.name.to_lowercase());
                p.docs.url.get_or_insert(url);
            }
        }
    }
}

/// Every `Named` shape must name a property type of the same resource.
fn check_references(file: &Path, resource: &Resource) -> Result<()> {
    let check = |shape: &Shape, at: String| -> Result<()> {
        match shape.named() {
            Some(n) if !resource.property_types.contains_key(n) => Err(Error::new(
                file,
                at,
                format!(
                    "`{}` refers to property type `{n}`, which no source defines",
                    resource.type_name
                ),
            )),
            _ => Ok(()),
        }
    };
    for p in resource.properties.values() {
        check(&p.shape, pointer("/properties", &p.name))?;
    }
    for pt in resource.property_types.values() {
        let at = pointer("/definitions", &pt.name);
        match &pt.kind {
            PropertyTypeKind::Struct { properties } => {
                for p in properties.values() {
                    check(&p.shape, pointer(&format!("{at}/properties"), &p.name))?;
                }
            }
            PropertyTypeKind::Alias(shape) => check(shape, at)?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_legacy_property_types_become_each_resources_own() {
        let spec: legacy::LegacySpec = serde_json::from_value(serde_json::json!({
            "ResourceSpecificationVersion": "1.0.0",
            "PropertyTypes": {
                "Tag": {"Properties": {
                    "Key": {"PrimitiveType": "String", "Required": true},
                    "Value": {"PrimitiveType": "String", "Required": true}
                }},
                "AWS::S::B.Rule": {"Properties": {
                    "Tags": {"Type": "List", "ItemType": "Tag"}
                }}
            },
            "ResourceTypes": {
                "AWS::S::A": {"ScrutinyType": "ResourcePolicyResource", "Properties": {
                    "Tags": {"Type": "List", "ItemType": "Tag", "ScrutinyType": "InlineResourcePolicy"}
                }},
                "AWS::S::B": {"Properties": {
                    "Rule": {"Type": "Rule"}
                }},
                "AWS::S::C": {"Properties": {"Name": {"PrimitiveType": "String"}}}
            }
        }))
        .unwrap();
        let local = localize_shared_property_types(&spec);
        let names: Vec<&str> = local.property_types.keys().map(String::as_str).collect();
        // A resource that uses `Tag` directly or through its own type gets a copy; one that
        // does not, none; the shared entry itself is gone.
        assert_eq!(names, ["AWS::S::A.Tag", "AWS::S::B.Rule", "AWS::S::B.Tag"]);
        check_legacy_references(Path::new("spec.json"), &local).unwrap();
        assert!(check_legacy_references(Path::new("spec.json"), &spec).is_err());
    }
}
