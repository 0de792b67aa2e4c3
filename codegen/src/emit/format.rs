//! Token streams → file text: prettyplease, its output patched, and a pool for formatting.

use proc_macro2::TokenStream;
use quote::quote;

use crate::docs::{guard, normalize_newlines};
use crate::error::{Error, Result};

/// `f` over `items` on up to as many threads as there are cores, results in `items`' order.
pub(super) fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len().max(1));
    if threads <= 1 {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(|| part.iter().map(&f).collect::<Vec<R>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

pub(super) fn format_file(header: &str, tokens: TokenStream) -> Result<String> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| {
        Error::new(
            "generated code",
            "",
            format!("the generator produced invalid Rust: {e}"),
        )
    })?;
    let code = guard_docs(&prettyplease::unparse(&file))?;
    Ok(format!(
        "{header}\n{}",
        separate_items(&one_row_per_line(&code))
    ))
}

/// Every doc comment of a formatted file through [`guard`]: whatever text reached it (upstream
/// text, names and values spliced into generator sentences), no doc comment holds a bare `\r`,
/// a code block rustdoc would compile, or indentation that starts one. A doc comment prettyplease
/// could not print as `///` lines (a doc attribute with a line break) is an error, not output
/// the guard has not seen.
fn guard_docs(code: &str) -> Result<String> {
    let mut out = String::with_capacity(code.len());
    let mut lines = code.split('\n').peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        let unchecked = trimmed.starts_with("/**")
            || trimmed.starts_with("#[doc =")
            || (line.contains('\r') && !trimmed.starts_with("///"));
        if unchecked {
            return Err(Error::new(
                "generated code",
                "",
                format!(
                    "a doc comment the generator cannot check: `{}`",
                    line.trim()
                ),
            ));
        }
        let Some(first) = trimmed.strip_prefix("///") else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let indent = &line[..line.len() - trimmed.len()];
        let mut text = vec![first.strip_prefix(' ').unwrap_or(first)];
        while let Some(next) = lines
            .peek()
            .and_then(|l| l.strip_prefix(indent))
            .and_then(|l| l.strip_prefix("///"))
        {
            text.push(next.strip_prefix(' ').unwrap_or(next));
            lines.next();
        }
        for doc in guard(&text.join("\n")).split('\n') {
            out.push_str(indent);
            out.push_str("///");
            if !doc.is_empty() {
                out.push(' ');
                out.push_str(doc);
            }
            out.push('\n');
        }
    }
    out.pop();
    Ok(out)
}

/// prettyplease flows a macro's tokens like prose; put each row (`field = kind("Key");`,
/// `Variant = "VALUE";`, `refs::ApiId => crate::apigatewayv2::Api: reference();`) of a
/// `cfn_properties!`, `cfn_enum!` or `cfn_references!` invocation on its own line. Rows end at a
/// `;` outside string literals; whitespace is collapsed and paths are rejoined only outside them
/// (a CloudFormation key or value may hold `;`, runs of spaces or ` : `).
fn one_row_per_line(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    let next = |text: &str| {
        [
            "crate::cfn_properties! {\n",
            "crate::cfn_enum! {\n",
            "crate::cfn_references! {\n",
        ]
        .iter()
        .filter_map(|open| text.find(open).map(|at| at + open.len()))
        .min()
    };
    while let Some(body_start) = next(rest) {
        // A string literal holds no raw line break, so `\n}` is the invocation's end.
        let Some(len) = rest[body_start..].find("\n}") else {
            break;
        };
        out.push_str(&rest[..body_start]);
        for row in macro_rows(&rest[body_start..body_start + len]) {
            out.push_str("    ");
            out.push_str(&row);
            out.push_str(";\n");
        }
        out.push('}');
        rest = &rest[body_start + len + 2..];
    }
    out.push_str(rest);
    out
}

