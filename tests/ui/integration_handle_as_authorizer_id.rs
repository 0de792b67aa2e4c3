// An Integration handle where a Route's AuthorizerId (an AWS::ApiGatewayV2::Authorizer) is wanted.
use cfn_apigatewayv2::apigatewayv2::{Api, Integration, Route};
use cfn_apigatewayv2::Handle;

fn main() {
    let api: Handle<Api> = Handle::new("HttpApi");
    let integration: Handle<Integration> = Handle::new("HelloIntegration");
    let _ = Route::new(&api, "GET /hello").with_authorizer_id(&integration);
}
