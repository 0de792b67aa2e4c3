//! `cfn-codegen update-spec`: vendor the upstream CloudFormation data into `spec/`, with
//! provenance: one service's slice at the root of the folder, and (with
//! [`UpdateSpecOptions::all_services`]) every other namespace of the registry in a unit folder
//! `services/<module>/` of its own.
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
//! | `services/<module>/...` | all but `value-kinds` | the same files for every other namespace (`services.rs`), those with an empty slice left out |
//! | `services/INDEX.json` | | what each source contributed to each unit folder |
//! | `SOURCES.json` | | the manifest: package, version, path and SHA-256 of every file above |
//! | `versions.json` | | the pins: the version of each package read (`pins.rs`) |
//!
//! Registry schemas are copied byte for byte; every other file is a JSON slice written with sorted
//! keys and 2-space indentation. Each archive is read and each upstream file parsed once
//! (`sources.rs`), however many namespaces are sliced (`unit.rs`; `survey.rs` slices them all).
//! All upstream data is read and sliced before anything is written, so a failing run leaves the
//! spec folder as it was. Files are rewritten only when their bytes change, and files in the
//! owned sub-folders that the run did not produce are removed; with every namespace, so is
//! anything under `services/` the run did not produce.
//!
//! [`refresh`] (`update-spec --latest`, `--versions FILE`) first downloads the packages with
//! `npm` and `pip` (`tools.rs`), then runs this on a copy of the spec folder and swaps it in.

mod apply;
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
mod services;
mod slice;
mod sources;
mod survey;
mod tools;
mod unit;
mod values;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use flate2::read::GzDecoder;

use archive::{Package, Upstream};
pub use date::today_utc;
pub use error::UpdateSpecError;
use json::{Doc, canonical_bytes};
use manifest::{Entry, sha256_hex};
pub use partial::{SlicedPackage, slice_package};
pub use pins::{Outdated, VERSIONS_FILE, Versions, outdated};
pub use refresh::{Refresh, RefreshOptions, refresh};
pub use report::{
    FileKind, FileOutcome, FileStatus, ServiceOutcome, ServicesReport, UpdateSpecReport,
};
use service::Service;
use sources::{Db, Lint, Scope, Sources};
pub use survey::{Survey, SurveyRow, survey};
pub use tools::newest_versions;
use unit::{Parsed, Place};

/// What `update-spec` reads and where it writes.
#[derive(Clone, Debug)]
pub struct UpdateSpecOptions {
    /// The upstream package archives (`.tgz` from npm, `.whl` from PyPI), in any order. Each is
    /// recognised by its metadata, not its file name. `@aws-cdk/cfnspec`,
    /// `@aws-cdk/aws-service-spec`, `cfn-lint` and `botocore` are all required.
    pub from: Vec<PathBuf>,
    /// The spec folder to update (`spec/` of the workspace).
    pub spec_dir: PathBuf,
    /// The CloudFormation type prefix of the service at the root of the spec folder, with the
    /// trailing `::`, e.g. `AWS::ApiGatewayV2::`.
    pub service_prefix: String,
    /// Also vendor every other namespace of cfn-lint's provider map into `services/<module>/`,
    /// with `services/INDEX.json`; files under `services/` the run did not produce are removed.
    /// Without it, `services/` is left as it is (its `SOURCES.json` entries are kept).
    pub all_services: bool,
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
/// inside an archive; no registry schema or service-database resource for the prefix; two
/// namespaces with one module name; or a file-system error in the spec folder. Upstream errors
/// name the archive and the path inside it.
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
    let scope = if opts.all_services {
        Scope::All
    } else {
        Scope::One(&service)
    };
    let sources = Sources::load(&opts.from, scope)?;
    let legacy = sources.legacy.parse()?;
    let db_doc = sources.db.parse()?;
    let db_index = slice::ServiceDb::new(&db_doc)?;
    let parsed = Parsed {
        legacy: &legacy,
        lint: &sources.lint,
        db: &sources.db,
        db_index: &db_index,
        botocore: &sources.botocore,
    };
    let mut notes = Vec::new();
    let (mut planned, _) =
        unit::plan_unit(&parsed, &service, &Place::folder(&service), &mut notes)?;
    planned.push(plan_values(&sources.lint, &sources.db, &db_doc)?);
    let services = if opts.all_services {
        Some(services::plan(&parsed, &service)?)
    } else {
        None
    };
    apply::apply(opts, &service, planned, services, notes, &sources.versions)
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
        upstream_sha256: String,
        slice: String,
    ) -> Self {
        Planned {
            file,
            kind,
            bytes,
            package: package.upstream,
            version: package.version.clone(),
            upstream_path: upstream_path.to_owned(),
            upstream_sha256,
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

/// The file of the value-kind table: what `Ref` and `Fn::GetAtt` return, for every type.
pub const VALUES_FILE: &str = "values/resource-values.json";

/// `values/resource-values.json`: the value-kind table of every resource type in cfn-lint's
/// us-east-1 provider map or the service database ([`values`]).
fn plan_values(lint: &Lint, db: &Db, db_doc: &Doc<'_>) -> Result<Planned, UpdateSpecError> {
    let (cfn_lint, service_spec) = (&lint.package, &db.package);
    // Older cfn-lint releases have no provider map: the table then has only the service
    // database's facts.
    let providers_bytes = lint.providers.clone().unwrap_or_else(|| b"{}".to_vec());
    let registry: BTreeMap<String, values::RegistryFacts> = if lint.providers.is_some() {
        lint.schemas
            .iter()
            .map(|(type_name, schema)| (type_name.clone(), values::registry_facts(&schema.value)))
            .collect()
    } else {
        BTreeMap::new()
    };
    let service = values::service_facts(db_doc.array_at("/schema/resource/entities")?);
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
        db.gz_sha256,
    );
    Ok(Planned::new(
        VALUES_FILE.to_owned(),
        FileKind::ValueKinds,
        canonical_bytes(VALUES_FILE, value)?,
        cfn_lint,
        CFNLINT_PROVIDERS,
        sha256_hex(&providers_bytes),
        slice,
    ))
}

/// Decompresses a gzip file found inside an archive.
fn gunzip(archive: &Path, inner: &str, bytes: &[u8]) -> Result<Vec<u8>, UpdateSpecError> {
    let mut out = Vec::new();
    GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .map_err(|e| UpdateSpecError::archive(archive, Some(inner), format!("bad gzip: {e}")))?;
    Ok(out)
}
