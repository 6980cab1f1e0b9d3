//! The findings for one body, and the facts it contributes to cross-file rules.

use super::diagnostic::{Diagnostic, Severity};
use super::edit::{apply, Applicability};
use super::kind::Kind;
use super::source::{SourceFile, Span};
use std::fmt;
use std::sync::Arc;

/// Something a file says that a cross-file rule needs (recorded during the per-file check).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// What it is, e.g. `ci.api-entity-set-name` or `kuzzle.role.index-less`.
    pub key: &'static str,
    /// The value, e.g. the entity set name or the role id (inline up to 15 bytes: a big
    /// securities file records one for each role and restricted policy).
    pub value: ecow::EcoString,
    /// Where it is. A finding made from the fact finds its JSON Pointer from the span, in
    /// the file parsed again: a big securities file holds a fact for each role and
    /// restricted policy until the run ends, and few of them make a finding.
    pub span: Span,
}

// A big securities file holds one fact per role until the run ends: keep it from growing
// by accident.
const _: () = assert!(std::mem::size_of::<Fact>() == 40);

/// The findings for one body.
#[derive(Debug, Clone)]
pub struct Report {
    /// The checked text and its name, with secret values masked by `*`: what outputs show.
    /// Never write it back or apply fixes to it (the stars would replace the secrets): the
    /// fixed text is [`Report::fixed_text`].
    pub source: Arc<SourceFile>,
    /// The kind the body was checked as, when known.
    pub kind: Option<Kind>,
    /// Findings, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// What the file contributes to cross-file rules (recorded while a rule of the kind's
    /// pack is on).
    pub facts: Vec<Fact>,
    /// True when the file is not a request body: nothing claimed a kind for it and its
    /// content is no body of any kind bodyguard knows (`kind::sniff`). It has no
    /// findings and is only counted.
    pub skipped: bool,
}

impl Report {
    /// The most serious finding's severity.
    pub fn max_severity(&self) -> Option<Severity> {
        self.diagnostics.iter().map(|d| d.severity).max()
    }
    /// True when no finding reaches `level`.
    pub fn passes(&self, level: Severity) -> bool {
        self.diagnostics.iter().all(|d| d.severity < level)
    }
    /// Number of findings of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
    /// True when there is no finding at all.
    pub fn is_clean(&self) -> bool {
        self.diagnostics.is_empty()
    }
    /// The checked text with every safe fix of [`Report::diagnostics`] applied, secret values
    /// as written (never the masked [`Report::source`]); `None` when no safe fix applies.
    /// Fixes that overlap one already applied wait for the next check: check the fixed text
    /// again to fix what it still has.
    ///
    /// ```
    /// use bodyguard::{Checker, Kind};
    ///
    /// let body = r#"{"$schema": "https://example.com/s.json", "password": "hunter22", "policies": [{"roleId": "admin"}]}"#;
    /// let report = Checker::new().check(Kind::KuzzleProfile, body);
    /// assert!(report.source.text().contains("********")); // shown masked
    /// let fixed = report.fixed_text().expect("the `$schema` member is removed");
    /// assert!(!fixed.contains("$schema"));
    /// assert!(fixed.contains("hunter22")); // the secret is kept as written
    /// ```
    pub fn fixed_text(&self) -> Option<String> {
        let fixes = self
            .diagnostics
            .iter()
            .filter_map(|d| d.fix.as_deref())
            .filter(|f| f.applicability == Applicability::Safe);
        let text = self.source.unmasked_text();
        let (fixed, applied) = apply(&text, fixes);
        (applied > 0 && fixed != *text).then_some(fixed)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.diagnostics.len();
        write!(
            f,
            "{}: {n} finding{}",
            self.source.name(),
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Report {}

impl miette::Diagnostic for Report {
    fn severity(&self) -> Option<miette::Severity> {
        match self.max_severity() {
            Some(Severity::Error) => Some(miette::Severity::Error),
            Some(Severity::Warning) => Some(miette::Severity::Warning),
            _ => Some(miette::Severity::Advice),
        }
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&*self.source)
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        Some(Box::new(
            self.diagnostics
                .iter()
                .map(|d| d as &dyn miette::Diagnostic),
        ))
    }
}
