//! The documented rules (the overlay in `spec/overlay/`): per rule family, templates that break a
//! rule (the finding's rule id and path) and templates that keep it (no error at all). Each
//! template is written from the property's documentation, not from the overlay's text.

use cfn_apigatewayv2::validate::{self, Finding, Severity};

const HTTP_API: &str = "  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      Name: a\n      ProtocolType: HTTP\n";
const WS_API: &str = "  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      Name: a\n      ProtocolType: WEBSOCKET\n      RouteSelectionExpression: $request.body.action\n";

/// A template with `api` (one of the two above, or "") and one more resource `X`.
fn template(api: &str, type_name: &str, properties: &str) -> String {
    let mut body = String::new();
    for line in properties.lines() {
        body.push_str("      ");
        body.push_str(line);
        body.push('\n');
    }
    format!(
        "Resources:\n{api}  X:\n    Type: AWS::ApiGatewayV2::{type_name}\n    Properties:\n{body}"
    )
}

fn findings(text: &str) -> Vec<Finding> {
    validate::validate_bytes(text.as_bytes())
        .unwrap_or_else(|e| panic!("the template does not parse: {e:?}\n{text}"))
}

fn errors(text: &str) -> Vec<(&'static str, String)> {
    findings(text)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.rule, f.path))
        .collect()
}

/// `bad` has exactly one error, `rule` at `path` (relative to `X`'s properties); `good` none.
#[track_caller]
fn case(rule: &str, path: &str, bad: String, good: String) {
    let expected = format!("/Resources/X/Properties/{path}");
    let found = errors(&bad);
    assert_eq!(
        found,
        [(rule, expected.clone())].map(|(r, p)| (r, p)),
        "bad template:\n{bad}\nfindings: {:#?}",
        findings(&bad)
    );
    let found = errors(&good);
    assert!(
        found.is_empty(),
        "good template:\n{good}\nfindings: {:#?}",
        findings(&good)
    );
}

const INTEG: &str = "ApiId: !Ref Api\n";

#[test]
fn protocol_only_properties() {
    // "Supported only for WebSocket APIs."
    case(
        "protocol",
        "PassthroughBehavior",
        template(
            HTTP_API,
            "Integration",
            &format!(
                "{INTEG}IntegrationType: HTTP_PROXY\nIntegrationUri: https://example.com\nIntegrationMethod: GET\nPayloadFormatVersion: '1.0'\nPassthroughBehavior: NEVER"
            ),
        ),
        template(
            WS_API,
            "Integration",
            &format!(
                "{INTEG}IntegrationType: HTTP\nIntegrationUri: https://example.com\nIntegrationMethod: GET\nPassthroughBehavior: NEVER"
            ),
        ),
    );
    // "Supported only for HTTP APIs."
    case(
        "protocol",
        "CorsConfiguration",
        template(
            "",
            "Api",
            "Name: a\nProtocolType: WEBSOCKET\nRouteSelectionExpression: $request.body.action\nCorsConfiguration:\n  AllowOrigins: ['*']",
        ),
        template(
            "",
            "Api",
            "Name: a\nProtocolType: HTTP\nCorsConfiguration:\n  AllowOrigins: ['*']",
        ),
    );
    case(
        "protocol",
        "ClientCertificateId",
        template(
            HTTP_API,
            "Stage",
            "ApiId: !Ref Api\nStageName: prod\nClientCertificateId: abc",
        ),
        template(
            WS_API,
            "Stage",
            "ApiId: !Ref Api\nStageName: prod\nClientCertificateId: abc",
        ),
    );
    case(
        "protocol",
        "DefaultRouteSettings/LoggingLevel",
        template(
            HTTP_API,
            "Stage",
            "ApiId: !Ref Api\nStageName: prod\nDefaultRouteSettings:\n  LoggingLevel: INFO",
        ),
        template(
            WS_API,
            "Stage",
            "ApiId: !Ref Api\nStageName: prod\nDefaultRouteSettings:\n  LoggingLevel: INFO",
        ),
    );
    // A whole resource type: "creates a route response for a WebSocket API".
    case(
        "protocol",
        "ApiId",
        template(
            HTTP_API,
            "RouteResponse",
            "ApiId: !Ref Api\nRouteId: r\nRouteResponseKey: $default",
        ),
        template(
            WS_API,
            "RouteResponse",
            "ApiId: !Ref Api\nRouteId: r\nRouteResponseKey: $default",
        ),
    );
}

