//! `cfn-codegen survey`: runs the generator over every namespace of the registry, each sliced
//! from the four upstream archives as `update-spec` slices a unit folder `services/<module>/`
//! (with the value-kind table beside it), and reports per namespace whether generation
//! succeeds, with its time.
//!
//! The namespaces are the `AWS::<Service>::` prefixes of the resource types that cfn-lint's
//! us-east-1 provider map lists. The archives are opened and parsed once; each namespace's slice
//! goes to a temporary spec folder (removed afterwards), is generated in memory (nothing is
//! written to `generated/`) and the result or the error is recorded. Generation only: the
//! generated code is not compiled.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::service::Service;
use super::slice::ServiceDb;
use super::sources::{Scope, Sources};
use super::unit::{self, Parsed, Place};
use super::{UpdateSpecError, VALUES_FILE, plan_values};

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
    let sources = Sources::load(from, Scope::All)?;
    let legacy = sources.legacy.parse()?;
    let db_doc = sources.db.parse()?;
    let db_index = ServiceDb::new(&db_doc)?;
    let parsed = Parsed {
        legacy: &legacy,
        lint: &sources.lint,
        db: &sources.db,
        db_index: &db_index,
        botocore: &sources.botocore,
    };
    let values = plan_values(&sources.lint, &sources.db, &db_doc)?.bytes;
    let namespaces = sources.lint.namespaces();
    let mut survey = Survey {
        load: start.elapsed(),
        ..Survey::default()
    };
    for (namespace, types) in &namespaces {
        if !only.is_empty() && !only.contains(namespace) {
            continue;
        }
        let start = Instant::now();
        let dir = work.join(namespace.replace("::", "-"));
        let outcome = (|| -> Result<String, String> {
            let service = Service::parse(&format!("{namespace}::")).map_err(|e| e.to_string())?;
            // A unit folder's files (those with an empty slice left out), as a spec folder.
            let place = Place {
                base: String::new(),
                stem: service.name.to_lowercase(),
                folder: false,
            };
            let (planned, _) = unit::plan_unit(&parsed, &service, &place, &mut Vec::new())
                .map_err(|e| e.to_string())?;
            let out = planned
                .iter()
                .map(|plan| (plan.file.as_str(), &plan.bytes))
                .chain([(VALUES_FILE, &values)]);
            for (file, bytes) in out {
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
    Ok(survey)
}
