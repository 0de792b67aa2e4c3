//! Fuzz targets and a seeded mutator, shared by the stable-Rust fuzz tests (`tests/fuzz.rs`) and
//! the cargo-fuzz (libFuzzer) targets in `fuzz/`.
//!
//! A target takes any bytes and panics only when a property is broken: a reader or the validator
//! panicked, or what was read does not survive being written and read again. An `Err` for bad
//! input is the expected answer, never a failure.

#![allow(dead_code)] // Each includer uses a part.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[path = "../files_support/mod.rs"]
pub mod files_support;

use cfn_apigatewayv2::template::Template;
use cfn_apigatewayv2::validate::{self, output};
use cfn_apigatewayv2::{Node, NodeKind, syntax};

/// The template reader (JSON and YAML): no panic; what it reads, both writers write so that it
/// reads back as the same tree.
pub fn syntax(data: &[u8]) {
    let Ok((node, _format)) = syntax::parse(data) else {
        return;
    };
    for (name, text) in [
        ("to_json", syntax::to_json(&node)),
        ("to_yaml", syntax::to_yaml(&node)),
    ] {
        let again = match syntax::parse(text.as_bytes()) {
            Ok((again, _)) => again,
            Err(e) => panic!("{name} wrote what does not read back: {e}\n{text}"),
        };
        if let Some(path) = first_difference(&node, &again, &mut String::new()) {
            panic!("{name} then parse changed the tree at `{path}`\n{text}");
        }
    }
}

/// The validator and its three output formats: no panic.
pub fn validate(data: &[u8]) {
    let Ok(findings) = validate::validate_bytes(data) else {
        return;
    };
    for finding in &findings {
        let _ = output::to_text("fuzz.yaml", finding);
    }
    let _ = output::to_json(findings.iter().map(|f| ("fuzz.yaml", f)));
    let _ = output::to_sarif(findings.iter().map(|f| ("fuzz.yaml", f)));
}

/// `convert`: a template that reads writes as JSON and YAML; each reads back and writes the
/// same tree again (a fixed point), and holds the same data as the input (mappings as sets of
/// keys, scalars as CloudFormation reads them).
pub fn convert(data: &[u8]) {
    let Ok((input, _)) = syntax::parse(data) else {
        return;
    };
    let Ok(template) = Template::from_node(&input) else {
        return;
    };
    let written = template
        .to_node()
        .unwrap_or_else(|e| panic!("a template read from text does not write: {e}"));
    if let Some(path) = first_difference(&input, &written, &mut String::new()) {
        panic!("convert changed the data at `{path}`");
    }
    for (name, text) in [
        ("JSON", syntax::to_json(&written)),
        ("YAML", syntax::to_yaml(&written)),
    ] {
        let again = Template::parse(text.as_bytes())
            .unwrap_or_else(|e| panic!("the {name} written does not read back: {e}\n{text}"));
        let rewritten = again
            .to_node()
            .unwrap_or_else(|e| panic!("the {name} read back does not write: {e}"));
        if let Some(path) = first_difference(&written, &rewritten, &mut String::new()) {
            panic!("{name} written and read back changed at `{path}`\n{text}");
        }
    }
}

