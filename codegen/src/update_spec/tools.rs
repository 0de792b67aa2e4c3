//! Asking the package tools themselves (`npm`, `pip`) for the newest versions and downloading
//! the archives. No registry host is named here: the tools know their registries.
//!
//! | what | npm packages | PyPI packages |
//! | --- | --- | --- |
//! | newest version | `npm view <name> version` | `pip index versions <name>` (first line, `<name> (<version>)`) |
//! | download | `npm pack <name>@<version> --pack-destination DIR` | `pip download --no-deps --only-binary=:all: <name>==<version> -d DIR` |
//!
//! Every failure (the tool missing, a non-zero exit, output that is not a version, no archive
//! where one was asked for) is an [`UpdateSpecError::Tool`] naming the tool, the command and the
//! tool's stderr.

use std::ffi::OsString;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::UpdateSpecError;
use super::archive::{Package, Upstream};
use super::pins::{Versions, check_version};

/// How a package is fetched: its ecosystem's tool and its name there.
fn tool_and_name(upstream: Upstream) -> (&'static str, &'static str) {
    let (ecosystem, name) = upstream
        .id()
        .split_once(':')
        .unwrap_or(("npm", upstream.id()));
    (if ecosystem == "npm" { "npm" } else { "pip" }, name)
}

/// Asks `npm` and `pip` for the newest version of each of the four packages.
///
/// # Errors
///
/// A tool is missing or fails, or prints no version.
pub fn newest_versions() -> Result<Versions, UpdateSpecError> {
    let mut versions = Versions::default();
    for upstream in Upstream::ALL {
        versions.insert(upstream, newest_version(upstream)?);
    }
    Ok(versions)
}

fn newest_version(upstream: Upstream) -> Result<String, UpdateSpecError> {
    let (tool, name) = tool_and_name(upstream);
    if tool == "npm" {
        let args = ["view", name, "version"];
        let out = run(tool, &args)?;
        let version = out.trim();
        check_version(version)
            .map_err(|m| failure(tool, &args, format!("printed no single version: {m}"), ""))?;
        Ok(version.to_owned())
    } else {
        let args = ["index", "versions", "--disable-pip-version-check", name];
        let out = run(tool, &args)?;
        parse_pip_index(&out, name)
            .ok_or_else(|| failure(tool, &args, "printed no `NAME (VERSION)` line".into(), &out))
    }
}

/// The version in `pip index versions` output: the line `<name> (<version>)`.
fn parse_pip_index(out: &str, name: &str) -> Option<String> {
    out.lines().find_map(|line| {
        let (found, rest) = line.trim().split_once(" (")?;
        let version = rest.strip_suffix(')')?;
        let same = |a: &str, b: &str| {
            a.replace('_', "-")
                .eq_ignore_ascii_case(&b.replace('_', "-"))
        };
        (same(found, name) && check_version(version).is_ok()).then(|| version.to_owned())
    })
}

/// Downloads the archive of `upstream` at `version` into a new folder under `dir` and checks,
/// from the archive's own metadata, that it is that package and version.
///
/// # Errors
///
/// The tool is missing or fails, leaves no single archive, or the archive is another package or
/// version.
pub(crate) fn download(
    upstream: Upstream,
    version: &str,
    dir: &Path,
) -> Result<PathBuf, UpdateSpecError> {
    let (tool, name) = tool_and_name(upstream);
    let dest = dir.join(name.replace(['@', '/'], "_"));
    fs::create_dir_all(&dest).map_err(|e| UpdateSpecError::io(&dest, "creating", e))?;
    let dest_arg = dest.to_string_lossy().into_owned();
    let (args, extension) = if tool == "npm" {
        let spec = format!("{name}@{version}");
        (
            vec![
                "pack".to_owned(),
                spec,
                "--pack-destination".to_owned(),
                dest_arg,
            ],
            "tgz",
        )
    } else {
        let spec = format!("{name}=={version}");
        let args = ["download", "--disable-pip-version-check", "--no-deps"];
        let mut args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        args.extend([
            "--only-binary=:all:".to_owned(),
            spec,
            "-d".to_owned(),
            dest_arg,
        ]);
        (args, "whl")
    };
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(tool, &args)?;
    let found: Vec<PathBuf> = fs::read_dir(&dest)
        .map_err(|e| UpdateSpecError::io(&dest, "listing", e))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == extension))
        .collect();
    let [archive] = found.as_slice() else {
        let message = format!(
            "left {} .{extension} files in {}",
            found.len(),
            dest.display()
        );
        return Err(failure(tool, &args, message, ""));
    };
    let package = Package::open(archive)?;
    if package.upstream != upstream || package.version != version {
        let message = format!(
            "downloaded {} {}, not {} {version}",
            package.upstream.id(),
            package.version,
            upstream.id()
        );
        return Err(failure(tool, &args, message, ""));
    }
    Ok(archive.clone())
}

/// Runs `tool args`, returning its stdout; a tool that cannot be started or exits non-zero is an
/// error with its stderr.
fn run(tool: &str, args: &[&str]) -> Result<String, UpdateSpecError> {
    let output = Command::new(tool)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| {
            let why = if e.kind() == ErrorKind::NotFound {
                format!("could not be started: {tool} was not found on PATH ({e})")
            } else {
                format!("could not be started: {e}")
            };
            failure(tool, args, why, "")
        })?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        let status = output.status.code().map_or_else(
            || "was killed by a signal".to_owned(),
            |c| format!("exited with status {c}"),
        );
        return Err(failure(tool, args, status, &stderr));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn failure(tool: &str, args: &[&str], message: String, stderr: &str) -> UpdateSpecError {
    let mut command = OsString::from(tool);
    for arg in args {
        command.push(" ");
        command.push(arg);
    }
    UpdateSpecError::Tool {
        tool: tool.to_owned(),
        command: command.to_string_lossy().into_owned(),
        message,
        stderr: stderr.trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pip_index_output_is_read_by_name() {
        let out = "cfn-lint (1.58.0)\nAvailable versions: 1.58.0, 1.57.2\n";
        assert_eq!(parse_pip_index(out, "cfn-lint").as_deref(), Some("1.58.0"));
        assert_eq!(
            parse_pip_index("Cfn_Lint (2.0)\n", "cfn-lint").as_deref(),
            Some("2.0")
        );
        assert_eq!(parse_pip_index(out, "botocore"), None);
        assert_eq!(
            parse_pip_index("cfn-lint (not a version!)", "cfn-lint"),
            None
        );
    }

    #[test]
    fn each_package_has_its_tool() {
        assert_eq!(
            tool_and_name(Upstream::CfnSpec),
            ("npm", "@aws-cdk/cfnspec")
        );
        assert_eq!(tool_and_name(Upstream::Botocore), ("pip", "botocore"));
    }
}
