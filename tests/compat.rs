//! Spec changes and user code (README.md, "Compatibility policy"): a user crate written against the types
//! generated from today's `spec/` (`tests/compat/user/`) is built against the types generated
//! from modified copies of the spec, made here by editing JSON in a scratch folder.
//!
//! - today's spec: it builds and runs (so the cases below test the changes, not the user crate);
//! - **additive** (a new optional property `Integration.RetryPolicy`, a new value `PRIVATE_LINK`
//!   of the enum `ConnectionType`, a new read-only attribute `Integration.IntegrationArn`, a new
//!   resource type `AWS::ApiGatewayV2::Widget`): it builds and runs unchanged;
//! - the same additive spec with the user crate's `exhaustive` feature (an exhaustive struct
//!   literal of `Integration`, which the policy does not cover): it fails, on the new field;
//! - **breaking** (`Integration.Description`, which the user crate sets and reads, removed from
//!   every source): it fails, in the user crate and on that field.
//!
//! The user crate depends on this crate by path with the `codegen` feature, and
//! `CFN_APIGATEWAYV2_SPEC` makes build.rs generate from the copy. Everything lives under
//! `target/tmp/compat/` (its own target folder, kept between runs, so a rerun rebuilds only this
//! crate and the user crate). Each case rebuilds this crate (about 5–15 s on 2 cores after the
//! first full build), so the test is ignored by default; CI runs it with
//! `cargo test --test compat -- --ignored`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use serde_json::{Value, json};

const INTEGRATION: &str = "AWS::ApiGatewayV2::Integration";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A fresh copy of today's `spec/` at `to`: the ApiGatewayV2 unit, without the other services'
/// `services/` (134 MB; the user crate enables only `apigatewayv2`).
fn copy_spec(to: &Path) {
    if to.exists() {
        std::fs::remove_dir_all(to).unwrap();
    }
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(root().join("spec")).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_name() == "services" {
            continue;
        } else if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Reads the JSON file `spec/<file>`, lets `change` edit it, writes it back.
fn edit(spec: &Path, file: &str, change: impl FnOnce(&mut Value)) {
    let path = spec.join(file);
    let mut value: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    change(&mut value);
    std::fs::write(&path, serde_json::to_string_pretty(&value).unwrap() + "\n").unwrap();
}

/// The JSON object at `pointer`, which must exist.
fn object<'a>(value: &'a mut Value, pointer: &str) -> &'a mut serde_json::Map<String, Value> {
    value
        .pointer_mut(pointer)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no object at {pointer}: the spec layout changed"))
}

/// Today's spec plus one change of each additive kind.
fn additive_spec(spec: &Path) {
    copy_spec(spec);
    edit(
        spec,
        "schemas/aws-apigatewayv2-integration.json",
        |schema| {
            let properties = object(schema, "/properties");
            // (a) a new optional property;
            properties.insert(
                "RetryPolicy".into(),
                json!({"type": "string", "description": "How API Gateway retries a failed call."}),
            );
            // (c) a new read-only property, which is an attribute.
            properties.insert(
                "IntegrationArn".into(),
                json!({"type": "string", "description": "The ARN of the integration."}),
            );
            schema["readOnlyProperties"]
                .as_array_mut()
                .unwrap()
                .push("/properties/IntegrationArn".into());
        },
    );
    // (b) a new value of the enum `ConnectionType`, whose values come from the API model.
    edit(spec, "botocore/apigatewayv2-service-2.json", |model| {
        let values = model
            .pointer_mut("/shapes/ConnectionType/enum")
            .and_then(Value::as_array_mut)
            .expect("the API model's ConnectionType has an enum");
        values.push("PRIVATE_LINK".into());
    });
    // (d) a new resource type.
    let widget = json!({
        "typeName": "AWS::ApiGatewayV2::Widget",
        "description": "A widget of an API (a resource type made up for this test).",
        "additionalProperties": false,
        "properties": {
            "ApiId": {"type": "string", "description": "The API identifier."},
            "Name": {"type": "string", "description": "The name of the widget."},
            "WidgetId": {"type": "string", "description": "The widget identifier."}
        },
        "required": ["ApiId"],
        "readOnlyProperties": ["/properties/WidgetId"],
        "createOnlyProperties": ["/properties/ApiId"],
        "primaryIdentifier": ["/properties/ApiId", "/properties/WidgetId"]
    });
    std::fs::write(
        spec.join("schemas/aws-apigatewayv2-widget.json"),
        serde_json::to_string_pretty(&widget).unwrap(),
    )
    .unwrap();
}

/// Today's spec with `Integration.Description` removed from every source that states it.
fn breaking_spec(spec: &Path) {
    copy_spec(spec);
    let remove = |value: &mut Value, pointer: &str| {
        let removed = object(value, pointer).remove("Description");
        assert!(removed.is_some(), "no Description at {pointer}");
    };
    edit(spec, "schemas/aws-apigatewayv2-integration.json", |s| {
        remove(s, "/properties");
    });
    edit(spec, "cfnspec/specification.json", |s| {
        remove(s, &format!("/ResourceTypes/{INTEGRATION}/Properties"));
    });
    edit(spec, "cfnspec/cfn-docs.json", |s| {
        remove(s, &format!("/Types/{INTEGRATION}/properties"));
    });
    edit(spec, "service-spec/apigatewayv2.json", |s| {
        let resource = s["resources"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|r| r["cloudFormationType"] == INTEGRATION)
            .expect("the service database has Integration");
        remove(resource, "/properties");
    });
}

