//! `update-spec` against tiny upstream packages built here: npm tarballs and wheels with the same
//! layout as the real ones, so the tests need neither the network nor the real (large) packages.
#![cfg(feature = "maintainer")]

mod support;

use support::{Entry, entry, write_tgz, write_whl};

use std::fs;
use std::io::Write;
use std::path::PathBuf;

use cfn_codegen::update_spec::{
    FileKind, FileStatus, UpdateSpecError, UpdateSpecOptions, UpdateSpecReport, Versions,
    update_spec,
};
use flate2::Compression;
use flate2::write::GzEncoder;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tempfile::TempDir;

const PREFIX: &str = "AWS::ApiGatewayV2::";
const DAY: &str = "2024-03-01";

// ---------------------------------------------------------------------------------------------
// Building fake upstream packages
// ---------------------------------------------------------------------------------------------

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn json_bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap()
}

fn npm_manifest(name: &str, version: &str) -> Entry {
    let manifest = json!({"name": name, "version": version, "description": "fake"});
    entry("package/package.json", json_bytes(&manifest))
}

fn wheel_metadata(metadata_path: &str, name: &str, version: &str) -> Entry {
    let text = format!(
        "Metadata-Version: 2.4\nName: {name}\nVersion: {version}\nSummary: fake\n\nVersion: 0.0.0 \
         (body text, not a header)\n"
    );
    entry(metadata_path, text)
}

fn legacy_specification() -> Value {
    json!({
        "Fingerprint": "abc",
        "ResourceSpecificationVersion": "117.0.0",
        "PropertyTypes": {
            "AWS::ApiGatewayV2::Api.Cors": {"Properties": {"AllowOrigins": {"PrimitiveType": "String"}}},
            "AWS::ApiGatewayV2X::Thing.Part": {},
            "AWS::Lambda::Function.Code": {}
        },
        "ResourceTypes": {
            "AWS::ApiGatewayV2::Api": {"Properties": {"Name": {"PrimitiveType": "String"}}},
            "AWS::ApiGatewayV2::Stage": {"Properties": {}},
            "AWS::Lambda::Function": {"Properties": {}}
        }
    })
}

fn legacy_docs() -> Value {
    json!({"Types": {
        "AWS::ApiGatewayV2::Api": {"description": "An API – with “unicode”."},
        "AWS::ApiGatewayV2::Api.Cors": {"description": "CORS"},
        "AWS::Lambda::Function": {"description": "A function"}
    }})
}

/// A service database: Lambda (1), Api (5), Stage (9). Type 7 is only reachable through a `$ref`
/// inside type 6, and type 100 must sort after 11.
fn service_db() -> Value {
    let resource = |id: &str, cfn: &str, props: Value| json!({"$id": id, "cloudFormationType": cfn, "name": cfn.rsplit("::").next(), "properties": props});
    let typedef =
        |id: &str, props: Value| json!({"$id": id, "name": format!("T{id}"), "properties": props});
    let reference = |id: &str| json!({"type": {"type": "ref", "reference": {"$ref": id}}});
    json!({
        "idCtr": 200,
        "schema": {
            "resource": {"type": "entities", "entities": [
                resource("9", "AWS::ApiGatewayV2::Stage", json!({"Settings": reference("10")})),
                lambda_function(resource("1", "AWS::Lambda::Function", json!({"Code": reference("2")}))),
                resource("5", "AWS::ApiGatewayV2::Api", json!({
                    "Cors": reference("6"),
                    "Target": {"type": {"type": "string"}, "relationshipRefs": [
                        {"cloudFormationType": "AWS::Lambda::Function", "propertyName": "Arn"}
                    ]},
                    "X": reference("100")
                }))
            ]},
            "typeDefinition": {"type": "entities", "entities": [
                typedef("2", json!({})),
                typedef("3", json!({})),
                typedef("6", json!({"Inner": reference("7")})),
                typedef("7", json!({})),
                typedef("10", json!({"Deep": reference("11")})),
                typedef("11", json!({})),
                typedef("100", json!({}))
            ]},
            "usesType": {"type": "rel", "forward": {
                "1": [{"$id": "2"}],
                "5": [{"$id": "6"}, {"$id": "100"}],
                "9": [{"$id": "10"}, {"$id": "11"}]
            }}
        }
    })
}

