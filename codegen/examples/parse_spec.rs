//! The baseline of `scripts/bench-registry.sh`: reads and parses every JSON file of a spec folder
//! (all units, the API models included: everything generation reads) into `serde_json::Value`,
//! the least any generator must do, and prints the count and bytes.
//!
//! `cargo run --release -p cfn-codegen --example parse_spec -- [SPEC_DIR]` (default `spec/`).

use std::path::{Path, PathBuf};

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            json_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args_os().nth(1).map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec"),
        PathBuf::from,
    );
    let mut files = Vec::new();
    json_files(&dir, &mut files)?;
    let (mut bytes, mut objects) = (0, 0);
    for file in &files {
        let text = std::fs::read_to_string(file)?;
        bytes += text.len();
        let value: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
        objects += usize::from(value.is_object());
    }
    println!(
        "{} files ({objects} objects), {bytes} bytes parsed",
        files.len()
    );
    Ok(())
}
