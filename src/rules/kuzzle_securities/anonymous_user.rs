//! `kuzzle/securities-anonymous-user-profile`: the anonymous user `-1` must keep the `anonymous` profile.

use super::{Securities, SecuritiesPack};
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Flags the anonymous user (kuid `-1`) when its `profileIds` do not include `anonymous`.
    ///
    /// ## Why is this bad?
    /// Every request without a token runs as user `-1`. Kuzzle refuses to save it without the
    /// `anonymous` profile (`security.user.anonymous_profile_required`).
    ///
    /// ## Example
    /// ```json
    /// {"users": {"-1": {"content": {"profileIds": ["default"]}}}}
    /// ```
    /// Use instead:
    /// ```json
    /// {"users": {"-1": {"content": {"profileIds": ["anonymous"]}}}}
    /// ```
    pub static SECURITIES_ANONYMOUS_USER = {
        code: "kuzzle/securities-anonymous-user-profile",
        kinds: [Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "the anonymous user must keep the anonymous profile",
    }
}

/// `kuzzle/securities-anonymous-user-profile` as its pack runs it.
pub struct AnonymousUser;

impl Rule<SecuritiesPack> for AnonymousUser {
    fn meta(&self) -> &'static RuleMeta {
        &SECURITIES_ANONYMOUS_USER
    }
    fn run(&self, file: &Securities<'_>, cx: &mut RuleContext<'_>) {
        for u in &file.users {
            let Some(ids) = u.profile_ids_node() else {
                continue;
            };
            if u.member.key() != "-1"
                || u.profile_ids()
                    .iter()
                    .any(|n| n.as_str() == Some("anonymous"))
            {
                continue;
            }
            cx.report(
                &SECURITIES_ANONYMOUS_USER,
                ids.span(),
                &format!("{}/content/profileIds", u.pointer()),
                "the anonymous user `-1` must keep the `anonymous` profile",
            )
            .help = Some(
                "add `\"anonymous\"` to its `profileIds`; Kuzzle answers `security.user.anonymous_profile_required`"
                    .into(),
            );
        }
    }
}
