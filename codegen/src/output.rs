//! Writing generated files to a directory and checking a directory against them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// What [`write_dir`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files written because they were new or changed.
    pub written: Vec<String>,
    /// Files already up to date.
    pub unchanged: usize,
    /// Stale files deleted.
    pub removed: Vec<String>,
}

/// One way a directory differs from the generated files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    /// A generated file is missing.
    Missing(String),
    /// A file's contents differ.
    Changed(String),
    /// A `.rs` file that generation would not produce.
    Stale(String),
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Drift::Missing(p) => write!(f, "missing: {p}"),
            Drift::Changed(p) => write!(f, "differs: {p}"),
            Drift::Stale(p) => write!(f, "stale:   {p}"),
        }
    }
}

/// Writes `files` under `dir`, touching only files whose contents changed and deleting `.rs`
/// files that are no longer generated.
pub fn write_dir(dir: &Path, files: &BTreeMap<String, String>) -> Result<WriteReport> {
    let mut report = WriteReport::default();
    for (rel, contents) in files {
        let path = dir.join(rel);
        if std::fs::read(&path).is_ok_and(|old| old == contents.as_bytes()) {
            report.unchanged += 1;
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, &e))?;
        }
        std::fs::write(&path, contents).map_err(|e| Error::io(&path, &e))?;
        report.written.push(rel.clone());
    }
    for rel in existing_rs_files(dir)? {
        if !files.contains_key(&rel) {
            let path = dir.join(&rel);
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, &e))?;
            report.removed.push(rel);
        }
    }
    Ok(report)
}

/// How `dir` differs from `files` (empty when it is up to date).
pub fn check_dir(dir: &Path, files: &BTreeMap<String, String>) -> Result<Vec<Drift>> {
    let mut drift = Vec::new();
    for (rel, contents) in files {
        match std::fs::read(dir.join(rel)) {
            Ok(old) if old == contents.as_bytes() => {}
            Ok(_) => drift.push(Drift::Changed(rel.clone())),
            Err(_) => drift.push(Drift::Missing(rel.clone())),
        }
    }
    let expected: BTreeSet<&String> = files.keys().collect();
    for rel in existing_rs_files(dir)? {
        if !expected.contains(&rel) {
            drift.push(Drift::Stale(rel));
        }
    }
    Ok(drift)
}

/// Every `.rs` file below `dir`, as `/`-separated relative paths.
fn existing_rs_files(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let mut stack: Vec<PathBuf> = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(|e| Error::io(&d, &e))? {
            let path = entry.map_err(|e| Error::io(&d, &e))?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(dir).unwrap_or(&path);
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    Ok(out)
}
