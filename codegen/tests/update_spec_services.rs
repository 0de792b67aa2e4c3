//! `update-spec` for the whole registry: the root service at the root of the spec folder and
//! every other namespace of cfn-lint's provider map in `services/<module>/`, with
//! `services/INDEX.json` and one `SOURCES.json`; against tiny fake upstream packages.
#![cfg(feature = "maintainer")]

mod support;

use support::{Entry, entry, write_tgz, write_whl};

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use cfn_codegen::update_spec::{
    FileKind, FileStatus, UpdateSpecError, UpdateSpecOptions, UpdateSpecReport, update_spec,
};
use flate2::Compression;
use flate2::write::GzEncoder;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tempfile::TempDir;

const ROOT: &str = "AWS::ApiGatewayV2::";
const PROVIDERS: &str = "cfnlint/data/schemas/providers/us-east-1.json";

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap()
}

fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

fn npm(name: &str, version: &str) -> Entry {
    entry(
        "package/package.json",
        bytes(&json!({"name": name, "version": version})),
    )
}

fn wheel(name: &str, version: &str) -> Entry {
    entry(
        &format!("{}-{version}.dist-info/METADATA", name.replace('-', "_")),
        format!("Metadata-Version: 2.4\nName: {name}\nVersion: {version}\n\n"),
    )
}

/// A registry schema, not canonically formatted (vendored byte for byte).
fn schema(type_name: &str) -> Vec<u8> {
    format!("{{\"typeName\":\"{type_name}\", \"properties\":{{}},\"z\":1}}\r\n").into_bytes()
}

/// Four fake packages: the registry has ApiGatewayV2 (the root), Lambda (every source),
/// Alexa::ASK (no API model) and EC2 (only a registry schema).
struct Registry {
    dir: TempDir,
}

impl Registry {
    fn new() -> Self {
        let registry = Registry {
            dir: TempDir::new().unwrap(),
        };
        registry.write_cfnspec();
        registry.write_service_spec();
        registry.write_cfn_lint(&[
            ("AWS::ApiGatewayV2::Api", "a1"),
            ("AWS::ApiGatewayV2::Stage", "a2"),
            ("AWS::Lambda::Function", "l1"),
            ("AWS::Lambda::Url", "l2"),
            ("Alexa::ASK::Skill", "s1"),
            ("AWS::EC2::VPC", "e1"),
        ]);
        registry.write_botocore();
        registry
    }

