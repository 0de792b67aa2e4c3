//! The value-kind table (`values/resource-values.json`): for every CloudFormation resource type,
//! what `Ref` returns and what each `Fn::GetAtt` attribute returns, as a kind (an ARN, an id, a
//! name, a URL, a number, some other string) and a shape (one value or a list).
//!
//! The facts come from two upstream sources, classified by one rule ([`classify`]):
//! - the registry schemas in `cfn-lint` (every type of `providers/us-east-1.json`): the primary
//!   identifier, and for each read-only or identifier property its JSON type, its `format`
//!   (`AWS::IAM::Role.Arn`, `uri`) and whether its `pattern` requires `arn:`;
//! - the CDK service database: `cfnRefIdentifier` (what `Ref` returns where it is not the
//!   primary identifier: an `AWS::Events::Rule` returns its name, not its ARN) and the attributes
//!   `Fn::GetAtt` accepts, with their types.
//!
//! A type's entry is one string: the kind of its `Ref`, then `Attribute:kind` for each attribute,
//! separated by spaces (`"name Arn:arn RoleId:id"`). Kinds: `arn`, `id`, `name`, `url`,
//! `number`, `string` (a string of no known kind); a list is `list` or `list:<kind>`. An
//! attribute of another shape (an object) is left out: nothing is known of it.

use std::collections::BTreeMap;

use serde_json::Value;

/// What the registry schema says of one property: enough to classify it.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct PropertyFacts {
    /// `"string"`, `"array"`, `"integer"`, `"object"`, ...
    pub(crate) json_type: Option<String>,
    /// The `format` (`AWS::IAM::Role.Arn`, `uri`), of the property or, for a list, its items.
    pub(crate) format: Option<String>,
    /// The `pattern` requires the value to start with `arn:`.
    pub(crate) arn_pattern: bool,
    /// The first example value its documentation gives (`` For example: `https://…` ``).
    pub(crate) example: Option<String>,
    /// Its description says it is the resource's id ("The ID of the namespace.", "The unique
    /// identifier for the service.").
    pub(crate) described_as_id: bool,
}

/// One resource type's registry facts.
#[derive(Debug, Default, Clone)]
pub(crate) struct RegistryFacts {
    /// The primary identifier's property names (`/properties/` stripped; nested ones keep `/`).
    pub(crate) primary_identifier: Vec<String>,
    /// Read-only and identifier properties by name (nested ones as `A.B`).
    pub(crate) properties: BTreeMap<String, PropertyFacts>,
    /// The read-only properties (nested ones as `A.B`): the attributes, where the service
    /// database does not list them.
    pub(crate) read_only: Vec<String>,
}

/// Reads the facts of one registry schema.
pub(crate) fn registry_facts(schema: &Value) -> RegistryFacts {
    let names = |key: &str| -> Vec<String> {
        schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter_map(|p| p.strip_prefix("/properties/"))
            .map(str::to_owned)
            .collect()
    };
    let primary_identifier = names("primaryIdentifier");
    let read_only = names("readOnlyProperties");
    let mut properties = BTreeMap::new();
    for name in read_only.iter().chain(&primary_identifier) {
        if let Some(node) = resolve_property(schema, name) {
            properties.insert(name.replace('/', "."), facts_of(schema, node));
        }
    }
    RegistryFacts {
        primary_identifier,
        properties,
        read_only: read_only.iter().map(|n| n.replace('/', ".")).collect(),
    }
}

/// The schema of `/properties/A/B/...`, following `$ref`s to `#/definitions/...`.
fn resolve_property<'a>(schema: &'a Value, path: &str) -> Option<&'a Value> {
    let mut node = schema.get("properties")?;
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            node = follow(schema, node).get("properties")?;
        }
        node = follow(schema, node.get(segment)?);
    }
    Some(node)
}

/// `node`, or what its `$ref` points to (a few hops at most: cycles end the walk).
fn follow<'a>(schema: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..8 {
        match node
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|pointer| schema.pointer(pointer))
        {
            Some(target) => node = target,
            None => break,
        }
    }
    node
}

