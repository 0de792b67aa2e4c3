//! [`Node`] → [`Template`].

use std::collections::HashMap;

use serde::Deserialize;

use super::keys::KeyIndex;
use super::{
    DependsOn, Output, Parameter, Resource, ResourceProperties, Section, Template, TemplateError,
    Transform, difference,
};
use crate::{Node, NodeError, NodeKind, TypedResource, Value};

/// Where a value is: its JSON Pointer and its node (for the span).
struct At<'a> {
    path: String,
    node: &'a Node,
}

impl<'a> At<'a> {
    fn child(&self, key: &str, node: &'a Node) -> At<'a> {
        At {
            path: format!(
                "{}/{}",
                self.path,
                key.replace('~', "~0").replace('/', "~1")
            ),
            node,
        }
    }

    fn error(&self, message: impl Into<String>) -> TemplateError {
        TemplateError::Structure {
            path: self.path.clone(),
            span: self.node.span,
            message: message.into(),
        }
    }

    /// The entries, or an error saying that `what` must be a mapping.
    fn mapping(&self, what: &str) -> Result<&'a [(String, Node)], TemplateError> {
        self.node.as_mapping().ok_or_else(|| {
            self.error(format!(
                "{what} must be a mapping, found {}",
                self.node.describe()
            ))
        })
    }
}

impl Template {
    /// Reads a template from its tree.
    ///
    /// # Errors
    /// Only for a tree that is not shaped like a template (with the path and position of the
    /// offending value): the root, `Resources`, `Parameters`, `Conditions` or `Outputs` (or an
    /// entry of these) not a mapping, no `Resources`, a resource or parameter without a string
    /// `Type`, an output without `Value`. What resources contain never makes reading fail.
    pub fn from_node(node: &Node) -> Result<Template, TemplateError> {
        let root = At {
            path: String::new(),
            node,
        };
        let mut template = Template::default();
        let mut has_resources = false;
        for (key, value) in root.mapping("a template")? {
            let at = root.child(key, value);
            template.order.0.push(key.clone());
            match key.as_str() {
                "AWSTemplateFormatVersion" => template.format_version = Some(value.clone()),
                "Description" => template.description = Some(value.clone()),
                "Metadata" => template.metadata = Some(value.clone()),
                "Transform" => template.transform = Some(read_transform(value)),
                "Parameters" => template.parameters = Some(section(&at, read_parameter)?),
                "Rules" => template.rules = Some(value.clone()),
                "Mappings" => template.mappings = Some(value.clone()),
                "Conditions" => template.conditions = Some(section(&at, |at| Ok(at.node.clone()))?),
                "Resources" => {
                    template.resources = section(&at, read_resource)?;
                    template.read_properties.0 = typed_properties(&template.resources, value);
                    has_resources = true;
                }
                "Outputs" => template.outputs = Some(section(&at, read_output)?),
                _ => template.other.push((key.clone(), value.clone())),
            }
        }
        if !has_resources {
            return Err(root.error("a template must have a `Resources` section"));
        }
        Ok(template)
    }
}

/// The `Properties` nodes of the resources that were read typed, by logical id.
fn typed_properties(resources: &Section<Resource>, node: &Node) -> HashMap<String, Node> {
    let nodes = KeyIndex::new(node.as_mapping().unwrap_or_default());
    resources
        .iter()
        .filter(|(_, resource)| resource.typed_properties().is_some())
        .filter_map(|(id, _)| {
            let resource = nodes.get(id)?.as_mapping()?;
            let properties = KeyIndex::new(resource).get("Properties")?;
            Some((id.to_owned(), properties.clone()))
        })
        .collect()
}

