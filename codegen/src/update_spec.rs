//! `cfn-codegen update-spec`: vendor one service's slice of the upstream CloudFormation data into
//! `spec/`, with provenance.
//!
//! Input: the upstream package archives, exactly as the package managers download them
//! (`npm pack @aws-cdk/cfnspec @aws-cdk/aws-service-spec`, `pip download --no-deps cfn-lint
//! botocore`), in any order; each is recognised by its own metadata. Output, in the spec folder:
//!
//! | file | kind | from |
//! | --- | --- | --- |
//! | `cfnspec/specification.json` | `legacy-spec` | `@aws-cdk/cfnspec`, `package/spec/specification.json` |
//! | `cfnspec/cfn-docs.json` | `legacy-docs` | `@aws-cdk/cfnspec`, `package/spec/cfn-docs.json` |
//! | `schemas/<type>.json` | `registry-schema` | `cfn-lint`, `cfnlint/data/schemas/resources/<id>.json` |
//! | `service-spec/<service>.json` | `service-spec` | `@aws-cdk/aws-service-spec`, `package/db.json.gz` |
//! | `botocore/<service>-service-2.json` | `api-model` | `botocore`, `botocore/data/<service>/<version>/service-2.json.gz` |
//! | `values/resource-values.json` | `value-kinds` | `cfn-lint`, every `cfnlint/data/schemas/resources/<id>.json`, with the service database (`update_spec/values.rs`) |
//! | `SOURCES.json` | | the manifest: package, version, path and SHA-256 of every file above |
//! | `versions.json` | | the pins: the version of each package read (`pins.rs`) |
//!
//! Registry schemas are copied byte for byte; every other file is a JSON slice written with sorted
//! keys and 2-space indentation. All upstream data is read and sliced before anything is written,
//! so a failing run leaves the spec folder as it was. Files are rewritten only when their bytes
//! change, and files in the owned sub-folders that the run did not produce are removed.
//!
//! [`refresh`] (`update-spec --latest`, `--versions FILE`) first downloads the packages with
//! `npm` and `pip` (`tools.rs`), then runs this on a copy of the spec folder and swaps it in.

mod archive;
mod date;
mod error;
mod json;
mod manifest;
mod output;
mod partial;
mod pins;
mod refresh;
mod report;
mod service;
mod slice;
mod survey;
mod tools;
mod values;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use flate2::read::GzDecoder;

use archive::{Package, Upstream};
pub use date::today_utc;
pub use error::UpdateSpecError;
use json::{Doc, canonical_bytes};
use manifest::{Entry, MANIFEST_FILE, Manifest, sha256_hex};
pub use partial::{SlicedPackage, slice_package};
pub use pins::{Outdated, VERSIONS_FILE, Versions, outdated};
pub use refresh::{Refresh, RefreshOptions, refresh};
pub use report::{FileKind, FileOutcome, FileStatus, UpdateSpecReport};
use service::Service;
pub use survey::{Survey, SurveyRow, survey};
pub use tools::newest_versions;

/// What `update-spec` reads and where it writes.
#[derive(Clone, Debug)]
pub struct UpdateSpecOptions {
    /// The upstream package archives (`.tgz` from npm, `.whl` from PyPI), in any order. Each is
    /// recognised by its metadata, not its file name. `@aws-cdk/cfnspec`,
    /// `@aws-cdk/aws-service-spec`, `cfn-lint` and `botocore` are all required.
    pub from: Vec<PathBuf>,
    /// The spec folder to update (`spec/` of the workspace).
    pub spec_dir: PathBuf,
    /// The CloudFormation type prefix of the service, with the trailing `::`, e.g.
    /// `AWS::ApiGatewayV2::`.
    pub service_prefix: String,
    /// The day recorded as `retrieved` in `SOURCES.json` for new or changed files, `YYYY-MM-DD`
    /// (the CLI passes [`today_utc`]). Unchanged files keep the day they were first retrieved.
    pub retrieved: String,
}

