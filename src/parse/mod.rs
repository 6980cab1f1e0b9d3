//! Parsing JSON and JSONC into a spanned tree, keeping duplicate keys and comments.
//!
//! The lexer is `jsonc-parser`'s (strict options for `.json`, comments and trailing commas
//! for `.jsonc`); this module adds what it does not check: a leading BOM, empty input,
//! raw control characters in strings, numbers out of range and duplicate keys.

mod tree;

pub use tree::{
    escape_pointer_segment, is_integer_literal, pointer_join, unescape_pointer_segment, Located,
    Member, Node, NodeValue,
};

use crate::diagnostic::{Diagnostic, Label};
use crate::rules::builtin;
use crate::source::Span;
use jsonc_parser::ast::{ObjectPropName, Value as Ast};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions};

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
        if path.to_ascii_lowercase().ends_with(".jsonc") {
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
    /// The root value, `None` when the text could not be parsed.
    pub root: Option<Node>,
    /// Comments, in source order (JSONC only).
    pub comments: Vec<Comment>,
}

/// Parse `text`. Problems are appended to `diagnostics`; a syntax error leaves `root` empty,
/// while duplicate keys, a BOM, control characters and out-of-range numbers do not.
pub fn parse(text: &str, syntax: Syntax, diagnostics: &mut Vec<Diagnostic>) -> Document {
    let mut document = Document {
        root: None,
        comments: Vec::new(),
    };
    let (body, offset) = match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            diagnostics.push(
                Diagnostic::new(&builtin::BOM, "the file starts with a byte order mark")
                    .with_span(Span::new(0, 3))
                    .with_help(
                        "JSON parsers of the APIs reject a BOM; save the file as UTF-8 without BOM",
                    )
                    .with_fix(crate::fix::Fix::safe(
                        vec![crate::fix::Edit::delete(Span::new(0, 3))],
                        "remove the byte order mark",
                    )),
            );
            (rest, 3)
        }
        None => (text, 0),
    };
    if body.trim().is_empty() {
        diagnostics.push(
            Diagnostic::new(&builtin::EMPTY, "the file is empty")
                .with_span(Span::new(offset, text.len()))
                .with_help("a request body must be a JSON object"),
        );
        return document;
    }
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
                    offset,
                    diagnostics,
                };
                document.root = Some(cx.node(&ast, ""));
            }
        }
        Err(e) => diagnostics.push(syntax_error(&e, syntax, offset, body.len())),
    }
    document
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

