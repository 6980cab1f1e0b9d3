//! Rules for `kuzzle-profile` bodies.

use crate::diagnostic::Diagnostic;
use crate::parse::Node;
use crate::rules::{RuleContext, RuleMeta};

/// The rules of this pack, sorted by code.
pub static RULES: &[&RuleMeta] = &[];

/// Sharpen schema findings on these bodies (name Kuzzle's own error id, ...).
pub(crate) fn refine_schema(root: &Node, diagnostics: &mut [Diagnostic]) {
    let _ = (root, diagnostics);
}

/// Run the rules on a whole body.
pub(crate) fn check(cx: &mut RuleContext<'_>) {
    let _ = cx;
}

/// Check one profile body at `pointer` (`/profiles/<id>` in a securities file).
pub(crate) fn check_profile(
    _cx: &mut RuleContext<'_>,
    _profile: &Node,
    _pointer: &str,
    _profile_id: Option<&str>,
) {
}

/// Sharpen the schema findings under `pointer_prefix` (one profile body).
pub(crate) fn refine_profile_schema(
    _profile: &Node,
    _pointer_prefix: &str,
    _diagnostics: &mut [Diagnostic],
) {
}
