//! Validation, one rule family at a time: each family has a failing template (its exact
//! findings: rule, JSON path, line and column) and a passing one (no findings) under
//! `tests/fixtures/validate/`; typed values validate through the same walker; the shared corpus
//! (`../shared/corpus`): no error on any `good/` template, known findings on `bad/` ones.

mod corpus_support;
mod validate_support;

use std::path::{Path, PathBuf};

use cfn_apigatewayv2::apigatewayv2::{Integration, Stage};
use cfn_apigatewayv2::template::Template;
use cfn_apigatewayv2::validate::{self, Finding, Severity};
use cfn_apigatewayv2::{Intrinsic, Value};
use validate_support::{fixture, position, ring};

/// `line:col rule path` per finding.
fn brief(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| format!("{} {} {}", position(f), f.rule, f.path))
        .collect()
}

fn check(name: &str, expected: &[&str]) {
    let findings = validate::validate_bytes(&fixture(name)).expect("parses");
    assert_eq!(brief(&findings), expected, "{name}: {findings:#?}");
}

#[test]
fn required() {
    check(
        "required-fail.yaml",
        &[
            "6:7 required /Resources/Integ/Properties/ApiId",
            "6:7 requires /Resources/Integ/Properties/IntegrationUri",
            "8:5 required /Resources/Stage/Properties/ApiId",
            "8:5 required /Resources/Stage/Properties/StageName",
            "11:5 resource-attribute /Resources/Misplaced/Propertiess",
        ],
    );
    check("required-pass.yaml", &[]);
}

#[test]
fn unknown_property_reported_at_the_key() {
    check(
        "unknown-fail.json",
        &[
            "8:9 unknown-property /Resources/Prod/Properties/RestApiId",
            "9:30 requires /Resources/Prod/Properties/AccessLogSettings/Format",
            "9:100 unknown-property /Resources/Prod/Properties/AccessLogSettings/Formatt",
        ],
    );
    check("unknown-pass.json", &[]);
}

#[test]
fn types_with_cloudformation_coercions() {
    check(
        "type-fail.yaml",
        &[
            "8:23 type /Resources/Api/Properties/CorsConfiguration/AllowOrigins",
            "9:27 type /Resources/Api/Properties/CorsConfiguration/AllowCredentials",
            "10:17 type /Resources/Api/Properties/CorsConfiguration/MaxAge",
            "11:13 type /Resources/Api/Properties/Tags",
            "15:7 requires /Resources/Integ/Properties/IntegrationUri",
            "15:7 requires /Resources/Integ/Properties/PayloadFormatVersion",
            "17:24 type /Resources/Integ/Properties/TimeoutInMillis",
            "18:20 type /Resources/Integ/Properties/Description",
        ],
    );
    check("type-pass.yaml", &[]);
}

#[test]
fn constraints() {
    check(
        "constraints-fail.yaml",
        &[
            "6:24 allowed-values /Resources/Integ/Properties/IntegrationType",
            "7:24 range /Resources/Integ/Properties/TimeoutInMillis",
            "8:26 length /Resources/Integ/Properties/IntegrationMethod",
            "9:23 pattern /Resources/Integ/Properties/CredentialsArn",
            "11:9 key-pattern /Resources/Integ/Properties/RequestTemplates/$$",
        ],
    );
    check("constraints-pass.yaml", &[]);
    let findings = validate::validate_bytes(&fixture("constraints-fail.yaml")).unwrap();
    let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        messages[..3],
        [
            "string \"LAMBDA\" is not one of AWS, HTTP, MOCK, HTTP_PROXY, AWS_PROXY",
            "number 10 is out of range, allowed 50..=30000",
            "string \"\" has length 0, allowed 1..=64",
        ]
    );
}

#[test]
fn intrinsics_are_not_judged_but_fn_if_branches_are() {
    check(
        "intrinsics-fail.yaml",
        &["8:46 allowed-values /Resources/Integ/Properties/IntegrationType/Fn::If/2"],
    );
    check("intrinsics-pass.yaml", &[]);
}

