//! `cfn-codegen survey`: runs the generator over every namespace of the registry, each sliced
//! from the four upstream archives as `update-spec --service` would, and reports per namespace
//! whether generation succeeds, with its time.
//!
//! The namespaces are the `AWS::<Service>::` prefixes of the resource types that cfn-lint's
//! us-east-1 provider map lists. The archives are opened and parsed once; each namespace's slice
//! goes to a temporary spec folder (removed afterwards), is generated in memory (nothing is
//! written to `generated/`) and the result or the error is recorded. Generation only: the
//! generated code is not compiled.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::archive::Upstream;
use super::json::{Doc, canonical_bytes};
use super::service::Service;
use super::{
    CFNLINT_PROVIDERS, CFNSPEC_DOCS, CFNSPEC_SPEC, SERVICE_SPEC_DB, UpdateSpecError, VALUES_FILE,
    gunzip, open_packages, plan_values, slice,
};

/// One namespace's outcome.
#[derive(Debug, Clone)]
pub struct SurveyRow {
    /// `AWS::EC2`.
    pub namespace: String,
    /// Resource types the provider map lists for it.
    pub types: usize,
    /// The generation summary (`N resources, ...`), or the error that stopped slicing or generation.
    pub outcome: Result<String, String>,
    /// Slicing and generation time.
    pub time: Duration,
}

/// Every namespace's outcome, in namespace order.
#[derive(Debug, Clone, Default)]
pub struct Survey {
    /// One row per namespace.
    pub rows: Vec<SurveyRow>,
    /// Opening and parsing the archives, once.
    pub load: Duration,
}

impl fmt::Display for SurveyRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let time = self.time.as_secs_f64();
        match &self.outcome {
            Ok(summary) => write!(
                f,
                "{:<32} {:>4} types  ok     {time:>6.2} s  {summary}",
                self.namespace, self.types
            ),
            Err(e) => write!(
                f,
                "{:<32} {:>4} types  FAILED {time:>6.2} s  {e}",
                self.namespace, self.types
            ),
        }
    }
}

impl Survey {
    /// The totals: namespaces and resource types that generate, and the time.
    pub fn totals(&self) -> String {
        let ok: Vec<&SurveyRow> = self.rows.iter().filter(|r| r.outcome.is_ok()).collect();
        let total: Duration = self.rows.iter().map(|r| r.time).sum();
        format!(
            "{} of {} namespaces and {} of {} resource types generate ({:.1} s: {:.1} s loading \
             the archives, {:.1} s slicing and generating)",
            ok.len(),
            self.rows.len(),
            ok.iter().map(|r| r.types).sum::<usize>(),
            self.rows.iter().map(|r| r.types).sum::<usize>(),
            (self.load + total).as_secs_f64(),
            self.load.as_secs_f64(),
            total.as_secs_f64()
        )
    }
}

impl fmt::Display for Survey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for row in &self.rows {
            writeln!(f, "{row}")?;
        }
        writeln!(f, "{}", self.totals())
    }
}

