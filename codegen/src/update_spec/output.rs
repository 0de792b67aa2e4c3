//! Writing the spec folder: only files whose bytes changed, atomically, and removing stale ones.

use std::collections::BTreeSet;
use std::fs;
use std::io::ErrorKind;
use std::path::Path;

use super::{FileStatus, UpdateSpecError};

/// The sub-folders of the spec folder that `update-spec` owns entirely: any file in them that the
/// current run did not produce is stale and removed.
pub(crate) const OWNED_DIRS: [&str; 5] =
    ["botocore", "cfnspec", "schemas", "service-spec", "values"];

/// Writes `bytes` to `spec_dir/file` unless the file already holds exactly them.
pub(crate) fn write_if_changed(
    spec_dir: &Path,
    file: &str,
    bytes: &[u8],
) -> Result<FileStatus, UpdateSpecError> {
    let path = spec_dir.join(file);
    match fs::read(&path) {
        Ok(existing) if existing == bytes => return Ok(FileStatus::Unchanged),
        Ok(_) => {}
        Err(e) if e.kind() == ErrorKind::NotFound => {}
        Err(e) => return Err(UpdateSpecError::io(&path, "reading", e)),
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| UpdateSpecError::io(parent, "creating", e))?;
    }
    // Write next to the target and rename, so an interrupted run never leaves half a file.
    let temp = path.with_extension("json.update-spec-tmp");
    fs::write(&temp, bytes).map_err(|e| UpdateSpecError::io(&temp, "writing", e))?;
    fs::rename(&temp, &path).map_err(|e| UpdateSpecError::io(&path, "replacing", e))?;
    Ok(FileStatus::Written)
}

/// Removes every file in the owned sub-folders that is not in `keep` (paths relative to
/// `spec_dir`, `/`-separated). Returns the removed files, sorted.
pub(crate) fn remove_stale(
    spec_dir: &Path,
    keep: &BTreeSet<String>,
) -> Result<Vec<String>, UpdateSpecError> {
    let mut removed = Vec::new();
    for dir in OWNED_DIRS {
        for name in file_names(&spec_dir.join(dir))? {
            let file = format!("{dir}/{name}");
            if !keep.contains(&file) {
                let path = spec_dir.join(&file);
                fs::remove_file(&path).map_err(|e| UpdateSpecError::io(&path, "removing", e))?;
                removed.push(file);
            }
        }
    }
    removed.sort();
    Ok(removed)
}

/// Removes every file under the folder `dir` of `spec_dir`, at any depth, that is not in `keep`,
/// then the folders left empty. Returns the removed files, sorted.
pub(crate) fn remove_stale_tree(
    spec_dir: &Path,
    dir: &str,
    keep: &BTreeSet<String>,
) -> Result<Vec<String>, UpdateSpecError> {
    let mut removed = Vec::new();
    remove_below(spec_dir, dir, keep, &mut removed)?;
    removed.sort();
    Ok(removed)
}

/// [`remove_stale_tree`] for the folder `dir` (relative to `spec_dir`); whether it is now empty.
fn remove_below(
    spec_dir: &Path,
    dir: &str,
    keep: &BTreeSet<String>,
    removed: &mut Vec<String>,
) -> Result<bool, UpdateSpecError> {
    let path = spec_dir.join(dir);
    let entries = match fs::read_dir(&path) {
        Ok(entries) => entries,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(UpdateSpecError::io(&path, "listing", e)),
    };
    let mut empty = true;
    for entry in entries {
        let entry = entry.map_err(|e| UpdateSpecError::io(&path, "listing", e))?;
        let file = format!("{dir}/{}", entry.file_name().to_string_lossy());
        let is_dir = entry
            .file_type()
            .map_err(|e| UpdateSpecError::io(&entry.path(), "inspecting", e))?
            .is_dir();
        if is_dir {
            if remove_below(spec_dir, &file, keep, removed)? {
                let sub = spec_dir.join(&file);
                fs::remove_dir(&sub).map_err(|e| UpdateSpecError::io(&sub, "removing", e))?;
            } else {
                empty = false;
            }
        } else if keep.contains(&file) {
            empty = false;
        } else {
            let stale = spec_dir.join(&file);
            fs::remove_file(&stale).map_err(|e| UpdateSpecError::io(&stale, "removing", e))?;
            removed.push(file);
        }
    }
    Ok(empty)
}

/// The names of the regular files directly in `dir` (none if it does not exist).
fn file_names(dir: &Path) -> Result<Vec<String>, UpdateSpecError> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(UpdateSpecError::io(dir, "listing", e)),
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| UpdateSpecError::io(dir, "listing", e))?;
        let is_file = entry
            .file_type()
            .map_err(|e| UpdateSpecError::io(&entry.path(), "inspecting", e))?
            .is_file();
        if is_file {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    Ok(names)
}
