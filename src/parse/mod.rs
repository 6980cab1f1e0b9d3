//! Parsing JSON and JSONC into a spanned tree, keeping duplicate keys and comments.
//!
//! The lexer is `jsonc-parser`'s (strict options for `.json`, comments and trailing commas
//! for `.jsonc`); this module adds what it does not check: a leading BOM, empty input,
//! raw control characters in strings, numbers out of range and duplicate keys.

mod convert;
mod fast;
mod locate;
mod patch;
pub mod request_line;
mod tree;

pub use locate::pointer_to;
pub use patch::{reparse, TextEdit};
pub use tree::{
    is_integer_literal, Items, ItemsIter, JsonType, Located, Member, MemberIndex, Members,
    MembersIter, Node, Rewrites, Tree, Value, MAX_TEXT,
};

use crate::core::builtin;
use crate::core::diagnostic::Diagnostic;
use crate::core::limit::FindingLimit;
use crate::core::source::Span;
use convert::{duplicate_key, number_in_range, out_of_range, Convert};
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions};
use std::sync::Arc;
use tree::Builder;

/// The syntax a file is parsed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// RFC 8259 JSON, what the APIs accept.
    Json,
    /// JSON with comments and trailing commas (`.jsonc`); bodies are sent without them.
    Jsonc,
}

impl Syntax {
    /// `.jsonc` files are JSONC; everything else is JSON.
    pub fn for_path(path: &str) -> Syntax {
        let ext = path.len().checked_sub(6).and_then(|at| path.get(at..));
        if ext.is_some_and(|ext| ext.eq_ignore_ascii_case(".jsonc")) {
            Syntax::Jsonc
        } else {
            Syntax::Json
        }
    }
}

/// A comment found in a JSONC file.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    /// Bytes of the comment, delimiters included.
    pub span: Span,
    /// The text without `//` or `/* */`.
    pub text: String,
}

/// A parsed document: the tree (when parsing succeeded) and its comments.
#[derive(Debug, Clone)]
pub struct Document {
    /// The tree, `None` when the text could not be parsed.
    pub tree: Option<Tree>,
    /// Comments, in source order (JSONC only).
    pub comments: Vec<Comment>,
    /// True when no string or key holds `{`, `$` or `<` (the openings of the default
    /// placeholder syntaxes). Only the fast parser, which reads every string, says so.
    pub strings_without_openers: bool,
    /// False when the text did not parse as JSON for a reason JSONC does not excuse either
    /// (anything but a comment or a trailing comma): read as JSONC, it fails the same way.
    pub jsonc_may_read: bool,
}

impl Document {
    /// The root value, `None` when the text could not be parsed.
    pub fn root(&self) -> Option<Node<'_>> {
        self.tree.as_ref().map(Tree::root)
    }
}

/// Parse `text`. Problems are appended to `diagnostics`; a syntax error leaves `root` empty,
/// while duplicate keys, a BOM, control characters and out-of-range numbers do not.
///
/// The tree keeps a copy of `text`; [`parse_shared`] shares it instead.
pub fn parse(text: &str, syntax: Syntax, diagnostics: &mut Vec<Diagnostic>) -> Document {
    parse_shared(&Arc::new(text.to_owned()), syntax, None, diagnostics)
}

