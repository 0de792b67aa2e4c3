//! Generates the resource types from `spec/` into `OUT_DIR`.
//!
//! With the default `codegen` feature the generator runs here, so editing a file in `spec/` and
//! running `cargo build` changes the types. Without it, the checked-in `generated/` files (the
//! same bytes, kept current by `cfn-codegen check` in CI) are copied instead, and the generator
//! and its dependencies are not built at all. Either way nothing is written outside `OUT_DIR`.
//!
//! Every service is behind the cargo feature named like its module (`apigatewayv2`, `lambda`):
//! only the enabled services are generated (or copied), and the root file switches each module
//! on with `#[cfg(feature = ...)]`. A published package has no `spec/` (it would not fit
//! crates.io's size limit); there the `codegen` feature copies `generated/` too.
//!
//! For maintainers, `CFN_APIGATEWAYV2_SPEC` names another spec folder to generate from (absolute,
//! or relative to this crate's folder), e.g. a modified copy of `spec/`: `tests/compat.rs` builds
//! a user crate against such copies to check which spec changes user code survives. It needs the
//! `codegen` feature; without it the variable is ignored with a warning.

use std::path::{Path, PathBuf};

/// The environment variable naming another spec folder than `spec/` (see the module docs).
const SPEC_ENV: &str = "CFN_APIGATEWAYV2_SPEC";

fn main() {
    let manifest = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed={SPEC_ENV}");
    if let Err(message) = run(&manifest, &out) {
        println!("cargo::error={message}");
        std::process::exit(1);
    }
}

#[cfg(feature = "codegen")]
fn run(manifest: &Path, out: &Path) -> Result<(), String> {
    let spec = match std::env::var_os(SPEC_ENV).filter(|v| !v.is_empty()) {
        Some(other) => manifest.join(other),
        // No spec to generate from (the published package has none): the checked-in code.
        None if !manifest.join("spec/schemas").is_dir() => return copy_generated(manifest, out),
        None => manifest.join("spec"),
    };
    println!("cargo::rerun-if-changed={}", spec.display());
    let generation = cfn_codegen::generate_units(&spec, enabled)
        .map_err(|e| format!("generating from {}: {e}", spec.display()))?;
    cfn_codegen::output::write_dir(out, &generation.files).map_err(|e| e.to_string())?;
    Ok(())
}

#[cfg(not(feature = "codegen"))]
fn run(manifest: &Path, out: &Path) -> Result<(), String> {
    if std::env::var_os(SPEC_ENV).is_some_and(|v| !v.is_empty()) {
        println!(
            "cargo::warning={SPEC_ENV} is ignored: without the `codegen` feature the types come from generated/"
        );
    }
    copy_generated(manifest, out)
}

/// Whether the cargo feature of the service module `module` is on.
fn enabled(module: &str) -> bool {
    let var = format!("CARGO_FEATURE_{}", module.to_uppercase().replace('-', "_"));
    std::env::var_os(var).is_some()
}

/// Copies the root files of `generated/` and the folders of the enabled services into `out`.
fn copy_generated(manifest: &Path, out: &Path) -> Result<(), String> {
    let generated = manifest.join("generated");
    println!("cargo::rerun-if-changed={}", generated.display());
    copy_tree(&generated, out, &enabled)
        .map_err(|e| format!("copying generated/ into OUT_DIR: {e}"))
}

/// Copies the `.rs` files below `from` into `to`, and of its folders those `folder` accepts
/// (whole: the filter applies to `from`'s own folders only).
fn copy_tree(from: &Path, to: &Path, folder: &dyn Fn(&str) -> bool) -> std::io::Result<()> {
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            if folder(&entry.file_name().to_string_lossy()) {
                std::fs::create_dir_all(&target)?;
                copy_tree(&entry.path(), &target, &|_| true)?;
            }
        } else if entry.path().extension().is_some_and(|e| e == "rs") {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
