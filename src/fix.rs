//! Fixes as text edits on spans, applied without touching the rest of the file.

use crate::core::edit::{apply, Applicability, Fix};

/// The result of fixing one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    /// The text after the fixes (the input when nothing was applied).
    pub text: String,
    /// Fixes applied over all rounds.
    pub applied: usize,
    /// Rounds run.
    pub rounds: usize,
    /// True when a round produced text that no longer parses; `text` is then the last text
    /// that did, and it must not be written.
    pub broke: bool,
    /// Findings (code, JSON Pointer) the fixed text has and the original did not. When there
    /// is any, no fix is kept: `text` is the original and `applied` is 0.
    pub introduced: Vec<(&'static str, String)>,
}

/// A finding's identity across fixes: its code and its pointer with array indices and case
/// left out (removing an element shifts the indices after it; a fix may rename a key to
/// its canonical case).
fn identity(d: &crate::Diagnostic) -> (&'static str, String) {
    let pointer = d
        .pointer
        .split('/')
        .map(|seg| {
            if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
                "*".to_string()
            } else {
                seg.to_lowercase()
            }
        })
        .collect::<Vec<_>>()
        .join("/");
    (d.code(), pointer)
}

/// The findings of `after` that `before` does not account for (compared by code and
/// pointer, as a multiset: a fix may only take findings away).
pub fn introduced(
    before: &[crate::Diagnostic],
    after: &[crate::Diagnostic],
) -> Vec<(&'static str, String)> {
    let mut counts: std::collections::HashMap<(&'static str, String), usize> =
        std::collections::HashMap::new();
    for d in before {
        *counts.entry(identity(d)).or_default() += 1;
    }
    let mut out = Vec::new();
    for d in after {
        match counts.get_mut(&identity(d)) {
            Some(n) if *n > 0 => *n -= 1,
            _ => out.push((d.code(), d.pointer.to_string())),
        }
    }
    out
}

/// The most rounds of check-and-fix `fix_until_stable` runs on one text.
pub const MAX_ROUNDS: usize = 10;

/// Check `text` (named `name`, which drives the JSON/JSONC syntax), apply every safe fix of
/// the findings `keep` accepts, re-check and repeat until no fix applies (at most
/// [`MAX_ROUNDS`]). Edits touch only the reported spans. A round whose result does not parse
/// is thrown away and stops the loop. Every finding is kept, past the checker's limit of
/// findings per rule: one run fixes all it can.
pub fn fix_until_stable(
    checker: &crate::Checker,
    name: &str,
    text: &str,
    kind: Option<crate::Kind>,
    mut keep: impl FnMut(&crate::Diagnostic) -> bool,
) -> Fixed {
    let checker = checker.keeping_every_finding();
    let mut current = text.to_string();
    let mut applied = 0;
    let mut rounds = 0;
    let mut broke = false;
    // The findings of the original text, and of `current` once checked.
    let mut original: Option<Vec<crate::Diagnostic>> = None;
    let mut last: Option<Vec<crate::Diagnostic>> = None;
    while rounds < MAX_ROUNDS {
        rounds += 1;
        let report = checker.check_source(crate::SourceFile::new(name, current.as_str()), kind);
        let fixes: Vec<&Fix> = report
            .diagnostics
            .iter()
            .filter(|d| keep(d))
            .filter_map(|d| d.fix.as_deref())
            .filter(|f| f.applicability == Applicability::Safe)
            .collect();
        if fixes.is_empty() {
            last = Some(report.diagnostics);
            break;
        }
        let (next, n) = apply(&current, fixes);
        if n == 0 || next == current {
            last = Some(report.diagnostics);
            break;
        }
        if !parses(name, &next) {
            broke = true;
            last = Some(report.diagnostics);
            break;
        }
        if original.is_none() {
            original = Some(report.diagnostics);
        }
        current = next;
        applied += n;
    }
    // Every fix is checked against the original: the fixed text may not have a finding the
    // original did not.
    let mut introduced_findings = Vec::new();
    if let Some(original) = &original {
        let after = last.unwrap_or_else(|| {
            checker
                .check_source(crate::SourceFile::new(name, current.as_str()), kind)
                .diagnostics
        });
        introduced_findings = introduced(original, &after);
        if !introduced_findings.is_empty() {
            current = text.to_string();
            applied = 0;
        }
    }
    Fixed {
        text: current,
        applied,
        rounds,
        broke,
        introduced: introduced_findings,
    }
}

/// Whether `text` still parses as the syntax `name` implies.
pub fn parses(name: &str, text: &str) -> bool {
    let mut diagnostics = Vec::new();
    let document =
        crate::parse::parse(text, crate::parse::Syntax::for_path(name), &mut diagnostics);
    document.root().is_some() && diagnostics.iter().all(|d| d.code() != "json/syntax")
}

/// A unified diff of `old` → `new` for file `name` (empty when equal).
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}
