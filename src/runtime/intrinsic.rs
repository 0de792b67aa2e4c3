//! [`Intrinsic`]: CloudFormation intrinsic functions, and [`Pseudo`] parameters.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

use super::error::NodeError;
use super::node::{Node, NodeKind};

/// An intrinsic function call, e.g. `{"Ref": "Api"}` or `{"Fn::GetAtt": ["Fn", "Arn"]}`.
///
/// Arguments that may be literals or further function calls are [`Node`]s, kept as written.
/// Arguments CloudFormation requires to be literal strings (logical IDs, condition names,
/// delimiters, a `Fn::Sub` template) are `String`s.
///
/// Reading checks each function's shape (argument count and literal-string positions) and
/// nothing more: whether a `Ref` names something that exists, or how many conditions an
/// `Fn::And` has, is for validation. Writing produces the long JSON form; `Fn::GetAtt` is always
/// written as a list, `["Resource", "Attribute"]`, also when it was read as `"Resource.Attribute"`
/// (CloudFormation treats both alike).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intrinsic {
    /// `{"Ref": name}`: a parameter, resource or pseudo parameter ([`Pseudo`]).
    Ref(String),
    /// `{"Fn::GetAtt": [resource, attribute]}` or `{"Fn::GetAtt": "resource.attribute"}`. The
    /// string form splits at the first `.` (logical IDs have none; attribute names may).
    GetAtt {
        /// The logical ID of the resource.
        resource: String,
        /// The attribute name: a string, or a `Ref` to a parameter.
        attribute: Node,
    },
    /// `{"Fn::Sub": template}` or `{"Fn::Sub": [template, {variables}]}`.
    Sub {
        /// The string with `${...}` placeholders.
        template: String,
        /// The variable map, if the list form was used (an empty one is kept as such).
        variables: Option<Vec<(String, Node)>>,
    },
    /// `{"Fn::Join": [delimiter, values]}`.
    Join {
        /// The delimiter.
        delimiter: String,
        /// The list of values, or a function returning one.
        values: Node,
    },
    /// `{"Fn::Select": [index, list]}`.
    Select {
        /// The index of the item to pick.
        index: Node,
        /// The list, or a function returning one.
        list: Node,
    },
    /// `{"Fn::Split": [delimiter, source]}`.
    Split {
        /// The delimiter.
        delimiter: String,
        /// The string to split.
        source: Node,
    },
    /// `{"Fn::If": [condition, then, otherwise]}`.
    If {
        /// The name of a condition in the template's `Conditions`.
        condition: String,
        /// The value when the condition is true.
        then: Node,
        /// The value when the condition is false.
        otherwise: Node,
    },
    /// `{"Fn::FindInMap": [map, top_key, second_key]}`, optionally with a fourth argument
    /// `{"DefaultValue": default}`.
    FindInMap {
        /// The mapping's name.
        map: Node,
        /// The top-level key.
        top_key: Node,
        /// The second-level key.
        second_key: Node,
        /// The `DefaultValue`, if given.
        default: Option<Node>,
    },
    /// `{"Fn::ImportValue": name}`.
    ImportValue(Node),
    /// `{"Fn::Base64": value}`.
    Base64(Node),
    /// `{"Fn::Cidr": [block, count, bits]}`.
    Cidr {
        /// The CIDR block to split.
        block: Node,
        /// How many CIDRs to generate.
        count: Node,
        /// The number of subnet bits per CIDR.
        bits: Node,
    },
    /// `{"Fn::GetAZs": region}`.
    GetAZs(Node),
    /// `{"Fn::Transform": {"Name": name, "Parameters": parameters}}`.
    Transform {
        /// The macro's name.
        name: String,
        /// The macro's parameters, if given.
        parameters: Option<Node>,
    },
    /// `{"Fn::ToJsonString": value}`.
    ToJsonString(Node),
    /// `{"Fn::Length": list}`.
    Length(Node),
    /// `{"Fn::Equals": [left, right]}`.
    Equals(Node, Node),
    /// `{"Fn::And": [conditions...]}`.
    And(Vec<Node>),
    /// `{"Fn::Or": [conditions...]}`.
    Or(Vec<Node>),
    /// `{"Fn::Not": [condition]}`.
    Not(Node),
    /// `{"Condition": name}`: a reference to a named condition, in condition expressions.
    Condition(String),
    /// Any other `Fn::*` function (e.g. a newer one), kept verbatim.
    Other {
        /// The key, e.g. `Fn::ForEach::Topics`.
        name: String,
        /// Its value.
        args: Node,
    },
}

