//! One namespace's slice of each package: the files of a spec folder for one service, either the
//! spec folder itself (the root service, or `--service`) or a unit folder
//! `services/<module>/`, with what each source contributed.

use serde::Serialize;
use serde_json::Value;

use super::archive::Upstream;
use super::json::{Doc, canonical_bytes};
use super::manifest::sha256_hex;
use super::service::Service;
use super::slice::{self, ServiceDb};
use super::sources::{Botocore, Db, LegacyDocs, Lint};
use super::{
    CFNLINT_OLD_PROVIDERS, CFNLINT_PROVIDERS, CFNSPEC_DOCS, CFNSPEC_SPEC, FileKind, Planned,
    SERVICE_SPEC_DB, UpdateSpecError, gunzip,
};

/// Where a namespace's files go, and how strictly.
pub(crate) struct Place {
    /// Prepended to every file: `""` for a spec folder, `services/lambda/` for a unit.
    pub(crate) base: String,
    /// The file stem of the service database slice: `service-spec/<stem>.json`.
    pub(crate) stem: String,
    /// A spec folder of its own (the root service, `--service`): the legacy files are written
    /// even when empty (with a note), a missing API model is noted, and no registry schema or
    /// no service-database resource is an error. Otherwise (a unit) a file whose slice is empty
    /// is left out, and the index says what each source had.
    pub(crate) folder: bool,
}

impl Place {
    /// The spec folder of one service.
    pub(crate) fn folder(service: &Service) -> Self {
        Place {
            base: String::new(),
            stem: service.name.to_lowercase(),
            folder: true,
        }
    }

    /// The unit folder `services/<module>/`.
    pub(crate) fn unit(module: &str) -> Self {
        Place {
            base: format!("services/{module}/"),
            stem: module.to_owned(),
            folder: false,
        }
    }

    fn file(&self, file: &str) -> String {
        format!("{}{file}", self.base)
    }
}

/// What each source contributed to one namespace: an entry of `services/INDEX.json`.
#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct Contribution {
    /// The unit's folder under `services/`.
    pub(crate) module: String,
    /// The resource types of the provider map.
    pub(crate) types: Vec<String>,
    /// Registry schemas vendored (one per type).
    pub(crate) registry_schemas: usize,
    /// Entries of the legacy specification slice.
    pub(crate) legacy_spec: LegacySpecCounts,
    /// `Types` entries of the legacy documentation slice.
    pub(crate) legacy_docs: usize,
    /// What the service database slice holds.
    pub(crate) service_spec: ServiceSpecCounts,
    /// The API model file (relative to the spec folder), if botocore has one.
    pub(crate) api_model: Option<String>,
}

/// Counts of the legacy specification slice.
#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct LegacySpecCounts {
    pub(crate) resource_types: usize,
    pub(crate) property_types: usize,
}

/// Counts of the service database slice.
#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct ServiceSpecCounts {
    pub(crate) resources: usize,
    pub(crate) type_definitions: usize,
    pub(crate) referenced_resources: usize,
}

/// The four packages, parsed, for slicing namespaces.
pub(crate) struct Parsed<'p> {
    pub(crate) legacy: &'p LegacyDocs<'p>,
    pub(crate) lint: &'p Lint,
    pub(crate) db: &'p Db,
    pub(crate) db_index: &'p ServiceDb<'p>,
    pub(crate) botocore: &'p Botocore,
}

/// Every file of `service` at `place`, with what each source contributed.
pub(crate) fn plan_unit(
    parsed: &Parsed<'_>,
    service: &Service,
    place: &Place,
    notes: &mut Vec<String>,
) -> Result<(Vec<Planned>, Contribution), UpdateSpecError> {
    let mut contribution = Contribution {
        module: place.stem.clone(),
        ..Contribution::default()
    };
    let mut planned = plan_legacy(parsed.legacy, service, place, &mut contribution, notes)?;
    planned.extend(plan_schemas(
        parsed.lint,
        service,
        place,
        &mut contribution,
    )?);
    planned.extend(plan_service_spec(
        parsed.db,
        parsed.db_index,
        service,
        place,
        &mut contribution,
    )?);
    planned.extend(plan_api_model(
        parsed.botocore,
        service,
        place,
        &mut contribution,
        notes,
    )?);
    Ok((planned, contribution))
}

/// `cfnspec/specification.json` and `cfnspec/cfn-docs.json`.
pub(crate) fn plan_legacy(
    legacy: &LegacyDocs<'_>,
    service: &Service,
    place: &Place,
    contribution: &mut Contribution,
    notes: &mut Vec<String>,
) -> Result<Vec<Planned>, UpdateSpecError> {
    let prefix = &service.prefix;
    let spec = slice::legacy_spec(&legacy.spec, prefix)?;
    let docs = slice::legacy_docs(&legacy.docs, prefix)?;
    let count = |value: &Value, key: &str| {
        value
            .get(key)
            .and_then(Value::as_object)
            .map_or(0, serde_json::Map::len)
    };
    let (resources, properties) = (count(&spec, "ResourceTypes"), count(&spec, "PropertyTypes"));
    let doc_entries = count(&docs, "Types");
    contribution.legacy_spec = LegacySpecCounts {
        resource_types: resources,
        property_types: properties,
    };
    contribution.legacy_docs = doc_entries;
    if resources == 0 && place.folder {
        notes.push(format!(
            "{} has no resource types starting with {prefix} (the legacy specification is \
             frozen; newer types are only in the registry schemas)",
            Upstream::CfnSpec.id()
        ));
    }
    let package = &legacy.source.package;
    let mut planned = Vec::new();
    if place.folder || resources + properties > 0 {
        let file = place.file("cfnspec/specification.json");
        planned.push(Planned::new(
            file.clone(),
            FileKind::LegacySpec,
            canonical_bytes(&file, spec)?,
            package,
            CFNSPEC_SPEC,
            legacy.source.spec_sha256.clone(),
            format!(
                "ResourceSpecificationVersion plus the {resources} ResourceTypes and \
                 {properties} PropertyTypes entries whose names start with {prefix}."
            ),
        ));
    }
    if place.folder || doc_entries > 0 {
        let file = place.file("cfnspec/cfn-docs.json");
        planned.push(Planned::new(
            file.clone(),
            FileKind::LegacyDocs,
            canonical_bytes(&file, docs)?,
            package,
            CFNSPEC_DOCS,
            legacy.source.docs_sha256.clone(),
            format!("The {doc_entries} Types entries whose names start with {prefix}."),
        ));
    }
    Ok(planned)
}

