//! Validation: what CloudFormation would reject in a template, with the JSON path and source
//! position of each finding.
//!
//! One mechanism does all the work: the generated per-resource tables
//! ([`crate::schema::ResourceSchema`]) walked over the parsed [`Node`] tree ([`schema`]), the
//! template-level reference checks ([`refs`]), and the documented rules ([`rules`]: the docs'
//! "supported only for" and cross-property rules, as generated data). Typed values validate
//! through the same walker: [`validate_template`] and [`validate_resource`] turn them into a
//! [`Node`] first.
//!
//! ```
//! use cfn_apigatewayv2::validate::{self, Severity};
//!
//! let text = "Resources:\n  Integ:\n    Type: AWS::ApiGatewayV2::Integration\n    Properties:\n      ApiId: !Ref Api\n      IntegrationType: LAMBDA\n";
//! let findings = validate::validate_bytes(text.as_bytes()).unwrap();
//! let rules: Vec<_> = findings.iter().map(|f| (f.rule, f.path.as_str())).collect();
//! assert_eq!(rules, [
//!     ("ref-target", "/Resources/Integ/Properties/ApiId"),
//!     ("allowed-values", "/Resources/Integ/Properties/IntegrationType"),
//! ]);
//! assert!(findings.iter().all(|f| f.severity == Severity::Error));
//! ```
//!
//! # Rules
//!
//! Every finding names one of these stable ids ([`catalog`] describes each: severity, family,
//! what it checks, its page and the data behind it), and cites its source ([`Cite`]):
//!
//! | id | severity | what |
//! |----|----------|------|
//! | `parse` | error | the file cannot be read or parsed (command line only) |
//! | `duplicate-key` | warning | a key repeated in one mapping: CloudFormation keeps the last value and drops the others without a word (see [`crate::syntax`]); reported at every occurrence |
//! | `resource-type` | error | a resource without a string `Type`, or `Properties` that is not a mapping |
//! | `resource-attribute` | error | a resource key other than `Type`, `Properties`, `DependsOn`, `Condition`, `Metadata`, `DeletionPolicy`, `UpdateReplacePolicy`, `UpdatePolicy`, `CreationPolicy` (not judged under a transform); a `Condition` that is not a string, `Metadata`/`UpdatePolicy`/`CreationPolicy` that are not mappings, a `DeletionPolicy`/`UpdateReplacePolicy` outside its documented values |
//! | `template-structure` | error (one warning) | the template's anatomy ([`structure`]): a template that is not a mapping (an empty file), a top-level key that is not a section (`Globals` only with SAM), no `Resources` or an empty one, an `AWSTemplateFormatVersion` other than `"2010-09-09"`, a `Description` over 1,024 bytes, sections of the wrong shape (`Metadata`, `Rules`, `Conditions` mappings; `Transform` a name or list of names; `Mappings` a mapping of mappings of mappings), logical ids (resources, parameters, outputs) that are not alphanumeric or longer than 255 characters (mapping names: a warning), more than 500 resources or 200 parameters, outputs or mappings |
//! | `parameter` | error (one warning) | a parameter that is not a mapping, without `Type`, with a key other than the documented ones, or of a type CloudFormation does not have (an undocumented `AWS::…` type: warning) |
//! | `output` | error | an output that is not a mapping, without `Value`, with a key other than `Description`, `Value`, `Export`, `Condition`; an `Export` without `Name`; a `Description` over 1,024 bytes |
//! | `required` | error | a required property is missing (reported at the path it would have) |
//! | `unknown-property` | error | a property the resource type or property type does not have; when one known name is clearly closest (edit distance without case, or the name with words added: `RestApiId` for `ApiId`), the help asks "did you mean" it, otherwise the message lists the known names |
//! | `deprecated-property` | warning | a property only an older specification still lists |
//! | `type` | error | a value of the wrong type, after CloudFormation's coercions (`"5000"` for an integer, `1.0` for a string, `"true"` for a boolean) |
//! | `allowed-values` | error | a value outside the allowed set |
//! | `range` | error | a number outside its bounds |
//! | `length` | error | a string shorter or longer than allowed |
//! | `pattern` | error | a string that does not match its pattern |
//! | `items` | error | a list with too few or too many items |
//! | `unique-items` | error | a list with repeated items where they must be unique |
//! | `key-pattern` | error | a map key that does not match its pattern |
//! | `ref-target` | error | `Ref` (or a `${Name}` of `Fn::Sub`) to something that is not a resource, parameter or pseudo parameter |
//! | `getatt-target` | error | `Fn::GetAtt` (or `${Name.Attr}`) on something that is not a resource |
//! | `getatt-attribute` | error | an attribute the (generated) resource type does not have |
//! | `ref-type` | error | in a field that refers to other resources (`Integration.ApiId` → `AWS::ApiGatewayV2::Api`), a `Ref`/`Fn::GetAtt` naming a declared resource of another type (a list field: reported at the item); not in the fields that also take other values (`Integration.IntegrationUri`, `Api.Target`: [`crate::OPEN_RELATIONSHIPS`]) |
//! | `ref-attribute` | error | such a reference to a resource of the right type that does not return the wanted value: `Ref` of a Lambda function (its name) where its `Arn` is wanted, or `Fn::GetAtt` of another attribute |
//! | `depends-on` | error | a `DependsOn` that is not a string or a list of strings, or names something that is not a resource |
//! | `value-kind` | error | what an intrinsic function gives a field cannot fit it (`validate::kinds`): a list where one value is needed (or inside a list), one value where a list is needed, a name, id, URL or number where an ARN is needed (`CredentialsArn: !Ref Role`: a role's `Ref` is its name), an ARN or URL where an id or a name is needed, a `Number` parameter where the field's pattern or values admit no number; from the value-kind table of every resource type, parameter types and the functions' results, judged only where both sides are certain |
//! | `circular-dependency` | error | resources that depend on each other in a cycle (`DependsOn`, `Ref`, `Fn::GetAtt`, `Fn::Sub`; not judged under a transform): one finding per cycle, at its first resource, naming at most 8 |
//! | `condition` | error | a `Condition`/`Fn::If` name that is not in `Conditions` |
//! | `suppression` | warning | a suppression in the template's or a resource's `Metadata` ([`suppress`]) that matches no finding (stale), names no rule, gives no reason, or is not of the documented shape |
//!
//! A finding's message says what is wrong; its [`help`](Finding::help), where one fix is clear,
//! how to fix it ([`suggest`] lists the findings that have one).
//!
//! The documented rules ([`rules`], generated from the hand-written overlay in `spec/overlay/`,
//! each with the sentence it comes from) add these ids ([`all_rule_ids`] lists every id):
//!
//! | id | severity | what |
//! |----|----------|------|
//! | `protocol` | error | a property or value the Api's protocol (HTTP or WebSocket) does not support |
//! | `requires` | error (one warning) | a property that other properties or the protocol make necessary is missing |
//! | `conflicts` | error (one warning) | a property that other properties rule out |
//! | `conditional-values` | error (one warning) | a value allowed only with other properties' values |
//! | `format` | error (three warnings) | a value that does not have the format the documentation states |
//! | `same-api` | error (one warning) | what a resource names belongs to another API than its own `ApiId`: a route's `Target` integration or `AuthorizerId` (also in `ApiGatewayManagedOverrides`), a route response's route, an integration response's integration, a stage's deployment, a deployment's `StageName` or an API mapping's `Stage` (a stage declared only for another API); `ApiGatewayManagedOverrides` on an API without quick create (warning) |
//! | `unknown-name` | error (two warnings) | a `RouteSettings` key (of a stage, or of the managed stage's overrides) that is no route key of the API, quick create's route counted; a `RequestModels`/`ResponseModels` value naming no model of the API (warnings) |
//!
//! `same-api` and `unknown-name` judge only what is certain: both APIs resolved the same way
//! (two `Ref`s to Apis of the template, or two literals); checks by name only for an Api of the
//! template without `Body`/`BodyS3Location`, whose candidates all have literal names and APIs, and
//! not under a transform (references: not under a transform other than SAM).
//!
//! # What stays silent
//! The template's structure ([`structure`]) is not judged under a macro (a transform other than
//! SAM), except that the template is a mapping; under SAM, `Globals` is a section and
//! resources may have SAM's attributes.
//!
//! Values that are intrinsic functions are not judged as literals (their targets are); both
//! branches of an `Fn::If` are judged as the value; `Ref AWS::NoValue` is never judged. `null`
//! values are not judged. An object with an `Fn::Transform` key is not checked for required or
//! unknown properties. With the SAM transform (`AWS::Serverless-2016-10-31`), SAM adds resources
//! the template does not show (`ServerlessHttpApi`, `<Function>Role`, `<Api>.Stage`, ...), so
//! `ref-target`, `getatt-target` and `depends-on` say nothing; with any other transform (a macro
//! may rewrite anything) neither do they nor `required`, and `ref-type`/`ref-attribute` say
//! nothing at all. Those two judge only a bare `Ref`/`Fn::GetAtt` naming a resource the template
//! declares with an AWS type (not `AWS::Serverless::*`, whose generated resources keep the
//! logical id, nor `AWS::CloudFormation::*`: custom resources and stacks return anything), never
//! parameters, imports or other intrinsics; and not `Fn::GetAtt` of another attribute where the
//! target's `Ref` returns the value (a security group's `GroupId` is its `Ref`).

