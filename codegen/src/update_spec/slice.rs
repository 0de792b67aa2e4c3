//! The slicing rules: which part of each upstream file belongs to the service.
//!
//! Everything here is pure: parsed upstream documents in, JSON values out.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::UpdateSpecError;
use super::json::{Doc, pointer_segment};

/// The entries of an object whose keys start with `prefix`, cloned.
fn with_prefix(object: &Map<String, Value>, prefix: &str) -> Map<String, Value> {
    object
        .iter()
        .filter(|(key, _)| key.starts_with(prefix))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect()
}

/// `spec/specification.json` of `@aws-cdk/cfnspec`: the service's property and resource types,
/// the shared property types they use (`Tag`), plus the specification version.
pub(crate) fn legacy_spec(doc: &Doc<'_>, prefix: &str) -> Result<Value, UpdateSpecError> {
    let version = doc.str_at("/ResourceSpecificationVersion")?;
    let all_property_types = doc.object_at("/PropertyTypes")?;
    let mut property_types = with_prefix(all_property_types, prefix);
    let resource_types = with_prefix(doc.object_at("/ResourceTypes")?, prefix);
    // Shared property types (`Tag`: a name without a resource) that the service's properties use.
    let used: Vec<String> = resource_types
        .values()
        .chain(property_types.values())
        .filter_map(|owner| owner.get("Properties")?.as_object())
        .flat_map(|properties| properties.values())
        .flat_map(|p| ["Type", "ItemType"].map(|k| p.get(k).and_then(Value::as_str)))
        .flatten()
        .map(str::to_owned)
        .collect();
    for name in used {
        if let Some(shared) = all_property_types.get(&name)
            && !name.contains('.')
        {
            property_types.insert(name, shared.clone());
        }
    }
    Ok(json!({
        "PropertyTypes": property_types,
        "ResourceSpecificationVersion": version,
        "ResourceTypes": resource_types,
    }))
}

/// `spec/cfn-docs.json` of `@aws-cdk/cfnspec`: the service's entries of `Types`.
pub(crate) fn legacy_docs(doc: &Doc<'_>, prefix: &str) -> Result<Value, UpdateSpecError> {
    let types = with_prefix(doc.object_at("/Types")?, prefix);
    Ok(json!({ "Types": types }))
}

/// From cfn-lint's `providers/<region>.json` (type name → schema file id): the service's types.
pub(crate) fn schema_ids(
    doc: &Doc<'_>,
    prefix: &str,
) -> Result<BTreeMap<String, String>, UpdateSpecError> {
    let mut ids = BTreeMap::new();
    for (type_name, id) in doc.object_at("")? {
        if !type_name.starts_with(prefix) {
            continue;
        }
        let pointer = format!("/{}", pointer_segment(type_name));
        let id = id
            .as_str()
            .filter(|id| is_safe_file_stem(id))
            .ok_or_else(|| {
                doc.shape_error(&pointer, "a schema file id (letters, digits, - or _)")
            })?;
        ids.insert(type_name.clone(), id.to_owned());
    }
    Ok(ids)
}

/// Whether `id` can be used as a file name stem without escaping its folder.
fn is_safe_file_stem(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The vendored file name of a registry schema: `AWS::ApiGatewayV2::Api` →
/// `aws-apigatewayv2-api.json`.
pub(crate) fn schema_file_name(type_name: &str) -> String {
    format!("{}.json", type_name.to_lowercase().replace("::", "-"))
}

/// What [`service_spec`] kept.
pub(crate) struct ServiceSpecSlice {
    /// The sliced document.
    pub(crate) value: Value,
    /// How many resources it holds.
    pub(crate) resources: usize,
    /// How many type definitions it holds.
    pub(crate) type_definitions: usize,
    /// How many resource types outside the service it records as relationship targets.
    pub(crate) referenced: usize,
}

/// The facts kept of a resource type outside the service that a service property refers to
/// (`relationshipRefs`): what a typed handle of it and the validator need, nothing more.
const REFERENCED_KEYS: [&str; 6] = [
    "attributes",
    "cfnRefIdentifier",
    "cloudFormationType",
    "documentation",
    "name",
    "primaryIdentifier",
];

/// The service database, indexed once for slicing any number of services.
pub(crate) struct ServiceDb<'d> {
    doc: &'d Doc<'d>,
    /// Every resource entity.
    entities: &'d [Value],
    /// Every type definition entity, by `$id`.
    type_definitions: BTreeMap<&'d str, &'d Value>,
    /// `usesType.forward`: resource `$id` → the type definitions it uses.
    forward: &'d Map<String, Value>,
}

impl<'d> ServiceDb<'d> {
    /// Indexes a parsed `db.json`.
    pub(crate) fn new(doc: &'d Doc<'d>) -> Result<Self, UpdateSpecError> {
        Ok(ServiceDb {
            doc,
            entities: doc.array_at("/schema/resource/entities")?,
            type_definitions: type_definitions_by_id(doc)?,
            forward: doc.object_at("/schema/usesType/forward")?,
        })
    }
}

