//! Same-API consistency, the part of the documented rules ([`super::rules`] calls it) that
//! relates resources to each other: what a resource names must belong to its own API (a route's
//! integration, a stage's deployment: `same-api`), and names must exist in that API (the route
//! keys of a stage's `RouteSettings`: `unknown-name`). The links are data
//! ([`crate::schema::ApiLinks`], generated from the overlay's `same_api` section); nothing here
//! knows a resource type.
//!
//! "The API of" a resource is its API property (`ApiId`) as a bare `Ref` (or `Fn::GetAtt …ApiId`)
//! to an API the template declares, or a literal. Two sides are different APIs only when both
//! are resolved the same way (two logical ids, or two literals) and differ; anything else (a
//! parameter, an import, a resource outside the template) keeps the check silent; each branch
//! of an `Fn::If` is judged on its own, as the value it may be.
//! A check by name (a stage by its `StageName`, a route by its `RouteKey`) needs the API to be
//! declared in the template, every candidate of it to have a literal name and a resolved API,
//! and the API not to import a definition (`Body`): otherwise what exists is not known. Under
//! SAM, checks by name say nothing (SAM adds resources); under another transform nothing is
//! judged.
//!
//! Linear: the resources are indexed once (by logical id, and the candidates by name); each
//! value is then judged with constant-time lookups.

use super::index::{Index as Declared, get_att_args};
use super::rules::presence;
use super::schema::{Fast, FastSet};
use super::{Finding, Pointer, Segment, Transforms};
use crate::schema::{ApiLinks, Link, LinkCheck};
use crate::{Node, NodeKind};

/// An API, as resolved: a logical id of the template, or a literal id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Api<'a> {
    Declared(&'a str),
    Literal(&'a str),
}

impl std::fmt::Display for Api<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Api::Declared(id) => write!(f, "`{id}`"),
            Api::Literal(id) => write!(f, "API `{id}`"),
        }
    }
}

/// The resources of one type, by one naming property.
#[derive(Default)]
struct Members<'a> {
    /// `(API, literal name)` of each member whose API is resolved.
    named: FastSet<(Api<'a>, &'a str)>,
    /// The names of each API's members, in template order (for messages and for `exists`).
    by_api: Fast<Api<'a>, Vec<&'a str>>,
    /// Literal name → the first API with a member of that name (for messages).
    first: Fast<&'a str, Api<'a>>,
    /// APIs with a member whose name is not a literal.
    unnamed: FastSet<Api<'a>>,
    /// A member whose API is not resolved: it may belong to any API.
    unknown_api: FastSet<&'a str>,
    /// A member whose API is not resolved and whose name is not a literal.
    unknown_all: bool,
}

/// A name an API gives a resource it creates by itself.
enum Implied<'a> {
    Name(&'a str),
    Unknown,
}

struct Index<'a> {
    tables: &'static ApiLinks,
    /// Logical id → (type, properties).
    /// What the template declares.
    by_id: &'a Declared<'a>,
    /// `(type, naming property)` → its members.
    members: Fast<(&'static str, &'static str), Members<'a>>,
    /// Checks by name are not judged (SAM adds resources).
    by_name_open: bool,
}

/// Checks every link of every service over `template`.
pub(crate) fn check<'a>(
    template: &'a Node,
    declared: &'a Declared<'a>,
    findings: &mut Vec<Finding>,
) {
    let transforms = Transforms::of(template);
    if transforms.other {
        return;
    }
    let resources = template
        .get("Resources")
        .and_then(Node::as_mapping)
        .unwrap_or_default();
    for tables in crate::SAME_API {
        let typed = |t: &str| tables.links.iter().any(|l| l.resource == t);
        let mut index = Index {
            tables,
            by_id: declared,
            members: Fast::default(),
            by_name_open: transforms.sam,
        };
        let any = declared
            .resources
            .values()
            .any(|d| d.type_name.is_some_and(typed));
        if !any {
            continue;
        }
        index.collect_members(resources);
        for (id, _) in resources {
            index.check_resource(id, findings);
        }
    }
}

