//! The cargo features of the generated services: one per service, named like its module
//! (`apigatewayv2`, `lambda`, `ec2`), and `all-services`. `cfn-codegen generate` writes them into
//! the crate's `Cargo.toml` between two marker lines and `cfn-codegen check` compares them, so
//! the features always match the generated `services.rs`, whose modules they switch on.

use std::fmt::Write as _;

/// The line before the generated features in `Cargo.toml`.
pub const BEGIN: &str = "# BEGIN service features: written by `cfn-codegen generate` from spec/, checked by `cfn-codegen check`. Do not edit by hand.";
/// The line after them.
pub const END: &str = "# END service features";
/// The feature that turns every service on.
pub const ALL: &str = "all-services";

/// One generated service, as its feature describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceFeature {
    /// The module and feature name, `lambda`.
    pub module: String,
    /// The namespace, `AWS::Lambda`.
    pub namespace: String,
    /// Resource types generated.
    pub resources: usize,
}

/// The lines between [`BEGIN`] and [`END`]: one feature per service (a comment names its
/// namespace and resource count), then [`ALL`].
pub fn block(services: &[ServiceFeature]) -> String {
    let mut out = String::new();
    for s in services {
        let plural = if s.resources == 1 { "" } else { "s" };
        let _ = writeln!(
            out,
            "# {} ({} resource type{plural})\n{} = []",
            s.namespace, s.resources, s.module
        );
    }
    let _ = writeln!(out, "# Every service above.\n{ALL} = [");
    for s in services {
        let _ = writeln!(out, "  \"{}\",", s.module);
    }
    out.push_str("]\n");
    out
}

/// `manifest` with the lines between its markers replaced by `block`; `None` when it has no
/// [`BEGIN`] line followed by an [`END`] line.
pub fn splice(manifest: &str, block: &str) -> Option<String> {
    let begin = manifest.find(&format!("{BEGIN}\n"))? + BEGIN.len() + 1;
    let end = begin + manifest[begin..].find(&format!("{END}\n"))?;
    Some(format!("{}{block}{}", &manifest[..begin], &manifest[end..]))
}

/// The text the `Cargo.toml` at `manifest` should have, with `services` between its markers,
/// when that differs from what it has (`None`: it is current).
///
/// # Errors
///
/// The file cannot be read, or has no markers (the message names both marker lines).
pub fn updated_manifest(
    manifest: &std::path::Path,
    services: &[ServiceFeature],
) -> Result<Option<String>, String> {
    let text =
        std::fs::read_to_string(manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let updated = splice(&text, &block(services)).ok_or_else(|| {
        format!(
            "{}: no service feature markers (a line `{BEGIN}` and later a line `{END}`)",
            manifest.display()
        )
    })?;
    Ok((updated != text).then_some(updated))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feature(module: &str, namespace: &str, resources: usize) -> ServiceFeature {
        ServiceFeature {
            module: module.into(),
            namespace: namespace.into(),
            resources,
        }
    }

    #[test]
    fn block_lists_each_service_and_all() {
        let text = block(&[
            feature("apigatewayv2", "AWS::ApiGatewayV2", 15),
            feature("ask", "Alexa::ASK", 1),
        ]);
        assert_eq!(
            text,
            "# AWS::ApiGatewayV2 (15 resource types)\napigatewayv2 = []\n\
             # Alexa::ASK (1 resource type)\nask = []\n\
             # Every service above.\nall-services = [\n  \"apigatewayv2\",\n  \"ask\",\n]\n"
        );
    }

    #[test]
    fn splice_replaces_only_between_the_markers() {
        let manifest = format!("[features]\ndefault = []\n{BEGIN}\nold = []\n{END}\n\n[deps]\n");
        let spliced = splice(&manifest, "new = []\n").unwrap();
        assert_eq!(
            spliced,
            format!("[features]\ndefault = []\n{BEGIN}\nnew = []\n{END}\n\n[deps]\n")
        );
        assert_eq!(splice(&spliced, "new = []\n").as_deref(), Some(&*spliced));
        assert_eq!(splice("[features]\n", "x"), None);
        assert_eq!(splice(&format!("{BEGIN}\nno end\n"), "x"), None);
    }
}