/// From `@aws-cdk/aws-service-spec`'s `db.json`: the service's resource entities (sorted by
/// CloudFormation type) and every type definition they use (sorted by numeric `$id`).
///
/// The type definitions are those listed in `usesType.forward` for the resources, closed over
/// `$ref`s found in the resources and the type definitions, so nothing sliced points outside.
pub(crate) fn service_spec(
    db: &ServiceDb<'_>,
    prefix: &str,
) -> Result<ServiceSpecSlice, UpdateSpecError> {
    let doc = db.doc;
    let resources = service_resources(db, prefix)?;

    let mut pending = Vec::new();
    for resource in &resources {
        pending.extend(forward_ids(doc, db.forward, resource.id)?);
        collect_refs(resource.entity, &mut pending);
    }
    let mut kept: BTreeMap<String, &Value> = BTreeMap::new();
    while let Some(id) = pending.pop() {
        if kept.contains_key(&id) {
            continue;
        }
        let definition = db.type_definitions.get(id.as_str()).ok_or_else(|| {
            doc.shape_error(
                "/schema/typeDefinition/entities",
                &format!("a type definition with $id \"{id}\" (referenced by the service)"),
            )
        })?;
        collect_refs(definition, &mut pending);
        kept.insert(id, definition);
    }

    let referenced = referenced_resources(db, &resources, prefix)?;
    let mut kept: Vec<(String, &Value)> = kept.into_iter().collect();
    kept.sort_by(|(a, _), (b, _)| numeric_id_key(a).cmp(&numeric_id_key(b)));
    let slice = ServiceSpecSlice {
        resources: resources.len(),
        type_definitions: kept.len(),
        referenced: referenced.len(),
        value: json!({
            "referencedResources": referenced,
            "resources": resources.into_iter().map(|r| r.entity.clone()).collect::<Vec<_>>(),
            "typeDefinitions": kept.into_iter().map(|(_, t)| t.clone()).collect::<Vec<_>>(),
        }),
    };
    Ok(slice)
}

/// The resource types outside the service that the service's `relationshipRefs` name, sorted by
/// type, each cut down to [`REFERENCED_KEYS`] (attributes keep their documentation and type).
fn referenced_resources(
    db: &ServiceDb<'_>,
    resources: &[Resource<'_>],
    prefix: &str,
) -> Result<Vec<Value>, UpdateSpecError> {
    let mut wanted = BTreeSet::new();
    for resource in resources {
        collect_relationship_targets(resource.entity, &mut wanted);
    }
    wanted.retain(|target: &String| !target.starts_with(prefix));
    let mut found: BTreeMap<&str, Value> = BTreeMap::new();
    for entity in db.entities {
        let Some(cfn_type) = entity.get("cloudFormationType").and_then(Value::as_str) else {
            continue;
        };
        if !wanted.contains(cfn_type) {
            continue;
        }
        let mut kept = Map::new();
        for key in REFERENCED_KEYS {
            if let Some(value) = entity.get(key) {
                kept.insert(key.to_owned(), value.clone());
            }
        }
        found.insert(cfn_type, Value::Object(kept));
    }
    if let Some(missing) = wanted.iter().find(|t| !found.contains_key(t.as_str())) {
        return Err(db.doc.shape_error(
            "/schema/resource/entities",
            &format!("a resource entity for \"{missing}\" (named by a relationshipRefs entry)"),
        ));
    }
    Ok(found.into_values().collect())
}

/// Every `relationshipRefs[].cloudFormationType` found anywhere inside `value`.
fn collect_relationship_targets(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if key == "relationshipRefs"
                    && let Value::Array(refs) = child
                {
                    out.extend(
                        refs.iter()
                            .filter_map(|r| r.get("cloudFormationType")?.as_str())
                            .map(str::to_owned),
                    );
                } else {
                    collect_relationship_targets(child, out);
                }
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|item| collect_relationship_targets(item, out)),
        _ => {}
    }
}

/// A resource entity of the service database.
struct Resource<'d> {
    cfn_type: &'d str,
    id: &'d str,
    entity: &'d Value,
}

/// The resource entities whose `cloudFormationType` starts with `prefix`, sorted by it.
fn service_resources<'d>(
    db: &ServiceDb<'d>,
    prefix: &str,
) -> Result<Vec<Resource<'d>>, UpdateSpecError> {
    let mut resources = Vec::new();
    for (index, entity) in db.entities.iter().enumerate() {
        let Some(cfn_type) = entity.get("cloudFormationType").and_then(Value::as_str) else {
            continue;
        };
        if !cfn_type.starts_with(prefix) {
            continue;
        }
        let id = entity_id(entity).ok_or_else(|| {
            db.doc.shape_error(
                &format!("/schema/resource/entities/{index}/$id"),
                "a string",
            )
        })?;
        resources.push(Resource {
            cfn_type,
            id,
            entity,
        });
    }
    resources.sort_by_key(|resource| resource.cfn_type);
    Ok(resources)
}

