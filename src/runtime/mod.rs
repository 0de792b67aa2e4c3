//! The hand-written runtime that generated code builds on: values and intrinsic functions, the
//! lossless [`Node`] tree, typed handles and the resource trait. Generated code refers to these
//! items only as `crate::Value`, `crate::Node`, ... (re-exported at the crate root), so the same
//! runtime also backs the generator's golden tests (`tests/golden_compile.rs`).
//!
//! # Layout
//! The tree and its serde bridge, each file using only those above it:
//!
//! - `node.rs`: [`Node`], [`NodeKind`], [`Span`];
//! - `error.rs`: [`NodeError`];
//! - `handoff.rs`: the private protocol that carries spans, number texts and "this is a
//!   function call" through serde, and `Node`'s own `Serialize`/`Deserialize`;
//! - `node_de.rs` (`impl Deserializer for &Node`, CloudFormation's scalar coercions),
//!   `node_ser.rs` ([`to_node`]), `intrinsic.rs` ([`Intrinsic`]) and `value.rs` ([`Value`],
//!   which also uses `intrinsic.rs`).
//!
//! `severity.rs` holds [`Severity`](crate::validate::Severity), shared by the generated rule
//! tables (`schema.rs`, with the same-API tables' types from `links.rs`) and the validator.

mod enums;
mod error;
mod handle;
mod handoff;
mod intrinsic;
mod links;
mod node;
mod node_de;
mod node_ser;
mod properties;
mod reference;
mod resource;
pub mod schema;
pub(crate) mod severity;
mod value;

pub use enums::UnknownValue;
pub use error::NodeError;
pub use handle::Handle;
pub use intrinsic::{Intrinsic, Pseudo};
pub use node::{Json, Node, NodeKind, Span};
pub use node_ser::to_node;
pub use reference::{ReferenceListTo, ReferenceTo, build as __reference};
pub use resource::{Referable, ResourceAttributes, ResourceType};
pub use value::Value;

/// serde, for the impls generated code gets from `cfn_properties!`.
#[doc(hidden)]
pub use serde as __serde;
