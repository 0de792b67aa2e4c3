//! What `update-spec` did: the kinds of vendored file and what happened to each.

use std::fmt;

use super::archive::Upstream;
use super::manifest::MANIFEST_FILE;
use super::pins::VERSIONS_FILE;

/// The kind of a vendored file, as written in `SOURCES.json`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    /// The legacy CloudFormation resource specification (`@aws-cdk/cfnspec`).
    LegacySpec,
    /// The documentation strings of the legacy specification (`@aws-cdk/cfnspec`).
    LegacyDocs,
    /// A CloudFormation registry schema of one resource type (`cfn-lint`).
    RegistrySchema,
    /// The CDK service database slice (`@aws-cdk/aws-service-spec`).
    ServiceSpec,
    /// The service's API model (`botocore`).
    ApiModel,
    /// What `Ref` and `Fn::GetAtt` return for every resource type (`cfn-lint`'s registry
    /// schemas, with the CDK service database's `cfnRefIdentifier` and attributes).
    ValueKinds,
}

impl FileKind {
    /// All kinds, in report order.
    pub const ALL: [FileKind; 6] = [
        FileKind::LegacySpec,
        FileKind::LegacyDocs,
        FileKind::RegistrySchema,
        FileKind::ServiceSpec,
        FileKind::ApiModel,
        FileKind::ValueKinds,
    ];

    /// The name used in `SOURCES.json`, e.g. `registry-schema`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::LegacySpec => "legacy-spec",
            FileKind::LegacyDocs => "legacy-docs",
            FileKind::RegistrySchema => "registry-schema",
            FileKind::ServiceSpec => "service-spec",
            FileKind::ApiModel => "api-model",
            FileKind::ValueKinds => "value-kinds",
        }
    }

    /// The upstream package this kind of file comes from.
    pub(super) fn upstream(self) -> Upstream {
        match self {
            FileKind::LegacySpec | FileKind::LegacyDocs => Upstream::CfnSpec,
            FileKind::RegistrySchema | FileKind::ValueKinds => Upstream::CfnLint,
            FileKind::ServiceSpec => Upstream::ServiceSpec,
            FileKind::ApiModel => Upstream::Botocore,
        }
    }
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What happened to one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileStatus {
    /// Created or rewritten: its bytes changed.
    Written,
    /// Already held exactly the new bytes; not touched.
    Unchanged,
    /// Stale (not produced by this run) and deleted.
    Removed,
}

impl FileStatus {
    pub(super) const ALL: [FileStatus; 3] = [
        FileStatus::Written,
        FileStatus::Unchanged,
        FileStatus::Removed,
    ];

    pub(super) fn as_str(self) -> &'static str {
        match self {
            FileStatus::Written => "written",
            FileStatus::Unchanged => "unchanged",
            FileStatus::Removed => "removed",
        }
    }
}

/// One vendored file and what happened to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileOutcome {
    /// Path relative to the spec folder, `/`-separated, e.g. `schemas/aws-apigatewayv2-api.json`.
    pub file: String,
    /// Its kind.
    pub kind: FileKind,
    /// What happened to it.
    pub status: FileStatus,
}

/// The result of a successful [`update_spec`](super::update_spec); `Display` prints a short summary.
#[derive(Clone, Debug)]
pub struct UpdateSpecReport {
    /// Every vendored file produced or removed, sorted by path (`SOURCES.json` excluded).
    pub files: Vec<FileOutcome>,
    /// What happened to `SOURCES.json`.
    pub manifest: FileStatus,
    /// What happened to `versions.json`, the pins of the packages read.
    pub pins: FileStatus,
    /// Remarks worth a maintainer's attention (e.g. a kind with nothing for the service).
    pub notes: Vec<String>,
    /// The unit folders `services/<module>/`, when every namespace was vendored.
    pub services: Option<ServicesReport>,
}

/// What `update-spec` did to the unit folders `services/<module>/`.
#[derive(Clone, Debug)]
pub struct ServicesReport {
    /// One per unit folder produced or removed, by namespace.
    pub units: Vec<ServiceOutcome>,
    /// What happened to `services/INDEX.json`.
    pub index: FileStatus,
}