/// `schemas/<type>.json`: the service's registry schemas, byte for byte.
pub(crate) fn plan_schemas(
    lint: &Lint,
    service: &Service,
    place: &Place,
    contribution: &mut Contribution,
) -> Result<Vec<Planned>, UpdateSpecError> {
    let archive = lint.package.archive.path();
    let listed = if lint.providers.is_some() {
        format!("listed in {CFNLINT_PROVIDERS}")
    } else {
        format!("found in {CFNLINT_OLD_PROVIDERS}")
    };
    let mut planned = Vec::new();
    for (type_name, schema) in lint.of_service(&service.prefix) {
        if schema.value.get("typeName").and_then(Value::as_str) != Some(type_name) {
            return Err(UpdateSpecError::Shape {
                archive: archive.to_path_buf(),
                inner: schema.path.clone(),
                pointer: "/typeName".to_owned(),
                expected: format!("\"{type_name}\""),
            });
        }
        planned.push(Planned::new(
            place.file(&format!("schemas/{}", slice::schema_file_name(type_name))),
            FileKind::RegistrySchema,
            schema.bytes.clone(),
            &lint.package,
            &schema.path,
            sha256_hex(&schema.bytes),
            format!("The whole registry schema of {type_name} ({listed}), byte for byte."),
        ));
        contribution.types.push(type_name.clone());
    }
    contribution.registry_schemas = planned.len();
    if planned.is_empty() && place.folder {
        return Err(UpdateSpecError::NothingForService {
            archive: archive.to_path_buf(),
            inner: CFNLINT_PROVIDERS.to_owned(),
            prefix: service.prefix.clone(),
        });
    }
    Ok(planned)
}

/// `service-spec/<stem>.json`: the service's resources and their type definitions from the CDK
/// service database.
pub(crate) fn plan_service_spec(
    db: &Db,
    index: &ServiceDb<'_>,
    service: &Service,
    place: &Place,
    contribution: &mut Contribution,
) -> Result<Option<Planned>, UpdateSpecError> {
    let sliced = slice::service_spec(index, &service.prefix)?;
    contribution.service_spec = ServiceSpecCounts {
        resources: sliced.resources,
        type_definitions: sliced.type_definitions,
        referenced_resources: sliced.referenced,
    };
    if sliced.resources == 0 {
        if !place.folder {
            return Ok(None);
        }
        return Err(UpdateSpecError::NothingForService {
            archive: db.package.archive.path().to_path_buf(),
            inner: SERVICE_SPEC_DB.to_owned(),
            prefix: service.prefix.clone(),
        });
    }
    let file = place.file(&format!("service-spec/{}.json", place.stem));
    let slice = format!(
        "The {} resource entities whose cloudFormationType starts with {} (sorted by type) and \
         the {} typeDefinition entities they use via usesType.forward and $ref (sorted by $id), \
         verbatim; and as referencedResources the {} resource types outside the service that \
         their relationshipRefs name, cut down to cloudFormationType, name, documentation, \
         primaryIdentifier, cfnRefIdentifier and attributes.",
        sliced.resources, service.prefix, sliced.type_definitions, sliced.referenced
    );
    let bytes = canonical_bytes(&file, sliced.value)?;
    Ok(Some(Planned::new(
        file,
        FileKind::ServiceSpec,
        bytes,
        &db.package,
        SERVICE_SPEC_DB,
        db.gz_sha256.clone(),
        slice,
    )))
}

/// `botocore/<dir>-service-2.json`: the service's newest API model, if botocore has the service.
pub(crate) fn plan_api_model(
    botocore: &Botocore,
    service: &Service,
    place: &Place,
    contribution: &mut Contribution,
    notes: &mut Vec<String>,
) -> Result<Option<Planned>, UpdateSpecError> {
    let dir = slice::botocore_dir(&service.name);
    let Some((path, gz_bytes)) = botocore.models.get(&dir) else {
        if place.folder {
            notes.push(format!(
                "{} has no botocore/data/{dir}/*/service-2.json.gz; no api-model vendored for {}",
                Upstream::Botocore.id(),
                service.namespace
            ));
        }
        return Ok(None);
    };
    let archive = botocore.package.archive.path();
    let json_bytes = gunzip(archive, path, gz_bytes)?;
    let model = Doc::parse(archive, path, &json_bytes)?;
    let api_version = path.rsplit('/').nth(1).unwrap_or_default();
    let file = place.file(&format!("botocore/{dir}-service-2.json"));
    let slice = format!(
        "The whole {dir} API model (API version {api_version}), decompressed and re-serialised \
         with sorted keys."
    );
    let bytes = canonical_bytes(&file, model.value)?;
    contribution.api_model = Some(file.clone());
    Ok(Some(Planned::new(
        file,
        FileKind::ApiModel,
        bytes,
        &botocore.package,
        path,
        sha256_hex(gz_bytes),
        slice,
    )))
}
