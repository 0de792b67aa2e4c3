//! The runtime crate's layers: `runtime` (the tree, values, the tables' types) ← `syntax` (text
//! ⇄ tree) ← `template` ← `validate`, each using only the layers before it, so no import circle
//! is possible; and no hand-written file over about 600 lines (see ARCHITECTURE.md).

mod files_support;

use std::path::{Path, PathBuf};

use files_support::rust_files;

const LAYERS: [&str; 4] = ["runtime", "syntax", "template", "validate"];

/// The files of a layer (each is a folder).
fn layer_files(src: &Path, layer: &str) -> Vec<PathBuf> {
    rust_files(&src.join(layer))
}

/// The code of a file without its comments (a doc link is not a dependency).
fn code(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn each_layer_uses_only_the_layers_before_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    for (rank, layer) in LAYERS.iter().enumerate() {
        let files = layer_files(&src, layer);
        assert!(!files.is_empty(), "no files for {layer}");
        for file in files {
            let code = code(&file);
            for later in &LAYERS[rank + 1..] {
                if code.contains(&format!("crate::{later}::"))
                    || code.contains(&format!("crate::{later};"))
                {
                    wrong.push(format!("{} uses {later}", file.display()));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_hand_written_file_is_over_about_600_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = rust_files(&src);
    let long: Vec<String> = files
        .iter()
        .map(|f| (f, std::fs::read_to_string(f).unwrap().lines().count()))
        .filter(|(_, n)| *n > 620)
        .map(|(f, n)| format!("{}: {n} lines", f.display()))
        .collect();
    assert!(long.is_empty(), "{}", long.join("\n"));
}

/// No file the project writes holds a merge's conflict markers (a `<<<<<<<`/`>>>>>>>` line):
/// the text files of every folder but `target/` and `.git/`.
#[test]
fn no_conflict_markers_are_left() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut left = Vec::new();
    let Ok(entries) = std::fs::read_dir(root) else {
        panic!("cannot list {}", root.display());
    };
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if name == "target" || name == ".git" {
            continue;
        }
        if path.is_dir() {
            files.extend(files_support::files(&path));
        } else {
            files.push(path);
        }
    }
    for file in files {
        // Binary or non-UTF-8 files are not the project's text.
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            if line.starts_with("<<<<<<< ") || line.starts_with(">>>>>>> ") {
                left.push(format!("{}:{}", file.display(), n + 1));
            }
        }
    }
    assert!(left.is_empty(), "conflict markers left: {left:?}");
}
