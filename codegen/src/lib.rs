//! `cfn-codegen`: CloudFormation specification → Rust.
//!
//! The pipeline, in data-flow order; [`generate`] and [`build_model`] below call the stages in
//! this order, so the data flow reads top to bottom there:
//!
//! 1. [`read`]: one reader per upstream input → [`read::Inputs`];
//! 2. [`merge`]: one per-source merger each (registry, legacy, service database) → one
//!    [`model::Service`] per namespace, and the [`ledger`] of every fact read;
//! 3. [`enrich`]: the stages that add to each service what follows from the facts (API model
//!    constraints, the overlay, enums, resolved references);
//! 4. [`emit`]: token streams, formatted by prettyplease, recording each emitted item under its
//!    [`ledger::ItemKey`];
//! 5. [`output`]: files in a directory.
//!
//! Shared by the stages: [`model`] (the data), [`ledger`] (typed fact keys), [`naming`] (every
//! CloudFormation name → Rust name rule), [`docs`] (upstream text → doc comments), [`error`].
//! Beside the pipeline: [`coverage`] (is every normative sentence of the docs accounted for),
//! [`diff`] (two models compared) and `update_spec` (vendoring upstream).
//! `build.rs` of `cfn-apigatewayv2` runs [`generate`] into `OUT_DIR`; the `cfn-codegen` binary
//! runs the same into `generated/` and checks it.

// The pipeline, in data-flow order.
pub mod emit;
pub mod enrich;
pub mod features;
pub mod merge;
pub mod output;
pub mod read;

// Shared by the stages.
pub mod docs;
pub mod error;
pub mod ledger;
pub mod model;
pub mod naming;

// Beside the pipeline.
pub mod coverage;
pub mod diff;
#[cfg(feature = "maintainer")]
pub mod update_spec;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use enrich::api_match::MatchReport;
pub use error::{Error, Result};
use ledger::{FactKind, Ledger};
use model::{PropertyTypeKind, Service, Source};

/// The result of a generation run: files and what went into them.
#[derive(Debug, Clone)]
pub struct Generation {
    /// File contents by path relative to the output directory.
    pub files: BTreeMap<String, String>,
    /// What was read and emitted.
    pub summary: Summary,
    /// The generated services, in module order: the crate's cargo features ([`features`]).
    pub features: Vec<features::ServiceFeature>,
}

/// Counts of a generation run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Services generated.
    pub services: usize,
    /// Resources generated.
    pub resources: usize,
    /// Property types generated (structs and aliases).
    pub property_types: usize,
    /// Properties of resources and property types generated.
    pub properties: usize,
    /// Attributes generated.
    pub attributes: usize,
    /// Deprecated items generated (kept for facts only older sources still state).
    pub deprecated: usize,
    /// Facts read per source and kind.
    pub read: BTreeMap<(Source, FactKind), usize>,
    /// Facts read but superseded, with the reason.
    pub superseded: Vec<String>,
    /// What generation chose not to do with facts it kept, and why.
    pub notes: Vec<String>,
    /// How the API model matched the properties.
    pub api_model: MatchReport,
    /// Inconsistent upstream data generation went on without (`file: at /json/path: what`).
    pub warnings: Vec<String>,
    /// How the documentation's normative sentences are accounted for.
    pub coverage: coverage::Coverage,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} resources, {} property types, {} properties, {} attributes ({} deprecated items)",
            self.resources, self.property_types, self.properties, self.attributes, self.deprecated
        )
    }
}

impl Summary {
    /// A multi-line report: the counts per source and the superseded facts.
    pub fn report(&self) -> String {
        let mut out = format!("{self}\nread:\n");
        let mut last = None;
        for ((source, kind), n) in &self.read {
            if last != Some(*source) {
                out.push_str(&format!("  {source:?}:"));
                last = Some(*source);
            }
            out.push_str(&format!(" {n} {},", kind.label()));
            if self
                .read
                .range((*source, *kind)..)
                .nth(1)
                .is_none_or(|((s, _), _)| s != source)
            {
                out.pop();
                out.push('\n');
            }
        }
        for s in &self.superseded {
            out.push_str(&format!("superseded: {s}\n"));
        }
        for n in &self.notes {
            out.push_str(&format!("note: {n}\n"));
        }
        for w in &self.warnings {
            out.push_str(&format!("warning: {w}\n"));
        }
        let m = &self.api_model;
        out.push_str(&format!(
            "API model: {} properties matched, {} constraints added; unmatched: {} properties, resources {:?}\n",
            m.matched.len(),
            m.constraints_added,
            m.unmatched.len(),
            m.unmatched_resources
        ));
        for (property, member) in &m.matched {
            out.push_str(&format!("  matched {property} <- {member}\n"));
        }
        for property in &m.unmatched {
            out.push_str(&format!("  unmatched {property}\n"));
        }
        out.push_str(&self.coverage.report());
        out
    }
}

/// Reads `spec_dir`, merges, enriches, emits and checks that nothing read was lost: every
/// generation unit of it (the folder itself and each `services/<module>/`, see [`read::units`]).
pub fn generate(spec_dir: &Path) -> Result<Generation> {
    generate_units(spec_dir, |_| true)
}

/// [`generate`] with every service module always compiled, not behind its cargo feature: for
/// code included somewhere that has no such features (the fixtures' goldens, which the root
/// crate's tests compile).
pub fn generate_ungated(spec_dir: &Path) -> Result<Generation> {
    generate_with(spec_dir, |_| true, emit::Gate::None)
}