use crate::syntax::{Duplicate, ParseError, parse_document};
use crate::template::Template;
use crate::{Node, NodeError, ResourceType, Span};

pub use crate::runtime::severity::Severity;

pub mod catalog;
mod cycles;
mod evidence;
mod fast;
mod field;
mod index;
mod kinds;
pub mod output;
pub mod ref_types;
pub mod refs;
pub mod rules;
mod same_api;
pub mod schema;
pub mod structure;
pub mod suggest;
pub mod suppress;

/// One problem found in a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// RFC 6901 JSON Pointer into the template (`~1` for `/` and `~0` for `~` in keys), e.g.
    /// `/Resources/Integ/Properties/TimeoutInMillis`.
    pub path: String,
    /// Where in the source text, when the template was read from text.
    pub span: Option<Span>,
    /// The stable rule id (see the [module docs](self)).
    pub rule: &'static str,
    /// How bad it is.
    pub severity: Severity,
    /// What is wrong: the value and what was allowed.
    pub message: String,
    /// How to fix it, where one fix is clear: "did you mean `ApiId`?", "use `Fn::GetAtt Role.Arn`".
    pub help: Option<String>,
    /// Where the rule comes from: the schema, API model or documentation sentence it applies.
    pub source: Option<Cite>,
}

impl Finding {
    /// A finding with no help and no cited source.
    pub fn new(
        rule: &'static str,
        severity: Severity,
        path: String,
        span: Option<Span>,
        message: String,
    ) -> Self {
        Finding {
            path,
            span,
            rule,
            severity,
            message,
            help: None,
            source: None,
        }
    }

