//! One diagnostic model for every finding: parse errors, schema errors and rule findings.

use super::edit::Fix;
use super::rule::RuleMeta;
use super::source::Span;
use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Style or hint.
    Info,
    /// Accepted by the API but almost certainly not what the author meant.
    Warning,
    /// The API rejects it, or it silently does something dangerous.
    Error,
}

impl Severity {
    /// Lowercase name, as used in config files and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    /// Parse `info`, `warning` (or `warn`), `error`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary span with a short text.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What it is.
    pub text: CompactString,
}

impl Label {
    /// A label on `span`.
    pub fn new(span: Span, text: impl AsRef<str>) -> Self {
        Label {
            span,
            text: CompactString::new(text),
        }
    }
}

/// The secondary labels of a finding: most have none, so an empty list takes one pointer
/// and no allocation; one label (the usual case) takes one allocation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Labels(Option<Box<LabelList>>);

/// One label, or more.
#[derive(Debug, Clone, PartialEq)]
enum LabelList {
    One(Label),
    Many(Vec<Label>),
}

impl Labels {
    /// Add a label.
    pub fn push(&mut self, label: Label) {
        self.0 = Some(Box::new(match self.0.take().map(|list| *list) {
            None => LabelList::One(label),
            Some(LabelList::One(first)) => LabelList::Many(vec![first, label]),
            Some(LabelList::Many(mut all)) => {
                all.push(label);
                LabelList::Many(all)
            }
        }));
    }
    /// The labels, in the order they were added.
    pub fn as_slice(&self) -> &[Label] {
        match self.0.as_deref() {
            None => &[],
            Some(LabelList::One(label)) => std::slice::from_ref(label),
            Some(LabelList::Many(all)) => all,
        }
    }
    /// The labels, to edit in place.
    pub fn as_mut_slice(&mut self) -> &mut [Label] {
        match self.0.as_deref_mut() {
            None => &mut [],
            Some(LabelList::One(label)) => std::slice::from_mut(label),
            Some(LabelList::Many(all)) => all,
        }
    }
    /// Iterate over the labels.
    pub fn iter(&self) -> std::slice::Iter<'_, Label> {
        self.as_slice().iter()
    }
    /// True when there is no label.
    pub fn is_empty(&self) -> bool {
        self.as_slice().is_empty()
    }
    /// How many labels.
    pub fn len(&self) -> usize {
        self.as_slice().len()
    }
}

impl<'a> IntoIterator for &'a Labels {
    type Item = &'a Label;
    type IntoIter = std::slice::Iter<'a, Label>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// A finding: which rule, how serious, what, where, and what to do.
///
/// A big file can have hundreds of thousands of findings, all held until they are rendered,
/// so a finding takes 96 bytes before its texts: the message is one allocation of its exact
/// size, the pointer a [`CompactString`] (inline up to 24 bytes), the label and the help
/// [`SharedText`]s (one pointer each, equal texts made one after another sharing one
/// allocation).
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// The rule that produced it (code, docs, default severity).
    pub meta: &'static RuleMeta,
    /// Effective severity (the rule's default unless configured).
    pub severity: Severity,
    /// What is wrong. Never contains a secret value.
    pub message: Box<str>,
    /// The exact key or value, when the finding has a location in the file.
    pub span: Option<Span>,
    /// Text under the primary span's caret (most findings of a rule share theirs).
    pub label: Option<SharedText>,
    /// JSON Pointer of the culprit ("" for the root).
    pub pointer: CompactString,
    /// What to do about it. Every finding of a rule often has the same help: equal texts
    /// made one after another share one allocation ([`SharedText`]).
    pub help: Option<SharedText>,
    /// Other spans involved.
    pub labels: Labels,
    /// A fix, when one can be computed (boxed: most findings have none).
    pub fix: Option<Box<Fix>>,
}

impl Diagnostic {
    /// A diagnostic of rule `meta` with its default severity.
    pub fn new(meta: &'static RuleMeta, message: impl AsRef<str>) -> Self {
        Diagnostic {
            meta,
            severity: meta.severity,
            message: Box::from(message.as_ref()),
            span: None,
            label: None,
            pointer: CompactString::default(),
            help: None,
            labels: Labels::default(),
            fix: None,
        }
    }
    /// The stable rule code, e.g. `json/duplicate-key`.
    pub fn code(&self) -> &'static str {
        self.meta.code
    }
    /// Set the primary span.
    pub fn with_span(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }
    /// Set the text shown under the primary span.
    pub fn with_label_text(mut self, text: impl AsRef<str>) -> Self {
        self.label = Some(SharedText::new(text.as_ref()));
        self
    }
    /// Set the JSON Pointer.
    pub fn with_pointer(mut self, pointer: impl AsRef<str>) -> Self {
        self.pointer = CompactString::new(pointer);
        self
    }
    /// Set the help text.
    pub fn with_help(mut self, help: impl Into<SharedText>) -> Self {
        self.help = Some(help.into());
        self
    }
    /// Add a secondary label.
    pub fn with_label(mut self, label: Label) -> Self {
        self.labels.push(label);
        self
    }
    /// Attach a fix.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(Box::new(fix));
        self
    }
    /// Override the severity.
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
    /// Link to the rule's documentation.
    pub fn url(&self) -> String {
        self.meta.url()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

impl miette::Diagnostic for Diagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.meta.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let fix = self.fix.as_ref().map(|f| f.title.as_str());
        match (&self.help, fix) {
            (Some(h), Some(f)) => Some(Box::new(format!("{h}\nfix available: {f}"))),
            (Some(h), None) => Some(Box::new(h.as_ref())),
            (None, Some(f)) => Some(Box::new(format!("fix available: {f}"))),
            (None, None) => None,
        }
    }
    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.meta.url()))
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let primary = self.span.map(|s| {
            miette::LabeledSpan::new_primary_with_span(
                self.label.as_ref().map(SharedText::to_string),
                (s.start as usize, s.len()),
            )
        });
        let others = self.labels.iter().map(|l| {
            miette::LabeledSpan::new_with_span(
                Some(l.text.to_string()),
                (l.span.start as usize, l.span.len()),
            )
        });
        Some(Box::new(primary.into_iter().chain(others)))
    }
}

