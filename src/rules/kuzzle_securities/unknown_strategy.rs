//! `kuzzle/securities-unknown-strategy`: credentials for a strategy Kuzzle does not have.

use super::view::User;
use super::{Securities, SecuritiesPack};
use crate::core::diagnostic::{did_you_mean, snippet};
use crate::core::pointer::pointer_join;
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::parse::Node;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Flags user credentials for a strategy other than `local`, unless an inventory declares
    /// it (a plugin of that name).
    ///
    /// ## Why is this bad?
    /// Kuzzle itself only has the `local` strategy (its core authentication plugin). Any other
    /// strategy (`ldap`, `oauth`, ...) exists only when an authentication plugin registers it;
    /// otherwise Kuzzle answers `security.credentials.unknown_strategy` and the user is rolled
    /// back. bodyguard cannot know which plugins the target runs, so this is a warning, except
    /// for near misses of `local` (`Local`, `"local "`, `lcoal`), which no plugin provides:
    /// those are errors.
    ///
    /// ## Example
    /// ```json
    /// {"users": {"jdoe": {"content": {"profileIds": ["default"]}, "credentials": {"lcoal": {"username": "jdoe", "password": "..."}}}}}
    /// ```
    /// Use instead: `"local"`, or a strategy the target's plugins provide.
    pub static SECURITIES_UNKNOWN_STRATEGY = {
        code: "kuzzle/securities-unknown-strategy",
        kinds: [Kind::KuzzleSecurities],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "credentials for an authentication strategy Kuzzle does not have by itself",
    }
}

/// `kuzzle/securities-unknown-strategy` as its pack runs it.
pub struct UnknownStrategy;

impl Rule<SecuritiesPack> for UnknownStrategy {
    fn meta(&self) -> &'static RuleMeta {
        &SECURITIES_UNKNOWN_STRATEGY
    }
    fn run(&self, file: &Securities<'_>, cx: &mut RuleContext<'_>) {
        for u in &file.users {
            if let Some(creds) = u.credentials() {
                check_strategies(cx, creds.value(), u);
            }
        }
    }
}

fn check_strategies(cx: &mut RuleContext<'_>, creds: Node<'_>, user: &User<'_>) {
    let declared = |name: &str| {
        cx.settings
            .inventory
            .as_deref()
            .is_some_and(|inv| inv.plugins.contains(name))
    };
    let unknown: Vec<crate::parse::Member<'_>> = creds
        .as_object()
        .unwrap_or_default()
        .iter()
        .filter(|m| m.key() != "local" && !declared(m.key()))
        .collect();
    for m in unknown {
        // `Local`, `"local "`: no plugin registers those, they are mistakes for `local`.
        // Case, spaces or two edits away from `local` (`lcoal` is a swap).
        let near_miss =
            crate::core::diagnostic::levenshtein(&m.key().trim().to_ascii_lowercase(), "local")
                <= 2;
        let suggestion = did_you_mean(m.key(), ["local"]).or(near_miss.then_some("local"));
        let d = cx.report(
            &SECURITIES_UNKNOWN_STRATEGY,
            m.key_span(),
            &pointer_join(&format!("{}/credentials", user.pointer()), m.key()),
            format!(
                "authentication strategy `{}` is not built into Kuzzle",
                snippet(m.key())
            ),
        );
        if near_miss {
            d.severity = Severity::Error;
            d.help = Some(
                "did you mean `local`? strategy names are exact; Kuzzle answers `security.credentials.unknown_strategy` and the user is rolled back"
                    .into(),
            );
            continue;
        }
        d.help = Some(match suggestion {
            Some(s) => format!(
                "did you mean `{s}`? Kuzzle answers `security.credentials.unknown_strategy` unless a plugin provides this strategy"
            ).into(),
            None => "make sure an authentication plugin of the target provides it; otherwise Kuzzle answers `security.credentials.unknown_strategy`".into(),
        });
    }
}