/// The Lambda function entity of [`service_db`], with the facts a reference target keeps.
fn lambda_function(mut entity: Value) -> Value {
    entity["primaryIdentifier"] = json!(["FunctionName"]);
    entity["arnTemplate"] =
        json!("arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}");
    entity["attributes"] =
        json!({"Arn": {"type": {"type": "string"}, "documentation": "The ARN."}});
    entity
}

/// A registry schema, deliberately not in canonical formatting (must be copied byte for byte).
fn registry_schema(type_name: &str) -> Vec<u8> {
    format!("{{\"typeName\":\"{type_name}\",   \"properties\" : {{}} , \"z\":1, \"a\":2}}\r\n")
        .into_bytes()
}

fn api_model(version: &str) -> Value {
    json!({"version": "2.0", "metadata": {"apiVersion": version, "serviceId": "ApiGatewayV2"},
           "operations": {"GetApis": {"name": "GetApis"}}, "shapes": {}})
}

/// The four fake upstream packages of one test, under deliberately unhelpful file names.
struct Upstream {
    dir: TempDir,
    cfnspec: PathBuf,
    service_spec: PathBuf,
    cfn_lint: PathBuf,
    botocore: PathBuf,
}

const PROVIDERS: &str = "cfnlint/data/schemas/providers/us-east-1.json";
const CFN_LINT_METADATA: &str = "cfn_lint-7.7.7.dist-info/METADATA";
const BOTOCORE_MODEL: &str = "botocore/data/apigatewayv2/2018-11-29/service-2.json.gz";

impl Upstream {
    fn new() -> Self {
        let dir = TempDir::new().unwrap();
        let path = |name: &str| dir.path().join(name);
        let upstream = Upstream {
            cfnspec: path("first.tgz"),
            service_spec: path("second.tgz"),
            cfn_lint: path("third.whl"),
            botocore: path("fourth.whl"),
            dir,
        };
        upstream.write_cfnspec(&legacy_specification());
        upstream.write_service_spec(&gzip(&json_bytes(&service_db())));
        upstream.write_cfn_lint(&[
            ("AWS::ApiGatewayV2::Api", "aaa1"),
            ("AWS::ApiGatewayV2::Stage", "bbb2"),
        ]);
        upstream.write_botocore();
        upstream
    }

    fn write_cfnspec(&self, specification: &Value) {
        self.write_cfnspec_raw(json_bytes(specification));
    }

    fn write_cfnspec_raw(&self, specification: Vec<u8>) {
        write_tgz(
            &self.cfnspec,
            &[
                npm_manifest("@aws-cdk/cfnspec", "9.8.7"),
                entry("package/spec/specification.json", specification),
                entry("package/spec/cfn-docs.json", json_bytes(&legacy_docs())),
                entry("package/README.md", "readme"),
            ],
        );
    }

    fn write_service_spec(&self, db_gz: &[u8]) {
        write_tgz(
            &self.service_spec,
            &[
                npm_manifest("@aws-cdk/aws-service-spec", "0.0.42"),
                entry("package/db.json.gz", db_gz),
            ],
        );
    }

    /// cfn-lint with the given ApiGatewayV2 types (type name, schema id), plus a Lambda type.
    fn write_cfn_lint(&self, types: &[(&str, &str)]) {
        let mut providers = serde_json::Map::new();
        let mut files = vec![wheel_metadata(CFN_LINT_METADATA, "cfn_lint", "7.7.7")];
        let lambda = [("AWS::Lambda::Function", "ccc3")];
        for (type_name, id) in types.iter().chain(&lambda) {
            providers.insert((*type_name).to_owned(), json!(id));
            let path = format!("cfnlint/data/schemas/resources/{id}.json");
            files.push(entry(&path, registry_schema(type_name)));
        }
        files.push(entry(PROVIDERS, json_bytes(&Value::Object(providers))));
        write_whl(&self.cfn_lint, &files);
    }

