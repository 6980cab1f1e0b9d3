//! Fixes as text edits on spans, applied without touching the rest of the file.

pub use crate::core::edit::{apply, Applicability, Edit, Fix};

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
}

/// The most rounds of check-and-fix `fix_until_stable` runs on one text.
pub const MAX_ROUNDS: usize = 10;

/// Check `text` (named `name`, which drives the JSON/JSONC syntax), apply every safe fix of
/// the findings `keep` accepts, re-check and repeat until no fix applies (at most
/// [`MAX_ROUNDS`]). Edits touch only the reported spans. A round whose result does not parse
/// is thrown away and stops the loop.
pub fn fix_until_stable(
    checker: &crate::Checker,
    name: &str,
    text: &str,
    kind: Option<crate::Kind>,
    mut keep: impl FnMut(&crate::Diagnostic) -> bool,
) -> Fixed {
    let mut current = text.to_string();
    let mut applied = 0;
    let mut rounds = 0;
    let mut broke = false;
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
            break;
        }
        let (next, n) = apply(&current, fixes);
        if n == 0 || next == current {
            break;
        }
        if !parses(name, &next) {
            broke = true;
            break;
        }
        current = next;
        applied += n;
    }
    Fixed {
        text: current,
        applied,
        rounds,
        broke,
    }
}

/// Whether `text` still parses as the syntax `name` implies.
pub fn parses(name: &str, text: &str) -> bool {
    let mut diagnostics = Vec::new();
    let document =
        crate::parse::parse(text, crate::parse::Syntax::for_path(name), &mut diagnostics);
    document.root.is_some() && diagnostics.iter().all(|d| d.code() != "json/syntax")
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