    fn archive(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn from(&self) -> Vec<PathBuf> {
        ["cfnspec.tgz", "db.tgz", "lint.whl", "botocore.whl"]
            .map(|name| self.archive(name))
            .to_vec()
    }

    fn write_cfnspec(&self) {
        let spec = json!({
            "ResourceSpecificationVersion": "1.0.0",
            "PropertyTypes": {
                "AWS::ApiGatewayV2::Api.Cors": {"Properties": {}},
                "AWS::Lambda::Function.Code": {"Properties": {}},
                "Alexa::ASK::Skill.AuthenticationConfiguration": {"Properties": {}}
            },
            "ResourceTypes": {
                "AWS::ApiGatewayV2::Api": {"Properties": {}},
                "AWS::Lambda::Function": {"Properties": {"Code": {"Type": "Code"}}},
                "Alexa::ASK::Skill": {"Properties": {}}
            }
        });
        let docs = json!({"Types": {
            "AWS::ApiGatewayV2::Api": {"description": "An API."},
            "AWS::Lambda::Function": {"description": "A function."}
        }});
        write_tgz(
            &self.archive("cfnspec.tgz"),
            &[
                npm("@aws-cdk/cfnspec", "2.0.0"),
                entry("package/spec/specification.json", bytes(&spec)),
                entry("package/spec/cfn-docs.json", bytes(&docs)),
            ],
        );
    }

    fn write_service_spec(&self) {
        let resource = |id: &str, cfn: &str| {
            json!({"$id": id, "cloudFormationType": cfn, "name": cfn.rsplit("::").next(),
                   "properties": {}, "attributes": {}})
        };
        let db = json!({"schema": {
            "resource": {"entities": [
                resource("1", "AWS::ApiGatewayV2::Api"),
                resource("2", "AWS::ApiGatewayV2::Stage"),
                resource("3", "AWS::Lambda::Function"),
                resource("4", "Alexa::ASK::Skill")
            ]},
            "typeDefinition": {"entities": [
                {"$id": "10", "name": "Code", "properties": {}},
                {"$id": "11", "name": "Cors", "properties": {}}
            ]},
            "usesType": {"forward": {"1": [{"$id": "11"}], "3": [{"$id": "10"}]}}
        }});
        write_tgz(
            &self.archive("db.tgz"),
            &[
                npm("@aws-cdk/aws-service-spec", "0.1.0"),
                entry("package/db.json.gz", gzip(&bytes(&db))),
            ],
        );
    }

    /// cfn-lint listing `types` (type name, schema id).
    fn write_cfn_lint(&self, types: &[(&str, &str)]) {
        let mut files = vec![wheel("cfn-lint", "1.0.0")];
        let mut providers = serde_json::Map::new();
        for (type_name, id) in types {
            providers.insert((*type_name).to_owned(), json!(id));
            files.push(entry(
                &format!("cfnlint/data/schemas/resources/{id}.json"),
                schema(type_name),
            ));
        }
        files.push(entry(PROVIDERS, bytes(&Value::Object(providers))));
        write_whl(&self.archive("lint.whl"), &files);
    }

    fn write_botocore(&self) {
        let model = |service: &str| gzip(&bytes(&json!({"metadata": {"serviceId": service}})));
        write_whl(
            &self.archive("botocore.whl"),
            &[
                wheel("botocore", "1.2.3"),
                entry(
                    "botocore/data/apigatewayv2/2018-11-29/service-2.json.gz",
                    model("ApiGatewayV2"),
                ),
                entry(
                    "botocore/data/lambda/2015-03-31/service-2.json.gz",
                    model("Lambda"),
                ),
            ],
        );
    }

    fn spec(&self) -> PathBuf {
        self.dir.path().join("spec")
    }

    fn options(&self, spec: &Path, all_services: bool, day: &str) -> UpdateSpecOptions {
        UpdateSpecOptions {
            from: self.from(),
            spec_dir: spec.to_path_buf(),
            service_prefix: ROOT.to_owned(),
            all_services,
            retrieved: day.to_owned(),
        }
    }

    fn run_on(&self, day: &str) -> UpdateSpecReport {
        update_spec(&self.options(&self.spec(), true, day)).unwrap()
    }

    fn run(&self) -> UpdateSpecReport {
        self.run_on("2024-03-01")
    }

    fn json(&self, file: &str) -> Value {
        serde_json::from_slice(&fs::read(self.spec().join(file)).unwrap()).unwrap()
    }

    fn manifest(&self) -> BTreeMap<String, Value> {
        self.json("SOURCES.json")["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["file"].as_str().unwrap().to_owned(), e.clone()))
            .collect()
    }
}

/// Every file below `dir`, relative and `/`-separated, with its bytes.
fn files_below(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().to_string_lossy();
                out.insert(name.replace('\\', "/"), fs::read(&path).unwrap());
            }
        }
    }
    out
}

