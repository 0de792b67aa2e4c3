//! `update-spec --latest`, `--versions FILE` and `--check`, run as the `cfn-codegen` binary with
//! `PATH` holding only stub `npm` and `pip` scripts written here, on a copy of `spec/`: no test
//! needs the network or the real tools.
#![cfg(all(feature = "maintainer", unix))]

mod support;

use support::copy_dir;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// A temporary workplace: `spec/` (a copy of the real one), `generated/` (empty), `bin/` (the
/// stubs, the only folder on `PATH`).
struct Place {
    dir: TempDir,
}

impl Place {
    fn new() -> Self {
        let place = Place {
            dir: tempfile::tempdir().unwrap(),
        };
        let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        copy_dir(&real, &place.spec());
        fs::create_dir(place.out()).unwrap();
        fs::create_dir(place.bin()).unwrap();
        place
    }

    fn spec(&self) -> PathBuf {
        self.dir.path().join("spec")
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("generated")
    }

    fn bin(&self) -> PathBuf {
        self.dir.path().join("bin")
    }

    /// Writes an executable `bin/<name>` shell script with `body`.
    fn stub(&self, name: &str, body: &str) {
        let path = self.bin().join(name);
        fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    }

    /// Stubs that answer `npm view NAME version` and `pip index versions ... NAME` with
    /// `versions` (package id → version) and fail every other command, as offline tools would.
    fn version_stubs(&self, versions: &BTreeMap<String, String>) {
        let mut npm = String::from("if [ \"$1\" = view ]; then\n  case \"$2\" in\n");
        let mut pip = String::from(
            "if [ \"$1\" = index ]; then\n  for name; do :; done\n  case \"$name\" in\n",
        );
        for (package, version) in versions {
            if let Some(name) = package.strip_prefix("npm:") {
                npm.push_str(&format!("    {name}) echo {version}; exit 0;;\n"));
            } else if let Some(name) = package.strip_prefix("pypi:") {
                pip.push_str(&format!(
                    "    {name}) echo \"{name} ({version})\"; echo \"Available versions: {version}\"; exit 0;;\n"
                ));
            }
        }
        let tail = "  esac\nfi\necho 'ERROR: network is unreachable' >&2\nexit 1";
        self.stub("npm", &format!("{npm}{tail}"));
        self.stub("pip", &format!("{pip}{tail}"));
    }

    fn run(&self, args: &[&str]) -> Output {
        let spec = self.spec();
        let out = self.out();
        let mut all = vec!["update-spec", "--spec", spec.to_str().unwrap()];
        all.extend(["--out", out.to_str().unwrap()]);
        all.extend(args);
        Command::new(env!("CARGO_BIN_EXE_cfn-codegen"))
            .args(all)
            .env("PATH", self.bin())
            .env("TMPDIR", self.dir.path())
            .output()
            .unwrap()
    }

