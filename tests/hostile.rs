//! Hostile input through the command line, with bounds on time and memory: each input gives a
//! clear error or a correct result, and never a crash, a hang or unbounded memory.
//!
//! Every case runs at a scaled-down size in the test suite and at full size with
//! `cargo test --release --test hostile -- --ignored` (50 MB templates, 100,000 keys, 100,000
//! resources, 100,000 levels of nesting). Memory is bounded by running the binary under
//! `ulimit -v`; time by a bound far above what linear work takes and far below what quadratic
//! work would (and, where the point is linearity, by a ratio to `validate` of the same file).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_cfn-apigatewayv2");

/// Virtual memory the binary may use, in KiB.
const MEMORY_KIB: u64 = 3 << 20;

/// Runs the binary with `args` under the memory bound; its output and wall time.
fn run(args: &[&str]) -> (Output, Duration) {
    let started = Instant::now();
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_KIB} && exec \"$0\" \"$@\""))
        .arg(BIN)
        .args(args)
        .output()
        .expect("sh runs");
    (output, started.elapsed())
}

fn file(name: &str, content: &[u8]) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hostile");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path.display().to_string()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `convert` and `validate` both end with `code`, and `convert`'s message (if it fails) names
/// `FILE:LINE:COL` and contains `message`.
fn rejected(path: &str, message: &str, within: Duration) {
    for command in [
        &["convert", "--to", "json"][..],
        &["validate", "--format", "text", "--quiet"],
    ] {
        let mut args = command.to_vec();
        args.push(path);
        let (output, elapsed) = run(&args);
        let text = stderr(&output) + &String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(2), "{command:?}: {text}");
        assert!(
            text.contains(message),
            "{command:?}: {message:?} not in {text}"
        );
        assert!(
            text.starts_with(&format!("{path}:")),
            "{command:?}: no position: {text}"
        );
        assert!(elapsed < within, "{command:?}: {elapsed:?}");
    }
}