fn names(files: &BTreeMap<String, Vec<u8>>, below: &str) -> Vec<String> {
    files
        .keys()
        .filter_map(|f| f.strip_prefix(below))
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_namespace_gets_its_unit_folder() {
    let registry = Registry::new();
    let report = registry.run();
    let files = files_below(&registry.spec());
    assert_eq!(
        names(&files, "services/lambda/"),
        [
            "botocore/lambda-service-2.json",
            "cfnspec/cfn-docs.json",
            "cfnspec/specification.json",
            "schemas/aws-lambda-function.json",
            "schemas/aws-lambda-url.json",
            "service-spec/lambda.json",
        ]
    );
    // No docs entry, no API model: those files are left out.
    assert_eq!(
        names(&files, "services/ask/"),
        [
            "cfnspec/specification.json",
            "schemas/alexa-ask-skill.json",
            "service-spec/ask.json",
        ]
    );
    assert_eq!(names(&files, "services/ec2/"), ["schemas/aws-ec2-vpc.json"]);
    assert!(
        !files
            .keys()
            .any(|f| f.starts_with("services/apigatewayv2/")),
        "the root service has no unit folder"
    );
    let units: Vec<&str> = files
        .keys()
        .filter_map(|f| f.strip_prefix("services/")?.split_once('/'))
        .map(|(module, _)| module)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(units, ["ask", "ec2", "lambda"]);

    assert_eq!(
        files["services/lambda/schemas/aws-lambda-function.json"],
        schema("AWS::Lambda::Function"),
        "byte for byte"
    );
    let spec = registry.json("services/lambda/cfnspec/specification.json");
    assert_eq!(
        spec["ResourceTypes"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["AWS::Lambda::Function"]
    );
    assert_eq!(spec["ResourceSpecificationVersion"], "1.0.0");
    let db = registry.json("services/lambda/service-spec/lambda.json");
    assert_eq!(db["resources"][0]["$id"], "3");
    assert_eq!(db["typeDefinitions"][0]["$id"], "10");
    assert_eq!(
        registry.json("services/lambda/botocore/lambda-service-2.json"),
        json!({"metadata": {"serviceId": "Lambda"}})
    );

    let text = report.to_string();
    assert!(
        text.contains("  services: 3 unit folders (4 resource types)"),
        "{text}"
    );
    assert!(
        text.contains("    AWS::Lambda (lambda): 2 types; 6 written\n"),
        "{text}"
    );
    let services = report.services.as_ref().unwrap();
    assert_eq!(services.index, FileStatus::Written);
    let ec2 = services
        .units
        .iter()
        .find(|u| u.namespace == "AWS::EC2")
        .unwrap();
    assert_eq!(ec2.kinds, [FileKind::RegistrySchema]);
}

#[test]
fn index_says_what_each_source_contributed() {
    let registry = Registry::new();
    registry.run();
    let text = fs::read_to_string(registry.spec().join("services/INDEX.json")).unwrap();
    let index: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        text,
        serde_json::to_string_pretty(&index).unwrap() + "\n",
        "canonical"
    );
    let keys: Vec<&String> = index.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["$comment", "AWS::EC2", "AWS::Lambda", "Alexa::ASK"]);
    assert_eq!(
        index["AWS::Lambda"],
        json!({
            "api_model": "services/lambda/botocore/lambda-service-2.json",
            "legacy_docs": 1,
            "legacy_spec": {"property_types": 1, "resource_types": 1},
            "module": "lambda",
            "registry_schemas": 2,
            "service_spec": {"referenced_resources": 0, "resources": 1, "type_definitions": 1},
            "types": ["AWS::Lambda::Function", "AWS::Lambda::Url"]
        })
    );
    assert_eq!(index["Alexa::ASK"]["module"], "ask");
    assert_eq!(index["Alexa::ASK"]["api_model"], Value::Null);
    assert_eq!(
        index["AWS::EC2"]["service_spec"],
        json!({"referenced_resources": 0, "resources": 0, "type_definitions": 0})
    );
}