/// All type definition entities by `$id`.
fn type_definitions_by_id<'d>(
    doc: &'d Doc<'_>,
) -> Result<BTreeMap<&'d str, &'d Value>, UpdateSpecError> {
    let entities = doc.array_at("/schema/typeDefinition/entities")?;
    let mut by_id = BTreeMap::new();
    for (index, entity) in entities.iter().enumerate() {
        let id = entity_id(entity).ok_or_else(|| {
            doc.shape_error(
                &format!("/schema/typeDefinition/entities/{index}/$id"),
                "a string",
            )
        })?;
        by_id.insert(id, entity);
    }
    Ok(by_id)
}

/// The ids listed for `resource_id` in `usesType.forward` (none if it has no entry).
fn forward_ids(
    doc: &Doc<'_>,
    forward: &Map<String, Value>,
    resource_id: &str,
) -> Result<Vec<String>, UpdateSpecError> {
    let Some(targets) = forward.get(resource_id) else {
        return Ok(Vec::new());
    };
    let pointer = format!("/schema/usesType/forward/{}", pointer_segment(resource_id));
    let targets = targets
        .as_array()
        .ok_or_else(|| doc.shape_error(&pointer, "an array of {\"$id\": ...}"))?;
    targets
        .iter()
        .enumerate()
        .map(|(index, target)| {
            entity_id(target)
                .map(str::to_owned)
                .ok_or_else(|| doc.shape_error(&format!("{pointer}/{index}/$id"), "a string"))
        })
        .collect()
}

/// An entity's `$id`.
fn entity_id(entity: &Value) -> Option<&str> {
    entity.get("$id").and_then(Value::as_str)
}

/// Appends every string `"$ref"` found anywhere inside `value`.
fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("$ref", Value::String(target)) => out.push(target.clone()),
                    _ => collect_refs(child, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_refs(item, out)),
        _ => {}
    }
}

/// Orders ids numerically when they are numbers (they are in the database), textually otherwise.
fn numeric_id_key(id: &str) -> (Option<u64>, &str) {
    (id.parse().ok(), id)
}

/// The known CloudFormation service names whose botocore folder is not simply the lowercased name.
const BOTOCORE_DIRS: &[(&str, &str)] = &[
    ("ApplicationAutoScaling", "application-autoscaling"),
    ("CertificateManager", "acm"),
    ("ElasticLoadBalancing", "elb"),
    ("ElasticLoadBalancingV2", "elbv2"),
    ("Elasticsearch", "es"),
    ("KinesisFirehose", "firehose"),
    ("OpenSearchService", "opensearch"),
];

/// The botocore data folder for a CloudFormation service name (`ApiGatewayV2` → `apigatewayv2`).
pub(crate) fn botocore_dir(service: &str) -> String {
    BOTOCORE_DIRS
        .iter()
        .find(|(cfn, _)| *cfn == service)
        .map_or_else(|| service.to_lowercase(), |(_, dir)| (*dir).to_owned())
}

/// The newest `botocore/data/<dir>/<api-version>/service-2.json.gz` among `names`.
pub(crate) fn botocore_model_path(names: &[String], dir: &str) -> Option<String> {
    let folder = format!("botocore/data/{dir}/");
    let versions: BTreeSet<&str> = names
        .iter()
        .filter_map(|name| {
            name.strip_prefix(&folder)?
                .strip_suffix("/service-2.json.gz")
        })
        .filter(|version| !version.contains('/'))
        .collect();
    let newest = versions.last()?;
    Some(format!("{folder}{newest}/service-2.json.gz"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_file_names_are_lowercase_with_dashes() {
        assert_eq!(
            schema_file_name("AWS::ApiGatewayV2::Api"),
            "aws-apigatewayv2-api.json"
        );
    }

    #[test]
    fn botocore_dirs() {
        assert_eq!(botocore_dir("ApiGatewayV2"), "apigatewayv2");
        assert_eq!(botocore_dir("ElasticLoadBalancingV2"), "elbv2");
    }

    #[test]
    fn newest_botocore_model_wins() {
        let names = [
            "botocore/data/lambda/2014-11-11/service-2.json.gz",
            "botocore/data/lambda/2015-03-31/service-2.json.gz",
            "botocore/data/lambda/2015-03-31/paginators-1.json",
            "botocore/data/lambdax/2020-01-01/service-2.json.gz",
        ]
        .map(String::from);
        assert_eq!(
            botocore_model_path(&names, "lambda").as_deref(),
            Some("botocore/data/lambda/2015-03-31/service-2.json.gz")
        );
        assert_eq!(botocore_model_path(&names, "s3"), None);
    }

    #[test]
    fn ids_sort_numerically() {
        let mut ids = vec!["10", "9", "100"];
        ids.sort_by_key(|id| numeric_id_key(id));
        assert_eq!(ids, ["9", "10", "100"]);
    }

    #[test]
    fn unsafe_schema_ids_are_refused() {
        assert!(is_safe_file_stem("002c40144465a7ff"));
        assert!(!is_safe_file_stem("../x"));
        assert!(!is_safe_file_stem(""));
    }
}
