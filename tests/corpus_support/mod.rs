//! Where the shared conformance corpus is (`../shared/corpus`, beside the repository).

use std::path::{Path, PathBuf};

/// The corpus folder; `None` (the test skips, saying why) where it is absent, as in a user's
/// clone. Under CI (`CI` set) its absence is a failure: a test that skips there checks nothing.
pub fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is absent, and CI is set: the corpus tests must run in CI",
        dir.display()
    );
    println!("skipping: {} is absent", dir.display());
    None
}
