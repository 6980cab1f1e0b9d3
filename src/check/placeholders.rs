//! Findings on placeholders: a string or key holding a placeholder without a sample value is
//! not checked by the rules (its text is not the value the request will carry).

use crate::core::diagnostic::Diagnostic;
use crate::core::source::Span;

/// Drop the findings of `out[from..]` located on a string or key holding a placeholder
/// without sample (syntax findings stay); returns how many of them were before `before`.
pub(super) fn drop_on_placeholders(
    found: &crate::templates::Found,
    out: &mut Vec<Diagnostic>,
    from: usize,
    before: usize,
) -> usize {
    if found.unchecked.is_empty() {
        return 0;
    }
    // Strings and keys do not overlap and were found in text order.
    let inside = |s: Span| {
        let i = found.unchecked.partition_point(|u| u.start <= s.start);
        i > 0 && s.end <= found.unchecked[i - 1].end
    };
    let (mut i, mut dropped_before) = (0, 0);
    out.retain(|d| {
        let drop = i >= from && d.meta.family() != "json" && d.span.is_some_and(inside);
        if drop && i < before {
            dropped_before += 1;
        }
        i += 1;
        !drop
    });
    dropped_before
}