/// The path of the first place where `a` and `b` hold different data: mappings compare as sets
/// of keys, lists item by item, numbers by value and text (`1.0` = `1.0`), a string equal to a
/// number with its text (`"1.0"` = `1.0`) only where CloudFormation reads it so; `Fn::GetAtt`'s
/// `"A.B"` equals `["A", "B"]`. Recursion is bounded by the readers' nesting limit.
pub fn first_difference(a: &Node, b: &Node, path: &mut String) -> Option<String> {
    let (a, b) = (get_att_list(a), get_att_list(b));
    match (&a.kind, &b.kind) {
        (NodeKind::Sequence(x), NodeKind::Sequence(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().find_map(|(i, (x, y))| {
                let len = path.len();
                path.push_str(&format!("/{i}"));
                let found = first_difference(x, y, path);
                path.truncate(len);
                found
            })
        }
        (NodeKind::Mapping(x), NodeKind::Mapping(y)) if x.len() == y.len() => {
            let y: BTreeMap<&str, &Node> = y.iter().map(|(k, v)| (k.as_str(), v)).collect();
            x.iter().find_map(|(key, x)| {
                let len = path.len();
                path.push_str(&format!("/{key}"));
                let found = match y.get(key.as_str()) {
                    Some(y) => first_difference(x, y, path),
                    None => Some(path.clone()),
                };
                path.truncate(len);
                found
            })
        }
        (x, y) if same_scalar(x, y) => None,
        _ => Some(path.clone()),
    }
}

fn get_att_list(node: &Node) -> std::borrow::Cow<'_, Node> {
    let split = match node.as_mapping() {
        Some([(key, args)]) if key == "Fn::GetAtt" => args.as_str().and_then(|s| s.split_once('.')),
        _ => None,
    };
    match split {
        Some((resource, attribute)) => std::borrow::Cow::Owned(Node::from(vec![(
            "Fn::GetAtt".to_owned(),
            Node::from(vec![Node::from(resource), Node::from(attribute)]),
        )])),
        None => std::borrow::Cow::Borrowed(node),
    }
}

fn same_scalar(a: &NodeKind, b: &NodeKind) -> bool {
    match (a, b) {
        (NodeKind::Number(x), NodeKind::Number(y)) => {
            x == y || matches!((x.parse::<f64>(), y.parse::<f64>()), (Ok(x), Ok(y)) if x == y)
        }
        (x, y) => x == y,
    }
}

/// The generator on a fixture spec with one file replaced by `data` (its first byte picks the
/// file, by index into the fixtures' files in sorted order: a saved input keeps its meaning while
/// `ok-shapes` and `ok-unresolvable-reference` keep their files): no panic, and whatever it
/// generates is Rust that parses, with no carriage return and no code block but `text` in its
/// docs.
pub struct SpecTarget {
    /// A private copy of the fixture specs, written once.
    dirs: Vec<PathBuf>,
    /// (spec folder index, file inside it, original content).
    files: Vec<(usize, PathBuf, Vec<u8>)>,
}

impl SpecTarget {
    /// Copies the generator's ok fixtures into `work` (a folder of the caller's own).
    pub fn new(repo: &Path, work: &Path) -> SpecTarget {
        let fixtures = repo.join("codegen/tests/fixtures");
        let mut dirs = Vec::new();
        let mut files = Vec::new();
        for name in ["ok-shapes", "ok-unresolvable-reference"] {
            let from = fixtures.join(name).join("spec");
            let to = work.join(name);
            for file in files_support::files(&from) {
                let relative = file.strip_prefix(&from).unwrap().to_path_buf();
                let content = std::fs::read(&file).unwrap();
                let target = to.join(&relative);
                std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                std::fs::write(&target, &content).unwrap();
                files.push((dirs.len(), relative, content));
            }
            dirs.push(to);
        }
        SpecTarget { dirs, files }
    }

    /// The fixture files, each as an input that selects it (its first byte) and keeps it.
    pub fn seeds(&self) -> Vec<Vec<u8>> {
        (0..self.files.len())
            .map(|i| {
                let mut seed = vec![i as u8];
                seed.extend_from_slice(&self.files[i].2);
                seed
            })
            .collect()
    }

    pub fn run(&self, data: &[u8]) {
        let Some((&selector, content)) = data.split_first() else {
            return;
        };
        let (dir, relative, original) = &self.files[usize::from(selector) % self.files.len()];
        let path = self.dirs[*dir].join(relative);
        std::fs::write(&path, content).unwrap();
        let result = cfn_codegen::generate(&self.dirs[*dir]);
        std::fs::write(&path, original).unwrap();
        if let Ok(generation) = result {
            for (file, text) in &generation.files {
                if let Err(e) = syn::parse_file(text) {
                    panic!("generated {file} is not Rust: {e}\n{text}");
                }
                check_docs(file, text);
            }
        }
    }
}

