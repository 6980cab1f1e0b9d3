//! `kuzzle/routing-key`: `_routing` in a profile is refused by storage.

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
    /// Reports a `_routing` key at the top level of a profile.
    ///
    /// ## Why is this bad?
    /// Kuzzle copies top-level keys into the stored document, and its storage layer refuses
    /// any document holding `_routing` (`services.storage.no_routing`, "The "_routing" keyword
    /// is forbidden.").
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor"}], "_routing": "a"}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "editor"}]}
    /// ```
    pub static ROUTING_KEY = {
        code: "kuzzle/routing-key",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "`_routing` in a profile is refused by storage",
    }
}

/// `kuzzle/routing-key` as its pack runs it.
pub struct RoutingKey;

impl Rule<ProfilePack> for RoutingKey {
    fn meta(&self) -> &'static RuleMeta {
        &ROUTING_KEY
    }
    fn run(&self, profile: &Profile<'_>, cx: &mut RuleContext<'_>) {
        for m in profile.members.iter().filter(|m| m.key() == "_routing") {
            cx.report(
                &ROUTING_KEY,
                m.key_span(),
                &pointer_join(profile.pointer, m.key()),
                "`_routing` is refused by Kuzzle's storage layer",
            )
            .help = Some(
                "Kuzzle rejects the profile with `services.storage.no_routing`; remove the key"
                    .into(),
            );
        }
    }
}
