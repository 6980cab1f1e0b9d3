//! `kuzzle/empty-policies`: `policies: []` silently becomes role `default`.

use super::view::Profile;
use super::ProfilePack;
use crate::core::Kind;
use crate::core::{FixAvailability, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports `policies: []`.
    ///
    /// ## Why is this bad?
    /// Kuzzle does not reject it: it silently replaces the list with
    /// `[{"roleId": "default"}]`. Users of the profile get whatever role `default` allows, and
    /// that changes whenever someone edits role `default` (out of the box it allows
    /// everything).
    ///
    /// ## Example
    /// ```json
    /// {"policies": []}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "default"}]}
    /// ```
    pub static EMPTY_POLICIES = {
        code: "kuzzle/empty-policies",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "`policies: []` silently becomes role `default`",
    }
}

/// `kuzzle/empty-policies` as its pack runs it.
pub struct EmptyPolicies;

impl Rule<ProfilePack> for EmptyPolicies {
    fn meta(&self) -> &'static RuleMeta {
        &EMPTY_POLICIES
    }
    fn run(&self, profile: &Profile<'_>, cx: &mut RuleContext<'_>) {
        let Some(policies) = &profile.policies else {
            return;
        };
        if policies.items.is_empty() {
            cx.report(
                &EMPTY_POLICIES,
                policies.member.value().span(),
                &policies.pointer(),
                "`policies: []` is silently replaced with `[{\"roleId\": \"default\"}]`",
            )
            .help = Some(
                "name the roles the profile grants; write `[{\"roleId\": \"default\"}]` if role `default` is really meant"
                    .into(),
            );
        }
    }
}
