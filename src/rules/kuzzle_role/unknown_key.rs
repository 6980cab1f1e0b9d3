//! `kuzzle/role-unknown-key`: role keys Kuzzle stores without reading them.

use super::{Controllers, RolePack, RoleView};
use crate::core::diagnostic::{did_you_mean, snippet};
use crate::core::pointer::pointer_join;
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Flags keys Kuzzle stores without using: top-level keys other than `controllers` and
    /// `tags`, and keys beside `actions` in a controller entry.
    ///
    /// ## Why is this bad?
    /// Kuzzle accepts and stores them silently, so a misspelled key (`tag`, `action` beside a
    /// valid `actions`) goes unnoticed. `_id` and `_kuzzle_info` in the body are overwritten by
    /// Kuzzle. A top-level `$schema` (editor schema association) is not reported, though Kuzzle
    /// stores it too if the file is sent as it is.
    ///
    /// ## Example
    /// ```json
    /// {"controllers": {"document": {"actions": {"get": true}, "description": "read"}}, "tag": ["x"]}
    /// ```
    /// Use instead:
    /// ```json
    /// {"controllers": {"document": {"actions": {"get": true}}}, "tags": ["x"]}
    /// ```
    pub static ROLE_UNKNOWN_KEY = {
        code: "kuzzle/role-unknown-key",
        kinds: [Kind::KuzzleRole, Kind::KuzzleSecurities],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "a role key that Kuzzle stores but never reads",
    }
}

/// `kuzzle/role-unknown-key` as its pack runs it.
pub struct UnknownKey;

impl Rule<RolePack> for UnknownKey {
    fn meta(&self) -> &'static RuleMeta {
        &ROLE_UNKNOWN_KEY
    }
    fn run(&self, role: &RoleView<'_>, cx: &mut RuleContext<'_>) {
        for m in role.members {
            let key = m.key();
            if matches!(key, "controllers" | "tags" | "restrictedTo" | "$schema")
                || super::ROLE_METHODS.contains(&key)
            {
                continue;
            }
            let (message, help) = if key == "_id" || key == "_kuzzle_info" {
                (
                    format!("`{key}` in the body is overwritten by Kuzzle"),
                    "remove it: the role id comes from the request".to_string(),
                )
            } else {
                (
                    format!(
                        "unknown role key `{}`: Kuzzle stores it but never reads it",
                        snippet(key)
                    ),
                    match did_you_mean(key, ["controllers", "tags"]) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "remove it; a role only has `controllers` and `tags`".into(),
                    },
                )
            };
            let p = pointer_join(role.pointer, key);
            cx.report(&ROLE_UNKNOWN_KEY, m.key_span(), &p, message).help = Some(help.into());
        }
        for c in role.controllers.iter().flat_map(Controllers::iter) {
            if !c.rights.iter().any(|m| m.key() == "actions") {
                continue;
            }
            for extra in c.rights.iter().filter(|m| m.key() != "actions") {
                let d = cx.report(
                    &ROLE_UNKNOWN_KEY,
                    extra.key_span(),
                    &pointer_join(&c.pointer(), extra.key()),
                    format!(
                        "`{}` beside `actions` is stored by Kuzzle but never read",
                        snippet(extra.key())
                    ),
                );
                d.help = Some("remove it; a controller entry only has `actions`".into());
            }
        }
    }
}
