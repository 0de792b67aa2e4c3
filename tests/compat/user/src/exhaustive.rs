//! What the compatibility policy (README.md) does not cover: an exhaustive struct literal names every field
//! of today's `Integration`, so it stops compiling when a later spec adds an optional property.
//! Compiled with the `exhaustive` feature only; `tests/compat.rs` shows it breaks.

use cfn_apigatewayv2::Handle;
use cfn_apigatewayv2::apigatewayv2::{Api, Integration};

/// An `Integration` written as an exhaustive struct literal (no `..Integration::new(...)`).
pub fn build(api: &Handle<Api>) -> Integration {
    Integration {
        api_id: api.reference(),
        connection_id: None,
        connection_type: None,
        content_handling_strategy: None,
        credentials_arn: None,
        description: None,
        integration_method: None,
        integration_subtype: None,
        integration_type: "HTTP_PROXY".into(),
        integration_uri: None,
        passthrough_behavior: None,
        payload_format_version: None,
        request_parameters: None,
        request_templates: None,
        response_parameters: None,
        template_selection_expression: None,
        timeout_in_millis: None,
        tls_config: None,
    }
}