    /// The same finding with `help`.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The same finding citing `source`.
    #[must_use]
    pub fn with_source(mut self, source: Cite) -> Self {
        self.source = Some(source);
        self
    }
}

/// The input a finding's rule comes from, and what it says there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cite {
    /// Which input.
    pub origin: Origin,
    /// What it says: the documentation's sentence, where in the tables the constraint is
    /// (`AWS::ApiGatewayV2::Integration: TimeoutInMillis range 50..=30000 (API model)`), or the
    /// rule's statement.
    pub note: std::borrow::Cow<'static, str>,
    /// Where to read it.
    pub url: Option<std::borrow::Cow<'static, str>>,
}

impl Cite {
    /// A sentence of the documentation on the page `url` (`None` when there is no sentence:
    /// the finding then cites its rule's catalogue entry).
    pub fn documentation(sentence: &'static str, url: Option<&'static str>) -> Option<Cite> {
        (!sentence.is_empty()).then(|| Cite {
            origin: Origin::Documentation,
            note: std::borrow::Cow::Borrowed(sentence),
            url: url.map(std::borrow::Cow::Borrowed),
        })
    }
}

/// The inputs rules come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The CloudFormation registry schema of the resource type.
    RegistrySchema,
    /// The service's API model (botocore).
    ApiModel,
    /// The legacy CloudFormation resource specification.
    LegacySpec,
    /// The CDK service database.
    ServiceDatabase,
    /// The documentation's prose, through the hand-written overlay (`spec/overlay/`).
    Documentation,
    /// The CloudFormation User Guide: template anatomy, intrinsic functions, resource attributes.
    UserGuide,
}

