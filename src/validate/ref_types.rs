//! `ref-type` and `ref-attribute`: what a field with relationships refers to is of one of its
//! target types, and the reference obtains the wanted value.

use super::index::{Index, fixed_by_type, get_att_args};
use super::refs::keys;
use super::{Finding, Pointer, Segment, Severity};
use crate::Node;

/// `ref-type` and `ref-attribute`: in a field with relationships, at any depth (a list field:
/// in each item),
/// a bare `Ref`/`Fn::GetAtt` naming a resource the template declares with a [judged
/// type](fixed_by_type) must name one of the relationship's target types, and obtain the wanted
/// value: `Ref` where the target's `Ref` returns it, `Fn::GetAtt` of that attribute otherwise.
/// In a field that accepts more than its targets ([`crate::OPEN_RELATIONSHIPS`]: an integration
/// URI may be a load balancer listener's ARN) another type is not judged. Parameters, imports
/// and other intrinsics are never judged, nor is a `Fn::GetAtt` of another attribute where
/// `Ref` returns the value (an attribute may return the same thing: a security group's
/// `GroupId` is its `Ref`), unless the attribute's name says it identifies something else
/// ([`names_another_thing`]).
pub(super) fn check<'a>(template: &'a Node, names: &Index<'a>, findings: &mut Vec<Finding>) {
    for (logical_id, resource) in keys(template.get("Resources")) {
        let Some(schema) = names
            .type_of(logical_id)
            .and_then(crate::TypedResource::schema_for)
        else {
            continue;
        };
        let Some(properties) = resource.get("Properties") else {
            continue;
        };
        let mut walk = Relationships {
            owner: schema.type_name,
            names,
            pointer: Pointer::new(&["Resources", logical_id, "Properties"]),
            findings: &mut *findings,
        };
        walk.object(schema.properties, properties);
    }
}

/// Whether a value of `shape` holds, at some depth, a property with relationships. The generated
/// tables are static: each object's answer is worked out once per thread.
fn reaches_relationships(shape: &crate::schema::Shape) -> bool {
    use crate::schema::Shape;
    use std::cell::RefCell;
    thread_local! {
        static KNOWN: RefCell<super::schema::Fast<usize, bool>> = RefCell::default();
    }
    match shape {
        Shape::List(item) | Shape::Map(item) => reaches_relationships(item),
        Shape::Object(_, properties) => {
            let key = properties.as_ptr() as usize;
            if let Some(known) = KNOWN.with(|k| k.borrow().get(&key).copied()) {
                return known;
            }
            let answer = properties
                .iter()
                .any(|p| !p.relationships.is_empty() || reaches_relationships(&p.shape));
            KNOWN.with(|k| k.borrow_mut().insert(key, answer));
            answer
        }
        _ => false,
    }
}

/// The walk of one resource's properties, nested objects included, for the fields with
/// relationships.
struct Relationships<'a, 'n, 'f> {
    owner: &'static str,
    names: &'n Index<'a>,
    pointer: Pointer<'a>,
    findings: &'f mut Vec<Finding>,
}

impl<'a> Relationships<'a, '_, '_> {
    fn object(&mut self, properties: &'static [crate::schema::PropertySchema], node: &'a Node) {
        for property in properties {
            // Most properties neither refer to resources nor hold objects that do.
            if property.relationships.is_empty() && !reaches_relationships(&property.shape) {
                continue;
            }
            let Some(value) = node.get(property.name) else {
                continue;
            };
            self.pointer.push(Segment::Key(property.name));
            if !property.relationships.is_empty() {
                match (&property.shape, value.as_sequence()) {
                    (crate::schema::Shape::List(_), Some(items)) => {
                        for (index, item) in items.iter().enumerate() {
                            self.pointer.push(Segment::Index(index));
                            self.judge(property, item);
                            self.pointer.pop();
                        }
                    }
                    (crate::schema::Shape::List(_), None) => {}
                    _ => self.judge(property, value),
                }
            }
            self.nested(&property.shape, value);
            self.pointer.pop();
        }
    }

