//! The service whose slice is vendored, from its type prefix.

use super::UpdateSpecError;

/// The service named by a type prefix such as `AWS::ApiGatewayV2::`.
pub(crate) struct Service {
    /// The prefix, `AWS::ApiGatewayV2::`.
    pub(crate) prefix: String,
    /// The namespace without the trailing `::`, `AWS::ApiGatewayV2`.
    pub(crate) namespace: String,
    /// The service part, `ApiGatewayV2`.
    pub(crate) name: String,
}

impl Service {
    pub(crate) fn parse(prefix: &str) -> Result<Self, UpdateSpecError> {
        let invalid = || UpdateSpecError::InvalidOptions {
            message: format!(
                "service prefix must look like \"AWS::ApiGatewayV2::\" (two alphanumeric parts, \
                 trailing ::), not {prefix:?}"
            ),
        };
        let namespace = prefix.strip_suffix("::").ok_or_else(invalid)?;
        let (vendor, name) = namespace.split_once("::").ok_or_else(invalid)?;
        let valid_part =
            |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric());
        if !valid_part(vendor) || !valid_part(name) {
            return Err(invalid());
        }
        Ok(Service {
            prefix: prefix.to_owned(),
            namespace: namespace.to_owned(),
            name: name.to_owned(),
        })
    }
}
