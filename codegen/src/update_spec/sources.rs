//! The four upstream packages, each archive read once and its files parsed once, for slicing any
//! number of namespaces: `update-spec` (the root service alone, or with every other namespace of
//! the registry), `survey`, and `slice_package` (one package).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

use super::archive::{Package, Upstream};
use super::json::Doc;
use super::manifest::sha256_hex;
use super::service::Service;
use super::{
    CFNLINT_OLD_PROVIDERS, CFNLINT_PROVIDERS, CFNSPEC_DOCS, CFNSPEC_SPEC, SERVICE_SPEC_DB,
    UpdateSpecError, Versions, gunzip, open_packages, slice,
};

/// Which namespaces the packages are read for.
#[derive(Clone, Copy)]
pub(crate) enum Scope<'s> {
    /// One service: only its API model is read (and, in cfn-lint's old layout, only its schemas).
    One(&'s Service),
    /// Every namespace of the registry.
    All,
}

/// The four packages, read.
pub(crate) struct Sources {
    /// The version of each package, from its own metadata.
    pub(crate) versions: Versions,
    pub(crate) legacy: Legacy,
    pub(crate) lint: Lint,
    pub(crate) db: Db,
    pub(crate) botocore: Botocore,
}

impl Sources {
    /// Opens and identifies every archive given with `--from` (all four must be there), then
    /// reads what `scope` needs from each, once.
    pub(crate) fn load(from: &[PathBuf], scope: Scope<'_>) -> Result<Self, UpdateSpecError> {
        let mut packages = open_packages(from)?;
        let versions = Versions::of_packages(packages.0.values());
        let legacy = Legacy::load(packages.take(Upstream::CfnSpec)?)?;
        let lint = Lint::load(packages.take(Upstream::CfnLint)?, scope)?;
        let db = Db::load(packages.take(Upstream::ServiceSpec)?)?;
        let dirs: Vec<String> = match scope {
            Scope::One(service) => vec![slice::botocore_dir(&service.name)],
            Scope::All => lint
                .namespaces()
                .keys()
                .filter_map(|namespace| namespace.split("::").nth(1))
                .map(slice::botocore_dir)
                .collect(),
        };
        let botocore = Botocore::load(packages.take(Upstream::Botocore)?, &dirs)?;
        Ok(Sources {
            versions,
            legacy,
            lint,
            db,
            botocore,
        })
    }
}

/// `@aws-cdk/cfnspec`: the legacy specification and its documentation, as stored.
pub(crate) struct Legacy {
    pub(crate) package: Package,
    spec_bytes: Vec<u8>,
    docs_bytes: Vec<u8>,
    /// SHA-256 of each file as stored (hashed once, however many services are sliced).
    pub(crate) spec_sha256: String,
    pub(crate) docs_sha256: String,
}

impl Legacy {
    pub(crate) fn load(mut package: Package) -> Result<Self, UpdateSpecError> {
        let mut files = package.archive.read_many(&[CFNSPEC_SPEC, CFNSPEC_DOCS])?;
        let spec_bytes = files.remove(CFNSPEC_SPEC).unwrap_or_default();
        let docs_bytes = files.remove(CFNSPEC_DOCS).unwrap_or_default();
        Ok(Legacy {
            spec_sha256: sha256_hex(&spec_bytes),
            docs_sha256: sha256_hex(&docs_bytes),
            spec_bytes,
            docs_bytes,
            package,
        })
    }

    /// Both files, parsed.
    pub(crate) fn parse(&self) -> Result<LegacyDocs<'_>, UpdateSpecError> {
        let archive = self.package.archive.path();
        Ok(LegacyDocs {
            source: self,
            spec: Doc::parse(archive, CFNSPEC_SPEC, &self.spec_bytes)?,
            docs: Doc::parse(archive, CFNSPEC_DOCS, &self.docs_bytes)?,
        })
    }
}

/// [`Legacy`], parsed.
pub(crate) struct LegacyDocs<'s> {
    pub(crate) source: &'s Legacy,
    pub(crate) spec: Doc<'s>,
    pub(crate) docs: Doc<'s>,
}

/// One registry schema of cfn-lint, as stored and parsed.
pub(crate) struct Schema {
    /// Its path inside the wheel.
    pub(crate) path: String,
    pub(crate) bytes: Vec<u8>,
    pub(crate) value: Value,
}

/// `cfn-lint`: the registry schemas by type name.
pub(crate) struct Lint {
    pub(crate) package: Package,
    /// The us-east-1 provider map as stored; `None` in releases before it (the old layout).
    pub(crate) providers: Option<Vec<u8>>,
    /// Type name → schema: every type of the provider map; in the old layout, the schemas under
    /// `providers/us_east_1/` (every one, or those named like the one service's), by their own
    /// `typeName`.
    pub(crate) schemas: BTreeMap<String, Schema>,
}