#[test]
fn references() {
    check(
        "refs-fail.yaml",
        &[
            "2:20 ref-target /Conditions/IsProd/Fn::Equals/0",
            "3:34 condition /Conditions/Both/Fn::And/1",
            "12:22 depends-on /Resources/Integ/DependsOn/1",
            "13:16 condition /Resources/Integ/Condition",
            "15:14 ref-target /Resources/Integ/Properties/ApiId",
            "17:23 getatt-target /Resources/Integ/Properties/IntegrationUri",
            "18:20 getatt-attribute /Resources/Integ/Properties/Description",
            "18:20 ref-target /Resources/Integ/Properties/Description",
            "19:41 condition /Resources/Integ/Properties/TemplateSelectionExpression/Fn::If/0",
            "22:12 getatt-attribute /Outputs/Endpoint/Value",
        ],
    );
    check("refs-pass.yaml", &[]);
}

#[test]
fn sam_implicit_resources_are_not_reported() {
    check("sam-pass.yaml", &[]);
}

#[test]
fn every_finding_has_a_documented_rule_and_severity() {
    for name in [
        "required-fail.yaml",
        "refs-fail.yaml",
        "type-fail.yaml",
        "constraints-fail.yaml",
    ] {
        for f in validate::validate_bytes(&fixture(name)).unwrap() {
            assert!(
                validate::all_rule_ids().any(|(id, _)| id == f.rule),
                "{f:?}"
            );
            assert_eq!(f.severity, Severity::Error);
        }
    }
}

#[test]
fn typed_values_validate_through_the_same_tables() {
    let integration = Integration {
        timeout_in_millis: Some(Value::from(10)),
        ..Integration::new(Intrinsic::reference("Api"), "LAMBDA")
    };
    let findings = validate::validate_resource(&integration).unwrap();
    let rules: Vec<(&str, &str)> = findings.iter().map(|f| (f.rule, f.path.as_str())).collect();
    assert_eq!(
        rules,
        [
            ("allowed-values", "/Properties/IntegrationType"),
            ("range", "/Properties/TimeoutInMillis"),
        ]
    );

    let mut template = Template::new();
    template
        .add_resource(
            "Stage",
            Stage::new(Intrinsic::reference("Nope"), "$default"),
        )
        .unwrap();
    let findings = validate::validate_template(&template).unwrap();
    assert_eq!(
        brief(&findings),
        ["- ref-target /Resources/Stage/Properties/ApiId"]
    );
}

#[test]
fn unparsable_text_is_an_error_with_a_position() {
    let error = validate::validate_bytes(b"Resources: [\n").unwrap_err();
    assert!(error.line >= 1 && error.column >= 1, "{error:?}");
}

fn corpus() -> Option<PathBuf> {
    corpus_support::corpus()
}

