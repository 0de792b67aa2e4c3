//! `value-kind`: what references, parameters and functions give a field, against what it
//! needs; and the severities the evidence corpus and the API model's case-only mismatches set.

use cfn_apigatewayv2::validate::{self, Severity};

/// `(rule, path, severity)` of every finding of `text`.
fn findings(text: &str) -> Vec<(String, String, Severity)> {
    validate::validate_bytes(text.as_bytes())
        .expect("parses")
        .into_iter()
        .map(|f| (f.rule.to_owned(), f.path, f.severity))
        .collect()
}

fn errors_of(text: &str, rule: &str) -> Vec<String> {
    findings(text)
        .into_iter()
        .filter(|(r, _, s)| r == rule && *s == Severity::Error)
        .map(|(_, p, _)| p)
        .collect()
}

const HEAD: &str = "Parameters:
  Subnets: {Type: 'List<AWS::EC2::Subnet::Id>'}
  Csv: {Type: CommaDelimitedList}
  Port: {Type: Number}
  Text: {Type: String}
  Ssm: {Type: 'AWS::SSM::Parameter::Value<List<String>>'}
Resources:
  Role: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {}}}
  Logs: {Type: AWS::Logs::LogGroup}
  Queue: {Type: AWS::SQS::Queue}
  Topic: {Type: AWS::SNS::Topic}
  Api: {Type: AWS::ApiGatewayV2::Api, Properties: {Name: a, ProtocolType: HTTP}}
";

fn with(resources: &str) -> String {
    format!("{HEAD}{resources}")
}

#[test]
fn names_ids_and_urls_where_an_arn_is_needed() {
    let text = with(
        "  I1: {Type: AWS::ApiGatewayV2::Integration, Properties: {ApiId: !Ref Api, IntegrationType: HTTP_PROXY, IntegrationUri: 'https://example.com', IntegrationMethod: GET, PayloadFormatVersion: '1.0', CredentialsArn: !Ref Role}}
  I2: {Type: AWS::ApiGatewayV2::Integration, Properties: {ApiId: !Ref Api, IntegrationType: HTTP_PROXY, IntegrationUri: 'https://example.com', IntegrationMethod: GET, PayloadFormatVersion: '1.0', CredentialsArn: !GetAtt Queue.QueueUrl}}
  I3: {Type: AWS::ApiGatewayV2::Integration, Properties: {ApiId: !Ref Api, IntegrationType: HTTP_PROXY, IntegrationUri: 'https://example.com', IntegrationMethod: GET, PayloadFormatVersion: '1.0', CredentialsArn: !Ref Port}}
  Ok1: {Type: AWS::ApiGatewayV2::Integration, Properties: {ApiId: !Ref Api, IntegrationType: HTTP_PROXY, IntegrationUri: 'https://example.com', IntegrationMethod: GET, PayloadFormatVersion: '1.0', CredentialsArn: !GetAtt Role.Arn}}
  Ok2: {Type: AWS::ApiGatewayV2::Integration, Properties: {ApiId: !Ref Api, IntegrationType: HTTP_PROXY, IntegrationUri: 'https://example.com', IntegrationMethod: GET, PayloadFormatVersion: '1.0', CredentialsArn: !Ref Text}}
  S: {Type: AWS::ApiGatewayV2::Stage, Properties: {ApiId: !Ref Api, StageName: s, AccessLogSettings: {DestinationArn: !Ref Logs, Format: '$context.requestId'}}}
",
    );
    assert_eq!(
        errors_of(&text, "value-kind"),
        [
            "/Resources/I1/Properties/CredentialsArn",
            "/Resources/I2/Properties/CredentialsArn",
            "/Resources/I3/Properties/CredentialsArn",
            "/Resources/S/Properties/AccessLogSettings/DestinationArn",
        ]
    );
    let finding = validate::validate_bytes(text.as_bytes())
        .unwrap()
        .into_iter()
        .find(|f| f.path == "/Resources/I1/Properties/CredentialsArn")
        .unwrap();
    assert!(finding.message.contains("a name"), "{}", finding.message);
    // The fix is help, not part of the message.
    assert!(!finding.message.contains("use "), "{}", finding.message);
    assert_eq!(finding.help.as_deref(), Some("use `Fn::GetAtt Role.Arn`"));
}

