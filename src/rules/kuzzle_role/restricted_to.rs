//! `kuzzle/role-restricted-to`: `restrictedTo` at the top level of a role.

use super::{RolePack, RoleView};
use crate::core::pointer::pointer_join;
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Flags `restrictedTo` at the top level of a role.
    ///
    /// ## Why is this bad?
    /// Roles cannot be restricted to indexes: restrictions belong to the policies of a profile
    /// (`{"roleId": "...", "restrictedTo": [{"index": "..."}]}`). Kuzzle accepts the key and
    /// drops it from the stored role, so the role applies to every index the profile grants it on.
    ///
    /// ## Example
    /// ```json
    /// {"controllers": {"document": {"actions": {"*": true}}}, "restrictedTo": [{"index": "shop"}]}
    /// ```
    /// Use instead: the role without `restrictedTo`, and in the profile:
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop"}]}]}
    /// ```
    pub static ROLE_RESTRICTED_TO = {
        code: "kuzzle/role-restricted-to",
        kinds: [Kind::KuzzleRole, Kind::KuzzleSecurities],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "`restrictedTo` in a role is dropped by Kuzzle",
    }
}

/// `kuzzle/role-restricted-to` as its pack runs it.
pub struct RestrictedTo;

impl Rule<RolePack> for RestrictedTo {
    fn meta(&self) -> &'static RuleMeta {
        &ROLE_RESTRICTED_TO
    }
    fn run(&self, role: &RoleView<'_>, cx: &mut RuleContext<'_>) {
        for m in role.members.iter().filter(|m| m.key() == "restrictedTo") {
            cx.report(
                &ROLE_RESTRICTED_TO,
                m.key_span(),
                &pointer_join(role.pointer, m.key()),
                "`restrictedTo` is not a role key: Kuzzle drops it and the role is not restricted",
            )
            .help = Some(
                "remove it and restrict the role in the profiles that grant it: `{\"roleId\": \"...\", \"restrictedTo\": [{\"index\": \"...\"}]}`"
                    .into(),
            );
        }
    }
}
