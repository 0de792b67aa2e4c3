//! CloudFormation names → Rust identifiers, in one place.
//!
//! Rules (pinned by the tests below and by the fixture specs in `codegen/tests/`):
//! - fields and modules: `snake_case` (heck): `JWTConfiguration` → `jwt_configuration`,
//!   `BodyS3Location` → `body_s3_location`;
//! - types: `UpperCamelCase`: `JWTConfiguration` → `JwtConfiguration`;
//! - a Rust keyword becomes a raw identifier (`Type` → `r#type`), except the keywords that cannot
//!   be raw (`self`, `Self`, `super`, `crate`, `_`), which get a trailing `_` (`self_`, `Self_`);
//! - a name that starts with a digit gets a leading `_` (`3DConfig` → `_3d_config` / `_3dConfig`);
//! - a name with no letters or digits at all is an error (the caller reports where);
//! - no name starts with `__` (the runtime macros' internals do, so a spec name cannot clash);
//! - a property type whose Rust name equals its resource's gets the suffix `Property`;
//! - the setter of a field is `with_<field>` (without `r#`); it may not collide with another
//!   method of the struct ([`STRUCT_METHODS`]).
//!
//! Collisions (two CloudFormation names, one Rust name) are detected by the emitter, which
//! reports both names.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Strict and reserved keywords of Rust 2024 that need `r#`.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// A field or module name for a CloudFormation name; `None` if the name has no usable characters.
pub fn snake(name: &str) -> Option<String> {
    finish(name.to_snake_case())
}

/// A type name for a CloudFormation name; `None` if the name has no usable characters.
pub fn camel(name: &str) -> Option<String> {
    // `Self_` would trip `non_camel_case_types`; `Self` is the only such type-case keyword.
    finish(name.to_upper_camel_case()).map(|n| {
        if n == "Self_" {
            "SelfType".to_owned()
        } else {
            n
        }
    })
}

fn finish(converted: String) -> Option<String> {
    let cleaned: String = converted
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    let trimmed = cleaned.trim_matches('_');
    if trimmed.is_empty() {
        return None;
    }
    let ident = if trimmed.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{trimmed}")
    } else {
        trimmed.to_owned()
    };
    Some(if NOT_RAW.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if KEYWORDS.contains(&ident.as_str()) {
        format!("r#{ident}")
    } else {
        ident
    })
}

/// The setter of a field (from [`snake`]): `api_id` → `with_api_id`, `r#type` → `with_type`,
/// `_3d_config` → `with_3d_config` (no `__`, which is not snake case).
pub fn setter(field: &str) -> String {
    format!(
        "with_{}",
        field.trim_start_matches("r#").trim_start_matches('_')
    )
}

/// The methods a generated struct has besides its setters: `new`, and the `ResourceType`
/// methods a resource struct's own method would shadow. A setter may not take one of these
/// names (nor another setter's): that is a generation error.
pub const STRUCT_METHODS: &[&str] = &[
    "new",
    "type_name",
    "from_properties",
    "to_properties",
    "schema_for",
    "into_typed",
    "from_typed",
];

/// The methods of one generated struct: [`STRUCT_METHODS`], then each setter as it is claimed.
#[derive(Debug)]
pub struct Methods(std::collections::BTreeMap<String, Option<String>>);

impl Default for Methods {
    fn default() -> Self {
        Methods(
            STRUCT_METHODS
                .iter()
                .map(|m| ((*m).to_owned(), None))
                .collect(),
        )
    }
}

impl Methods {
    /// Takes `method` for the setter of `property`; an error names what already has it.
    pub fn claim(&mut self, method: &str, property: &str) -> Result<(), String> {
        match self.0.get(method) {
            None => {
                self.0.insert(method.to_owned(), Some(property.to_owned()));
                Ok(())
            }
            Some(owner) => Err(format!(
                "the setter `{method}` of property `{property}` would collide with {}",
                match owner {
                    Some(other) => format!("the setter of property `{other}`"),
                    None => "a method every generated struct has".to_owned(),
                }
            )),
        }
    }
}

/// Turns an identifier string from [`snake`] or [`camel`] into a token.
pub fn ident(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => proc_macro2::Ident::new(name, proc_macro2::Span::call_site()),
    }
}

#[cfg(test)]
mod tests {
    use super::{camel, snake};

    #[test]
    fn special_identifiers() {
        let cases = [
            ("JWTConfiguration", "jwt_configuration", "JwtConfiguration"),
            ("BodyS3Location", "body_s3_location", "BodyS3Location"),
            ("ApiId", "api_id", "ApiId"),
            ("Type", "r#type", "Type"),
            ("Self", "self_", "SelfType"),
            ("Match", "r#match", "Match"),
            ("3DConfig", "_3d_config", "_3dConfig"),
            ("Endpoint.Address", "endpoint_address", "EndpointAddress"),
            ("AWS_PROXY", "aws_proxy", "AwsProxy"),
            ("Async", "r#async", "Async"),
        ];
        for (cfn, field, ty) in cases {
            assert_eq!(snake(cfn).as_deref(), Some(field), "snake({cfn})");
            assert_eq!(camel(cfn).as_deref(), Some(ty), "camel({cfn})");
        }
        assert_eq!(snake("$$"), None);
        // The runtime macros' internals are `__`-prefixed (`__S`, `__Visitor`): no generated
        // name may start with two underscores.
        for cfn in ["__S", "_Visitor", "__3D", "_-_x", "__"] {
            for name in [snake(cfn), camel(cfn)].into_iter().flatten() {
                assert!(!name.starts_with("__"), "{cfn} -> {name}");
            }
        }
        assert_eq!(camel("-"), None);
        for (field, setter) in [
            ("api_id", "with_api_id"),
            ("r#type", "with_type"),
            ("_3d_config", "with_3d_config"),
            ("self_", "with_self_"),
        ] {
            assert_eq!(super::setter(field), setter);
        }
    }

    #[test]
    fn a_setter_taking_a_taken_method_name_is_an_error() {
        let mut methods = super::Methods::default();
        assert_eq!(methods.claim("with_a", "A"), Ok(()));
        let twice = methods.claim("with_a", "A2").unwrap_err();
        assert!(
            twice.contains("`with_a`") && twice.contains("`A`"),
            "{twice}"
        );
        let fixed = methods.claim("new", "X").unwrap_err();
        assert!(fixed.contains("every generated struct"), "{fixed}");
    }
}
