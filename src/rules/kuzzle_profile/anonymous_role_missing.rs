//! `kuzzle/anonymous-role-missing`: profile `anonymous` without role `anonymous`.

use super::view::Profile;
use super::ProfilePack;
use crate::core::Kind;
use crate::core::{FixAvailability, RuleMeta, Severity};
use crate::declare_rule;
use crate::parse::Node;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports a profile with id `anonymous` (from the request `_id` or the securities file
    /// key) none of whose policies grants role `anonymous`.
    ///
    /// ## Why is this bad?
    /// Kuzzle rejects it with `security.profile.missing_anonymous_role` ("The anonymous
    /// profile must include the anonymous role"). `policies: []` is no exception: Kuzzle turns
    /// it into role `default` first.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "guest"}]}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "anonymous"}, {"roleId": "guest"}]}
    /// ```
    pub static ANONYMOUS_ROLE_MISSING = {
        code: "kuzzle/anonymous-role-missing",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "profile `anonymous` without role `anonymous`",
    }
}

/// `kuzzle/anonymous-role-missing` as its pack runs it.
pub struct AnonymousRoleMissing;

impl Rule<ProfilePack> for AnonymousRoleMissing {
    fn meta(&self) -> &'static RuleMeta {
        &ANONYMOUS_ROLE_MISSING
    }
    fn run(&self, profile: &Profile<'_>, cx: &mut RuleContext<'_>) {
        let (Some("anonymous"), Some(policies)) = (profile.id, &profile.policies) else {
            return;
        };
        let has = policies
            .items
            .iter()
            .any(|p| p.get("roleId").and_then(Node::as_str) == Some("anonymous"));
        if !has {
            cx.report(
                &ANONYMOUS_ROLE_MISSING,
                policies.member.key_span(),
                &policies.pointer(),
                "the `anonymous` profile must grant role `anonymous`",
            )
            .help = Some(
                "Kuzzle rejects it with `security.profile.missing_anonymous_role`; add `{\"roleId\": \"anonymous\"}`"
                    .into(),
            );
        }
    }
}
