//! Evidence corpus: public, deployed CloudFormation templates with `AWS::ApiGatewayV2::*`
//! resources, vendored unmodified under `tests/evidence/templates/` (see
//! `tests/evidence/README.md` and `tests/evidence/MANIFEST.json` for where each came from).
//!
//! An error means CloudFormation or API Gateway refuses the template. A deployed public template
//! that the validator reports an error on is either a real fault of that template or evidence
//! that the rule is too strict; `tests/evidence/REVIEW.json` records which, one entry per error.
//!
//! Checked here:
//! 1. the manifest and the template folder match one to one, and every file's SHA-256 is the
//!    one recorded (the copies stay unmodified);
//! 2. every error finding has a review entry (an unreviewed error fails, naming it);
//! 3. every review entry still holds (a stale review fails, so reviews stay current): a
//!    `true-fault` is still an error; a `contradicted` rule is now a warning there, citing this
//!    template (the overlay's `evidence` section, `spec/overlay/`);
//! 4. every file parses (a file the validator cannot read is a failure to investigate);
//! 5. no template is a copy of the conformance corpus (`../shared/corpus`: the same bytes, or
//!    the same repository and path in its `MANIFEST.tsv`), where that corpus is present.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use cfn_apigatewayv2::validate::{self, Severity};

#[path = "corpus_support/mod.rs"]
mod corpus_support;

/// How many templates the corpus must hold at least: the target was 100; it holds 124
/// today (see `tests/evidence/README.md`), and this pins that count: lowering it needs a reason.
const MIN_FILES: usize = 124;

fn json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn field<'a>(entry: &'a serde_json::Value, key: &str) -> &'a str {
    entry[key]
        .as_str()
        .unwrap_or_else(|| panic!("entry without string `{key}`: {entry}"))
}

/// SHA-256 (FIPS 180-4) of `data`, as lowercase hex: small enough to keep here rather than add
/// a dependency for one test.
fn sha256_hex(data: &[u8]) -> String {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for block in msg.chunks(64) {
        let mut w = [0u32; 64];
        for (i, word) in block.chunks(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(y);
        }
    }
    h.iter().map(|x| format!("{x:08x}")).collect()
}

