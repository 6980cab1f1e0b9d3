//! `kuzzle/narrowed-whole-index`: a whole-index restriction is narrowed by a sibling naming collections.

use super::view::{may_share_an_index, Profile};
use super::ProfilePack;
use crate::access::load::{display, grants_whole_index, is_falsy};
use crate::core::diagnostic::Label;
use crate::core::text::snippet;
use crate::core::Kind;
use crate::core::{FixAvailability, RuleMeta, Severity};
use crate::declare_rule;
use crate::parse::Node;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// Reports a whole-index restriction (`{"index": "shop"}`, or with `collections` empty or
    /// `null`) next to a restriction of the same index that names collections, in one policy.
    ///
    /// ## Why is this bad?
    /// Kuzzle merges the restrictions of a policy by index and unites their collections. The
    /// whole-index entry contributes no collection, so the merged entry keeps only the named
    /// ones: the whole-index grant is silently lost. Kuzzle's own documentation example has
    /// this pattern.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [
    ///   {"index": "shop"}, {"index": "shop", "collections": ["orders"]}]}]}
    /// ```
    /// Use instead (to grant the whole index in one policy and limit another, use two
    /// policies):
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop"}]}]}
    /// ```
    pub static NARROWED_WHOLE_INDEX = {
        code: "kuzzle/narrowed-whole-index",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "a whole-index restriction is narrowed by a sibling naming collections",
    }
}

/// `kuzzle/narrowed-whole-index` as its pack runs it.
pub struct NarrowedWholeIndex;

impl Rule<ProfilePack> for NarrowedWholeIndex {
    fn meta(&self) -> &'static RuleMeta {
        &NARROWED_WHOLE_INDEX
    }
    fn run(&self, profile: &Profile<'_>, cx: &mut RuleContext<'_>) {
        for rt in profile.restricted_tos() {
            let restrictions = rt.items;
            if !may_share_an_index(restrictions) {
                continue;
            }
            // The first restriction naming collections, per index (as JSON text).
            let mut partial: HashMap<String, Node<'_>> = HashMap::new();
            for o in restrictions {
                if let Some(oi) = o.get("index") {
                    if !grants_whole_index(o)
                        && o.get("collections").and_then(Node::as_array).is_some()
                    {
                        partial.entry(oi.to_value().to_string()).or_insert(o);
                    }
                }
            }
            if partial.is_empty() {
                continue;
            }
            for (j, r) in restrictions.iter().enumerate() {
                let Some(index) = r.get("index") else {
                    continue;
                };
                if is_falsy(index) || !grants_whole_index(r) {
                    continue;
                }
                let Some(sib) = partial.get(&index.to_value().to_string()) else {
                    continue;
                };
                let sib_span = sib.get("collections").map_or(sib.span(), |c| c.span());
                let d = cx.report(
                    &NARROWED_WHOLE_INDEX,
                    index.span(),
                    &format!("{}/{j}/index", rt.pointer()),
                    format!(
                        "this whole-index grant on `{}` is narrowed by a sibling restriction naming collections",
                        snippet(&display(index))
                    ),
                );
                d.labels
                    .push(Label::new(sib_span, "only these collections are granted"));
                d.help = Some(
                    "Kuzzle merges restrictions on one index and keeps only the named collections; remove the sibling's `collections` to grant the whole index, remove this entry to grant only those collections, or put them in two policies".into(),
                );
            }
        }
    }
}