fn facts_of(schema: &Value, node: &Value) -> PropertyFacts {
    let text = |n: &Value, key: &str| n.get(key).and_then(Value::as_str).map(str::to_owned);
    let json_type = text(node, "type");
    let items = node.get("items").map(|i| follow(schema, i));
    let format = text(node, "format").or_else(|| items.and_then(|i| text(i, "format")));
    let pattern = text(node, "pattern").or_else(|| items.and_then(|i| text(i, "pattern")));
    PropertyFacts {
        json_type,
        format,
        arn_pattern: pattern.is_some_and(|p| p.starts_with("^arn:") || p.starts_with("arn:")),
        example: node
            .get("description")
            .and_then(Value::as_str)
            .and_then(crate::docs::example_value),
        described_as_id: node
            .get("description")
            .and_then(Value::as_str)
            .is_some_and(describes_an_id),
    }
}

/// Whether a description opens by calling the value an id: "The ID of …", "The unique
/// identifier for …", "The id that uniquely identifies …".
fn describes_an_id(description: &str) -> bool {
    let lower = description.trim_start().to_ascii_lowercase();
    let rest = lower.strip_prefix("the ").unwrap_or(&lower);
    let rest = rest.strip_prefix("unique ").unwrap_or(rest);
    ["id ", "id.", "identifier ", "identifier."]
        .iter()
        .any(|word| rest.starts_with(word))
}

/// The kind of a string named `name` with these facts: one rule for every type.
///
/// 1. A `format` naming a CloudFormation value (`AWS::IAM::Role.Arn`, `AWS::EC2::Subnet.Ids`)
///    gives the kind its last word names; `uri` is a URL.
/// 2. A pattern that requires `arn:` is an ARN.
/// 3. Otherwise the name's last word: `…Arn`/`…ARN`, `…Url`/`…URL`, `…Name`, `…Id`/`…ID`
///    (a property named just `Id` says nothing by its name: an `AWS::SecretsManager::Secret`'s
///    `Id` is its ARN, an `AWS::EC2::SecurityGroup`'s a name or an id; it is an id when its
///    description opens by saying so: "The ID of the namespace.").
/// 4. Otherwise the documentation's example value: `arn:…` is an ARN, `https://…`, `http://…`,
///    `wss://…` or `s3://…` a URL (an `AWS::ApiGatewayV2::Api`'s `ApiEndpoint`).
/// 5. Otherwise a string of no known kind.
pub(crate) fn classify(name: &str, facts: Option<&PropertyFacts>) -> &'static str {
    if let Some(format) = facts.and_then(|f| f.format.as_deref()) {
        if format == "uri" {
            return "url";
        }
        if let Some((_, value)) = format
            .strip_prefix("AWS::")
            .and_then(|f| f.rsplit_once('.'))
        {
            // The format names the value itself: `…HostedZone.Id` is an id.
            let value = value.strip_suffix('s').unwrap_or(value);
            for (suffix, kind) in [("Arn", "arn"), ("Id", "id"), ("Name", "name")] {
                if value.ends_with(suffix) {
                    return kind;
                }
            }
        }
    }
    if facts.is_some_and(|f| f.arn_pattern) {
        return "arn";
    }
    // A bare `Id` says nothing by its name; its description may.
    if name == "Id" && facts.is_some_and(|f| f.described_as_id) {
        return "id";
    }
    match (by_name(name), facts.and_then(|f| f.example.as_deref())) {
        ("string", Some(e)) if e.starts_with("arn:") => "arn",
        ("string", Some(e)) if crate::docs::URL_SCHEMES.iter().any(|s| e.starts_with(s)) => "url",
        (kind, _) => kind,
    }
}

/// Rule 3 of [`classify`].
fn by_name(name: &str) -> &'static str {
    let last = name.rsplit('.').next().unwrap_or(name);
    if last.ends_with("Arn") || last.ends_with("ARN") {
        "arn"
    } else if last.ends_with("Url") || last.ends_with("URL") {
        "url"
    } else if last.ends_with("Name") {
        "name"
    } else if (last.ends_with("Id") || last.ends_with("ID")) && last.len() > 2 {
        "id"
    } else {
        "string"
    }
}

