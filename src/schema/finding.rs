//! What the schema pass finds, kept typed until the kind's pack has sharpened it: the kind of
//! error, the steps from the root to the value (keys and indexes told apart) and the words
//! to report it with. A pack's `refine_schema` matches on [`SchemaFinding::kind`] and
//! [`SchemaFinding::segments`]; [`SchemaFinding::into_diagnostic`] is the one place a finding
//! becomes a [`Diagnostic`].

use crate::core::builtin;
use crate::core::diagnostic::{Diagnostic, Labels, Severity, SharedText};
use crate::core::pointer::escape_pointer_segment;
use crate::core::rule::RuleMeta;
use crate::core::source::Span;
use crate::parse::JsonType;
use compact_str::CompactString;

/// One step from the root of a body to a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'a> {
    /// The value of an object's member (its key, unescaped).
    Key(&'a str),
    /// An element of an array (32 bits, as spans are: a segment takes 16 bytes).
    Index(u32),
}

/// What the schema rejects: one variant per built-in `schema/` rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaErrorKind<'a> {
    /// `schema/type`: the value is not of an accepted type; `found` is its own.
    Type {
        /// The type of the value.
        found: JsonType,
    },
    /// `schema/required`: the object has no member `key`.
    Required {
        /// The missing key.
        key: CompactString,
    },
    /// `schema/unknown-key`: the object has a member `key` the schema does not accept.
    UnknownKey {
        /// The key, as the body writes it.
        key: &'a str,
    },
    /// `schema/enum`: the value is not one of the accepted values (or not the constant).
    Enum,
    /// `schema/constraint`: any other keyword (length, range, pattern, format, ...).
    Constraint,
}

impl SchemaErrorKind<'_> {
    /// The built-in rule reporting this kind of error.
    pub fn rule(&self) -> &'static RuleMeta {
        match self {
            SchemaErrorKind::Type { .. } => &builtin::SCHEMA_TYPE,
            SchemaErrorKind::Required { .. } => &builtin::SCHEMA_REQUIRED,
            SchemaErrorKind::UnknownKey { .. } => &builtin::SCHEMA_UNKNOWN_KEY,
            SchemaErrorKind::Enum => &builtin::SCHEMA_ENUM,
            SchemaErrorKind::Constraint => &builtin::SCHEMA_CONSTRAINT,
        }
    }
}

/// The steps to a value while it is located: kept inline up to this depth, which covers the
/// bodies' findings (`/profiles/<id>/policies/<i>/restrictedTo/<j>/collections/<k>` is 8), so
/// locating allocates nothing; a finding keeps exactly its steps.
pub(super) type Path<'a> = smallvec::SmallVec<[Segment<'a>; 8]>;

/// One finding of the schema pass, borrowing the keys of the tree it was found in.
#[derive(Debug, Clone)]
pub struct SchemaFinding<'a> {
    /// What the schema rejects.
    pub kind: SchemaErrorKind<'a>,
    /// See [`SchemaFinding::segments`]. Exactly its steps: a finding at the root of a wide
    /// body (thousands of unknown keys) holds none, where an inline path would hold room for 8.
    path: Box<[Segment<'a>]>,
    /// The exact key or value (for [`SchemaErrorKind::Required`], the object's opening brace).
    pub span: Span,
    /// The rule it is reported as: the built-in rule of its kind, unless a pack named its
    /// own ([`SchemaFinding::report_as`]).
    pub rule: &'static RuleMeta,
    /// Its severity (the rule's default).
    pub severity: Severity,
    /// What is wrong. Never echoes a value the schema does not list.
    pub message: Box<str>,
    /// Text under the span's caret.
    pub label: Option<SharedText>,
    /// What to do about it (equal helps made one after another share one allocation: a
    /// file can have thousands of findings with the same help, held until they are refined).
    pub help: Option<SharedText>,
}

impl<'a> SchemaFinding<'a> {
    /// A finding of `kind` on the value at `path`, reported by the kind's built-in rule.
    pub(super) fn new(
        kind: SchemaErrorKind<'a>,
        path: Path<'a>,
        span: Span,
        message: impl Into<Box<str>>,
    ) -> Self {
        let rule = kind.rule();
        SchemaFinding {
            kind,
            path: path.into_vec().into_boxed_slice(),
            span,
            rule,
            severity: rule.severity,
            message: message.into(),
            label: None,
            help: None,
        }
    }

    /// Set the text under the caret.
    pub(super) fn with_label(mut self, label: impl Into<SharedText>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Set the help text.
    pub(super) fn with_help(mut self, help: impl Into<SharedText>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The steps from the root to the value the finding is about: for
    /// [`SchemaErrorKind::Required`] and [`SchemaErrorKind::UnknownKey`], the object (the key
    /// is in the kind), as `jsonschema` reports them.
    pub fn segments(&self) -> &[Segment<'a>] {
        &self.path
    }

    /// Report it as a pack's own `rule` (with its default severity), in the API's terms.
    pub fn report_as(
        &mut self,
        rule: &'static RuleMeta,
        message: impl Into<Box<str>>,
        help: impl Into<SharedText>,
    ) {
        self.rule = rule;
        self.severity = rule.severity;
        self.message = message.into();
        self.help = Some(help.into());
    }

    /// True while it is reported by the built-in rule of its kind (no pack named its own).
    pub fn is_builtin(&self) -> bool {
        std::ptr::eq(self.rule, self.kind.rule())
    }

    /// The JSON Pointer of the culprit: the value, or the key of a required or unknown member.
    pub fn pointer(&self) -> CompactString {
        use std::fmt::Write;
        let key = match &self.kind {
            SchemaErrorKind::Required { key } => Some(key.as_str()),
            SchemaErrorKind::UnknownKey { key } => Some(*key),
            _ => None,
        };
        // Sized once: one allocation at most, none up to 24 bytes.
        let escaped_len =
            |k: &str| k.len() + k.bytes().filter(|b| matches!(b, b'~' | b'/')).count();
        let len: usize = self
            .path
            .iter()
            .map(|s| match s {
                Segment::Key(k) => escaped_len(k),
                Segment::Index(i) => i.checked_ilog10().unwrap_or(0) as usize + 1,
            })
            .chain(key.map(escaped_len))
            .map(|n| n + 1)
            .sum();
        let mut pointer = CompactString::with_capacity(len);
        for segment in &*self.path {
            pointer.push('/');
            match segment {
                Segment::Key(k) => pointer.push_str(&escape_pointer_segment(k)),
                Segment::Index(i) => {
                    let _ = write!(pointer, "{i}");
                }
            }
        }
        if let Some(key) = key {
            pointer.push('/');
            pointer.push_str(&escape_pointer_segment(key));
        }
        pointer
    }

    /// The finding as the checker reports it.
    pub fn into_diagnostic(self) -> Diagnostic {
        Diagnostic {
            pointer: self.pointer(),
            meta: self.rule,
            severity: self.severity,
            message: self.message,
            span: Some(self.span),
            label: self.label,
            help: self.help,
            labels: Labels::default(),
            fix: None,
        }
    }
}

// A file can have a schema finding every few dozen bytes, all held until the pack has
// refined them: keep them small (eight steps inline, 16 bytes each).
const _: () = assert!(std::mem::size_of::<Segment<'static>>() == 16);
const _: () = assert!(std::mem::size_of::<SchemaFinding<'static>>() == 96);