/// Upstream text never becomes code: no carriage return (a bare one does not compile in a doc
/// comment), and every code block in the docs is a `text` block (rustdoc runs the others).
fn check_docs(file: &str, text: &str) {
    assert!(
        !text.contains('\r'),
        "generated {file} has a carriage return"
    );
    // The open fence (its character and length), as CommonMark reads fences.
    let mut open: Option<(char, usize)> = None;
    for line in text.lines() {
        let doc = line.trim_start();
        let Some(doc) = doc.strip_prefix("///").or_else(|| doc.strip_prefix("//!")) else {
            continue;
        };
        let doc = doc.trim();
        let Some(fence) = doc.chars().next().filter(|c| matches!(c, '`' | '~')) else {
            continue;
        };
        let length = doc.chars().take_while(|&c| c == fence).count();
        let info = doc[length..].trim();
        match open {
            Some((c, n)) if c == fence && length >= n && info.is_empty() => open = None,
            Some(_) => {}
            None if length >= 3 && !(fence == '`' && info.contains('`')) => {
                assert!(
                    info == "text",
                    "generated {file} has a code block that rustdoc would run: {line}"
                );
                open = Some((fence, length));
            }
            None => {}
        }
    }
}

/// A small, fast, seeded random number generator (SplitMix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Tokens that reach the corners of the readers, the validator and the generator.
pub const DICTIONARY: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    ": ",
    "\n",
    "\n  ",
    "\n    ",
    "\n- ",
    "- ",
    "\t",
    "\r",
    "\r\n",
    "\"",
    "'",
    "\\",
    "\\u0000",
    "\\ud800",
    "\0",
    "#",
    "&a ",
    "*a",
    "<<: ",
    "---\n",
    "...\n",
    "|\n",
    ">-\n",
    "? ",
    "!Ref ",
    "!GetAtt ",
    "!Sub ",
    "!If ",
    "!Join ",
    "!Select ",
    "!Split ",
    "!Base64 ",
    "!Cidr ",
    "!FindInMap ",
    "!ImportValue ",
    "!Condition ",
    "!Equals ",
    "!And ",
    "!Not ",
    "!Or ",
    "!Transform ",
    "!GetAZs ",
    "!!str ",
    "!!int ",
    "!!float ",
    "!!bool ",
    "!!binary ",
    "!foo ",
    "{\"Ref\": \"A\"}",
    "{\"Fn::GetAtt\": [\"A\", \"B\"]}",
    "{\"Fn::Sub\": \"${A.B}\"}",
    "{\"Fn::If\": [\"C\", 1, {\"Ref\": \"AWS::NoValue\"}]}",
    "\"Resources\"",
    "Resources",
    "Type",
    "Properties",
    "DependsOn",
    "Condition",
    "Conditions",
    "Outputs",
    "Value",
    "Parameters",
    "Mappings",
    "Transform",
    "AWS::Serverless-2016-10-31",
    "AWS::ApiGatewayV2::Api",
    "AWS::ApiGatewayV2::Integration",
    "AWS::ApiGatewayV2::Route",
    "AWS::ApiGatewayV2::Stage",
    "AWS::ApiGatewayV2::Authorizer",
    "AWS::ApiGatewayV2::DomainName",
    "AWS::Lambda::Function",
    "ApiId",
    "ProtocolType",
    "WEBSOCKET",
    "HTTP",
    "IntegrationType",
    "AWS_PROXY",
    "RouteKey",
    "$default",
    "Target",
    "integrations/",
    "TimeoutInMillis",
    "-0",
    "1e400",
    "-1e-400",
    "99999999999999999999999",
    "0x1F",
    "1_000",
    "1:30",
    ".inf",
    ".nan",
    "null",
    "~",
    "true",
    "yes",
    "off",
    "2010-09-09",
    "\u{feff}",
    "\u{2028}",
    "é",
    "😀",
];