    fn write_botocore(&self) {
        write_whl(
            &self.botocore,
            &[
                wheel_metadata("botocore-3.2.1.dist-info/METADATA", "botocore", "3.2.1"),
                entry(
                    "botocore/data/apigatewayv2/2017-01-01/service-2.json.gz",
                    gzip(&json_bytes(&api_model("2017-01-01"))),
                ),
                entry(BOTOCORE_MODEL, gzip(&json_bytes(&api_model("2018-11-29")))),
                entry(
                    "botocore/data/apigatewayv2/2018-11-29/paginators-1.json",
                    "{}",
                ),
            ],
        );
    }

    fn all(&self) -> Vec<PathBuf> {
        vec![
            self.botocore.clone(),
            self.cfn_lint.clone(),
            self.cfnspec.clone(),
            self.service_spec.clone(),
        ]
    }

    fn spec_dir(&self) -> PathBuf {
        self.dir.path().join("spec")
    }

    fn options(&self, from: Vec<PathBuf>, day: &str) -> UpdateSpecOptions {
        UpdateSpecOptions {
            from,
            spec_dir: self.spec_dir(),
            service_prefix: PREFIX.to_owned(),
            all_services: false,
            retrieved: day.to_owned(),
        }
    }

    fn run(&self) -> UpdateSpecReport {
        self.run_on(DAY)
    }

    fn run_on(&self, day: &str) -> UpdateSpecReport {
        update_spec(&self.options(self.all(), day)).unwrap()
    }

    fn run_err(&self, from: Vec<PathBuf>) -> UpdateSpecError {
        update_spec(&self.options(from, DAY)).unwrap_err()
    }

    fn read_json(&self, file: &str) -> Value {
        serde_json::from_slice(&fs::read(self.spec_dir().join(file)).unwrap()).unwrap()
    }

    fn manifest_entry(&self, file: &str) -> Value {
        let manifest = self.read_json("SOURCES.json");
        let entries = manifest["files"].as_array().unwrap();
        entries.iter().find(|e| e["file"] == file).cloned().unwrap()
    }

    /// Every file under the spec folder with its bytes, for before/after comparisons.
    fn snapshot(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files = Vec::new();
        let mut dirs = vec![self.spec_dir()];
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    let bytes = fs::read(&path).unwrap();
                    files.push((path, bytes));
                }
            }
        }
        files.sort();
        files
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

fn ids(values: &Value) -> Vec<&str> {
    values
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["$id"].as_str().unwrap())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[test]
fn slices_keep_only_the_service() {
    let upstream = Upstream::new();
    let report = upstream.run();
    assert_eq!(report.count(None, FileStatus::Written), 7, "{report}");

    let spec = upstream.read_json("cfnspec/specification.json");
    assert_eq!(
        keys(&spec),
        [
            "PropertyTypes",
            "ResourceSpecificationVersion",
            "ResourceTypes"
        ]
    );
    assert_eq!(spec["ResourceSpecificationVersion"], "117.0.0");
    assert_eq!(
        keys(&spec["PropertyTypes"]),
        ["AWS::ApiGatewayV2::Api.Cors"]
    );
    assert_eq!(
        keys(&spec["ResourceTypes"]),
        ["AWS::ApiGatewayV2::Api", "AWS::ApiGatewayV2::Stage"]
    );
    assert_eq!(
        spec["ResourceTypes"]["AWS::ApiGatewayV2::Api"],
        legacy_specification()["ResourceTypes"]["AWS::ApiGatewayV2::Api"]
    );

    let docs = upstream.read_json("cfnspec/cfn-docs.json");
    assert_eq!(keys(&docs), ["Types"]);
    assert_eq!(
        keys(&docs["Types"]),
        ["AWS::ApiGatewayV2::Api", "AWS::ApiGatewayV2::Api.Cors"]
    );

    let db = upstream.read_json("service-spec/apigatewayv2.json");
    assert_eq!(
        keys(&db),
        ["referencedResources", "resources", "typeDefinitions"]
    );
    assert_eq!(
        db["referencedResources"],
        json!([{
            "attributes": {"Arn": {"type": {"type": "string"}, "documentation": "The ARN."}},
            "cloudFormationType": "AWS::Lambda::Function",
            "name": "Function",
            "primaryIdentifier": ["FunctionName"]
        }]),
        "a relationship target outside the service, cut down to what references need"
    );
    assert_eq!(
        ids(&db["resources"]),
        ["5", "9"],
        "sorted by cloudFormationType"
    );
    assert_eq!(
        ids(&db["typeDefinitions"]),
        ["6", "7", "10", "11", "100"],
        "forward targets plus $ref closure, numeric order"
    );
    assert_eq!(
        db["resources"][0],
        service_db()["schema"]["resource"]["entities"][2]
    );

    let model = upstream.read_json("botocore/apigatewayv2-service-2.json");
    assert_eq!(model, api_model("2018-11-29"), "the newest API version");
}