#[test]
fn protocol_dependent_values() {
    // "Custom timeout between 50 and 29,000 milliseconds for WebSocket APIs and between 50 and
    // 30,000 milliseconds for HTTP APIs."
    let integ = |api, timeout| {
        template(
            api,
            "Integration",
            &format!(
                "{INTEG}IntegrationType: HTTP_PROXY\nIntegrationUri: https://example.com\nIntegrationMethod: ANY\nPayloadFormatVersion: '1.0'\nTimeoutInMillis: {timeout}"
            ),
        )
    };
    case(
        "protocol",
        "TimeoutInMillis",
        integ(WS_API, 29001).replace("      PayloadFormatVersion: '1.0'\n", ""),
        integ(HTTP_API, 29001),
    );
    case(
        "protocol",
        "AuthorizerType",
        template(
            WS_API,
            "Authorizer",
            "ApiId: !Ref Api\nName: a\nAuthorizerType: JWT\nIdentitySource: [$request.header.Authorization]",
        ),
        template(
            HTTP_API,
            "Authorizer",
            "ApiId: !Ref Api\nName: a\nAuthorizerType: JWT\nIdentitySource: [$request.header.Authorization]\nJwtConfiguration:\n  Audience: [a]\n  Issuer: https://example.com",
        ),
    );
    // `AWS`, `HTTP` and `MOCK` integrations: "Supported only for WebSocket APIs."
    case(
        "protocol",
        "IntegrationType",
        template(
            HTTP_API,
            "Integration",
            &format!("{INTEG}IntegrationType: MOCK\nPayloadFormatVersion: '1.0'"),
        ),
        template(
            WS_API,
            "Integration",
            &format!("{INTEG}IntegrationType: MOCK"),
        ),
    );
}

#[test]
fn protocol_unknown_is_silent() {
    // The Api's protocol comes from a parameter, or the Api is not in the template.
    let parameter = "Parameters:\n  P:\n    Type: String\n";
    let api = "  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      Name: a\n      ProtocolType: !Ref P\n";
    let text = format!(
        "{parameter}{}",
        template(
            api,
            "Integration",
            &format!(
                "{INTEG}IntegrationType: MOCK\nTimeoutInMillis: 29500\nPassthroughBehavior: NEVER"
            )
        )
    );
    assert_eq!(errors(&text), []);
    let text = template(
        "",
        "Integration",
        "ApiId: abc123\nIntegrationType: MOCK\nTimeoutInMillis: 29500",
    );
    assert_eq!(errors(&text), []);
}

