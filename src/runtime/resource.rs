//! What every generated resource type has in common.

/// A CloudFormation resource type with its generated Rust struct.
pub trait ResourceType: serde::Serialize + serde::de::DeserializeOwned + Sized {
    /// The CloudFormation type name, e.g. `AWS::ApiGatewayV2::Integration`.
    const TYPE_NAME: &'static str;
    /// The attributes `Fn::GetAtt` accepts for this resource.
    const ATTRIBUTES: &'static [&'static str];
    /// The resource's generated table of properties and constraints.
    const SCHEMA: &'static super::schema::ResourceSchema;
    /// The enum of all generated resource types (`crate::TypedResource`).
    type Typed;
    /// The generated struct with one method per attribute, which [`crate::Handle`] derefs to.
    type Attributes: ResourceAttributes;

    /// Wraps the resource in the enum of all generated resource types.
    fn into_typed(self) -> Self::Typed;

    /// The resource, if `typed` holds one of this type.
    fn from_typed(typed: &Self::Typed) -> Option<&Self>;
}

/// The generated attributes struct of a resource type.
pub trait ResourceAttributes {
    /// The attributes of the resource declared as `logical_id`.
    fn for_logical_id(logical_id: &str) -> Self;
}