/// Generates from `spec` in process: the spec edits must do what the case says before a build
/// is spent on them. Returns a reader of `apigatewayv2/<file>`.
fn generated(spec: &Path) -> impl Fn(&str) -> String {
    let generation = cfn_codegen::generate(spec)
        .unwrap_or_else(|e| panic!("generating from {}: {e}", spec.display()));
    let spec = spec.display().to_string();
    move |file| {
        generation
            .files
            .get(&format!("apigatewayv2/{file}"))
            .unwrap_or_else(|| panic!("{spec} generates no apigatewayv2/{file}"))
            .clone()
    }
}

/// The user crate, copied to `to` with its path dependency pointing here and this workspace's
/// `Cargo.lock` (the same dependency versions, nothing to resolve).
fn user_crate(to: &Path) -> PathBuf {
    let from = root().join("tests/compat/user");
    copy_dir(&from.join("src"), &to.join("src"));
    let manifest = std::fs::read_to_string(from.join("Cargo.toml")).unwrap();
    let local = r#"path = "../../..""#;
    assert!(
        manifest.contains(local),
        "the user crate depends on {local}"
    );
    let here = format!("path = {:?}", root().display().to_string());
    std::fs::write(to.join("Cargo.toml"), manifest.replace(local, &here)).unwrap();
    std::fs::copy(root().join("Cargo.lock"), to.join("Cargo.lock")).unwrap();
    to.join("Cargo.toml")
}

/// `cargo <command>` of the user crate, with types generated from `spec`.
fn cargo(manifest: &Path, target: &Path, spec: &Path, command: &str, features: &[&str]) -> Output {
    let start = Instant::now();
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.arg(command)
        .arg("--manifest-path")
        .arg(manifest)
        .args(features.iter().flat_map(|f| ["--features", f]))
        .env("CARGO_TARGET_DIR", target)
        .env("CFN_APIGATEWAYV2_SPEC", spec)
        .env("CARGO_TERM_COLOR", "never");
    let output = cmd.output().expect("cargo runs");
    eprintln!(
        "cargo {command} {features:?} with {}: {} in {:.1} s",
        spec.display(),
        output.status,
        start.elapsed().as_secs_f64()
    );
    output
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The build worked and the user crate's assertions held.
fn assert_runs(output: &Output, case: &str) {
    let stderr = text(&output.stderr);
    assert!(
        output.status.success(),
        "{case}: the user crate should build and run\n{stderr}"
    );
    assert_eq!(
        text(&output.stdout),
        "compat-user: ok\n",
        "{case}\n{stderr}"
    );
}

/// The build failed compiling the user crate (not this crate or its build script), with
/// `error` among rustc's messages.
fn assert_user_crate_fails(output: &Output, case: &str, error: &str) {
    let stderr = text(&output.stderr);
    assert!(
        !output.status.success(),
        "{case}: the user crate should not build"
    );
    assert!(
        stderr.contains("could not compile `compat-user`")
            && !stderr.contains("could not compile `cfn-apigatewayv2`")
            && !stderr.contains("failed to run custom build command"),
        "{case}: the failure should be the user crate's\n{stderr}"
    );
    assert!(
        stderr.contains(error),
        "{case}: expected `{error}` among the errors\n{stderr}"
    );
}

#[test]
#[ignore = "builds this crate three times for a user crate (80 s from nothing, 20-40 s after, on 2 cores); CI runs it: cargo test --test compat -- --ignored"]
fn additive_spec_changes_keep_user_code_building_and_breaking_ones_do_not() {
    let start = Instant::now();
    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("compat");
    let target = scratch.join("target");
    let manifest = user_crate(&scratch.join("user"));
    let today = root().join("spec");
    let additive = scratch.join("spec-additive");
    let breaking = scratch.join("spec-breaking");
    additive_spec(&additive);
    breaking_spec(&breaking);

    let file = generated(&additive);
    for item in [
        "pub retry_policy: ::std::option::Option<crate::Value<::std::string::String>>",
        "pub fn integration_arn(&self)",
    ] {
        assert!(
            file("integration.rs").contains(item),
            "additive: no `{item}`"
        );
    }
    assert!(file("enums.rs").contains("PrivateLink = \"PRIVATE_LINK\";"));
    assert!(file("mod.rs").contains("Widget(::std::boxed::Box<widget::Widget>)"));
    assert!(!generated(&breaking)("integration.rs").contains("pub description:"));

    // Today's spec: the user crate builds and runs, also with its exhaustive literal.
    assert_runs(&cargo(&manifest, &target, &today, "run", &[]), "today");
    let output = cargo(&manifest, &target, &today, "build", &["exhaustive"]);
    assert!(output.status.success(), "{}", text(&output.stderr));

    // Additive: builds and runs unchanged; an exhaustive struct literal does not build.
    assert_runs(
        &cargo(&manifest, &target, &additive, "run", &[]),
        "additive",
    );
    assert_user_crate_fails(
        &cargo(&manifest, &target, &additive, "build", &["exhaustive"]),
        "additive, exhaustive struct literal",
        "error[E0063]: missing field `retry_policy`",
    );

    // Breaking: a removed property the user crate uses.
    assert_user_crate_fails(
        &cargo(&manifest, &target, &breaking, "build", &[]),
        "breaking",
        "has no field named `description`",
    );
    eprintln!("compat: {:.1} s in all", start.elapsed().as_secs_f64());
}
