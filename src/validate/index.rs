//! One index of what a template declares, built once per validation and shared by every check
//! (references, value kinds, documented rules, same-API links): each name is hashed once.

use super::schema::{Fast, FastSet};
use crate::Node;

/// What a template declares, by name.
pub(crate) struct Index<'a> {
    /// Resource logical id → the resource.
    pub(crate) resources: Fast<&'a str, Declared<'a>>,
    /// Parameter name → its `Type` (`None`: no string `Type`).
    pub(crate) parameters: Fast<&'a str, Option<&'a str>>,
    /// Condition names.
    pub(crate) conditions: FastSet<&'a str>,
}

/// One resource of the template.
#[derive(Clone, Copy)]
pub(crate) struct Declared<'a> {
    /// Its `Type`, when a string.
    pub(crate) type_name: Option<&'a str>,
    /// Its `Properties`, if any.
    pub(crate) properties: Option<&'a Node>,
}

impl<'a> Index<'a> {
    /// Indexes `template`'s `Resources`, `Parameters` and `Conditions`.
    pub(crate) fn of(template: &'a Node) -> Self {
        let entries = |section: &str| {
            template
                .get(section)
                .and_then(Node::as_mapping)
                .unwrap_or_default()
        };
        let resources = entries("Resources");
        let mut by_id = Fast::with_capacity_and_hasher(resources.len(), Default::default());
        by_id.extend(resources.iter().map(|(id, resource)| {
            let declared = Declared {
                type_name: resource.get("Type").and_then(Node::as_str),
                properties: resource.get("Properties"),
            };
            (id.as_str(), declared)
        }));
        Index {
            resources: by_id,
            parameters: entries("Parameters")
                .iter()
                .map(|(name, p)| (name.as_str(), p.get("Type").and_then(Node::as_str)))
                .collect(),
            conditions: entries("Conditions")
                .iter()
                .map(|(name, _)| name.as_str())
                .collect(),
        }
    }

    /// The `Type` of the resource `id`, if it is declared with a string `Type`.
    pub(crate) fn type_of(&self, id: &str) -> Option<&'a str> {
        self.resources.get(id)?.type_name
    }

    /// The name as the template spells it, if `id` is a resource.
    pub(crate) fn resource_name(&self, id: &str) -> Option<&'a str> {
        self.resources.get_key_value(id).map(|(k, _)| *k)
    }
}

/// `Fn::GetAtt`'s arguments, `"Resource.Attribute"` or `[Resource, Attribute]`, as
/// `(resource, attribute)`.
pub(crate) fn get_att_args(args: &Node) -> Option<(&str, &str)> {
    match (args.as_str(), args.as_sequence()) {
        (Some(text), _) => text.split_once('.'),
        (_, Some([resource, attribute])) => Some((resource.as_str()?, attribute.as_str()?)),
        _ => None,
    }
}

/// Whether what `Ref`/`Fn::GetAtt` of a resource of this type returns is fixed by its type: an
/// AWS resource type, except SAM's (the transform makes other resources under the same logical
/// id) and CloudFormation's own (custom resources and stacks return anything).
pub(crate) fn fixed_by_type(type_name: &str) -> bool {
    type_name.starts_with("AWS::")
        && !type_name.starts_with("AWS::Serverless::")
        && !type_name.starts_with("AWS::CloudFormation::")
}