/// Slices the upstream packages in `opts.from` into `opts.spec_dir` and rewrites `SOURCES.json`.
///
/// Nothing is written unless every package was found, read and sliced. See the
/// [module documentation](self) for the files produced.
///
/// # Errors
///
/// Invalid options; an archive that cannot be read or is not one of the four known packages (or
/// is given twice); a missing package; a file missing, not valid JSON or unexpectedly shaped
/// inside an archive; no registry schema or service-database resource for the prefix; or a
/// file-system error in the spec folder. Upstream errors name the archive and the path inside it.
pub fn update_spec(opts: &UpdateSpecOptions) -> Result<UpdateSpecReport, UpdateSpecError> {
    let service = Service::parse(&opts.service_prefix)?;
    if !date::is_valid_day(&opts.retrieved) {
        return Err(UpdateSpecError::InvalidOptions {
            message: format!(
                "retrieved must be a day written YYYY-MM-DD, not {:?}",
                opts.retrieved
            ),
        });
    }
    let mut packages = open_packages(&opts.from)?;
    let versions = Versions::of_packages(packages.0.values());
    let mut notes = Vec::new();
    let mut planned = Vec::new();
    planned.extend(plan_legacy(
        packages.take(Upstream::CfnSpec)?,
        &service,
        &mut notes,
    )?);
    let mut cfn_lint = packages.take(Upstream::CfnLint)?;
    planned.extend(plan_schemas(&mut cfn_lint, &service)?);
    let mut service_spec = packages.take(Upstream::ServiceSpec)?;
    let db_gz = service_spec.archive.read(SERVICE_SPEC_DB)?;
    let db_archive = service_spec.archive.path().to_path_buf();
    let db_json = gunzip(&db_archive, SERVICE_SPEC_DB, &db_gz)?;
    let db = Doc::parse(&db_archive, SERVICE_SPEC_DB, &db_json)?;
    planned.push(plan_service_spec(&service_spec, &db, &db_gz, &service)?);
    planned.push(plan_values(&mut cfn_lint, &service_spec, &db, &db_gz)?);
    planned.extend(plan_api_model(
        packages.take(Upstream::Botocore)?,
        &service,
        &mut notes,
    )?);
    planned.sort_by(|a, b| a.file.cmp(&b.file));
    apply(opts, &service, planned, notes, &versions)
}

/// The packages given with `--from`, by which package they are; all known packages present.
struct Packages(BTreeMap<Upstream, Package>);

impl Packages {
    /// Takes the archive of `upstream` out, for slicing.
    fn take(&mut self, upstream: Upstream) -> Result<Package, UpdateSpecError> {
        self.0
            .remove(&upstream)
            .ok_or_else(|| missing_package(upstream))
    }
}