#[test]
fn sources_list_every_unit_file_relative_to_the_spec_folder() {
    let registry = Registry::new();
    registry.run();
    let manifest = registry.manifest();
    let files = files_below(&registry.spec());
    let vendored: Vec<&String> = files
        .keys()
        .filter(|f| !["SOURCES.json", "versions.json", "services/INDEX.json"].contains(&f.as_str()))
        .collect();
    assert_eq!(vendored, manifest.keys().collect::<Vec<_>>());
    for (file, entry) in &manifest {
        assert_eq!(entry["sha256"], sha256_hex(&files[file]), "{file}");
        assert_eq!(entry["retrieved"], "2024-03-01", "{file}");
    }
    let function = &manifest["services/lambda/schemas/aws-lambda-function.json"];
    assert_eq!(function["kind"], "registry-schema");
    assert_eq!(function["package"], "pypi:cfn-lint");
    assert_eq!(
        function["upstream_path"],
        "cfnlint/data/schemas/resources/l1.json"
    );
    assert_eq!(function["upstream_sha256"], function["sha256"]);
    let model = &manifest["services/lambda/botocore/lambda-service-2.json"];
    assert_eq!(model["kind"], "api-model");
    assert_eq!(model["version"], "1.2.3");
    let db = &manifest["services/ask/service-spec/ask.json"];
    assert_eq!(db["upstream_path"], "package/db.json.gz");
    assert_eq!(
        registry.json("SOURCES.json")["service"],
        "AWS::ApiGatewayV2"
    );
}

#[test]
fn the_root_unit_is_what_a_run_for_the_root_service_alone_writes() {
    let registry = Registry::new();
    registry.run();
    let alone = registry.dir.path().join("alone");
    let report = update_spec(&registry.options(&alone, false, "2024-03-01")).unwrap();
    assert!(report.services.is_none());
    let all = files_below(&registry.spec());
    let root = files_below(&alone);
    assert!(!root.keys().any(|f| f.starts_with("services/")));
    for (file, bytes) in &root {
        if file != "SOURCES.json" {
            assert_eq!(&all[file], bytes, "{file}");
        }
    }
    let root_files = all
        .keys()
        .filter(|f| !f.starts_with("services/"))
        .collect::<Vec<_>>();
    assert_eq!(root_files, root.keys().collect::<Vec<_>>());
    let root_entries: BTreeMap<String, Value> = registry
        .manifest()
        .into_iter()
        .filter(|(file, _)| !file.starts_with("services/"))
        .collect();
    let alone_manifest: Value =
        serde_json::from_slice(&fs::read(alone.join("SOURCES.json")).unwrap()).unwrap();
    let alone_entries: Vec<&Value> = alone_manifest["files"].as_array().unwrap().iter().collect();
    assert_eq!(root_entries.values().collect::<Vec<_>>(), alone_entries);
}

#[test]
fn a_run_for_the_root_alone_leaves_the_unit_folders_and_their_entries() {
    let registry = Registry::new();
    registry.run();
    let before = files_below(&registry.spec());
    let report = update_spec(&registry.options(&registry.spec(), false, "2024-05-05")).unwrap();
    assert!(report.is_unchanged(), "{report}");
    assert_eq!(files_below(&registry.spec()), before);
}

#[test]
fn a_second_run_changes_nothing_and_unchanged_files_keep_their_day() {
    let registry = Registry::new();
    registry.run_on("2024-01-01");
    let before = files_below(&registry.spec());
    let report = registry.run_on("2024-02-02");
    assert!(report.is_unchanged(), "{report}");
    assert_eq!(
        report.services.as_ref().unwrap().index,
        FileStatus::Unchanged
    );
    assert_eq!(files_below(&registry.spec()), before);

    // Lambda's function schema moves to another upstream file: only its entry is new (and the
    // value-kind table's, whose upstream file is the provider map).
    registry.write_cfn_lint(&[
        ("AWS::ApiGatewayV2::Api", "a1"),
        ("AWS::ApiGatewayV2::Stage", "a2"),
        ("AWS::Lambda::Function", "l9"),
        ("AWS::Lambda::Url", "l2"),
        ("Alexa::ASK::Skill", "s1"),
        ("AWS::EC2::VPC", "e1"),
    ]);
    let report = registry.run_on("2024-02-02");
    assert_eq!(report.manifest, FileStatus::Written);
    let manifest = registry.manifest();
    for (file, entry) in &manifest {
        let changed = [
            "services/lambda/schemas/aws-lambda-function.json",
            "values/resource-values.json",
        ];
        let day = if changed.contains(&file.as_str()) {
            "2024-02-02"
        } else {
            "2024-01-01"
        };
        assert_eq!(entry["retrieved"], day, "{file}");
    }
}