/// The kind of a value with JSON type `json_type` (`None`: a string): `None` for objects and
/// anything else nothing is known of.
fn kind_of(name: &str, json_type: Option<&str>, facts: Option<&PropertyFacts>) -> Option<String> {
    match json_type.unwrap_or("string") {
        "string" => Some(classify(name, facts).to_owned()),
        "integer" | "number" => Some("number".to_owned()),
        "boolean" => Some("string".to_owned()),
        "array" => {
            let singular = name.strip_suffix('s').unwrap_or(name);
            Some(match classify(singular, facts) {
                "string" => "list".to_owned(),
                kind => format!("list:{kind}"),
            })
        }
        _ => None,
    }
}

/// The service database's view of one type: `cfnRefIdentifier` and the attributes with their
/// types.
#[derive(Debug, Default, Clone)]
pub(crate) struct ServiceFacts {
    /// `cfnRefIdentifier`, else `primaryIdentifier`.
    pub(crate) ref_identifier: Vec<String>,
    /// Attribute name → JSON type (`string`, `array`, `integer`, ...; `ref` for an object).
    pub(crate) attributes: BTreeMap<String, String>,
    /// Attribute name → the first example value of its documentation.
    pub(crate) examples: BTreeMap<String, String>,
}

/// Reads the service database's resource entities: type name → facts.
pub(crate) fn service_facts<'a>(
    entities: impl IntoIterator<Item = &'a Value>,
) -> BTreeMap<String, ServiceFacts> {
    let mut out = BTreeMap::new();
    for entity in entities {
        let Some(type_name) = entity.get("cloudFormationType").and_then(Value::as_str) else {
            continue;
        };
        let list = |key: &str| -> Option<Vec<String>> {
            let items = entity.get(key)?.as_array()?;
            Some(
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
            )
        };
        let ref_identifier = list("cfnRefIdentifier")
            .or_else(|| list("primaryIdentifier"))
            .unwrap_or_default();
        let declared = || {
            entity
                .get("attributes")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
        };
        let examples = declared()
            .filter_map(|(name, a)| {
                let doc = a.get("documentation")?.as_str()?;
                Some((name.clone(), crate::docs::example_value(doc)?))
            })
            .collect();
        let attributes = declared()
            .map(|(name, a)| {
                let t = a
                    .pointer("/type/type")
                    .and_then(Value::as_str)
                    .unwrap_or("ref");
                (name.clone(), t.to_owned())
            })
            .collect();
        out.insert(
            type_name.to_owned(),
            ServiceFacts {
                ref_identifier,
                attributes,
                examples,
            },
        );
    }
    out
}

