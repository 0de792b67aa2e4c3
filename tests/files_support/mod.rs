//! The files below a folder, for the tests that read the tree (layout, generated docs, fuzz
//! seeds).

#![allow(dead_code)] // Each includer uses a part.

use std::path::{Path, PathBuf};

/// Every file below `dir`, sorted; none if `dir` does not exist.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The `.rs` files below `dir`, sorted.
pub fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = files(dir);
    out.retain(|path| path.extension().is_some_and(|e| e == "rs"));
    out
}