#[test]
fn lists_and_single_values() {
    let text = with(
        "  L1: {Type: AWS::ApiGatewayV2::VpcLink, Properties: {Name: !Ref Csv, SubnetIds: !Ref Text}}
  L2: {Type: AWS::ApiGatewayV2::VpcLink, Properties: {Name: !Join ['-', !Ref Csv], SubnetIds: [!Ref Subnets]}}
  L3: {Type: AWS::ApiGatewayV2::VpcLink, Properties: {Name: !Select [0, !Ref Csv], SubnetIds: !Ref Subnets, SecurityGroupIds: !Split [',', !Ref Text]}}
  L4: {Type: AWS::ApiGatewayV2::VpcLink, Properties: {Name: !GetAZs '', SubnetIds: !Ref Ssm}}
  L5: {Type: AWS::ApiGatewayV2::VpcLink, Properties: {Name: !If [C, !Ref Csv, x], SubnetIds: !If [C, !Ref Subnets, !Ref AWS::NoValue]}}
",
    );
    assert_eq!(
        errors_of(&text, "value-kind"),
        [
            "/Resources/L1/Properties/Name",
            "/Resources/L1/Properties/SubnetIds",
            "/Resources/L2/Properties/SubnetIds/0",
            "/Resources/L4/Properties/Name",
            "/Resources/L5/Properties/Name/Fn::If/1",
        ]
    );
}

#[test]
fn numbers_forms_and_ids() {
    let text = with(
        "  R1: {Type: AWS::ApiGatewayV2::Route, Properties: {ApiId: !Ref Api, RouteKey: 'GET /', AuthorizationType: !Ref Port}}
  R2: {Type: AWS::ApiGatewayV2::Route, Properties: {ApiId: !Ref Api, RouteKey: 'GET /a', Target: !Ref AWS::AccountId}}
  R3: {Type: AWS::ApiGatewayV2::Route, Properties: {ApiId: !Ref Api, RouteKey: 'GET /b', Target: !Sub 'integrations/${Text}'}}
  D: {Type: AWS::ApiGatewayV2::Deployment, Properties: {ApiId: !GetAtt Api.ApiEndpoint}}
",
    );
    assert_eq!(
        errors_of(&text, "value-kind"),
        [
            "/Resources/R1/Properties/AuthorizationType",
            "/Resources/R2/Properties/Target",
            "/Resources/D/Properties/ApiId",
        ]
    );
}

#[test]
fn unknown_kinds_and_macros_are_not_judged() {
    // A custom resource returns anything; an import, a mapping and a macro are unknown.
    let text = with(
        "  C: {Type: 'Custom::Thing', Properties: {ServiceToken: x}}
  I1: {Type: AWS::ApiGatewayV2::Integration, Properties: {ApiId: !Ref Api, IntegrationType: HTTP_PROXY, IntegrationUri: 'https://example.com', IntegrationMethod: GET, PayloadFormatVersion: '1.0', CredentialsArn: !Ref C}}
  I2: {Type: AWS::ApiGatewayV2::Integration, Properties: {ApiId: !Ref Api, IntegrationType: HTTP_PROXY, IntegrationUri: 'https://example.com', IntegrationMethod: GET, PayloadFormatVersion: '1.0', CredentialsArn: !ImportValue RoleArn}}
",
    );
    assert!(errors_of(&text, "value-kind").is_empty());
    let with_macro = format!(
        "Transform: MyMacro\n{}",
        with(
            "  S: {Type: AWS::ApiGatewayV2::Stage, Properties: {ApiId: !Ref Api, StageName: s, AccessLogSettings: {DestinationArn: !Ref Logs}}}\n"
        )
    );
    assert!(errors_of(&with_macro, "value-kind").is_empty());
}

#[test]
fn case_only_mismatch_of_an_api_model_value_is_a_warning() {
    let text = "Resources:
  D:
    Type: AWS::ApiGatewayV2::DomainName
    Properties:
      DomainName: api.example.com
      DomainNameConfigurations: [{EndpointType: Regional}, {EndpointType: regionalish}]
";
    let found = findings(text);
    let at = |i: usize| {
        found
            .iter()
            .find(|(r, p, _)| {
                r == "allowed-values"
                    && p.ends_with(&format!("DomainNameConfigurations/{i}/EndpointType"))
            })
            .map(|(_, _, s)| *s)
    };
    assert_eq!(at(0), Some(Severity::Warning));
    assert_eq!(at(1), Some(Severity::Error));
}