impl Origin {
    /// The stable name used in JSON and SARIF (`registry-schema`, `api-model`, `legacy-spec`,
    /// `service-database`, `documentation`, `user-guide`).
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::RegistrySchema => "registry-schema",
            Origin::ApiModel => "api-model",
            Origin::LegacySpec => "legacy-spec",
            Origin::ServiceDatabase => "service-database",
            Origin::Documentation => "documentation",
            Origin::UserGuide => "user-guide",
        }
    }
}

/// Every rule id findings can carry, with its one-line summary: the [`catalog`]'s rules, then
/// any other documented rule id of the generated tables ([`rules`]), each once.
pub fn all_rule_ids() -> impl Iterator<Item = (&'static str, &'static str)> {
    catalog::all().map(|rule| (rule.id, rule.summary))
}

/// Gives each finding that cites nothing the [`catalog`]'s cite of its rule (its origin,
/// summary and page). Only findings are touched: a clean template costs nothing here.
fn cite_rules(findings: &mut [Finding]) {
    for finding in findings.iter_mut().filter(|f| f.source.is_none()) {
        finding.source = catalog::cite(finding.rule);
    }
}

/// The SAM transform.
pub const SAM_TRANSFORM: &str = "AWS::Serverless-2016-10-31";

/// Validates a whole template tree: every resource of a generated type against its table, the
/// documented [`rules`], and the template's references. Findings are sorted by position.
///
/// The template's own suppressions apply ([`suppress`]): what they silence is left out (see
/// [`check_node`] for it).
pub fn validate_node(template: &Node) -> Vec<Finding> {
    check_node(template).findings
}

/// What validation found, and what the template's own suppressions ([`suppress`]) silenced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The findings, sorted by position, with `suppression` warnings for stale or malformed
    /// suppressions.
    pub findings: Vec<Finding>,
    /// The findings a suppression silenced, with its reason.
    pub suppressed: Vec<Suppressed>,
}

/// A finding silenced by a suppression in the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppressed {
    /// The finding.
    pub finding: Finding,
    /// The reason the suppression gives (empty where it gives none).
    pub reason: String,
}

/// [`validate_node`] with what the template's suppressions silenced.
pub fn check_node(template: &Node) -> Report {
    let (mut findings, keyed) = collect(template);
    findings.extend(keyed);
    // Suppressed findings keep their cites too.
    cite_rules(&mut findings);
    let (suppressed, notes) = suppress::apply(template, &mut findings);
    findings.extend(notes);
    cite_rules(&mut findings);
    sort(&mut findings);
    Report {
        findings,
        suppressed,
    }
}

/// Every finding for `template`, unsorted: the findings about keys (see [`structure::check`])
/// apart.
fn collect(template: &Node) -> (Vec<Finding>, Vec<Finding>) {
    let (mut findings, mut keyed) = (Vec::new(), Vec::new());
    let transforms = Transforms::of(template);
    structure::check(template, &transforms, &mut keyed, &mut findings);
    let resources = template.get("Resources").and_then(Node::as_mapping);
    let index = index::Index::of(template);
    let names = kinds::Names::of(&index);
    for (logical_id, resource) in resources.unwrap_or_default() {
        schema::check_resource(logical_id, resource, &transforms, &names, &mut findings);
    }
    rules::check(template, &index, &mut findings);
    refs::check(template, &index, &transforms, &mut findings);
    // One finding per mistake: where a reference is of the wrong type or attribute
    // (`ref-type`, `ref-attribute`), what it gives (`value-kind`) is the same mistake.
    let explained: std::collections::HashSet<String> = findings
        .iter()
        .filter(|f| matches!(f.rule, "ref-type" | "ref-attribute"))
        .map(|f| f.path.clone())
        .collect();
    if !explained.is_empty() {
        findings.retain(|f| f.rule != "value-kind" || !explained.contains(&f.path));
    }
    // A value in no allowed set at all (`allowed-values`) is not also judged against the sets
    // other properties allow (`protocol`, `conditional-values`): `HTTP_PROXI` is one mistake.
    let invalid: std::collections::HashSet<String> = findings
        .iter()
        .filter(|f| f.rule == "allowed-values")
        .map(|f| f.path.clone())
        .collect();
    if !invalid.is_empty() {
        findings.retain(|f| {
            !matches!(f.rule, "protocol" | "conditional-values") || !invalid.contains(&f.path)
        });
    }
    evidence::apply(template, &mut findings);
    (findings, keyed)
}