#[test]
fn requirements_between_properties() {
    // VPC link: "The ID of the VPC link for a private integration."
    case(
        "requires",
        "ConnectionId",
        template(
            HTTP_API,
            "Integration",
            &format!(
                "{INTEG}IntegrationType: HTTP_PROXY\nIntegrationMethod: ANY\nPayloadFormatVersion: '1.0'\nConnectionType: VPC_LINK\nIntegrationUri: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/a/b/c"
            ),
        ),
        template(
            HTTP_API,
            "Integration",
            &format!(
                "{INTEG}IntegrationType: HTTP_PROXY\nIntegrationMethod: ANY\nPayloadFormatVersion: '1.0'\nConnectionType: VPC_LINK\nConnectionId: abc\nIntegrationUri: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/a/b/c"
            ),
        ),
    );
    // "Required for the `JWT` authorizer type."
    case(
        "requires",
        "JwtConfiguration",
        template(
            HTTP_API,
            "Authorizer",
            "ApiId: !Ref Api\nName: a\nAuthorizerType: JWT\nIdentitySource: [$request.header.Authorization]",
        ),
        template(
            HTTP_API,
            "Authorizer",
            "ApiId: !Ref Api\nName: a\nAuthorizerType: JWT\nIdentitySource: [$request.header.Authorization]\nJwtConfiguration:\n  Audience: [a]\n  Issuer: https://example.com",
        ),
    );
    case(
        "requires",
        "JwtConfiguration/Issuer",
        template(
            HTTP_API,
            "Authorizer",
            "ApiId: !Ref Api\nName: a\nAuthorizerType: JWT\nIdentitySource: [$request.header.Authorization]\nJwtConfiguration:\n  Audience: [a]",
        ),
        template(
            HTTP_API,
            "Authorizer",
            "ApiId: !Ref Api\nName: a\nAuthorizerType: JWT\nIdentitySource: [$request.header.Authorization]\nJwtConfiguration:\n  Audience: [a]\n  Issuer: https://example.com",
        ),
    );
    // "Required unless you specify an OpenAPI definition for `Body` or `S3BodyLocation`."
    case(
        "requires",
        "ProtocolType",
        template("", "Api", "Name: a"),
        template("", "Api", "Body:\n  openapi: 3.0.1"),
    );
    // "Required for HTTP APIs." (PayloadFormatVersion)
    case(
        "requires",
        "PayloadFormatVersion",
        template(
            HTTP_API,
            "Integration",
            &format!(
                "{INTEG}IntegrationType: AWS_PROXY\nIntegrationUri: arn:aws:lambda:us-east-1:123456789012:function:f"
            ),
        ),
        template(
            WS_API,
            "Integration",
            &format!(
                "{INTEG}IntegrationType: AWS_PROXY\nIntegrationMethod: POST\nIntegrationUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations"
            ),
        ),
    );
    // Absence through `Fn::If` with `AWS::NoValue` is not certain: silent.
    let text = format!(
        "Conditions:\n  C: !Equals [a, b]\n{}",
        template(
            HTTP_API,
            "Authorizer",
            "ApiId: !Ref Api\nName: a\nAuthorizerType: JWT\nIdentitySource: [$request.header.Authorization]\nJwtConfiguration: !If [C, {Audience: [a], Issuer: b}, !Ref AWS::NoValue]"
        )
    );
    assert_eq!(errors(&text), []);
}

#[test]
fn conflicting_properties() {
    // "Supported only for `REQUEST` authorizers."
    case(
        "conflicts",
        "AuthorizerCredentialsArn",
        template(
            HTTP_API,
            "Authorizer",
            "ApiId: !Ref Api\nName: a\nAuthorizerType: JWT\nIdentitySource: [$request.header.Authorization]\nAuthorizerCredentialsArn: arn:aws:iam::123456789012:role/r\nJwtConfiguration:\n  Audience: [a]\n  Issuer: https://example.com",
        ),
        template(
            HTTP_API,
            "Authorizer",
            "ApiId: !Ref Api\nName: a\nAuthorizerType: REQUEST\nAuthorizerPayloadFormatVersion: '2.0'\nAuthorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations\nAuthorizerCredentialsArn: arn:aws:iam::123456789012:role/r",
        ),
    );
}

#[test]
fn openapi_imports_set_their_ip_address_type_in_the_definition() {
    // "Don’t use IP address type for an HTTP API based on an OpenAPI specification." A warning:
    // the documentation advises, nothing says the template is refused.
    let body = "Body:\n  openapi: 3.0.1\n  info: {title: a, version: '1'}\n  paths: {}\n";
    let s3 = "BodyS3Location:\n  Bucket: b\n  Key: openapi.yaml\n";
    for source in [body, s3] {
        let text = template("", "Api", &format!("{source}IpAddressType: dualstack"));
        let all = findings(&text);
        assert_eq!(all.len(), 1, "{text}\n{all:#?}");
        assert_eq!(
            (all[0].rule, all[0].severity, all[0].path.as_str()),
            (
                "conflicts",
                Severity::Warning,
                "/Resources/X/Properties/IpAddressType"
            )
        );
        let all = findings(&template("", "Api", source));
        assert!(all.is_empty(), "{all:#?}");
    }
    let all = findings(&template(
        "",
        "Api",
        "Name: a\nProtocolType: HTTP\nIpAddressType: dualstack",
    ));
    assert!(all.is_empty(), "{all:#?}");
}