impl<'a> Index<'a> {
    /// Indexes the candidates of every check by name, in one pass.
    fn collect_members(&mut self, resources: &'a [(String, Node)]) {
        let mut wanted: Vec<(&'static str, &'static str)> = Vec::new();
        for link in self.tables.links {
            match link.check {
                LinkCheck::SameApi {
                    target,
                    by: Some(by),
                }
                | LinkCheck::Exists { target, by, .. } => wanted.push((target, by)),
                _ => {}
            }
        }
        for (_, resource) in resources {
            let Some(type_name) = resource.get("Type").and_then(Node::as_str) else {
                continue;
            };
            for &(target, by) in wanted.iter().filter(|(t, _)| *t == type_name) {
                let properties = resource.get("Properties");
                let api = properties.and_then(|p| self.api_of(p));
                let name = properties.and_then(|p| p.get(by)).and_then(Node::as_str);
                let members = self.members.entry((target, by)).or_default();
                match (api, name) {
                    (Some(api), Some(name)) => {
                        if members.named.insert((api, name)) {
                            members.by_api.entry(api).or_default().push(name);
                        }
                        members.first.entry(name).or_insert(api);
                    }
                    (Some(api), None) => {
                        members.unnamed.insert(api);
                    }
                    (None, Some(name)) => {
                        members.unknown_api.insert(name);
                    }
                    (None, None) => members.unknown_all = true,
                }
            }
        }
    }