#[test]
fn written_json_is_canonical() {
    let upstream = Upstream::new();
    upstream.run();
    let text = fs::read_to_string(upstream.spec_dir().join("cfnspec/cfn-docs.json")).unwrap();
    assert!(text.starts_with("{\n  \"Types\": {\n    \"AWS::ApiGatewayV2::Api\": {"));
    assert!(
        text.contains("An API – with “unicode”."),
        "UTF-8, not escaped"
    );
    assert!(text.ends_with("}\n"));
    let reserialized = serde_json::to_string_pretty(&upstream.read_json("cfnspec/cfn-docs.json"));
    assert_eq!(text, reserialized.unwrap() + "\n");
}

#[test]
fn registry_schemas_are_byte_identical() {
    let upstream = Upstream::new();
    upstream.run();
    let schemas = upstream.spec_dir().join("schemas");
    let mut names: Vec<String> = fs::read_dir(&schemas)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["aws-apigatewayv2-api.json", "aws-apigatewayv2-stage.json"]
    );
    let api = fs::read(schemas.join("aws-apigatewayv2-api.json")).unwrap();
    assert_eq!(api, registry_schema("AWS::ApiGatewayV2::Api"));
}

#[test]
fn older_cfn_lint_layout_without_the_provider_map() {
    // Before the provider map, cfn-lint kept one schema per type under `providers/us_east_1/`.
    let upstream = Upstream::new();
    let mut files = vec![wheel_metadata(CFN_LINT_METADATA, "cfn_lint", "7.7.7")];
    for type_name in [
        "AWS::ApiGatewayV2::Api",
        "AWS::ApiGatewayV2::Stage",
        "AWS::Lambda::Function",
    ] {
        let name = type_name.to_lowercase().replace("::", "-");
        let path = format!("cfnlint/data/schemas/providers/us_east_1/{name}.json");
        files.push(entry(&path, registry_schema(type_name)));
    }
    write_whl(&upstream.cfn_lint, &files);
    upstream.run();
    let schemas = upstream.spec_dir().join("schemas");
    let mut names: Vec<String> = fs::read_dir(&schemas)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["aws-apigatewayv2-api.json", "aws-apigatewayv2-stage.json"]
    );
    let stage = upstream.manifest_entry("schemas/aws-apigatewayv2-stage.json");
    assert_eq!(
        stage["upstream_path"],
        "cfnlint/data/schemas/providers/us_east_1/aws-apigatewayv2-stage.json"
    );
    assert!(stage["slice"].as_str().unwrap().contains("found in"));
}

#[test]
fn hand_written_entries_are_kept_with_the_hash_on_disk() {
    let upstream = Upstream::new();
    upstream.run();
    let overlay = upstream.spec_dir().join("overlay/references.json");
    fs::create_dir_all(overlay.parent().unwrap()).unwrap();
    fs::write(&overlay, b"{\"hand\": \"written\"}\n").unwrap();
    let manifest_path = upstream.spec_dir().join("SOURCES.json");
    let mut manifest = upstream.read_json("SOURCES.json");
    manifest["files"].as_array_mut().unwrap().push(json!({
        "file": "overlay/references.json", "kind": "hand-written", "package": "hand-written",
        "retrieved": "2020-01-01", "sha256": "stale", "slice": "by hand",
        "upstream_path": "https://docs.aws.amazon.com", "upstream_sha256": "-", "version": "-"
    }));
    fs::write(&manifest_path, serde_json::to_vec(&manifest).unwrap()).unwrap();
    upstream.run();
    assert_eq!(
        fs::read(&overlay).unwrap(),
        b"{\"hand\": \"written\"}\n",
        "never touched"
    );
    let entry = upstream.manifest_entry("overlay/references.json");
    assert_eq!(entry["kind"], "hand-written");
    assert_eq!(entry["retrieved"], "2020-01-01");
    assert_eq!(entry["sha256"], sha256_hex(b"{\"hand\": \"written\"}\n"));
}