/// A section whose entries `read` reads.
fn section<T>(
    at: &At<'_>,
    read: impl Fn(&At<'_>) -> Result<T, TemplateError>,
) -> Result<Section<T>, TemplateError> {
    let what = format!("`{}`", at.path.trim_start_matches('/'));
    let entries = at
        .mapping(&what)?
        .iter()
        .map(|(name, node)| Ok((name.clone(), read(&at.child(name, node))?)))
        .collect::<Result<_, TemplateError>>()?;
    Ok(Section { entries })
}

fn read_transform(node: &Node) -> Transform {
    let names = node.as_sequence().and_then(|items| {
        items
            .iter()
            .map(|item| item.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
    });
    match (node.as_str(), names) {
        (Some(name), _) => Transform::Name(name.to_owned()),
        (None, Some(names)) => Transform::Names(names),
        (None, None) => Transform::Other(node.clone()),
    }
}

/// The string `Type` of a parameter or resource.
fn type_name(at: &At<'_>, entries: &[(String, Node)], what: &str) -> Result<String, TemplateError> {
    let (_, node) = entries
        .iter()
        .find(|(k, _)| k == "Type")
        .ok_or_else(|| at.error(format!("{what} must have a `Type`")))?;
    node.as_str().map(str::to_owned).ok_or_else(|| {
        at.child("Type", node).error(format!(
            "`Type` must be a string, found {}",
            node.describe()
        ))
    })
}

fn read_parameter(at: &At<'_>) -> Result<Parameter, TemplateError> {
    let entries = at.mapping("a parameter")?;
    let mut parameter = Parameter::new(type_name(at, entries, "a parameter")?);
    for (key, value) in entries {
        match key.as_str() {
            "Type" => {}
            "Default" => parameter.default = Some(value.clone()),
            "Description" => parameter.description = Some(value.clone()),
            _ => parameter.other.push((key.clone(), value.clone())),
        }
    }
    Ok(parameter)
}

fn read_output(at: &At<'_>) -> Result<Output, TemplateError> {
    let entries = at.mapping("an output")?;
    let value = entries
        .iter()
        .find_map(|(k, v)| (k == "Value").then_some(v))
        .ok_or_else(|| at.error("an output must have a `Value`"))?;
    let mut output = Output {
        value: value.clone(),
        description: None,
        export: None,
        condition: None,
        other: Vec::new(),
    };
    for (key, value) in entries {
        match (key.as_str(), value.as_str()) {
            ("Value", _) => {}
            ("Description", _) => output.description = Some(value.clone()),
            ("Export", _) => output.export = Some(value.clone()),
            ("Condition", Some(name)) => output.condition = Some(name.to_owned()),
            _ => output.other.push((key.clone(), value.clone())),
        }
    }
    Ok(output)
}

fn read_resource(at: &At<'_>) -> Result<Resource, TemplateError> {
    let entries = at.mapping("a resource")?;
    let type_name = type_name(at, entries, "a resource")?;
    let properties = entries
        .iter()
        .find_map(|(k, v)| (k == "Properties").then_some(v));
    let mut resource =
        Resource::with_properties(&type_name, read_properties(&type_name, properties));
    for (key, value) in entries {
        let fits = match key.as_str() {
            "Type" | "Properties" => true,
            "Condition" => set(&mut resource.condition, value.as_str().map(str::to_owned)),
            "DependsOn" => set(&mut resource.depends_on, read_depends_on(value)),
            "DeletionPolicy" => set(&mut resource.deletion_policy, read_policy(value)),
            "UpdateReplacePolicy" => set(&mut resource.update_replace_policy, read_policy(value)),
            "Metadata" => set(&mut resource.metadata, Some(value.clone())),
            "CreationPolicy" => set(&mut resource.creation_policy, Some(value.clone())),
            "UpdatePolicy" => set(&mut resource.update_policy, Some(value.clone())),
            _ => false,
        };
        if !fits {
            resource.other.push((key.clone(), value.clone()));
        }
    }
    Ok(resource)
}

/// Stores `value` in `field` if there is one; whether there was.
fn set<T>(field: &mut Option<T>, value: Option<T>) -> bool {
    *field = value;
    field.is_some()
}

fn read_depends_on(node: &Node) -> Option<DependsOn> {
    match &node.kind {
        NodeKind::String(id) => Some(DependsOn::One(id.clone())),
        NodeKind::Sequence(items) => items
            .iter()
            .map(|item| item.as_str().map(str::to_owned))
            .collect::<Option<_>>()
            .map(DependsOn::List),
        _ => None,
    }
}

/// A `DeletionPolicy` or `UpdateReplacePolicy`: a string or a function.
fn read_policy(node: &Node) -> Option<Value<String>> {
    match node.kind {
        NodeKind::String(_) | NodeKind::Mapping(_) => Value::deserialize(node).ok(),
        _ => None,
    }
}

/// Typed properties if the type is generated and they read and write back unchanged; else
/// verbatim.
fn read_properties(type_name: &str, node: Option<&Node>) -> ResourceProperties {
    let Some(node) = node else {
        // No `Properties`: stays so. For a generated type, say what an empty one lacks.
        let error =
            TypedResource::from_properties(type_name, &Node::from(Vec::<(String, Node)>::new()))
                .and_then(Result::err);
        return ResourceProperties::Verbatim { node: None, error };
    };
    let error = match TypedResource::from_properties(type_name, node) {
        None => None,
        Some(Err(error)) => Some(error),
        Some(Ok(typed)) => match typed.to_properties() {
            Ok(written) => match difference(node, &written) {
                None => return ResourceProperties::Typed(typed),
                Some((path, span)) => Some(
                    NodeError::new(format!(
                        "`{path}`: the typed properties would not write this back as read"
                    ))
                    .at(span),
                ),
            },
            Err(error) => Some(error),
        },
    };
    ResourceProperties::Verbatim {
        node: Some(node.clone()),
        error,
    }
}
