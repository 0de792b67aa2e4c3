//! What the parser's events leave out, read from the text itself: where a node's text starts
//! ([`Tokens`], a second scanner kept in step with the parser) and the value of a block scalar
//! that only blank lines follow ([`Source::block_value`]).

use std::iter::Peekable;
use std::str::Chars;

use yaml_rust2::scanner::{Marker, Scanner, TScalarStyle as ScalarStyle, Token, TokenType};

use crate::Span;
use crate::syntax::saturate;

/// The text, for what the parser's events leave out.
pub(super) struct Source<'a> {
    text: &'a str,
    /// Byte offset of each line's start (lines end at LF, CRLF or a lone CR, as for the
    /// scanner); computed when first needed.
    line_starts: Vec<usize>,
}

impl<'a> Source<'a> {
    fn new(text: &'a str) -> Self {
        Source {
            text,
            line_starts: Vec::new(),
        }
    }

    /// Byte offset of a scanner position.
    fn offset(&mut self, mark: Marker) -> Option<usize> {
        if self.line_starts.is_empty() {
            let bytes = self.text.as_bytes();
            self.line_starts.push(0);
            for (at, byte) in bytes.iter().enumerate() {
                let ends = match byte {
                    b'\n' => true,
                    b'\r' => bytes.get(at + 1) != Some(&b'\n'),
                    _ => false,
                };
                if ends {
                    self.line_starts.push(at + 1);
                }
            }
        }
        let start = *self.line_starts.get(mark.line().checked_sub(1)?)?;
        let line = self.text.get(start..)?;
        let column = line
            .char_indices()
            .nth(mark.col())
            .map_or(line.len(), |(at, _)| at);
        Some(start + column)
    }

    /// The text from a scanner position on.
    fn from(&mut self, mark: Marker) -> &'a str {
        let text = self.text;
        self.offset(mark)
            .and_then(|at| text.get(at..))
            .unwrap_or_default()
    }

    /// The value of a block scalar the parser read as `value` at `mark`. When only blank lines
    /// follow its header up to the end of the text, the parser reports it at its indicator and
    /// keeps the header's line break whatever the chomping; YAML makes it empty, or (`|+`,
    /// `>+`) one line break per blank line.
    pub(super) fn block_value(&mut self, value: String, mark: Marker) -> String {
        if !value.bytes().all(|b| b == b'\n') {
            return value;
        }
        let rest = self.from(mark);
        let Some(header) = rest.strip_prefix(['|', '>']) else {
            return value;
        };
        let indicators = header.find(|c: char| !matches!(c, '1'..='9' | '+' | '-'));
        if !header[..indicators.unwrap_or(header.len())].contains('+') {
            return String::new();
        }
        let breaks = header.matches('\n').count() + header.matches('\r').count()
            - header.matches("\r\n").count();
        "\n".repeat(breaks.saturating_sub(1))
    }
}

/// The positions the parser's events do not tell, read from the tokens of a second scanner over
/// the same text (started when first needed). The parser reports a node where its content is;
/// a template's positions are where its text starts:
///
/// - a node with properties starts at its anchor or tag. The parser takes an anchor, a tag or
///   both (in either order) right before a node's content, so the n-th such group of tokens
///   belongs to the n-th node with properties;
/// - an empty value or sequence entry is where the `:` or `-` token before the one the parser
///   reports it at is (the scanner puts a `-` where the blanks after it end);
/// - a block scalar starts at its `|` or `>`, which is not a token: it is the first indicator
///   after the token before the scalar's.
///
/// Events come in token order, so one pass over the tokens answers every question. A token at
/// the same place as the one looked for, or past it, ends a search; so do anchors and tags, which
/// only [`Tokens::properties`] takes.
pub(super) struct Tokens<'a> {
    pub(super) source: Source<'a>,
    scanner: Option<Peekable<Scanner<Chars<'a>>>>,
    /// Where the last token taken is, and what it is.
    previous: Option<(Marker, Taken)>,
}