/// A CloudFormation pseudo parameter, used as `{"Ref": "AWS::Region"}` etc.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pseudo {
    /// `AWS::AccountId`.
    AccountId,
    /// `AWS::NotificationARNs`.
    NotificationARNs,
    /// `AWS::NoValue`: removes the property it is the value of.
    NoValue,
    /// `AWS::Partition`.
    Partition,
    /// `AWS::Region`.
    Region,
    /// `AWS::StackId`.
    StackId,
    /// `AWS::StackName`.
    StackName,
    /// `AWS::URLSuffix`.
    URLSuffix,
}

impl Pseudo {
    /// Every pseudo parameter.
    pub const ALL: [Pseudo; 8] = [
        Pseudo::AccountId,
        Pseudo::NotificationARNs,
        Pseudo::NoValue,
        Pseudo::Partition,
        Pseudo::Region,
        Pseudo::StackId,
        Pseudo::StackName,
        Pseudo::URLSuffix,
    ];

    /// The name a `Ref` uses, e.g. `AWS::Region`.
    pub const fn name(self) -> &'static str {
        match self {
            Pseudo::AccountId => "AWS::AccountId",
            Pseudo::NotificationARNs => "AWS::NotificationARNs",
            Pseudo::NoValue => "AWS::NoValue",
            Pseudo::Partition => "AWS::Partition",
            Pseudo::Region => "AWS::Region",
            Pseudo::StackId => "AWS::StackId",
            Pseudo::StackName => "AWS::StackName",
            Pseudo::URLSuffix => "AWS::URLSuffix",
        }
    }

    /// The pseudo parameter called `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }
}

impl fmt::Display for Pseudo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Intrinsic {
    /// `{"Ref": name}`.
    pub fn reference(name: impl Into<String>) -> Self {
        Intrinsic::Ref(name.into())
    }

    /// `{"Fn::GetAtt": [resource, attribute]}`.
    pub fn get_att(resource: impl Into<String>, attribute: impl Into<String>) -> Self {
        Intrinsic::GetAtt {
            resource: resource.into(),
            attribute: Node::from(attribute.into()),
        }
    }

    /// `{"Fn::Sub": template}`.
    pub fn sub(template: impl Into<String>) -> Self {
        Intrinsic::Sub {
            template: template.into(),
            variables: None,
        }
    }

    /// `{"Ref": "AWS::..."}`.
    pub fn pseudo(pseudo: Pseudo) -> Self {
        Intrinsic::Ref(pseudo.name().to_owned())
    }

    /// The key this function is written with, e.g. `Fn::GetAtt`.
    pub fn name(&self) -> &str {
        match self {
            Intrinsic::Ref(_) => "Ref",
            Intrinsic::GetAtt { .. } => "Fn::GetAtt",
            Intrinsic::Sub { .. } => "Fn::Sub",
            Intrinsic::Join { .. } => "Fn::Join",
            Intrinsic::Select { .. } => "Fn::Select",
            Intrinsic::Split { .. } => "Fn::Split",
            Intrinsic::If { .. } => "Fn::If",
            Intrinsic::FindInMap { .. } => "Fn::FindInMap",
            Intrinsic::ImportValue(_) => "Fn::ImportValue",
            Intrinsic::Base64(_) => "Fn::Base64",
            Intrinsic::Cidr { .. } => "Fn::Cidr",
            Intrinsic::GetAZs(_) => "Fn::GetAZs",
            Intrinsic::Transform { .. } => "Fn::Transform",
            Intrinsic::ToJsonString(_) => "Fn::ToJsonString",
            Intrinsic::Length(_) => "Fn::Length",
            Intrinsic::Equals(..) => "Fn::Equals",
            Intrinsic::And(_) => "Fn::And",
            Intrinsic::Or(_) => "Fn::Or",
            Intrinsic::Not(_) => "Fn::Not",
            Intrinsic::Condition(_) => "Condition",
            Intrinsic::Other { name, .. } => name,
        }
    }

