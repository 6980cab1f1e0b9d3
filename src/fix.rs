//! Fixes as text edits on spans, applied without touching the rest of the file.

use crate::source::Span;

/// Replace the bytes of `span` with `replacement` (empty = delete).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Bytes to replace.
    pub span: Span,
    /// New text.
    pub replacement: String,
}

impl Edit {
    /// Replace `span` with `text`.
    pub fn replace(span: Span, text: impl Into<String>) -> Self {
        Edit {
            span,
            replacement: text.into(),
        }
    }
    /// Delete `span`.
    pub fn delete(span: Span) -> Self {
        Edit::replace(span, "")
    }
}

/// How safe a fix is to apply without review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applicability {
    /// Keeps the meaning the author intended; applied by `--fix`.
    Safe,
    /// Changes behaviour; shown, never applied automatically.
    Unsafe,
}

/// A set of edits that together fix one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// The edits, in any order; they must not overlap.
    pub edits: Vec<Edit>,
    /// Whether `--fix` may apply it.
    pub applicability: Applicability,
    /// What the fix does, e.g. "replace `Crm` with `CRM`".
    pub title: String,
}

impl Fix {
    /// A safe fix.
    pub fn safe(edits: Vec<Edit>, title: impl Into<String>) -> Self {
        Fix {
            edits,
            applicability: Applicability::Safe,
            title: title.into(),
        }
    }
    /// An unsafe fix (shown, not applied).
    pub fn unsafe_(edits: Vec<Edit>, title: impl Into<String>) -> Self {
        Fix {
            edits,
            applicability: Applicability::Unsafe,
            title: title.into(),
        }
    }
}

/// Apply the fixes to `text` in one pass. A fix that overlaps one already taken is skipped
/// (it will be re-proposed on the next round). Returns the new text and how many fixes were applied.
pub fn apply<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> (String, usize) {
    let mut chosen: Vec<&Fix> = fixes.into_iter().collect();
    chosen.sort_by_key(|f| f.edits.iter().map(|e| e.span.start).min().unwrap_or(0));
    let mut edits: Vec<&Edit> = Vec::new();
    // The ranges taken so far (start → end, an empty edit taking one byte), disjoint: an
    // overlap is found among the neighbours, so many fixes stay n log n.
    let mut taken: std::collections::BTreeMap<u32, u32> = std::collections::BTreeMap::new();
    let range = |e: &Edit| (e.span.start, e.span.end.max(e.span.start + 1));
    let mut applied = 0;
    for fix in chosen {
        let mut own: Vec<(u32, u32)> = fix.edits.iter().map(range).collect();
        own.sort_unstable();
        let overlaps = own.windows(2).any(|w| w[1].0 < w[0].1)
            || own.iter().any(|&(start, end)| {
                taken
                    .range(..end)
                    .next_back()
                    .is_some_and(|(_, &t_end)| start < t_end)
            });
        if overlaps || fix.edits.iter().any(|e| e.span.end as usize > text.len()) {
            continue;
        }
        taken.extend(own);
        edits.extend(fix.edits.iter());
        applied += 1;
    }
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0usize;
    for e in edits {
        out.push_str(&text[at..e.span.start as usize]);
        out.push_str(&e.replacement);
        at = e.span.end as usize;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_splice_and_overlaps_are_skipped() {
        let text = r#"{"a": "Crm", "b": 1}"#;
        let f1 = Fix::safe(vec![Edit::replace(Span::new(6, 11), "\"CRM\"")], "casing");
        let f2 = Fix::safe(vec![Edit::delete(Span::new(7, 9))], "overlap");
        let (out, n) = apply(text, [&f1, &f2]);
        assert_eq!(out, r#"{"a": "CRM", "b": 1}"#);
        assert_eq!(n, 1);
    }

    #[test]
    fn overlaps_are_found_among_many_fixes() {
        // 1,000 deletions of one byte each, every other one overlapping its neighbour, plus
        // empty insertions at a taken byte, and a fix whose own edits overlap.
        let text = "x".repeat(2000);
        let mut fixes = Vec::new();
        for i in 0..1000 {
            fixes.push(Fix::safe(
                vec![Edit::delete(Span::new(2 * i, 2 * i + 1))],
                "d",
            ));
            fixes.push(Fix::safe(
                vec![Edit::delete(Span::new(2 * i, 2 * i + 2))],
                "o",
            ));
            fixes.push(Fix::safe(
                vec![Edit::replace(Span::new(2 * i, 2 * i), "y")],
                "i",
            ));
        }
        fixes.push(Fix::safe(
            vec![
                Edit::delete(Span::new(10, 12)),
                Edit::delete(Span::new(11, 13)),
            ],
            "self",
        ));
        let (out, n) = apply(&text, &fixes);
        assert_eq!(n, 1000);
        assert_eq!(out, "x".repeat(1000));
        let self_overlapping = Fix::safe(
            vec![Edit::delete(Span::new(1, 3)), Edit::delete(Span::new(2, 4))],
            "self",
        );
        assert_eq!(apply("abcdef", [&self_overlapping]), ("abcdef".into(), 0));
    }
}
