//! `kuzzle/empty-collections`: `collections: []` means the whole index.

use super::view::Profile;
use super::view::{item_pointer, member_pointer};
use super::ProfilePack;
use crate::core::Kind;
use crate::core::{FixAvailability, RuleMeta, Severity};
use crate::declare_rule;
use crate::parse::Items;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports `collections: []` or `collections: null` in a restriction.
    ///
    /// ## Why is this bad?
    /// Both mean the whole index, like leaving `collections` out. An empty list reads as
    /// "no collection"; say what is meant.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop", "collections": []}]}]}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop"}]}]}
    /// ```
    pub static EMPTY_COLLECTIONS = {
        code: "kuzzle/empty-collections",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Info,
        fix: FixAvailability::None,
        summary: "`collections: []` means the whole index",
    }
}

/// `kuzzle/empty-collections` as its pack runs it.
pub struct EmptyCollections;

impl Rule<ProfilePack> for EmptyCollections {
    fn meta(&self) -> &'static RuleMeta {
        &EMPTY_COLLECTIONS
    }
    fn run(&self, profile: &Profile<'_>, cx: &mut RuleContext<'_>) {
        for (rt, r) in profile.restrictions() {
            let Some(c) = r.collections() else {
                continue;
            };
            if !(c.is_null() || c.as_array().is_some_and(Items::is_empty)) {
                continue;
            }
            cx.report(
                &EMPTY_COLLECTIONS,
                c.span(),
                &member_pointer(&item_pointer(&rt.pointer(), r.position()), "collections"),
                format!("`collections: {}` means the whole index", c.to_value()),
            )
            .help = Some(
                "leave `collections` out to grant the whole index, or list the collections".into(),
            );
        }
    }
}