/// The rows of a macro body as prettyplease printed it, each on one line without its `;`.
fn macro_rows(body: &str) -> Vec<String> {
    // prettyplease spaces a macro's tokens one by one (`crate ::a::B : c()`, `"a".. "b"`); write
    // the code between literals as Rust code is written.
    fn code(text: &str, after_literal: bool, out: &mut String) {
        let mut collapsed = String::with_capacity(text.len());
        for c in text.chars() {
            if !c.is_whitespace() {
                collapsed.push(c);
            } else if !collapsed.ends_with(' ') {
                collapsed.push(' ');
            }
        }
        // Generic arguments (a setter's `BTreeMap<String, Value<T>>`) as Rust writes them; `=>`
        // has no space before its `>`.
        let text = collapsed
            .replace("crate ::", "crate::")
            .replace(" : ", ": ")
            .replace(" <", "<")
            .replace("< ", "<")
            .replace(" >", ">");
        if after_literal && text.trim() == ".." {
            out.push_str(" .. ");
        } else {
            out.push_str(&text);
        }
    }
    let mut rows = Vec::new();
    let mut row = String::new();
    let mut between = String::new();
    let mut chars = body.chars();
    let mut after_literal = false;
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                code(&between, after_literal, &mut row);
                between.clear();
                row.push('"');
                while let Some(c) = chars.next() {
                    row.push(c);
                    match c {
                        '\\' => row.extend(chars.next()),
                        '"' => break,
                        _ => {}
                    }
                }
                after_literal = true;
            }
            ';' => {
                code(&between, after_literal, &mut row);
                between.clear();
                let trimmed = row.trim();
                if !trimmed.is_empty() {
                    rows.push(trimmed.to_owned());
                }
                row.clear();
                after_literal = false;
            }
            _ => between.push(c),
        }
    }
    code(&between, after_literal, &mut row);
    if !row.trim().is_empty() {
        rows.push(row.trim().to_owned());
    }
    rows
}

/// prettyplease puts top-level items on consecutive lines; put a blank line between them, and
/// between the items of a resource's `mod tables` (its `use` and its statics).
fn separate_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut previous: Option<&str> = None;
    let mut in_tables = false;
    for line in code.lines() {
        // A comment (doc text such as `/// &gt;`) can end with `;` and still ends no item.
        let previous_code = previous.filter(|p| !p.trim_start().starts_with("//"));
        let ends_item =
            previous_code.is_some_and(|p| p == "}" || (!p.starts_with(' ') && p.ends_with(';')));
        let ends_table_item = in_tables
            && previous_code.is_some_and(|p| {
                p.starts_with("    ") && !p.starts_with("     ") && p.ends_with(';')
            });
        if (ends_item || ends_table_item) && !line.is_empty() && line != "}" {
            out.push('\n');
        }
        if line == "mod tables {" {
            in_tables = true;
        } else if line == "}" {
            in_tables = false;
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

/// One `#[doc]` attribute per line, so that prettyplease prints `///` comments.
pub(super) fn doc_attrs(text: &str) -> TokenStream {
    let text = normalize_newlines(text);
    let lines = text.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! { #(#[doc = #lines])* }
}

#[cfg(test)]
mod tests {
    use super::{guard_docs, macro_rows};

    #[test]
    fn macro_rows_split_and_space_only_outside_literals() {
        let body = "    A = \"a;  b : c\";\n    crate ::x::Y\n    : reference() in \"p/\".. \"\";\n    B\n = \"\\\";\";";
        assert_eq!(
            macro_rows(body),
            [
                "A = \"a;  b : c\"",
                "crate::x::Y: reference() in \"p/\" .. \"\"",
                "B = \"\\\";\"",
            ]
        );
    }

    #[test]
    fn items_are_separated_but_not_doc_lines_ending_in_a_semicolon() {
        let code = "/// a &gt;\n/// b\nuse x;\nstruct A;\nmod tables {\n    /// c;\n    /// d\n    static S: u8 = 1;\n    static T: u8 = 2;\n}";
        assert_eq!(
            super::separate_items(code),
            "/// a &gt;\n/// b\nuse x;\n\nstruct A;\n\nmod tables {\n    /// c;\n    /// d\n    static S: u8 = 1;\n\n    static T: u8 = 2;\n}\n"
        );
    }

    #[test]
    fn doc_comments_are_guarded_and_unguardable_ones_refused() {
        let code = "/// a\r```rust\n/// x\n/// ```\nfn f() {}\n    ///     indented\n";
        assert_eq!(
            guard_docs(code).unwrap(),
            "/// a\n/// ```text\n/// x\n/// ```\nfn f() {}\n    /// indented\n"
        );
        let err = guard_docs("/** a\n```rust\n*/\nfn f() {}").unwrap_err();
        assert!(err.message.contains("cannot check"), "{err}");
    }
}
