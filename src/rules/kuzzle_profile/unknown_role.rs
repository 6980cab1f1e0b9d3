//! `kuzzle/unknown-role`: a `roleId` naming no known role.

use super::inventory_help::unknown_help;
use super::view::member_pointer;
use super::view::Profile;
use super::ProfilePack;
use crate::core::inventory::BUILTIN_ROLES;
use crate::core::text::snippet;
use crate::core::Kind;
use crate::core::{FixAvailability, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// With an inventory (`--inventory`), reports a `roleId` naming no known role. Roles
    /// `admin`, `default` and `anonymous` always exist.
    ///
    /// ## Why is this bad?
    /// Kuzzle looks every role up before anything else and rejects the profile with
    /// `security.role.not_found` ("Role "x" not found."). Names match exactly:
    /// `Editor` is not `editor`.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editr"}]}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "editor"}]}
    /// ```
    pub static UNKNOWN_ROLE = {
        code: "kuzzle/unknown-role",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "a `roleId` naming no known role",
    }
}

/// `kuzzle/unknown-role` as its pack runs it.
pub struct UnknownRole;

impl Rule<ProfilePack> for UnknownRole {
    fn meta(&self) -> &'static RuleMeta {
        &UNKNOWN_ROLE
    }
    fn run(&self, profile: &Profile<'_>, cx: &mut RuleContext<'_>) {
        let settings = cx.settings;
        let Some(inventory) = settings.inventory.as_deref() else {
            return;
        };
        let Some(roles) = inventory.roles.as_ref() else {
            return;
        };
        for policy in profile.policies() {
            let (Some(role), Some(id)) = (policy.role, policy.role_id) else {
                continue;
            };
            if id == "_search" || id.is_empty() {
                continue;
            }
            let exists = roles.contains(id)
                || BUILTIN_ROLES.contains(&id)
                || inventory.plugin_roles.contains(id);
            if exists {
                continue;
            }
            let mut known: Vec<&str> = roles.iter().map(String::as_str).collect();
            for b in BUILTIN_ROLES {
                if !known.contains(&b) {
                    known.push(b);
                }
            }
            let help = format!(
                "{}; Kuzzle rejects the profile with `security.role.not_found`",
                unknown_help(cx, id, "role", &known)
            );
            cx.report(
                &UNKNOWN_ROLE,
                role.span(),
                &member_pointer(&policy.pointer(), "roleId"),
                format!("role `{}` does not exist", snippet(id)),
            )
            .help = Some(help.into());
        }
    }
}
