//! What changed between two spec inputs, for a maintainer reviewing a spec update
//! (`cfn-codegen diff OLD NEW`; `update-spec` prints the same after re-slicing), and the semver
//! bump it implies for the crate.
//!
//! Both sides go through the same readers and merge as generation does, so the diff is between
//! the two models the generator would emit, not between files. Each change is classed by what
//! it does to users of the generated code and templates:
//!
//! - **breaking**: code or templates that worked may stop working — a resource, property,
//!   attribute or property type removed (or dropped by the registry schema while an older source
//!   still lists it, so it is only generated as deprecated); a property added as required or made
//!   required; a type changed; a constraint added or tightened (allowed values removed); an update
//!   that now replaces the resource.
//! - **additive**: a resource, optional property, attribute or property type added; a property
//!   made optional; a constraint removed or loosened (allowed values added); other update
//!   behaviour changes.
//! - **docs-only**: documentation text or links changed.
//!
//! A side may be a spec folder with only some of the inputs (an old legacy specification on its
//! own, say), a folder of registry schemas, or one upstream package archive ([`side`]). Facts
//! only one side has a source for are not compared (constraints only the registry states,
//! relationships only the service database states, ...); [`Diff::notes`] says which.
//! [`semver`] turns the classes into a version bump; [`format`](mod@format) writes the text,
//! JSON and changelog forms.

mod compare;
pub mod format;
mod scope;
pub mod semver;
pub mod side;

use std::fmt;
use std::path::Path;

use crate::error::Result;
use crate::model::Service;
use crate::read::Inputs;

/// How a change affects users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// Code or templates that worked may stop working.
    Breaking,
    /// Something new; nothing that worked stops working.
    Additive,
    /// Documentation only.
    DocsOnly,
}

impl Class {
    /// Every class, most severe first.
    pub const ALL: [Class; 3] = [Class::Breaking, Class::Additive, Class::DocsOnly];

    /// `breaking`, `additive` or `docs-only`.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
            Class::DocsOnly => "docs-only",
        }
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// How it affects users.
    pub class: Class,
    /// What changed: `AWS::X::Y`, `AWS::X::Y.Prop`, `AWS::X::Y.Type.Prop`, `AWS::X::Y#Attr`.
    pub item: String,
    /// How.
    pub what: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.class.as_str(), self.item, self.what)
    }
}

/// The changes, sorted by class then item, and what was not compared.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diff {
    /// Every change.
    pub changes: Vec<Change>,
    /// What was not compared because only one side has the source that states it, one sentence
    /// each; empty when both sides have the same inputs.
    pub notes: Vec<String>,
}

impl Diff {
    /// How many changes of `class`.
    pub fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class == class).count()
    }

    /// Whether any change is breaking (`cfn-codegen diff` then exits 3).
    pub fn is_breaking(&self) -> bool {
        self.count(Class::Breaking) > 0
    }

    /// `1 breaking, 4 additive, 2 docs-only`.
    pub fn totals(&self) -> String {
        format!(
            "{} breaking, {} additive, {} docs-only",
            self.count(Class::Breaking),
            self.count(Class::Additive),
            self.count(Class::DocsOnly)
        )
    }
}

impl fmt::Display for Diff {
    /// One line per change, then the totals.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for change in &self.changes {
            writeln!(f, "{change}")?;
        }
        writeln!(f, "{}", self.totals())
    }
}

/// The model a spec directory gives (the generator's readers and merge), every unit of it (the
/// folder and each `services/<module>/`); the folder itself may have only some of the inputs
/// ([`crate::read::read_some`]). `update-spec` compares the models before and after, so its
/// verdict covers every service.
pub fn model(spec_dir: &Path) -> Result<Vec<Service>> {
    let shared = crate::read::Shared::read(spec_dir)?;
    let mut services = Vec::new();
    for unit in crate::read::units(spec_dir)? {
        let inputs = if unit.is_empty() {
            crate::read::read_some(spec_dir)?
        } else {
            crate::read::read_unit(spec_dir, &unit, &shared)?
        };
        services.extend(crate::build_model(&inputs)?.services);
    }
    services.sort_by(|a, b| a.namespace.cmp(&b.namespace));
    Ok(services)
}

/// Reads both spec directories and compares their models.
pub fn diff_dirs(old: &Path, new: &Path) -> Result<Diff> {
    diff_inputs(&crate::read::read_some(old)?, &crate::read::read_some(new)?)
}

/// Compares two models built from the same kinds of input: every fact is compared.
pub fn diff(old: &[Service], new: &[Service]) -> Diff {
    Diff {
        changes: compare::compare(old, new),
        notes: Vec::new(),
    }
}

/// Builds both models and compares them, leaving out the facts only one side has a source for
/// (listed in [`Diff::notes`]).
pub fn diff_inputs(old: &Inputs, new: &Inputs) -> Result<Diff> {
    let mut old_model = crate::build_model(old)?.services;
    let mut new_model = crate::build_model(new)?.services;
    let notes = scope::restrict(old, new, &mut old_model, &mut new_model);
    Ok(Diff {
        changes: compare::compare(&old_model, &new_model),
        notes,
    })
}
