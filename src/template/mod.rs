//! [`Template`]: a whole CloudFormation template, read from and written to JSON or YAML.
//!
//! Resources of the generated types (`AWS::ApiGatewayV2::*`) are typed
//! ([`ResourceProperties::Typed`]); every other resource, and every generated one whose
//! properties the typed model cannot hold as written, is kept verbatim
//! ([`ResourceProperties::Verbatim`]). The other sections are [`Node`] trees, lightly typed where
//! that is cheap ([`Parameter`], [`Output`], [`Transform`]). So reading never fails or loses data
//! because of what a template's resources contain; only a template whose *structure* is wrong
//! (a resource without `Type`, `Resources` not a mapping, …) is an error.
//!
//! # Round trip
//! [`Template::from_node`] then [`Template::to_node`] gives the same data, scalars included:
//! typed fields read scalars the way CloudFormation does (`"5000"` into an integer field, `1.0`
//! into a string field, `{"Fn::GetAtt": "A.B"}` as `["A", "B"]`), and writing gives every value
//! that is still the same data the form it was read in (its kind and text: `10` in a `Double`
//! field stays `10`, `"5000"` stays a string; `Fn::GetAtt` its form; mappings their key order).
//! Only values changed since reading are written as their struct writes them. Nothing is dropped,
//! added or reordered in a list. This is checked while reading: a generated resource is kept typed
//! only if its typed form writes back as the same data as its input (a `null` property, for one,
//! does not: the typed model has no place for it).
//!
//! # Order
//! Sections, logical ids, parameters, outputs and conditions keep their source order, and so does
//! everything kept as a [`Node`]. Sections and entries added by the authoring methods go after
//! those read (sections in the order CloudFormation documents them). The keys of a resource,
//! parameter or output are written in a fixed order (`Type` first, the other keys last).
//!
//! # Authoring
//! ```
//! use cfn_apigatewayv2::apigatewayv2::Api;
//! use cfn_apigatewayv2::template::{Output, Parameter, Template};
//! use cfn_apigatewayv2::Value;
//!
//! let mut template = Template::new();
//! let name: Value<String> = template.add_parameter("ApiName", Parameter::new("String"))?;
//! let api = template.add_resource("Api", Api {
//!     name: Some(name),
//!     protocol_type: Some("HTTP".into()),
//!     ..Api::new()
//! })?;
//! template.add_output("Endpoint", Output::new(api.api_endpoint()))?;
//! assert!(template.add_resource("Api", Api::new()).is_err()); // logical ids are unique
//! assert_eq!(template.resource::<Api>("Api").and_then(|a| a.protocol_type.clone()),
//!            Some("HTTP".into()));
//! # Ok::<(), cfn_apigatewayv2::template::TemplateError>(())
//! ```

use std::collections::HashMap;
use std::fmt;

use crate::{Handle, Intrinsic, Node, NodeError, ResourceType, Span, TypedResource, Value};

mod keys;
mod read;
mod resource;
mod same;
mod section;
mod write;

pub use resource::{DependsOn, Resource, ResourceProperties};
pub use section::Section;

pub(crate) use same::difference;

/// The top-level keys CloudFormation defines, in the order its documentation lists them (the
/// order in which sections added by authoring are written).
const SECTIONS: [&str; 10] = [
    "AWSTemplateFormatVersion",
    "Description",
    "Metadata",
    "Transform",
    "Parameters",
    "Rules",
    "Mappings",
    "Conditions",
    "Resources",
    "Outputs",
];

