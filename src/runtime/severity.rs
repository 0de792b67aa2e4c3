//! [`Severity`]: how bad a validation finding is. Defined here, below both the generated rule
//! tables ([`crate::schema`]) and the validator that reports them; public as
//! `cfn_apigatewayv2::validate::Severity`.

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// CloudFormation (or the service) rejects the template.
    Error,
    /// Documented as wrong, but accepted at deploy time.
    Warning,
}

impl Severity {
    /// `"error"` or `"warning"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}
