//! Typed Rust for AWS CloudFormation's `AWS::ApiGatewayV2::*` resources.
//!
//! The types in [`apigatewayv2`] are generated from the CloudFormation specification vendored in
//! `spec/` (registry schemas, the legacy resource specification and the CDK service database),
//! by `build.rs` at build time. Every field is a [`Value`]: a literal or an intrinsic function
//! (`Ref`, `Fn::GetAtt`, `Fn::Sub`, ...), so real templates fit.
//!
//! ```
//! use cfn_apigatewayv2::apigatewayv2::Integration;
//! assert_eq!(Integration::TYPE_NAME, "AWS::ApiGatewayV2::Integration");
//! ```
#![deny(missing_docs)]

mod runtime;
pub mod syntax;
pub mod template;
pub mod validate;

pub use runtime::*;

include!(concat!(env!("OUT_DIR"), "/services.rs"));

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