/// A mutation of one of `seeds`: byte edits, dictionary tokens, and splices with other seeds.
pub fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut data = rng.pick(seeds).clone();
    for _ in 0..1 + rng.below(8) {
        let at = if data.is_empty() {
            0
        } else {
            rng.below(data.len() + 1)
        };
        match rng.below(9) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            1 if !data.is_empty() => {
                let end = (at + 1 + rng.below(16)).min(data.len());
                data.drain(at.min(end)..end);
            }
            2..=4 => {
                let token = rng.pick(DICTIONARY).as_bytes();
                data.splice(at..at, token.iter().copied());
            }
            5 if !data.is_empty() => {
                // Repeat a chunk (deeper nesting, repeated keys, long runs).
                let start = rng.below(data.len());
                let end = (start + 1 + rng.below(64)).min(data.len());
                let chunk = data[start..end].to_vec();
                for _ in 0..1 + rng.below(4) {
                    data.splice(at..at, chunk.iter().copied());
                }
            }
            6 => {
                // Splice a piece of another seed in.
                let other = rng.pick(seeds);
                if !other.is_empty() {
                    let start = rng.below(other.len());
                    let end = (start + 1 + rng.below(256)).min(other.len());
                    data.splice(at..at, other[start..end].iter().copied());
                }
            }
            7 if !data.is_empty() => {
                // Replace a byte with an interesting one.
                let i = rng.below(data.len());
                data[i] = *rng.pick(&[0, b'\n', b' ', b'"', b'\'', b'{', b'[', b':', 0xff, 0xc3]);
            }
            _ => {
                // Cut the end off.
                data.truncate(at);
            }
        }
    }
    data.truncate(1 << 20);
    data
}

/// Names and texts that have broken generators: keywords, names of the generator's and the
/// runtime's own items, std types, control characters and Markdown code in doc text, patterns
/// that do not compile.
const SPEC_STRINGS: &[&str] = &[
    "A",
    "D",
    "T",
    "V",
    "E",
    "PropertiesVisitor",
    "Visitor",
    "Self",
    "self",
    "type",
    "crate",
    "super",
    "r#type",
    "_",
    "__",
    "1abc",
    "",
    " ",
    "Box",
    "String",
    "Option",
    "Vec",
    "Value",
    "Node",
    "Default",
    "Result",
    "Some",
    "None",
    "Unknown",
    "Json",
    "Tag",
    "Tags",
    "refs",
    "Attributes",
    "ApiAttributes",
    "TYPE_NAME",
    "a\rb",
    "a\r\nb",
    "line\n\nline",
    "```rust\nfn main() {}\n```",
    "~~~\nlet x = 1;\n~~~",
    "\n    indented code\n",
    "[link](x)",
    "[x]",
    "<b>",
    "\\",
    "`",
    "*/",
    "/*",
    "#",
    "\"",
    "é",
    "😀",
    "[",
    "(a",
    "^[a-z]+$",
    "\\d{2,1}",
    "(?<n>x)",
    "a{99999}",
    "String",
    "Integer",
    "Long",
    "Double",
    "Boolean",
    "Json",
    "Timestamp",
    "Map",
    "List",
    "integer",
    "number",
    "boolean",
    "object",
    "array",
    "string",
    "#/definitions/A",
    "#/definitions/Self",
    "#/properties/Name",
    "Mutable",
    "Immutable",
    "Conditional",
];

const SPEC_NUMBERS: &[f64] = &[-1.0, 0.0, 1.0, 1.5, 1e308, -1e308, 9.3e18, 4_294_967_296.0];

