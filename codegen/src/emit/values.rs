//! The value-kind table (`resource_values.rs`): what `Ref` and each `Fn::GetAtt` attribute return
//! for every CloudFormation resource type, one line per type in the compact form the spec writes
//! it (`AWS::IAM::Role name Arn:arn RoleId:id`), sorted by type name for binary search.
//!
//! The table is one raw string literal, not a slice of tuples: the same data in a fifth less space,
//! and prettyplease formats one token instead of thousands.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::error::{Error, Result};
use crate::read::values::ValueTable;

/// The file the table is written to, included by the root file.
pub const VALUES_FILE: &str = "resource_values.rs";

/// The module the root file includes it as.
pub const VALUES_MODULE: &str = "resource_values";

/// The table's tokens.
pub(super) fn emit_values(table: &ValueTable) -> Result<TokenStream> {
    let mut text = String::with_capacity(table.types.values().map(|e| e.text.len() + 48).sum());
    for (type_name, entry) in &table.types {
        text.push_str(type_name);
        text.push(' ');
        text.push_str(&entry.text);
        text.push('\n');
    }
    // A raw string keeps one line per type; the data never holds `"#`.
    let unsafe_text = text.contains("\"#") || text.contains('\r');
    let literal = (!unsafe_text)
        .then(|| format!("r#\"{text}\"#").parse::<Literal>().ok())
        .flatten()
        .ok_or_else(|| {
            Error::new(
                &table.file,
                "/types",
                "the table cannot be written as a raw string",
            )
        })?;
    let count = table.types.len();
    let doc = format!(
        " What `Ref` and each `Fn::GetAtt` attribute return, for each of the {count} resource \
         types of `{}`: one line per type, `<type> <Ref kind> <Attribute>:<kind> ...`, sorted \
         by type name. A kind is `arn`, `id`, `name`, `url`, `number` or `string` (a string of \
         no known kind), or a list of one (`list`, `list:<kind>`); an attribute not listed \
         returns something of no known shape.",
        table.file
    );
    Ok(quote! {
        #[doc = #doc]
        pub static RESOURCE_VALUES: &str = #literal;
    })
}