#[test]
fn evidence_turns_a_contradicted_rule_into_a_cited_warning() {
    let text = with(
        "  I: {Type: AWS::ApiGatewayV2::Integration, Properties: {ApiId: !Ref Api, IntegrationType: MOCK, IntegrationUri: ''}}
",
    );
    let finding = validate::validate_bytes(text.as_bytes())
        .unwrap()
        .into_iter()
        .find(|f| f.rule == "length" && f.path == "/Resources/I/Properties/IntegrationUri")
        .expect("the length finding");
    assert_eq!(finding.severity, Severity::Warning);
    assert!(
        finding
            .message
            .contains("002-aws-cdk-integ-mock-websocket-integration.template.json"),
        "{}",
        finding.message
    );
}

#[test]
fn an_attribute_that_names_another_thing_is_not_the_reference() {
    // A security group's `GroupId` is its `Ref`; its `VpcId` is a VPC's. A domain name's
    // `RegionalDomainName` is not the domain name an API mapping takes.
    let text = "Resources:
  Sg: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: d}}
  Sub: {Type: AWS::EC2::Subnet, Properties: {VpcId: vpc-1, CidrBlock: 10.0.0.0/24}}
  L1: {Type: AWS::ApiGatewayV2::VpcLink, Properties: {Name: a, SubnetIds: [!Ref Sub], SecurityGroupIds: [!GetAtt Sg.GroupId, !Ref Sg, !GetAtt Sg.VpcId]}}
  Api: {Type: AWS::ApiGatewayV2::Api, Properties: {Name: a, ProtocolType: HTTP}}
  Stage: {Type: AWS::ApiGatewayV2::Stage, Properties: {ApiId: !Ref Api, StageName: s}}
  Domain: {Type: AWS::ApiGatewayV2::DomainName, Properties: {DomainName: api.example.com}}
  M1: {Type: AWS::ApiGatewayV2::ApiMapping, Properties: {ApiId: !Ref Api, Stage: !Ref Stage, DomainName: !Ref Domain}}
  M2: {Type: AWS::ApiGatewayV2::ApiMapping, Properties: {ApiId: !Ref Api, Stage: !Ref Stage, DomainName: !GetAtt Domain.RegionalDomainName}}
";
    assert_eq!(
        errors_of(text, "ref-attribute"),
        [
            "/Resources/L1/Properties/SecurityGroupIds/2",
            "/Resources/M2/Properties/DomainName",
        ]
    );
}

#[test]
fn a_json_map_of_strings_in_the_api_model_is_checked_as_one() {
    // `StageVariables` is `Json` in the registry and a map of strings in the API model: a list
    // or an object among its values cannot be sent; numbers are coerced to strings.
    let text = with(
        "  S: {Type: AWS::ApiGatewayV2::Stage, Properties: {ApiId: !Ref Api, StageName: s, StageVariables: {a: x, n: 5, l: !Split [',', 'a,b'], o: {k: v}, t: !Ref Text}}}
",
    );
    assert_eq!(
        errors_of(&text, "value-kind"),
        ["/Resources/S/Properties/StageVariables/l"]
    );
    assert_eq!(
        errors_of(&text, "type"),
        ["/Resources/S/Properties/StageVariables/o"]
    );
}

#[test]
fn references_inside_fn_sub_and_documented_forms_are_judged() {
    // `${X}` alone is `Ref X`; in a field with a documented form (`integrations/{id}`) the one
    // reference of a `Fn::Sub` or `Fn::Join` is the reference.
    let text = with(
        "  I: {Type: AWS::ApiGatewayV2::Integration, Properties: {ApiId: !Ref Api, IntegrationType: HTTP_PROXY, IntegrationUri: 'https://example.com', IntegrationMethod: GET, PayloadFormatVersion: '1.0'}}
  Fn: {Type: AWS::Lambda::Function, Properties: {Role: r, Code: {ZipFile: x}}}
  R1: {Type: AWS::ApiGatewayV2::Route, Properties: {ApiId: !Ref Api, RouteKey: 'GET /1', Target: !Sub 'integrations/${I}'}}
  R2: {Type: AWS::ApiGatewayV2::Route, Properties: {ApiId: !Ref Api, RouteKey: 'GET /2', Target: !Sub 'integrations/${Fn}'}}
  R3: {Type: AWS::ApiGatewayV2::Route, Properties: {ApiId: !Ref Api, RouteKey: 'GET /3', Target: !Join ['/', [integrations, !Ref Fn]]}}
  R4: {Type: AWS::ApiGatewayV2::Route, Properties: {ApiId: !Ref Api, RouteKey: 'GET /4', Target: !Join ['/', [integrations, !Ref I]]}}
  RR: {Type: AWS::ApiGatewayV2::RouteResponse, Properties: {ApiId: !Ref Api, RouteId: !Sub '${I}', RouteResponseKey: $default}}
  I2: {Type: AWS::ApiGatewayV2::Integration, Properties: {ApiId: !Sub '${Api}', IntegrationType: HTTP_PROXY, IntegrationUri: 'https://example.com', IntegrationMethod: GET, PayloadFormatVersion: '1.0', CredentialsArn: !Sub 'arn:aws:iam::${AWS::AccountId}:role/${Role}'}}
",
    );
    assert_eq!(
        errors_of(&text, "ref-type"),
        [
            "/Resources/R2/Properties/Target",
            "/Resources/R3/Properties/Target",
            "/Resources/RR/Properties/RouteId",
        ]
    );
    assert!(errors_of(&text, "ref-attribute").is_empty());
}

