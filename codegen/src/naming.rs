//! Every CloudFormation name → Rust name rule, in one place; the emitters only call these.
//!
//! Rules (each pinned by the table tests below and by the fixture specs in `codegen/tests/`):
//! - fields and modules: `snake_case` (heck): `JWTConfiguration` → `jwt_configuration`,
//!   `BodyS3Location` → `body_s3_location` ([`snake`]);
//! - types: `UpperCamelCase`: `JWTConfiguration` → `JwtConfiguration` ([`camel`]);
//! - a Rust keyword becomes a raw identifier (`Type` → `r#type`), except the keywords that cannot
//!   be raw (`self`, `Self`, `super`, `crate`, `_`), which get a trailing `_` (`self_`, `Self_`);
//! - a name that starts with a digit gets a leading `_` (`3DConfig` → `_3d_config` / `_3dConfig`);
//! - a name with no letters or digits at all is an error (the caller reports where);
//! - no name starts with `__` (the runtime macros' internals do, so a spec name cannot clash);
//! - a service's module and variant come from its namespace's last part: `AWS::ApiGatewayV2` →
//!   `apigatewayv2`, `ApiGatewayV2` ([`service_module`], [`service_variant`]); a referenced
//!   type outside the services, from its service and name: `AWS::Lambda::Function` →
//!   `lambda`, `Function` ([`target_names`]);
//! - a property type whose Rust name equals its resource's gets the suffix `Property`
//!   ([`property_type`]); a resource's attributes struct is `<Type>Attributes`
//!   ([`attributes_struct`]);
//! - an attribute method that a [`HANDLE_METHODS`] method would shadow gets the suffix
//!   `_attribute` ([`attribute_method`]);
//! - attributes claim their methods in order of fewer dots, then by name; a dotted attribute
//!   whose method another attribute took spells its path with `_dot_`
//!   (`CertificateAuthority.Data` → `certificate_authority_dot_data` beside
//!   `CertificateAuthorityData` → `certificate_authority_data`); a name still taken is numbered
//!   (`_2`, `_3`) ([`untaken_attribute_method`]);
//! - enum variants: camel case, but a value that starts with a digit keeps its separators as `_`
//!   after a `V` (`1.0` → `V1_0`) ([`variant`]); values that would share a variant are numbered
//!   (`Glacier`, `Glacier2`) ([`numbered`]); the catch-all variant is `Unknown`, or
//!   `UnknownValue` when a value takes `Unknown` ([`catch_all_variant`]).
//! - the setter of a field is `with_<field>` (without `r#`) ([`setter`]); it may not collide with
//!   another method of the struct ([`STRUCT_METHODS`]).
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

/// The module of a service: its namespace's last part, lower-cased (`AWS::ApiGatewayV2` →
/// `apigatewayv2`); `None` if that gives no plain identifier.
pub fn service_module(namespace: &str) -> Option<String> {
    let last = namespace.rsplit("::").next().unwrap_or(namespace);
    snake(&last.to_lowercase()).filter(|m| !m.starts_with("r#"))
}

/// The `AnyResource`-style variant of a service: its namespace's last part in camel case
/// (`AWS::ApiGatewayV2` → `ApiGatewayV2`).
pub fn service_variant(namespace: &str) -> Option<String> {
    camel(namespace.rsplit("::").next().unwrap_or(namespace))
}

/// The module and type of a referenced resource type outside the generated services
/// (`AWS::Lambda::Function` → `lambda`, `Function`).
pub fn target_names(type_name: &str) -> Option<(String, String)> {
    let parts: Vec<&str> = type_name.split("::").collect();
    let [_, service, name] = parts.as_slice() else {
        return None;
    };
    Some((service_module(service)?, camel(name)?))
}

