//! `kuzzle/unknown-index`: a restriction on an index that does not exist.

use super::inventory_help::{strict_note, unknown_help};
use super::view::Profile;
use super::view::{item_pointer, member_pointer};
use super::ProfilePack;
use crate::core::text::snippet;
use crate::core::Kind;
use crate::core::{FixAvailability, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// With an inventory (`--inventory`), reports a restriction on an index that does not
    /// exist.
    ///
    /// ## Why is this bad?
    /// With `strict`, Kuzzle rejects the profile (`services.storage.unknown_index`). Without
    /// it (the default, and always in `admin:loadSecurities`) the profile is accepted and the
    /// restriction grants nothing until an index with exactly that name is created. Names are
    /// case-sensitive: `Shop` never matches `shop`.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shpo"}]}]}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop"}]}]}
    /// ```
    pub static UNKNOWN_INDEX = {
        code: "kuzzle/unknown-index",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "a restriction on an index that does not exist",
    }
}

/// `kuzzle/unknown-index` as its pack runs it.
pub struct UnknownIndex;

impl Rule<ProfilePack> for UnknownIndex {
    fn meta(&self) -> &'static RuleMeta {
        &UNKNOWN_INDEX
    }
    fn run(&self, profile: &Profile<'_>, cx: &mut RuleContext<'_>) {
        let settings = cx.settings;
        let Some(known) = settings.inventory.as_ref().and_then(|i| i.indexes.as_ref()) else {
            return;
        };
        for (rt, r) in profile.restrictions() {
            let Some(s) = r.valid_index() else {
                continue;
            };
            if known.contains_key(s) {
                continue;
            }
            let names: Vec<&str> = known.keys().map(String::as_str).collect();
            let help = format!(
                "{}; {} (`services.storage.unknown_index`)",
                unknown_help(cx, s, "index", &names),
                strict_note(cx)
            );
            cx.report(
                &UNKNOWN_INDEX,
                r.index().span(),
                &member_pointer(&item_pointer(&rt.pointer(), r.position()), "index"),
                format!("index `{}` does not exist", snippet(s)),
            )
            .help = Some(help.into());
        }
    }
}
