//! Stage 1: spec readers, one per upstream input. Each returns that source's facts, untouched by
//! the others; [`crate::merge`] combines them.
//!
//! Layout of a spec directory (see `spec/README.md`):
//! - `schemas/*.json`: registry schemas (required by [`read_dir`], for generation; [`read_some`],
//!   for `cfn-codegen diff`, accepts a folder with any of the resource sources);
//! - `cfnspec/specification.json`: legacy resource specification (optional);
//! - `cfnspec/cfn-docs.json`: legacy documentation text (optional);
//! - `service-spec/*.json`: the CDK service database slice (optional);
//! - `botocore/<service>-service-2.json`: the service's API model (optional);
//! - `overlay/references.json`: hand-written forms of reference values (optional);
//! - `overlay/*-rules.json`: the hand-written overlay of documented rules (optional);
//! - `values/resource-values.json`: what `Ref`/`Fn::GetAtt` return for every resource type
//!   (optional);
//! - `SOURCES.json`: provenance (optional; named in generated headers).

pub mod api_model;
pub mod legacy;
pub mod overlay;
pub mod references;
pub mod registry;
pub mod service_spec;
pub mod values;

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::model::InputFile;

/// Everything read from one spec directory.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// Registry schemas with the file each came from (relative path).
    pub registry: Vec<(PathBuf, registry::RegistrySchema)>,
    /// The legacy specification, if present.
    pub legacy: Option<(PathBuf, legacy::LegacySpec)>,
    /// The legacy docs, if present.
    pub legacy_docs: Option<(PathBuf, legacy::DocsFile)>,
    /// Service database slices.
    pub service_spec: Vec<(PathBuf, service_spec::ServiceSpec)>,
    /// API models (`botocore/<service>-service-2.json`).
    pub api_models: Vec<(PathBuf, api_model::ApiModel)>,
    /// The hand-written reference forms, if present.
    pub references: Option<(PathBuf, references::ReferencesOverlay)>,
    /// Hand-written overlays (`overlay/*-rules.json`).
    pub overlays: Vec<(PathBuf, overlay::OverlayFile)>,
    /// The value-kind table, if present.
    pub values: Option<(PathBuf, values::ValueTable)>,
    /// Input files for generated headers.
    pub files: Vec<InputFile>,
}

#[derive(Debug, Clone, Deserialize)]
struct Sources {
    files: Vec<SourceEntry>,
}

#[derive(Debug, Clone, Deserialize)]
struct SourceEntry {
    file: String,
    package: String,
    version: String,
}

/// The folder of a spec directory that holds one spec folder per further generation unit
/// (`services/lambda/`, `services/ec2/`, ...): each has the layout of a one-service spec folder
/// (`schemas/`, `cfnspec/`, `service-spec/`, `botocore/`) and shares the root's value-kind table
/// and `SOURCES.json`.
pub const SERVICES_DIR: &str = "services";

