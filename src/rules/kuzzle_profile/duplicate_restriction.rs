//! `kuzzle/duplicate-restriction`: a restriction repeated in one policy.

use super::view::Profile;
use super::view::{item_pointer, may_share_an_index, IndexName};
use super::ProfilePack;
use crate::access::load::display;
use crate::core::diagnostic::Label;
use crate::core::edit::Fix;
use crate::core::text::snippet;
use crate::core::Kind;
use crate::core::Span;
use crate::core::{FixAvailability, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::remove::{remove, Layout};
use crate::rules::RuleContext;
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// Reports a restriction identical to an earlier one of the same policy (same index, same
    /// collections in any order).
    ///
    /// ## Why is this bad?
    /// Kuzzle merges them, so the copy does nothing; it is often a leftover of an edit meant to
    /// change the index or the collections.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop"}, {"index": "shop"}]}]}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop"}]}]}
    /// ```
    ///
    /// ## Fix
    /// Removing the copy is safe: Kuzzle builds the same restriction map without it.
    pub static DUPLICATE_RESTRICTION = {
        code: "kuzzle/duplicate-restriction",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        summary: "a restriction repeated in one policy",
    }
}

/// `kuzzle/duplicate-restriction` as its pack runs it.
pub struct DuplicateRestriction;

impl Rule<ProfilePack> for DuplicateRestriction {
    fn meta(&self) -> &'static RuleMeta {
        &DUPLICATE_RESTRICTION
    }
    fn run(&self, profile: &Profile<'_>, cx: &mut RuleContext<'_>) {
        for rt in profile.restricted_tos() {
            if rt.restrictions.len() < 2 || !may_share_an_index(rt.items) {
                continue;
            }
            // (index as JSON, whole?, collections sorted) → span of the first such restriction
            let mut seen: HashMap<(String, bool, Vec<String>), Span> = HashMap::new();
            for r in &rt.restrictions {
                if matches!(r.name, IndexName::Null | IndexName::Falsy)
                    || r.collections
                        .is_some_and(|c| c.as_array().is_none() && !c.is_null())
                {
                    continue;
                }
                let whole = r.names.is_empty();
                let mut sorted: Vec<String> = r.names.iter().map(|c| display(c.node)).collect();
                sorted.sort();
                sorted.dedup();
                let key = (r.index.to_value().to_string(), whole, sorted);
                let Some(&first) = seen.get(&key) else {
                    seen.insert(key, r.node.span);
                    continue;
                };
                let fix = remove(
                    Layout::of(cx.source, cx.document),
                    &rt.member.value,
                    r.position,
                )
                .map(|e| Fix::safe(e, "remove the repeated restriction"));
                let d = cx.report(
                    &DUPLICATE_RESTRICTION,
                    r.node.span,
                    &item_pointer(&rt.pointer(), r.position),
                    format!(
                        "this restriction repeats an earlier one on index `{}`",
                        snippet(&display(r.index))
                    ),
                );
                d.labels.push(Label::new(first, "first here"));
                d.help = Some("Kuzzle merges them, so the copy has no effect; remove it or fix the index or collections".into());
                d.fix = fix.map(Box::new);
            }
        }
    }
}
