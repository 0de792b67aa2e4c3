#![no_main]

use std::path::Path;
use std::sync::OnceLock;

#[path = "../../tests/fuzz_support/mod.rs"]
mod fuzz_support;

/// The generator's fixture specs, copied once per process into a folder of its own.
fn target() -> &'static fuzz_support::SpecTarget {
    static TARGET: OnceLock<fuzz_support::SpecTarget> = OnceLock::new();
    TARGET.get_or_init(|| {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let work = std::env::temp_dir().join(format!("cfn-fuzz-spec-{}", std::process::id()));
        fuzz_support::SpecTarget::new(&repo, &work)
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| target().run(data));
