//! The value-kind table (`resource_values.rs`): what `Ref` and each `Fn::GetAtt` attribute return
//! for every CloudFormation resource type, in the compact form the spec writes it
//! (`"name Arn:arn RoleId:id"`), sorted by type name for binary search.

use proc_macro2::TokenStream;
use quote::quote;

use crate::read::values::ValueTable;

/// The file the table is written to, included by the root file.
pub const VALUES_FILE: &str = "resource_values.rs";

/// The module the root file includes it as.
pub const VALUES_MODULE: &str = "resource_values";

/// The table's tokens.
pub(super) fn emit_values(table: &ValueTable) -> TokenStream {
    let rows = table.types.iter().map(|(type_name, entry)| {
        let text = &entry.text;
        quote!((#type_name, #text))
    });
    let count = table.types.len();
    let doc = format!(
        " What `Ref` and each `Fn::GetAtt` attribute return, for each of the {count} resource \
         types of `{}`: `(type name, \"<Ref kind> <Attribute>:<kind> ...\")`, sorted by type \
         name. A kind is `arn`, `id`, `name`, `url`, `number` or `string` (a string of no \
         known kind), or a list of one (`list`, `list:<kind>`); an attribute not listed \
         returns something of no known shape.",
        table.file
    );
    quote! {
        #[doc = #doc]
        pub static RESOURCE_VALUES: &[(&str, &str)] = &[#(#rows),*];
    }
}