struct Convert<'t, 'd> {
    text: &'t str,
    offset: usize,
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl Convert<'_, '_> {
    fn span(&self, r: jsonc_parser::common::Range) -> Span {
        Span::new(r.start + self.offset, r.end + self.offset)
    }

    fn check_string(&mut self, r: jsonc_parser::common::Range, pointer: &str) {
        let raw = &self.text.as_bytes()[r.start..r.end];
        if let Some(i) = raw.iter().position(|b| *b < 0x20) {
            let at = r.start + i + self.offset;
            self.diagnostics.push(
                Diagnostic::new(
                    &builtin::CONTROL_CHARACTER,
                    format!("raw control character U+{:04X} in a string", raw[i]),
                )
                .with_span(Span::new(at, at + 1))
                .with_pointer(pointer)
                .with_help(
                    "JSON requires control characters to be escaped (`\\n`, `\\t`, `\\u0001`)",
                ),
            );
        }
    }

    fn node(&mut self, ast: &Ast<'_>, pointer: &str) -> Node {
        let span = self.span(ast.range());
        let value = match ast {
            Ast::NullKeyword(_) => NodeValue::Null,
            Ast::BooleanLit(b) => NodeValue::Bool(b.value),
            Ast::NumberLit(n) => {
                let ok = n
                    .value
                    .parse::<serde_json::Number>()
                    .ok()
                    .filter(|num| num.as_f64().is_some_and(f64::is_finite));
                if ok.is_none() {
                    self.diagnostics.push(
                        Diagnostic::new(&builtin::NUMBER_OUT_OF_RANGE, "number out of range")
                            .with_span(span)
                            .with_pointer(pointer)
                            .with_help("the number does not fit a 64-bit float; servers read it as infinity or reject it"),
                    );
                }
                NodeValue::Number(n.value.into())
            }
            Ast::StringLit(s) => {
                self.check_string(s.range, pointer);
                NodeValue::String(s.value.to_string())
            }
            Ast::Array(a) => NodeValue::Array(
                a.elements
                    .iter()
                    .enumerate()
                    .map(|(i, e)| self.node(e, &format!("{pointer}/{i}")))
                    .collect(),
            ),
            Ast::Object(o) => {
                let mut members: Vec<Member> = Vec::with_capacity(o.properties.len());
                for p in &o.properties {
                    let (key, key_range) = match &p.name {
                        ObjectPropName::String(s) => {
                            self.check_string(s.range, pointer);
                            (s.value.to_string(), s.range)
                        }
                        ObjectPropName::Word(w) => (w.value.to_string(), w.range),
                    };
                    let key_span = self.span(key_range);
                    let child = pointer_join(pointer, &key);
                    if let Some(first) = members.iter().find(|m| m.key == key) {
                        self.diagnostics.push(
                            Diagnostic::new(
                                &builtin::DUPLICATE_KEY,
                                format!("duplicate key `{}`", crate::diagnostic::snippet(&key)),
                            )
                            .with_span(key_span)
                            .with_pointer(&child)
                            .with_label(Label::new(first.key_span, "first defined here"))
                            .with_help("the API keeps only the last value; remove one of the two"),
                        );
                    }
                    let value = self.node(&p.value, &child);
                    members.push(Member {
                        key,
                        key_span,
                        value,
                    });
                }
                NodeValue::Object(members)
            }
        };
        Node { span, value }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_json(text: &str) -> (Document, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let doc = parse(text, Syntax::Json, &mut d);
        (doc, d)
    }

    #[test]
    fn duplicate_keys_are_kept_and_the_last_wins() {
        let (doc, diags) = parse_json(r#"{"a": 1, "a": 2}"#);
        let root = doc.root.unwrap();
        assert_eq!(root.as_object().unwrap().len(), 2);
        assert_eq!(root.get("a").unwrap().span, Span::new(14, 15));
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code(), "json/duplicate-key");
        assert_eq!(diags[0].span, Some(Span::new(9, 12)));
    }

    #[test]
    fn pointer_resolves_keys_and_indexes() {
        let (doc, _) = parse_json(r#"{"p": [{"a/b": true}]}"#);
        let root = doc.root.unwrap();
        let hit = root.pointer("/p/0/a~1b").unwrap();
        assert_eq!(hit.node.as_bool(), Some(true));
        assert_eq!(hit.key_span, Some(Span::new(8, 13)));
        assert!(root.pointer("/p/1").is_none());
    }

    #[test]
    fn deep_nesting_is_a_diagnostic() {
        let text = "[".repeat(100_000);
        let (doc, diags) = parse_json(&text);
        assert!(doc.root.is_none());
        assert_eq!(diags[0].code(), "json/too-deep");
    }

    #[test]
    fn bom_is_reported_and_spans_stay_in_file_bytes() {
        let (doc, diags) = parse_json("\u{feff}{\"a\": 1}");
        assert_eq!(diags[0].code(), "json/bom");
        assert_eq!(doc.root.unwrap().get("a").unwrap().span, Span::new(9, 10));
    }

    #[test]
    fn comments_are_collected_in_jsonc() {
        let mut d = Vec::new();
        let doc = parse("{ // hi\n \"a\": 1, /* x */ }", Syntax::Jsonc, &mut d);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(doc.comments.len(), 2);
        assert_eq!(doc.comments[0].text, " hi");
    }
}
