//! The configuration file, `.cfn-apigatewayv2.yaml`: which rules to report, per path.
//!
//! For each template, the nearest `.cfn-apigatewayv2.yaml` (or `.yml`) in its folder or a
//! folder above it applies; `--config FILE` names one for every template, `--no-config` turns
//! them off. The file is YAML (or JSON):
//!
//! ```yaml
//! # Rules never to report, and (if given) the only rules to report.
//! ignore: [duplicate-key]
//! only: []
//! # Warnings fail the run (exit 1), as `--deny warnings` does.
//! deny-warnings: true
//! # Per-path settings, for templates matching any of `files` (globs relative to this file's
//! # folder; `**` crosses folders). Every matching override applies, in order: `ignore` adds
//! # rules, `only` replaces the list, `deny-warnings` replaces the setting.
//! overrides:
//!   - files: ["legacy/**"]
//!     ignore: [value-kind, same-api]
//! ```
//!
//! Every key and rule id is checked: a mistake is an error at its line and column (with the
//! closest rule id), not a silently ignored setting.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use cfn_apigatewayv2::validate::suggest;
use cfn_apigatewayv2::{Node, syntax};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// The names looked for, in this order, in each folder.
pub(crate) const FILE_NAMES: [&str; 2] = [".cfn-apigatewayv2.yaml", ".cfn-apigatewayv2.yml"];

/// Which rules to report for one template.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Selection {
    /// Rules not reported.
    pub ignore: Vec<String>,
    /// When not empty, the only rules reported.
    pub only: Vec<String>,
    /// Warnings fail the run.
    pub deny_warnings: bool,
}

impl Selection {
    /// Whether findings of `rule` are reported. `parse` always is: an unreadable file cannot be
    /// judged at all.
    pub(crate) fn reports(&self, rule: &str) -> bool {
        rule == "parse"
            || (!self.ignore.iter().any(|r| r == rule)
                && (self.only.is_empty() || self.only.iter().any(|r| r == rule)))
    }

    fn apply(&mut self, settings: &Settings) {
        self.ignore.extend(settings.ignore.iter().cloned());
        if let Some(only) = &settings.only {
            self.only.clone_from(only);
        }
        if let Some(deny) = settings.deny_warnings {
            self.deny_warnings = deny;
        }
    }
}

/// One configuration file, read.
#[derive(Debug)]
pub(crate) struct Config {
    /// The folder its paths are relative to.
    dir: PathBuf,
    base: Settings,
    overrides: Vec<(GlobSet, Settings)>,
}

#[derive(Debug, Default)]
struct Settings {
    ignore: Vec<String>,
    only: Option<Vec<String>>,
    deny_warnings: Option<bool>,
}

impl Config {
    /// Reads a configuration file.
    ///
    /// # Errors
    /// `FILE:LINE:COL: message` for a file that cannot be read or parsed, or a setting that is
    /// not one (an unknown key, a rule id that does not exist, a value of the wrong shape).
    pub(crate) fn load(path: &Path) -> Result<Config, String> {
        let at = |span: Option<cfn_apigatewayv2::Span>, message: String| {
            let span = span.unwrap_or(cfn_apigatewayv2::Span { line: 1, column: 1 });
            format!("{}:{span}: {message}", path.display())
        };
        let bytes = std::fs::read(path).map_err(|e| at(None, format!("cannot read: {e}")))?;
        let parsed = syntax::parse_document(&bytes).map_err(|e| at(Some(e.span()), e.message))?;
        let node = &parsed.node;
        let Some(entries) = node.as_mapping() else {
            return Err(at(
                node.span,
                "the configuration is not a mapping".to_owned(),
            ));
        };
        let mut base = Settings::default();
        let mut overrides = Vec::new();
        for (key, value) in entries {
            match key.as_str() {
                "overrides" => {
                    let items = value.as_sequence().ok_or_else(|| {
                        at(
                            value.span,
                            "`overrides` is not a list of mappings".to_owned(),
                        )
                    })?;
                    for item in items {
                        overrides.push(read_override(item).map_err(|(s, m)| at(s, m))?);
                    }
                }
                _ => read_setting(key, value, &mut base, &["overrides"])
                    .map_err(|(s, m)| at(s, m))?,
            }
        }
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(Config {
            dir,
            base,
            overrides,
        })
    }

    /// The rules to report for the template at `path`, starting from `selection`.
    pub(crate) fn select(&self, path: &Path, selection: &mut Selection) {
        selection.apply(&self.base);
        let relative = relative_to(path, &self.dir);
        for (files, settings) in &self.overrides {
            if files.is_match(&relative) {
                selection.apply(settings);
            }
        }
    }
}

/// The template path as the configuration's globs see it: relative to its folder where it is
/// inside it (both made absolute), else as given.
fn relative_to(path: &Path, dir: &Path) -> PathBuf {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (path_abs, dir_abs) = (absolute(path), absolute(dir));
    path_abs
        .strip_prefix(&dir_abs)
        .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}

