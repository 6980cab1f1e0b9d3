//! `kuzzle/unknown-profile-key`: a top-level key Kuzzle stores but never uses.

use super::view::Profile;
use super::view::PROFILE_KEYS;
use super::ProfilePack;
use crate::core::pointer::pointer_join;
use crate::core::text::{did_you_mean, snippet};
use crate::core::Kind;
use crate::core::{FixAvailability, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports a top-level key of a profile other than `policies`, `rateLimit` and `tags`.
    ///
    /// ## Why is this bad?
    /// Kuzzle does not check top-level keys: it stores them with the profile and ignores them.
    /// A misspelled `ratelimit` therefore leaves the profile without a rate limit, silently.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor"}], "ratelimit": 10}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "editor"}], "rateLimit": 10}
    /// ```
    pub static UNKNOWN_PROFILE_KEY = {
        code: "kuzzle/unknown-profile-key",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "a top-level key Kuzzle stores but never uses",
    }
}

/// `kuzzle/unknown-profile-key` as its pack runs it.
pub struct UnknownProfileKey;

impl Rule<ProfilePack> for UnknownProfileKey {
    fn meta(&self) -> &'static RuleMeta {
        &UNKNOWN_PROFILE_KEY
    }
    fn run(&self, profile: &Profile<'_>, cx: &mut RuleContext<'_>) {
        for m in profile.members {
            let other = m.key();
            let known = PROFILE_KEYS.contains(&other)
                || (other == "$schema" && cx.request.is_none())
                || matches!(
                    other,
                    "_id" | "_kuzzle_info" | "optimizedPolicies" | "_routing"
                );
            if known {
                continue;
            }
            let help = match did_you_mean(other, PROFILE_KEYS) {
                Some(s) => format!("did you mean `{s}`? Kuzzle stores unknown keys as they are and never uses them"),
                None => "Kuzzle stores unknown top-level keys as they are and never uses them; profile keys are `policies`, `rateLimit` and `tags`".into(),
            };
            cx.report(
                &UNKNOWN_PROFILE_KEY,
                m.key_span(),
                &pointer_join(profile.pointer, other),
                format!(
                    "unknown profile key `{}` is stored but has no effect",
                    snippet(other)
                ),
            )
            .help = Some(help.into());
        }
    }
}