#[test]
fn manifest_records_provenance_and_hashes() {
    let upstream = Upstream::new();
    upstream.run();
    let manifest = upstream.read_json("SOURCES.json");
    assert_eq!(manifest["service"], "AWS::ApiGatewayV2");
    let entries = manifest["files"].as_array().unwrap();
    let files: Vec<&str> = entries
        .iter()
        .map(|e| e["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "botocore/apigatewayv2-service-2.json",
            "cfnspec/cfn-docs.json",
            "cfnspec/specification.json",
            "schemas/aws-apigatewayv2-api.json",
            "schemas/aws-apigatewayv2-stage.json",
            "service-spec/apigatewayv2.json",
            "values/resource-values.json",
        ]
    );
    for entry in entries {
        let file = entry["file"].as_str().unwrap();
        let bytes = fs::read(upstream.spec_dir().join(file)).unwrap();
        assert_eq!(entry["sha256"], sha256_hex(&bytes), "{file}");
        assert_eq!(entry["retrieved"], DAY);
        assert!(!entry["slice"].as_str().unwrap().is_empty());
    }

    let schema = upstream.manifest_entry("schemas/aws-apigatewayv2-api.json");
    assert_eq!(schema["kind"], "registry-schema");
    assert_eq!(schema["package"], "pypi:cfn-lint");
    assert_eq!(
        schema["version"], "7.7.7",
        "from METADATA, not the file name"
    );
    assert_eq!(
        schema["upstream_path"],
        "cfnlint/data/schemas/resources/aaa1.json"
    );
    assert_eq!(schema["upstream_sha256"], schema["sha256"], "byte copy");

    let spec = upstream.manifest_entry("cfnspec/specification.json");
    assert_eq!(spec["kind"], "legacy-spec");
    assert_eq!(spec["package"], "npm:@aws-cdk/cfnspec");
    assert_eq!(
        spec["version"], "9.8.7",
        "from package.json, not the file name"
    );
    assert_eq!(spec["upstream_path"], "package/spec/specification.json");
    assert_eq!(
        spec["upstream_sha256"],
        sha256_hex(&json_bytes(&legacy_specification()))
    );

    let db = upstream.manifest_entry("service-spec/apigatewayv2.json");
    assert_eq!(db["kind"], "service-spec");
    assert_eq!(db["package"], "npm:@aws-cdk/aws-service-spec");
    assert_eq!(db["version"], "0.0.42");
    assert_eq!(db["upstream_path"], "package/db.json.gz");

    let model = upstream.manifest_entry("botocore/apigatewayv2-service-2.json");
    assert_eq!(model["kind"], "api-model");
    assert_eq!(model["package"], "pypi:botocore");
    assert_eq!(model["version"], "3.2.1");
    assert_eq!(model["upstream_path"], BOTOCORE_MODEL);
}

#[test]
fn gzip_sources_are_hashed_compressed() {
    let upstream = Upstream::new();
    let db_gz = gzip(&json_bytes(&service_db()));
    upstream.write_service_spec(&db_gz);
    upstream.run();
    let entry = upstream.manifest_entry("service-spec/apigatewayv2.json");
    assert_eq!(entry["upstream_sha256"], sha256_hex(&db_gz));
}

#[test]
fn value_kinds_cover_every_type_of_both_sources() {
    let upstream = Upstream::new();
    upstream.run();
    let table = upstream.read_json("values/resource-values.json");
    let types = table["types"].as_object().unwrap();
    // Every type of cfn-lint's provider map, the service's and the others.
    for type_name in [
        "AWS::ApiGatewayV2::Api",
        "AWS::ApiGatewayV2::Stage",
        "AWS::Lambda::Function",
    ] {
        assert!(types.contains_key(type_name), "{type_name} missing");
    }
    for (type_name, entry) in types {
        let first = entry.as_str().unwrap().split(' ').next().unwrap();
        assert!(
            ["arn", "id", "name", "url", "number", "string"].contains(&first),
            "{type_name}: {entry}"
        );
    }
    let entry = upstream.manifest_entry("values/resource-values.json");
    assert_eq!(entry["kind"], "value-kinds");
    assert_eq!(entry["package"], "pypi:cfn-lint");
    assert!(
        entry["slice"]
            .as_str()
            .unwrap()
            .contains("npm:@aws-cdk/aws-service-spec"),
        "the second source is named: {entry}"
    );
}