type SettingError = (Option<cfn_apigatewayv2::Span>, String);

fn read_setting(
    key: &str,
    value: &Node,
    settings: &mut Settings,
    others: &[&str],
) -> Result<(), SettingError> {
    match key {
        "ignore" => settings.ignore = rule_list(key, value)?,
        "only" => settings.only = Some(rule_list(key, value)?),
        "deny-warnings" => {
            let deny = value.as_bool().ok_or_else(|| {
                (
                    value.span,
                    "`deny-warnings` is not true or false".to_owned(),
                )
            })?;
            settings.deny_warnings = Some(deny);
        }
        _ => {
            let known = ["ignore", "only", "deny-warnings"]
                .into_iter()
                .chain(others.iter().copied());
            let hint = suggest::did_you_mean(key, known.clone())
                .map_or_else(String::new, |help| format!("; {help}"));
            let names: Vec<&str> = known.collect();
            return Err((
                value.span,
                format!(
                    "`{key}` is not a setting (settings: {}){hint}",
                    names.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

fn read_override(item: &Node) -> Result<(GlobSet, Settings), SettingError> {
    let entries = item
        .as_mapping()
        .ok_or_else(|| (item.span, "an override is not a mapping".to_owned()))?;
    let mut settings = Settings::default();
    let mut files = None;
    for (key, value) in entries {
        if key == "files" {
            let mut set = GlobSetBuilder::new();
            for glob in string_list(key, value)? {
                let built = GlobBuilder::new(glob)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| {
                        (
                            value.span,
                            format!("`{glob}` is not a valid glob: {}", e.kind()),
                        )
                    })?;
                set.add(built);
            }
            let set = set.build().map_err(|e| (value.span, e.to_string()))?;
            files = Some(set);
        } else {
            read_setting(key, value, &mut settings, &["files"])?;
        }
    }
    let files = files.ok_or_else(|| (item.span, "an override without `files`".to_owned()))?;
    Ok((files, settings))
}

fn string_list<'a>(key: &str, value: &'a Node) -> Result<Vec<&'a str>, SettingError> {
    let wrong = || (value.span, format!("`{key}` is not a list of strings"));
    value
        .as_sequence()
        .ok_or_else(wrong)?
        .iter()
        .map(|item| {
            item.as_str()
                .ok_or((item.span, format!("`{key}` is not a list of strings")))
        })
        .collect()
}

fn rule_list(key: &str, value: &Node) -> Result<Vec<String>, SettingError> {
    let rules = string_list(key, value)?;
    let spans: Vec<_> = value
        .as_sequence()
        .unwrap_or_default()
        .iter()
        .map(|n| n.span)
        .collect();
    rules
        .into_iter()
        .zip(spans)
        .map(|(rule, span)| {
            crate::rules::rule_id(rule)
                .map(|r| r.id.to_owned())
                .map_err(|m| (span, m))
        })
        .collect()
}

/// Finds and reads the configuration files of templates, each folder's once.
#[derive(Debug, Default)]
pub(crate) struct Finder {
    /// The configuration (by its path) that applies in each folder looked at.
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
    loaded: HashMap<PathBuf, std::sync::Arc<Config>>,
}

impl Finder {
    /// The configuration for the template at `path`: the nearest file named [`FILE_NAMES`] in
    /// its folder or above.
    ///
    /// # Errors
    /// The file found cannot be read (see [`Config::load`]).
    pub(crate) fn for_template(
        &mut self,
        path: &Path,
    ) -> Result<Option<std::sync::Arc<Config>>, String> {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let start = absolute.parent().map(Path::to_path_buf).unwrap_or_default();
        let Some(found) = self.nearest(&start) else {
            return Ok(None);
        };
        self.load(&found).map(Some)
    }

    /// Reads (once) the configuration at `path`.
    ///
    /// # Errors
    /// See [`Config::load`].
    pub(crate) fn load(&mut self, path: &Path) -> Result<std::sync::Arc<Config>, String> {
        if let Some(config) = self.loaded.get(path) {
            return Ok(config.clone());
        }
        let config = std::sync::Arc::new(Config::load(path)?);
        self.loaded.insert(path.to_path_buf(), config.clone());
        Ok(config)
    }

    fn nearest(&mut self, dir: &Path) -> Option<PathBuf> {
        let mut visited = Vec::new();
        let mut current = Some(dir);
        let mut found = None;
        while let Some(dir) = current {
            if let Some(known) = self.by_dir.get(dir) {
                found = known.clone();
                break;
            }
            visited.push(dir.to_path_buf());
            if let Some(file) = FILE_NAMES.iter().map(|n| dir.join(n)).find(|f| f.is_file()) {
                found = Some(file);
                break;
            }
            current = dir.parent();
        }
        for dir in visited {
            self.by_dir.insert(dir, found.clone());
        }
        found
    }
}
