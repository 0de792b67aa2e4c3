//! A second reading for YAML that PyYAML accepts and `yaml-rust2` refuses for its indentation:
//! lines that start inside a flow collection (`{`, `[`) or a quoted scalar indented less than
//! the block around them, like the closing brace here:
//!
//! ```yaml
//! Properties:
//!   KeyPolicy: {
//!     "Version": "2012-10-17"
//! }
//! ```
//!
//! YAML 1.2 requires those lines to be indented more than the enclosing block node; PyYAML
//! (and so cfn-flip and cfn-lint) does not check indentation inside flow collections and quoted
//! scalars at all, and `yaml-rust2` cannot be told to do the same. Inside a flow collection or
//! a quoted scalar, the blanks that start a line are not content (a line break folds with the
//! blanks around it), so adding spaces there changes nothing but the check: [`relax`] adds
//! just enough spaces to those lines for the check to pass, and the text is read again.
//!
//! Which lines those are is found by a small lexer that knows comments, quoted scalars, flow
//! collections and block scalars. It may be wrong where YAML is ambiguous without a full parser
//! (a continuation line of a plain scalar that starts with a quote, say), so [`Relaxed::sound`]
//! checks every padded line against `yaml-rust2`'s own tokens of the new text: each must start
//! inside a flow collection or a quoted scalar. The text before the first padded line is
//! unchanged, so the scanner sees the same state there as in the original; by induction every
//! padding is in a place where blanks mean nothing, and the document read is the one PyYAML
//! reads. Anything else keeps the original error. Positions are mapped back ([`Relaxed::column`]).
//!
//! Not relaxed, as PyYAML refuses them too: tabs before the first character of such a line, and
//! `---` or `...` at the start of a line inside a flow collection or a quoted scalar.

use yaml_rust2::scanner::{Scanner, TScalarStyle as ScalarStyle, Token, TokenType};

/// Where the lexer is at the start of a line.
#[derive(Clone, Copy)]
enum State {
    Block,
    /// In a block scalar whose header is on a line indented by `parent`; its content lines are
    /// indented by `content` (known from its first non-blank line).
    BlockScalar {
        parent: usize,
        content: Option<usize>,
    },
    /// In a flow collection `depth` deep, the outermost opened at `column` (of the new text).
    Flow {
        depth: usize,
        column: usize,
    },
    /// In a quoted scalar; `column` is the column lines must reach (its quote's, or that of the
    /// flow collection around it), and `depth` that collection's depth (0 in block context).
    Quoted {
        quote: char,
        column: usize,
        depth: usize,
    },
}

/// The text with spaces added, and where.
pub(super) struct Relaxed {
    pub(super) text: String,
    /// `(line, spaces added at its start)`, 1-based lines in order.
    padded: Vec<(usize, usize)>,
}

/// The text with the lines that start inside a flow collection or a quoted scalar indented to
/// one column past the collection's opening bracket (or the scalar's quote); `None` if no line
/// needs it. Texts with a lone CR (a line break for the scanner, not for this lexer) are left
/// alone.
pub(super) fn relax(text: &str) -> Option<Relaxed> {
    if text.replace("\r\n", "").contains('\r') {
        return None;
    }
    let mut state = State::Block;
    let mut out = String::with_capacity(text.len() + 64);
    let mut padded = Vec::new();
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let chars: Vec<char> = line.trim_end_matches(['\n', '\r']).chars().collect();
        let spaces = chars.iter().take_while(|&&c| c == ' ').count();
        let first = chars.iter().position(|&c| c != ' ' && c != '\t');
        let marker = spaces == 0
            && (line.starts_with("---") || line.starts_with("..."))
            && chars.get(3).is_none_or(|c| matches!(c, ' ' | '\t'));
        let pad = match (state, first) {
            (State::Flow { column, .. } | State::Quoted { column, .. }, Some(first))
                if first == spaces && !marker =>
            {
                (column + 1).saturating_sub(first)
            }
            _ => 0,
        };
        if pad > 0 {
            padded.push((index + 1, pad));
            out.extend(std::iter::repeat_n(' ', pad));
        }
        out.push_str(line);
        state = lex(state, &chars, pad);
    }
    (!padded.is_empty()).then_some(Relaxed { text: out, padded })
}

