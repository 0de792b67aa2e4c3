//! Every namespace of the registry but the root service's, each sliced into its unit folder
//! `services/<module>/` (`<module>` is [`crate::naming::service_module`]: `lambda`, `ec2`, `ask`),
//! and `services/INDEX.json`, what each source contributed to each unit.

use std::collections::BTreeMap;

use serde_json::Value;

use super::json::{canonical_bytes, pointer_segment};
use super::service::Service;
use super::sources::Lint;
use super::unit::{self, Contribution, Parsed, Place};
use super::{CFNLINT_PROVIDERS, Planned, UpdateSpecError};

/// The folder of the unit folders, in the spec folder.
pub(crate) const SERVICES_DIR: &str = "services";

/// The index of the unit folders.
pub(crate) const INDEX_FILE: &str = "services/INDEX.json";

/// The unit folders' files and their index.
pub(crate) struct ServicesPlan {
    /// Every file of every unit folder.
    pub(crate) planned: Vec<Planned>,
    /// What each source contributed, by namespace.
    pub(crate) units: BTreeMap<String, Contribution>,
    /// `services/INDEX.json`, canonical.
    pub(crate) index: Vec<u8>,
}

/// Slices every namespace of the provider map except `root`'s into its unit folder.
///
/// # Errors
///
/// A namespace that is no valid prefix or has no module name, two namespaces with one module
/// name, or any slicing error.
pub(crate) fn plan(parsed: &Parsed<'_>, root: &Service) -> Result<ServicesPlan, UpdateSpecError> {
    let bad = |type_name: &str, expected: String| UpdateSpecError::Shape {
        archive: parsed.lint.package.archive.path().to_path_buf(),
        inner: CFNLINT_PROVIDERS.to_owned(),
        pointer: format!("/{}", pointer_segment(type_name)),
        expected,
    };
    let mut modules: BTreeMap<String, String> = BTreeMap::new();
    let mut planned = Vec::new();
    let mut units = BTreeMap::new();
    // Units note nothing: the index says what each source had.
    let mut notes = Vec::new();
    for (namespace, types) in parsed.lint.namespaces() {
        if namespace == root.namespace {
            continue;
        }
        let first = types.first().copied().unwrap_or_default();
        let service = Service::parse(&format!("{namespace}::")).map_err(|_| {
            bad(
                first,
                format!("a type in a namespace of two alphanumeric parts, not {namespace}"),
            )
        })?;
        let module = module_of(parsed.lint, &namespace, first)?;
        if let Some(other) = modules.insert(module.clone(), namespace.clone()) {
            return Err(bad(
                first,
                format!(
                    "a namespace whose module name is its own: {namespace} and {other} would \
                     both be services/{module}/"
                ),
            ));
        }
        let (files, contribution) =
            unit::plan_unit(parsed, &service, &Place::unit(&module), &mut notes)?;
        planned.extend(files);
        units.insert(namespace, contribution);
    }
    let index = index_bytes(&units, root)?;
    Ok(ServicesPlan {
        planned,
        units,
        index,
    })
}

/// `services/INDEX.json`: namespace → what each source contributed, with a `$comment`.
fn index_bytes(
    units: &BTreeMap<String, Contribution>,
    root: &Service,
) -> Result<Vec<u8>, UpdateSpecError> {
    let serialize = |value| {
        serde_json::to_value(value).map_err(|source| UpdateSpecError::Serialize {
            file: INDEX_FILE.to_owned(),
            source,
        })
    };
    let mut index = serde_json::Map::new();
    let comment = format!(
        "The unit folders services/<module>/: every namespace of cfn-lint's provider map but \
         {} (the root of the spec folder), with its module, its resource types and what each \
         source contributed: registry_schemas (cfn-lint), legacy_spec and legacy_docs \
         (@aws-cdk/cfnspec; a file with no entries is left out), service_spec (the \
         @aws-cdk/aws-service-spec database; left out without resources) and api_model \
         (botocore's newest model of the service, null when it has none). Written by \
         cfn-codegen update-spec; see spec/README.md.",
        root.namespace
    );
    index.insert("$comment".to_owned(), Value::String(comment));
    for (namespace, contribution) in units {
        index.insert(namespace.clone(), serialize(contribution)?);
    }
    canonical_bytes(INDEX_FILE, Value::Object(index))
}

/// The module → namespace map of an existing index, to name the units a run removed.
pub(crate) fn previous_modules(index: &[u8]) -> BTreeMap<String, String> {
    let Ok(Value::Object(index)) = serde_json::from_slice::<Value>(index) else {
        return BTreeMap::new();
    };
    index
        .into_iter()
        .filter_map(|(namespace, entry)| {
            let module = entry.get("module")?.as_str()?.to_owned();
            Some((module, namespace))
        })
        .collect()
}

/// The module (unit folder) of a namespace, or the error naming the provider map entry.
fn module_of(lint: &Lint, namespace: &str, first_type: &str) -> Result<String, UpdateSpecError> {
    crate::naming::service_module(namespace).ok_or_else(|| UpdateSpecError::Shape {
        archive: lint.package.archive.path().to_path_buf(),
        inner: CFNLINT_PROVIDERS.to_owned(),
        pointer: format!("/{}", pointer_segment(first_type)),
        expected: format!("a namespace with a usable module name (not {namespace})"),
    })
}
