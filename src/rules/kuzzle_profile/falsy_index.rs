//! `kuzzle/falsy-index`: a restriction with an empty or falsy `index` is dropped.

use super::view::Profile;
use super::view::{item_pointer, member_pointer, IndexName};
use super::ProfilePack;
use crate::core::Kind;
use crate::core::{FixAvailability, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports a restriction whose `index` is `""`, `0` or `false`.
    ///
    /// ## Why is this bad?
    /// Kuzzle only rejects a missing or `null` index. Any other falsy value is accepted, then
    /// silently dropped when Kuzzle builds the restriction map. When no other restriction of
    /// the policy remains, the map is empty, and an empty map means **no restriction**: the
    /// role is granted on every index.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": ""}]}]}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop"}]}]}
    /// ```
    pub static FALSY_INDEX = {
        code: "kuzzle/falsy-index",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "a restriction with an empty or falsy `index` is dropped",
    }
}

/// `kuzzle/falsy-index` as its pack runs it.
pub struct FalsyIndex;

impl Rule<ProfilePack> for FalsyIndex {
    fn meta(&self) -> &'static RuleMeta {
        &FALSY_INDEX
    }
    fn run(&self, profile: &Profile<'_>, cx: &mut RuleContext<'_>) {
        for (rt, r) in profile.restrictions() {
            if !matches!(r.name(), IndexName::Falsy) {
                continue;
            }
            let consequence = if rt.all_dropped {
                "no restriction of this policy remains, so the role applies on EVERY index"
            } else {
                "the restriction is dropped"
            };
            cx.report(
                &FALSY_INDEX,
                r.index().span(),
                &member_pointer(&item_pointer(&rt.pointer(), r.position()), "index"),
                format!(
                    "`index: {}` is silently dropped: {consequence}",
                    r.index().to_value()
                ),
            )
            .help = Some("Kuzzle only rejects a missing or null index; name a real index".into());
        }
    }
}