/// A CloudFormation template.
///
/// Every section is kept; [`Template::other`] holds top-level keys CloudFormation does not
/// define (e.g. SAM's `Globals`), verbatim.
///
/// Equality compares the data: not the source order of the sections, nor positions (as
/// [`Node`]'s), nor the reasons kept with verbatim properties.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Template {
    /// `AWSTemplateFormatVersion` (`"2010-09-09"`).
    pub format_version: Option<Node>,
    /// `Description`.
    pub description: Option<Node>,
    /// `Metadata`.
    pub metadata: Option<Node>,
    /// `Transform`: the macros to run (e.g. `AWS::Serverless-2016-10-31`).
    pub transform: Option<Transform>,
    /// `Parameters`.
    pub parameters: Option<Section<Parameter>>,
    /// `Rules`.
    pub rules: Option<Node>,
    /// `Mappings`.
    pub mappings: Option<Node>,
    /// `Conditions`: name → condition expression.
    pub conditions: Option<Section<Node>>,
    /// `Resources`, by logical id.
    pub resources: Section<Resource>,
    /// `Outputs`.
    pub outputs: Option<Section<Output>>,
    /// Any other top-level key, verbatim. Must not repeat a key of the fields above.
    pub other: Vec<(String, Node)>,
    /// The top-level keys in source order (empty for a template built in code).
    order: NotData<Vec<String>>,
    /// The `Properties` of the typed resources as read, by logical id: written back in the form
    /// they were read in wherever the typed value is still the same data ([`same::restore`]).
    read_properties: NotData<HashMap<String, Node>>,
}

/// What a value keeps besides its data (source order, the text as read): equal to any other, so
/// that equality compares the data only.
#[derive(Debug, Clone, Default)]
struct NotData<T>(T);

impl<T> PartialEq for NotData<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// The top-level `Transform`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transform {
    /// One macro name: `Transform: AWS::Serverless-2016-10-31`.
    Name(String),
    /// A list of macro names, kept as a list also when it has one item.
    Names(Vec<String>),
    /// Any other shape (e.g. a list holding `{"Name": …, "Parameters": …}`), verbatim.
    Other(Node),
}

impl Transform {
    /// The macro names, in order (none for [`Transform::Other`]).
    pub fn names(&self) -> Vec<&str> {
        match self {
            Transform::Name(name) => vec![name],
            Transform::Names(names) => names.iter().map(String::as_str).collect(),
            Transform::Other(_) => Vec::new(),
        }
    }
}

/// A template parameter. Keys other than `Type`, `Default` and `Description` (`AllowedValues`,
/// `NoEcho`, `MinLength`, …) are in [`Parameter::other`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parameter {
    /// `Type`: `String`, `Number`, `List<Number>`, `AWS::EC2::VPC::Id`, ….
    pub type_name: String,
    /// `Default`.
    pub default: Option<Node>,
    /// `Description`.
    pub description: Option<Node>,
    /// Any other key, verbatim and in order. Must not repeat `Type`, `Default` or `Description`.
    pub other: Vec<(String, Node)>,
}

impl Parameter {
    /// A parameter of type `type_name` (`"String"`, `"Number"`, …) with nothing else set.
    pub fn new(type_name: impl Into<String>) -> Self {
        Parameter {
            type_name: type_name.into(),
            default: None,
            description: None,
            other: Vec::new(),
        }
    }

    /// This parameter with a `Default`.
    pub fn with_default(mut self, default: impl Into<Node>) -> Self {
        self.default = Some(default.into());
        self
    }

    /// This parameter with a `Description`.
    pub fn with_description(mut self, description: impl Into<Node>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// This parameter with another key (`AllowedValues`, `NoEcho`, …).
    pub fn with(mut self, key: impl Into<String>, value: impl Into<Node>) -> Self {
        self.other.push((key.into(), value.into()));
        self
    }
}

/// A template output. Keys other than `Value`, `Description`, `Export` and a string `Condition`
/// are in [`Output::other`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// `Value`.
    pub value: Node,
    /// `Description`.
    pub description: Option<Node>,
    /// `Export` (`{"Name": …}`).
    pub export: Option<Node>,
    /// `Condition`: the name of a condition.
    pub condition: Option<String>,
    /// Any other key, verbatim and in order. Must not repeat the keys above.
    pub other: Vec<(String, Node)>,
}

impl Output {
    /// An output of `value`: a string, or an intrinsic such as `api.api_endpoint()`
    /// (CloudFormation requires outputs to be strings).
    pub fn new(value: impl Into<Value<String>>) -> Self {
        Output {
            value: value_node(value.into()),
            description: None,
            export: None,
            condition: None,
            other: Vec::new(),
        }
    }

