//! `kuzzle/role-method-key`: a top-level key named like a method of Kuzzle's `Role`.

use super::{RolePack, RoleView};
use crate::core::pointer::pointer_join;
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Flags a top-level key named like a method of Kuzzle's `Role` class
    /// (`validateDefinition`, `validateControllerRights`, `canLogIn`, `isActionAllowed`,
    /// `checkRestrictions`) or `__proto__`.
    ///
    /// ## Why is this bad?
    /// Kuzzle copies the body onto a `Role` object, so such a key replaces the method. A
    /// `validateDefinition` key makes the request fail with a `TypeError`, which the client
    /// receives as `plugin.runtime.unexpected_error` (HTTP 500) with no hint of the cause. The
    /// other names replace methods Kuzzle calls later, when it checks the role or the rights of a
    /// request (inferred from Kuzzle's code).
    ///
    /// ## Example
    /// ```json
    /// {"controllers": {"document": {"actions": {"get": true}}}, "validateDefinition": true}
    /// ```
    /// Use instead:
    /// ```json
    /// {"controllers": {"document": {"actions": {"get": true}}}}
    /// ```
    pub static ROLE_METHOD_KEY = {
        code: "kuzzle/role-method-key",
        kinds: [Kind::KuzzleRole, Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "a top-level key shadows a method of Kuzzle's Role object",
    }
}

/// `kuzzle/role-method-key` as its pack runs it.
pub struct MethodKey;

impl Rule<RolePack> for MethodKey {
    fn meta(&self) -> &'static RuleMeta {
        &ROLE_METHOD_KEY
    }
    fn run(&self, role: &RoleView<'_>, cx: &mut RuleContext<'_>) {
        for m in role.members {
            let key = m.key();
            if !super::ROLE_METHODS.contains(&key) {
                continue;
            }
            let d = cx.report(
                &ROLE_METHOD_KEY,
                m.key_span(),
                &pointer_join(role.pointer, key),
                format!("`{key}` replaces a method of Kuzzle's Role object"),
            );
            d.help = Some(
                "remove it: Kuzzle fails with an internal error (`plugin.runtime.unexpected_error`, HTTP 500)"
                    .into(),
            );
            d.label = Some("shadows a Role method".into());
        }
    }
}
