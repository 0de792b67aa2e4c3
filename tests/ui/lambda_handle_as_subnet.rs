// Lambda function handles as a VPC link's subnets (AWS::EC2::Subnet).
use cfn_apigatewayv2::apigatewayv2::VpcLink;
use cfn_apigatewayv2::targets::lambda;
use cfn_apigatewayv2::Handle;

fn main() {
    let function: Handle<lambda::Function> = Handle::new("Handler");
    let _ = VpcLink::new("link", [&function]);
}
