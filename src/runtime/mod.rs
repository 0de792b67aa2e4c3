//! The hand-written runtime that generated code builds on: values and intrinsic functions, the
//! lossless [`Node`] tree, typed handles and the resource trait. Generated code refers to these
//! items only as `crate::Value`, `crate::Node`, ... (re-exported at the crate root), so the same
//! runtime also backs the generator's golden tests (`tests/golden_compile.rs`).

mod enums;
mod handle;
mod intrinsic;
mod node;
mod node_ser;
mod properties;
mod reference;
mod resource;
pub mod schema;
mod value;

pub use enums::UnknownValue;
pub use handle::Handle;
pub use intrinsic::{Intrinsic, Pseudo};
pub use node::{Json, Node, NodeError, NodeKind, Span};
pub use node_ser::to_node;
pub use reference::{ReferenceListTo, ReferenceTo, build as __reference};
pub use resource::{Referable, ResourceAttributes, ResourceType};
pub use value::Value;

/// serde, for the impls generated code gets from `cfn_properties!`.
#[doc(hidden)]
pub use serde as __serde;
