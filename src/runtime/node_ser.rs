//! Typed values → [`Node`].

use serde::Serialize;

use crate::{Node, NodeError};

/// Serializes a typed value (a generated resource, a property type, a [`crate::Value`]) into a
/// [`Node`].
pub fn to_node<T: Serialize + ?Sized>(value: &T) -> Result<Node, NodeError> {
    // Interim: through serde_json's tree (loses the original text of non-integer numbers inside
    // `Json` values). Replaced by a direct serializer.
    let json = serde_json::to_value(value).map_err(|e| NodeError::new(e.to_string()))?;
    serde::Deserialize::deserialize(json)
        .map_err(|e: serde_json::Error| NodeError::new(e.to_string()))
}
