//! What one side of `cfn-codegen diff` may be, and how each is read:
//!
//! - a **spec folder** (like `spec/`), with all of the inputs or only some: a folder with any of
//!   `schemas/`, `cfnspec/`, `service-spec/`, `botocore/`, `overlay/`, `values/` or
//!   `SOURCES.json`; read as generation reads it ([`crate::read::read_some`]);
//! - a **folder of registry schemas**: `*.json` files, each a CloudFormation registry schema;
//!   those of the service are read;
//! - an **upstream package archive**: an npm `.tgz` of `@aws-cdk/cfnspec` or
//!   `@aws-cdk/aws-service-spec`, or a PyPI `.whl` of `cfn-lint` (botocore's API model alone
//!   defines no resources), sliced for the service by `update-spec`'s slicers into a scratch
//!   folder, read, and the folder removed.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::InputFile;
use crate::read::{self, Inputs, registry};

/// The sub-folders and files that make a folder a spec folder.
const SPEC_ENTRIES: [&str; 7] = [
    "schemas",
    "cfnspec",
    "service-spec",
    "botocore",
    "overlay",
    "values",
    "SOURCES.json",
];

/// Reads one side of a diff: a spec folder, a folder of registry schemas, or a package archive,
/// sliced for `service` (`AWS::ApiGatewayV2`).
///
/// # Errors
///
/// A path that does not exist or is none of those; a folder with no spec inputs or no registry
/// schema of the service; an archive that is no known package or has nothing for the service;
/// any reader's error.
pub fn read_side(path: &Path, service: &str) -> Result<Inputs> {
    if path.is_dir() {
        if SPEC_ENTRIES.iter().any(|e| path.join(e).exists()) {
            // Another service than the root folder's is its `services/<module>` unit.
            let unit = crate::naming::service_module(service)
                .map(|m| format!("{}/{m}", read::SERVICES_DIR))
                .filter(|unit| path.join(unit).join("schemas").is_dir());
            return match unit {
                Some(unit) => read::read_unit(path, &unit, &read::Shared::read(path)?),
                None => read::read_some(path),
            };
        }
        return read_schema_folder(path, service);
    }
    if path.is_file() {
        return read_archive(path, service);
    }
    Err(Error::new(path, "", "no such file or folder"))
}

/// A folder of `*.json` registry schemas: the ones of `service`.
fn read_schema_folder(dir: &Path, service: &str) -> Result<Inputs> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, &e))?
        .map(|entry| entry.map(|e| e.path()).map_err(|e| Error::io(dir, &e)))
        .collect::<Result<_>>()?;
    files.retain(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"));
    files.sort();
    if files.is_empty() {
        return Err(Error::new(
            dir,
            "",
            "neither a spec folder (with schemas/, cfnspec/ or service-spec/) nor a folder of \
             registry schemas (*.json files)",
        ));
    }
    let prefix = format!("{}::", service.trim_end_matches("::"));
    let mut schemas = Vec::new();
    for path in &files {
        let schema = registry::read(path, path)?;
        if schema.type_name.starts_with(&prefix) {
            schemas.push((path.clone(), schema));
        }
    }
    if schemas.is_empty() {
        return Err(Error::new(
            dir,
            "",
            format!(
                "none of its {} registry schemas is of a type starting with {prefix} (--service)",
                files.len()
            ),
        ));
    }
    let files = schemas
        .iter()
        .map(|(p, _)| InputFile {
            file: p.to_string_lossy().replace('\\', "/"),
            origin: None,
        })
        .collect();
    Ok(Inputs {
        registry: schemas,
        legacy: None,
        legacy_docs: None,
        service_spec: Vec::new(),
        api_models: Vec::new(),
        references: None,
        overlays: Vec::new(),
        values: None,
        files,
    })
}

#[cfg(not(feature = "maintainer"))]
fn read_archive(path: &Path, _service: &str) -> Result<Inputs> {
    Err(Error::new(
        path,
        "",
        "package archives are read only with the `maintainer` feature of cfn-codegen",
    ))
}

#[cfg(feature = "maintainer")]
fn read_archive(path: &Path, service: &str) -> Result<Inputs> {
    let scratch = scratch::Dir::new().map_err(|e| Error::io(std::env::temp_dir(), &e))?;
    let prefix = format!("{}::", service.trim_end_matches("::"));
    let sliced = crate::update_spec::slice_package(path, &prefix, scratch.path()).map_err(|e| {
        // The slicer's errors name the archive already.
        let message = e.to_string();
        let named = format!("{}: ", path.display());
        Error::new(path, "", message.strip_prefix(&named).unwrap_or(&message))
    })?;
    let defines_resources = sliced.files.iter().any(|f| {
        f.starts_with("schemas/") || f.starts_with("service-spec/") || f.starts_with("cfnspec/")
    });
    if !defines_resources {
        let gives = if sliced.files.is_empty() {
            "nothing for the service".to_owned()
        } else {
            sliced.files.join(", ")
        };
        return Err(Error::new(
            path,
            "",
            format!(
                "{} defines no resource types (it gives {gives}); give a spec folder or an \
                 archive of @aws-cdk/cfnspec, @aws-cdk/aws-service-spec or cfn-lint",
                sliced.package
            ),
        ));
    }
    read::read_some(scratch.path()).map_err(|e| {
        let notes: String = sliced.notes.iter().map(|n| format!(" ({n})")).collect();
        Error::new(
            path,
            "",
            format!("{} sliced for {prefix}: {e}{notes}", sliced.package),
        )
    })
}

/// A scratch folder removed when dropped.
#[cfg(feature = "maintainer")]
mod scratch {
    use std::path::{Path, PathBuf};
    use std::time::{SystemTime, UNIX_EPOCH};

    /// A new, empty folder under the system's temporary folder.
    pub(super) struct Dir(PathBuf);

    impl Dir {
        pub(super) fn new() -> std::io::Result<Self> {
            let nanos = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos());
            let base = std::env::temp_dir();
            let mut attempt = 0u32;
            loop {
                let path = base.join(format!(
                    "cfn-codegen-diff-{}-{nanos}-{attempt}",
                    std::process::id()
                ));
                match std::fs::create_dir(&path) {
                    Ok(()) => return Ok(Dir(path)),
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                        attempt += 1;
                    }
                    Err(e) => return Err(e),
                }
            }
        }

        pub(super) fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            // Best effort: a scratch folder left behind is harmless.
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}