/// One unit folder and what happened to its files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceOutcome {
    /// `AWS::Lambda` (for a removed unit, from the previous index, else its folder).
    pub namespace: String,
    /// Its folder under `services/`, `lambda`.
    pub module: String,
    /// Its resource types (0 for a removed unit).
    pub types: usize,
    /// Which sources gave it a file: `legacy-spec`, `service-spec`, `api-model`, ...
    pub kinds: Vec<FileKind>,
    /// Its files written, unchanged and removed.
    pub written: usize,
    /// See [`ServiceOutcome::written`].
    pub unchanged: usize,
    /// See [`ServiceOutcome::written`].
    pub removed: usize,
}

impl ServicesReport {
    /// `307 unit folders (1,839 resource types): 305 with legacy-spec, ...`.
    #[must_use]
    pub fn totals(&self) -> String {
        let present: Vec<&ServiceOutcome> = self.units.iter().filter(|u| u.types > 0).collect();
        let with = |kind: FileKind| present.iter().filter(|u| u.kinds.contains(&kind)).count();
        let kinds = [
            FileKind::LegacySpec,
            FileKind::LegacyDocs,
            FileKind::ServiceSpec,
            FileKind::ApiModel,
        ]
        .map(|kind| format!("{} with {kind}", with(kind)))
        .join(", ");
        let changed = self
            .units
            .iter()
            .filter(|u| u.written + u.removed > 0)
            .count();
        format!(
            "{} unit folders ({} resource types): {kinds}; {changed} changed; {} {}",
            present.len(),
            present.iter().map(|u| u.types).sum::<usize>(),
            super::services::INDEX_FILE,
            self.index.as_str()
        )
    }
}

impl UpdateSpecReport {
    /// How many files of `kind` (any kind if `None`) have `status`.
    #[must_use]
    pub fn count(&self, kind: Option<FileKind>, status: FileStatus) -> usize {
        self.files
            .iter()
            .filter(|f| f.status == status && kind.is_none_or(|k| f.kind == k))
            .count()
    }

    /// Whether the run left the spec folder exactly as it was.
    #[must_use]
    pub fn is_unchanged(&self) -> bool {
        self.manifest == FileStatus::Unchanged
            && self.pins == FileStatus::Unchanged
            && self
                .services
                .as_ref()
                .is_none_or(|s| s.index == FileStatus::Unchanged)
            && self.files.iter().all(|f| f.status == FileStatus::Unchanged)
    }

    /// `"1 written, 18 unchanged, 0 removed"`; with `skip_zero`, only the non-zero counts.
    pub(super) fn counts_line(&self, kind: Option<FileKind>, skip_zero: bool) -> String {
        FileStatus::ALL
            .iter()
            .map(|&status| (self.count(kind, status), status.as_str()))
            .filter(|&(count, _)| count > 0 || !skip_zero)
            .map(|(count, status)| format!("{count} {status}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for UpdateSpecReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "update-spec: {}; {MANIFEST_FILE} {}, {VERSIONS_FILE} {}",
            self.counts_line(None, false),
            self.manifest.as_str(),
            self.pins.as_str()
        )?;
        for kind in FileKind::ALL {
            if self.files.iter().any(|file| file.kind == kind) {
                writeln!(f, "  {kind}: {}", self.counts_line(Some(kind), true))?;
            }
        }
        if let Some(services) = &self.services {
            writeln!(f, "  services: {}", services.totals())?;
            for unit in services.units.iter().filter(|u| u.written + u.removed > 0) {
                let counts = [
                    (unit.written, "written"),
                    (unit.unchanged, "unchanged"),
                    (unit.removed, "removed"),
                ]
                .iter()
                .filter(|(count, _)| *count > 0)
                .map(|(count, status)| format!("{count} {status}"))
                .collect::<Vec<_>>()
                .join(", ");
                let plural = if unit.types == 1 { "" } else { "s" };
                writeln!(
                    f,
                    "    {} ({}): {} type{plural}; {counts}",
                    unit.namespace, unit.module, unit.types
                )?;
            }
        }
        for note in &self.notes {
            writeln!(f, "  note: {note}")?;
        }
        Ok(())
    }
}