impl Lint {
    pub(crate) fn load(mut package: Package, scope: Scope<'_>) -> Result<Self, UpdateSpecError> {
        let archive = package.archive.path().to_path_buf();
        let names = package.archive.names()?;
        let providers = if names.iter().any(|n| n == CFNLINT_PROVIDERS) {
            Some(package.archive.read(CFNLINT_PROVIDERS)?)
        } else {
            None
        };
        let paths: BTreeMap<String, String> = match &providers {
            Some(bytes) => {
                let doc = Doc::parse(&archive, CFNLINT_PROVIDERS, bytes)?;
                slice::schema_ids(&doc, "")?
                    .into_iter()
                    .map(|(type_name, id)| {
                        let path = format!("cfnlint/data/schemas/resources/{id}.json");
                        (path, type_name)
                    })
                    .collect()
            }
            None => old_layout_paths(&names, scope),
        };
        let wanted: Vec<&str> = paths.keys().map(String::as_str).collect();
        let mut files = package.archive.read_many(&wanted)?;
        let mut schemas = BTreeMap::new();
        for (path, listed_type) in paths {
            let bytes = files.remove(&path).unwrap_or_default();
            let value = Doc::parse(&archive, &path, &bytes)?.value;
            // The old layout names no type: each schema declares its own.
            let type_name = if listed_type.is_empty() {
                match value.get("typeName").and_then(Value::as_str) {
                    Some(name) => name.to_owned(),
                    None => continue,
                }
            } else {
                listed_type
            };
            schemas.insert(type_name, Schema { path, bytes, value });
        }
        Ok(Lint {
            package,
            providers,
            schemas,
        })
    }

    /// The namespaces (`AWS::Lambda`) of the schemas, each with its type names, sorted.
    pub(crate) fn namespaces(&self) -> BTreeMap<String, Vec<&str>> {
        let mut namespaces: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for type_name in self.schemas.keys() {
            let mut parts = type_name.split("::");
            if let (Some(vendor), Some(service), Some(_)) =
                (parts.next(), parts.next(), parts.next())
            {
                namespaces
                    .entry(format!("{vendor}::{service}"))
                    .or_default()
                    .push(type_name);
            }
        }
        namespaces
    }

    /// The schemas of the types starting with `prefix`.
    pub(crate) fn of_service<'l>(
        &'l self,
        prefix: &'l str,
    ) -> impl Iterator<Item = (&'l String, &'l Schema)> + 'l {
        self.schemas
            .range(prefix.to_owned()..)
            .take_while(move |(type_name, _)| type_name.starts_with(prefix))
    }
}

/// Releases of cfn-lint before the provider map keep one schema per type under
/// `providers/us_east_1/`, named like ours: every one, or those of the one service. The type is
/// read from each file (an empty type name here).
fn old_layout_paths(names: &[String], scope: Scope<'_>) -> BTreeMap<String, String> {
    let stem = match scope {
        Scope::One(service) => slice::schema_file_name(&service.prefix)
            .trim_end_matches(".json")
            .to_owned(),
        Scope::All => String::new(),
    };
    names
        .iter()
        .filter(|n| {
            n.strip_prefix(CFNLINT_OLD_PROVIDERS)
                .and_then(|file| file.strip_prefix(stem.as_str()))
                .and_then(|rest| rest.strip_suffix(".json"))
                .is_some_and(|rest| !rest.is_empty() && !rest.contains('/'))
        })
        .map(|n| (n.clone(), String::new()))
        .collect()
}

/// `@aws-cdk/aws-service-spec`: the service database, compressed as stored and decompressed.
pub(crate) struct Db {
    pub(crate) package: Package,
    /// SHA-256 of `db.json.gz` as stored.
    pub(crate) gz_sha256: String,
    json: Vec<u8>,
}

impl Db {
    pub(crate) fn load(mut package: Package) -> Result<Self, UpdateSpecError> {
        let gz = package.archive.read(SERVICE_SPEC_DB)?;
        let json = gunzip(package.archive.path(), SERVICE_SPEC_DB, &gz)?;
        Ok(Db {
            package,
            gz_sha256: sha256_hex(&gz),
            json,
        })
    }

    /// The database, parsed.
    pub(crate) fn parse(&self) -> Result<Doc<'_>, UpdateSpecError> {
        Doc::parse(self.package.archive.path(), SERVICE_SPEC_DB, &self.json)
    }
}

/// `botocore`: the newest API model of each folder asked for that has one, compressed as stored.
pub(crate) struct Botocore {
    pub(crate) package: Package,
    /// Folder (`apigatewayv2`) → path inside the wheel and compressed bytes.
    pub(crate) models: BTreeMap<String, (String, Vec<u8>)>,
}

impl Botocore {
    pub(crate) fn load(mut package: Package, dirs: &[String]) -> Result<Self, UpdateSpecError> {
        let names = package.archive.names()?;
        let paths: BTreeMap<&str, String> = dirs
            .iter()
            .filter_map(|dir| Some((dir.as_str(), slice::botocore_model_path(&names, dir)?)))
            .collect();
        let wanted: Vec<&str> = paths.values().map(String::as_str).collect();
        let mut files = package.archive.read_many(&wanted)?;
        let models = paths
            .into_iter()
            .map(|(dir, path)| {
                let bytes = files.remove(&path).unwrap_or_default();
                (dir.to_owned(), (path, bytes))
            })
            .collect();
        Ok(Botocore { package, models })
    }
}