    /// The API a resource's properties name, when resolved.
    fn api_of(&self, properties: &'a Node) -> Option<Api<'a>> {
        let value = properties.get(self.tables.api_property)?;
        if let Some(literal) = value.as_str() {
            return Some(Api::Literal(literal));
        }
        let target = match value.as_mapping()? {
            [(f, args)] if f == "Ref" => args.as_str()?,
            [(f, args)] if f == "Fn::GetAtt" => match get_att_args(args)? {
                (t, a) if a == self.tables.api_property => t,
                _ => return None,
            },
            _ => return None,
        };
        let type_name = self.by_id.type_of(target)?;
        (type_name == self.tables.api_type).then_some(Api::Declared(target))
    }

    /// The properties of a declared API (an API without `Properties` has none).
    fn api_properties(&self, api: Api<'a>) -> Option<&'a Node> {
        match api {
            Api::Declared(id) => self.by_id.resources.get(id).and_then(|d| d.properties),
            Api::Literal(_) => None,
        }
    }

    /// Whether the API's property may be written (`Fn::If` included).
    fn may_have(&self, api: Api<'a>, property: &str) -> bool {
        let value = self.api_properties(api).and_then(|p| p.get(property));
        value.is_some_and(|v| presence(v) != Some(false))
    }

    /// The names a declared API gives the resources of `target` it creates by itself.
    fn implied(&self, api: Api<'a>, target: &str, by: &str) -> Vec<Implied<'a>> {
        let mut out = Vec::new();
        for implicit in self.tables.implicit {
            if implicit.resource != target
                || implicit.by != by
                || !implicit.when.iter().any(|p| self.may_have(api, p))
            {
                continue;
            }
            let from = implicit
                .from
                .and_then(|f| self.api_properties(api).and_then(|p| p.get(f)))
                .filter(|v| presence(v) != Some(false));
            out.push(match from {
                None => Implied::Name(implicit.default),
                Some(v) => v.as_str().map_or(Implied::Unknown, Implied::Name),
            });
        }
        out
    }

    fn check_resource(&self, id: &'a str, findings: &mut Vec<Finding>) {
        let Some(type_name) = self.by_id.type_of(id) else {
            return;
        };
        let Some(properties) = self.by_id.resources.get(id).and_then(|d| d.properties) else {
            return;
        };
        let mut links = self
            .tables
            .links
            .iter()
            .filter(|l| l.resource == type_name)
            .peekable();
        if links.peek().is_none() {
            return;
        }
        let Some(api) = self.api_of(properties) else {
            return;
        };
        let mut path = Pointer::new(&["Resources", id, "Properties"]);
        for link in links {
            places(properties, link.object, &mut path, &mut |object, path| {
                if let Some(value) = object.get(link.property) {
                    path.push(Segment::Key(link.property));
                    self.check_value(id, api, link, value, path, findings);
                    path.pop();
                }
            });
        }
    }

    fn check_value(
        &self,
        id: &'a str,
        api: Api<'a>,
        link: &'static Link,
        value: &'a Node,
        path: &mut Pointer<'a>,
        findings: &mut Vec<Finding>,
    ) {
        // Either branch of an `Fn::If` may be the value: each is judged on its own.
        if let Some([_, then, otherwise]) = value
            .as_mapping()
            .filter(|entries| entries.len() == 1)
            .and_then(|_| value.get("Fn::If"))
            .and_then(Node::as_sequence)
        {
            path.push(Segment::Key("Fn::If"));
            for (index, branch) in [(1, then), (2, otherwise)] {
                path.push(Segment::Index(index));
                self.check_value(id, api, link, branch, path, findings);
                path.pop();
            }
            path.pop();
            return;
        }
        let mut report = |path: &Pointer<'_>, node: &Node, detail: String| {
            findings.push(Finding {
                path: path.render(),
                span: node.span,
                rule: link.id,
                severity: link.severity,
                message: format!("`{}` {}: {detail}", link.property, link.message),
                help: None,
                source: super::Cite::documentation(link.cite, link.url),
            });
        };
        match link.check {
            LinkCheck::SameApi { target, by } => {
                if let Ok(Some(named)) = self.referenced(value, target) {
                    let other = self
                        .by_id
                        .resources
                        .get(named)
                        .and_then(|d| d.properties)
                        .and_then(|p| self.api_of(p));
                    if let Some(other) = other
                        && differ(api, other)
                    {
                        report(
                            path,
                            value,
                            format!("`{named}` is in {other}, `{id}` in {api}"),
                        );
                    }
                } else if let (Some(by), Some(name)) = (by, value.as_str())
                    && let Some(other) = self.only_elsewhere(api, target, by, name)
                {
                    report(
                        path,
                        value,
                        format!("`{name}` is the `{by}` of one in {other}, none in {api}"),
                    );
                }
            }
            LinkCheck::Exists { target, by, keys } => {
                if value.intrinsic_name().is_some() {
                    return;
                }
                let Some(known) = self.known_names(api, target, by) else {
                    return;
                };
                for (key, entry) in value.as_mapping().unwrap_or_default() {
                    let name = if keys {
                        Some(key.as_str())
                    } else {
                        entry.as_str()
                    };
                    let Some(name) = name.filter(|n| !known.contains(n)) else {
                        continue;
                    };
                    let mut listed: Vec<String> =
                        known.iter().take(8).map(|n| format!("`{n}`")).collect();
                    if known.len() > 8 {
                        listed.push("…".to_owned());
                    }
                    let has = if listed.is_empty() {
                        "none".to_owned()
                    } else {
                        listed.join(", ")
                    };
                    path.push(Segment::Key(key));
                    report(
                        path,
                        entry,
                        format!("`{name}` is not the `{by}` of one in {api} (it has: {has})"),
                    );
                    path.pop();
                }
            }
            LinkCheck::ApiHas(properties) => {
                if matches!(api, Api::Declared(_))
                    && !properties.iter().any(|p| self.may_have(api, p))
                {
                    let names: Vec<String> = properties.iter().map(|p| format!("`{p}`")).collect();
                    report(path, value, format!("{api} has no {}", names.join(" or ")));
                }
            }
        }
    }

    /// The one resource of type `target` that `value` refers to (`Ref`, `Fn::GetAtt`, a
    /// `${Name}` of `Fn::Sub`, inside `Fn::Join`); `Err` when it may be another (an `Fn::If`,
    /// two of them).
    fn referenced(&self, value: &'a Node, target: &str) -> Result<Option<&'a str>, ()> {
        let mut found = None;
        self.refers(value, target, &mut found, 0)?;
        Ok(found)
    }

    fn refers(
        &self,
        value: &'a Node,
        target: &str,
        found: &mut Option<&'a str>,
        depth: usize,
    ) -> Result<(), ()> {
        if depth > 16 {
            return Err(());
        }
        let note = |name: &'a str, found: &mut Option<&'a str>| self.note(name, target, found);
        let entries = match &value.kind {
            NodeKind::Sequence(items) => {
                for item in items {
                    self.refers(item, target, found, depth + 1)?;
                }
                return Ok(());
            }
            NodeKind::Mapping(entries) => entries.as_slice(),
            _ => return Ok(()),
        };
        let [(function, args)] = entries else {
            return Ok(());
        };
        match function.as_str() {
            "Ref" => args.as_str().map_or(Ok(()), |n| note(n, found)),
            "Fn::GetAtt" => get_att_args(args).map_or(Ok(()), |(n, _)| note(n, found)),
            "Fn::Sub" => {
                let (text, variables) = match (args.as_str(), args.as_sequence()) {
                    (Some(text), _) => (text, None),
                    (_, Some([text, variables])) => (text.as_str().ok_or(())?, Some(variables)),
                    _ => return Err(()),
                };
                for name in sub_names(text) {
                    match variables.and_then(|v| v.get(name)) {
                        Some(bound) => self.refers(bound, target, found, depth + 1)?,
                        None => note(name.split_once('.').map_or(name, |(n, _)| n), found)?,
                    }
                }
                Ok(())
            }
            "Fn::Join" => match args.as_sequence() {
                Some([_, items]) => self.refers(items, target, found, depth + 1),
                _ => Ok(()),
            },
            "Fn::If" => Err(()),
            _ => Ok(()),
        }
    }

    /// Notes that a value refers to `name`, if that is a resource of type `target`: `Err` if it
    /// already refers to another.
    fn note(&self, name: &'a str, target: &str, found: &mut Option<&'a str>) -> Result<(), ()> {
        if self.by_id.type_of(name).is_none_or(|t| t != target) {
            return Ok(());
        }
        match *found {
            Some(other) if other != name => Err(()),
            _ => {
                *found = Some(name);
                Ok(())
            }
        }
    }

    /// For a check by name: the other API that has a `target` named `name` when the template
    /// certainly declares none in `api`.
    fn only_elsewhere(&self, api: Api<'a>, target: &str, by: &str, name: &str) -> Option<Api<'a>> {
        if self.by_name_open || !matches!(api, Api::Declared(_)) {
            return None;
        }
        let members = self.members.get(&(target, by))?;
        let other = *members.first.get(name)?;
        let certain = !members.named.contains(&(api, name))
            && !members.unknown_all
            && !members.unknown_api.contains(name)
            && !members.unnamed.contains(&api)
            && !self.imports(api)
            && self
                .implied(api, target, by)
                .iter()
                .all(|i| matches!(i, Implied::Name(n) if *n != name));
        certain.then_some(other)
    }

    /// Whether the API may import a definition the template does not show.
    fn imports(&self, api: Api<'a>) -> bool {
        self.tables.imports.iter().any(|p| self.may_have(api, p))
    }

    /// Every name the resources of `target` have in a declared `api`, when all are known.
    fn known_names(&self, api: Api<'a>, target: &str, by: &str) -> Option<Vec<&'a str>> {
        if self.by_name_open || !matches!(api, Api::Declared(_)) || self.imports(api) {
            return None;
        }
        let empty = Members::default();
        let members = self.members.get(&(target, by)).unwrap_or(&empty);
        if members.unknown_all || !members.unknown_api.is_empty() || members.unnamed.contains(&api)
        {
            return None;
        }
        let mut names = members.by_api.get(&api).cloned().unwrap_or_default();
        for implied in self.implied(api, target, by) {
            match implied {
                Implied::Name(n) => names.push(n),
                Implied::Unknown => return None,
            }
        }
        Some(names)
    }
}

/// Two resolved APIs that are certainly different: both logical ids, or both literals.
fn differ(a: Api<'_>, b: Api<'_>) -> bool {
    match (a, b) {
        (Api::Declared(a), Api::Declared(b)) | (Api::Literal(a), Api::Literal(b)) => a != b,
        _ => false,
    }
}

/// The names of the `${…}` of an `Fn::Sub` text (not `${!Literal}`).
pub(super) fn sub_names(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        rest = &rest[start + 2..];
        let Some(end) = rest.find('}') else { break };
        let name = &rest[..end];
        rest = &rest[end + 1..];
        if !name.is_empty() && !name.starts_with('!') {
            names.push(name);
        }
    }
    names
}

/// Calls `each` with every object at `rest` below `node` (`*`: every entry of a map or list),
/// the path set to it. Intrinsic values are not walked.
fn places<'a>(
    node: &'a Node,
    rest: &'static [&'static str],
    path: &mut Pointer<'a>,
    each: &mut dyn FnMut(&'a Node, &mut Pointer<'a>),
) {
    if node.intrinsic_name().is_some() {
        return;
    }
    let Some((first, rest)) = rest.split_first() else {
        if node.as_mapping().is_some() {
            each(node, path);
        }
        return;
    };
    match (*first, &node.kind) {
        ("*", NodeKind::Mapping(entries)) => {
            for (key, value) in entries {
                path.push(Segment::Key(key));
                places(value, rest, path, each);
                path.pop();
            }
        }
        ("*", NodeKind::Sequence(items)) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Segment::Index(i));
                places(item, rest, path, each);
                path.pop();
            }
        }
        (key, NodeKind::Mapping(_)) => {
            if let Some(value) = node.get(key) {
                path.push(Segment::Key(key));
                places(value, rest, path, each);
                path.pop();
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_names_skip_literals() {
        assert_eq!(
            sub_names("integrations/${Integ}/${!Lit}/${A.B}/${"),
            ["Integ", "A.B"]
        );
    }

    #[test]
    fn only_two_resolved_apis_of_one_kind_differ() {
        assert!(differ(Api::Declared("A"), Api::Declared("B")));
        assert!(differ(Api::Literal("a"), Api::Literal("b")));
        assert!(!differ(Api::Declared("A"), Api::Literal("b")));
        assert!(!differ(Api::Declared("A"), Api::Declared("A")));
    }

    /// Findings of this family for a route whose `Target` is `target`, the integrations `I1`
    /// and `I2` being in another API.
    fn target(target: &str) -> usize {
        let text = format!(
            "{{\"Resources\": {{\
             \"A\": {{\"Type\": \"AWS::ApiGatewayV2::Api\", \"Properties\": {{}}}},\
             \"B\": {{\"Type\": \"AWS::ApiGatewayV2::Api\", \"Properties\": {{}}}},\
             \"I1\": {{\"Type\": \"AWS::ApiGatewayV2::Integration\", \"Properties\": {{\"ApiId\": {{\"Ref\": \"B\"}}}}}},\
             \"I2\": {{\"Type\": \"AWS::ApiGatewayV2::Integration\", \"Properties\": {{\"ApiId\": {{\"Fn::GetAtt\": [\"B\", \"ApiId\"]}}}}}},\
             \"R\": {{\"Type\": \"AWS::ApiGatewayV2::Route\", \"Properties\": {{\"ApiId\": {{\"Ref\": \"A\"}}, \"Target\": {target}}}}}}}}}"
        );
        let node = crate::syntax::parse_document(text.as_bytes()).unwrap().node;
        let mut findings = Vec::new();
        check(&node, &Declared::of(&node), &mut findings);
        findings.iter().filter(|f| f.rule == "same-api").count()
    }

    #[test]
    fn references_are_found_through_sub_join_and_each_if_branch() {
        assert_eq!(target("{\"Fn::Sub\": \"integrations/${I1}\"}"), 1);
        assert_eq!(
            target("{\"Fn::Sub\": \"integrations/${I2.IntegrationId}\"}"),
            1
        );
        assert_eq!(
            target("{\"Fn::Join\": [\"/\", [\"integrations\", {\"Ref\": \"I2\"}]]}"),
            1
        );
        // Two integrations, a literal: which one is not certain.
        assert_eq!(
            target("{\"Fn::Join\": [\"\", [{\"Ref\": \"I1\"}, {\"Ref\": \"I2\"}]]}"),
            0
        );
        // Each branch of an Fn::If on its own: one names the other API's integration.
        assert_eq!(
            target("{\"Fn::If\": [\"C\", {\"Fn::Sub\": \"integrations/${I1}\"}, \"x\"]}"),
            1
        );
        assert_eq!(target("\"integrations/abc\""), 0);
        // Deeply nested joins give up rather than recurse without bound.
        let mut deep = "{\"Ref\": \"I1\"}".to_owned();
        for _ in 0..40 {
            deep = format!("{{\"Fn::Join\": [\"\", [{deep}]]}}");
        }
        assert_eq!(target(&deep), 0);
    }
}
