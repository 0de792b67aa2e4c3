//! The generator's source layout: no import circle between its top-level modules, and no
//! file grows past a size one reader can hold. A folder (`emit/`, `merge/`) is one module.
//!
//! A module depends on another when its source names `crate::other` outside a comment (a `use`
//! line or a path inline). Names that are not modules of the generator (`crate::Value` inside
//! a `quote!` of generated code) are ignored.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `merge/legacy.rs` → `merge`, `emit/mod.rs` → `emit`, `diff.rs` → `diff`; `None` for the crate
/// roots.
fn top_module(file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src()).unwrap();
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib" && name != "main").then(|| name.to_owned())
}

/// The first path segments after every `crate::` in `text`, comments left out.
fn crate_paths(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let names = match rest.strip_prefix('{') {
                // `use crate::{a::X, b};`
                Some(group) => group.split('}').next().unwrap_or("").split(',').collect(),
                None => vec![rest],
            };
            for name in names {
                let ident: String = name
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !ident.is_empty() {
                    out.insert(ident);
                }
            }
        }
    }
    out
}

fn dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let modules: BTreeSet<String> = files.iter().filter_map(|f| top_module(f)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let Some(module) = top_module(file) else {
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        let uses = graph.entry(module.clone()).or_default();
        for used in crate_paths(&text) {
            if used != module && modules.contains(&used) {
                uses.insert(used);
            }
        }
    }
    graph
}

/// A circle through `from`, if there is one: the modules along it.
fn circle(
    graph: &BTreeMap<String, BTreeSet<String>>,
    from: &str,
    path: &mut Vec<String>,
) -> Option<Vec<String>> {
    if let Some(start) = path.iter().position(|m| m == from) {
        let mut found = path[start..].to_vec();
        found.push(from.to_owned());
        return Some(found);
    }
    path.push(from.to_owned());
    for next in graph.get(from).into_iter().flatten() {
        if let Some(found) = circle(graph, next, path) {
            return Some(found);
        }
    }
    path.pop();
    None
}

#[test]
fn no_import_circles_between_modules() {
    let graph = dependencies();
    // The scan sees the dependencies that matter.
    assert!(graph["merge"].contains("ledger"), "{graph:?}");
    assert!(graph["emit"].contains("naming"), "{graph:?}");
    for module in graph.keys() {
        if let Some(found) = circle(&graph, module, &mut Vec::new()) {
            panic!("import circle: {}", found.join(" -> "));
        }
    }
}

#[test]
fn pipeline_stages_depend_only_on_earlier_stages() {
    // Data-flow order; a stage may use the shared modules and the stages before it.
    let stages = ["read", "merge", "enrich", "emit", "output"];
    let graph = dependencies();
    for (i, stage) in stages.iter().enumerate() {
        for used in &graph[*stage] {
            if let Some(j) = stages.iter().position(|s| s == used) {
                // `emit` takes the generated files' header markers from `output`.
                let allowed = j < i || (*stage, used.as_str()) == ("emit", "output");
                assert!(allowed, "stage `{stage}` uses the later stage `{used}`");
            }
        }
    }
}

#[test]
fn files_stay_small() {
    // No file is exempt: one that must stay larger says why at its top and is named here.
    const MAX_LINES: usize = 620;
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    for file in files {
        let relative = file
            .strip_prefix(src())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let lines = std::fs::read_to_string(&file).unwrap().lines().count();
        assert!(
            lines <= MAX_LINES,
            "codegen/src/{relative}: {lines} lines (most {MAX_LINES})"
        );
    }
}