#[test]
fn an_open_reference_to_arns_takes_an_arn_or_a_url() {
    // `IntegrationUri` takes a Lambda function's ARN, a listener's ARN or a URL: never a name.
    let text = with(
        "  I1: {Type: AWS::ApiGatewayV2::Integration, Properties: {ApiId: !Ref Api, IntegrationType: HTTP_PROXY, IntegrationMethod: GET, PayloadFormatVersion: '1.0', IntegrationUri: !GetAtt Queue.QueueName}}
  I2: {Type: AWS::ApiGatewayV2::Integration, Properties: {ApiId: !Ref Api, IntegrationType: HTTP_PROXY, IntegrationMethod: GET, PayloadFormatVersion: '1.0', IntegrationUri: !Ref Queue}}
  I3: {Type: AWS::ApiGatewayV2::Integration, Properties: {ApiId: !Ref Api, IntegrationType: HTTP_PROXY, IntegrationMethod: GET, PayloadFormatVersion: '1.0', IntegrationUri: !Ref Topic}}
",
    );
    assert_eq!(
        errors_of(&text, "value-kind"),
        ["/Resources/I1/Properties/IntegrationUri"]
    );
}

#[test]
fn names_do_not_fit_where_relationships_make_an_id_certain() {
    // `SubnetIds` refers to subnets, whose `Ref` is an id: availability-zone names cannot be
    // them. `SecurityGroupIds` is an id only by its name (a security group's `Ref` is its name
    // in a default VPC): names are not judged there.
    let text = with(
        "  L1: {Type: AWS::ApiGatewayV2::VpcLink, Properties: {Name: a, SubnetIds: !GetAZs ''}}
  L2: {Type: AWS::ApiGatewayV2::VpcLink, Properties: {Name: b, SubnetIds: !Ref Subnets, SecurityGroupIds: !GetAZs ''}}
  Svc: {Type: AWS::ServiceDiscovery::Service, Properties: {Name: s}}
  I1: {Type: AWS::ApiGatewayV2::Integration, Properties: {ApiId: !Ref Api, IntegrationType: HTTP_PROXY, IntegrationMethod: ANY, PayloadFormatVersion: '1.0', ConnectionType: VPC_LINK, ConnectionId: !Ref L2, IntegrationUri: !Ref Svc}}
  I2: {Type: AWS::ApiGatewayV2::Integration, Properties: {ApiId: !Ref Api, IntegrationType: HTTP_PROXY, IntegrationMethod: ANY, PayloadFormatVersion: '1.0', ConnectionType: VPC_LINK, ConnectionId: !Ref L2, IntegrationUri: !GetAtt Svc.Arn}}
",
    );
    assert_eq!(
        errors_of(&text, "value-kind"),
        [
            "/Resources/L1/Properties/SubnetIds",
            // A Cloud Map service's `Ref` is its id ("The unique identifier for the service.").
            "/Resources/I1/Properties/IntegrationUri",
        ]
    );
}

#[test]
fn a_misspelt_property_gets_one_suggestion() {
    let finding = |text: &str| {
        validate::validate_bytes(text.as_bytes())
            .unwrap()
            .into_iter()
            .find(|f| f.rule == "unknown-property")
            .expect("an unknown-property finding")
    };
    let stage = "Resources:\n  S:\n    Type: AWS::ApiGatewayV2::Stage\n    Properties:\n      RestApiId: a\n      ApiId: a\n      StageName: s\n";
    let near = finding(stage);
    assert_eq!(near.help.as_deref(), Some("did you mean `ApiId`?"));
    assert_eq!(
        near.message,
        "`RestApiId` is not a property of `AWS::ApiGatewayV2::Stage`"
    );
    // Nothing close: no help, and the known properties are listed instead.
    let far = finding(&stage.replace("RestApiId", "Throttle"));
    assert_eq!(far.help, None);
    assert!(far.message.contains("(known: "), "{}", far.message);
}
