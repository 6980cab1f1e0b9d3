//! `kuzzle/empty-restricted-to`: `restrictedTo: []` grants the role on every index.

use super::view::Profile;
use super::ProfilePack;
use crate::core::Kind;
use crate::core::{FixAvailability, RuleMeta, Severity};
use crate::declare_rule;
use crate::parse::Items;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports `restrictedTo: []` in a profile policy.
    ///
    /// ## Why is this bad?
    /// Kuzzle turns `restrictedTo` into a map from index to collections. An empty list gives an
    /// empty map, and Kuzzle reads an empty map as "no restriction": the role is granted on
    /// **every** index. An empty list looks like "nothing allowed" to a reviewer; it means the
    /// opposite. Kuzzle accepts the profile without a word.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": []}]}
    /// ```
    /// Use instead (name the indexes, or drop `restrictedTo` if every index is really meant):
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop"}]}]}
    /// ```
    pub static EMPTY_RESTRICTED_TO = {
        code: "kuzzle/empty-restricted-to",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "`restrictedTo: []` grants the role on every index",
    }
}

/// `kuzzle/empty-restricted-to` as its pack runs it.
pub struct EmptyRestrictedTo;

impl Rule<ProfilePack> for EmptyRestrictedTo {
    fn meta(&self) -> &'static RuleMeta {
        &EMPTY_RESTRICTED_TO
    }
    fn run(&self, profile: &Profile<'_>, cx: &mut RuleContext<'_>) {
        for rt in profile.restricted_tos() {
            let value = rt.member.value();
            if !value.as_array().is_some_and(Items::is_empty) {
                continue;
            }
            cx.report(
                &EMPTY_RESTRICTED_TO,
                value.span(),
                &rt.pointer(),
                "`restrictedTo: []` grants the role on every index",
            )
            .help = Some(
                "Kuzzle reads an empty restriction list as no restriction at all; list the indexes, or remove `restrictedTo` if every index is really meant"
                    .into(),
            );
        }
    }
}