fn templates(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
fn corpus_good_has_no_errors() {
    let Some(dir) = corpus() else { return };
    let mut failures = Vec::new();
    for path in templates(&dir.join("good")) {
        let findings = validate::validate_bytes(&std::fs::read(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for f in findings.iter().filter(|f| f.severity == Severity::Error) {
            failures.push(validate::output::to_text(&path.display().to_string(), f));
        }
    }
    assert!(
        failures.is_empty(),
        "errors on good templates:\n{}",
        failures.join("\n")
    );
}

#[test]
fn corpus_bad_known_findings() {
    let Some(dir) = corpus() else { return };
    let mut all = Vec::new();
    for path in templates(&dir.join("bad")) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        match validate::validate_bytes(&std::fs::read(&path).unwrap()) {
            Ok(findings) => {
                for f in &findings {
                    println!("{}", validate::output::to_text(&name, f));
                    all.push((name.clone(), f.clone()));
                }
            }
            Err(e) => println!("{name}: not parsed: {e}"),
        }
    }
    let has = |file: &str, rule: &str, path: &str, line: u32, column: u32| {
        all.iter().any(|(name, f)| {
            name == file
                && f.rule == rule
                && f.path == path
                && f.span.map(|s| (s.line, s.column)) == Some((line, column))
        })
    };
    assert!(has(
        "kics-access-logging-disabled-positive13.yaml",
        "unknown-property",
        "/Resources/Prod/Properties/RestApiId",
        10,
        7
    ));
    assert!(has(
        "cfnnag-apigateway-v2-with-access-logging.json",
        "required",
        "/Resources/ApiGatewayWithAccessLogging/Properties/ApiId",
        5,
        18
    ));
    assert!(has(
        "kics-access-logging-disabled-positive17.yaml",
        "allowed-values",
        "/Resources/Prod/Properties/DefaultRouteSettings/LoggingLevel",
        12,
        23
    ));
}

/// Every constraint pattern of the generated tables compiles in `regex-lite`; one that does
/// not would be skipped silently by validation, so this counts them (0 today).
#[test]
fn generated_patterns_compile() {
    use cfn_apigatewayv2::schema::{ConstraintKind, PropertySchema, Shape};
    fn collect(
        properties: &'static [PropertySchema],
        seen: &mut Vec<*const PropertySchema>,
        out: &mut Vec<&'static str>,
    ) {
        if seen.contains(&properties.as_ptr()) {
            return;
        }
        seen.push(properties.as_ptr());
        for p in properties {
            for c in p.constraints {
                if let ConstraintKind::Pattern(s) | ConstraintKind::KeyPattern(s) = c.kind {
                    out.push(s);
                }
            }
            let mut shape = &p.shape;
            while let Shape::List(inner) | Shape::Map(inner) = shape {
                shape = inner;
            }
            if let Shape::Object(_, inner) = shape {
                collect(inner, seen, out);
            }
        }
    }
    let names = [
        "Api",
        "ApiGatewayManagedOverrides",
        "ApiMapping",
        "Authorizer",
        "Deployment",
        "DomainName",
        "Integration",
        "IntegrationResponse",
        "Model",
        "PortalProduct",
        "Route",
        "RouteResponse",
        "RoutingRule",
        "Stage",
        "VpcLink",
    ];
    let mut patterns = Vec::new();
    for name in names {
        let schema =
            cfn_apigatewayv2::TypedResource::schema_for(&format!("AWS::ApiGatewayV2::{name}"))
                .unwrap_or_else(|| panic!("{name} has a table"));
        collect(schema.properties, &mut Vec::new(), &mut patterns);
    }
    let failing: Vec<&str> = patterns
        .iter()
        .copied()
        .filter(|p| regex_lite::Regex::new(p).is_err())
        .collect();
    assert!(!patterns.is_empty());
    assert_eq!(
        failing,
        Vec::<&str>::new(),
        "patterns skipped by validation"
    );
}

#[test]
fn references_to_the_wrong_resource_type() {
    check(
        "ref-type-api-fail.yaml",
        &[
            "12:14 ref-type /Resources/Integ/Properties/ApiId",
            "17:14 ref-type /Resources/Route/Properties/ApiId",
            "21:25 ref-type /Resources/Authorizer/Properties/ApiId",
            "24:25 ref-type /Resources/Deployment/Properties/ApiId",
            "27:25 ref-type /Resources/Model/Properties/ApiId",
            "30:25 ref-type /Resources/Mapping/Properties/ApiId",
        ],
    );
    check("ref-type-api-pass.yaml", &[]);
    check(
        "ref-type-resources-fail.yaml",
        &[
            "14:21 ref-type /Resources/Route/Properties/AuthorizerId",
            "15:15 ref-type /Resources/Route/Properties/Target",
            "18:50 ref-type /Resources/IntegResponse/Properties/IntegrationId",
            "21:44 ref-type /Resources/RouteResponse/Properties/RouteId",
            "24:47 ref-type /Resources/Mapping/Properties/DomainName",
        ],
    );
    check("ref-type-resources-pass.yaml", &[]);
    check(
        "ref-type-ec2-fail.yaml",
        &[
            "13:32 ref-type /Resources/Link/Properties/SubnetIds/1",
            "14:38 ref-type /Resources/Link/Properties/SecurityGroupIds/1",
        ],
    );
    check("ref-type-ec2-pass.yaml", &[]);
}

#[test]
fn references_that_do_not_return_the_wanted_value() {
    check(
        "ref-type-lambda-fail.yaml",
        &[
            "8:57 ref-attribute /Resources/Api/Properties/Target",
            "11:79 ref-attribute /Resources/Integ/Properties/IntegrationUri",
            "17:23 ref-attribute /Resources/Integ2/Properties/IntegrationUri",
        ],
    );
    check("ref-type-lambda-pass.yaml", &[]);
    let findings = validate::validate_bytes(&fixture("ref-type-lambda-fail.yaml")).unwrap();
    assert_eq!(
        findings[1].help.as_deref(),
        Some("use `Fn::GetAtt Handler.Arn`"),
        "{}",
        findings[1].message
    );
}

#[test]
fn references_are_not_judged_under_a_macro() {
    let mut text = fixture("ref-type-api-fail.yaml");
    text.extend_from_slice(b"Transform: MyMacro\n");
    let findings = validate::validate_bytes(&text).unwrap();
    assert!(
        findings.iter().all(|f| !f.rule.starts_with("ref-")),
        "{findings:#?}"
    );
}

#[test]
fn circular_dependencies() {
    let text = "Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    DependsOn: Stage
    Properties:
      Name: a
      ProtocolType: HTTP
  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: !Ref Api
      StageName: $default
  Loop:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !GetAtt Loop.TopicName
  Fine:
    Type: AWS::SNS::Topic
    DependsOn: [Stage]
    Properties:
      TopicName: !Sub '${Api}-topic'
";
    let findings = validate::validate_bytes(text.as_bytes()).unwrap();
    let cycles: Vec<(&str, String)> = findings
        .iter()
        .filter(|f| f.rule == "circular-dependency")
        .map(|f| (f.path.as_str(), f.message.clone()))
        .collect();
    assert_eq!(
        cycles,
        [
            (
                "/Resources/Api",
                "`Api` is in a circular dependency of 2 resources: Api → Stage → Api".to_owned()
            ),
            ("/Resources/Loop", "`Loop` depends on itself".to_owned()),
        ]
    );
    assert!(findings.iter().all(|f| f.span.is_some()), "{findings:#?}");
    // Without the DependsOn, nothing (Stage → Api alone is an order, not a cycle).
    let fixed = text
        .replace("    DependsOn: Stage\n", "")
        .replace("!GetAtt Loop.TopicName", "t");
    let findings = validate::validate_bytes(fixed.as_bytes()).unwrap();
    assert!(
        findings.iter().all(|f| f.rule != "circular-dependency"),
        "{findings:#?}"
    );
}

fn cycle_messages(text: &str) -> Vec<(String, String)> {
    validate::validate_bytes(text.as_bytes())
        .unwrap()
        .into_iter()
        .filter(|f| f.rule == "circular-dependency")
        .map(|f| (f.path, f.message))
        .collect()
}

#[test]
fn a_cycle_is_reported_once_in_cycle_order() {
    // Source order A, B, C; the cycle runs A → C → B → A.
    let text = "Resources:
  A: {Type: AWS::SNS::Topic, DependsOn: C}
  B: {Type: AWS::SNS::Topic, DependsOn: A}
  C: {Type: AWS::SNS::Topic, DependsOn: B}
";
    assert_eq!(
        cycle_messages(text),
        [(
            "/Resources/A".to_owned(),
            "`A` is in a circular dependency of 3 resources: A → C → B → A".to_owned()
        )]
    );
    // One component larger than its shortest cycle through the first resource: the others
    // are named too.
    let text = "Resources:
  A: {Type: AWS::SNS::Topic, DependsOn: B}
  B: {Type: AWS::SNS::Topic, DependsOn: [A, C]}
  C: {Type: AWS::SNS::Topic, DependsOn: B}
  D: {Type: AWS::SNS::Topic, DependsOn: D}
";
    assert_eq!(
        cycle_messages(text),
        [
            (
                "/Resources/A".to_owned(),
                "`A` is in a circular dependency of 3 resources: A → B → A; also in it: C"
                    .to_owned()
            ),
            (
                "/Resources/D".to_owned(),
                "`D` depends on itself".to_owned()
            ),
        ]
    );
}

/// A ring of N resources gave N findings of N names each (a 558 KB ring of 10,000 printed
/// 990 MB); now one finding whose size does not grow with N.
#[test]
fn a_ring_of_10000_resources_is_one_bounded_finding() {
    let small = cycle_messages(&ring(2_000));
    let large = cycle_messages(&ring(10_000));
    assert_eq!(large.len(), 1, "{large:?}");
    assert_eq!(small.len(), 1, "{small:?}");
    assert_eq!(large[0].0, "/Resources/R0");
    assert_eq!(
        large[0].1,
        "`R0` is in a circular dependency of 10,000 resources: \
         R0 → R1 → R2 → R3 → R4 → R5 → R6 → R7 → … and 9,992 more → R0"
    );
    // Five times the resources, (almost) the same message.
    assert!(large[0].1.len() <= small[0].1.len() + 2);
}