/// [`generate`] for the root unit of `spec_dir` and the `services/<module>` units whose module
/// `select` accepts (`build.rs`: the services whose cargo feature is on).
///
/// Each unit is read, merged and enriched on its own (its inputs are dropped before the next is
/// read, so memory holds one unit's upstream data at a time), then all services are emitted
/// together: the root file lists them all.
pub fn generate_units(spec_dir: &Path, select: impl Fn(&str) -> bool) -> Result<Generation> {
    generate_with(spec_dir, select, emit::Gate::Features)
}

fn generate_with(
    spec_dir: &Path,
    select: impl Fn(&str) -> bool,
    gate: emit::Gate,
) -> Result<Generation> {
    let shared = read::Shared::read(spec_dir)?;
    let mut services = Vec::new();
    let mut ledger = Ledger::default();
    let mut api_model = MatchReport::default();
    let mut coverage = coverage::Coverage::default();
    let mut warnings = Vec::new();
    for unit in read::units(spec_dir)? {
        let module = unit.rsplit('/').next().unwrap_or_default();
        if !unit.is_empty() && !select(module) {
            continue;
        }
        let inputs = read::read_unit(spec_dir, &unit, &shared)?;
        let model = build_model(&inputs)?;
        coverage.absorb(coverage::measure(&inputs, &model.services));
        warnings.extend(
            inputs
                .registry
                .iter()
                .flat_map(|(_, schema)| schema.warnings.iter().map(ToString::to_string)),
        );
        ledger.absorb(model.ledger);
        api_model.absorb(model.api_matches);
        services.extend(model.services);
    }
    services.sort_by(|a, b| a.namespace.cmp(&b.namespace));
    let output = emit::emit(&services, shared.values(), gate)?;
    verify(&ledger, &output)?;
    let mut summary = summarize(&services, &ledger);
    summary.api_model = api_model;
    summary.coverage = coverage;
    summary.notes.extend(
        output
            .unused
            .iter()
            .filter(|key| key.kind() == FactKind::PropertyType)
            .map(|key| {
                format!("{key}: no property or attribute uses the property type; not generated")
            }),
    );
    warnings.extend(output.warnings);
    summary.warnings = warnings;
    let mut features: Vec<features::ServiceFeature> = services
        .iter()
        .filter_map(|s| {
            Some(features::ServiceFeature {
                module: naming::service_module(&s.namespace)?,
                namespace: s.namespace.clone(),
                resources: s.resources.len(),
            })
        })
        .collect();
    features.sort_by(|a, b| a.module.cmp(&b.module));
    Ok(Generation {
        files: output.files,
        summary,
        features,
    })
}

/// The model of a generation run, before emitting.
#[derive(Debug, Clone)]
pub struct Model {
    /// One service per namespace, in namespace order.
    pub services: Vec<Service>,
    /// Every fact read and where it went.
    pub ledger: Ledger,
    /// How the API model matched the properties.
    pub api_matches: MatchReport,
}

/// Stages 2 and 3: merges the inputs, then enriches each service, stage by stage.
pub fn build_model(inputs: &read::Inputs) -> Result<Model> {
    let (mut services, mut ledger) = merge::merge(inputs)?;
    let mut api_matches = MatchReport::default();
    for service in &mut services {
        enrich::api_match::match_service(inputs, service, &mut api_matches);
        enrich::overlay::apply_overlays(inputs, service, &mut ledger)?;
        enrich::enums::assign(service)?;
        enrich::references::resolve(inputs, service, &mut ledger)?;
        enrich::kinds::assign(inputs.values.as_ref().map(|(_, v)| v), service);
        // Last: every stage above may add constraints.
        ledger.record_constraints(service);
    }
    Ok(Model {
        services,
        ledger,
        api_matches,
    })
}

/// Every fact the ledger kept must have been emitted.
fn verify(ledger: &Ledger, output: &emit::Output) -> Result<()> {
    let missing: Vec<String> = ledger
        .kept_items()
        .into_iter()
        .filter(|k| !output.emitted.contains(*k) && !output.unused.contains(*k))
        .map(ToString::to_string)
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Error::new(
            "spec",
            "",
            format!(
                "read but not emitted ({}): {}",
                missing.len(),
                missing.join("; ")
            ),
        ))
    }
}

fn summarize(services: &[Service], ledger: &Ledger) -> Summary {
    let mut s = Summary {
        services: services.len(),
        read: ledger.read_counts(),
        ..Summary::default()
    };
    for r in services.iter().flat_map(|s| s.resources.values()) {
        s.resources += 1;
        s.properties += r.properties.len();
        s.attributes += r.attributes.len();
        s.deprecated += usize::from(r.deprecated.is_some());
        s.deprecated += r
            .properties
            .values()
            .filter(|p| p.deprecated.is_some())
            .count();
        let used = emit::used_property_types(r);
        for pt in r
            .property_types
            .values()
            .filter(|pt| used.contains(pt.name.as_str()))
        {
            s.property_types += 1;
            s.deprecated += usize::from(pt.deprecated.is_some());
            if let PropertyTypeKind::Struct { properties } = &pt.kind {
                s.properties += properties.len();
                s.deprecated += properties
                    .values()
                    .filter(|p| p.deprecated.is_some())
                    .count();
            }
        }
    }
    s.notes.clone_from(&ledger.notes);
    s.superseded = ledger
        .superseded_facts()
        .map(|((source, key), why)| format!("{source:?} {key}: {why}"))
        .collect();
    s
}
