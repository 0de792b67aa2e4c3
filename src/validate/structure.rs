//! The template's own structure: its top-level sections and the shape of what they declare,
//! as the CloudFormation User Guide documents them. One declarative table (`TEMPLATE`) is
//! walked by one function (`Walker::value`).
//!
//! Sources (AWS CloudFormation User Guide):
//! - template sections, `Resources` the only required one:
//!   <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html>
//! - `AWSTemplateFormatVersion`: "2010-09-09 … is currently the only valid value", a literal
//!   string: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/format-version-structure.html>
//! - `Resources`: logical ids alphanumeric (`A-Za-z0-9`) and unique; every resource has a `Type`:
//!   <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resources-section-structure.html>
//! - `Parameters`: the parameter properties (`AllowedPattern` … `Type`), `Type` required and one
//!   of the supported types, logical ids alphanumeric:
//!   <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html>
//! - `Outputs`: logical ids alphanumeric; `Description` a literal string of 0 to 1024 bytes,
//!   `Value` required, `Export` with a `Name`, `Condition`; at most 200 outputs:
//!   <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/outputs-section-structure.html>
//! - `Mappings`: a mapping name, then keys, each a map of name-value pairs:
//!   <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/mappings-section-structure.html>
//! - `Transform`: one macro, or a list of them:
//!   <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/transform-section-structure.html>
//! - quotas: 200 parameters, 500 resources, 200 outputs, 200 mappings, names of at most 255
//!   characters, a template description of at most 1,024 bytes:
//!   <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html>
//! - `DeletionPolicy` (`Delete`, `Retain`, `RetainExceptOnCreate`, `Snapshot`) and
//!   `UpdateReplacePolicy` (`Delete`, `Retain`, `Snapshot`):
//!   <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html>,
//!   <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-updatereplacepolicy.html>
//!
//! What stays silent: values that are intrinsic function calls, `null` values (except where a
//! value is required), and any mapping with an `Fn::Transform` key (an `AWS::Include` snippet).
//! Under the SAM transform `Globals` is a section and resources may have SAM's own attributes
//! (`Connectors`); under any other transform (a macro may rewrite anything) only the template
//! being a mapping and the `Transform` section itself are judged. Where CloudFormation may accept more than the documentation lists
//! (an `AWS::…` parameter type the list does not have, a number where a description is written)
//! the finding is a warning or nothing.

use super::{Finding, Pointer, Segment, Severity, Transforms};
use crate::{Node, NodeKind};

const STRUCTURE: &str = "template-structure";
const RESOURCE_TYPE: &str = "resource-type";
const RESOURCE_ATTRIBUTE: &str = "resource-attribute";
const DEPENDS_ON: &str = "depends-on";
const PARAMETER: &str = "parameter";
const OUTPUT: &str = "output";