/// One test at the scaled size and an `#[ignore]`d one at full size.
macro_rules! sized {
    ($(#[doc = $doc:literal])* $name:ident, $full:ident, |$scale:ident| $body:block) => {
        $(#[doc = $doc])*
        #[test]
        fn $name() {
            let $scale: usize = 8;
            $body
        }

        $(#[doc = $doc])*
        #[test]
        #[ignore = "full size: cargo test --release --test hostile -- --ignored"]
        fn $full() {
            let $scale: usize = 1;
            $body
        }
    };
}

#[test]
fn alias_bombs_are_refused_at_once() {
    let mut bomb = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (name, previous) in ('b'..='j').zip('a'..) {
        let refs = vec![format!("*{previous}"); 9].join(", ");
        writeln!(bomb, "{name}: &{name} [{refs}]").unwrap();
    }
    bomb.push_str("Resources:\n  R: {Type: AWS::SNS::Topic, Properties: {X: *j}}\n");
    let path = file("bomb.yaml", bomb.as_bytes());
    rejected(&path, "alias", Duration::from_secs(10));
}

sized!(
    /// 100,000 levels of nesting in JSON, YAML flow and YAML block style.
    deep_nesting_is_refused, deep_nesting_is_refused_full, |scale| {
        let depth = 100_000 / scale;
        let cases = [
            ("deep.json", format!("{}{}", "[".repeat(depth), "]".repeat(depth))),
            ("deep-flow.yaml", format!("a: {}{}", "[".repeat(depth), "]".repeat(depth))),
            (
                "deep-block.yaml",
                (0..depth.min(20_000)).fold(String::new(), |mut text, level| {
                    writeln!(text, "{}k{level}:", " ".repeat(level)).unwrap();
                    text
                }),
            ),
        ];
        for (name, text) in cases {
            let path = file(name, text.as_bytes());
            rejected(&path, "nested more than", Duration::from_secs(20));
        }
    }
);

#[test]
fn bytes_that_are_not_text_are_refused_with_their_position() {
    let cases: [(&str, &[u8], &str); 4] = [
        ("latin1.yaml", b"Resources:\n  A: caf\xe9\n", ":2:"),
        ("nul.yaml", b"Resources:\n  A: a\0b\n", ":2:"),
        ("nul.json", b"{\"Resources\": {\"A\": \"a\0b\"}}", ":1:"),
        ("utf16.json", b"\xff\xfe{\0}\0", ":1:1"),
    ];
    for (name, content, position) in cases {
        let path = file(name, content);
        let (output, _) = run(&["convert", "--to", "json", &path]);
        let text = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{name}: {text}");
        assert!(
            text.starts_with(&format!("{path}{position}")),
            "{name}: {text}"
        );
        let (output, _) = run(&["validate", &path]);
        assert_eq!(output.status.code(), Some(2), "{name}: {}", stderr(&output));
    }
}

#[test]
fn huge_numbers_and_long_keys_keep_their_text() {
    let digits = "9".repeat(400);
    let key = "K".repeat(1 << 20);
    let json = format!(
        "{{\"Resources\": {{\"Stage\": {{\"Type\": \"AWS::ApiGatewayV2::Stage\", \"Properties\": \
         {{\"ApiId\": \"a\", \"StageName\": \"s\", \"DefaultRouteSettings\": \
         {{\"ThrottlingRateLimit\": 1e400, \"ThrottlingBurstLimit\": {digits}}}, \
         \"StageVariables\": {{\"{key}\": \"v\"}}}}}}}}}}"
    );
    let path = file("numbers.json", json.as_bytes());
    let (output, _) = run(&["convert", "--to", "json", &path]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let written = String::from_utf8(output.stdout).unwrap();
    assert!(written.contains("\"ThrottlingRateLimit\": 1e400"));
    assert!(written.contains(&format!("\"ThrottlingBurstLimit\": {digits}")));
    assert!(written.contains(&key));
    // The validator says what is wrong with them, and does not fail.
    let (output, _) = run(&["validate", "--format", "json", &path]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let findings = String::from_utf8(output.stdout).unwrap();
    for path in [
        "/Resources/Stage/Properties/DefaultRouteSettings/ThrottlingRateLimit",
        "/Resources/Stage/Properties/DefaultRouteSettings/ThrottlingBurstLimit",
    ] {
        assert!(
            findings.contains(path),
            "{path} in {}",
            &findings[..2000.min(findings.len())]
        );
    }
}

/// A template with one mapping of `n` entries: `Tags`, `Outputs` or `Resources`.
fn one_big_mapping(kind: &str, n: usize) -> String {
    let entries = |entry: &dyn Fn(usize) -> String| -> String {
        (0..n).map(entry).collect::<Vec<_>>().join(",\n")
    };
    let api = "\"Api\": {\"Type\": \"AWS::ApiGatewayV2::Api\", \"Properties\": \
               {\"Name\": \"a\", \"ProtocolType\": \"HTTP\"";
    match kind {
        "tags" => format!(
            "{{\"Resources\": {{{api}, \"Tags\": {{{}}}}}}}}}}}",
            entries(&|i| format!("\"k{i}\": \"v{i}\""))
        ),
        "outputs" => format!(
            "{{\"Resources\": {{{api}}}}}}}, \"Outputs\": {{{}}}}}",
            entries(&|i| format!("\"O{i}\": {{\"Value\": \"v{i}\"}}"))
        ),
        _ => format!(
            "{{\"Resources\": {{{}}}}}",
            entries(&|i| format!(
                "\"Api{i}\": {{\"Type\": \"AWS::ApiGatewayV2::Api\", \"Properties\": \
                 {{\"Name\": \"a{i}\", \"ProtocolType\": \"HTTP\"}}}}"
            ))
        ),
    }
}

/// The fastest of three runs.
fn fastest(args: &[&str]) -> Duration {
    (0..3)
        .map(|_| {
            let (output, elapsed) = run(args);
            assert!(
                matches!(output.status.code(), Some(0 | 1)),
                "{args:?}: {}",
                stderr(&output)
            );
            elapsed
        })
        .min()
        .unwrap()
}

sized!(
    /// 100,000 keys in one mapping (a resource's `Tags`, `Outputs`, `Resources`): `convert`
    /// takes time of the order of `validate`'s (it was quadratic: 11 s at 64,000 resources), and
    /// writes every entry.
    large_mappings_convert_in_linear_time, large_mappings_convert_in_linear_time_full, |scale| {
        let n = 100_000 / scale;
        for kind in ["tags", "outputs", "resources"] {
            let path = file(&format!("{kind}.json"), one_big_mapping(kind, n).as_bytes());
            let (output, _) = run(&["convert", "--to", "yaml", &path]);
            assert_eq!(output.status.code(), Some(0), "{kind}: {}", stderr(&output));
            let yaml = String::from_utf8(output.stdout).unwrap();
            let last = n - 1;
            let expected = match kind {
                "tags" => format!("k{last}: v{last}\n"),
                "outputs" => format!("O{last}:\n    Value: v{last}\n"),
                _ => format!("Api{last}:\n    Type: AWS::ApiGatewayV2::Api\n"),
            };
            assert!(yaml.contains(&expected), "{kind}: {expected:?} missing");
            let convert = fastest(&["convert", "--to", "json", &path]);
            let validate = fastest(&["validate", &path]);
            let ratio = convert.as_secs_f64() / validate.as_secs_f64();
            println!("{kind} x {n}: convert {convert:?}, validate {validate:?}, ratio {ratio:.1}");
            assert!(ratio < 10.0, "{kind} x {n}: convert {convert:?}, validate {validate:?}");
        }
    }
);

sized!(
    /// A 50 MB template (2,500 resources with large properties): read, validated and converted
    /// within the memory bound.
    a_50_mb_template_is_handled, a_50_mb_template_is_handled_full, |scale| {
        let resources = 2_500 / scale;
        let body = "x".repeat(16_000);
        let mut json = String::from("{\"Resources\": {");
        for i in 0..resources {
            if i > 0 {
                json.push_str(",\n");
            }
            write!(
                json,
                "\"Model{i}\": {{\"Type\": \"AWS::ApiGatewayV2::Model\", \"Properties\": \
                 {{\"ApiId\": \"a\", \"Name\": \"m{i}\", \"Schema\": {{\"description\": \"{body}\", \
                 \"properties\": {{\"a\": [1, 2.5, -0, true, null, \"{}\"]}}}}}}}}",
                &body[..4_000]
            )
            .unwrap();
        }
        json.push_str("}}");
        let path = file("big.json", json.as_bytes());
        let mb = json.len() as f64 / 1e6;
        for args in [&["validate", &path][..], &["convert", "--to", "yaml", &path]] {
            let (output, elapsed) = run(args);
            assert!(
                matches!(output.status.code(), Some(0 | 1)),
                "{args:?} on {mb:.0} MB: {}",
                stderr(&output)
            );
            println!("{args:?} on {mb:.1} MB: {elapsed:?}");
            assert!(elapsed < Duration::from_secs(120), "{args:?}: {elapsed:?}");
        }
    }
);
