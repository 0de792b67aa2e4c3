//! [`Resource`]: one entry of `Resources`, its typed or verbatim properties and its attributes.

use crate::{Node, NodeError, ResourceType, TypedResource, Value};

/// A resource: its type, properties and resource attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// `Type`, e.g. `AWS::ApiGatewayV2::Api`. For [`ResourceProperties::Typed`] it must be the
    /// typed resource's type name (writing checks).
    pub type_name: String,
    /// `Properties`.
    pub properties: ResourceProperties,
    /// `Condition`: the name of a condition (a non-string value is kept in `other`).
    pub condition: Option<String>,
    /// `DependsOn` (a value that is neither a string nor a list of strings is kept in `other`).
    pub depends_on: Option<DependsOn>,
    /// `DeletionPolicy`: `Delete`, `Retain`, `RetainExceptOnCreate`, `Snapshot`, or a function
    /// of parameters.
    pub deletion_policy: Option<Value<String>>,
    /// `UpdateReplacePolicy`, like `DeletionPolicy`.
    pub update_replace_policy: Option<Value<String>>,
    /// `Metadata`.
    pub metadata: Option<Node>,
    /// `CreationPolicy`.
    pub creation_policy: Option<Node>,
    /// `UpdatePolicy`.
    pub update_policy: Option<Node>,
    /// Any other key (e.g. SAM's `Connectors`), and a known key whose value does not fit its
    /// field, verbatim and in order. Must not repeat a key of a field that is set.
    pub other: Vec<(String, Node)>,
}

/// The `Properties` of a [`Resource`].
///
/// Equality compares the properties, not the reasons kept with verbatim ones.
#[derive(Debug, Clone)]
pub enum ResourceProperties {
    /// A resource of a generated type, read into its struct.
    Typed(TypedResource),
    /// Properties kept as written: those of a type that is not generated, and those of a
    /// generated type that its struct cannot hold as written (an unknown property, a value of
    /// the wrong type, a `null`, …).
    Verbatim {
        /// The `Properties` value; `None` if the resource has no `Properties` key.
        node: Option<Node>,
        /// For a generated type, why the properties are not typed (paths are relative to
        /// `Properties`); `None` for other types.
        error: Option<NodeError>,
    },
}

impl PartialEq for ResourceProperties {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (ResourceProperties::Typed(a), ResourceProperties::Typed(b)) => a == b,
            (
                ResourceProperties::Verbatim { node: a, .. },
                ResourceProperties::Verbatim { node: b, .. },
            ) => a == b,
            _ => false,
        }
    }
}

/// `DependsOn`: one logical id or a list, remembered as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DependsOn {
    /// `DependsOn: Api`.
    One(String),
    /// `DependsOn: [Api, Route]`, kept as a list also when it has one item.
    List(Vec<String>),
}

impl DependsOn {
    /// The logical ids depended on.
    pub fn ids(&self) -> &[String] {
        match self {
            DependsOn::One(id) => std::slice::from_ref(id),
            DependsOn::List(ids) => ids,
        }
    }
}

impl Resource {
    /// A resource of a generated type, with no resource attributes.
    // With no service feature on, `TypedResource` has no variant, so nothing can call this.
    #[allow(unreachable_code)]
    pub fn typed<R: ResourceType<Typed = TypedResource>>(resource: R) -> Self {
        Self::with_properties(
            R::TYPE_NAME,
            ResourceProperties::Typed(resource.into_typed()),
        )
    }

    /// A resource of any type with `properties` as written (a [`Node`], or `None` for no
    /// `Properties` key), e.g. an `AWS::Lambda::Function`.
    pub fn verbatim(type_name: impl Into<String>, properties: impl Into<Option<Node>>) -> Self {
        Self::with_properties(
            type_name,
            ResourceProperties::Verbatim {
                node: properties.into(),
                error: None,
            },
        )
    }

    pub(super) fn with_properties(
        type_name: impl Into<String>,
        properties: ResourceProperties,
    ) -> Self {
        Resource {
            type_name: type_name.into(),
            properties,
            condition: None,
            depends_on: None,
            deletion_policy: None,
            update_replace_policy: None,
            metadata: None,
            creation_policy: None,
            update_policy: None,
            other: Vec::new(),
        }
    }

    /// This resource, created only if the condition `name` is true.
    pub fn with_condition(mut self, name: impl Into<String>) -> Self {
        self.condition = Some(name.into());
        self
    }

    /// This resource with a `DependsOn`.
    pub fn with_depends_on(mut self, depends_on: DependsOn) -> Self {
        self.depends_on = Some(depends_on);
        self
    }

    /// The typed resource, if it is one.
    pub fn typed_properties(&self) -> Option<&TypedResource> {
        match &self.properties {
            ResourceProperties::Typed(typed) => Some(typed),
            ResourceProperties::Verbatim { .. } => None,
        }
    }
}
