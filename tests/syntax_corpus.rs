//! The readers and writers on the real templates in `../shared/corpus` (see its MANIFEST.tsv),
//! whole and cut or damaged at random places.

mod corpus_support;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use cfn_apigatewayv2::Node;
use cfn_apigatewayv2::syntax::{
    Format, Parsed, parse, parse_document, parse_json, parse_yaml, to_json, to_yaml,
};

/// The corpus files (good and bad), sorted, or `None` when the corpus is not there.
fn corpus() -> Option<(PathBuf, Vec<PathBuf>)> {
    let root = corpus_support::corpus()?;
    let mut files = Vec::new();
    for folder in ["good", "bad"] {
        for entry in fs::read_dir(root.join(folder)).unwrap() {
            files.push(entry.unwrap().path());
        }
    }
    files.sort();
    Some((root, files))
}

/// What the manifest says about a file that cannot be read (or, for a duplicate key, is read
/// as CloudFormation reads it).
#[derive(Debug)]
enum Expected {
    /// A duplicate key at this line: read, with the duplicate listed.
    Duplicate(u32),
    /// A YAML syntax error at this line.
    Syntax(u32),
    /// Some other structural error (the note says parsing fails).
    Fails,
}

/// The manifest's expectations by `good/name` / `bad/name`, and its formats.
fn manifest(root: &Path) -> HashMap<String, (String, Option<Expected>)> {
    let text = fs::read_to_string(root.join("MANIFEST.tsv")).unwrap();
    // The number after the first "line " that follows `marker`.
    let line_after = |notes: &str, marker: &str| -> u32 {
        let rest = &notes[notes.find(marker).unwrap()..];
        let rest = &rest[rest.find("line ").unwrap() + 5..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().unwrap()
    };
    text.lines()
        .skip(1)
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let notes = fields[7];
            let expected = if notes.contains("format: duplicate YAML key") {
                Some(Expected::Duplicate(line_after(
                    notes,
                    "format: duplicate YAML key",
                )))
            } else if notes.contains("Not valid YAML") {
                Some(Expected::Syntax(line_after(notes, "Not valid YAML")))
            } else if notes.contains("parsing fails") {
                Some(Expected::Fails)
            } else {
                None
            };
            (fields[0].to_owned(), (fields[4].to_owned(), expected))
        })
        .collect()
}

/// Every node in the tree has a position (walked without recursion).
fn all_spanned(node: &Node) -> bool {
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        if node.span.is_none() {
            return false;
        }
        stack.extend(node.as_sequence().unwrap_or_default());
        stack.extend(node.as_mapping().unwrap_or_default().iter().map(|(_, v)| v));
    }
    true
}

#[track_caller]
fn round_trips(node: &Node, name: &str) {
    let json = to_json(node);
    let from_json = parse_json(&json).unwrap_or_else(|e| panic!("{name}: to_json: {e}"));
    assert!(
        &from_json == node,
        "{name}: to_json does not read back equal"
    );
    let yaml = to_yaml(node);
    let from_yaml = parse_yaml(&yaml).unwrap_or_else(|e| panic!("{name}: to_yaml: {e}\n{yaml}"));
    assert!(
        &from_yaml == node,
        "{name}: to_yaml does not read back equal"
    );
}

#[test]
fn corpus_reads_and_round_trips() {
    let Some((root, files)) = corpus() else {
        return;
    };
    let manifest = manifest(&root);
    let (mut parsed, mut with_duplicates, mut failed) = (0, 0, Vec::new());
    for path in &files {
        let name = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let (format, expected) = manifest
            .get(&name)
            .unwrap_or_else(|| panic!("{name} not in MANIFEST"));
        let bytes = fs::read(path).unwrap();
        let lines = u32::try_from(bytes.split(|b| *b == b'\n').count()).unwrap();
        match (parse_document(&bytes), expected) {
            (Ok(document), None | Some(Expected::Duplicate(_))) => {
                let Parsed {
                    node,
                    format: read_as,
                    duplicates,
                } = document;
                let format_ok = match read_as {
                    Format::Json => format == "json",
                    Format::Yaml => format == "yaml",
                };
                assert!(
                    format_ok,
                    "{name}: read as {read_as:?}, manifest says {format}"
                );
                let lines: Vec<u32> = duplicates.iter().map(|d| d.repeated.line).collect();
                match expected {
                    Some(Expected::Duplicate(line)) => {
                        assert_eq!(lines, [*line], "{name}: {duplicates:?}");
                        let e = parse(&bytes).unwrap_err();
                        assert_eq!(e.line, *line, "{name}: {e}");
                        assert!(e.message.contains("duplicate key"), "{name}: {e}");
                        with_duplicates += 1;
                    }
                    _ => assert!(lines.is_empty(), "{name}: {duplicates:?}"),
                }
                assert!(all_spanned(&node), "{name}: a node without a span");
                round_trips(&node, &name);
                parsed += 1;
            }
            (Err(e), Some(expected)) => {
                assert!(
                    (1..=lines).contains(&e.line) && e.column >= 1,
                    "{name}: {e}"
                );
                match expected {
                    Expected::Duplicate(_) => panic!("{name}: {e}"),
                    Expected::Syntax(line) => assert_eq!(e.line, *line, "{name}: {e}"),
                    Expected::Fails => assert!(e.message.contains("key"), "{name}: {e}"),
                }
                println!("{name}: {e}");
                failed.push(name);
            }
            (Ok(_), Some(expected)) => {
                panic!("{name}: read, but the manifest expects {expected:?}")
            }
            (Err(e), None) => panic!("{name}: {e}"),
        }
    }
    println!(
        "{parsed} parsed and round-tripped ({with_duplicates} with a duplicate key), {} rejected \
         as the manifest expects",
        failed.len()
    );
    assert_eq!(parsed + failed.len(), files.len());
    assert_eq!(with_duplicates, 2);
    assert_eq!(failed.len(), 2, "{failed:?}");
}

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n.max(1)
    }
}

#[test]
fn damaged_corpus_files_never_panic() {
    let Some((_, files)) = corpus() else {
        return;
    };
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut ok, mut errors) = (0, 0);
    for path in &files {
        let bytes = fs::read(path).unwrap();
        let name = path.display();
        for round in 0..24 {
            let mut damaged = bytes.clone();
            match round % 4 {
                // Cut anywhere, also inside a UTF-8 character.
                0 | 1 => damaged.truncate(rng.below(bytes.len())),
                // Overwrite a few bytes with characters that matter to the syntax.
                2 => {
                    for _ in 0..3 {
                        let at = rng.below(damaged.len());
                        let special = b"{}[]:,-#&*!|>'\"\\\n\t \xff";
                        let b = special[rng.below(special.len())];
                        if let Some(slot) = damaged.get_mut(at) {
                            *slot = b;
                        }
                    }
                }
                // Delete a span of bytes.
                _ => {
                    let at = rng.below(damaged.len());
                    let end = (at + rng.below(40)).min(damaged.len());
                    damaged.drain(at..end);
                }
            }
            match parse(&damaged) {
                Ok((node, _)) => {
                    round_trips(&node, &format!("{name} (damaged, round {round})"));
                    ok += 1;
                }
                Err(e) => {
                    assert!(e.line >= 1 && e.column >= 1, "{name}: {e}");
                    errors += 1;
                }
            }
        }
    }
    println!("damaged inputs: {ok} read, {errors} rejected");
}