#[test]
fn stale_unit_files_and_folders_are_removed() {
    let registry = Registry::new();
    registry.run();
    let stray = registry
        .spec()
        .join("services/lambda/schemas/aws-lambda-old.json");
    fs::write(&stray, b"{}").unwrap();
    let gone = registry.spec().join("services/gone/schemas");
    fs::create_dir_all(&gone).unwrap();
    fs::write(gone.join("x.json"), b"{}").unwrap();

    // Lambda leaves the registry.
    registry.write_cfn_lint(&[
        ("AWS::ApiGatewayV2::Api", "a1"),
        ("AWS::ApiGatewayV2::Stage", "a2"),
        ("Alexa::ASK::Skill", "s1"),
        ("AWS::EC2::VPC", "e1"),
    ]);
    let report = registry.run();
    assert!(!registry.spec().join("services/lambda").exists());
    assert!(!registry.spec().join("services/gone").exists());
    assert!(registry.spec().join("services/ask").exists());
    assert_eq!(
        report.count(None, FileStatus::Removed),
        8,
        "6 Lambda files, the stray one and services/gone's: {report}"
    );
    let text = report.to_string();
    assert!(
        text.contains("    AWS::Lambda (lambda): 0 types; 7 removed\n"),
        "named from the previous index: {text}"
    );
    assert!(
        text.contains("    services/gone (gone): 0 types; 1 removed\n"),
        "{text}"
    );
    assert!(
        !registry
            .manifest()
            .keys()
            .any(|f| f.starts_with("services/lambda/"))
    );
    let index = registry.json("services/INDEX.json");
    assert!(index.get("AWS::Lambda").is_none());
    assert_eq!(
        report.count(Some(FileKind::RegistrySchema), FileStatus::Removed),
        4
    );
}

#[test]
fn two_namespaces_with_one_module_are_refused_before_writing() {
    let registry = Registry::new();
    registry.write_cfn_lint(&[
        ("AWS::ApiGatewayV2::Api", "a1"),
        ("AWS::Lambda::Function", "l1"),
        ("Custom::Lambda::Thing", "c1"),
    ]);
    let err = update_spec(&registry.options(&registry.spec(), true, "2024-03-01")).unwrap_err();
    assert!(matches!(err, UpdateSpecError::Shape { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("AWS::Lambda") && message.contains("Custom::Lambda"),
        "{message}"
    );
    assert!(message.contains("services/lambda/"), "{message}");
    assert!(!registry.spec().exists(), "nothing written");
}

#[test]
fn the_command_vendors_every_namespace_unless_one_is_named() {
    let registry = Registry::new();
    let run = |spec: &Path, extra: &[&str]| {
        let mut args = vec!["update-spec", "--spec", spec.to_str().unwrap()];
        args.extend(extra);
        args.push("--from");
        let from = registry.from();
        args.extend(from.iter().map(|p| p.to_str().unwrap()));
        let out = Command::new(env!("CARGO_BIN_EXE_cfn-codegen"))
            .args(&args)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout
    };
    let stdout = run(&registry.spec(), &[]);
    assert!(stdout.contains("  services: 3 unit folders"), "{stdout}");
    assert!(registry.spec().join("services/INDEX.json").is_file());

    let one = registry.dir.path().join("one");
    let stdout = run(&one, &["--service", "AWS::Lambda"]);
    assert!(!stdout.contains("services:"), "{stdout}");
    assert!(one.join("schemas/aws-lambda-function.json").is_file());
    assert!(!one.join("services").exists());
}
