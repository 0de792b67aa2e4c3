//! Writing a run's files: the planned files, `services/INDEX.json`, the manifest and the pins;
//! removing stale files; and the report.

use std::collections::{BTreeMap, BTreeSet};

use super::manifest::{self, Entry, MANIFEST_FILE, Manifest};
use super::output;
use super::report::{FileOutcome, ServiceOutcome, ServicesReport};
use super::service::Service;
use super::services::{self, INDEX_FILE, SERVICES_DIR, ServicesPlan};
use super::unit::Contribution;
use super::{
    FileStatus, Planned, UpdateSpecError, UpdateSpecOptions, UpdateSpecReport, VERSIONS_FILE,
    Versions,
};

/// Writes the planned files (the root service's and, with `services`, the unit folders'), the
/// index and the manifest, removes stale files, and reports.
pub(crate) fn apply(
    opts: &UpdateSpecOptions,
    service: &Service,
    mut planned: Vec<Planned>,
    services: Option<ServicesPlan>,
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
    let previous_index = std::fs::read(spec_dir.join(INDEX_FILE)).unwrap_or_default();
    let (units, index) = match services {
        Some(plan) => {
            planned.extend(plan.planned);
            (Some(plan.units), Some(plan.index))
        }
        None => (None, None),
    };
    planned.sort_by(|a, b| a.file.cmp(&b.file));

    let mut files = Vec::new();
    for plan in &planned {
        let status = output::write_if_changed(spec_dir, &plan.file, &plan.bytes)?;
        files.push(FileOutcome {
            file: plan.file.clone(),
            kind: plan.kind,
            status,
        });
    }
    let index_status = match &index {
        Some(bytes) => Some(output::write_if_changed(spec_dir, INDEX_FILE, bytes)?),
        None => None,
    };
    let mut keep: BTreeSet<String> = planned.iter().map(|plan| plan.file.clone()).collect();
    let mut stale = output::remove_stale(spec_dir, &keep)?;
    if index.is_some() {
        keep.insert(INDEX_FILE.to_owned());
        // A unit's hand-written overlay (`services/logs/overlay/references.json`) is no stale
        // slice: the manifest lists it as hand-written.
        keep.extend(
            previous
                .iter()
                .flat_map(|m| &m.files)
                .filter(|e| e.kind == manifest::HAND_WRITTEN)
                .map(|e| e.file.clone()),
        );
        stale.extend(output::remove_stale_tree(spec_dir, SERVICES_DIR, &keep)?);
    }
    for file in stale {
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
    for old in previous.iter().flat_map(|m| &m.files) {
        // Hand-written inputs (the overlay) are not sliced from a package: keep their entries,
        // with the hash of what is on disk now. A run for the root service alone leaves the
        // unit folders and their entries as they are.
        let kept_unit = index.is_none() && old.file.starts_with("services/");
        if (old.kind == manifest::HAND_WRITTEN || kept_unit)
            && let Ok(bytes) = std::fs::read(spec_dir.join(&old.file))
        {
            let mut entry = old.clone();
            if !kept_unit {
                entry.sha256 = manifest::sha256_hex(&bytes);
            }
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
    let services = match (units, index_status) {
        (Some(units), Some(index)) => Some(ServicesReport {
            units: unit_outcomes(&units, &files, &previous_index),
            index,
        }),
        _ => None,
    };
    Ok(UpdateSpecReport {
        files,
        manifest,
        pins,
        notes,
        services,
    })
}

/// Each unit folder's outcome, from the files' (removed units named from the previous index).
fn unit_outcomes(
    units: &BTreeMap<String, Contribution>,
    files: &[FileOutcome],
    previous_index: &[u8],
) -> Vec<ServiceOutcome> {
    let mut by_module: BTreeMap<String, ServiceOutcome> = units
        .iter()
        .map(|(namespace, unit)| {
            let outcome = ServiceOutcome {
                namespace: namespace.clone(),
                module: unit.module.clone(),
                types: unit.types.len(),
                kinds: Vec::new(),
                written: 0,
                unchanged: 0,
                removed: 0,
            };
            (unit.module.clone(), outcome)
        })
        .collect();
    let previous = services::previous_modules(previous_index);
    for file in files {
        let Some(module) = file
            .file
            .strip_prefix("services/")
            .and_then(|rest| rest.split_once('/'))
            .map(|(module, _)| module)
        else {
            continue;
        };
        let outcome = by_module
            .entry(module.to_owned())
            .or_insert_with(|| ServiceOutcome {
                namespace: previous
                    .get(module)
                    .cloned()
                    .unwrap_or_else(|| format!("services/{module}")),
                module: module.to_owned(),
                types: 0,
                kinds: Vec::new(),
                written: 0,
                unchanged: 0,
                removed: 0,
            });
        match file.status {
            FileStatus::Written => outcome.written += 1,
            FileStatus::Unchanged => outcome.unchanged += 1,
            FileStatus::Removed => outcome.removed += 1,
        }
        if file.status != FileStatus::Removed && !outcome.kinds.contains(&file.kind) {
            outcome.kinds.push(file.kind);
        }
    }
    let mut outcomes: Vec<ServiceOutcome> = by_module.into_values().collect();
    for outcome in &mut outcomes {
        outcome.kinds.sort();
    }
    outcomes.sort_by(|a, b| a.namespace.cmp(&b.namespace));
    outcomes
}