    /// This output with a `Description`.
    pub fn with_description(mut self, description: impl Into<Node>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// This output exported as `name`: `"Export": {"Name": name}`.
    pub fn with_export(mut self, name: impl Into<Value<String>>) -> Self {
        self.export = Some(Node::from(vec![(
            "Name".to_owned(),
            value_node(name.into()),
        )]));
        self
    }
}

/// A string or function as a node.
fn value_node(value: Value<String>) -> Node {
    match value {
        Value::Literal(literal) => literal.into(),
        Value::Intrinsic(intrinsic) => Node::from(*intrinsic),
    }
}

/// What went wrong reading or building a [`Template`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// The text is not JSON or YAML (or not one the readers accept: duplicate keys, …).
    Syntax(crate::syntax::ParseError),
    /// The tree is not shaped like a template: a section or a resource of the wrong kind, a
    /// resource without `Type`, ….
    Structure {
        /// The JSON Pointer of the offending value (`/Resources/Api/Type`).
        path: String,
        /// Its position in the source text, or that of its nearest enclosing node that has one.
        span: Option<Span>,
        /// What is wrong.
        message: String,
    },
    /// Authoring: the name is already taken (logical ids are shared by parameters and
    /// resources).
    Duplicate {
        /// The section, e.g. `Resources`.
        section: &'static str,
        /// The name.
        name: String,
    },
}

impl TemplateError {
    /// Where in the source text the error is, if known.
    pub fn span(&self) -> Option<Span> {
        match self {
            TemplateError::Syntax(e) => Some(e.span()),
            TemplateError::Structure { span, .. } => *span,
            TemplateError::Duplicate { .. } => None,
        }
    }

    /// What is wrong, without the position.
    pub fn message(&self) -> String {
        match self {
            TemplateError::Syntax(e) => e.message.clone(),
            TemplateError::Structure { path, message, .. } if path.is_empty() => message.clone(),
            TemplateError::Structure { path, message, .. } => format!("{path}: {message}"),
            TemplateError::Duplicate { section, name } => {
                format!("`{name}` is already defined (in {section})")
            }
        }
    }
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.span() {
            Some(span) => write!(f, "{span}: {}", self.message()),
            None => f.write_str(&self.message()),
        }
    }
}

impl std::error::Error for TemplateError {}

impl From<crate::syntax::ParseError> for TemplateError {
    fn from(e: crate::syntax::ParseError) -> Self {
        TemplateError::Syntax(e)
    }
}