/// The table entry of one type, from whichever sources have it.
pub(crate) fn entry(registry: Option<&RegistryFacts>, service: Option<&ServiceFacts>) -> String {
    let facts = |name: &str| registry.and_then(|r| r.properties.get(name));
    let ref_identifier = service
        .map(|s| &s.ref_identifier)
        .filter(|ids| !ids.is_empty())
        .or(registry.map(|r| &r.primary_identifier));
    // `Ref` of a type with a composite identifier returns the parts joined by `|`.
    let ref_kind = match ref_identifier.map(Vec::as_slice) {
        Some([one]) => {
            let name = one.replace('/', ".");
            classify(&name, facts(&name))
        }
        _ => "string",
    };
    let mut out = ref_kind.to_owned();
    let attributes: BTreeMap<String, Option<String>> = match service {
        Some(s) => s
            .attributes
            .iter()
            .map(|(name, t)| {
                let mut f = facts(name).cloned().unwrap_or_default();
                if f.example.is_none() {
                    f.example = s.examples.get(name).cloned();
                }
                (name.clone(), kind_of(name, Some(t), Some(&f)))
            })
            .collect(),
        None => registry
            .into_iter()
            .flat_map(|r| &r.read_only)
            .map(|name| {
                let f = facts(name);
                let kind = kind_of(name, f.and_then(|f| f.json_type.as_deref()), f);
                (name.clone(), kind)
            })
            .collect(),
    };
    for (name, kind) in attributes {
        if let Some(kind) = kind {
            out.push(' ');
            out.push_str(&name);
            out.push(':');
            out.push_str(&kind);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn classification_table() {
        let fmt = |f: &str| PropertyFacts {
            format: Some(f.to_owned()),
            ..PropertyFacts::default()
        };
        let arn = PropertyFacts {
            arn_pattern: true,
            ..PropertyFacts::default()
        };
        let doc = |d: &str| PropertyFacts {
            example: crate::docs::example_value(d),
            ..PropertyFacts::default()
        };
        let cases: [(&str, Option<PropertyFacts>, &str); 17] = [
            (
                "ApiEndpoint",
                Some(doc(
                    "The default endpoint. For example: `https://abc.execute-api.us-west-2.amazonaws.com` .",
                )),
                "url",
            ),
            (
                "Target",
                Some(doc("An ARN such as `arn:aws:sqs:us-east-1:1:q`.")),
                "arn",
            ),
            // The name decides first; no example, no kind.
            ("TopicName", Some(doc("such as `arn:aws:sns:x`")), "name"),
            ("Arn", None, "arn"),
            ("TopicARN", None, "arn"),
            ("QueueUrl", None, "url"),
            ("RoleName", None, "name"),
            ("RoleId", None, "id"),
            // A bare `Id` is anything, unless its description says it is an id.
            ("Id", None, "string"),
            (
                "Id",
                Some(PropertyFacts {
                    described_as_id: describes_an_id("The unique identifier for the service."),
                    ..PropertyFacts::default()
                }),
                "id",
            ),
            (
                "Id",
                Some(PropertyFacts {
                    described_as_id: describes_an_id("The group name or group ID depending on …"),
                    ..PropertyFacts::default()
                }),
                "string",
            ),
            ("Id", Some(fmt("AWS::Route53::HostedZone.Id")), "id"),
            ("GroupId", Some(fmt("AWS::EC2::SecurityGroup.Ids")), "id"),
            ("WebsiteURL", Some(fmt("uri")), "url"),
            ("Certificate", Some(arn), "arn"),
            ("SnapStartResponse.ApplyOn", None, "string"),
            ("Endpoint.Address", None, "string"),
        ];
        for (name, facts, kind) in cases {
            assert_eq!(classify(name, facts.as_ref()), kind, "{name} {facts:?}");
        }
    }

    #[test]
    fn registry_facts_follow_refs_and_nesting() {
        let schema = json!({
            "typeName": "AWS::X::Y",
            "definitions": {"Ids": {"type": "array", "items": {"type": "string", "format": "AWS::EC2::Subnet.Id"}}},
            "properties": {
                "Name": {"type": "string"},
                "Arn": {"type": "string", "pattern": "^arn:aws:.*"},
                "SubnetIds": {"$ref": "#/definitions/Ids"},
                "Endpoint": {"type": "object", "properties": {"Port": {"type": "integer"}}}
            },
            "primaryIdentifier": ["/properties/Name"],
            "readOnlyProperties": ["/properties/Arn", "/properties/SubnetIds", "/properties/Endpoint/Port"]
        });
        let facts = registry_facts(&schema);
        assert_eq!(facts.primary_identifier, ["Name"]);
        assert_eq!(
            entry(Some(&facts), None),
            "name Arn:arn Endpoint.Port:number SubnetIds:list:id"
        );
    }

    #[test]
    fn service_database_decides_ref_and_attributes() {
        let entities = json!([
            {"cloudFormationType": "AWS::Events::Rule", "primaryIdentifier": ["Arn"],
                  "cfnRefIdentifier": ["EventBusName", "Name"],
                  "attributes": {"Arn": {"type": {"type": "string"}}}},
            {"cloudFormationType": "AWS::SQS::Queue", "primaryIdentifier": ["QueueUrl"],
                  "attributes": {"Arn": {"type": {"type": "string"}}, "QueueUrl": {"type": {"type": "string"}},
                                 "Tags": {"type": {"type": "ref"}}, "Zones": {"type": {"type": "array"}}}}
        ]);
        let service = service_facts(entities.as_array().unwrap());
        // A composite `Ref` is a string of no known kind.
        assert_eq!(
            entry(None, service.get("AWS::Events::Rule")),
            "string Arn:arn"
        );
        assert_eq!(
            entry(None, service.get("AWS::SQS::Queue")),
            "url Arn:arn QueueUrl:url Zones:list"
        );
    }
}