#[test]
fn second_run_changes_nothing() {
    let upstream = Upstream::new();
    upstream.run();
    let before = upstream.snapshot();
    let report = upstream.run();
    assert!(report.is_unchanged(), "{report}");
    assert_eq!(report.count(None, FileStatus::Unchanged), 7);
    assert_eq!(report.manifest, FileStatus::Unchanged);
    assert_eq!(upstream.snapshot(), before);
}

#[test]
fn versions_file_pins_the_packages_read_and_reads_back() {
    let upstream = Upstream::new();
    upstream.run();
    let pins = upstream.read_json("versions.json");
    let expected = json!({
        "npm:@aws-cdk/cfnspec": "9.8.7",
        "npm:@aws-cdk/aws-service-spec": "0.0.42",
        "pypi:cfn-lint": "7.7.7",
        "pypi:botocore": "3.2.1",
    });
    let mut without_comment = pins.clone();
    without_comment.as_object_mut().unwrap().remove("$comment");
    assert_eq!(without_comment, expected);
    let read = Versions::read(&upstream.spec_dir().join("versions.json")).unwrap();
    assert_eq!(read, Versions::vendored(&upstream.spec_dir()).unwrap());
    assert_eq!(read.get("pypi:cfn-lint"), Some("7.7.7"));
}

#[test]
fn archive_order_does_not_matter() {
    let upstream = Upstream::new();
    upstream.run();
    let before = upstream.snapshot();
    let mut reversed = upstream.all();
    reversed.reverse();
    let report = update_spec(&upstream.options(reversed, DAY)).unwrap();
    assert!(report.is_unchanged(), "{report}");
    assert_eq!(upstream.snapshot(), before);
}

#[test]
fn unchanged_files_keep_their_retrieved_day() {
    let upstream = Upstream::new();
    upstream.run_on("2024-01-01");
    let report = upstream.run_on("2024-02-02");
    assert!(
        report.is_unchanged(),
        "a later day alone changes nothing: {report}"
    );

    upstream.write_cfn_lint(&[
        ("AWS::ApiGatewayV2::Api", "aaa9"),
        ("AWS::ApiGatewayV2::Stage", "bbb2"),
    ]);
    let report = upstream.run_on("2024-02-02");
    assert_eq!(report.manifest, FileStatus::Written);
    let api = upstream.manifest_entry("schemas/aws-apigatewayv2-api.json");
    assert_eq!(api["retrieved"], "2024-02-02", "its upstream path changed");
    let stage = upstream.manifest_entry("schemas/aws-apigatewayv2-stage.json");
    assert_eq!(stage["retrieved"], "2024-01-01");
}

#[test]
fn stale_files_are_removed() {
    let upstream = Upstream::new();
    upstream.run();
    let stray = upstream
        .spec_dir()
        .join("schemas/aws-apigatewayv2-old.json");
    fs::write(&stray, b"{}").unwrap();
    let readme = upstream.spec_dir().join("README.md");
    fs::write(&readme, b"kept").unwrap();

    upstream.write_cfn_lint(&[("AWS::ApiGatewayV2::Api", "aaa1")]);
    let report = upstream.run();
    assert_eq!(
        report.count(Some(FileKind::RegistrySchema), FileStatus::Removed),
        2,
        "{report}"
    );
    assert_eq!(report.count(None, FileStatus::Written), 0, "{report}");
    assert!(!stray.exists());
    assert!(
        !upstream
            .spec_dir()
            .join("schemas/aws-apigatewayv2-stage.json")
            .exists()
    );
    assert!(
        upstream
            .spec_dir()
            .join("schemas/aws-apigatewayv2-api.json")
            .exists()
    );
    assert!(
        readme.exists(),
        "files outside the owned folders are left alone"
    );
    let manifest = upstream.read_json("SOURCES.json");
    assert!(!manifest.to_string().contains("aws-apigatewayv2-stage.json"));
}