impl Template {
    /// An empty template (it has an empty `Resources` section and nothing else).
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads a template from JSON or YAML text (detected from the content; see
    /// [`crate::syntax::parse`]).
    pub fn parse(text: &[u8]) -> Result<Self, TemplateError> {
        let (node, _format) = crate::syntax::parse(text)?;
        Self::from_node(&node)
    }

    /// The template as JSON, intrinsics in long form (`{"Ref": …}`).
    pub fn to_json(&self) -> Result<String, NodeError> {
        Ok(crate::syntax::to_json(&self.to_node()?))
    }

    /// The template as YAML, intrinsics as short tags (`!Ref …`).
    pub fn to_yaml(&self) -> Result<String, NodeError> {
        Ok(crate::syntax::to_yaml(&self.to_node()?))
    }

    /// Adds a resource of a generated type as `logical_id`, and returns its handle (for `Ref`
    /// and `Fn::GetAtt`).
    ///
    /// # Errors
    /// [`TemplateError::Duplicate`] if a resource or parameter is already called `logical_id`
    /// (the template is unchanged).
    pub fn add_resource<R: ResourceType<Typed = TypedResource>>(
        &mut self,
        logical_id: impl Into<String>,
        resource: R,
    ) -> Result<Handle<R>, TemplateError> {
        let logical_id = logical_id.into();
        self.insert_resource(logical_id.clone(), Resource::typed(resource))?;
        Ok(Handle::new(logical_id))
    }

    /// Adds a resource of a type outside the generated services, kept verbatim with
    /// `properties`, as `logical_id`, and returns its typed handle: a field that refers to that
    /// type accepts it (`Handle<targets::lambda::Function>` for `Integration::with_integration_uri`).
    ///
    /// # Errors
    /// [`TemplateError::Duplicate`] if a resource or parameter is already called `logical_id`
    /// (the template is unchanged).
    pub fn add_verbatim<R: crate::Referable>(
        &mut self,
        logical_id: impl Into<String>,
        properties: Node,
    ) -> Result<Handle<R>, TemplateError> {
        let logical_id = logical_id.into();
        self.insert_resource(
            logical_id.clone(),
            Resource::verbatim(R::TYPE_NAME, properties),
        )?;
        Ok(Handle::new(logical_id))
    }

    /// Adds any resource (a verbatim one, or one with resource attributes) as `logical_id`, and
    /// returns it for further changes.
    ///
    /// # Errors
    /// [`TemplateError::Duplicate`] if a resource or parameter is already called `logical_id`.
    pub fn insert_resource(
        &mut self,
        logical_id: impl Into<String>,
        resource: Resource,
    ) -> Result<&mut Resource, TemplateError> {
        let logical_id = self.check_logical_id(logical_id.into(), "Resources")?;
        let name = logical_id.clone();
        self.resources
            .entries
            .push(logical_id, resource)
            .map_err(|_| TemplateError::Duplicate {
                section: "Resources",
                name,
            })
    }

    /// Adds a parameter, and returns `{"Ref": name}` to use it as a value.
    ///
    /// # Errors
    /// [`TemplateError::Duplicate`] if a resource or parameter is already called `name`.
    pub fn add_parameter<T>(
        &mut self,
        name: impl Into<String>,
        parameter: Parameter,
    ) -> Result<Value<T>, TemplateError> {
        let name = self.check_logical_id(name.into(), "Parameters")?;
        let reference = Intrinsic::reference(name.clone()).into();
        self.parameters
            .get_or_insert_with(Section::new)
            .insert(name, parameter);
        Ok(reference)
    }

    /// Adds an output.
    ///
    /// # Errors
    /// [`TemplateError::Duplicate`] if there is an output called `name`.
    pub fn add_output(
        &mut self,
        name: impl Into<String>,
        output: Output,
    ) -> Result<(), TemplateError> {
        add_unique(&mut self.outputs, "Outputs", name.into(), output)
    }

    /// Adds a condition (`Fn::Equals`, `Fn::And`, …), for resources' `Condition` and `Fn::If`.
    ///
    /// # Errors
    /// [`TemplateError::Duplicate`] if there is a condition called `name`.
    pub fn add_condition(
        &mut self,
        name: impl Into<String>,
        condition: Intrinsic,
    ) -> Result<(), TemplateError> {
        add_unique(
            &mut self.conditions,
            "Conditions",
            name.into(),
            Node::from(condition),
        )
    }

    /// The resource called `logical_id`, if it is a typed `R`.
    pub fn resource<R: ResourceType<Typed = TypedResource>>(&self, logical_id: &str) -> Option<&R> {
        R::from_typed(self.resources.get(logical_id)?.typed_properties()?)
    }

    /// `logical_id`, unless a resource or parameter already has it.
    fn check_logical_id(
        &self,
        logical_id: String,
        section: &'static str,
    ) -> Result<String, TemplateError> {
        let taken = self.resources.contains(&logical_id)
            || self
                .parameters
                .as_ref()
                .is_some_and(|p| p.contains(&logical_id));
        match taken {
            true => Err(TemplateError::Duplicate {
                section,
                name: logical_id,
            }),
            false => Ok(logical_id),
        }
    }
}

/// Adds `value` as `name` to an optional section, unless the name is taken.
fn add_unique<T>(
    section: &mut Option<Section<T>>,
    section_name: &'static str,
    name: String,
    value: T,
) -> Result<(), TemplateError> {
    let section = section.get_or_insert_with(Section::new);
    if section.contains(&name) {
        return Err(TemplateError::Duplicate {
            section: section_name,
            name,
        });
    }
    section.insert(name, value);
    Ok(())
}