/// [`parse`], with a tree that shares `text`, keeping at most `max_per_rule` findings of
/// each rule (`None`: all; see [`crate::core::limit`]).
pub fn parse_shared(
    text: &Arc<String>,
    syntax: Syntax,
    max_per_rule: Option<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Document {
    parse_or_beside(text, syntax, max_per_rule, diagnostics, None::<fn()>).0
}

/// [`parse`], running `beside` on another thread while the full parser reads a text the
/// fast path gave up on (for a JSON file, a syntax error as a rule): `beside`'s result, when
/// it ran. The caller uses it for work it needs only when the text does not parse, started
/// before that is known.
pub fn parse_or_beside<R: Send>(
    text: &Arc<String>,
    syntax: Syntax,
    max_per_rule: Option<usize>,
    diagnostics: &mut Vec<Diagnostic>,
    beside: Option<impl FnOnce() -> R + Send>,
) -> (Document, Option<R>) {
    let mut document = Document {
        tree: None,
        comments: Vec::new(),
        strings_without_openers: false,
        jsonc_may_read: true,
    };
    let (body, offset) = match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            diagnostics.push(
                Diagnostic::new(&builtin::BOM, "the file starts with a byte order mark")
                    .with_span(Span::new(0, 3))
                    .with_help(
                        "JSON parsers of the APIs reject a BOM; save the file as UTF-8 without BOM",
                    )
                    .with_fix(crate::core::edit::Fix::safe(
                        vec![crate::core::edit::Edit::delete(Span::new(0, 3))],
                        "remove the byte order mark",
                    )),
            );
            (rest, 3)
        }
        None => (text.as_str(), 0),
    };
    if text.len() > tree::MAX_TEXT {
        diagnostics.push(
            Diagnostic::new(
                &builtin::SYNTAX,
                "the file is larger than bodyguard reads (2 GiB)",
            )
            .with_span(Span::new(0, 0))
            .with_help("split the body; no request body of these APIs is this large"),
        );
        document.jsonc_may_read = false;
        return (document, None);
    }
    if body.trim().is_empty() {
        diagnostics.push(
            Diagnostic::new(&builtin::EMPTY, "the file is empty")
                .with_span(Span::new(offset, text.len()))
                .with_help("a request body must be a JSON object"),
        );
        document.jsonc_may_read = false;
        return (document, None);
    }
    if let Some((records, openers)) =
        fast::parse(text, offset..text.len(), max_per_rule, diagnostics)
    {
        document.tree = Some(records.finish(Arc::clone(text)));
        document.strings_without_openers = !openers;
        return (document, None);
    }
    let Some(beside) = beside else {
        return (
            parse_full(text, offset, syntax, max_per_rule, diagnostics, document),
            None,
        );
    };
    std::thread::scope(|scope| {
        let side = std::thread::Builder::new()
            .name("bodyguard-beside-parse".into())
            .spawn_scoped(scope, beside)
            .ok();
        let document = parse_full(text, offset, syntax, max_per_rule, diagnostics, document);
        // A thread that could not start leaves the work to the caller; a panic there is
        // the caller's.
        let found = side.map(|side| side.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        (document, found)
    })
}

