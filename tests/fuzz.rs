//! Fuzzing on stable Rust: each target of `tests/fuzz_support` runs on mutations of real
//! templates and specs (a seeded mutator: byte edits, a dictionary of template and YAML tokens,
//! splices, and structural edits of the generator's JSON inputs).
//!
//! - `cargo test --test fuzz` (part of the test suite): a short, fixed-seed run of every target,
//!   then every input in `tests/fuzz/regressions/<target>/`, the crashes found so far.
//! - `cargo test --release --test fuzz -- --ignored --nocapture --test-threads 1`: the long run,
//!   `FUZZ_SECONDS` per target (default 600), seed `FUZZ_SEED` (default: the clock, printed).
//!
//! A failing input is saved to `target/fuzz/crashes/<target>-<hash>` and the run fails naming it;
//! before each run the input is also written to `target/fuzz/<target>.current`, so an abort that
//! cannot be caught (a stack overflow) leaves it behind. Add it to the regressions folder with
//! the fix. With a nightly toolchain, the same targets also run under libFuzzer (`fuzz/`, see
//! README).

mod corpus_support;
mod fuzz_support;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fuzz_support::files_support::files;
use fuzz_support::{Rng, SpecTarget};

/// How long a run lasts: a number of inputs (the short run) or a time (the long run).
#[derive(Clone, Copy)]
enum Budget {
    Inputs(u64),
    Time(Duration),
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn work_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz");
    std::fs::create_dir_all(dir.join("crashes")).unwrap();
    dir
}

/// Seed inputs for the template targets: the shared corpus (where present), the held-out fault
/// templates, the validator fixtures, and a few written here.
fn template_seeds() -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = [
        "",
        "{}",
        "Resources: {}",
        "Resources:\n  A:\n    Type: AWS::ApiGatewayV2::Api\n    Properties: {Name: a, ProtocolType: HTTP}\n",
        "{\"Resources\": {\"R\": {\"Type\": \"AWS::ApiGatewayV2::Route\", \"Properties\": {\"ApiId\": {\"Ref\": \"A\"}, \"RouteKey\": \"$default\", \"Target\": {\"Fn::Sub\": \"integrations/${I}\"}}}}}",
        "a: &x [*x, *x]\nb: *x\n",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    let mut dirs = vec![
        root().join("tests/faults"),
        root().join("tests/fixtures/validate"),
    ];
    if let Some(corpus) = corpus_support::corpus() {
        dirs.extend([corpus.join("good"), corpus.join("bad")]);
    }
    for dir in dirs {
        for file in files(&dir) {
            if matches!(
                file.extension().and_then(|e| e.to_str()),
                Some("json" | "yaml" | "yml" | "template")
            ) {
                seeds.push(std::fs::read(&file).unwrap());
            }
        }
    }
    seeds
}

/// Runs `target` on the regression inputs, then on mutations of `seeds` within `budget`; fails
/// naming the saved inputs that broke it.
fn fuzz(
    name: &str,
    seeds: &[Vec<u8>],
    mutate: fn(&mut Rng, &[Vec<u8>]) -> Vec<u8>,
    target: &dyn Fn(&[u8]),
    budget: Budget,
    seed: u64,
) {
    let work = work_dir();
    let current = work.join(format!("{name}.current"));
    let mut crashes = Vec::new();
    let try_input = |input: &[u8], crashes: &mut Vec<String>| {
        std::fs::write(&current, input).unwrap();
        if catch_unwind(AssertUnwindSafe(|| target(input))).is_err() {
            let file = work
                .join("crashes")
                .join(format!("{name}-{:016x}", hash(input)));
            std::fs::write(&file, input).unwrap();
            crashes.push(file.display().to_string());
        }
    };
    let regressions = files(&root().join("tests/fuzz/regressions").join(name));
    for file in &regressions {
        try_input(&std::fs::read(file).unwrap(), &mut crashes);
    }
    for input in seeds {
        try_input(input, &mut crashes);
    }
    let mut rng = Rng::new(seed);
    let started = Instant::now();
    let mut runs = 0u64;
    while crashes.len() < 10
        && match budget {
            Budget::Inputs(n) => runs < n,
            Budget::Time(time) => started.elapsed() < time,
        }
    {
        try_input(&mutate(&mut rng, seeds), &mut crashes);
        runs += 1;
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "fuzz {name}: seed {seed}, {} regression inputs, {} seeds, {runs} mutated inputs in \
         {elapsed:.1} s ({:.0}/s), {} failing",
        regressions.len(),
        seeds.len(),
        runs as f64 / elapsed.max(1e-9),
        crashes.len()
    );
    assert!(
        crashes.is_empty(),
        "{name}: failing inputs saved:\n{}",
        crashes.join("\n")
    );
}

fn hash(bytes: &[u8]) -> u64 {
    // FNV-1a: stable across runs and platforms, for file names.
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The long run's budget and seed.
fn long() -> (Budget, u64) {
    let seconds = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600);
    let seed = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    (Budget::Time(Duration::from_secs(seconds)), seed)
}

/// The short runs' fixed seed.
const SEED: u64 = 20261203;

fn spec_target() -> SpecTarget {
    let dir = work_dir().join(format!("spec-{}", std::process::id()));
    SpecTarget::new(root(), &dir)
}

macro_rules! template_target {
    ($short:ident, $long:ident, $target:path, $inputs:expr) => {
        #[test]
        fn $short() {
            let seeds = template_seeds();
            let target = |data: &[u8]| $target(data);
            fuzz(
                stringify!($target).rsplit(':').next().unwrap(),
                &seeds,
                fuzz_support::mutate,
                &target,
                Budget::Inputs($inputs),
                SEED,
            );
        }

        #[test]
        #[ignore = "long fuzz run: FUZZ_SECONDS per target (see the module docs)"]
        fn $long() {
            let seeds = template_seeds();
            let target = |data: &[u8]| $target(data);
            let (budget, seed) = long();
            fuzz(
                stringify!($target).rsplit(':').next().unwrap(),
                &seeds,
                fuzz_support::mutate,
                &target,
                budget,
                seed,
            );
        }
    };
}

template_target!(syntax, syntax_long, fuzz_support::syntax, 6000);
template_target!(validate, validate_long, fuzz_support::validate, 4000);
template_target!(convert, convert_long, fuzz_support::convert, 4000);

#[test]
fn spec() {
    let target = spec_target();
    let seeds = target.seeds();
    fuzz(
        "spec",
        &seeds,
        fuzz_support::mutate_json,
        &|data| target.run(data),
        Budget::Inputs(300),
        SEED,
    );
}

#[test]
#[ignore = "long fuzz run: FUZZ_SECONDS per target (see the module docs)"]
fn spec_long() {
    let target = spec_target();
    let seeds = target.seeds();
    let (budget, seed) = long();
    fuzz(
        "spec",
        &seeds,
        fuzz_support::mutate_json,
        &|data| target.run(data),
        budget,
        seed,
    );
}