/// Slices and generates every namespace of the provider map (only those in `only`, if any),
/// calling `progress` with each row as it is done. Temporary spec folders go under `work`.
///
/// # Errors
///
/// The archives cannot be opened, identified or parsed, or `work` cannot be written. A namespace
/// that fails to slice or generate is a row, not an error.
pub fn survey(
    from: &[PathBuf],
    only: &[String],
    work: &Path,
    progress: &mut dyn FnMut(&SurveyRow),
) -> Result<Survey, UpdateSpecError> {
    let start = Instant::now();
    let mut packages = open_packages(from)?;
    let mut legacy = packages.take(Upstream::CfnSpec)?;
    let mut files = legacy.archive.read_many(&[CFNSPEC_SPEC, CFNSPEC_DOCS])?;
    let legacy_path = legacy.archive.path().to_path_buf();
    let spec_bytes = files.remove(CFNSPEC_SPEC).unwrap_or_default();
    let docs_bytes = files.remove(CFNSPEC_DOCS).unwrap_or_default();
    let spec = Doc::parse(&legacy_path, CFNSPEC_SPEC, &spec_bytes)?;
    let docs = Doc::parse(&legacy_path, CFNSPEC_DOCS, &docs_bytes)?;

    let mut cfn_lint = packages.take(Upstream::CfnLint)?;
    let lint_path = cfn_lint.archive.path().to_path_buf();
    let providers_bytes = cfn_lint.archive.read(CFNLINT_PROVIDERS)?;
    let providers = Doc::parse(&lint_path, CFNLINT_PROVIDERS, &providers_bytes)?;
    let ids = slice::schema_ids(&providers, "")?;
    let schema_path = |id: &str| format!("cfnlint/data/schemas/resources/{id}.json");
    let paths: Vec<String> = ids.values().map(|id| schema_path(id)).collect();
    let wanted: Vec<&str> = paths.iter().map(String::as_str).collect();
    let mut schemas = cfn_lint.archive.read_many(&wanted)?;

    let mut service_spec = packages.take(Upstream::ServiceSpec)?;
    let db_gz = service_spec.archive.read(SERVICE_SPEC_DB)?;
    let db_path = service_spec.archive.path().to_path_buf();
    let db_json = gunzip(&db_path, SERVICE_SPEC_DB, &db_gz)?;
    let db = Doc::parse(&db_path, SERVICE_SPEC_DB, &db_json)?;
    let values = plan_values(&mut cfn_lint, &service_spec, &db, &db_gz)?.bytes;

    let mut botocore = packages.take(Upstream::Botocore)?;
    let botocore_names = botocore.archive.names()?;

    let mut namespaces: BTreeMap<String, Vec<(&String, &String)>> = BTreeMap::new();
    for (type_name, id) in &ids {
        let mut parts = type_name.split("::");
        if let (Some(vendor), Some(service)) = (parts.next(), parts.next()) {
            let namespace = format!("{vendor}::{service}");
            if only.is_empty() || only.contains(&namespace) {
                namespaces
                    .entry(namespace)
                    .or_default()
                    .push((type_name, id));
            }
        }
    }
    let mut survey = Survey {
        load: start.elapsed(),
        ..Survey::default()
    };
    for (namespace, types) in &namespaces {
        let start = Instant::now();
        let dir = work.join(namespace.replace("::", "-"));
        let outcome = (|| -> Result<String, String> {
            let service = Service::parse(&format!("{namespace}::")).map_err(|e| e.to_string())?;
            let prefix = &service.prefix;
            let mut out: Vec<(String, Vec<u8>)> = Vec::new();
            let mut json = |file: String, value| -> Result<(), String> {
                let bytes = canonical_bytes(&file, value).map_err(|e| e.to_string())?;
                out.push((file, bytes));
                Ok(())
            };
            json(
                "cfnspec/specification.json".into(),
                slice::legacy_spec(&spec, prefix).map_err(|e| e.to_string())?,
            )?;
            json(
                "cfnspec/cfn-docs.json".into(),
                slice::legacy_docs(&docs, prefix).map_err(|e| e.to_string())?,
            )?;
            let sliced = slice::service_spec(&db, prefix).map_err(|e| e.to_string())?;
            if sliced.resources > 0 {
                json(
                    format!("service-spec/{}.json", service.name.to_lowercase()),
                    sliced.value,
                )?;
            }
            let dir_name = slice::botocore_dir(&service.name);
            if let Some(path) = slice::botocore_model_path(&botocore_names, &dir_name) {
                let gz = botocore.archive.read(&path).map_err(|e| e.to_string())?;
                let bytes =
                    gunzip(botocore.archive.path(), &path, &gz).map_err(|e| e.to_string())?;
                out.push((format!("botocore/{dir_name}-service-2.json"), bytes));
            }
            for (type_name, id) in types {
                let bytes = schemas.get(&schema_path(id)).cloned().unwrap_or_default();
                out.push((
                    format!("schemas/{}", slice::schema_file_name(type_name)),
                    bytes,
                ));
            }
            out.push((VALUES_FILE.to_owned(), values.clone()));
            for (file, bytes) in &out {
                let path = dir.join(file);
                let parent = path.parent().unwrap_or(&dir);
                std::fs::create_dir_all(parent)
                    .and_then(|()| std::fs::write(&path, bytes))
                    .map_err(|e| format!("{}: {e}", path.display()))?;
            }
            let generation = crate::generate(&dir).map_err(|e| e.to_string())?;
            Ok(generation.summary.to_string())
        })();
        // Best effort: a folder left behind is only disk space under `work`.
        let _ = std::fs::remove_dir_all(&dir);
        let row = SurveyRow {
            namespace: namespace.clone(),
            types: types.len(),
            outcome,
            time: start.elapsed(),
        };
        progress(&row);
        survey.rows.push(row);
    }
    schemas.clear();
    Ok(survey)
}