#[test]
fn report_summarises_counts_per_kind() {
    let upstream = Upstream::new();
    let report = upstream.run();
    let text = report.to_string();
    assert!(
        text.starts_with(
            "update-spec: 7 written, 0 unchanged, 0 removed; SOURCES.json written, versions.json \
             written"
        ),
        "{text}"
    );
    assert!(text.contains("  registry-schema: 2 written\n"), "{text}");
}

#[test]
fn other_services_work_and_botocore_is_optional_per_service() {
    let upstream = Upstream::new();
    let mut options = upstream.options(upstream.all(), DAY);
    options.service_prefix = "AWS::Lambda::".to_owned();
    let report = update_spec(&options).unwrap();
    assert_eq!(
        report.count(Some(FileKind::ApiModel), FileStatus::Written),
        0
    );
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("botocore/data/lambda/")),
        "{report}"
    );
    assert!(
        upstream
            .spec_dir()
            .join("schemas/aws-lambda-function.json")
            .exists()
    );
    let db = upstream.read_json("service-spec/lambda.json");
    assert_eq!(ids(&db["resources"]), ["1"]);
    assert_eq!(ids(&db["typeDefinitions"]), ["2"]);
    assert_eq!(upstream.read_json("SOURCES.json")["service"], "AWS::Lambda");
}