    /// Into the objects a value of `shape` holds (directly, or as items of a list or map).
    fn nested(&mut self, shape: &crate::schema::Shape, node: &'a Node) {
        use crate::schema::Shape;
        match shape {
            Shape::Object(_, properties) => self.object(properties, node),
            Shape::List(item @ Shape::Object(..)) => {
                for (index, child) in node.as_sequence().unwrap_or_default().iter().enumerate() {
                    self.pointer.push(Segment::Index(index));
                    self.nested(item, child);
                    self.pointer.pop();
                }
            }
            Shape::Map(item @ Shape::Object(..)) => {
                for (key, child) in node.as_mapping().unwrap_or_default() {
                    self.pointer.push(Segment::Key(key));
                    self.nested(item, child);
                    self.pointer.pop();
                }
            }
            _ => {}
        }
    }

    fn judge(&mut self, property: &crate::schema::PropertySchema, node: &Node) {
        if let Some((rule, message, help)) = judge_reference(self.owner, property, node, self.names)
        {
            self.findings.push(Finding {
                path: self.pointer.render(),
                span: node.span,
                rule,
                severity: Severity::Error,
                message,
                help,
                source: None,
            });
        }
    }
}

/// The reference a value makes, as `(resource, attribute)`: a bare `Ref`/`Fn::GetAtt`, an
/// `Fn::Sub` that is exactly one `${Name}` or `${Name.Attribute}` (the same thing), and, in a
/// field whose value is built around the reference in a documented form (`composed`:
/// `integrations/{IntegrationId}`), the one reference of an `Fn::Sub` or `Fn::Join`.
fn reference_in(node: &Node, composed: bool) -> Option<(&str, Option<&str>)> {
    let [(function, args)] = node.as_mapping()? else {
        return None;
    };
    match function.as_str() {
        "Ref" => Some((args.as_str()?, None)),
        "Fn::GetAtt" => get_att_args(args).map(|(r, a)| (r, Some(a))),
        "Fn::Sub" => {
            // Only the string form: with variables, a name may be one of them.
            let text = args.as_str()?;
            let mut names = super::same_api::sub_names(text)
                .into_iter()
                .filter(|name| !name.starts_with("AWS::"));
            let name = names.next()?;
            let whole = text.len() == name.len() + 3;
            if names.next().is_some() || !(whole || composed) {
                return None;
            }
            Some(match name.split_once('.') {
                Some((r, a)) => (r, Some(a)),
                None => (name, None),
            })
        }
        "Fn::Join" if composed => {
            let [_, parts] = args.as_sequence()? else {
                return None;
            };
            let mut references = parts
                .as_sequence()?
                .iter()
                .filter(|p| p.intrinsic_name().is_some());
            let only = references.next()?;
            if references.next().is_some() {
                return None;
            }
            reference_in(only, false)
        }
        _ => None,
    }
}

/// The finding for one value of a field with relationships, if it is certainly wrong: its rule,
/// message and help (the reference to write instead, where there is one).
fn judge_reference(
    owner: &str,
    property: &crate::schema::PropertySchema,
    node: &Node,
    names: &Index<'_>,
) -> Option<(&'static str, String, Option<String>)> {
    let composed = property.expects == Some(crate::schema::Expects::Composed);
    let (target, attribute) = reference_in(node, composed)?;
    let target_type = names.type_of(target)?;
    if !fixed_by_type(target_type) {
        return None;
    }
    // Only formatted for a finding.
    let field = || format!("`{}` of `{owner}`", property.name);
    let how = || match attribute {
        None => format!("Ref {target:?}"),
        Some(a) => format!("Fn::GetAtt {target}.{a}"),
    };
    let wanted: Vec<&(&str, &str)> = property
        .relationships
        .iter()
        .filter(|(t, _)| *t == target_type)
        .collect();
    if wanted.is_empty() {
        let open = crate::OPEN_RELATIONSHIPS
            .iter()
            .any(|&(t, p)| t == owner && p == property.name);
        if open {
            return None;
        }
        let allowed: Vec<&str> = property.relationships.iter().map(|(t, _)| *t).collect();
        return Some((
            "ref-type",
            format!(
                "{} refers to {}, but {} names a `{target_type}`",
                field(),
                allowed.join(" or "),
                how()
            ),
            None,
        ));
    }
    let via = |(t, p): &&(&str, &str)| {
        crate::RELATIONSHIP_VIA
            .iter()
            .find(|(vt, vp, _)| vt == t && vp == p)
            .map(|(_, _, via)| *via)
    };
    let fits = wanted.iter().any(|r| match (attribute, via(r)) {
        // `Ref` returns the value.
        (None, Some(None)) => true,
        // `Ref` returns it; another attribute may too (a security group's `GroupId` is its
        // `Ref`), unless its name says it identifies something else.
        (Some(a), Some(None)) => a == r.1 || !names_another_thing(a, target_type),
        (Some(a), Some(Some(needed))) => a == needed || a == r.1,
        (None, Some(Some(_))) => false,
        (_, None) => true,
    });
    if fits {
        return None;
    }
    let needed: Vec<String> = wanted
        .iter()
        .filter_map(|r| {
            via(r).map(|v| match v {
                Some(a) => format!("`Fn::GetAtt {target}.{a}`"),
                None => format!("`Ref {target}`"),
            })
        })
        .collect();
    Some((
        "ref-attribute",
        format!(
            "{} takes the `{}` of a `{target_type}`, which {} does not return",
            field(),
            wanted[0].1,
            how(),
        ),
        (!needed.is_empty()).then(|| format!("use {}", needed.join(" or "))),
    ))
}