/// The Rust name of a property type: [`camel`], with the suffix `Property` when that equals
/// `resource`, its resource's Rust name (`Api.Api` → `ApiProperty`).
pub fn property_type(name: &str, resource: &str) -> Option<String> {
    let mut rust = camel(name)?;
    if rust == resource {
        rust.push_str("Property");
    }
    Some(rust)
}

/// `name` if `taken` says it is free, else `name` with `suffix`, then with `suffix` and a number
/// (`2`, `3`, ...): the first that is free.
pub fn untaken(name: String, suffix: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(&name) {
        return name;
    }
    let suffixed = format!("{name}{suffix}");
    if !taken(&suffixed) {
        return suffixed;
    }
    (2..)
        .map(|n| format!("{suffixed}{n}"))
        .find(|candidate| !taken(candidate))
        .unwrap_or(suffixed)
}

/// The attributes struct of a resource type's Rust name (`Api` → `ApiAttributes`).
pub fn attributes_struct(type_name: &str) -> String {
    format!("{type_name}Attributes")
}

/// Method names of `Handle` (`src/runtime/handle.rs`), which derefs to the attributes struct:
/// an attribute method of one of these names would be shadowed. A test ties this list to the
/// runtime's methods.
pub const HANDLE_METHODS: &[&str] = &[
    "new",
    "logical_id",
    "reference",
    "get_att",
    "clone",
    "eq",
    "ne",
    "fmt",
    "deref",
];

/// The method of an attribute, from its [`snake`] name: with the suffix `_attribute` (and not
/// raw) when a [`HANDLE_METHODS`] method would shadow it (`r#ref` stays, `new` →
/// `new_attribute`).
pub fn attribute_method(snake_name: String) -> String {
    let bare = snake_name.trim_start_matches("r#");
    if HANDLE_METHODS.contains(&bare) {
        format!("{bare}_attribute")
    } else {
        snake_name
    }
}

/// The method of the attribute `wire` (its CloudFormation name) when `taken` tells the methods
/// other attributes already have: its [`attribute_method`]; if that is taken and the name is
/// dotted, its path with `_dot_` between the parts (`ReadEndPoint.Addresses.List` →
/// `read_end_point_dot_addresses_dot_list`); if that is taken too (or the name has no dot),
/// that name numbered from `_2`. `None` if the name (or one of its parts) has no usable
/// characters.
pub fn untaken_attribute_method(wire: &str, taken: impl Fn(&str) -> bool) -> Option<String> {
    let flat = attribute_method(snake(wire)?);
    if !taken(&flat) {
        return Some(flat);
    }
    let base = if wire.contains('.') {
        let parts = wire
            .split('.')
            .map(|part| snake(part).map(|s| s.trim_start_matches("r#").to_owned()))
            .collect::<Option<Vec<_>>>()?;
        let path = parts.join("_dot_");
        if !taken(&path) {
            return Some(path);
        }
        path
    } else {
        flat
    };
    let base = base.trim_start_matches("r#");
    (2..)
        .map(|n| format!("{base}_{n}"))
        .find(|candidate| !taken(candidate))
}

/// The catch-all variant of every enum, for values this version does not know.
pub const CATCH_ALL: &str = "Unknown";

/// The catch-all variant of an enum whose variants `taken` tells: [`CATCH_ALL`], or
/// `UnknownValue` when a value took that name.
pub fn catch_all_variant(taken: impl Fn(&str) -> bool) -> &'static str {
    if taken(CATCH_ALL) {
        "UnknownValue"
    } else {
        CATCH_ALL
    }
}

/// The variant of an allowed value: `AWS_PROXY` → `AwsProxy`; a value that starts with a digit
/// keeps its separators as `_` after a `V` (`1.0` → `V1_0`), since camel case would run the
/// digits together. The empty value (an allowed value meaning "none", e.g. a preset) is
/// `Empty`. `None` if the value gives no plain identifier.
pub fn variant(value: &str) -> Option<String> {
    if value.is_empty() {
        return Some("Empty".to_owned());
    }
    if value.starts_with(|c: char| c.is_ascii_digit()) {
        let body: String = value
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        return Some(format!("V{body}"));
    }
    camel(value).filter(|n| !n.starts_with("r#"))
}

