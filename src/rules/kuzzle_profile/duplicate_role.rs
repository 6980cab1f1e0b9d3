//! `kuzzle/duplicate-role`: two policies grant the same role.

use super::view::member_pointer;
use super::view::Profile;
use super::ProfilePack;
use crate::core::diagnostic::Label;
use crate::core::first_seen::FirstSeen;
use crate::core::text::snippet;
use crate::core::Kind;
use crate::core::{FixAvailability, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports a `roleId` used by two policies of one profile.
    ///
    /// ## Why is this bad?
    /// Kuzzle keeps both policies and grants their union, so the second one is usually a
    /// copy-paste leftover, or two restriction lists meant to be one. When one of the two is
    /// unrestricted, the other's restrictions have no effect at all.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor"}, {"roleId": "editor", "restrictedTo": [{"index": "shop"}]}]}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop"}]}]}
    /// ```
    pub static DUPLICATE_ROLE = {
        code: "kuzzle/duplicate-role",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "two policies grant the same role",
    }
}

/// `kuzzle/duplicate-role` as its pack runs it.
pub struct DuplicateRole;

impl Rule<ProfilePack> for DuplicateRole {
    fn meta(&self) -> &'static RuleMeta {
        &DUPLICATE_ROLE
    }
    fn run(&self, profile: &Profile<'_>, cx: &mut RuleContext<'_>) {
        if profile.policies().len() < 2 {
            return;
        }
        let mut seen = FirstSeen::new();
        for policy in profile.policies() {
            let (Some(role), Some(id)) = (policy.role, policy.role_id) else {
                continue;
            };
            let Some(first) = seen.repeat_of(id, role.span()) else {
                continue;
            };
            let d = cx.report(
                &DUPLICATE_ROLE,
                role.span(),
                &member_pointer(&policy.pointer(), "roleId"),
                format!(
                    "role `{}` is already granted by another policy",
                    snippet(id)
                ),
            );
            d.labels.push(Label::new(first, "first granted here"));
            d.help = Some(
                "Kuzzle grants the union of both policies; merge them into one (if one is unrestricted, the other's restrictions have no effect)"
                    .into(),
            );
        }
    }
}
