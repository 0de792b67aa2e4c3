//! The template's own structure (`template-structure`, `resource-type`, `resource-attribute`,
//! `depends-on`, `parameter`, `output`): files that are not templates are findings, never a
//! silent pass; every section's documented shape; transforms keep what they may make valid
//! silent; typed templates validate the same way.

mod validate_support;

use cfn_apigatewayv2::template::{Output, Parameter, Template};
use cfn_apigatewayv2::validate::{self, Finding, Severity};
use validate_support::{fixture, position};

/// `line:col severity rule path` per finding.
fn brief(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {}",
                position(f),
                f.severity.as_str(),
                f.rule,
                f.path
            )
        })
        .collect()
}

fn check(text: &str) -> Vec<String> {
    brief(&validate::validate_bytes(text.as_bytes()).expect("parses"))
}

/// The eight inputs of the issue: each was accepted with no finding (exit 0) before.
#[test]
fn files_that_are_not_templates_are_errors() {
    let cases: &[(&str, &str)] = &[
        ("", "1:1 error template-structure "),
        ("hello\n", "1:1 error template-structure "),
        ("- a\n", "1:1 error template-structure "),
        (
            "Description: x\n",
            "1:1 error template-structure /Resources",
        ),
        (
            "Resources: [a]\n",
            "1:12 error template-structure /Resources",
        ),
        (
            "Resources:\n  R:\n    Type: 42\n",
            "3:11 error resource-type /Resources/R/Type",
        ),
        (
            "Resources:\n  R:\n    Type: AWS::SNS::Topic\nOutputs:\n  O:\n    Description: x\n",
            "6:5 error output /Outputs/O/Value",
        ),
        (
            "Resources:\n  R:\n    Type: AWS::SNS::Topic\n    DependsOn: 5\n",
            "4:16 error depends-on /Resources/R/DependsOn",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(check(text), [*expected], "{text:?}");
    }
    // The same in JSON.
    assert_eq!(check("{}"), ["1:1 error template-structure /Resources"]);
    assert_eq!(
        check("{\"Resources\": {}}"),
        ["1:15 error template-structure /Resources"]
    );
    assert_eq!(check("[]"), ["1:1 error template-structure "]);
    assert_eq!(check("null"), ["1:1 error template-structure "]);
}

#[test]
fn every_section_of_its_documented_shape_passes() {
    let findings = validate::validate_bytes(&fixture("structure-pass.yaml")).unwrap();
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn every_section_of_another_shape_fails() {
    let findings = validate::validate_bytes(&fixture("structure-fail.yaml")).unwrap();
    assert_eq!(
        brief(&findings),
        [
            "1:27 error template-structure /AWSTemplateFormatVersion",
            "2:14 error template-structure /Description",
            "3:11 error template-structure /Metadata",
            "6:11 error parameter /Parameters/Stage/Type",
            "7:5 error parameter /Parameters/Stage/Defaults",
            "9:5 error parameter /Parameters/Untyped/Type",
            "11:11 warning parameter /Parameters/Guess/Type",
            "12:3 error template-structure /Parameters/Bad-Name",
            "14:11 error parameter /Parameters/Scalar",
            "15:8 error template-structure /Rules",
            "18:16 error template-structure /Mappings/RegionMap/us-east-1",
            "19:13 error template-structure /Conditions",
            "23:24 error depends-on /Resources/Api/DependsOn/1",
            "24:16 error resource-attribute /Resources/Api/Condition",
            "25:21 error resource-attribute /Resources/Api/DeletionPolicy",
            "26:26 error resource-attribute /Resources/Api/UpdateReplacePolicy",
            "27:15 error resource-attribute /Resources/Api/Metadata",
            "30:17 error resource-type /Resources/Queue/Properties",
            "31:15 error resource-type /Resources/Notmapping",
            "32:3 error template-structure /Resources/my_queue",
            "36:5 error output /Outputs/NoValue/Value",
            "39:5 error output /Outputs/Extra/Exports",
            "44:7 error output /Outputs/NoName/Export/Name",
            "44:7 error output /Outputs/NoName/Export/Value",
            "45:10 error output /Outputs/Plain",
            "46:1 error template-structure /Hooks",
        ],
        "{findings:#?}"
    );
    // Each finding names a documented rule.
    for finding in &findings {
        assert!(
            validate::all_rule_ids().any(|(id, _)| id == finding.rule),
            "{finding:?}"
        );
    }
}

#[test]
fn limits_from_the_quotas_page() {
    let resource = "Resources:\n  R:\n    Type: AWS::SNS::Topic\n";
    // A description of 1,024 bytes passes; one more byte is too many (bytes, not characters).
    let long = |n: usize| format!("Description: {}\n{resource}", "é".repeat(n / 2));
    assert!(check(&long(1024)).is_empty());
    assert_eq!(
        check(&long(1026)),
        ["1:14 error template-structure /Description"]
    );
    // 200 outputs pass, 201 do not.
    let outputs = |n: usize| {
        let mut text = format!("{resource}Outputs:\n");
        for i in 0..n {
            text.push_str(&format!("  O{i}:\n    Value: v\n"));
        }
        text
    };
    assert!(check(&outputs(200)).is_empty());
    assert_eq!(
        check(&outputs(201)),
        ["5:3 error template-structure /Outputs"]
    );
    // 200 parameters pass, 201 do not.
    let parameters = |n: usize| {
        let mut text = format!("{resource}Parameters:\n");
        for i in 0..n {
            text.push_str(&format!("  P{i}:\n    Type: String\n"));
        }
        text
    };
    assert!(check(&parameters(200)).is_empty());
    assert_eq!(
        check(&parameters(201)),
        ["5:3 error template-structure /Parameters"]
    );
    // A logical id of 255 characters passes, 256 do not.
    let named = |n: usize| {
        format!(
            "Resources:\n  {}:\n    Type: AWS::SNS::Topic\n",
            "R".repeat(n)
        )
    };
    assert!(check(&named(255)).is_empty());
    assert_eq!(
        check(&named(256)),
        [format!(
            "2:3 error template-structure /Resources/{}",
            "R".repeat(256)
        )]
    );
}

#[test]
fn sam_adds_globals_and_its_resource_attributes() {
    let text = "Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Connectors:
      Fn:
        Properties:
          Destination:
            Id: Fn
          Permissions: [Write]
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      InlineCode: x
";
    assert!(check(text).is_empty(), "{:?}", check(text));
    // Without the transform, both are errors.
    let plain = text.replace("Transform: AWS::Serverless-2016-10-31\n", "");
    assert_eq!(
        check(&plain),
        [
            "1:1 error template-structure /Globals",
            "7:5 error resource-attribute /Resources/Api/Connectors",
        ]
    );
    // SAM keeps the rest of the anatomy: an output still needs a Value.
    let no_value = format!("{text}Outputs:\n  O:\n    Description: x\n");
    assert_eq!(check(&no_value), ["21:5 error output /Outputs/O/Value"]);
}

#[test]
fn a_macro_may_make_anything_valid() {
    let text = "Transform: [MyMacro, AWS::Serverless-2016-10-31]
Anything: {}
Resources: [made, by, the, macro]
Outputs:
  O:
    Description: x
";
    assert!(check(text).is_empty(), "{:?}", check(text));
    // ... except a Transform that names no macro, and a template that is not a mapping.
    assert_eq!(
        check("Transform: 42\nResources: {}\n"),
        ["1:12 error template-structure /Transform"]
    );
    assert_eq!(
        check("Transform: [MyMacro, {Name: AWS::Include}, 42]\n"),
        ["1:44 error template-structure /Transform/2"]
    );
}

#[test]
fn intrinsics_nulls_and_included_snippets_are_not_judged() {
    let text = "Parameters:
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    DeletionPolicy: !If [Keep, Retain, Delete]
    Properties: !If [Keep, {BucketName: b}, !Ref AWS::NoValue]
    Metadata:
  Included:
    Fn::Transform:
      Name: AWS::Include
      Parameters:
        Location: s3://bucket/snippet.yaml
Outputs:
  Fn::Transform:
    Name: AWS::Include
    Parameters:
      Location: s3://bucket/outputs.yaml
Conditions:
  Keep: !Equals [a, a]
";
    assert!(check(text).is_empty(), "{:?}", check(text));
}

#[test]
fn typed_templates_validate_the_same_way() {
    // No resource: CloudFormation rejects it, built in code or read from text.
    let empty = Template::new();
    let findings = validate::validate_template(&empty).unwrap();
    assert_eq!(brief(&findings), ["- error template-structure /Resources"]);

    let mut template = Template::new();
    template
        .add_resource(
            "Api",
            cfn_apigatewayv2::apigatewayv2::Api {
                name: Some("a".into()),
                protocol_type: Some("HTTP".into()),
                ..Default::default()
            },
        )
        .unwrap();
    template
        .add_parameter::<String>("Stage", Parameter::new("String"))
        .unwrap();
    template
        .add_parameter::<String>("Bad", Parameter::new("Strng"))
        .unwrap();
    template
        .add_output(
            "ApiId",
            Output::new(cfn_apigatewayv2::Intrinsic::reference("Api")),
        )
        .unwrap();
    let findings = validate::validate_template(&template).unwrap();
    assert_eq!(brief(&findings), ["- error parameter /Parameters/Bad/Type"]);
    assert!(findings.iter().all(|f| f.severity == Severity::Error));
}

#[test]
fn logical_ids_are_alphanumeric_and_mapping_names_only_warned() {
    let text = "Mappings:
  Region-Map:
    us-east-1:
      Name: east
Resources:
  Topic:
    Type: AWS::SNS::Topic
Outputs:
  Topic-Arn:
    Value: !Ref Topic
";
    assert_eq!(
        check(text),
        [
            "2:3 warning template-structure /Mappings/Region-Map",
            "9:3 error template-structure /Outputs/Topic-Arn",
        ]
    );
}