#[test]
fn private_integration_settings_need_a_private_integration() {
    // "The TLS configuration for a private integration." (ConnectionType defaults to INTERNET.)
    let integ = |extra: &str| {
        template(
            HTTP_API,
            "Integration",
            &format!(
                "{INTEG}IntegrationType: HTTP_PROXY\nIntegrationMethod: ANY\nPayloadFormatVersion: '1.0'\n{extra}"
            ),
        )
    };
    case(
        "conflicts",
        "TlsConfig",
        integ("IntegrationUri: https://example.com\nTlsConfig:\n  ServerNameToVerify: example.com"),
        integ(
            "ConnectionType: VPC_LINK\nConnectionId: abc\nIntegrationUri: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/a/b/c\nTlsConfig:\n  ServerNameToVerify: example.com",
        ),
    );
    // A JWT issuer is the identity provider's https URL.
    let jwt = |issuer| {
        template(
            HTTP_API,
            "Authorizer",
            &format!(
                "ApiId: !Ref Api\nName: a\nAuthorizerType: JWT\nIdentitySource: [$request.header.Authorization]\nJwtConfiguration:\n  Audience: [a]\n  Issuer: {issuer}"
            ),
        )
    };
    case(
        "format",
        "JwtConfiguration/Issuer",
        jwt("cognito-idp.us-east-1.amazonaws.com/pool"),
        jwt("https://cognito-idp.us-east-1.amazonaws.com/pool"),
    );
}

#[test]
fn conditional_values() {
    // "For all other integrations, `1.0` is the only supported value."
    let integ = |version| {
        template(
            HTTP_API,
            "Integration",
            &format!(
                "{INTEG}IntegrationType: HTTP_PROXY\nIntegrationUri: https://example.com\nIntegrationMethod: ANY\nPayloadFormatVersion: '{version}'"
            ),
        )
    };
    case(
        "conditional-values",
        "PayloadFormatVersion",
        integ("2.0"),
        integ("1.0"),
    );
    // A warning, not an error: a WebSocket Lambda integration whose method is not POST.
    let text = template(
        WS_API,
        "Integration",
        &format!(
            "{INTEG}IntegrationType: AWS_PROXY\nIntegrationMethod: GET\nIntegrationUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations"
        ),
    );
    let all = findings(&text);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(
        (all[0].rule, all[0].severity),
        ("conditional-values", Severity::Warning)
    );
}

