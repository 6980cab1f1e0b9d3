//! `kuzzle/null-rate-limit`: `rateLimit: null` is stored as 0 (unlimited).

use super::view::Profile;
use super::ProfilePack;
use crate::core::pointer::pointer_join;
use crate::core::Kind;
use crate::core::{FixAvailability, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports `rateLimit: null`.
    ///
    /// ## Why is this bad?
    /// Kuzzle accepts it and stores `0`, which means **unlimited**. If a limit was meant, it
    /// is not applied.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor"}], "rateLimit": null}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "editor"}], "rateLimit": 0}
    /// ```
    pub static NULL_RATE_LIMIT = {
        code: "kuzzle/null-rate-limit",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Info,
        fix: FixAvailability::None,
        summary: "`rateLimit: null` is stored as 0 (unlimited)",
    }
}

/// `kuzzle/null-rate-limit` as its pack runs it.
pub struct NullRateLimit;

impl Rule<ProfilePack> for NullRateLimit {
    fn meta(&self) -> &'static RuleMeta {
        &NULL_RATE_LIMIT
    }
    fn run(&self, profile: &Profile<'_>, cx: &mut RuleContext<'_>) {
        let Some(rl) = profile.node.member("rateLimit") else {
            return;
        };
        if rl.value().is_null() {
            cx.report(
                &NULL_RATE_LIMIT,
                rl.value().span(),
                &pointer_join(profile.pointer, "rateLimit"),
                "`rateLimit: null` is stored as 0, which means unlimited",
            )
            .help = Some("write `0` for no limit, or the number of requests per second".into());
        }
    }
}
