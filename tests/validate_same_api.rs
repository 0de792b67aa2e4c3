//! Same-API consistency (the overlay's `same_api` section): for each link, a template whose
//! resources mix two APIs (the finding's rule id and path), the same template kept in one API
//! (no finding at all), and the cases where what is named cannot be known (silent).

mod validate_support;

use cfn_apigatewayv2::validate::{self, Finding, Severity};
use validate_support::position;

/// A resource `id` of `AWS::ApiGatewayV2::<type_name>` with `properties` (YAML lines).
fn res(id: &str, type_name: &str, properties: &str) -> String {
    let mut out = format!("  {id}:\n    Type: AWS::ApiGatewayV2::{type_name}\n    Properties:\n");
    for line in properties.lines() {
        out.push_str("      ");
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn http(id: &str) -> String {
    res(id, "Api", &format!("Name: {id}\nProtocolType: HTTP"))
}

fn ws(id: &str) -> String {
    res(
        id,
        "Api",
        &format!(
            "Name: {id}\nProtocolType: WEBSOCKET\nRouteSelectionExpression: $request.body.action"
        ),
    )
}

fn doc(resources: &[String]) -> String {
    format!("Resources:\n{}", resources.concat())
}

fn findings(text: &str) -> Vec<Finding> {
    validate::validate_bytes(text.as_bytes())
        .unwrap_or_else(|e| panic!("the template does not parse: {e:?}\n{text}"))
}

/// The findings of this family: (rule, path, severity).
fn ours(text: &str) -> Vec<(&'static str, String, Severity)> {
    findings(text)
        .into_iter()
        .filter(|f| matches!(f.rule, "same-api" | "unknown-name"))
        .map(|f| (f.rule, f.path, f.severity))
        .collect()
}

/// `bad` has exactly one finding of this family, `rule` at `path`, of `severity`; `good` has no
/// finding at all.
#[track_caller]
fn case(rule: &str, path: &str, severity: Severity, bad: &str, good: &str) {
    assert_eq!(
        ours(bad),
        [(rule, path.to_owned(), severity)].map(|(r, p, s)| (r, p, s)),
        "bad template:\n{bad}\nfindings: {:#?}",
        findings(bad)
    );
    let all = findings(good);
    assert!(all.is_empty(), "good template:\n{good}\nfindings: {all:#?}");
}

/// No finding of this family.
#[track_caller]
fn silent(text: &str) {
    assert_eq!(ours(text), [], "template:\n{text}");
}

const HTTP_INTEG: &str = "IntegrationType: HTTP_PROXY\nIntegrationMethod: GET\nIntegrationUri: https://example.com\nPayloadFormatVersion: '1.0'";

fn http_integ(id: &str, api: &str) -> String {
    res(
        id,
        "Integration",
        &format!("ApiId: !Ref {api}\n{HTTP_INTEG}"),
    )
}

fn route(id: &str, api: &str, key: &str, rest: &str) -> String {
    res(
        id,
        "Route",
        &format!("ApiId: !Ref {api}\nRouteKey: {key}\n{rest}"),
    )
}

#[test]
fn route_target_names_an_integration_of_its_api() {
    for target in [
        "Target: !Sub integrations/${Integ}",
        "Target: !Join ['/', [integrations, !Ref Integ]]",
        "Target: !Sub ['integrations/${I}', {I: !Ref Integ}]",
    ] {
        let bad = doc(&[
            http("ApiA"),
            http("ApiB"),
            http_integ("Integ", "ApiB"),
            route("R", "ApiA", "GET /a", target),
        ]);
        let good = bad.replace("ApiId: !Ref ApiB", "ApiId: !Ref ApiA");
        case(
            "same-api",
            "/Resources/R/Properties/Target",
            Severity::Error,
            &bad,
            &good,
        );
    }
}

#[test]
fn the_message_names_both_apis() {
    let text = doc(&[
        http("ApiA"),
        http("ApiB"),
        http_integ("Integ", "ApiB"),
        route("R", "ApiA", "GET /a", "Target: !Sub integrations/${Integ}"),
    ]);
    let found = findings(&text);
    let finding = found.iter().find(|f| f.rule == "same-api").unwrap();
    assert!(
        finding.message.contains("`ApiA`") && finding.message.contains("`ApiB`"),
        "{}",
        finding.message
    );
    assert_eq!(position(finding), "25:15");
}

const WS_AUTH: &str = "Name: a\nAuthorizerType: REQUEST\nAuthorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations\nIdentitySource: [route.request.header.Auth]";

#[test]
fn route_authorizer_is_of_its_api() {
    let bad = doc(&[
        ws("ApiA"),
        ws("ApiB"),
        res(
            "Auth",
            "Authorizer",
            &format!("ApiId: !Ref ApiB\n{WS_AUTH}"),
        ),
        route(
            "R",
            "ApiA",
            "$connect",
            "AuthorizationType: CUSTOM\nAuthorizerId: !Ref Auth",
        ),
    ]);
    let good = bad.replace("ApiId: !Ref ApiB", "ApiId: !Ref ApiA");
    case(
        "same-api",
        "/Resources/R/Properties/AuthorizerId",
        Severity::Error,
        &bad,
        &good,
    );
}

#[test]
fn route_and_integration_responses_are_of_their_api() {
    let bad = doc(&[
        ws("ApiA"),
        ws("ApiB"),
        route("R", "ApiB", "$default", ""),
        res(
            "RR",
            "RouteResponse",
            "ApiId: !Ref ApiA\nRouteId: !Ref R\nRouteResponseKey: $default",
        ),
    ]);
    let good = bad.replace("ApiId: !Ref ApiB", "ApiId: !Ref ApiA");
    case(
        "same-api",
        "/Resources/RR/Properties/RouteId",
        Severity::Error,
        &bad,
        &good,
    );
    let bad = doc(&[
        ws("ApiA"),
        ws("ApiB"),
        res(
            "I",
            "Integration",
            "ApiId: !Ref ApiB\nIntegrationType: MOCK",
        ),
        res(
            "IR",
            "IntegrationResponse",
            "ApiId: !Ref ApiA\nIntegrationId: !Ref I\nIntegrationResponseKey: $default",
        ),
    ]);
    let good = bad.replace("ApiId: !Ref ApiB", "ApiId: !Ref ApiA");
    case(
        "same-api",
        "/Resources/IR/Properties/IntegrationId",
        Severity::Error,
        &bad,
        &good,
    );
}

#[test]
fn stages_and_deployments_are_of_one_api() {
    let bad = doc(&[
        http("ApiA"),
        http("ApiB"),
        res("D", "Deployment", "ApiId: !Ref ApiB"),
        res(
            "S",
            "Stage",
            "ApiId: !Ref ApiA\nStageName: prod\nDeploymentId: !Ref D",
        ),
    ]);
    let good = bad.replace("ApiId: !Ref ApiB", "ApiId: !Ref ApiA");
    case(
        "same-api",
        "/Resources/S/Properties/DeploymentId",
        Severity::Error,
        &bad,
        &good,
    );
    // A deployment's stage, by name: declared only for another API.
    let bad = doc(&[
        http("ApiA"),
        http("ApiB"),
        res("S", "Stage", "ApiId: !Ref ApiB\nStageName: prod"),
        res("D", "Deployment", "ApiId: !Ref ApiA\nStageName: prod"),
    ]);
    let good = bad.replace("ApiId: !Ref ApiB", "ApiId: !Ref ApiA");
    case(
        "same-api",
        "/Resources/D/Properties/StageName",
        Severity::Error,
        &bad,
        &good,
    );
    // A stage of that name in the deployment's API too, or quick create's `$default`: fine.
    silent(&format!(
        "{bad}{}",
        res("S2", "Stage", "ApiId: !Ref ApiA\nStageName: prod")
    ));
    silent(&doc(&[
        res(
            "ApiA",
            "Api",
            "Name: a\nProtocolType: HTTP\nTarget: https://example.com",
        ),
        http("ApiB"),
        res("S", "Stage", "ApiId: !Ref ApiB\nStageName: $default"),
        res("D", "Deployment", "ApiId: !Ref ApiA\nStageName: $default"),
    ]));
}

#[test]
fn api_mappings_map_a_stage_of_their_api() {
    let mapping = |stage: &str| {
        res(
            "M",
            "ApiMapping",
            &format!("ApiId: !Ref ApiA\nDomainName: api.example.com\nStage: {stage}"),
        )
    };
    for stage in ["!Ref S", "prod"] {
        let bad = doc(&[
            http("ApiA"),
            http("ApiB"),
            res("S", "Stage", "ApiId: !Ref ApiB\nStageName: prod"),
            mapping(stage),
        ]);
        let good = bad.replace("ApiId: !Ref ApiB", "ApiId: !Ref ApiA");
        case(
            "same-api",
            "/Resources/M/Properties/Stage",
            Severity::Error,
            &bad,
            &good,
        );
    }
}

#[test]
fn managed_overrides_need_quick_create() {
    let overrides = res("O", "ApiGatewayManagedOverrides", "ApiId: !Ref ApiA");
    let bad = doc(&[http("ApiA"), overrides.clone()]);
    let good = doc(&[
        res(
            "ApiA",
            "Api",
            "Name: a\nProtocolType: HTTP\nTarget: https://example.com",
        ),
        overrides,
    ]);
    case(
        "same-api",
        "/Resources/O/Properties/ApiId",
        Severity::Warning,
        &bad,
        &good,
    );
    // Its route's authorizer is of the API too.
    let quick = "Name: a\nProtocolType: HTTP\nTarget: https://example.com";
    let jwt = "Name: j\nAuthorizerType: JWT\nIdentitySource: [$request.header.Authorization]\nJwtConfiguration:\n  Audience: [a]\n  Issuer: https://example.com";
    let bad = doc(&[
        res("ApiA", "Api", quick),
        http("ApiB"),
        res("Auth", "Authorizer", &format!("ApiId: !Ref ApiB\n{jwt}")),
        res(
            "O",
            "ApiGatewayManagedOverrides",
            "ApiId: !Ref ApiA\nRoute:\n  AuthorizationType: JWT\n  AuthorizerId: !Ref Auth",
        ),
    ]);
    let good = bad.replace("ApiId: !Ref ApiB", "ApiId: !Ref ApiA");
    case(
        "same-api",
        "/Resources/O/Properties/Route/AuthorizerId",
        Severity::Error,
        &bad,
        &good,
    );
}

fn stage_settings(keys: &[&str]) -> String {
    let mut settings = String::from("ApiId: !Ref ApiA\nStageName: prod\nRouteSettings:\n");
    for key in keys {
        settings.push_str(&format!("  {key}:\n    ThrottlingBurstLimit: 1\n"));
    }
    res("S", "Stage", &settings)
}

#[test]
fn route_settings_name_routes_of_the_api() {
    let bad = doc(&[
        http("ApiA"),
        http_integ("I", "ApiA"),
        route("R", "ApiA", "GET /a", "Target: !Sub integrations/${I}"),
        stage_settings(&["GET /a", "GET /missing"]),
    ]);
    let good = bad
        .replace("  GET /missing:\n", "  $default:\n")
        .replace("      RouteKey: GET /a\n", "      RouteKey: $default\n");
    let good = good.replace("  GET /a:\n", "  $default:\n");
    let good = good.replace(
        "        $default:\n          ThrottlingBurstLimit: 1\n        $default:",
        "        $default:",
    );
    case(
        "unknown-name",
        "/Resources/S/Properties/RouteSettings/GET ~1missing",
        Severity::Error,
        &bad,
        &good,
    );
    // A route of another API does not count.
    let other = doc(&[
        http("ApiA"),
        http("ApiB"),
        http_integ("I", "ApiB"),
        route("R", "ApiB", "GET /a", "Target: !Sub integrations/${I}"),
        stage_settings(&["GET /a"]),
    ]);
    assert_eq!(
        ours(&other),
        [(
            "unknown-name",
            "/Resources/S/Properties/RouteSettings/GET ~1a".to_owned(),
            Severity::Error
        )]
    );
}

#[test]
fn quick_create_makes_a_route() {
    let api = |extra: &str| {
        res(
            "ApiA",
            "Api",
            &format!("Name: a\nProtocolType: HTTP\nTarget: https://example.com{extra}"),
        )
    };
    case(
        "unknown-name",
        "/Resources/S/Properties/RouteSettings/GET ~1b",
        Severity::Error,
        &doc(&[api(""), stage_settings(&["$default", "GET /b"])]),
        &doc(&[api(""), stage_settings(&["$default"])]),
    );
    case(
        "unknown-name",
        "/Resources/S/Properties/RouteSettings/$default",
        Severity::Error,
        &doc(&[api("\nRouteKey: GET /q"), stage_settings(&["$default"])]),
        &doc(&[api("\nRouteKey: GET /q"), stage_settings(&["GET /q"])]),
    );
    // The managed stage's route settings, through the overrides.
    let overrides = |key: &str| {
        res(
            "O",
            "ApiGatewayManagedOverrides",
            &format!(
                "ApiId: !Ref ApiA\nStage:\n  RouteSettings:\n    {key}:\n      ThrottlingBurstLimit: 1"
            ),
        )
    };
    case(
        "unknown-name",
        "/Resources/O/Properties/Stage/RouteSettings/GET ~1x",
        Severity::Error,
        &doc(&[api(""), overrides("GET /x")]),
        &doc(&[api(""), overrides("$default")]),
    );
}

#[test]
fn models_are_named_by_their_api() {
    let model = |api: &str| {
        res(
            "M",
            "Model",
            &format!(
                "ApiId: !Ref {api}\nName: Good\nContentType: application/json\nSchema: {{type: object}}"
            ),
        )
    };
    let bad = doc(&[
        ws("ApiA"),
        model("ApiA"),
        route(
            "R",
            "ApiA",
            "$default",
            "ModelSelectionExpression: $request.body.type\nRequestModels:\n  $default: Missing",
        ),
    ]);
    let good = bad.replace("$default: Missing", "$default: Good");
    case(
        "unknown-name",
        "/Resources/R/Properties/RequestModels/$default",
        Severity::Warning,
        &bad,
        &good,
    );
    let bad = doc(&[
        ws("ApiA"),
        ws("ApiB"),
        model("ApiB"),
        route("R", "ApiA", "$default", ""),
        res(
            "RR",
            "RouteResponse",
            "ApiId: !Ref ApiA\nRouteId: !Ref R\nRouteResponseKey: $default\nResponseModels:\n  $default: Good",
        ),
    ]);
    let good = bad.replace("ApiId: !Ref ApiB", "ApiId: !Ref ApiA");
    case(
        "unknown-name",
        "/Resources/RR/Properties/ResponseModels/$default",
        Severity::Warning,
        &bad,
        &good,
    );
}

/// The Route → Integration fault, with `change` applied.
fn mixed(change: impl Fn(String) -> String) -> String {
    change(doc(&[
        http("ApiA"),
        http("ApiB"),
        http_integ("Integ", "ApiB"),
        route("R", "ApiA", "GET /a", "Target: !Sub integrations/${Integ}"),
    ]))
}

#[test]
fn unresolved_apis_are_silent() {
    let parameter = "Parameters:\n  P:\n    Type: String\n";
    let conditions = "Conditions:\n  C: !Equals [a, b]\n";
    let route_api = "      ApiId: !Ref ApiA\n      RouteKey";
    for (head, api) in [
        (parameter, "!Ref P"),
        ("", "!ImportValue shared-api"),
        (conditions, "!If [C, !Ref ApiA, !Ref ApiB]"),
        ("", "abc123"),
    ] {
        let text = format!(
            "{head}{}",
            mixed(|t| t.replace(route_api, &format!("      ApiId: {api}\n      RouteKey")))
        );
        silent(&text);
    }
    // Each branch of an Fn::If is judged as the value it may be: the branch naming the other
    // API's integration is reported (under the branch), a literal branch says nothing.
    let branch = format!(
        "{conditions}{}",
        mixed(|t| t.replace(
            "Target: !Sub integrations/${Integ}",
            "Target: !If [C, !Sub 'integrations/${Integ}', integrations/abc]"
        ))
    );
    let found = ours(&branch);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.ends_with("/Target/Fn::If/1"), "{found:?}");
    // A target naming a resource of another stack.
    silent(&mixed(|t| {
        t.replace(
            "Target: !Sub integrations/${Integ}",
            "Target: !Sub ['integrations/${I}', {I: !ImportValue other-integration}]",
        )
    }));
    // Two literal API ids that differ are two APIs.
    let literal = mixed(|t| {
        t.replace("ApiId: !Ref ApiA", "ApiId: aaa")
            .replace("ApiId: !Ref ApiB", "ApiId: bbb")
    });
    assert_eq!(ours(&literal).len(), 1);
}

#[test]
fn names_that_cannot_be_known_are_silent() {
    let base = doc(&[
        http("ApiA"),
        http_integ("I", "ApiA"),
        route("R", "ApiA", "GET /a", "Target: !Sub integrations/${I}"),
        stage_settings(&["GET /missing"]),
    ]);
    assert_eq!(ours(&base).len(), 1);
    // An OpenAPI definition imports routes.
    silent(&base.replace(
        "      ProtocolType: HTTP\n",
        "      ProtocolType: HTTP\n      Body: {openapi: 3.0.1}\n",
    ));
    // A route whose key is not a literal, or whose API is a parameter.
    silent(&format!(
        "Parameters:\n  P:\n    Type: String\n{}",
        base.replace("RouteKey: GET /a", "RouteKey: !Ref P")
    ));
    silent(&format!(
        "Parameters:\n  P:\n    Type: String\n{}{}",
        base,
        route("R2", "P", "GET /b", "")
    ));
    // Transforms add resources.
    silent(&format!("Transform: AWS::Serverless-2016-10-31\n{base}"));
    silent(&format!("Transform: MyMacro\n{}", mixed(|t| t)));
    // SAM does not change what a declared route's target is.
    let sam = format!("Transform: AWS::Serverless-2016-10-31\n{}", mixed(|t| t));
    assert_eq!(ours(&sam).len(), 1);
}

#[test]
fn typed_resources_alone_are_silent() {
    use cfn_apigatewayv2::apigatewayv2::route::Route;
    let route = Route::new("abc", "GET /a").with_target("integrations/xyz");
    let found = validate::validate_resource(&route).unwrap();
    assert!(found.iter().all(|f| f.rule != "same-api"), "{found:#?}");
}
