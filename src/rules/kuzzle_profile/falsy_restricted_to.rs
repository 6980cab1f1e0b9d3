//! `kuzzle/falsy-restricted-to`: `restrictedTo: null` or `false` means no restriction.

use super::view::Profile;
use super::ProfilePack;
use crate::core::Kind;
use crate::core::{FixAvailability, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports `restrictedTo` set to `null`, `false`, `0` or `""`.
    ///
    /// ## Why is this bad?
    /// Kuzzle skips every check on a falsy `restrictedTo`, stores it as written, and treats
    /// the policy as unrestricted: the role is granted on every index. A value such as `false`
    /// reads as "restricted" to some reviewers; it is the opposite.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": false}]}
    /// ```
    /// Use instead (leave `restrictedTo` out to grant every index):
    /// ```json
    /// {"policies": [{"roleId": "editor"}]}
    /// ```
    pub static FALSY_RESTRICTED_TO = {
        code: "kuzzle/falsy-restricted-to",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "`restrictedTo: null` or `false` means no restriction",
    }
}

/// `kuzzle/falsy-restricted-to` as its pack runs it.
pub struct FalsyRestrictedTo;

impl Rule<ProfilePack> for FalsyRestrictedTo {
    fn meta(&self) -> &'static RuleMeta {
        &FALSY_RESTRICTED_TO
    }
    fn run(&self, profile: &Profile<'_>, cx: &mut RuleContext<'_>) {
        for rt in profile.restricted_tos().filter(|rt| rt.falsy) {
            let value = rt.member.value();
            cx.report(
                &FALSY_RESTRICTED_TO,
                value.span(),
                &rt.pointer(),
                format!(
                    "`restrictedTo: {}` is accepted as \"no restriction\": the role applies on every index",
                    value.to_value()
                ),
            )
            .help = Some(
                "Kuzzle stores the value as written and skips every check on it; leave `restrictedTo` out to grant every index, or list the indexes"
                    .into(),
            );
        }
    }
}
