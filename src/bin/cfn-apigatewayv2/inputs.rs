//! `validate`'s inputs: files, folders, globs and standard input, as one ordered list of
//! templates.
//!
//! - A file named on the command line is validated whatever its name.
//! - A folder is walked for `*.yaml`, `*.yml`, `*.json` and `*.template`, honouring
//!   `.gitignore` (also outside a Git repository), `.ignore` and hidden files as ripgrep does.
//! - A path that does not exist and has glob characters (`*`, `?`, `[`, `{`) is a glob: matched
//!   from its longest literal folder down, with the same filters (`**` crosses folders, `*` does
//!   not).
//! - `-` is standard input.
//!
//! Files found by walking or by a glob must look like templates (their text names `Resources`
//! or `AWSTemplateFormatVersion`): a `package.json` in the folder is skipped, and counted.
//!
//! The order is stable: arguments in order, each folder's or glob's files sorted by path, and
//! each file once.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use globset::GlobBuilder;

/// The extensions a folder walk picks.
pub(crate) const EXTENSIONS: [&str; 4] = ["yaml", "yml", "json", "template"];

/// One template to validate.
#[derive(Debug, Clone)]
pub(crate) struct Input {
    /// The name findings show: the path as given or found, or `--stdin-name`.
    pub name: String,
    /// Where to read it.
    pub from: From,
    /// Found by a walk or a glob (not named): skipped unless it looks like a template.
    pub found: bool,
}

/// Where an input's text comes from.
#[derive(Debug, Clone)]
pub(crate) enum From {
    /// Standard input.
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Input {
    /// The path configuration files are looked for from, and matched against: the file, or for
    /// standard input `--stdin-name` in the current folder.
    pub(crate) fn path(&self) -> PathBuf {
        match &self.from {
            From::File(path) => path.clone(),
            From::Stdin => PathBuf::from(&self.name),
        }
    }
}

/// What the arguments name: the templates, and an error per argument that names nothing.
pub(crate) fn collect(args: &[PathBuf], stdin_name: &str) -> (Vec<Input>, Vec<String>) {
    let (mut inputs, mut errors) = (Vec::new(), Vec::new());
    let mut seen = HashSet::new();
    let mut add = |input: Input, inputs: &mut Vec<Input>| {
        let key = match &input.from {
            From::File(path) => path.clone(),
            From::Stdin => PathBuf::from("-"),
        };
        if seen.insert(key) {
            inputs.push(input);
        }
    };
    for arg in args {
        if arg.as_os_str() == "-" {
            let input = Input {
                name: stdin_name.to_owned(),
                from: From::Stdin,
                found: false,
            };
            add(input, &mut inputs);
        } else if arg.is_dir() {
            for path in walk(arg) {
                add(found(path), &mut inputs);
            }
        } else if !arg.exists() && is_glob(arg) {
            match glob(arg) {
                Ok(paths) if paths.is_empty() => {
                    errors.push(format!("{}: no file matches this glob", arg.display()));
                }
                Ok(paths) => paths.into_iter().for_each(|p| add(found(p), &mut inputs)),
                Err(message) => errors.push(format!("{}: {message}", arg.display())),
            }
        } else {
            // A file, or a path that does not exist: reading it reports that.
            let input = Input {
                name: arg.display().to_string(),
                from: From::File(arg.clone()),
                found: false,
            };
            add(input, &mut inputs);
        }
    }
    (inputs, errors)
}

fn found(path: PathBuf) -> Input {
    Input {
        name: path.display().to_string(),
        from: From::File(path),
        found: true,
    }
}

/// Whether a found file's text looks like a CloudFormation template.
pub(crate) fn looks_like_template(bytes: &[u8]) -> bool {
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    has(b"Resources") || has(b"AWSTemplateFormatVersion")
}

fn is_glob(path: &Path) -> bool {
    path.to_string_lossy().contains(['*', '?', '[', '{'])
}

/// The files under `root` with a template extension, sorted by path.
fn walk(root: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = ignore::WalkBuilder::new(root)
        .require_git(false)
        .build()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_some_and(|t| t.is_file()))
        .map(ignore::DirEntry::into_path)
        .filter(|path| {
            path.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| EXTENSIONS.contains(&e))
        })
        .collect();
    paths.sort();
    paths
}

/// The files a glob matches: walked from its longest literal folder, then matched whole.
fn glob(pattern: &Path) -> Result<Vec<PathBuf>, String> {
    let text = pattern.to_string_lossy();
    let matcher = GlobBuilder::new(&text)
        .literal_separator(true)
        .build()
        .map_err(|e| format!("not a valid glob: {}", e.kind()))?
        .compile_matcher();
    // The folders before the first component with a glob character.
    let mut root = PathBuf::new();
    for component in pattern.components() {
        let glob_like = matches!(component, Component::Normal(part)
            if part.to_string_lossy().contains(['*', '?', '[', '{']));
        if glob_like {
            break;
        }
        root.push(component);
    }
    let start = if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root.as_path()
    };
    if !start.is_dir() {
        return Ok(Vec::new());
    }
    let mut paths = walk(start);
    // `./x.yaml` from a walk of `.` is matched as `x.yaml`, as the glob was written.
    if root.as_os_str().is_empty() {
        paths = paths
            .into_iter()
            .map(|p| p.strip_prefix(".").map(Path::to_path_buf).unwrap_or(p))
            .collect();
    }
    paths.retain(|p| matcher.is_match(p));
    Ok(paths)
}