/// Parses template text (JSON or YAML) as CloudFormation does ([`parse_document`]) and
/// validates it ([`validate_node`]). A finding about a key (`unknown-property`) is placed at the
/// key rather than at its value. A repeated key is reported at each occurrence
/// (`duplicate-key`), and the rest is checked with its last value, as CloudFormation keeps it.
///
/// # Errors
/// The text is not a template (see [`parse_document`]).
///
/// The template's own suppressions apply ([`suppress`]): what they silence is left out (see
/// [`check_bytes`] for it).
pub fn validate_bytes(bytes: &[u8]) -> Result<Vec<Finding>, ParseError> {
    Ok(check_bytes(bytes)?.findings)
}

/// [`validate_bytes`] with what the template's suppressions silenced.
///
/// # Errors
/// The text is not a template (see [`parse_document`]).
pub fn check_bytes(bytes: &[u8]) -> Result<Report, ParseError> {
    let parsed = parse_document(bytes)?;
    let (mut findings, mut keyed) = collect(&parsed.node);
    findings.extend(duplicate_keys(&parsed.duplicates));
    // Suppressed findings keep their cites too.
    cite_rules(&mut findings);
    let (suppressed, notes) = suppress::apply(&parsed.node, &mut findings);
    // The suppressions' own warnings are about their entries' keys.
    keyed.extend(notes);
    // Parsing succeeded, so the text is UTF-8.
    if let Ok(text) = std::str::from_utf8(bytes) {
        output::place_at_keys(text, &mut findings, output::about_a_key);
        output::place_at_keys(text, &mut keyed, |_| true);
    }
    findings.extend(keyed);
    // A finding about the whole text (an empty file has no node to point at) is at its start.
    for finding in findings.iter_mut().filter(|f| f.path.is_empty()) {
        finding.span.get_or_insert(Span { line: 1, column: 1 });
    }
    cite_rules(&mut findings);
    sort(&mut findings);
    Ok(Report {
        findings,
        suppressed,
    })
}

/// A `duplicate-key` warning at every occurrence of each repeated key, each naming the one
/// CloudFormation keeps (the last).
fn duplicate_keys(duplicates: &[Duplicate]) -> Vec<Finding> {
    // The repetitions of each key, by its first occurrence (unique to the key and mapping).
    let mut repeats: std::collections::BTreeMap<Span, Vec<&Duplicate>> = Default::default();
    for duplicate in duplicates {
        repeats.entry(duplicate.first).or_default().push(duplicate);
    }
    let mut findings = Vec::new();
    for (first, repeats) in repeats {
        let Some(last) = repeats.last() else {
            continue;
        };
        let (path, key, kept) = (last.pointer(), &last.key, last.repeated);
        let finding = |span, message: String| Finding {
            path: path.clone(),
            span: Some(span),
            rule: "duplicate-key",
            severity: Severity::Warning,
            message,
            help: None,
            source: None,
        };
        findings.push(finding(
            first,
            format!(
                "duplicate key {key:?}: CloudFormation drops this value and keeps the last one, at {kept}"
            ),
        ));
        for repeat in &repeats[..repeats.len() - 1] {
            findings.push(finding(
                repeat.repeated,
                format!(
                    "duplicate key {key:?} (first at {first}): CloudFormation drops this value and keeps the last one, at {kept}"
                ),
            ));
        }
        findings.push(finding(
            kept,
            format!(
                "duplicate key {key:?} (first at {first}): CloudFormation keeps this last value and drops the others"
            ),
        ));
    }
    findings
}

