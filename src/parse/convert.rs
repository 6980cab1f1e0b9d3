//! Converting the full parser's syntax tree into bodyguard's `RawNode`s, with duplicate keys
//! and out-of-range numbers reported.

use super::tree::Builder;
use crate::core::builtin;
use crate::core::diagnostic::{Diagnostic, Label};
use crate::core::limit::FindingLimit;
use crate::core::pointer::escape_pointer_segment;
use crate::core::source::Span;
use jsonc_parser::ast::{ObjectPropName, Value as Ast};
use jsonc_parser::common::Ranged;

/// One step of the path from the root to the node being converted.
#[derive(Clone, Copy)]
pub(super) enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Objects with more members than this look duplicates up in a hash map rather than by a scan.
const DUPLICATE_SCAN_LIMIT: usize = 16;

pub(super) struct Convert<'t, 'd, 'a> {
    /// The text parsed (after any BOM).
    pub(super) text: &'t str,
    /// The whole text, which records point into, and where `text` starts in it.
    pub(super) whole: &'t str,
    pub(super) offset: usize,
    /// The records of the values converted so far.
    pub(super) out: Builder,
    pub(super) diagnostics: &'d mut Vec<Diagnostic>,
    /// Counts the findings of each rule against the file's limit.
    pub(super) limit: FindingLimit,
    /// Where the node being converted sits; a pointer string is built from it only when a
    /// diagnostic needs one.
    pub(super) path: Vec<Step<'a>>,
}

impl<'a> Convert<'_, '_, 'a> {
    /// Report `finding`, unless the limit of findings per rule leaves it out. Not inlined:
    /// [`Convert::node`] recurses as deep as the document nests, so its frame stays small.
    #[inline(never)]
    fn report(&mut self, finding: Diagnostic) {
        if self
            .limit
            .keep(finding.meta, finding.span, || finding.pointer.clone())
        {
            self.diagnostics.push(finding);
        }
    }

    fn span(&self, r: jsonc_parser::common::Range) -> Span {
        Span::new(r.start + self.offset, r.end + self.offset)
    }

    /// The JSON Pointer of the node being converted.
    fn pointer(&self) -> String {
        let mut out = String::new();
        for step in &self.path {
            out.push('/');
            match step {
                Step::Key(k) => out.push_str(&escape_pointer_segment(k)),
                Step::Index(i) => {
                    use std::fmt::Write;
                    let _ = write!(out, "{i}");
                }
            }
        }
        out
    }

    fn check_string(&mut self, r: jsonc_parser::common::Range) {
        let raw = &self.text.as_bytes()[r.start..r.end];
        if let Some(i) = raw.iter().position(|b| *b < 0x20) {
            let at = r.start + i + self.offset;
            let pointer = self.pointer();
            self.report(
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

    /// Convert `ast`, under `key` (a word from [`Builder::key`], or [`Builder::NO_KEY`]).
    pub(super) fn node(&mut self, ast: &'a Ast<'_>, key: u32) {
        let span = self.span(ast.range());
        match ast {
            Ast::NullKeyword(_) | Ast::BooleanLit(_) => {
                self.out.scalar(key, span.start, span.end, None);
            }
            Ast::NumberLit(n) => {
                if !number_in_range(n.value) {
                    let pointer = self.pointer();
                    self.report(out_of_range(span, pointer));
                }
                self.out.scalar(key, span.start, span.end, None);
            }
            Ast::StringLit(s) => {
                self.check_string(s.range);
                let raw = self
                    .text
                    .get(s.range.start + 1..s.range.end.saturating_sub(1));
                let unescaped = (raw != Some(s.value.as_ref())).then(|| s.value.as_ref().into());
                self.out.scalar(key, span.start, span.end, unescaped);
            }
            Ast::Array(a) => {
                let at = self.out.open(key, span.start, true);
                for (i, e) in a.elements.iter().enumerate() {
                    self.path.push(Step::Index(i));
                    self.node(e, Builder::NO_KEY);
                    self.path.pop();
                }
                self.out.close(at, span.end, a.elements.len() as u32);
            }
            Ast::Object(o) => {
                let at = self.out.open(key, span.start, false);
                // First occurrence of each key (its record), for objects too big to scan.
                let mut seen: Option<std::collections::HashMap<&'a str, u32>> =
                    (o.properties.len() > DUPLICATE_SCAN_LIMIT)
                        .then(|| std::collections::HashMap::with_capacity(o.properties.len()));
                let mut earlier: Vec<(&'a str, u32)> = Vec::new();
                for p in &o.properties {
                    let (name, key_range): (&'a str, _) = match &p.name {
                        ObjectPropName::String(s) => {
                            self.check_string(s.range);
                            (&s.value, s.range)
                        }
                        ObjectPropName::Word(w) => (w.value, w.range),
                    };
                    let key_span = self.span(key_range);
                    let record = self.out.next_record();
                    let first = match &mut seen {
                        Some(seen) => match seen.entry(name) {
                            std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
                            std::collections::hash_map::Entry::Vacant(e) => {
                                e.insert(record);
                                None
                            }
                        },
                        None => {
                            let found = earlier.iter().find(|(k, _)| *k == name).map(|e| e.1);
                            earlier.push((name, record));
                            found
                        }
                    };
                    self.path.push(Step::Key(name));
                    if let Some(first) = first {
                        self.out.repeated_keys = true;
                        let pointer = self.pointer();
                        let first = self.out.key_span_of(first, self.whole);
                        self.report(duplicate_key(name, key_span, pointer, first));
                    }
                    let raw = self
                        .text
                        .get(key_range.start + 1..key_range.end.saturating_sub(1));
                    let unescaped = (raw != Some(name)).then(|| name.into());
                    let key = self.out.key(key_span.start, unescaped);
                    self.node(&p.value, key);
                    self.path.pop();
                }
                self.out.close(at, span.end, o.properties.len() as u32);
            }
        }
    }
}

pub(super) fn out_of_range(span: Span, pointer: String) -> Diagnostic {
    Diagnostic::new(&builtin::NUMBER_OUT_OF_RANGE, "number out of range")
        .with_span(span)
        .with_pointer(pointer)
        .with_help(
            "the number does not fit a 64-bit float; servers read it as infinity or reject it",
        )
}

pub(super) fn duplicate_key(key: &str, key_span: Span, pointer: String, first: Span) -> Diagnostic {
    Diagnostic::new(
        &builtin::DUPLICATE_KEY,
        format!("duplicate key `{}`", crate::core::diagnostic::snippet(key)),
    )
    .with_span(key_span)
    .with_pointer(pointer)
    .with_label(Label::new(first, "first defined here"))
    .with_help("the API keeps only the last value; remove one of the two")
}

/// True when a number literal is a finite 64-bit float (what `serde_json` and the servers read).
pub(super) fn number_in_range(literal: &str) -> bool {
    // Short integer literals always fit; skip the float parse for them.
    let digits = literal.strip_prefix('-').unwrap_or(literal);
    if digits.len() <= 15
        && !digits.is_empty()
        && !(digits.len() > 1 && digits.starts_with('0'))
        && digits.bytes().all(|b| b.is_ascii_digit())
    {
        return true;
    }
    literal
        .parse::<serde_json::Number>()
        .ok()
        .is_some_and(|num| num.as_f64().is_some_and(f64::is_finite))
}