/// What a value must be.
enum Shape {
    /// Anything: only its presence is judged.
    Any,
    /// Text of at most `max` bytes: a string, or a number or boolean (read as its text, as for
    /// string properties).
    Text(Option<usize>),
    /// A string (a name or an identifier), and what `Check` says of it.
    Name(Option<Check>),
    /// A mapping of anything.
    Map,
    /// A macro: its name, or `{Name, Parameters}`.
    NameOrMap,
    /// One value of the shape or a list of them.
    OneOrList(&'static Shape),
    /// A mapping with known keys.
    Record(&'static Record),
    /// A mapping of names to values of one shape.
    Section(&'static Section),
}

/// Judges a string: `None` if it is fine.
type Check = fn(&str) -> Option<(Severity, String)>;

/// A mapping with known keys.
struct Record {
    /// What it is, for messages: "a resource".
    what: &'static str,
    fields: &'static [Field],
    /// The rule for keys that are not among `fields`.
    unknown: &'static str,
    /// The SAM transform adds keys of its own (not judged under it).
    open_under_sam: bool,
}

struct Field {
    key: &'static str,
    rule: &'static str,
    shape: Shape,
    required: bool,
    /// Only valid with the SAM transform (`Globals`).
    sam_only: bool,
}

impl Field {
    const fn new(key: &'static str, rule: &'static str, shape: Shape) -> Self {
        Field {
            key,
            rule,
            shape,
            required: false,
            sam_only: false,
        }
    }

    const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    const fn sam_only(mut self) -> Self {
        self.sam_only = true;
        self
    }
}

/// A mapping of names (logical ids, mapping keys) to values of one shape.
struct Section {
    item: Shape,
    /// The rule for an item of the wrong shape.
    item_rule: &'static str,
    /// Names are logical ids: alphanumeric, at most 255 characters (how bad if not).
    logical_ids: Option<Severity>,
    /// At least one entry.
    non_empty: bool,
    /// At most this many entries.
    max: Option<usize>,
}

impl Section {
    const fn of(item: Shape, item_rule: &'static str) -> Self {
        Section {
            item,
            item_rule,
            logical_ids: None,
            non_empty: false,
            max: None,
        }
    }

    const fn logical_ids(mut self, max: usize, severity: Severity) -> Self {
        self.logical_ids = Some(severity);
        self.max = Some(max);
        self
    }
}

/// The template: its sections and what they hold.
const TEMPLATE: Record = Record {
    what: "a template",
    fields: &[
        Field::new(
            "AWSTemplateFormatVersion",
            STRUCTURE,
            Shape::Name(Some(format_version)),
        ),
        Field::new("Description", STRUCTURE, Shape::Text(Some(1024))),
        Field::new("Metadata", STRUCTURE, Shape::Map),
        Field::new("Transform", STRUCTURE, TRANSFORM),
        Field::new(
            "Parameters",
            STRUCTURE,
            Shape::Section(
                &Section::of(Shape::Record(&PARAMETER_RECORD), PARAMETER)
                    .logical_ids(200, Severity::Error),
            ),
        ),
        Field::new(
            "Rules",
            STRUCTURE,
            Shape::Section(&Section::of(Shape::Map, STRUCTURE)),
        ),
        Field::new("Mappings", STRUCTURE, Shape::Section(&MAPPINGS)),
        Field::new(
            "Conditions",
            STRUCTURE,
            Shape::Section(&Section::of(Shape::Map, STRUCTURE)),
        ),
        Field::new("Resources", STRUCTURE, Shape::Section(&RESOURCES)).required(),
        Field::new(
            "Outputs",
            STRUCTURE,
            Shape::Section(
                &Section::of(Shape::Record(&OUTPUT_RECORD), OUTPUT)
                    .logical_ids(200, Severity::Error),
            ),
        ),
        Field::new("Globals", STRUCTURE, Shape::Map).sam_only(),
    ],
    unknown: STRUCTURE,
    open_under_sam: false,
};

/// One macro or a list of them.
const TRANSFORM: Shape = Shape::OneOrList(&Shape::NameOrMap);

const RESOURCES: Section = Section {
    non_empty: true,
    ..Section::of(Shape::Record(&RESOURCE), RESOURCE_TYPE).logical_ids(500, Severity::Error)
};

/// Mapping name → key → attribute name → value. The documentation shows mapping names as
/// logical names but does not say they must be alphanumeric: a warning.
const MAPPINGS: Section = Section::of(
    Shape::Section(&Section::of(
        Shape::Section(&Section::of(Shape::Any, STRUCTURE)),
        STRUCTURE,
    )),
    STRUCTURE,
)
.logical_ids(200, Severity::Warning);

const RESOURCE: Record = Record {
    what: "a resource",
    fields: &[
        Field::new("Type", RESOURCE_TYPE, Shape::Name(None)).required(),
        Field::new("Properties", RESOURCE_TYPE, Shape::Map),
        Field::new(
            "DependsOn",
            DEPENDS_ON,
            Shape::OneOrList(&Shape::Name(None)),
        ),
        Field::new("Condition", RESOURCE_ATTRIBUTE, Shape::Name(None)),
        Field::new("Metadata", RESOURCE_ATTRIBUTE, Shape::Map),
        Field::new(
            "DeletionPolicy",
            RESOURCE_ATTRIBUTE,
            Shape::Name(Some(deletion_policy)),
        ),
        Field::new(
            "UpdateReplacePolicy",
            RESOURCE_ATTRIBUTE,
            Shape::Name(Some(update_replace_policy)),
        ),
        Field::new("UpdatePolicy", RESOURCE_ATTRIBUTE, Shape::Map),
        Field::new("CreationPolicy", RESOURCE_ATTRIBUTE, Shape::Map),
    ],
    unknown: RESOURCE_ATTRIBUTE,
    open_under_sam: true,
};

const PARAMETER_RECORD: Record = Record {
    what: "a parameter",
    fields: &[
        Field::new("Type", PARAMETER, Shape::Name(Some(parameter_type))).required(),
        Field::new("Default", PARAMETER, Shape::Any),
        Field::new("AllowedValues", PARAMETER, Shape::Any),
        Field::new("AllowedPattern", PARAMETER, Shape::Text(None)),
        Field::new("ConstraintDescription", PARAMETER, Shape::Text(None)),
        Field::new("Description", PARAMETER, Shape::Text(None)),
        Field::new("MaxLength", PARAMETER, Shape::Any),
        Field::new("MinLength", PARAMETER, Shape::Any),
        Field::new("MaxValue", PARAMETER, Shape::Any),
        Field::new("MinValue", PARAMETER, Shape::Any),
        Field::new("NoEcho", PARAMETER, Shape::Any),
    ],
    unknown: PARAMETER,
    open_under_sam: false,
};

const OUTPUT_RECORD: Record = Record {
    what: "an output",
    fields: &[
        Field::new("Description", OUTPUT, Shape::Text(Some(1024))),
        Field::new("Value", OUTPUT, Shape::Any).required(),
        Field::new("Export", OUTPUT, Shape::Record(&EXPORT)),
        Field::new("Condition", OUTPUT, Shape::Name(None)),
    ],
    unknown: OUTPUT,
    open_under_sam: false,
};

const EXPORT: Record = Record {
    what: "an export",
    fields: &[Field::new("Name", OUTPUT, Shape::Any).required()],
    unknown: OUTPUT,
    open_under_sam: false,
};

fn format_version(text: &str) -> Option<(Severity, String)> {
    (text != "2010-09-09").then(|| {
        (
            Severity::Error,
            format!("{text:?} is not a template format version (the only one is \"2010-09-09\")"),
        )
    })
}

fn one_of(text: &str, allowed: &[&str]) -> Option<(Severity, String)> {
    (!allowed.contains(&text)).then(|| {
        (
            Severity::Error,
            format!("{text:?} is not one of {}", allowed.join(", ")),
        )
    })
}

fn deletion_policy(text: &str) -> Option<(Severity, String)> {
    one_of(
        text,
        &["Delete", "Retain", "RetainExceptOnCreate", "Snapshot"],
    )
}

fn update_replace_policy(text: &str) -> Option<(Severity, String)> {
    one_of(text, &["Delete", "Retain", "Snapshot"])
}

/// The documented parameter types: `String`, `Number`, `List<Number>`, `CommaDelimitedList`,
/// the AWS-specific types (and lists of them), `AWS::SSM::Parameter::Name` and
/// `AWS::SSM::Parameter::Value<…>` of a string, a list of strings or an AWS-specific type. An
/// `AWS::…` type the list does not have is a warning (AWS adds types); anything else an error.
fn parameter_type(text: &str) -> Option<(Severity, String)> {
    const AWS_SPECIFIC: &[&str] = &[
        "AWS::EC2::AvailabilityZone::Name",
        "AWS::EC2::Image::Id",
        "AWS::EC2::Instance::Id",
        "AWS::EC2::KeyPair::KeyName",
        "AWS::EC2::SecurityGroup::GroupName",
        "AWS::EC2::SecurityGroup::Id",
        "AWS::EC2::Subnet::Id",
        "AWS::EC2::Volume::Id",
        "AWS::EC2::VPC::Id",
        "AWS::Route53::HostedZone::Id",
    ];
    fn within<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
        text.strip_prefix(prefix)?.strip_suffix('>')
    }
    let aws = |t: &str| {
        AWS_SPECIFIC.contains(&t) || within(t, "List<").is_some_and(|i| AWS_SPECIFIC.contains(&i))
    };
    let known = matches!(
        text,
        "String" | "Number" | "List<Number>" | "CommaDelimitedList" | "AWS::SSM::Parameter::Name"
    ) || aws(text)
        || within(text, "AWS::SSM::Parameter::Value<").is_some_and(|inner| {
            matches!(inner, "String" | "List<String>" | "CommaDelimitedList") || aws(inner)
        });
    if known {
        None
    } else if text.starts_with("AWS::") || text.starts_with("List<AWS::") {
        Some((
            Severity::Warning,
            format!("{text:?} is not a documented AWS-specific parameter type"),
        ))
    } else {
        Some((
            Severity::Error,
            format!(
                "{text:?} is not a parameter type (String, Number, List<Number>, \
                 CommaDelimitedList, an AWS-specific or an SSM parameter type)"
            ),
        ))
    }
}

/// Checks the template's structure. Findings about a key (an unknown key, a logical id that is
/// not alphanumeric) go to `keyed`, at the key's value, to be moved to the key where the text
/// is known; the others to `findings`.
pub(crate) fn check(
    template: &Node,
    transforms: &Transforms,
    keyed: &mut Vec<Finding>,
    findings: &mut Vec<Finding>,
) {
    let mut walker = Walker {
        path: Pointer::default(),
        findings,
        keyed,
        sam: transforms.sam,
    };
    match template.as_mapping() {
        None => {
            let message = format!(
                "a template must be a mapping, found {}",
                template.describe()
            );
            walker.report(template, STRUCTURE, Severity::Error, message);
        }
        Some(_) if transforms.other => {
            if let Some(transform) = template.get("Transform") {
                walker.path.push(Segment::Key("Transform"));
                walker.value(STRUCTURE, &TRANSFORM, transform);
            }
        }
        Some(entries) => walker.record(&TEMPLATE, template, entries),
    }
}

struct Walker<'p, 'f> {
    path: Pointer<'p>,
    findings: &'f mut Vec<Finding>,
    keyed: &'f mut Vec<Finding>,
    sam: bool,
}

impl<'p> Walker<'p, '_> {
    fn report(&mut self, node: &Node, rule: &'static str, severity: Severity, message: String) {
        self.findings.push(Finding {
            path: self.path.render(),
            span: node.span,
            rule,
            severity,
            message,
            help: None,
            source: None,
        });
    }

    /// A finding about the key at the end of the path (placed at its value for now).
    fn report_key(
        &mut self,
        value: &Node,
        rule: &'static str,
        severity: Severity,
        message: String,
    ) {
        self.keyed.push(Finding {
            path: self.path.render(),
            span: value.span,
            rule,
            severity,
            message,
            help: None,
            source: None,
        });
    }

    fn mismatch(&mut self, rule: &'static str, node: &Node, shape: &Shape) {
        let expected = match shape {
            Shape::Any => return,
            Shape::Text(_) | Shape::Name(_) => "a string",
            Shape::Map | Shape::Record(_) => "a mapping",
            Shape::NameOrMap => "a string or a mapping",
            Shape::OneOrList(_) => "a string or a list of strings",
            Shape::Section(s) if s.non_empty => "a non-empty mapping",
            Shape::Section(_) => "a mapping",
        };
        let message = format!("expected {expected}, found {}", node.describe());
        self.report(node, rule, Severity::Error, message);
    }

    /// Judges `node` as a value of `shape`; `rule` names what is wrong with it.
    fn value(&mut self, rule: &'static str, shape: &'static Shape, node: &'p Node) {
        if node.intrinsic_name().is_some() || node.get("Fn::Transform").is_some() {
            return;
        }
        match (shape, &node.kind) {
            (Shape::Any, _) => {}
            (Shape::Text(max), NodeKind::String(text)) => {
                if let Some(max) = max.filter(|&max| text.len() > max) {
                    let message = format!("{} bytes, at most {max} allowed", text.len());
                    self.report(node, rule, Severity::Error, message);
                }
            }
            (Shape::Text(_), NodeKind::Number(_) | NodeKind::Bool(_)) => {}
            (Shape::Name(check), NodeKind::String(text)) => {
                if let Some((severity, message)) = check.and_then(|check| check(text)) {
                    self.report(node, rule, severity, message);
                }
            }
            (Shape::Map, NodeKind::Mapping(_)) => {}
            (Shape::NameOrMap, NodeKind::String(_) | NodeKind::Mapping(_)) => {}
            (Shape::OneOrList(item), NodeKind::Sequence(items)) => {
                for (index, value) in items.iter().enumerate() {
                    self.path.push(Segment::Index(index));
                    self.value(rule, item, value);
                    self.path.pop();
                }
            }
            (Shape::OneOrList(item), _) => self.value(rule, item, node),
            (Shape::Record(record), NodeKind::Mapping(entries)) => {
                self.record(record, node, entries)
            }
            (Shape::Section(section), NodeKind::Mapping(entries)) => {
                self.section(rule, section, node, entries)
            }
            _ => self.mismatch(rule, node, shape),
        }
    }

    fn record(&mut self, record: &'static Record, node: &Node, entries: &'p [(String, Node)]) {
        let open = record.open_under_sam && self.sam;
        for (key, value) in entries {
            self.path.push(Segment::Key(key));
            match record.fields.iter().find(|f| f.key == key) {
                Some(field) if !field.sam_only || self.sam => {
                    if field.required || !value.is_null() {
                        self.value(field.rule, &field.shape, value);
                    }
                }
                _ if open => {}
                _ => {
                    let allowed: Vec<&str> = record
                        .fields
                        .iter()
                        .filter(|f| !f.sam_only || self.sam)
                        .map(|f| f.key)
                        .collect();
                    let message = format!(
                        "`{key}` is not allowed in {} (allowed: {})",
                        record.what,
                        allowed.join(", ")
                    );
                    self.report_key(value, record.unknown, Severity::Error, message);
                }
            }
            self.path.pop();
        }
        for field in record.fields.iter().filter(|f| f.required) {
            if node.get(field.key).is_none() {
                self.path.push(Segment::Key(field.key));
                let message = format!("{} must have `{}`", record.what, field.key);
                self.report(node, field.rule, Severity::Error, message);
                self.path.pop();
            }
        }
    }

    fn section(
        &mut self,
        rule: &'static str,
        section: &'static Section,
        node: &Node,
        entries: &'p [(String, Node)],
    ) {
        if section.non_empty && entries.is_empty() {
            self.mismatch(rule, node, &Shape::Section(section));
        }
        if let Some(max) = section.max.filter(|&max| entries.len() > max) {
            let message = format!("{} entries, at most {max} allowed", entries.len());
            self.report(node, rule, Severity::Error, message);
        }
        for (name, value) in entries {
            self.path.push(Segment::Key(name));
            if let Some(severity) = section.logical_ids {
                if !name.bytes().all(|b| b.is_ascii_alphanumeric()) || name.is_empty() {
                    let message =
                        format!("the logical id {name:?} is not alphanumeric (A-Z, a-z, 0-9)");
                    self.report_key(value, rule, severity, message);
                } else if name.len() > 255 {
                    let message = format!(
                        "the logical id is {} characters long, at most 255 allowed",
                        name.len()
                    );
                    self.report_key(value, rule, severity, message);
                }
            }
            self.value(section.item_rule, &section.item, value);
            self.path.pop();
        }
    }
}
