//! The model holds every resource type, property and definition of the vendored registry: for
//! each registry schema in `spec/` and every `spec/services/<module>/` unit, read here with
//! serde_json on its own (not through the generator's reader), its type is a resource of the
//! model, each of its `properties` but the read-only ones is a property of the model (any other
//! property of the model comes from an older source alone and is generated deprecated), every
//! read-only one is an attribute, and each of its `definitions` is a property type.
//! The totals are printed (`cargo test --test registry_counts -- --nocapture`).

use std::collections::BTreeSet;
use std::path::Path;

use cfn_codegen::read::{Shared, read_unit, units};
use serde_json::Value;

#[derive(Default, Debug)]
struct Counts {
    resources: usize,
    properties: usize,
    read_only: usize,
    definitions: usize,
}

#[test]
fn model_counts_equal_the_registry() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let shared = Shared::read(&spec).unwrap();
    let (mut registry, mut model) = (Counts::default(), Counts::default());
    let mut problems = Vec::new();
    for unit in units(&spec).unwrap() {
        let mut inputs = read_unit(&spec, &unit, &shared).unwrap();
        // API models only add constraints; leaving them out keeps this test fast.
        inputs.api_models.clear();
        let services = cfn_codegen::build_model(&inputs).unwrap().services;
        let schemas = std::fs::read_dir(spec.join(&unit).join("schemas")).unwrap();
        for entry in schemas {
            let path = entry.unwrap().path();
            let schema: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let type_name = schema["typeName"].as_str().unwrap();
            let keys = |v: &Value| -> BTreeSet<String> {
                v.as_object()
                    .map(|o| o.keys().cloned().collect())
                    .unwrap_or_default()
            };
            let read_only: BTreeSet<String> = schema["readOnlyProperties"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| p.as_str()?.strip_prefix("/properties/"))
                .filter(|p| !p.contains('/'))
                .map(str::to_owned)
                .collect();
            let mut properties = keys(&schema["properties"]);
            properties.retain(|p| !read_only.contains(p));
            let definitions = keys(&schema["definitions"]);
            registry.resources += 1;
            registry.properties += properties.len();
            registry.read_only += read_only.len();
            registry.definitions += definitions.len();
            let Some(resource) = services
                .iter()
                .flat_map(|s| s.resources.values())
                .find(|r| r.type_name == type_name)
            else {
                problems.push(format!("{type_name}: not in the model"));
                continue;
            };
            model.resources += 1;
            let generated: BTreeSet<&String> = resource.properties.keys().collect();
            let missing: Vec<&String> = properties
                .iter()
                .filter(|p| !generated.contains(p))
                .collect();
            model.properties += properties.len() - missing.len();
            if !missing.is_empty() {
                problems.push(format!(
                    "{type_name}: properties not in the model: {missing:?}"
                ));
            }
            // The model's other properties come from older sources only: generated deprecated.
            let extra: Vec<&String> = resource
                .properties
                .values()
                .filter(|p| !properties.contains(&p.name) && p.deprecated.is_none())
                .map(|p| &p.name)
                .collect();
            if !extra.is_empty() {
                problems.push(format!(
                    "{type_name}: properties the registry schema lacks, not deprecated: {extra:?}"
                ));
            }
            let attributes: Vec<&String> = read_only
                .iter()
                .filter(|a| resource.attributes.contains_key(*a))
                .collect();
            model.read_only += attributes.len();
            if attributes.len() != read_only.len() {
                problems.push(format!(
                    "{type_name}: read-only properties that are no attribute: {:?}",
                    read_only.difference(&resource.attributes.keys().cloned().collect())
                ));
            }
            let missing: Vec<&String> = definitions
                .iter()
                .filter(|d| !resource.property_types.contains_key(*d))
                .collect();
            model.definitions += definitions.len() - missing.len();
            if !missing.is_empty() {
                problems.push(format!(
                    "{type_name}: definitions not in the model: {missing:?}"
                ));
            }
        }
    }
    println!("registry: {registry:?}\nmodel:    {model:?}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(
        (
            registry.resources,
            registry.properties,
            registry.read_only,
            registry.definitions
        ),
        (
            model.resources,
            model.properties,
            model.read_only,
            model.definitions
        )
    );
}