    /// Reads a function call from its long form: a mapping with one key, `Ref`, `Condition` or
    /// `Fn::*` (see [`Node::intrinsic_name`]). Errors name the function and the shape it takes.
    pub fn from_node(node: Node) -> Result<Self, NodeError> {
        let (name, args) = match node.kind {
            NodeKind::Mapping(entries) if node.intrinsic_name().is_some() => {
                let [entry] = <[_; 1]>::try_from(entries).expect("intrinsic_name checked one key");
                entry
            }
            _ => return Err(NodeError::new(format!(
                "expected an intrinsic function (a mapping with the single key `Ref`, `Condition` \
                 or `Fn::...`), found {}",
                node.describe()
            ))
            .at(node.span)),
        };
        let string = |node: Node, role: &str| match node.kind {
            NodeKind::String(s) => Ok(s),
            _ => Err(shape_error(
                &name,
                &format!("a string as the {role}"),
                &node,
            )),
        };
        Ok(match name.as_str() {
            "Ref" => Intrinsic::Ref(string(args, "logical ID or parameter name")?),
            "Condition" => Intrinsic::Condition(string(args, "condition name")?),
            "Fn::GetAtt" => match args.kind {
                NodeKind::String(ref path) => match path.split_once('.') {
                    Some((resource, attribute))
                        if !resource.is_empty() && !attribute.is_empty() =>
                    {
                        Intrinsic::GetAtt {
                            resource: resource.to_owned(),
                            attribute: Node {
                                kind: NodeKind::String(attribute.to_owned()),
                                span: args.span,
                            },
                        }
                    }
                    _ => return Err(shape_error(&name, GET_ATT, &args)),
                },
                _ => {
                    let [resource, attribute] = list(&name, GET_ATT, args)?;
                    Intrinsic::GetAtt {
                        resource: string(resource, "logical ID")?,
                        attribute,
                    }
                }
            },
            "Fn::Sub" => match args.kind {
                NodeKind::String(template) => Intrinsic::Sub {
                    template,
                    variables: None,
                },
                _ => {
                    let [template, variables] = list(&name, SUB, args)?;
                    let variables = match variables.kind {
                        NodeKind::Mapping(entries) => entries,
                        _ => return Err(shape_error(&name, "a mapping of variables", &variables)),
                    };
                    Intrinsic::Sub {
                        template: string(template, "template")?,
                        variables: Some(variables),
                    }
                }
            },
            "Fn::Join" => {
                let [delimiter, values] = list(&name, "[delimiter, [values...]]", args)?;
                Intrinsic::Join {
                    delimiter: string(delimiter, "delimiter")?,
                    values,
                }
            }
            "Fn::Select" => {
                let [index, list] = list(&name, "[index, [values...]]", args)?;
                Intrinsic::Select { index, list }
            }
            "Fn::Split" => {
                let [delimiter, source] = list(&name, "[delimiter, source string]", args)?;
                Intrinsic::Split {
                    delimiter: string(delimiter, "delimiter")?,
                    source,
                }
            }
            "Fn::If" => {
                let [condition, then, otherwise] = list(
                    &name,
                    "[condition name, value if true, value if false]",
                    args,
                )?;
                Intrinsic::If {
                    condition: string(condition, "condition name")?,
                    then,
                    otherwise,
                }
            }
            "Fn::FindInMap" => find_in_map(&name, args)?,
            "Fn::ImportValue" => Intrinsic::ImportValue(args),
            "Fn::Base64" => Intrinsic::Base64(args),
            "Fn::Cidr" => {
                let [block, count, bits] = list(&name, "[ip block, count, cidr bits]", args)?;
                Intrinsic::Cidr { block, count, bits }
            }
            "Fn::GetAZs" => Intrinsic::GetAZs(args),
            "Fn::Transform" => transform(&name, args)?,
            "Fn::ToJsonString" => Intrinsic::ToJsonString(args),
            "Fn::Length" => Intrinsic::Length(args),
            "Fn::Equals" => {
                let [left, right] = list(&name, "[value, value]", args)?;
                Intrinsic::Equals(left, right)
            }
            "Fn::And" => Intrinsic::And(sequence(&name, "[condition, ...]", args)?),
            "Fn::Or" => Intrinsic::Or(sequence(&name, "[condition, ...]", args)?),
            "Fn::Not" => {
                let [condition] = list(&name, "[condition]", args)?;
                Intrinsic::Not(condition)
            }
            _ => Intrinsic::Other { name, args },
        })
    }
}

const GET_ATT: &str = "\"LogicalId.Attribute\" or [LogicalId, Attribute]";
const SUB: &str = "a template string or [template string, {variables}]";

fn shape_error(name: &str, shape: &str, found: &Node) -> NodeError {
    NodeError::new(format!(
        "{name} expects {shape}, found {}",
        found.describe()
    ))
    .at(found.span)
}

fn sequence(name: &str, shape: &str, args: Node) -> Result<Vec<Node>, NodeError> {
    match args.kind {
        NodeKind::Sequence(items) => Ok(items),
        _ => Err(shape_error(name, shape, &args)),
    }
}

/// The arguments as exactly `N` items.
fn list<const N: usize>(name: &str, shape: &str, args: Node) -> Result<[Node; N], NodeError> {
    let span = args.span;
    let items = sequence(name, shape, args)?;
    <[Node; N]>::try_from(items).map_err(|items| {
        shape_error(
            name,
            shape,
            &Node {
                kind: NodeKind::Sequence(items),
                span,
            },
        )
    })
}