/// Whether the attribute `attribute` of a `type_name` identifies something other than the
/// resource, by the naming rule of identifiers: `<Subject>Id`, `<Subject>Arn`, `<Subject>Name`
/// (and plurals) identify the subject, and the subject of a resource's own identifiers ends its
/// type's name (`SubnetId` of an `AWS::EC2::Subnet`, `GroupId` of an `AWS::EC2::SecurityGroup`;
/// a bare `Id` or `Arn` has none). So a security group's `VpcId`, a REST API's
/// `RootResourceId` and a domain name's `RegionalDomainName` name other things.
fn names_another_thing(attribute: &str, type_name: &str) -> bool {
    let singular = attribute.strip_suffix('s').unwrap_or(attribute);
    let subject = ["Id", "Arn", "Name"]
        .iter()
        .find_map(|suffix| singular.strip_suffix(suffix));
    let Some(subject) = subject.filter(|s| !s.is_empty()) else {
        return false;
    };
    let own = type_name.rsplit("::").next().unwrap_or(type_name);
    !own.ends_with(subject)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{PropertySchema, Shape};

    static INNER: [PropertySchema; 1] = [PropertySchema::optional("ApiId", Shape::String)
        .refers_to(&[("AWS::ApiGatewayV2::Api", "ApiId")])];
    static OUTER: [PropertySchema; 1] = [PropertySchema::optional(
        "Nested",
        Shape::List(&Shape::Object("Inner", &INNER)),
    )];

    #[test]
    fn relationships_are_judged_at_any_depth() {
        let text = br#"{"Nested": [{"ApiId": {"Ref": "Api"}}, {"ApiId": {"Ref": "Fn"}}]}"#;
        let node = crate::syntax::parse(text).unwrap().0;
        let template = crate::syntax::parse(
            br#"{"Resources": {"Api": {"Type": "AWS::ApiGatewayV2::Api"}, "Fn": {"Type": "AWS::Lambda::Function"}}}"#,
        )
        .unwrap()
        .0;
        let names = Index::of(&template);
        let mut findings = Vec::new();
        let mut walk = Relationships {
            owner: "Test::Type",
            names: &names,
            pointer: Pointer::new(&["Resources", "R", "Properties"]),
            findings: &mut findings,
        };
        walk.object(&OUTER, &node);
        let found: Vec<(&str, &str)> = findings.iter().map(|f| (f.rule, f.path.as_str())).collect();
        assert_eq!(
            found,
            [("ref-type", "/Resources/R/Properties/Nested/1/ApiId")]
        );
    }

    #[test]
    fn attribute_names_say_what_they_identify() {
        let cases = [
            ("GroupId", "AWS::EC2::SecurityGroup", false),
            ("Id", "AWS::EC2::SecurityGroup", false),
            ("Arn", "AWS::Lambda::Function", false),
            ("SubnetId", "AWS::EC2::Subnet", false),
            ("VpcId", "AWS::EC2::SecurityGroup", true),
            ("RootResourceId", "AWS::ApiGateway::RestApi", true),
            ("RegionalDomainName", "AWS::ApiGatewayV2::DomainName", true),
            ("DomainNameArn", "AWS::ApiGatewayV2::DomainName", false),
            ("ApiEndpoint", "AWS::ApiGatewayV2::Api", false),
        ];
        for (attribute, type_name, other) in cases {
            assert_eq!(
                names_another_thing(attribute, type_name),
                other,
                "{attribute} of {type_name}"
            );
        }
    }
}
