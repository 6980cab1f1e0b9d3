//! Rules for `kuzzle-role` bodies.

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