fn find_in_map(name: &str, args: Node) -> Result<Intrinsic, NodeError> {
    const SHAPE: &str = "[MapName, TopLevelKey, SecondLevelKey] with an optional fourth item \
                         {\"DefaultValue\": value}";
    let span = args.span;
    let mut items = sequence(name, SHAPE, args)?;
    let default = match items.len() {
        3 => None,
        4 => match items.pop().map(|node| node.kind) {
            Some(NodeKind::Mapping(entries))
                if entries.len() == 1 && entries[0].0 == "DefaultValue" =>
            {
                entries.into_iter().next().map(|(_, value)| value)
            }
            _ => return Err(NodeError::new(format!("{name} expects {SHAPE}")).at(span)),
        },
        _ => {
            return Err(shape_error(
                name,
                SHAPE,
                &Node {
                    kind: NodeKind::Sequence(items),
                    span,
                },
            ));
        }
    };
    let [map, top_key, second_key] = <[Node; 3]>::try_from(items).expect("three items checked");
    Ok(Intrinsic::FindInMap {
        map,
        top_key,
        second_key,
        default,
    })
}

fn transform(name: &str, args: Node) -> Result<Intrinsic, NodeError> {
    const SHAPE: &str = "{\"Name\": macro name, \"Parameters\": {...}}";
    let span = args.span;
    let (mut macro_name, mut parameters) = (None, None);
    for (key, value) in mapping(name, SHAPE, args)? {
        match (key.as_str(), value.kind) {
            ("Name", NodeKind::String(s)) => macro_name = Some(s),
            ("Parameters", kind) => {
                parameters = Some(Node {
                    kind,
                    span: value.span,
                })
            }
            _ => {
                return Err(
                    NodeError::new(format!("{name} expects {SHAPE}, found key `{key}`"))
                        .at(value.span),
                );
            }
        }
    }
    let name =
        macro_name.ok_or_else(|| NodeError::new(format!("{name} expects {SHAPE}")).at(span))?;
    Ok(Intrinsic::Transform { name, parameters })
}

fn mapping(name: &str, shape: &str, args: Node) -> Result<Vec<(String, Node)>, NodeError> {
    match args.kind {
        NodeKind::Mapping(entries) => Ok(entries),
        _ => Err(shape_error(name, shape, &args)),
    }
}

impl From<Intrinsic> for Node {
    /// The long form: `{"Fn::GetAtt": ["R", "A"]}` etc.
    fn from(intrinsic: Intrinsic) -> Node {
        let name = intrinsic.name().to_owned();
        let list = |items: Vec<Node>| Node::from(items);
        let args = match intrinsic {
            Intrinsic::Ref(name) | Intrinsic::Condition(name) => Node::from(name),
            Intrinsic::GetAtt {
                resource,
                attribute,
            } => list(vec![resource.into(), attribute]),
            Intrinsic::Sub {
                template,
                variables: None,
            } => Node::from(template),
            Intrinsic::Sub {
                template,
                variables: Some(variables),
            } => list(vec![template.into(), variables.into()]),
            Intrinsic::Join { delimiter, values } => list(vec![delimiter.into(), values]),
            Intrinsic::Select {
                index,
                list: values,
            } => list(vec![index, values]),
            Intrinsic::Split { delimiter, source } => list(vec![delimiter.into(), source]),
            Intrinsic::If {
                condition,
                then,
                otherwise,
            } => list(vec![condition.into(), then, otherwise]),
            Intrinsic::FindInMap {
                map,
                top_key,
                second_key,
                default,
            } => {
                let mut items = vec![map, top_key, second_key];
                items.extend(default.map(|d| Node::from(vec![("DefaultValue".to_owned(), d)])));
                list(items)
            }
            Intrinsic::ImportValue(arg)
            | Intrinsic::Base64(arg)
            | Intrinsic::GetAZs(arg)
            | Intrinsic::ToJsonString(arg)
            | Intrinsic::Length(arg)
            | Intrinsic::Other { args: arg, .. } => arg,
            Intrinsic::Cidr { block, count, bits } => list(vec![block, count, bits]),
            Intrinsic::Transform { name, parameters } => {
                let mut entries = vec![("Name".to_owned(), Node::from(name))];
                entries.extend(parameters.map(|p| ("Parameters".to_owned(), p)));
                Node::from(entries)
            }
            Intrinsic::Equals(left, right) => list(vec![left, right]),
            Intrinsic::And(conditions) | Intrinsic::Or(conditions) => list(conditions),
            Intrinsic::Not(condition) => list(vec![condition]),
        };
        Node::from(vec![(name, args)])
    }
}

impl Serialize for Intrinsic {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Node::from(self.clone()).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Intrinsic {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // The message only: the caller places the error (`&Node` adds the path and span).
        Intrinsic::from_node(Node::deserialize(deserializer)?)
            .map_err(|e| de::Error::custom(e.message()))
    }
}