/// Validates a [`Template`] through the same walker ([`Template::to_node`], then
/// [`validate_node`]). Built in code, it has no positions: every span is `None`.
///
/// # Errors
/// The template cannot be turned into a tree (see [`Template::to_node`]).
pub fn validate_template(template: &Template) -> Result<Vec<Finding>, NodeError> {
    Ok(validate_node(&template.to_node()?))
}

/// Validates one typed resource's properties against its table. Paths are relative to the
/// resource (`/Properties/TimeoutInMillis`); references to other resources are not judged.
///
/// # Errors
/// The resource cannot be serialized (a non-finite float).
pub fn validate_resource<R: ResourceType>(resource: &R) -> Result<Vec<Finding>, NodeError> {
    let properties = crate::to_node(resource)?;
    let mut findings = Vec::new();
    schema::check_properties(R::SCHEMA, &properties, "", &mut findings);
    // The documented rules see the resource alone, as the only resource of a template: rules
    // whose conditions need another resource (the Api's protocol) stay silent.
    const ID: &str = "Resource";
    let template = Node::from(vec![(
        "Resources".to_owned(),
        Node::from(vec![(
            ID.to_owned(),
            Node::from(vec![
                ("Type".to_owned(), Node::from(R::TYPE_NAME)),
                ("Properties".to_owned(), properties),
            ]),
        )]),
    )]);
    let mut documented = Vec::new();
    rules::check(&template, &index::Index::of(&template), &mut documented);
    let prefix = format!("/Resources/{ID}");
    findings.extend(documented.into_iter().map(|mut f| {
        f.path = f.path.split_off(prefix.len());
        f
    }));
    cite_rules(&mut findings);
    sort(&mut findings);
    Ok(findings)
}

fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| (a.span, &a.path, a.rule).cmp(&(b.span, &b.path, b.rule)));
}

/// The template's `Transform` as far as validation cares.
#[derive(Debug, Clone, Copy, Default)]
pub struct Transforms {
    /// The SAM transform is declared.
    pub sam: bool,
    /// Some other transform (a macro) is declared, or the section has an unknown shape.
    pub other: bool,
}

impl Transforms {
    /// Reads the `Transform` section of a template.
    pub fn of(template: &Node) -> Self {
        let mut found = Transforms::default();
        let mut note = |node: &Node| match node.as_str() {
            Some(SAM_TRANSFORM) => found.sam = true,
            _ => found.other = true,
        };
        match template.get("Transform") {
            None => {}
            Some(node) => match node.as_sequence() {
                Some(items) => items.iter().for_each(&mut note),
                None => note(node),
            },
        }
        found
    }

    /// Whether references to names the template does not define may still resolve.
    pub fn adds_resources(self) -> bool {
        self.sam || self.other
    }
}

/// A JSON Pointer under construction: segments are pushed and popped during a walk, and only
/// formatted when a finding needs them.
#[derive(Debug, Default)]
pub(crate) struct Pointer<'a> {
    segments: Vec<Segment<'a>>,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

impl<'a> Pointer<'a> {
    pub(crate) fn new(prefix: &[&'a str]) -> Self {
        Pointer {
            segments: prefix.iter().map(|s| Segment::Key(s)).collect(),
        }
    }

    pub(crate) fn push(&mut self, segment: Segment<'a>) {
        self.segments.push(segment);
    }

    pub(crate) fn pop(&mut self) {
        self.segments.pop();
    }

    /// The last key of the path (the field a list item belongs to), if any.
    pub(crate) fn last_key(&self) -> Option<&'a str> {
        self.segments.iter().rev().find_map(|s| match s {
            Segment::Key(key) => Some(*key),
            Segment::Index(_) => None,
        })
    }

    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        for segment in &self.segments {
            out.push('/');
            match segment {
                Segment::Key(key) => out.push_str(&key.replace('~', "~0").replace('/', "~1")),
                Segment::Index(i) => out.push_str(&i.to_string()),
            }
        }
        out
    }
}

/// The last segment of a JSON Pointer, unescaped.
pub(crate) fn last_key(path: &str) -> Option<String> {
    let (_, last) = path.rsplit_once('/')?;
    Some(last.replace("~1", "/").replace("~0", "~"))
}
