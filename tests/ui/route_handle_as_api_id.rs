// A Route handle where an Integration's ApiId (an AWS::ApiGatewayV2::Api) is wanted.
use cfn_apigatewayv2::apigatewayv2::{Integration, Route};
use cfn_apigatewayv2::Handle;

fn main() {
    let route: Handle<Route> = Handle::new("HelloRoute");
    let _ = Integration::new(&route, "AWS_PROXY");
}
