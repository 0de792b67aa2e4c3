//! `update-spec --latest` and `--versions FILE`: download the four packages with `npm` and `pip`
//! into a temporary folder, slice them into a copy of the spec folder, generate from the copy,
//! and only then swap the copy in.
//!
//! So a failure at any step (a tool missing or offline, a bad archive, new upstream data the
//! generator refuses) leaves the spec folder as it was; a run that changes nothing swaps nothing,
//! so the folder's files are not even touched.

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use super::archive::Upstream;
use super::pins::Versions;
use super::{UpdateSpecError, UpdateSpecOptions, UpdateSpecReport, tools, update_spec};

/// What [`refresh`] vendors and where.
#[derive(Clone, Debug)]
pub struct RefreshOptions {
    /// The version of each of the four packages to vendor (newest or pinned).
    pub versions: Versions,
    /// The spec folder to update.
    pub spec_dir: PathBuf,
    /// As [`UpdateSpecOptions::service_prefix`].
    pub service_prefix: String,
    /// As [`UpdateSpecOptions::all_services`].
    pub all_services: bool,
    /// As [`UpdateSpecOptions::retrieved`].
    pub retrieved: String,
}

/// The result of a successful [`refresh`].
#[derive(Debug)]
pub struct Refresh {
    /// What `update-spec` did to the spec folder (all unchanged: nothing was swapped).
    pub report: UpdateSpecReport,
    /// The generated files of the refreshed spec folder, for writing `generated/`.
    pub generation: crate::Generation,
}

/// Downloads the packages at `opts.versions`, vendors them and generates from the result; the
/// spec folder is replaced only when all of that succeeded and something changed. `progress` is
/// told each step (`downloading npm:@aws-cdk/cfnspec 2.72.1`).
///
/// # Errors
///
/// A version missing from `opts.versions`; `npm` or `pip` missing or failing
/// ([`UpdateSpecError::Tool`], with the command and its stderr); any [`update_spec`] error; the
/// new data not generating ([`UpdateSpecError::Generate`], the downloads then kept); a
/// file-system error while copying or swapping.
pub fn refresh(
    opts: &RefreshOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<Refresh, UpdateSpecError> {
    let mut downloads = TempDir::new(&std::env::temp_dir(), "cfn-codegen-downloads")?;
    let mut from = Vec::new();
    for upstream in Upstream::ALL {
        let version =
            opts.versions
                .of(upstream)
                .ok_or_else(|| UpdateSpecError::InvalidOptions {
                    message: format!("no version given for {}", upstream.id()),
                })?;
        progress(&format!("downloading {} {version}", upstream.id()));
        from.push(tools::download(upstream, version, &downloads.path)?);
    }

    let spec_dir = &opts.spec_dir;
    let parent = match spec_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = spec_dir
        .file_name()
        .map_or_else(|| "spec".into(), |n| n.to_string_lossy().into_owned());
    let staged = TempDir::new(&parent, &format!(".{name}.update-spec"))?;
    copy_tree(spec_dir, &staged.path)?;
    progress("slicing into a copy of the spec folder");
    let report = update_spec(&UpdateSpecOptions {
        from,
        spec_dir: staged.path.clone(),
        service_prefix: opts.service_prefix.clone(),
        all_services: opts.all_services,
        retrieved: opts.retrieved.clone(),
    })?;
    progress("generating from the copy");
    let generation = crate::generate(&staged.path).map_err(|e| {
        downloads.keep = true;
        UpdateSpecError::Generate {
            message: e.to_string(),
            kept: downloads.path.clone(),
        }
    })?;
    if !report.is_unchanged() {
        swap(spec_dir, staged)?;
    }
    Ok(Refresh { report, generation })
}

/// A folder removed when dropped, unless `keep` is set.
struct TempDir {
    path: PathBuf,
    keep: bool,
}

impl TempDir {
    /// Creates a new, empty folder in `parent` whose name starts with `stem`.
    fn new(parent: &Path, stem: &str) -> Result<Self, UpdateSpecError> {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let path = parent.join(format!("{stem}-{}-{nanos}", std::process::id()));
        fs::create_dir(&path).map_err(|e| UpdateSpecError::io(&path, "creating", e))?;
        Ok(TempDir { path, keep: false })
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if !self.keep {
            // Best effort: a left-over temporary folder is harmless.
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

/// Copies the folder `from` (regular files and folders) into the existing folder `to`.
fn copy_tree(from: &Path, to: &Path) -> Result<(), UpdateSpecError> {
    let entries = fs::read_dir(from).map_err(|e| UpdateSpecError::io(from, "listing", e))?;
    for entry in entries {
        let entry = entry.map_err(|e| UpdateSpecError::io(from, "listing", e))?;
        let source = entry.path();
        let target = to.join(entry.file_name());
        let kind = entry
            .file_type()
            .map_err(|e| UpdateSpecError::io(&source, "inspecting", e))?;
        if kind.is_dir() {
            fs::create_dir(&target).map_err(|e| UpdateSpecError::io(&target, "creating", e))?;
            copy_tree(&source, &target)?;
        } else {
            fs::copy(&source, &target).map_err(|e| UpdateSpecError::io(&source, "copying", e))?;
        }
    }
    Ok(())
}

/// Replaces `spec_dir` by the staged folder: the old folder is moved aside, the staged one moved
/// in (the old one moved back if that fails), then the old one removed.
fn swap(spec_dir: &Path, mut staged: TempDir) -> Result<(), UpdateSpecError> {
    let mut old = staged.path.clone().into_os_string();
    old.push(".old");
    let old = PathBuf::from(old);
    fs::rename(spec_dir, &old).map_err(|e| UpdateSpecError::io(spec_dir, "moving aside", e))?;
    if let Err(e) = fs::rename(&staged.path, spec_dir) {
        let restored = fs::rename(&old, spec_dir);
        return Err(UpdateSpecError::io(
            spec_dir,
            if restored.is_ok() {
                "replacing (the old folder was put back)"
            } else {
                "replacing (the old folder is left beside it, named *.old)"
            },
            e,
        ));
    }
    staged.keep = true;
    match fs::remove_dir_all(&old) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        Err(e) => Err(UpdateSpecError::io(&old, "removing the replaced folder", e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_then_swap_replaces_the_folder_and_cleans_up() {
        let root = TempDir::new(&std::env::temp_dir(), "cfn-refresh-test").unwrap();
        let spec = root.path.join("spec");
        fs::create_dir_all(spec.join("sub")).unwrap();
        fs::write(spec.join("a.json"), "old").unwrap();
        fs::write(spec.join("sub/b.json"), "kept").unwrap();
        let staged = TempDir::new(&root.path, ".spec.update-spec").unwrap();
        copy_tree(&spec, &staged.path).unwrap();
        fs::write(staged.path.join("a.json"), "new").unwrap();
        swap(&spec, staged).unwrap();
        assert_eq!(fs::read_to_string(spec.join("a.json")).unwrap(), "new");
        assert_eq!(fs::read_to_string(spec.join("sub/b.json")).unwrap(), "kept");
        let left: Vec<_> = fs::read_dir(&root.path).unwrap().collect();
        assert_eq!(left.len(), 1, "only spec/ remains: {left:?}");
    }
}
