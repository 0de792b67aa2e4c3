//! The parse-only baseline of `scripts/bench-many.sh`: reads and parses every file given, one
//! after another on one thread, into a generic tree, and walks it (so nothing is optimised away).
//!
//! - `*.json`: serde_json into a `serde_json::Value`.
//! - anything else: YAML, which serde_json cannot read, with `yaml_rust2::YamlLoader` (the crate
//!   under this project's own YAML parser) into a `yaml_rust2::Yaml` tree.
//!
//! A file that does not parse is counted and skipped (the benchmark folder holds the corpus's
//! `bad/` templates too). Prints one line: files, JSON and YAML parsed, failures, nodes walked.
//!
//! Usage: `parse_many FILE...`

use yaml_rust2::{Yaml, YamlLoader};

fn main() {
    let (mut json, mut yaml, mut failed, mut nodes) = (0usize, 0usize, 0usize, 0usize);
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: parse_many FILE...");
        std::process::exit(2);
    }
    for file in &files {
        let bytes = match std::fs::read(file) {
            Ok(bytes) => bytes,
            Err(e) => {
                eprintln!("{file}: cannot read: {e}");
                failed += 1;
                continue;
            }
        };
        if file.ends_with(".json") {
            match serde_json::from_slice::<serde_json::Value>(&bytes) {
                Ok(value) => {
                    json += 1;
                    nodes += walk_json(&value);
                }
                Err(_) => failed += 1,
            }
        } else {
            let parsed = std::str::from_utf8(&bytes)
                .ok()
                .and_then(|text| YamlLoader::load_from_str(text).ok());
            match parsed {
                Some(docs) => {
                    yaml += 1;
                    nodes += docs.iter().map(walk_yaml).sum::<usize>();
                }
                None => failed += 1,
            }
        }
    }
    println!(
        "{} files: {json} JSON (serde_json), {yaml} YAML (yaml-rust2), {failed} not parsed; \
         {nodes} nodes",
        files.len()
    );
}

fn walk_json(value: &serde_json::Value) -> usize {
    1 + match value {
        serde_json::Value::Array(items) => items.iter().map(walk_json).sum(),
        serde_json::Value::Object(map) => map.values().map(walk_json).sum(),
        _ => 0,
    }
}

fn walk_yaml(value: &Yaml) -> usize {
    1 + match value {
        Yaml::Array(items) => items.iter().map(walk_yaml).sum(),
        Yaml::Hash(map) => map.values().map(walk_yaml).sum(),
        _ => 0,
    }
}
