//! What every generated resource type has in common.

/// A resource type a template can declare and a [`crate::Handle`] can point at: every generated
/// resource type, and the types outside the generated services that generated fields refer to
/// (`targets::lambda::Function`, kept verbatim in templates).
pub trait Referable {
    /// The CloudFormation type name, e.g. `AWS::ApiGatewayV2::Integration`.
    const TYPE_NAME: &'static str;
    /// The attributes `Fn::GetAtt` accepts for this resource.
    const ATTRIBUTES: &'static [&'static str];
    /// The generated struct with one method per attribute, which [`crate::Handle`] derefs to.
    type Attributes: ResourceAttributes;
}

/// A CloudFormation resource type with its generated Rust struct.
pub trait ResourceType: Referable + serde::Serialize + serde::de::DeserializeOwned + Sized {
    /// The resource's generated table of properties and constraints.
    const SCHEMA: &'static super::schema::ResourceSchema;
    /// The enum of all generated resource types (`crate::TypedResource`).
    type Typed;

    /// Wraps the resource in the enum of all generated resource types.
    fn into_typed(self) -> Self::Typed;

    /// The resource, if `typed` holds one of this type.
    fn from_typed(typed: &Self::Typed) -> Option<&Self>;

    /// The CloudFormation type name, [`Referable::TYPE_NAME`] (for the enums of typed
    /// resources).
    fn type_name(&self) -> &'static str {
        Self::TYPE_NAME
    }

    /// Reads the `Properties` of a resource; `None` unless `type_name` is this type's.
    fn from_properties(
        type_name: &str,
        properties: &super::Node,
    ) -> Option<Result<Box<Self>, super::NodeError>> {
        (type_name == Self::TYPE_NAME)
            .then(|| <Self as serde::Deserialize>::deserialize(properties).map(Box::new))
    }

    /// The resource's `Properties`.
    fn to_properties(&self) -> Result<super::Node, super::NodeError> {
        super::to_node(self)
    }

    /// The generated table of this type, if `type_name` is this type's.
    fn schema_for(type_name: &str) -> Option<&'static super::schema::ResourceSchema> {
        (type_name == Self::TYPE_NAME).then_some(Self::SCHEMA)
    }
}

/// The generated attributes struct of a resource type.
pub trait ResourceAttributes {
    /// The attributes of the resource declared as `logical_id`.
    fn for_logical_id(logical_id: &str) -> Self;
}
