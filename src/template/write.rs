//! [`Template`] → [`Node`].

use super::{
    DependsOn, Output, Parameter, Resource, ResourceProperties, SECTIONS, Template, Transform,
};
use std::collections::HashSet;

use super::keys::{KeyIndex, OrderedMap};
use super::same::restore;
use crate::{Node, NodeError, to_node};

/// A mapping under construction that refuses a key twice (a key set both in a field and in an
/// `other` list).
#[derive(Default)]
struct Mapping {
    entries: OrderedMap<Node>,
}

impl Mapping {
    fn new() -> Self {
        Self::default()
    }

    fn push(&mut self, key: &str, value: Node) -> Result<(), NodeError> {
        match self.entries.push(key.to_owned(), value) {
            Ok(_) => Ok(()),
            Err(_) => Err(NodeError::new(format!("the key `{key}` is set twice"))),
        }
    }

    fn push_opt(&mut self, key: &str, value: Option<Node>) -> Result<(), NodeError> {
        value.map_or(Ok(()), |value| self.push(key, value))
    }

    fn extend(&mut self, other: &[(String, Node)]) -> Result<(), NodeError> {
        other
            .iter()
            .try_for_each(|(key, value)| self.push(key, value.clone()))
    }

    fn finish(self) -> Node {
        Node::from(self.entries.into_entries())
    }
}

/// Runs `write` and places its error under the key `segment` (the message starts with the
/// JSON Pointer of the offending value).
fn under<T>(segment: &str, write: impl FnOnce() -> Result<T, NodeError>) -> Result<T, NodeError> {
    write().map_err(|e| {
        let segment = segment.replace('~', "~0").replace('/', "~1");
        let text = e.to_string();
        match text.starts_with('/') {
            true => NodeError::new(format!("/{segment}{text}")),
            false => NodeError::new(format!("/{segment}: {text}")),
        }
    })
}

fn section<T>(
    section: &super::Section<T>,
    write: impl Fn(&str, &T) -> Result<Node, NodeError>,
) -> Result<Node, NodeError> {
    let mut mapping = Mapping::new();
    for (name, value) in section.iter() {
        mapping.push(name, under(name, || write(name, value))?)?;
    }
    Ok(mapping.finish())
}

impl Template {
    /// The template as a tree: sections in source order (added ones in CloudFormation's
    /// documented order after them), typed resources written through their structs, everything
    /// else as read.
    ///
    /// # Errors
    /// Only for a template built in code with a key set twice (a field and the same key in an
    /// `other` list) or a typed resource whose `type_name` was changed, or a value that cannot
    /// be serialized (a non-finite float).
    pub fn to_node(&self) -> Result<Node, NodeError> {
        let others = KeyIndex::new(&self.other);
        let read: HashSet<&str> = self.order.0.iter().map(String::as_str).collect();
        let added = SECTIONS.iter().filter(|key| !read.contains(*key));
        let mut mapping = Mapping::new();
        for key in self
            .order
            .0
            .iter()
            .map(String::as_str)
            .chain(added.copied())
        {
            let value = under(key, || self.section_node(key, &others))?;
            mapping.push_opt(key, value)?;
        }
        for (key, value) in &self.other {
            if !read.contains(key.as_str()) {
                mapping.push(key, value.clone())?;
            }
        }
        Ok(mapping.finish())
    }

    /// The value of the top-level `key`, if the template has it.
    fn section_node(
        &self,
        key: &str,
        others: &KeyIndex<'_, Node>,
    ) -> Result<Option<Node>, NodeError> {
        Ok(match key {
            "AWSTemplateFormatVersion" => self.format_version.clone(),
            "Description" => self.description.clone(),
            "Metadata" => self.metadata.clone(),
            "Transform" => self.transform.as_ref().map(transform),
            "Parameters" => self
                .parameters
                .as_ref()
                .map(|s| section(s, |_, p| parameter(p)))
                .transpose()?,
            "Rules" => self.rules.clone(),
            "Mappings" => self.mappings.clone(),
            "Conditions" => self
                .conditions
                .as_ref()
                .map(|s| section(s, |_, c| Ok(c.clone())))
                .transpose()?,
            "Resources" => Some(section(&self.resources, |id, r| {
                resource(r, self.read_properties.0.get(id))
            })?),
            "Outputs" => self
                .outputs
                .as_ref()
                .map(|s| section(s, |_, o| output(o)))
                .transpose()?,
            _ => others.get(key).cloned(),
        })
    }
}

fn transform(transform: &Transform) -> Node {
    match transform {
        Transform::Name(name) => Node::from(name.as_str()),
        Transform::Names(names) => Node::from(
            names
                .iter()
                .map(|name| Node::from(name.as_str()))
                .collect::<Vec<_>>(),
        ),
        Transform::Other(node) => node.clone(),
    }
}

fn parameter(parameter: &Parameter) -> Result<Node, NodeError> {
    let mut mapping = Mapping::new();
    mapping.push("Type", Node::from(parameter.type_name.as_str()))?;
    mapping.push_opt("Default", parameter.default.clone())?;
    mapping.push_opt("Description", parameter.description.clone())?;
    mapping.extend(&parameter.other)?;
    Ok(mapping.finish())
}

fn output(output: &Output) -> Result<Node, NodeError> {
    let mut mapping = Mapping::new();
    mapping.push("Value", output.value.clone())?;
    mapping.push_opt("Description", output.description.clone())?;
    mapping.push_opt("Export", output.export.clone())?;
    mapping.push_opt("Condition", output.condition.as_deref().map(Node::from))?;
    mapping.extend(&output.other)?;
    Ok(mapping.finish())
}

/// A resource as a tree: typed properties in the form they were `read` in, where unchanged.
fn resource(resource: &Resource, read: Option<&Node>) -> Result<Node, NodeError> {
    let mut mapping = Mapping::new();
    mapping.push("Type", Node::from(resource.type_name.as_str()))?;
    mapping.push_opt("Condition", resource.condition.as_deref().map(Node::from))?;
    mapping.push_opt("DependsOn", resource.depends_on.as_ref().map(depends_on))?;
    let properties = match &resource.properties {
        ResourceProperties::Typed(typed) if typed.type_name() != resource.type_name => {
            return Err(NodeError::new(format!(
                "the resource has `Type` {} but typed properties of {}",
                resource.type_name,
                typed.type_name()
            )));
        }
        ResourceProperties::Typed(typed) => {
            let mut written = under("Properties", || typed.to_properties())?;
            if let Some(read) = read {
                restore(&mut written, read);
            }
            Some(written)
        }
        ResourceProperties::Verbatim { node, .. } => node.clone(),
    };
    mapping.push_opt("Properties", properties)?;
    mapping.push_opt("Metadata", resource.metadata.clone())?;
    mapping.push_opt("CreationPolicy", resource.creation_policy.clone())?;
    mapping.push_opt("UpdatePolicy", resource.update_policy.clone())?;
    for (key, policy) in [
        ("DeletionPolicy", &resource.deletion_policy),
        ("UpdateReplacePolicy", &resource.update_replace_policy),
    ] {
        mapping.push_opt(key, policy.as_ref().map(to_node).transpose()?)?;
    }
    mapping.extend(&resource.other)?;
    Ok(mapping.finish())
}

fn depends_on(depends_on: &DependsOn) -> Node {
    match depends_on {
        DependsOn::One(id) => Node::from(id.as_str()),
        DependsOn::List(ids) => Node::from(
            ids.iter()
                .map(|id| Node::from(id.as_str()))
                .collect::<Vec<_>>(),
        ),
    }
}
