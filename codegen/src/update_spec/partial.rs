//! One package archive sliced on its own, for `cfn-codegen diff` (a side of a diff may be a
//! single upstream package): the same slicers as [`update_spec`](super::update_spec), writing
//! only the files that package gives into a scratch folder, without a manifest.

use std::fs;
use std::path::Path;

use super::archive::{Package, Upstream};
use super::json::Doc;
use super::{
    Planned, SERVICE_SPEC_DB, Service, UpdateSpecError, gunzip, plan_api_model, plan_legacy,
    plan_schemas, plan_service_spec,
};

/// What [`slice_package`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlicedPackage {
    /// The package, `npm:@aws-cdk/cfnspec@2.72.1`, read from its own metadata.
    pub package: String,
    /// The files written, relative to the folder, sorted (`cfnspec/specification.json`, ...).
    pub files: Vec<String>,
    /// What the slicers noted (no resource types for the service, no API model, ...).
    pub notes: Vec<String>,
}

/// Slices the one upstream package archive at `archive` (`@aws-cdk/cfnspec`,
/// `@aws-cdk/aws-service-spec`, `cfn-lint` or `botocore`, recognised by its metadata) for the
/// service of `service_prefix` (`AWS::ApiGatewayV2::`) into `dir`, laid out as in a spec folder.
/// The value-kind table is not written: it needs two packages.
///
/// # Errors
///
/// A bad prefix; an archive that cannot be read or is none of the four packages; upstream data
/// missing or unexpectedly shaped; no registry schema or service-database resource for the
/// service; or a file that cannot be written.
pub fn slice_package(
    archive: &Path,
    service_prefix: &str,
    dir: &Path,
) -> Result<SlicedPackage, UpdateSpecError> {
    let service = Service::parse(service_prefix)?;
    let mut package = Package::open(archive)?;
    let id = format!("{}@{}", package.upstream.id(), package.version);
    let mut notes = Vec::new();
    let planned: Vec<Planned> = match package.upstream {
        Upstream::CfnSpec => plan_legacy(package, &service, &mut notes)?,
        Upstream::CfnLint => plan_schemas(&mut package, &service)?,
        Upstream::ServiceSpec => {
            let db_gz = package.archive.read(SERVICE_SPEC_DB)?;
            let path = package.archive.path().to_path_buf();
            let db_json = gunzip(&path, SERVICE_SPEC_DB, &db_gz)?;
            let db = Doc::parse(&path, SERVICE_SPEC_DB, &db_json)?;
            vec![plan_service_spec(&package, &db, &db_gz, &service)?]
        }
        Upstream::Botocore => plan_api_model(package, &service, &mut notes)?
            .into_iter()
            .collect(),
    };
    let mut files = Vec::new();
    for plan in planned {
        let path = dir.join(&plan.file);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| UpdateSpecError::io(parent, "creating", e))?;
        }
        fs::write(&path, &plan.bytes).map_err(|e| UpdateSpecError::io(&path, "writing", e))?;
        files.push(plan.file);
    }
    files.sort();
    Ok(SlicedPackage {
        package: id,
        files,
        notes,
    })
}