    /// Every file under `spec/` with its bytes.
    fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut files = BTreeMap::new();
        let mut dirs = vec![self.spec()];
        while let Some(dir) = dirs.pop() {
            for entry in fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    files.insert(path.clone(), fs::read(&path).unwrap());
                }
            }
        }
        files
    }

    /// The package versions the copy's `SOURCES.json` records.
    fn vendored(&self) -> BTreeMap<String, String> {
        let text = fs::read_to_string(self.spec().join("SOURCES.json")).unwrap();
        let manifest: serde_json::Value = serde_json::from_str(&text).unwrap();
        manifest["files"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] != "hand-written")
            .map(|e| {
                let field = |k: &str| e[k].as_str().unwrap().to_owned();
                (field("package"), field("version"))
            })
            .collect()
    }

    /// Asserts that nothing but the stubs and the untouched folders is left in the place.
    fn assert_untouched(&self, before: &BTreeMap<PathBuf, Vec<u8>>) {
        assert!(self.snapshot() == *before, "spec/ changed");
        let mut left: Vec<String> = fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["bin", "generated", "spec"], "temporary files left");
        assert_eq!(
            fs::read_dir(self.out()).unwrap().count(),
            0,
            "generated/ written"
        );
    }
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn offline_npm_is_named_with_its_command_and_stderr_and_spec_is_untouched() {
    let place = Place::new();
    place.stub(
        "npm",
        "echo 'npm error code ENOTFOUND' >&2\necho 'npm error network request failed' >&2\nexit 1",
    );
    place.stub("pip", "exit 1");
    let before = place.snapshot();
    let out = place.run(&["--latest"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("error: npm failed: `npm view @aws-cdk/cfnspec version` exited with status 1"),
        "{err}"
    );
    assert!(err.contains("npm error code ENOTFOUND"), "{err}");
    assert!(err.contains("npm error network request failed"), "{err}");
    place.assert_untouched(&before);
}

#[test]
fn offline_pip_is_named_with_its_command_and_stderr() {
    let place = Place::new();
    let mut npm_only = place.vendored();
    npm_only.retain(|package, _| package.starts_with("npm:"));
    place.version_stubs(&npm_only);
    let before = place.snapshot();
    let out = place.run(&["--check"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("error: pip failed: `pip index versions"),
        "{err}"
    );
    assert!(err.contains("cfn-lint` exited with status 1"), "{err}");
    assert!(err.contains("ERROR: network is unreachable"), "{err}");
    place.assert_untouched(&before);
}

#[test]
fn missing_tools_are_named() {
    let place = Place::new();
    let before = place.snapshot();
    let out = place.run(&["--latest"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("npm failed: `npm view @aws-cdk/cfnspec version` could not be started: npm was not found on PATH"),
        "{err}"
    );
    place.assert_untouched(&before);

    // npm there, pip not.
    let mut npm_only = place.vendored();
    npm_only.retain(|package, _| package.starts_with("npm:"));
    place.version_stubs(&npm_only);
    fs::remove_file(place.bin().join("pip")).unwrap();
    let out = place.run(&["--latest"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("pip was not found on PATH"),
        "{}",
        stderr(&out)
    );
    place.assert_untouched(&before);
}

#[test]
fn failed_download_leaves_spec_untouched() {
    let place = Place::new();
    // Versions are found, but every download fails (`npm pack` is not answered).
    place.version_stubs(&place.vendored());
    let before = place.snapshot();
    let out = place.run(&["--latest"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    let cfnspec = &place.vendored()["npm:@aws-cdk/cfnspec"];
    assert!(
        err.contains(&format!(
            "npm failed: `npm pack @aws-cdk/cfnspec@{cfnspec} --pack-destination "
        )),
        "{err}"
    );
    assert!(err.contains("ERROR: network is unreachable"), "{err}");
    place.assert_untouched(&before);

    // The same with the checked-in pins.
    let pins = place.spec().join("versions.json");
    let out = place.run(&["--versions", pins.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("`npm pack @aws-cdk/cfnspec@"),
        "{}",
        stderr(&out)
    );
    place.assert_untouched(&before);
}

#[test]
fn check_exits_0_when_current_and_1_naming_newer_packages() {
    let place = Place::new();
    let vendored = place.vendored();
    assert_eq!(vendored.len(), 4, "{vendored:?}");
    place.version_stubs(&vendored);
    let before = place.snapshot();
    let out = place.run(&["--check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(stdout(&out).contains("is current"), "{}", stdout(&out));
    for (package, version) in &vendored {
        assert!(
            stdout(&out).contains(&format!("{package} {version}")),
            "{}",
            stdout(&out)
        );
    }

    let mut newer = vendored.clone();
    let botocore = newer.get_mut("pypi:botocore").unwrap();
    let old_botocore = botocore.clone();
    *botocore = format!("{old_botocore}.1");
    let cfnspec = newer.get_mut("npm:@aws-cdk/cfnspec").unwrap();
    let old_cfnspec = cfnspec.clone();
    *cfnspec = "99.0.0".to_owned();
    place.version_stubs(&newer);
    let out = place.run(&["--check", "--latest"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let text = stdout(&out);
    assert!(
        text.contains(&format!(
            "pypi:botocore: vendored {old_botocore}, newest {old_botocore}.1"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "npm:@aws-cdk/cfnspec: vendored {old_cfnspec}, newest 99.0.0"
        )),
        "{text}"
    );
    assert!(!text.contains("pypi:cfn-lint:"), "{text}");
    place.assert_untouched(&before);
}

#[test]
fn check_against_pins_needs_no_tools() {
    let place = Place::new();
    let before = place.snapshot();
    let pins = place.spec().join("versions.json");
    let out = place.run(&["--check", "--versions", pins.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );

    let other = place.dir.path().join("bin/pins.json");
    let mut pinned = place.vendored();
    pinned.insert("pypi:cfn-lint".to_owned(), "0.1.0".to_owned());
    fs::write(&other, serde_json::to_string(&pinned).unwrap()).unwrap();
    let out = place.run(&["--check", "--versions", other.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let vendored = &place.vendored()["pypi:cfn-lint"];
    assert!(
        stdout(&out).contains(&format!("pypi:cfn-lint: vendored {vendored}, pinned 0.1.0")),
        "{}",
        stdout(&out)
    );
    fs::remove_file(&other).unwrap();
    place.assert_untouched(&before);
}

#[test]
fn conflicting_options_are_usage_errors() {
    let place = Place::new();
    let pins = place.spec().join("versions.json");
    let pins = pins.to_str().unwrap();
    for (args, expected) in [
        (
            vec!["--latest", "--versions", pins],
            "either --latest or --versions",
        ),
        (
            vec!["--latest", "--from", "x.tgz"],
            "--from cannot be combined",
        ),
        (vec!["--versions"], "`--versions` needs a value"),
    ] {
        let out = place.run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains(expected),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}
