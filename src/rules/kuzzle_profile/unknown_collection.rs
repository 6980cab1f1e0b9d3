//! `kuzzle/unknown-collection`: a restricted collection that does not exist.

use super::inventory_help::{strict_note, unknown_help};
use super::view::Profile;
use super::view::{item_pointer, member_pointer, CollectionName, IndexName};
use super::ProfilePack;
use crate::core::text::snippet;
use crate::core::Kind;
use crate::core::{FixAvailability, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// With an inventory (`--inventory`), reports a restricted collection that does not exist
    /// in its index.
    ///
    /// ## Why is this bad?
    /// With `strict`, Kuzzle rejects the profile (`services.storage.unknown_collection`).
    /// Without it the profile is accepted and the collection grants nothing until it is
    /// created. Names are case-sensitive.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop", "collections": ["oders"]}]}]}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop", "collections": ["orders"]}]}]}
    /// ```
    pub static UNKNOWN_COLLECTION = {
        code: "kuzzle/unknown-collection",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "a restricted collection that does not exist",
    }
}

/// `kuzzle/unknown-collection` as its pack runs it.
pub struct UnknownCollection;

impl Rule<ProfilePack> for UnknownCollection {
    fn meta(&self) -> &'static RuleMeta {
        &UNKNOWN_COLLECTION
    }
    fn run(&self, profile: &Profile<'_>, cx: &mut RuleContext<'_>) {
        let settings = cx.settings;
        let Some(indexes) = settings.inventory.as_ref().and_then(|i| i.indexes.as_ref()) else {
            return;
        };
        for (rt, r) in profile.restrictions() {
            // The index as written, when a string (even one no index can have).
            let IndexName::Name(index, _) = r.name() else {
                continue;
            };
            let Some(cols) = indexes.get(index) else {
                continue;
            };
            for c in r.names() {
                let CollectionName::Name(name, None) = c.name else {
                    continue;
                };
                if name == "_kuzzle_keep" || cols.contains(name) {
                    continue;
                }
                let list: Vec<&str> = cols.iter().map(String::as_str).collect();
                let help = format!(
                    "{}; {} (`services.storage.unknown_collection`)",
                    unknown_help(cx, name, "collection", &list),
                    strict_note(cx)
                );
                let cptr =
                    member_pointer(&item_pointer(&rt.pointer(), r.position()), "collections");
                cx.report(
                    &UNKNOWN_COLLECTION,
                    c.node.span(),
                    &item_pointer(&cptr, c.position),
                    format!(
                        "collection `{}` does not exist in index `{}`",
                        snippet(name),
                        snippet(index)
                    ),
                )
                .help = Some(help.into());
            }
        }
    }
}