/// An immutable text that equal texts share: a big file's findings of one rule often carry
/// the same help, formatted anew for each, and each copy would be held until the report is
/// rendered. A text is looked up in a small cache of the texts made last on this thread
/// (keyed by its hash, at most 256 texts, so the cache stays bounded however
/// long the process lives); an equal one is shared instead of stored again.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SharedText(Arc<Box<str>>);

/// How many recent texts each thread remembers for [`SharedText`].
const SHARED_SLOTS: usize = 256;

thread_local! {
    static RECENT: std::cell::RefCell<Vec<Option<Arc<Box<str>>>>> =
        std::cell::RefCell::new(vec![None; SHARED_SLOTS]);
}

impl SharedText {
    /// The shared copy of `text`: the one made last with the same content on this thread,
    /// or a new one (then remembered).
    pub fn new(text: &str) -> Self {
        // FNV-1a: cheap on the short texts of findings, and only a cache slot depends on it.
        let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        let slot = (hash % SHARED_SLOTS as u64) as usize;
        let shared = RECENT.try_with(|recent| {
            let mut recent = recent.borrow_mut();
            match &recent[slot] {
                Some(seen) if ***seen == *text => seen.clone(),
                _ => {
                    let made: Arc<Box<str>> = Arc::new(Box::from(text));
                    recent[slot] = Some(made.clone());
                    made
                }
            }
        });
        // A thread being torn down has no cache: the text is then not shared.
        SharedText(shared.unwrap_or_else(|_| Arc::new(Box::from(text))))
    }
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for SharedText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SharedText {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for SharedText {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self.0, f)
    }
}

impl fmt::Display for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for SharedText {
    fn from(text: &str) -> Self {
        SharedText::new(text)
    }
}

impl From<String> for SharedText {
    fn from(text: String) -> Self {
        SharedText::new(&text)
    }
}

impl From<&String> for SharedText {
    fn from(text: &String) -> Self {
        SharedText::new(text)
    }
}

impl From<Cow<'_, str>> for SharedText {
    fn from(text: Cow<'_, str>) -> Self {
        SharedText::new(&text)
    }
}

impl From<CompactString> for SharedText {
    fn from(text: CompactString) -> Self {
        SharedText::new(&text)
    }
}

impl PartialEq<str> for SharedText {
    fn eq(&self, other: &str) -> bool {
        **self.0 == *other
    }
}

impl PartialEq<&str> for SharedText {
    fn eq(&self, other: &&str) -> bool {
        **self.0 == **other
    }
}

impl Serialize for SharedText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

pub use super::text::{did_you_mean, did_you_mean_within, levenshtein, snippet};

/// Sort findings by position (span, then rule code), keeping the order of equal ones, as
/// every output lists them. The order is found on their indexes and then applied by swaps:
/// a stable sort of the findings themselves would borrow room for up to all of them (96
/// bytes each), against 4 bytes each here.
pub fn sort_by_position(diagnostics: &mut [Diagnostic]) {
    let key = |d: &Diagnostic| {
        (
            d.span.map(|s| (s.start, s.end)).unwrap_or((0, 0)),
            d.meta.code,
        )
    };
    if diagnostics.is_sorted_by_key(key) {
        return;
    }
    let Ok(count) = u32::try_from(diagnostics.len()) else {
        diagnostics.sort_by_key(key);
        return;
    };
    // `order[p]`: the finding that goes to position `p`.
    let mut order: Vec<u32> = (0..count).collect();
    order.sort_by_key(|&i| key(&diagnostics[i as usize]));
    // Follow each cycle of the permutation, marking each position done (`order[p] == p`).
    for start in 0..diagnostics.len() {
        let mut p = start;
        loop {
            let q = order[p] as usize;
            order[p] = p as u32;
            if q == start || q == p {
                break;
            }
            diagnostics.swap(p, q);
            p = q;
        }
    }
}

// A big file can have hundreds of thousands of findings, all held until they are sorted and
// rendered: keep them small.
const _: () = assert!(std::mem::size_of::<Diagnostic>() == 96);

#[cfg(test)]
mod tests;
