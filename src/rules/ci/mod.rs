//! Rules for Customer Insights bodies (profile types and connectors).

use crate::diagnostic::Diagnostic;
use crate::kind::Kind;
use crate::parse::Node;
use crate::rules::{RuleContext, RuleMeta};

/// The rules of this pack, sorted by code.
pub static RULES: &[&RuleMeta] = &[];

/// Rewrite keys to their canonical case before the schema pass.
pub(crate) fn normalize(kind: Kind, root: &mut Node, out: &mut Vec<Diagnostic>) {
    let _ = (kind, root, out);
}

/// Sharpen schema findings on these bodies.
pub(crate) fn refine_schema(kind: Kind, root: &Node, diagnostics: &mut [Diagnostic]) {
    let _ = (kind, root, diagnostics);
}

/// Run the rules on a whole body.
pub(crate) fn check(cx: &mut RuleContext<'_>) {
    let _ = cx;
}