#[test]
fn missing_package_is_named() {
    let upstream = Upstream::new();
    let without_botocore = vec![
        upstream.cfnspec.clone(),
        upstream.service_spec.clone(),
        upstream.cfn_lint.clone(),
    ];
    let err = upstream.run_err(without_botocore);
    assert!(
        matches!(err, UpdateSpecError::MissingPackage { .. }),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(
        message.contains("pypi:botocore") && message.contains("api-model"),
        "{message}"
    );
    assert!(!upstream.spec_dir().exists(), "nothing written");
}

#[test]
fn corrupt_json_names_archive_path_and_line() {
    let upstream = Upstream::new();
    upstream.run();
    let before = upstream.snapshot();
    upstream.write_cfnspec_raw(b"{\n  \"ResourceTypes\": {,\n}".to_vec());
    let err = upstream.run_err(upstream.all());
    let message = err.to_string();
    assert!(
        matches!(err, UpdateSpecError::Json { line: 2, .. }),
        "{err:?}"
    );
    assert!(
        message.contains(&upstream.cfnspec.display().to_string()),
        "{message}"
    );
    assert!(
        message.contains("package/spec/specification.json"),
        "{message}"
    );
    assert!(message.contains("line 2"), "{message}");
    assert_eq!(upstream.snapshot(), before, "a failed run writes nothing");
}

#[test]
fn corrupt_gzip_names_archive_and_path() {
    let upstream = Upstream::new();
    upstream.write_service_spec(b"\x1f\x8b not really gzip");
    let message = upstream.run_err(upstream.all()).to_string();
    assert!(
        message.contains(&upstream.service_spec.display().to_string()),
        "{message}"
    );
    assert!(message.contains("package/db.json.gz"), "{message}");
}

#[test]
fn unexpected_shape_names_the_json_path() {
    let upstream = Upstream::new();
    let mut spec = legacy_specification();
    spec["PropertyTypes"] = json!([]);
    upstream.write_cfnspec(&spec);
    let err = upstream.run_err(upstream.all());
    assert!(
        matches!(&err, UpdateSpecError::Shape { pointer, .. } if pointer == "/PropertyTypes"),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("package/spec/specification.json"),
        "{err}"
    );
}

#[test]
fn missing_file_names_archive_and_path() {
    let upstream = Upstream::new();
    // A providers map pointing at a schema file the wheel does not have.
    let mut files = vec![wheel_metadata(CFN_LINT_METADATA, "cfn-lint", "7.7.7")];
    files.push(entry(
        PROVIDERS,
        json_bytes(&json!({"AWS::ApiGatewayV2::Api": "dead"})),
    ));
    write_whl(&upstream.cfn_lint, &files);
    let err = upstream.run_err(upstream.all());
    assert!(
        matches!(err, UpdateSpecError::MissingFile { .. }),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(
        message.contains(&upstream.cfn_lint.display().to_string()),
        "{message}"
    );
    assert!(
        message.contains("cfnlint/data/schemas/resources/dead.json"),
        "{message}"
    );
}

#[test]
fn unknown_and_duplicate_packages_are_refused() {
    let upstream = Upstream::new();
    let other = upstream.dir.path().join("other.tgz");
    write_tgz(&other, &[npm_manifest("left-pad", "1.3.0")]);
    let mut from = upstream.all();
    from.push(other.clone());
    let err = upstream.run_err(from);
    assert!(
        matches!(err, UpdateSpecError::UnknownPackage { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("left-pad"), "{err}");

    let not_an_archive = upstream.dir.path().join("notes.txt");
    fs::write(&not_an_archive, b"hello").unwrap();
    let err = upstream.run_err(vec![not_an_archive]);
    assert!(
        matches!(err, UpdateSpecError::UnknownPackage { .. }),
        "{err:?}"
    );

    let mut from = upstream.all();
    from.push(upstream.cfnspec.clone());
    let err = upstream.run_err(from);
    assert!(
        matches!(err, UpdateSpecError::DuplicatePackage { .. }),
        "{err:?}"
    );
}

#[test]
fn bad_options_are_refused() {
    let upstream = Upstream::new();
    for prefix in [
        "AWS::ApiGatewayV2",
        "ApiGatewayV2::",
        "AWS::Api/Gw::",
        "AWS::::",
    ] {
        let mut options = upstream.options(upstream.all(), DAY);
        options.service_prefix = prefix.to_owned();
        let err = update_spec(&options).unwrap_err();
        assert!(
            matches!(err, UpdateSpecError::InvalidOptions { .. }),
            "{prefix}: {err:?}"
        );
    }
    let err = update_spec(&upstream.options(upstream.all(), "01/03/2024")).unwrap_err();
    assert!(
        matches!(err, UpdateSpecError::InvalidOptions { .. }),
        "{err:?}"
    );
    let err = update_spec(&upstream.options(Vec::new(), DAY)).unwrap_err();
    assert!(
        matches!(err, UpdateSpecError::InvalidOptions { .. }),
        "{err:?}"
    );
}

#[test]
fn service_without_registry_types_is_an_error() {
    let upstream = Upstream::new();
    let mut options = upstream.options(upstream.all(), DAY);
    options.service_prefix = "AWS::Nothing::".to_owned();
    let err = update_spec(&options).unwrap_err();
    assert!(
        matches!(err, UpdateSpecError::NothingForService { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains(PROVIDERS), "{err}");
}

/// `survey` groups the provider map's types by namespace, slices and generates each, and makes a
/// namespace that fails a row (the fake schemas here have no properties to generate from), not an
/// error; its temporary spec folders are removed.
#[test]
fn survey_reports_every_namespace() {
    let upstream = Upstream::new();
    let work = upstream.dir.path().join("work");
    let mut seen = Vec::new();
    let survey = cfn_codegen::update_spec::survey(&upstream.all(), &[], &work, &mut |row| {
        seen.push(row.namespace.clone())
    })
    .unwrap();
    let rows: Vec<(&str, usize)> = survey
        .rows
        .iter()
        .map(|r| (r.namespace.as_str(), r.types))
        .collect();
    assert_eq!(rows, [("AWS::ApiGatewayV2", 2), ("AWS::Lambda", 1)]);
    assert_eq!(seen, ["AWS::ApiGatewayV2", "AWS::Lambda"]);
    let failed = survey.rows.iter().filter(|r| r.outcome.is_err()).count();
    let ok_types: usize = survey
        .rows
        .iter()
        .filter(|r| r.outcome.is_ok())
        .map(|r| r.types)
        .sum();
    assert!(
        survey.totals().starts_with(&format!(
            "{} of 2 namespaces and {ok_types} of 3 resource types generate",
            2 - failed
        )),
        "{survey}"
    );
    let only = cfn_codegen::update_spec::survey(
        &upstream.all(),
        &["AWS::Lambda".to_owned()],
        &work,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(only.rows.len(), 1, "{only}");
    assert!(
        fs::read_dir(&work).unwrap().next().is_none(),
        "left behind in {}",
        work.display()
    );
}
