//! Typed references between resources: for each of the 17 ApiGatewayV2 properties with
//! relationships (19 target types in all), the exact JSON a handle produces; handles of the
//! wrong type do not compile (`tests/ui/`, run with trybuild).

use cfn_apigatewayv2::apigatewayv2::{
    Api, ApiMapping, Authorizer, Deployment, DomainName, Integration, IntegrationResponse, Model,
    Route, RouteResponse, VpcLink,
};
use cfn_apigatewayv2::targets::{apigateway, ec2, lambda};
use cfn_apigatewayv2::{Handle, Intrinsic, Referable, Value};
use serde_json::{Value as Json, json};

fn property(resource: &impl serde::Serialize, name: &str) -> Json {
    serde_json::to_value(resource).unwrap()[name].clone()
}

fn reference(id: &str) -> Json {
    json!({"Ref": id})
}

#[test]
fn every_relationship_produces_the_expression_its_data_asks_for() {
    let api: Handle<Api> = Handle::new("HttpApi");
    let integration: Handle<Integration> = Handle::new("Integ");
    let route: Handle<Route> = Handle::new("HelloRoute");
    let authorizer: Handle<Authorizer> = Handle::new("Auth");
    let domain: Handle<DomainName> = Handle::new("Domain");
    let function: Handle<lambda::Function> = Handle::new("Handler");
    let subnet: Handle<ec2::Subnet> = Handle::new("SubnetA");
    let group: Handle<ec2::SecurityGroup> = Handle::new("Group");
    let rest_api: Handle<apigateway::RestApi> = Handle::new("RestApi");
    let legacy_domain: Handle<apigateway::DomainName> = Handle::new("LegacyDomain");
    let arn = json!({"Fn::GetAtt": ["Handler", "Arn"]});

    // 1. Api.Target → AWS::Lambda::Function Arn (its Ref is the function name: GetAtt).
    assert_eq!(property(&Api::new().with_target(&function), "Target"), arn);
    // 2, 3. ApiMapping.ApiId → v2 Api or REST API; ApiMapping.DomainName → v2 or v1 domain.
    let mapping = ApiMapping::new(&api, &domain, "prod");
    assert_eq!(property(&mapping, "ApiId"), reference("HttpApi"));
    assert_eq!(property(&mapping, "DomainName"), reference("Domain"));
    let legacy = ApiMapping::new(&rest_api, &legacy_domain, "prod");
    assert_eq!(property(&legacy, "ApiId"), reference("RestApi"));
    assert_eq!(property(&legacy, "DomainName"), reference("LegacyDomain"));
    // 4. Authorizer.ApiId.
    let auth = Authorizer::new(&api, "JWT", "auth");
    assert_eq!(property(&auth, "ApiId"), reference("HttpApi"));
    // 5. Deployment.ApiId.
    assert_eq!(
        property(&Deployment::new(&api), "ApiId"),
        reference("HttpApi")
    );
    // 6, 7. Integration.ApiId; Integration.IntegrationUri → Lambda Arn.
    let integ = Integration::new(&api, "AWS_PROXY").with_integration_uri(&function);
    assert_eq!(property(&integ, "ApiId"), reference("HttpApi"));
    assert_eq!(property(&integ, "IntegrationUri"), arn);
    // 8, 9. IntegrationResponse.ApiId and .IntegrationId (Integration's Ref is its id).
    let response = IntegrationResponse::new(&api, &integration, "$default");
    assert_eq!(property(&response, "ApiId"), reference("HttpApi"));
    assert_eq!(property(&response, "IntegrationId"), reference("Integ"));
    // 10. Model.ApiId.
    let model = Model::new(&api, "m", Value::Literal(Default::default()));
    assert_eq!(property(&model, "ApiId"), reference("HttpApi"));
    // 11, 12, 13. Route.ApiId, .AuthorizerId and .Target in its documented form.
    let r = Route::new(&api, "GET /hello")
        .with_authorizer_id(&authorizer)
        .with_target(&integration);
    assert_eq!(property(&r, "ApiId"), reference("HttpApi"));
    assert_eq!(property(&r, "AuthorizerId"), reference("Auth"));
    assert_eq!(
        property(&r, "Target"),
        json!({"Fn::Join": ["", ["integrations/", {"Ref": "Integ"}]]})
    );
    // 14, 15. RouteResponse.ApiId and .RouteId.
    let rr = RouteResponse::new(&api, &route, "$default");
    assert_eq!(property(&rr, "ApiId"), reference("HttpApi"));
    assert_eq!(property(&rr, "RouteId"), reference("HelloRoute"));
    // 16, 17. VpcLink.SubnetIds and .SecurityGroupIds: lists of handles, literals mixed in.
    let link = VpcLink::new("link", [&subnet, &subnet]).with_security_group_ids([group]);
    assert_eq!(
        property(&link, "SubnetIds"),
        json!([{"Ref": "SubnetA"}, {"Ref": "SubnetA"}])
    );
    assert_eq!(
        property(&link, "SecurityGroupIds"),
        json!([{"Ref": "Group"}])
    );
    let literals = VpcLink::new("link", ["subnet-1", "subnet-2"]);
    assert_eq!(
        property(&literals, "SubnetIds"),
        json!(["subnet-1", "subnet-2"])
    );
}

#[test]
fn literals_intrinsics_and_owned_handles_fit_too() {
    let api: Handle<Api> = Handle::new("HttpApi");
    let by_literal = Integration::new("a1b2c3", "MOCK");
    assert_eq!(property(&by_literal, "ApiId"), json!("a1b2c3"));
    let by_intrinsic = Integration::new(Intrinsic::ImportValue("shared-api".into()), "MOCK");
    assert_eq!(
        property(&by_intrinsic, "ApiId"),
        json!({"Fn::ImportValue": "shared-api"})
    );
    let owned = Integration::new(api.clone(), "MOCK");
    assert_eq!(property(&owned, "ApiId"), reference("HttpApi"));
    let list = VpcLink::new("link", Intrinsic::reference("Subnets"));
    assert_eq!(property(&list, "SubnetIds"), reference("Subnets"));
}

#[test]
fn targets_outside_the_service_are_small_typed_handles() {
    assert_eq!(lambda::Function::TYPE_NAME, "AWS::Lambda::Function");
    assert_eq!(
        <ec2::SecurityGroup as Referable>::ATTRIBUTES,
        &["GroupId", "Id", "VpcId"]
    );
    let function: Handle<lambda::Function> = Handle::new("Handler");
    assert_eq!(
        serde_json::to_value(function.arn()).unwrap(),
        json!({"Fn::GetAtt": ["Handler", "Arn"]})
    );
}

#[test]
fn handles_of_the_wrong_type_do_not_compile() {
    trybuild::TestCases::new().compile_fail("tests/ui/*.rs");
}