impl<'a> Tokens<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Tokens {
            source: Source::new(text),
            scanner: None,
            previous: None,
        }
    }

    fn peek(&mut self) -> Option<&Token> {
        let text = self.source.text;
        self.scanner
            .get_or_insert_with(|| Scanner::new(text.chars()).peekable())
            .peek()
    }

    fn take(&mut self) -> Option<Token> {
        let token = self.scanner.as_mut()?.next()?;
        let taken = match token.1 {
            TokenType::Value => Taken::Value,
            TokenType::BlockEntry => Taken::Entry,
            _ => Taken::Other,
        };
        self.previous = Some((token.0, taken));
        Some(token)
    }

    /// Takes the tokens before the next one at `content` for which `wanted` holds (given what
    /// the token before it is), and says whether there is one (before any anchor, tag or token
    /// past `content`).
    fn seek(&mut self, content: Marker, wanted: fn(Taken, &TokenType) -> bool) -> bool {
        loop {
            let previous = self.previous.map_or(Taken::Other, |(_, taken)| taken);
            let Some(Token(mark, kind)) = self.peek() else {
                return false;
            };
            if mark.index() == content.index() && wanted(previous, kind) {
                return true;
            }
            if mark.index() > content.index() || is_property(kind) {
                return false;
            }
            self.take();
        }
    }

    /// Where the anchor or tag of the node whose content the parser reports at `content` starts
    /// (`content` itself if the scanners ever disagreed, which they do not).
    pub(super) fn properties(&mut self, content: Marker) -> Marker {
        while let Some(Token(_, kind)) = self.peek() {
            if is_property(kind) {
                break;
            }
            self.take();
        }
        let Some(Token(start, first)) = self.take() else {
            return content;
        };
        // The other property, if the node has both.
        if let Some(Token(_, second)) = self.peek() {
            if is_property(second)
                && std::mem::discriminant(second) != std::mem::discriminant(&first)
            {
                self.take();
            }
        }
        match self.peek() {
            Some(Token(next, _)) if next.index() == content.index() => start,
            _ => content,
        }
    }

    /// Where the `:` or `-` of an empty value or entry that the parser reports at `next` (the
    /// token after it) is; `None` if there is no such indicator (an empty value with no `:` at
    /// all, or in a flow collection, where the parser's position is already the right one).
    pub(super) fn indicator(&mut self, next: Marker) -> Option<Marker> {
        // What the parser finds after a `:` or `-` to make the value or entry empty.
        let follows = |previous, kind: &TokenType| match previous {
            Taken::Value => matches!(
                kind,
                TokenType::Key | TokenType::Value | TokenType::BlockEnd
            ),
            Taken::Entry => matches!(
                kind,
                TokenType::Key | TokenType::Value | TokenType::BlockEnd | TokenType::BlockEntry
            ),
            Taken::Other => false,
        };
        if !self.seek(next, follows) {
            return None;
        }
        let (mark, _) = self.previous?;
        // The token after it may be the next empty entry's `-`, at the same place.
        self.take();
        Some(mark)
    }

    /// Where the block mapping that the parser reports at `mark` (the `:` after its first key)
    /// starts: at its first key (or its properties); `None` if there is no block mapping there.
    pub(super) fn mapping_start(&mut self, mark: Marker) -> Option<Marker> {
        let block = |_, kind: &TokenType| matches!(kind, TokenType::BlockMappingStart);
        if !self.seek(mark, block) {
            return None;
        }
        self.take();
        match self.peek() {
            Some(Token(key, TokenType::Key)) => Some(*key),
            _ => None,
        }
    }

    /// The position of the `|` or `>` that starts the block scalar the parser reports at
    /// `content` (where its content or, at the end of the text, its indicator is): the first
    /// indicator after the token before the scalar, past `-`, `?`, `:`, blanks and comments.
    pub(super) fn block_indicator(&mut self, content: Marker) -> Option<Span> {
        let block = |_, kind: &TokenType| {
            matches!(
                kind,
                TokenType::Scalar(ScalarStyle::Literal | ScalarStyle::Folded, _)
            )
        };
        if !self.seek(content, block) {
            return None;
        }
        let (from, _) = self.previous?;
        let (mut line, mut column) = (from.line(), from.col());
        let mut rest = self.source.from(from).chars().peekable();
        let mut comment = false;
        while let Some(c) = rest.next() {
            match c {
                '\r' if rest.peek() == Some(&'\n') => {}
                '\n' | '\r' => {
                    comment = false;
                    line += 1;
                    column = 0;
                    continue;
                }
                _ if comment => {}
                '|' | '>' => {
                    return Some(Span {
                        line: saturate(line),
                        column: saturate(column + 1),
                    });
                }
                '#' => comment = true,
                ' ' | '\t' | '-' | '?' | ':' => {}
                _ => return None,
            }
            column += 1;
        }
        None
    }
}

/// What the last token [`Tokens`] took is.
#[derive(Clone, Copy)]
enum Taken {
    /// `:`.
    Value,
    /// `-`.
    Entry,
    Other,
}

fn is_property(kind: &TokenType) -> bool {
    matches!(kind, TokenType::Anchor(_) | TokenType::Tag(..))
}