/// The state after a line (its characters, without the line break; `pad` spaces were added
/// before it).
fn lex(mut state: State, chars: &[char], pad: usize) -> State {
    let indent = chars.iter().take_while(|&&c| c == ' ').count();
    if let State::BlockScalar { parent, content } = state {
        if chars.iter().all(|&c| c == ' ' || c == '\t') {
            return state;
        }
        match content {
            None if indent > parent => {
                return State::BlockScalar {
                    parent,
                    content: Some(indent),
                };
            }
            Some(content) if indent >= content => return state,
            _ => state = State::Block,
        }
    }
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let before = |back: usize| i.checked_sub(back).and_then(|at| chars.get(at)).copied();
        // After blanks or at the line's start, where a token starts.
        let spaced = matches!(before(1), None | Some(' ' | '\t'));
        // Where a token starts in a flow collection: also after `[`, `{` and `,`, and after
        // the `:` that follows a JSON-like node (`"a":"b"`).
        let flow_start = spaced
            || matches!(before(1), Some('[' | '{' | ','))
            || (before(1) == Some(':') && matches!(before(2), Some('"' | '\'' | ']' | '}')));
        match state {
            State::Quoted {
                quote,
                column,
                depth,
            } => match c {
                '\\' if quote == '"' => i += 1,
                '\'' if quote == '\'' && chars.get(i + 1) == Some(&'\'') => i += 1,
                _ if c == quote => {
                    state = match depth {
                        0 => State::Block,
                        depth => State::Flow { depth, column },
                    };
                }
                _ => {}
            },
            State::Flow { depth, column } => match c {
                '#' if spaced => break,
                '"' | '\'' if flow_start => {
                    state = State::Quoted {
                        quote: c,
                        column,
                        depth,
                    };
                }
                '[' | '{' => {
                    state = State::Flow {
                        depth: depth + 1,
                        column,
                    };
                }
                ']' | '}' if depth == 1 => state = State::Block,
                ']' | '}' => {
                    state = State::Flow {
                        depth: depth - 1,
                        column,
                    };
                }
                _ => {}
            },
            State::Block | State::BlockScalar { .. } => match c {
                '#' if spaced => break,
                '"' | '\'' if spaced => {
                    state = State::Quoted {
                        quote: c,
                        column: pad + i,
                        depth: 0,
                    };
                }
                '[' | '{' if spaced => {
                    state = State::Flow {
                        depth: 1,
                        column: pad + i,
                    };
                }
                '|' | '>' if spaced => {
                    return State::BlockScalar {
                        parent: indent,
                        content: None,
                    };
                }
                _ => {}
            },
        }
        i += 1;
    }
    state
}

impl Relaxed {
    /// Whether, by the scanner's tokens of the new text, every padded line starts inside a flow
    /// collection or a quoted scalar (see the [module docs](self)).
    pub(super) fn sound(&self) -> bool {
        let starts: Vec<usize> = std::iter::once(0)
            .chain(self.text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        let mut tokens = Scanner::new(self.text.chars()).peekable();
        let mut depth = 0usize;
        // Where the last token before the line is, if it is a quoted scalar, and (once needed)
        // the line where that scalar ends.
        let mut quoted: Option<(usize, usize)> = None;
        let mut until: Option<usize> = None;
        for &(line, pad) in &self.padded {
            // The tokens before the line's first character (at column `pad` or further).
            while let Some(Token(mark, kind)) =
                tokens.next_if(|Token(mark, _)| (mark.line(), mark.col()) < (line, pad))
            {
                match kind {
                    TokenType::FlowSequenceStart | TokenType::FlowMappingStart => depth += 1,
                    TokenType::FlowSequenceEnd | TokenType::FlowMappingEnd => {
                        depth = depth.saturating_sub(1);
                    }
                    _ => {}
                }
                quoted = matches!(
                    kind,
                    TokenType::Scalar(ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted, _)
                )
                .then_some((mark.line(), mark.col()));
                until = None;
            }
            let inside = depth > 0
                || quoted.is_some_and(|(start, column)| {
                    start < line
                        && *until
                            .get_or_insert_with(|| quoted_until(&self.text, &starts, start, column))
                            >= line
                });
            if !inside {
                return false;
            }
        }
        true
    }

    /// The original column (1-based) of a 1-based `column` of the new text on `line`.
    pub(super) fn column(&self, line: u32, column: u32) -> u32 {
        let Ok(line) = usize::try_from(line) else {
            return column;
        };
        match self
            .padded
            .binary_search_by_key(&line, |&(padded, _)| padded)
        {
            Ok(at) => {
                let pad = self.padded[at].1;
                let pad = u32::try_from(pad).unwrap_or(u32::MAX);
                if column > pad { column - pad } else { 1 }
            }
            Err(_) => column,
        }
    }
}

/// The (1-based) line where the quoted scalar whose quote is at `line` and `column` (0-based, in
/// characters) ends; `starts` are the byte offsets where lines start.
fn quoted_until(text: &str, starts: &[usize], line: usize, column: usize) -> usize {
    let rest = starts
        .get(line.wrapping_sub(1))
        .and_then(|&at| text.get(at..))
        .unwrap_or_default();
    let start = rest
        .char_indices()
        .nth(column)
        .map_or(rest.len(), |(at, _)| at);
    let mut chars = rest.get(start..).unwrap_or_default().chars();
    let quote = chars.next();
    let mut end = line;
    while let Some(c) = chars.next() {
        match c {
            '\n' => end += 1,
            '\\' if quote == Some('"') => end += usize::from(chars.next() == Some('\n')),
            '\'' if quote == Some('\'') && chars.clone().next() == Some('\'') => {
                chars.next();
            }
            _ if Some(c) == quote => return end,
            _ => {}
        }
    }
    end
}
