//! `kuzzle/reserved-role-id`: `roleId: "_search"` can never exist.

use super::view::member_pointer;
use super::view::Profile;
use super::ProfilePack;
use crate::core::Kind;
use crate::core::{FixAvailability, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports `roleId: "_search"`.
    ///
    /// ## Why is this bad?
    /// Elasticsearch cannot read a document with that id, so no role `_search` can be looked
    /// up: Kuzzle answers `services.storage.search_as_an_id` ("_search is not a valid document
    /// identifier").
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "_search"}]}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "searcher"}]}
    /// ```
    pub static RESERVED_ROLE_ID = {
        code: "kuzzle/reserved-role-id",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "`roleId: \"_search\"` can never exist",
    }
}

/// `kuzzle/reserved-role-id` as its pack runs it.
pub struct ReservedRoleId;

impl Rule<ProfilePack> for ReservedRoleId {
    fn meta(&self) -> &'static RuleMeta {
        &RESERVED_ROLE_ID
    }
    fn run(&self, profile: &Profile<'_>, cx: &mut RuleContext<'_>) {
        for policy in profile.policies() {
            let (Some(role), Some("_search")) = (policy.role, policy.role_id) else {
                continue;
            };
            cx.report(
                &RESERVED_ROLE_ID,
                role.span(),
                &member_pointer(&policy.pointer(), "roleId"),
                "no role can be named `_search`",
            )
            .help =
                Some("Kuzzle rejects the profile with `services.storage.search_as_an_id`".into());
        }
    }
}
