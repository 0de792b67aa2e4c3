//! What every generated resource type has in common.

/// A CloudFormation resource type with its generated Rust struct.
pub trait ResourceType: serde::Serialize + serde::de::DeserializeOwned {
    /// The CloudFormation type name, e.g. `AWS::ApiGatewayV2::Integration`.
    const TYPE_NAME: &'static str;
    /// The attributes `Fn::GetAtt` accepts for this resource.
    const ATTRIBUTES: &'static [&'static str];
}
