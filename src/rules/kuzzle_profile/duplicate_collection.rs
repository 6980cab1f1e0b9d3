//! `kuzzle/duplicate-collection`: a collection listed twice in one restriction.

use super::view::Profile;
use super::view::{item_pointer, member_pointer, CollectionName};
use super::ProfilePack;
use crate::core::diagnostic::Label;
use crate::core::edit::Fix;
use crate::core::text::snippet;
use crate::core::Kind;
use crate::core::{FixAvailability, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::remove::{remove_between, Layout};
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports a collection listed twice in one restriction.
    ///
    /// ## Why is this bad?
    /// Kuzzle de-duplicates the list, so the copy does nothing; it is often a typo for another
    /// collection that is then not granted.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop", "collections": ["orders", "orders"]}]}]}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop", "collections": ["orders"]}]}]}
    /// ```
    ///
    /// ## Fix
    /// Removing the copy (with its comma) is safe.
    pub static DUPLICATE_COLLECTION = {
        code: "kuzzle/duplicate-collection",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        summary: "a collection listed twice in one restriction",
    }
}

/// `kuzzle/duplicate-collection` as its pack runs it.
pub struct DuplicateCollection;

impl Rule<ProfilePack> for DuplicateCollection {
    fn meta(&self) -> &'static RuleMeta {
        &DUPLICATE_COLLECTION
    }
    fn run(&self, profile: &Profile<'_>, cx: &mut RuleContext<'_>) {
        let layout = Layout::of(cx.source, cx.document);
        for (rt, r) in profile.restrictions() {
            let Some(array) = r.collections() else {
                continue;
            };
            for c in r.names() {
                let CollectionName::Repeat(name, first) = c.name else {
                    continue;
                };
                let cptr =
                    member_pointer(&item_pointer(&rt.pointer(), r.position()), "collections");
                let d = cx.report(
                    &DUPLICATE_COLLECTION,
                    c.node.span(),
                    &item_pointer(&cptr, c.position),
                    format!("collection `{}` is listed twice", snippet(name)),
                );
                d.labels.push(Label::new(first, "first listed here"));
                d.help = Some("Kuzzle de-duplicates the list; remove the copy, or fix the name if another collection was meant".into());
                let item = (c.neighbours.0, c.node.span(), c.neighbours.1);
                cx.fix_last(|| {
                    remove_between(layout, array.span(), item)
                        .map(|e| Fix::safe(e, format!("remove the second `{}`", snippet(name))))
                });
            }
        }
    }
}