#[test]
fn formats() {
    let route = |key: &str| {
        template(
            HTTP_API,
            "Route",
            &format!("ApiId: !Ref Api\nRouteKey: '{key}'"),
        )
    };
    case(
        "format",
        "RouteKey",
        route("GET pets"),
        route("GET /pets/{id}"),
    );
    case(
        "format",
        "RouteKey",
        route("GET /{proxy+}/x"),
        route("$default"),
    );
    case(
        "format",
        "RouteKey",
        route("FETCH /pets"),
        route("ANY /{proxy+}"),
    );
    // WebSocket route keys are free-form.
    assert_eq!(
        errors(&template(
            WS_API,
            "Route",
            "ApiId: !Ref Api\nRouteKey: sendMessage"
        )),
        []
    );
    // Status-code keys, 200-599.
    let resp = |code| {
        template(
            HTTP_API,
            "Integration",
            &format!(
                "{INTEG}IntegrationType: HTTP_PROXY\nIntegrationUri: https://example.com\nIntegrationMethod: ANY\nPayloadFormatVersion: '1.0'\nResponseParameters:\n  '{code}':\n    ResponseParameters:\n      - Destination: overwrite:statuscode\n        Source: '204'"
            ),
        )
    };
    case("format", "ResponseParameters/600", resp(600), resp(404));
    // Parameter mapping keys of HTTP APIs.
    let mapping = |key| {
        template(
            HTTP_API,
            "Integration",
            &format!(
                "{INTEG}IntegrationType: HTTP_PROXY\nIntegrationUri: https://example.com\nIntegrationMethod: ANY\nPayloadFormatVersion: '1.0'\nRequestParameters:\n  '{key}': $request.header.x"
            ),
        )
    };
    case(
        "format",
        "RequestParameters/header.x",
        mapping("header.x"),
        mapping("append:header.x"),
    );
    // Identity sources per protocol.
    let auth = |api, source| {
        template(
            api,
            "Authorizer",
            &format!(
                "ApiId: !Ref Api\nName: a\nAuthorizerType: REQUEST\nAuthorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations\nIdentitySource: ['{source}']"
            ),
        )
    };
    case(
        "format",
        "IdentitySource/0",
        auth(WS_API, "$request.header.Auth"),
        auth(WS_API, "route.request.header.Auth"),
    );
    // Selection expressions.
    case(
        "protocol",
        "RouteSelectionExpression",
        template(
            "",
            "Api",
            "Name: a\nProtocolType: HTTP\nRouteSelectionExpression: $request.body.action",
        ),
        template(
            "",
            "Api",
            "Name: a\nProtocolType: HTTP\nRouteSelectionExpression: ${request.method} ${request.path}",
        ),
    );
    // ARNs.
    case(
        "format",
        "AuthorizerUri",
        template(
            WS_API,
            "Authorizer",
            "ApiId: !Ref Api\nName: a\nAuthorizerType: REQUEST\nAuthorizerUri: arn:aws:lambda:us-east-1:123456789012:function:f",
        ),
        template(
            WS_API,
            "Authorizer",
            "ApiId: !Ref Api\nName: a\nAuthorizerType: REQUEST\nAuthorizerUri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:f/invocations",
        ),
    );
    case(
        "format",
        "DomainName",
        template("", "DomainName", "DomainName: Api.Example.com"),
        template("", "DomainName", "DomainName: api.example.com"),
    );
}

#[test]
fn typed_values_go_through_the_same_rules() {
    use cfn_apigatewayv2::apigatewayv2::authorizer::Authorizer;
    let authorizer = Authorizer::new("abc", "JWT", "a");
    let findings = validate::validate_resource(&authorizer).unwrap();
    let rules: Vec<_> = findings.iter().map(|f| (f.rule, f.path.as_str())).collect();
    assert!(
        rules.contains(&("requires", "/Properties/JwtConfiguration")),
        "{rules:?}"
    );
}

#[test]
fn every_documented_format_compiles() {
    for rule in validate::rules::all() {
        for check in rule.checks {
            use cfn_apigatewayv2::schema::Check;
            if let Check::Format(f) | Check::KeyFormat(f) | Check::ValueFormat(f) = check {
                assert!(
                    regex_lite::Regex::new(f.pattern).is_ok(),
                    "format {} does not compile: {}",
                    f.name,
                    f.pattern
                );
            }
        }
    }
    assert!(validate::rules::all().count() > 90);
}

#[test]
fn rule_row_constructors_build_what_the_fields_say() {
    use cfn_apigatewayv2::schema::{Check, Condition, Rule};
    let condition = Condition::via("ApiId", "ProtocolType", &["HTTP"])
        .negated()
        .on_resource()
        .or_default("HTTP");
    assert!(matches!(
        condition,
        Condition::Value {
            via: Some("ApiId"),
            resource_scope: true,
            property: "ProtocolType",
            values: ["HTTP"],
            negate: true,
            default: Some("HTTP"),
        }
    ));
    assert!(matches!(
        Condition::present("Body", false).negated(),
        Condition::Present {
            property: "Body",
            negate: true,
            resource_scope: false
        }
    ));
    static ROW: Rule = Rule::new("format", "AWS::X::Y", &["A", "*"], "B")
        .checks(&[Check::Present])
        .warning()
        .message("m")
        .cite("c");
    assert_eq!(
        (ROW.object, ROW.severity, ROW.url),
        (&["A", "*"][..], Severity::Warning, None)
    );
    assert!(ROW.when.is_empty() && ROW.unless.is_empty());
}
