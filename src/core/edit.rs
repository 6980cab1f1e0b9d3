//! Fixes as text edits on spans, applied without touching the rest of the file (fixing a
//! file until it is stable, which re-checks it, is `crate::fix`).

use super::source::Span;

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
/// (it will be re-proposed on the next round). Returns the new text and how many fixes were
/// applied. See [`super::fix_plan::FixPlan`], which this builds.
pub fn apply<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> (String, usize) {
    let mut plan = super::fix_plan::FixPlan::new();
    for fix in fixes {
        plan.push(fix);
    }
    plan.apply(text)
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
}
