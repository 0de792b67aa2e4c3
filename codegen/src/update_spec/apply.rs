//! Writing a run's files: the planned files, the manifest and the pins; removing stale files;
//! and the report.

use std::collections::BTreeSet;

use super::manifest::{self, Entry, MANIFEST_FILE, Manifest};
use super::output;
use super::report::FileOutcome;
use super::service::Service;
use super::{
    FileStatus, Planned, UpdateSpecError, UpdateSpecOptions, UpdateSpecReport, VERSIONS_FILE,
    Versions,
};

/// Writes the planned files and the manifest, removes stale files, and reports.
pub(crate) fn apply(
    opts: &UpdateSpecOptions,
    service: &Service,
    mut planned: Vec<Planned>,
    mut notes: Vec<String>,
    versions: &Versions,
) -> Result<UpdateSpecReport, UpdateSpecError> {
    planned.sort_by(|a, b| a.file.cmp(&b.file));
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