/// The full parser: JSONC, every syntax diagnostic, and whatever the fast path gives up on.
fn parse_full(
    text: &Arc<String>,
    offset: usize,
    syntax: Syntax,
    max_per_rule: Option<usize>,
    diagnostics: &mut Vec<Diagnostic>,
    mut document: Document,
) -> Document {
    let body = &text[offset..];
    let jsonc = syntax == Syntax::Jsonc;
    let options = ParseOptions {
        allow_comments: jsonc,
        allow_trailing_commas: jsonc,
        allow_loose_object_property_names: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let collect = CollectOptions {
        comments: if jsonc {
            CommentCollectionStrategy::Separate
        } else {
            CommentCollectionStrategy::Off
        },
        tokens: false,
    };
    match jsonc_parser::parse_to_ast(body, &collect, &options) {
        Ok(result) => {
            if let Some(comments) = result.comments {
                let mut seen = std::collections::BTreeMap::new();
                for group in comments.values() {
                    for c in group.iter() {
                        let (range, text) = match c {
                            jsonc_parser::ast::Comment::Line(l) => (l.range, l.text),
                            jsonc_parser::ast::Comment::Block(b) => (b.range, b.text),
                        };
                        seen.entry(range.start).or_insert_with(|| Comment {
                            span: Span::new(range.start + offset, range.end + offset),
                            text: text.to_string(),
                        });
                    }
                }
                document.comments = seen.into_values().collect();
            }
            if let Some(ast) = result.value {
                let mut cx = Convert {
                    text: body,
                    whole: text,
                    offset,
                    out: Builder::default(),
                    diagnostics,
                    limit: FindingLimit::new(max_per_rule),
                    path: Vec::new(),
                };
                cx.node(&ast, Builder::NO_KEY);
                cx.diagnostics.extend(cx.limit.summaries());
                document.tree = Some(cx.out.finish(Arc::clone(text)));
            }
        }
        Err(e) => {
            use jsonc_parser::errors::ParseErrorKind as K;
            document.jsonc_may_read = !jsonc
                && matches!(
                    e.kind(),
                    K::CommentsNotAllowed | K::TrailingCommasNotAllowed
                );
            diagnostics.push(syntax_error(&e, syntax, offset, body.len()))
        }
    }
    document
}

/// The tree of `text` read as JSONC, for a text that did not parse as JSON (`document`, its
/// strict parse): `None` when JSONC cannot read it either. The fast path, a subset of JSON,
/// is not tried again.
pub fn reread_as_jsonc(text: &str, document: &Document) -> Option<Tree> {
    if document.tree.is_some() || !document.jsonc_may_read {
        return None;
    }
    let offset = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let empty = Document {
        tree: None,
        comments: Vec::new(),
        strings_without_openers: false,
        jsonc_may_read: true,
    };
    let text = Arc::new(text.to_owned());
    parse_full(&text, offset, Syntax::Jsonc, None, &mut Vec::new(), empty).tree
}

fn syntax_error(
    e: &jsonc_parser::errors::ParseError,
    syntax: Syntax,
    offset: usize,
    len: usize,
) -> Diagnostic {
    use jsonc_parser::errors::ParseErrorKind as K;
    let range = e.range();
    let span = Span::new(range.start + offset, range.end.min(len) + offset);
    let (meta, message, help): (_, String, Option<&str>) = match e.kind() {
        K::NestingDepthExceeded => (
            &builtin::TOO_DEEP,
            "the document nests deeper than bodyguard reads (256 objects or 512 arrays)".into(),
            Some("no request body of these APIs nests this deep; the file is probably generated wrongly"),
        ),
        K::CommentsNotAllowed => (
            &builtin::SYNTAX,
            "comments are not allowed in JSON".into(),
            Some(if syntax == Syntax::Json {
                "remove the comment, or rename the file to `.jsonc` if it is stripped before sending"
            } else {
                "remove the comment"
            }),
        ),
        K::TrailingCommasNotAllowed => (
            &builtin::SYNTAX,
            "trailing comma".into(),
            Some("remove the comma: JSON does not allow a comma before `]` or `}`"),
        ),
        K::SingleQuotedStringsNotAllowed => (
            &builtin::SYNTAX,
            "single-quoted string".into(),
            Some("JSON strings use double quotes"),
        ),
        K::MultipleRootJsonValues => (
            &builtin::SYNTAX,
            "unexpected text after the JSON value".into(),
            Some("a body holds exactly one JSON value (a leading zero such as `01` also ends up here)"),
        ),
        other => (&builtin::SYNTAX, lowercase_first(&other.to_string()), None),
    };
    let mut d = Diagnostic::new(meta, message).with_span(span);
    if let Some(h) = help {
        d = d.with_help(h);
    }
    d
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}
/// Parse with the full parser only (for differential tests of the fast path).
#[doc(hidden)]
pub fn parse_without_fast_path(
    text: &str,
    syntax: Syntax,
    diagnostics: &mut Vec<Diagnostic>,
) -> Document {
    let document = Document {
        tree: None,
        comments: Vec::new(),
        strings_without_openers: false,
        jsonc_may_read: true,
    };
    match text.strip_prefix('\u{feff}') {
        // The BOM and empty-file findings come from `parse`; compare those cases through it.
        Some(_) => parse(text, syntax, diagnostics),
        None if text.trim().is_empty() => parse(text, syntax, diagnostics),
        None => parse_full(
            &Arc::new(text.to_owned()),
            0,
            syntax,
            None,
            diagnostics,
            document,
        ),
    }
}

#[cfg(test)]
mod tests;