/// The error for a package not given with `--from`, naming the kinds of file that need it.
fn missing_package(upstream: Upstream) -> UpdateSpecError {
    UpdateSpecError::MissingPackage {
        package: upstream.id().to_owned(),
        kinds: FileKind::ALL
            .iter()
            .filter(|kind| kind.upstream() == upstream)
            .map(|kind| kind.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Opens and identifies every archive; fails on an unknown, duplicate or missing package, before
/// any slow slicing starts.
fn open_packages(from: &[PathBuf]) -> Result<Packages, UpdateSpecError> {
    if from.is_empty() {
        return Err(UpdateSpecError::InvalidOptions {
            message: "no upstream archives given (--from)".to_owned(),
        });
    }
    let mut packages: BTreeMap<Upstream, Package> = BTreeMap::new();
    for path in from {
        let package = Package::open(path)?;
        if let Some(first) = packages.get(&package.upstream) {
            return Err(UpdateSpecError::DuplicatePackage {
                package: package.upstream.id().to_owned(),
                first: first.archive.path().to_path_buf(),
                second: path.clone(),
            });
        }
        packages.insert(package.upstream, package);
    }
    if let Some(&missing) = Upstream::ALL.iter().find(|u| !packages.contains_key(u)) {
        return Err(missing_package(missing));
    }
    Ok(Packages(packages))
}

/// A file to vendor, with its provenance.
struct Planned {
    file: String,
    kind: FileKind,
    bytes: Vec<u8>,
    package: Upstream,
    version: String,
    upstream_path: String,
    upstream_sha256: String,
    slice: String,
}

impl Planned {
    fn new(
        file: String,
        kind: FileKind,
        bytes: Vec<u8>,
        package: &Package,
        upstream_path: &str,
        upstream_bytes: &[u8],
        slice: String,
    ) -> Self {
        Planned {
            file,
            kind,
            bytes,
            package: package.upstream,
            version: package.version.clone(),
            upstream_path: upstream_path.to_owned(),
            upstream_sha256: sha256_hex(upstream_bytes),
            slice,
        }
    }

    fn entry(&self, retrieved: &str) -> Entry {
        Entry {
            file: self.file.clone(),
            kind: self.kind.as_str().to_owned(),
            package: self.package.id().to_owned(),
            version: self.version.clone(),
            upstream_path: self.upstream_path.clone(),
            upstream_sha256: self.upstream_sha256.clone(),
            sha256: sha256_hex(&self.bytes),
            retrieved: retrieved.to_owned(),
            slice: self.slice.clone(),
        }
    }
}

const CFNSPEC_SPEC: &str = "package/spec/specification.json";
const CFNSPEC_DOCS: &str = "package/spec/cfn-docs.json";
const CFNLINT_PROVIDERS: &str = "cfnlint/data/schemas/providers/us-east-1.json";
const CFNLINT_OLD_PROVIDERS: &str = "cfnlint/data/schemas/providers/us_east_1/";
const SERVICE_SPEC_DB: &str = "package/db.json.gz";

/// `cfnspec/specification.json` and `cfnspec/cfn-docs.json`.
fn plan_legacy(
    mut package: Package,
    service: &Service,
    notes: &mut Vec<String>,
) -> Result<Vec<Planned>, UpdateSpecError> {
    let mut files = package.archive.read_many(&[CFNSPEC_SPEC, CFNSPEC_DOCS])?;
    let spec_bytes = files.remove(CFNSPEC_SPEC).unwrap_or_default();
    let docs_bytes = files.remove(CFNSPEC_DOCS).unwrap_or_default();
    let archive = package.archive.path();
    let prefix = &service.prefix;

    let spec = slice::legacy_spec(&Doc::parse(archive, CFNSPEC_SPEC, &spec_bytes)?, prefix)?;
    let docs = slice::legacy_docs(&Doc::parse(archive, CFNSPEC_DOCS, &docs_bytes)?, prefix)?;
    let count = |value: &serde_json::Value, key: &str| {
        value
            .get(key)
            .and_then(serde_json::Value::as_object)
            .map_or(0, serde_json::Map::len)
    };
    let (resources, properties) = (count(&spec, "ResourceTypes"), count(&spec, "PropertyTypes"));
    if resources == 0 {
        notes.push(format!(
            "{} has no resource types starting with {prefix} (the legacy specification is \
             frozen; newer types are only in the registry schemas)",
            Upstream::CfnSpec.id()
        ));
    }
    let spec_slice = format!(
        "ResourceSpecificationVersion plus the {resources} ResourceTypes and {properties} \
         PropertyTypes entries whose names start with {prefix}."
    );
    let docs_slice = format!(
        "The {} Types entries whose names start with {prefix}.",
        count(&docs, "Types")
    );
    let spec_file = "cfnspec/specification.json".to_owned();
    let docs_file = "cfnspec/cfn-docs.json".to_owned();
    Ok(vec![
        Planned::new(
            spec_file.clone(),
            FileKind::LegacySpec,
            canonical_bytes(&spec_file, spec)?,
            &package,
            CFNSPEC_SPEC,
            &spec_bytes,
            spec_slice,
        ),
        Planned::new(
            docs_file.clone(),
            FileKind::LegacyDocs,
            canonical_bytes(&docs_file, docs)?,
            &package,
            CFNSPEC_DOCS,
            &docs_bytes,
            docs_slice,
        ),
    ])
}

/// `schemas/<type>.json`: the registry schemas listed for the service in cfn-lint's us-east-1
/// provider map, byte for byte. Older cfn-lint releases (before the map) keep one file per type
/// under `providers/us_east_1/`, named like ours; those are found by name.
fn plan_schemas(package: &mut Package, service: &Service) -> Result<Vec<Planned>, UpdateSpecError> {
    let archive = package.archive.path().to_path_buf();
    let names = package.archive.names()?;
    let paths: BTreeMap<String, String> = if names.iter().any(|n| n == CFNLINT_PROVIDERS) {
        let providers_bytes = package.archive.read(CFNLINT_PROVIDERS)?;
        let providers = Doc::parse(&archive, CFNLINT_PROVIDERS, &providers_bytes)?;
        slice::schema_ids(&providers, &service.prefix)?
            .into_iter()
            .map(|(type_name, id)| {
                (
                    type_name,
                    format!("cfnlint/data/schemas/resources/{id}.json"),
                )
            })
            .collect()
    } else {
        let stem = slice::schema_file_name(&service.prefix);
        let stem = stem.trim_end_matches(".json");
        names
            .iter()
            .filter_map(|n| {
                let file = n.strip_prefix(CFNLINT_OLD_PROVIDERS)?;
                let rest = file.strip_prefix(stem)?.strip_suffix(".json")?;
                // `aws-apigatewayv2-integration.json` → `AWS::ApiGatewayV2::Integration` is
                // read from the file itself below; the key only has to be unique here.
                (!rest.is_empty()).then(|| (file.to_owned(), n.clone()))
            })
            .collect()
    };
    if paths.is_empty() {
        return Err(UpdateSpecError::NothingForService {
            archive,
            inner: CFNLINT_PROVIDERS.to_owned(),
            prefix: service.prefix.clone(),
        });
    }
    let wanted: Vec<&str> = paths.values().map(String::as_str).collect();
    let mut files = package.archive.read_many(&wanted)?;

    let mut planned = Vec::new();
    for (key, path) in &paths {
        let bytes = files.remove(path).unwrap_or_default();
        let doc = Doc::parse(&archive, path, &bytes)?;
        // With the provider map, the key is the type name the schema must declare; in the old
        // layout, the schema's own type name is taken, and must belong to the service.
        let type_name = if key.contains("::") {
            key.clone()
        } else {
            doc.str_at("/typeName")?.to_owned()
        };
        if !type_name.starts_with(&service.prefix) {
            return Err(doc.shape_error(
                "/typeName",
                &format!("a type starting with {}", service.prefix),
            ));
        }
        let type_name = &type_name;
        slice::check_schema(&doc, type_name)?;
        let file = format!("schemas/{}", slice::schema_file_name(type_name));
        let listed = if key.contains("::") {
            format!("listed in {CFNLINT_PROVIDERS}")
        } else {
            format!("found in {CFNLINT_OLD_PROVIDERS}")
        };
        let slice = format!("The whole registry schema of {type_name} ({listed}), byte for byte.");
        planned.push(Planned::new(
            file,
            FileKind::RegistrySchema,
            bytes.clone(),
            package,
            path,
            &bytes,
            slice,
        ));
    }
    Ok(planned)
}

/// `service-spec/<service>.json`: the service's resources and their type definitions from the
/// CDK service database.
fn plan_service_spec(
    package: &Package,
    db: &Doc<'_>,
    gz_bytes: &[u8],
    service: &Service,
) -> Result<Planned, UpdateSpecError> {
    let archive = package.archive.path().to_path_buf();
    let sliced = slice::service_spec(db, &service.prefix)?;
    if sliced.resources == 0 {
        return Err(UpdateSpecError::NothingForService {
            archive,
            inner: SERVICE_SPEC_DB.to_owned(),
            prefix: service.prefix.clone(),
        });
    }
    let file = format!("service-spec/{}.json", service.name.to_lowercase());
    let slice = format!(
        "The {} resource entities whose cloudFormationType starts with {} (sorted by type) and \
         the {} typeDefinition entities they use via usesType.forward and $ref (sorted by $id), \
         verbatim; and as referencedResources the {} resource types outside the service that \
         their relationshipRefs name, cut down to cloudFormationType, name, documentation, \
         primaryIdentifier, cfnRefIdentifier and attributes.",
        sliced.resources, service.prefix, sliced.type_definitions, sliced.referenced
    );
    let bytes = canonical_bytes(&file, sliced.value)?;
    Ok(Planned::new(
        file,
        FileKind::ServiceSpec,
        bytes,
        package,
        SERVICE_SPEC_DB,
        gz_bytes,
        slice,
    ))
}

/// The file of the value-kind table: what `Ref` and `Fn::GetAtt` return, for every type.
pub const VALUES_FILE: &str = "values/resource-values.json";

/// `values/resource-values.json`: the value-kind table of every resource type in cfn-lint's
/// us-east-1 provider map or the service database ([`values`]).
fn plan_values(
    cfn_lint: &mut Package,
    service_spec: &Package,
    db: &Doc<'_>,
    db_gz: &[u8],
) -> Result<Planned, UpdateSpecError> {
    let archive = cfn_lint.archive.path().to_path_buf();
    // Older cfn-lint releases have no provider map: the table then has only the service
    // database's facts.
    let has_providers = cfn_lint
        .archive
        .names()?
        .iter()
        .any(|n| n == CFNLINT_PROVIDERS);
    let providers_bytes = if has_providers {
        cfn_lint.archive.read(CFNLINT_PROVIDERS)?
    } else {
        b"{}".to_vec()
    };
    let providers = Doc::parse(&archive, CFNLINT_PROVIDERS, &providers_bytes)?;
    let ids = slice::schema_ids(&providers, "")?;
    let paths: Vec<String> = ids
        .values()
        .map(|id| format!("cfnlint/data/schemas/resources/{id}.json"))
        .collect();
    let wanted: Vec<&str> = paths.iter().map(String::as_str).collect();
    let mut files = cfn_lint.archive.read_many(&wanted)?;
    let mut registry = BTreeMap::new();
    for ((type_name, _), path) in ids.iter().zip(&paths) {
        let bytes = files.remove(path).unwrap_or_default();
        let doc = Doc::parse(&archive, path, &bytes)?;
        registry.insert(type_name.clone(), values::registry_facts(&doc.value));
    }
    let service = values::service_facts(db.array_at("/schema/resource/entities")?);
    let mut table = serde_json::Map::new();
    for type_name in registry.keys().chain(service.keys()) {
        table.insert(
            type_name.clone(),
            values::entry(registry.get(type_name), service.get(type_name)).into(),
        );
    }
    let count = table.len();
    let comment = format!(
        "What Ref and Fn::GetAtt return for every resource type: `<Ref kind> <Attribute>:<kind>          ...`, kinds arn, id, name, url, number, string (no known kind), list or list:<kind>.          Written by cfn-codegen update-spec from {} {} (registry schemas) and {} {}          (cfnRefIdentifier and attributes); see codegen/src/update_spec/values.rs.",
        cfn_lint.upstream.id(),
        cfn_lint.version,
        service_spec.upstream.id(),
        service_spec.version,
    );
    let value = serde_json::json!({"$comment": comment, "types": table});
    let slice = format!(
        "The kind of what Ref and each Fn::GetAtt attribute return for the {count} resource types          of {CFNLINT_PROVIDERS} (primary identifiers and read-only properties of their registry          schemas: type, format, pattern) and of {} {} {SERVICE_SPEC_DB} (sha256 {}:          cfnRefIdentifier and attributes), classified by one rule          (codegen/src/update_spec/values.rs).",
        service_spec.upstream.id(),
        service_spec.version,
        sha256_hex(db_gz),
    );
    Ok(Planned::new(
        VALUES_FILE.to_owned(),
        FileKind::ValueKinds,
        canonical_bytes(VALUES_FILE, value)?,
        cfn_lint,
        CFNLINT_PROVIDERS,
        &providers_bytes,
        slice,
    ))
}

/// `botocore/<dir>-service-2.json`: the service's newest API model, if botocore has the service.
fn plan_api_model(
    mut package: Package,
    service: &Service,
    notes: &mut Vec<String>,
) -> Result<Option<Planned>, UpdateSpecError> {
    let dir = slice::botocore_dir(&service.name);
    let names = package.archive.names()?;
    let Some(path) = slice::botocore_model_path(&names, &dir) else {
        notes.push(format!(
            "{} has no botocore/data/{dir}/*/service-2.json.gz; no api-model vendored for {}",
            Upstream::Botocore.id(),
            service.namespace
        ));
        return Ok(None);
    };
    let gz_bytes = package.archive.read(&path)?;
    let archive = package.archive.path().to_path_buf();
    let json_bytes = gunzip(&archive, &path, &gz_bytes)?;
    let model = Doc::parse(&archive, &path, &json_bytes)?;
    let api_version = path.rsplit('/').nth(1).unwrap_or_default();
    let file = format!("botocore/{dir}-service-2.json");
    let slice = format!(
        "The whole {dir} API model (API version {api_version}), decompressed and re-serialised \
         with sorted keys."
    );
    let bytes = canonical_bytes(&file, model.value)?;
    Ok(Some(Planned::new(
        file,
        FileKind::ApiModel,
        bytes,
        &package,
        &path,
        &gz_bytes,
        slice,
    )))
}

/// Decompresses a gzip file found inside an archive.
fn gunzip(archive: &Path, inner: &str, bytes: &[u8]) -> Result<Vec<u8>, UpdateSpecError> {
    let mut out = Vec::new();
    GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .map_err(|e| UpdateSpecError::archive(archive, Some(inner), format!("bad gzip: {e}")))?;
    Ok(out)
}

/// Writes the planned files and the manifest, removes stale files, and reports.
fn apply(
    opts: &UpdateSpecOptions,
    service: &Service,
    planned: Vec<Planned>,
    mut notes: Vec<String>,
    versions: &Versions,
) -> Result<UpdateSpecReport, UpdateSpecError> {
    let spec_dir = &opts.spec_dir;
    let previous = manifest::read_existing(spec_dir);
    if previous.is_none() && spec_dir.join(MANIFEST_FILE).exists() {
        notes.push(format!(
            "the existing {MANIFEST_FILE} could not be read; its retrieved dates were replaced"
        ));
    }

    let mut files = Vec::new();
    for plan in &planned {
        let status = output::write_if_changed(spec_dir, &plan.file, &plan.bytes)?;
        files.push(FileOutcome {
            file: plan.file.clone(),
            kind: plan.kind,
            status,
        });
    }
    let keep: BTreeSet<String> = planned.iter().map(|plan| plan.file.clone()).collect();
    for file in output::remove_stale(spec_dir, &keep)? {
        files.push(FileOutcome {
            kind: manifest::kind_of_path(&file),
            file,
            status: FileStatus::Removed,
        });
    }
    files.sort_by(|a, b| a.file.cmp(&b.file));

    let mut entries: Vec<Entry> = planned
        .iter()
        .map(|plan| plan.entry(&opts.retrieved))
        .collect();
    manifest::keep_retrieved_dates(&mut entries, previous.as_ref());
    // Hand-written inputs (the overlay) are not sliced from a package: keep their entries, with
    // the hash of what is on disk now.
    for old in previous.iter().flat_map(|m| &m.files) {
        if old.kind == manifest::HAND_WRITTEN
            && let Ok(bytes) = std::fs::read(spec_dir.join(&old.file))
        {
            let mut entry = old.clone();
            entry.sha256 = manifest::sha256_hex(&bytes);
            entries.push(entry);
        }
    }
    entries.sort_by(|a, b| a.file.cmp(&b.file));
    let manifest_bytes = manifest::to_bytes(&Manifest {
        service: service.namespace.clone(),
        files: entries,
    })?;
    let manifest = output::write_if_changed(spec_dir, MANIFEST_FILE, &manifest_bytes)?;
    let pins = output::write_if_changed(spec_dir, VERSIONS_FILE, &versions.to_bytes()?)?;
    Ok(UpdateSpecReport {
        files,
        manifest,
        pins,
        notes,
    })
}