#[test]
fn sha256_known_answer() {
    assert_eq!(
        sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn evidence_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/evidence");
    let templates = dir.join("templates");
    let manifest = json(&dir.join("MANIFEST.json"));
    let manifest = manifest.as_array().expect("MANIFEST.json is an array");
    let mut problems: Vec<String> = Vec::new();

    // (1) Manifest and folder match one to one; the bytes are the recorded ones.
    let listed: BTreeSet<&str> = manifest.iter().map(|e| field(e, "file")).collect();
    assert_eq!(listed.len(), manifest.len(), "a file is listed twice");
    let on_disk: BTreeSet<String> = std::fs::read_dir(&templates)
        .expect("tests/evidence/templates")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .into_string()
                .expect("UTF-8 name")
        })
        .collect();
    for name in &on_disk {
        if !listed.contains(name.as_str()) {
            problems.push(format!("{name}: on disk, not in MANIFEST.json"));
        }
    }
    assert!(
        manifest.len() >= MIN_FILES,
        "{} templates, want at least {MIN_FILES}",
        manifest.len()
    );

    // (5) Not copies of the conformance corpus.
    if let Some(corpus) = corpus_support::corpus() {
        let tsv = std::fs::read_to_string(corpus.join("MANIFEST.tsv")).expect("MANIFEST.tsv");
        let sources: BTreeSet<(&str, &str)> = tsv
            .lines()
            .skip(1)
            .filter_map(|line| {
                let mut cols = line.split('\t').skip(1);
                Some((cols.next()?, cols.next()?))
            })
            .collect();
        let mut hashes = BTreeSet::new();
        for sub in ["good", "bad", "computed"] {
            for file in std::fs::read_dir(corpus.join(sub))
                .into_iter()
                .flatten()
                .flatten()
            {
                if let Ok(bytes) = std::fs::read(file.path()) {
                    hashes.insert(sha256_hex(&bytes));
                }
            }
        }
        assert!(
            !sources.is_empty() && !hashes.is_empty(),
            "the conformance corpus lists no sources or files"
        );
        for entry in manifest {
            let file = field(entry, "file");
            if sources.contains(&(field(entry, "repo"), field(entry, "path"))) {
                problems.push(format!(
                    "{file}: the conformance corpus has its repository and path"
                ));
            }
            if hashes.contains(field(entry, "sha256")) {
                problems.push(format!(
                    "{file}: the same bytes as a conformance corpus file"
                ));
            }
        }
    }

    // Error findings, keyed (file, rule, path), with their messages.
    let mut errors: BTreeMap<(String, String, String), String> = BTreeMap::new();
    let mut warnings: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut warned: BTreeMap<(String, String, String), String> = BTreeMap::new();
    for entry in manifest {
        let file = field(entry, "file");
        if !on_disk.contains(file) {
            problems.push(format!("{file}: in MANIFEST.json, not on disk"));
            continue;
        }
        let bytes = std::fs::read(templates.join(file)).expect("read template");
        let sha = sha256_hex(&bytes);
        if sha != field(entry, "sha256") {
            problems.push(format!(
                "{file}: sha256 {sha}, MANIFEST.json says {}",
                field(entry, "sha256")
            ));
        }
        // (4) Every file parses.
        let findings = match validate::validate_bytes(&bytes) {
            Ok(findings) => findings,
            Err(e) => {
                problems.push(format!("{file}: parse failure: {e:?}"));
                continue;
            }
        };
        for f in findings {
            match f.severity {
                Severity::Error => {
                    errors.insert((file.to_owned(), f.rule.to_owned(), f.path), f.message);
                }
                Severity::Warning => {
                    *warnings.entry(f.rule).or_default() += 1;
                    warned.insert((file.to_owned(), f.rule.to_owned(), f.path), f.message);
                }
            }
        }
    }

    // (2) and (3): errors and review entries match one to one.
    let review = json(&dir.join("REVIEW.json"));
    let mut verdicts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut reviewed: BTreeSet<(String, String, String)> = BTreeSet::new();
    for r in review.as_array().expect("REVIEW.json is an array") {
        let key = (
            field(r, "file").to_owned(),
            field(r, "rule").to_owned(),
            field(r, "path").to_owned(),
        );
        let verdict = field(r, "verdict");
        match verdict {
            "true-fault" | "contradicted" => {}
            other => problems.push(format!("{key:?}: unknown verdict {other:?}")),
        }
        assert!(!field(r, "why").is_empty(), "{key:?}: empty `why`");
        if verdict == "contradicted" {
            assert!(
                !field(r, "proposal").is_empty(),
                "{key:?}: `contradicted` without a proposal"
            );
        }
        let holds = match verdict {
            "contradicted" => warned.get(&key).is_some_and(|m| m.contains(&key.0)),
            _ => errors.contains_key(&key),
        };
        if !holds {
            let now = if verdict == "contradicted" {
                "not a warning citing this template: add it to the overlay's `evidence`"
            } else {
                "no such error now"
            };
            problems.push(format!(
                "stale review ({verdict}, {now}): {} {} {}",
                key.0, key.1, key.2
            ));
        }
        *verdicts.entry(verdict).or_default() += 1;
        reviewed.insert(key);
    }
    for ((file, rule, path), message) in &errors {
        if !reviewed.contains(&(file.clone(), rule.clone(), path.clone())) {
            problems.push(format!(
                "unreviewed error: {file} {rule} {path} ({message})"
            ));
        }
    }

    println!(
        "evidence corpus: {} templates, {} errors",
        manifest.len(),
        errors.len()
    );
    for (verdict, n) in &verdicts {
        println!("  errors reviewed {verdict}: {n}");
    }
    for (rule, n) in &warnings {
        println!("  warnings {rule}: {n}");
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}