/// The first of `base`, `base2`, `base3`, … that `taken` does not hold: values that differ only
/// in case or separators (`GLACIER`, `Glacier`) would share a variant, so the later ones are
/// numbered in the source's order.
pub fn numbered(base: String, taken: impl Fn(&str) -> bool) -> String {
    (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}{n}")
            }
        })
        .find(|n| !taken(n))
        .unwrap_or(base)
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

    #[test]
    fn untaken_names_take_the_suffix_then_a_number() {
        let taken = ["Api", "ApiAttributes", "ApiAttributesProperty"];
        let free = |name: &str| super::untaken(name.to_owned(), "Property", |c| taken.contains(&c));
        assert_eq!(free("Route"), "Route");
        assert_eq!(free("Api"), "ApiProperty");
        assert_eq!(free("ApiAttributes"), "ApiAttributesProperty2");
    }
    use super::*;

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
    #[test]
    fn service_and_target_names() {
        let cases = [
            (
                "AWS::ApiGatewayV2",
                Some("apigatewayv2"),
                Some("ApiGatewayV2"),
            ),
            ("AWS::S3", Some("s3"), Some("S3")),
            ("AWS::Type", None, Some("Type")),
            ("AWS::$$", None, None),
        ];
        for (namespace, module, variant) in cases {
            assert_eq!(service_module(namespace).as_deref(), module, "{namespace}");
            assert_eq!(
                service_variant(namespace).as_deref(),
                variant,
                "{namespace}"
            );
        }
        let targets = [
            ("AWS::Lambda::Function", Some(("lambda", "Function"))),
            ("AWS::EC2::VPCEndpoint", Some(("ec2", "VpcEndpoint"))),
            ("AWS::Type::Thing", None),
            ("AWS::Lambda", None),
            ("AWS::A::B::C", None),
        ];
        for (type_name, names) in targets {
            let got = target_names(type_name);
            let got = got.as_ref().map(|(m, n)| (m.as_str(), n.as_str()));
            assert_eq!(got, names, "{type_name}");
        }
    }

    #[test]
    fn type_and_method_names() {
        let types = [
            ("Api", "Api", "ApiProperty"),
            ("Api", "Route", "Api"),
            ("JWTConfiguration", "Authorizer", "JwtConfiguration"),
        ];
        for (name, resource, rust) in types {
            assert_eq!(property_type(name, resource).as_deref(), Some(rust));
        }
        assert_eq!(property_type("$$", "Api"), None);
        assert_eq!(attributes_struct("Api"), "ApiAttributes");
        let methods = [
            ("api_endpoint", "api_endpoint"),
            ("new", "new_attribute"),
            ("deref", "deref_attribute"),
            ("ne", "ne_attribute"),
            ("r#ref", "r#ref"),
            ("r#type", "r#type"),
        ];
        for (snake_name, method) in methods {
            assert_eq!(attribute_method(snake_name.to_owned()), method);
        }
        // Taken methods: the path with `_dot_`, then numbered.
        let taken = |names: &'static [&'static str]| move |n: &str| names.contains(&n);
        let untaken = [
            (
                "CertificateAuthority.Data",
                &[][..],
                "certificate_authority_data",
            ),
            (
                "CertificateAuthority.Data",
                &["certificate_authority_data"][..],
                "certificate_authority_dot_data",
            ),
            (
                "ReadEndPoint.Addresses.List",
                &["read_end_point_addresses_list"][..],
                "read_end_point_dot_addresses_dot_list",
            ),
            ("A.B", &["a_b", "a_dot_b"][..], "a_dot_b_2"),
            ("Type.Name", &["type_name"][..], "type_dot_name"),
            ("Type", &["r#type"][..], "type_2"),
            ("New", &["new_attribute"][..], "new_attribute_2"),
            ("X.Y", &["x_y", "x_dot_y", "x_dot_y_2"][..], "x_dot_y_3"),
        ];
        for (wire, names, method) in untaken {
            assert_eq!(
                untaken_attribute_method(wire, taken(names)).as_deref(),
                Some(method),
                "{wire} with {names:?} taken"
            );
        }
        assert_eq!(untaken_attribute_method("A.$$", taken(&["a"])), None);
    }

    #[test]
    fn enum_variant_names() {
        let cases = [
            ("AWS_PROXY", Some("AwsProxy")),
            ("1.0", Some("V1_0")),
            ("2.0-beta", Some("V2_0_beta")),
            ("JWT", Some("Jwt")),
            ("REQUEST", Some("Request")),
            ("Type", Some("Type")),
            ("Match", Some("Match")),
            ("self", Some("SelfType")),
            ("$", None),
            ("", Some("Empty")),
        ];
        for (value, name) in cases {
            assert_eq!(variant(value).as_deref(), name, "variant({value})");
        }
        let taken = |names: &'static [&'static str]| move |n: &str| names.contains(&n);
        assert_eq!(numbered("Glacier".into(), taken(&[])), "Glacier");
        assert_eq!(numbered("Glacier".into(), taken(&["Glacier"])), "Glacier2");
        assert_eq!(
            numbered("Glacier".into(), taken(&["Glacier", "Glacier2"])),
            "Glacier3"
        );
        assert_eq!(catch_all_variant(taken(&["Glacier"])), "Unknown");
        assert_eq!(catch_all_variant(taken(&["Unknown"])), "UnknownValue");
    }

    /// `HANDLE_METHODS` is exactly the methods a `Handle` has of its own: those the runtime
    /// defines on it or in its trait impls, plus `ne`, which its `PartialEq` impl provides.
    /// Read from the runtime's source, wherever under `src/` the impls live.
    #[test]
    fn handle_methods_are_the_runtimes() {
        fn walk(dir: &std::path::Path, files: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, files);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    files.push(path);
                }
            }
        }
        fn collect(items: &[syn::Item], methods: &mut std::collections::BTreeSet<String>) {
            for item in items {
                match item {
                    syn::Item::Impl(imp) => {
                        let syn::Type::Path(ty) = &*imp.self_ty else {
                            continue;
                        };
                        if ty.path.segments.last().is_none_or(|s| s.ident != "Handle") {
                            continue;
                        }
                        for member in &imp.items {
                            if let syn::ImplItem::Fn(f) = member {
                                methods.insert(f.sig.ident.to_string());
                            }
                        }
                        let provided: &[&str] = match &imp.trait_ {
                            Some((path, _)) => match path.segments.last() {
                                Some(s) if s.ident == "PartialEq" => &["ne"],
                                _ => &[],
                            },
                            None => &[],
                        };
                        methods.extend(provided.iter().map(|m| (*m).to_owned()));
                    }
                    syn::Item::Mod(m) => {
                        if let Some((_, items)) = &m.content {
                            collect(items, methods);
                        }
                    }
                    _ => {}
                }
            }
        }
        let runtime = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../src");
        let mut files = Vec::new();
        walk(&runtime, &mut files);
        let mut methods = std::collections::BTreeSet::new();
        for file in &files {
            let text = std::fs::read_to_string(file).unwrap();
            let parsed =
                syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            collect(&parsed.items, &mut methods);
        }
        assert!(
            methods.contains("logical_id"),
            "no `Handle` impls found under {}",
            runtime.display()
        );
        let listed: std::collections::BTreeSet<String> =
            HANDLE_METHODS.iter().map(|m| (*m).to_owned()).collect();
        assert_eq!(
            listed, methods,
            "naming::HANDLE_METHODS must list exactly the methods of the runtime's `Handle`"
        );
    }
}