/// The generation units of `spec_dir`: `""` (the folder itself) first, then every
/// `services/<module>` folder that has registry schemas, in name order.
pub fn units(spec_dir: &Path) -> Result<Vec<String>> {
    let mut units = vec![String::new()];
    let dir = spec_dir.join(SERVICES_DIR);
    if !dir.is_dir() {
        return Ok(units);
    }
    let mut more = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(|e| Error::io(SERVICES_DIR, &e))? {
        let entry = entry.map_err(|e| Error::io(SERVICES_DIR, &e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().join("schemas").is_dir() {
            more.push(format!("{SERVICES_DIR}/{name}"));
        }
    }
    more.sort();
    units.extend(more);
    Ok(units)
}

/// What every unit of a spec directory shares: read once.
#[derive(Debug, Clone, Default)]
pub struct Shared {
    /// The value-kind table (`values/resource-values.json`), if present.
    values: Option<(PathBuf, values::ValueTable)>,
    /// The provenance manifest (`SOURCES.json`), if present.
    sources: Option<Sources>,
}

impl Shared {
    /// Reads the value-kind table and the manifest of `spec_dir`, where present.
    pub fn read(spec_dir: &Path) -> Result<Shared> {
        let optional = |name: &str| {
            let path = spec_dir.join(name);
            path.is_file().then_some(path)
        };
        let rel = |p: &Path| p.strip_prefix(spec_dir).unwrap_or(p).to_path_buf();
        Ok(Shared {
            values: optional("values/resource-values.json")
                .map(|p| values::read(&p, &rel(&p)).map(|s| (rel(&p), s)))
                .transpose()?,
            sources: optional("SOURCES.json")
                .map(|p| legacy::read_json(&p, &rel(&p)))
                .transpose()?,
        })
    }

    /// The value-kind table, if the spec directory has one.
    pub fn values(&self) -> Option<&values::ValueTable> {
        self.values.as_ref().map(|(_, table)| table)
    }
}

/// Reads every input in `spec_dir`, which must have registry schemas (generation needs them).
pub fn read_dir(spec_dir: &Path) -> Result<Inputs> {
    read_unit(spec_dir, "", &Shared::read(spec_dir)?)
}

/// Reads one generation unit of `spec_dir` (`""` or `services/<module>`, see [`units`]), which
/// must have registry schemas, with what the units share. File names in the inputs (and so in
/// errors and generated headers) are relative to `spec_dir`.
pub fn read_unit(spec_dir: &Path, unit: &str, shared: &Shared) -> Result<Inputs> {
    let inputs = read_inputs(spec_dir, unit, shared)?;
    if inputs.registry.is_empty() {
        return Err(Error::new(
            spec_dir.join(unit).join("schemas"),
            "",
            "no registry schemas (`*.json`) found",
        ));
    }
    Ok(inputs)
}

/// Reads every input present in `spec_dir`, which must have at least one source of resources:
/// registry schemas, the legacy specification or a service database slice. For comparing spec
/// versions that only have some of the inputs (an old legacy specification on its own).
pub fn read_some(spec_dir: &Path) -> Result<Inputs> {
    read_inputs(spec_dir, "", &Shared::read(spec_dir)?)
}

fn read_inputs(root: &Path, unit: &str, shared: &Shared) -> Result<Inputs> {
    let spec_dir = &root.join(unit);
    let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    let json_files = |sub: &str| -> Result<Vec<PathBuf>> {
        let dir = spec_dir.join(sub);
        if !dir.is_dir() {
            return Ok(Vec::new());
        }
        let mut files = Vec::new();
        for entry in std::fs::read_dir(&dir).map_err(|e| Error::io(rel(&dir), &e))? {
            let path = entry.map_err(|e| Error::io(rel(&dir), &e))?.path();
            if path.extension().is_some_and(|e| e == "json") {
                files.push(path);
            }
        }
        files.sort();
        Ok(files)
    };

    let mut registry = Vec::new();
    for path in json_files("schemas")? {
        let display = rel(&path);
        registry.push((display.clone(), registry::read(&path, &display)?));
    }
    let optional = |name: &str| {
        let path = spec_dir.join(name);
        path.is_file().then_some(path)
    };
    let legacy = optional("cfnspec/specification.json")
        .map(|p| legacy::read_json(&p, &rel(&p)).map(|s| (rel(&p), s)))
        .transpose()?;
    let legacy_docs = optional("cfnspec/cfn-docs.json")
        .map(|p| legacy::read_json(&p, &rel(&p)).map(|s| (rel(&p), s)))
        .transpose()?;
    let mut service_spec = Vec::new();
    for path in json_files("service-spec")? {
        service_spec.push((rel(&path), legacy::read_json(&path, &rel(&path))?));
    }

    let mut api_models = Vec::new();
    for path in json_files("botocore")? {
        api_models.push((rel(&path), legacy::read_json(&path, &rel(&path))?));
    }

    let references = optional("overlay/references.json")
        .map(|p| legacy::read_json(&p, &rel(&p)).map(|s| (rel(&p), s)))
        .transpose()?;
    let mut overlays = Vec::new();
    for path in json_files("overlay")? {
        if path.to_string_lossy().ends_with("-rules.json") {
            overlays.push((rel(&path), legacy::read_json(&path, &rel(&path))?));
        }
    }

    if registry.is_empty() && legacy.is_none() && service_spec.is_empty() {
        return Err(Error::new(
            spec_dir,
            "",
            "no spec inputs found: neither registry schemas (`schemas/*.json`), a legacy \
             specification (`cfnspec/specification.json`) nor a service database slice \
             (`service-spec/*.json`)",
        ));
    }

    let values = shared.values.clone();
    let sources = shared.sources.as_ref();
    let origin = |file: &Path| {
        let file = file.to_string_lossy().replace('\\', "/");
        sources
            .and_then(|s| s.files.iter().find(|e| e.file == file))
            .map(|e| match e.version.as_str() {
                "-" => e.package.clone(),
                version => format!("{}@{version}", e.package),
            })
    };
    let mut files: Vec<InputFile> = registry
        .iter()
        .map(|(p, _)| p)
        .chain(legacy.iter().map(|(p, _)| p))
        .chain(legacy_docs.iter().map(|(p, _)| p))
        .chain(service_spec.iter().map(|(p, _)| p))
        .chain(api_models.iter().map(|(p, _)| p))
        .chain(references.iter().map(|(p, _)| p))
        .chain(overlays.iter().map(|(p, _)| p))
        .chain(values.iter().map(|(p, _)| p))
        .map(|p| InputFile {
            file: p.to_string_lossy().replace('\\', "/"),
            origin: origin(p),
        })
        .collect();
    files.sort();
    Ok(Inputs {
        registry,
        legacy,
        legacy_docs,
        service_spec,
        api_models,
        references,
        overlays,
        values,
        files,
    })
}
