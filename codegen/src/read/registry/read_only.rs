//! Which top-level properties of a registry schema are read-only as a whole (attributes), from
//! `readOnlyProperties`, which may list nested fields only.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

/// Whether the top-level property `name` is read-only as a whole: listed itself in
/// `readOnlyProperties` (`/properties/A`), or an object each of whose properties is (`/properties/
/// A/B` for every `B`, or recursively every property of `B`). RDS's `Endpoint`, whose every field
/// is listed, is an attribute; ECS Gateway's `Configuration`, of which only
/// `/properties/Configuration/HostSharedAlb/CurrentAlbCount` is read-only, is a property.
pub(super) fn wholly_read_only(root: &Map<String, Value>, name: &str) -> bool {
    let listed: BTreeSet<&str> = root
        .get("readOnlyProperties")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let definitions = root.get("definitions").and_then(Value::as_object);
    // The properties of an object schema, through a `$ref` to a definition.
    let fields = |schema: &Value| -> Option<Map<String, Value>> {
        let schema = match schema.get("$ref").and_then(Value::as_str) {
            Some(target) => definitions?.get(target.strip_prefix("#/definitions/")?)?,
            None => schema,
        };
        let properties = schema.get("properties")?.as_object()?;
        (!properties.is_empty()).then(|| properties.clone())
    };
    // Depth-limited: a recursive definition never ends in listed leaves.
    fn covered(
        path: &str,
        schema: &Value,
        listed: &BTreeSet<&str>,
        fields: &dyn Fn(&Value) -> Option<Map<String, Value>>,
        depth: usize,
    ) -> bool {
        listed.contains(path)
            || (depth < 8
                && fields(schema).is_some_and(|children| {
                    children.iter().all(|(n, child)| {
                        covered(&format!("{path}/{n}"), child, listed, fields, depth + 1)
                    })
                }))
    }
    root.get("properties")
        .and_then(|p| p.get(name))
        .is_some_and(|schema| covered(&format!("/properties/{name}"), schema, &listed, &fields, 0))
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value, json};

    use super::wholly_read_only;

    fn schema(read_only: &[&str]) -> Map<String, Value> {
        let value = json!({
            "properties": {
                "Endpoint": {"$ref": "#/definitions/Endpoint"},
                "Configuration": {"type": "object", "properties": {
                    "Alb": {"type": "object", "properties": {
                        "Count": {"type": "integer"}, "Name": {"type": "string"}
                    }},
                    "Logging": {"type": "boolean"}
                }},
                "Arn": {"type": "string"},
                "Name": {"type": "string"}
            },
            "definitions": {"Endpoint": {"type": "object", "properties": {
                "Address": {"type": "string"}, "Port": {"type": "string"}
            }}},
            "readOnlyProperties": read_only
        });
        value.as_object().unwrap().clone()
    }

    #[test]
    fn a_property_is_read_only_only_when_all_of_it_is() {
        let root = schema(&[
            "/properties/Arn",
            "/properties/Endpoint/Address",
            "/properties/Endpoint/Port",
            "/properties/Configuration/Alb/Count",
        ]);
        assert!(wholly_read_only(&root, "Arn"));
        // Every field, through the `$ref`.
        assert!(wholly_read_only(&root, "Endpoint"));
        // One nested field of several.
        assert!(!wholly_read_only(&root, "Configuration"));
        assert!(!wholly_read_only(&root, "Name"));
        let root = schema(&[
            "/properties/Configuration/Alb/Count",
            "/properties/Configuration/Alb/Name",
            "/properties/Configuration/Logging",
        ]);
        assert!(wholly_read_only(&root, "Configuration"));
        assert!(!wholly_read_only(&root, "Endpoint"));
    }
}