/// A structural mutation of a JSON seed (its first byte is kept: the spec target's selector):
/// values replaced by interesting ones, removed, copied elsewhere (reference cycles), `$ref`s
/// pointed at other definitions or themselves, keys renamed; now and then byte edits on top.
pub fn mutate_json(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let seed = rng.pick(seeds);
    let Some((&selector, text)) = seed.split_first() else {
        return mutate(rng, seeds);
    };
    let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(text) else {
        return mutate(rng, seeds);
    };
    for _ in 0..1 + rng.below(4) {
        let mut paths = Vec::new();
        pointers(&value, &mut String::new(), &mut paths);
        if paths.is_empty() {
            break;
        }
        let path = rng.pick(&paths).clone();
        let replacement = match rng.below(7) {
            0 => Some(serde_json::Value::from(*rng.pick(SPEC_STRINGS))),
            1 => Some(serde_json::json!(*rng.pick(SPEC_NUMBERS))),
            2 => {
                let other = rng.pick(&paths).clone();
                value.pointer(&other).cloned()
            }
            3 => {
                let definitions: Vec<String> = value
                    .get("definitions")
                    .and_then(|d| d.as_object())
                    .map(|d| d.keys().cloned().collect())
                    .unwrap_or_default();
                let name = match definitions.is_empty() {
                    true => rng.pick(SPEC_STRINGS).to_string(),
                    false => rng.pick(&definitions).clone(),
                };
                Some(serde_json::json!({"$ref": format!("#/definitions/{name}")}))
            }
            4 => {
                remove(&mut value, &path);
                None
            }
            5 => {
                let to: &&str = rng.pick(SPEC_STRINGS);
                rename(&mut value, &path, to);
                None
            }
            6 if rng.chance(2) => {
                rename_definition(&mut value, rng);
                None
            }
            _ => Some(serde_json::json!([])),
        };
        if let Some(replacement) = replacement {
            if let Some(slot) = value.pointer_mut(&path) {
                *slot = replacement;
            }
        }
    }
    let mut out = vec![selector];
    out.extend(serde_json::to_vec_pretty(&value).unwrap_or_default());
    if rng.chance(8) {
        let bytes = mutate(rng, &[out[1..].to_vec()]);
        out.truncate(1);
        out.extend(bytes);
    }
    out
}

/// Every JSON Pointer in `value` below the root.
fn pointers(value: &serde_json::Value, at: &mut String, out: &mut Vec<String>) {
    let children: Vec<(String, &serde_json::Value)> = match value {
        serde_json::Value::Object(map) => map
            .iter()
            .map(|(k, v)| (k.replace('~', "~0").replace('/', "~1"), v))
            .collect(),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        _ => return,
    };
    for (segment, child) in children {
        let len = at.len();
        at.push('/');
        at.push_str(&segment);
        out.push(at.clone());
        pointers(child, at, out);
        at.truncate(len);
    }
}

fn split(path: &str) -> Option<(&str, String)> {
    let (parent, last) = path.rsplit_once('/')?;
    Some((parent, last.replace("~1", "/").replace("~0", "~")))
}

fn remove(value: &mut serde_json::Value, path: &str) {
    let Some((parent, key)) = split(path) else {
        return;
    };
    match value.pointer_mut(parent) {
        Some(serde_json::Value::Object(map)) => {
            map.remove(&key);
        }
        Some(serde_json::Value::Array(items)) => {
            if let Ok(i) = key.parse::<usize>() {
                if i < items.len() {
                    items.remove(i);
                }
            }
        }
        _ => {}
    }
}

/// Renames a definition of a registry schema and every `$ref` to it.
fn rename_definition(value: &mut serde_json::Value, rng: &mut Rng) {
    let Some(definitions) = value.get_mut("definitions").and_then(|d| d.as_object_mut()) else {
        return;
    };
    let names: Vec<String> = definitions.keys().cloned().collect();
    if names.is_empty() {
        return;
    }
    let from = rng.pick(&names).clone();
    let to = rng.pick(SPEC_STRINGS).to_string();
    if let Some(moved) = definitions.remove(&from) {
        definitions.insert(to.clone(), moved);
    }
    let (from, to) = (
        format!("#/definitions/{from}"),
        format!("#/definitions/{to}"),
    );
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    if key == "$ref" && child.as_str() == Some(from.as_str()) {
                        *child = serde_json::Value::from(to.clone());
                    } else {
                        stack.push(child);
                    }
                }
            }
            serde_json::Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}

fn rename(value: &mut serde_json::Value, path: &str, to: &str) {
    let Some((parent, key)) = split(path) else {
        return;
    };
    if let Some(serde_json::Value::Object(map)) = value.pointer_mut(parent) {
        if let Some(moved) = map.remove(&key) {
            map.insert(to.to_owned(), moved);
        }
    }
}
