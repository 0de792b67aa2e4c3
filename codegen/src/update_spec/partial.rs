//! One package archive sliced on its own, for `cfn-codegen diff` (a side of a diff may be a
//! single upstream package): the same slicers as [`update_spec`](super::update_spec), writing
//! only the files that package gives into a scratch folder, without a manifest.

use std::fs;
use std::path::Path;

use super::archive::{Package, Upstream};
use super::slice::ServiceDb;
use super::sources::{Botocore, Db, Legacy, Lint, Scope};
use super::unit::{self, Contribution, Place};
use super::{Planned, Service, UpdateSpecError, slice};

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
    let package = Package::open(archive)?;
    let id = format!("{}@{}", package.upstream.id(), package.version);
    let place = Place::folder(&service);
    let mut notes = Vec::new();
    let counts = &mut Contribution::default();
    let planned: Vec<Planned> = match package.upstream {
        Upstream::CfnSpec => {
            let legacy = Legacy::load(package)?;
            unit::plan_legacy(&legacy.parse()?, &service, &place, counts, &mut notes)?
        }
        Upstream::CfnLint => {
            let lint = Lint::load(package, Scope::One(&service))?;
            unit::plan_schemas(&lint, &service, &place, counts)?
        }
        Upstream::ServiceSpec => {
            let db = Db::load(package)?;
            let doc = db.parse()?;
            let index = ServiceDb::new(&doc)?;
            unit::plan_service_spec(&db, &index, &service, &place, counts)?
                .into_iter()
                .collect()
        }
        Upstream::Botocore => {
            let botocore = Botocore::load(package, &[slice::botocore_dir(&service.name)])?;
            unit::plan_api_model(&botocore, &service, &place, counts, &mut notes)?
                .into_iter()
                .collect()
        }
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
