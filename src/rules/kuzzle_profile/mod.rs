//! Rules for `kuzzle-profile` bodies (and the profiles of securities files).
//!
//! Facts: Kuzzle 2.56.0, `security:createOrReplaceProfile`. Kuzzle checks little: policy
//! and restriction keys, a few types, and (with `strict`) that indexes exist. Most mistakes
//! are accepted and silently change what the profile grants; these rules say what really
//! happens.

pub mod access;
mod anonymous_role_missing;
mod create_builtin;
mod duplicate_collection;
mod duplicate_restriction;
mod duplicate_role;
mod empty_collections;
mod empty_policies;
mod empty_restricted_to;
mod falsy_index;
mod falsy_restricted_to;
mod flag_not_boolean;
mod flag_value;
mod force_on_profile;
mod ignored_body_key;
mod invalid_id;
mod invalid_name;
mod inventory_help;
mod missing_body;
pub mod names;
mod narrowed_whole_index;
mod non_string_name;
mod null_rate_limit;
mod refine;
mod refresh_value;
mod reserved_role_id;
mod routing_key;
mod unknown_collection;
mod unknown_index;
mod unknown_profile_key;
mod unknown_role;
pub mod view;

pub use anonymous_role_missing::ANONYMOUS_ROLE_MISSING;
pub use create_builtin::CREATE_BUILTIN;
pub use duplicate_collection::DUPLICATE_COLLECTION;
pub use duplicate_restriction::DUPLICATE_RESTRICTION;
pub use duplicate_role::DUPLICATE_ROLE;
pub use empty_collections::EMPTY_COLLECTIONS;
pub use empty_policies::EMPTY_POLICIES;
pub use empty_restricted_to::EMPTY_RESTRICTED_TO;
pub use falsy_index::FALSY_INDEX;
pub use falsy_restricted_to::FALSY_RESTRICTED_TO;
pub use flag_not_boolean::FLAG_NOT_BOOLEAN;
pub use flag_value::FLAG_VALUE;
pub use force_on_profile::FORCE_ON_PROFILE;
pub use ignored_body_key::IGNORED_BODY_KEY;
pub use invalid_id::{INVALID_ID, MAX_ID_BYTES};
pub use invalid_name::INVALID_NAME;
pub use missing_body::MISSING_BODY;
pub use narrowed_whole_index::NARROWED_WHOLE_INDEX;
pub use non_string_name::NON_STRING_NAME;
pub use null_rate_limit::NULL_RATE_LIMIT;
pub use refine::refine_profile_schema;
pub use refresh_value::REFRESH_VALUE;
pub use reserved_role_id::RESERVED_ROLE_ID;
pub use routing_key::ROUTING_KEY;
pub use unknown_collection::UNKNOWN_COLLECTION;
pub use unknown_index::UNKNOWN_INDEX;
pub use unknown_profile_key::UNKNOWN_PROFILE_KEY;
pub use unknown_role::UNKNOWN_ROLE;

use super::pack::{Pack, Rule};
use crate::core::{Kind, RuleMeta};
use crate::parse::Node;
use crate::rules::kuzzle_request::KuzzleRoute;
use crate::rules::request::RequestRule;
use crate::rules::RuleContext;
use crate::schema::finding::SchemaFinding;
use view::Profile;

/// The rules of this pack run over a profile, sorted by code (one line per rule file).
static PACK_RULES: &[&dyn Rule<ProfilePack>] = &[
    &anonymous_role_missing::AnonymousRoleMissing,
    &duplicate_collection::DuplicateCollection,
    &duplicate_restriction::DuplicateRestriction,
    &duplicate_role::DuplicateRole,
    &empty_collections::EmptyCollections,
    &empty_policies::EmptyPolicies,
    &empty_restricted_to::EmptyRestrictedTo,
    &falsy_index::FalsyIndex,
    &falsy_restricted_to::FalsyRestrictedTo,
    &ignored_body_key::IgnoredBodyKey,
    &invalid_name::InvalidName,
    &narrowed_whole_index::NarrowedWholeIndex,
    &non_string_name::NonStringName,
    &null_rate_limit::NullRateLimit,
    &reserved_role_id::ReservedRoleId,
    &routing_key::RoutingKey,
    &unknown_collection::UnknownCollection,
    &unknown_index::UnknownIndex,
    &unknown_profile_key::UnknownProfileKey,
    &unknown_role::UnknownRole,
];

/// Fact key: a role id used by a policy that has a restriction (value = the role id, span =
/// the `roleId` value, pointer = its pointer), recorded for each profile; read by the
/// securities pack's cross-file rule `kuzzle/restricted-index-less-role`.
pub const FACT_RESTRICTED_ROLE: &str = "kuzzle.restricted-role";

/// The request-level rules of Kuzzle security routes about a profile or a role, sorted by
/// code; they run over [`KuzzleRequest`](crate::rules::kuzzle_request::KuzzleRequest).
pub static REQUEST_RULES: &[&dyn RequestRule<KuzzleRoute>] = &[
    &create_builtin::CreateBuiltin,
    &flag_not_boolean::FlagNotBoolean,
    &flag_value::FlagValue,
    &force_on_profile::ForceOnProfile,
    &invalid_id::InvalidId,
    &missing_body::MissingBody,
    &refresh_value::RefreshValue,
];

/// The rules of this pack, sorted by code: those run over a profile, and those about the
/// request it is sent with ([`REQUEST_RULES`]).
pub static RULES: &[&RuleMeta] = &[
    &ANONYMOUS_ROLE_MISSING,
    &CREATE_BUILTIN,
    &DUPLICATE_COLLECTION,
    &DUPLICATE_RESTRICTION,
    &DUPLICATE_ROLE,
    &EMPTY_COLLECTIONS,
    &EMPTY_POLICIES,
    &EMPTY_RESTRICTED_TO,
    &FALSY_INDEX,
    &FALSY_RESTRICTED_TO,
    &FLAG_NOT_BOOLEAN,
    &FLAG_VALUE,
    &FORCE_ON_PROFILE,
    &IGNORED_BODY_KEY,
    &INVALID_ID,
    &INVALID_NAME,
    &MISSING_BODY,
    &NARROWED_WHOLE_INDEX,
    &NON_STRING_NAME,
    &NULL_RATE_LIMIT,
    &REFRESH_VALUE,
    &RESERVED_ROLE_ID,
    &ROUTING_KEY,
    &UNKNOWN_COLLECTION,
    &UNKNOWN_INDEX,
    &UNKNOWN_PROFILE_KEY,
    &UNKNOWN_ROLE,
];

/// The rules of a profile, over its [`Profile`] view. A profile body is checked through
/// [`PROFILE_BODIES`]; a securities file's pack calls `check_profile` for each profile.
pub struct ProfilePack;

impl Pack for ProfilePack {
    type View<'a> = Profile<'a>;
    fn kinds(&self) -> &'static [Kind] {
        &[Kind::KuzzleProfile]
    }
    fn rules(&self) -> &'static [&'static dyn Rule<Self>] {
        PACK_RULES
    }
    fn view<'a>(&self, cx: &RuleContext<'a>) -> Option<Profile<'a>> {
        let id = cx.request.and_then(|r| r.name.as_deref());
        Profile::new(cx.root, "", id)
    }
    fn refine_schema(&self, _kind: Kind, _root: Node<'_>, findings: &mut [SchemaFinding<'_>]) {
        refine_profile_schema(0, findings);
    }
}

/// The pack of `kuzzle-profile` bodies as the registry runs it: [`ProfilePack`], after the
/// request's own adjustments, recording the facts of cross-file rules even when every rule
/// of the profile is off.
pub struct ProfileBodies;

/// The pack of `kuzzle-profile` bodies (see [`super::PACKS`]).
pub static PROFILE_BODIES: ProfileBodies = ProfileBodies;

impl super::pack::AnyPack for ProfileBodies {
    fn kinds(&self) -> &'static [Kind] {
        Pack::kinds(&ProfilePack)
    }
    fn check(&self, cx: &mut RuleContext<'_>) {
        if cx.request.is_some_and(|r| r.action == "updateProfile") {
            // updateProfile merges the body over the stored profile: `policies` may be omitted.
            cx.retain_diagnostics(|d| {
                !(*d.meta == crate::core::builtin::SCHEMA_REQUIRED && d.pointer == "/policies")
            });
        }
        if let Some(view) = ProfilePack.view(cx) {
            run(&view, cx);
        }
    }
    fn refine_schema(&self, kind: Kind, root: Node<'_>, findings: &mut [SchemaFinding<'_>]) {
        Pack::refine_schema(&ProfilePack, kind, root, findings);
    }
}

/// Run every profile rule on the profile object `profile`, located at JSON Pointer `pointer`
/// (`""` for a profile body, `/profiles/<id>` in a securities file). `profile_id` is the
/// profile's id when known (request `_id`, securities key).
pub(crate) fn check_profile(
    cx: &mut RuleContext<'_>,
    profile: Node<'_>,
    pointer: &str,
    profile_id: Option<&str>,
) {
    if let Some(view) = Profile::new(profile, pointer, profile_id) {
        run(&view, cx);
    }
}

/// Record the facts of `profile`, then run each rule of the pack that is on.
fn run(profile: &Profile<'_>, cx: &mut RuleContext<'_>) {
    record_facts(profile, cx);
    for rule in PACK_RULES {
        if cx.enabled(rule.meta()) {
            rule.run(profile, cx);
        }
    }
}

/// The roles granted by a policy Kuzzle really restricts, for the cross-file rule
/// `kuzzle/restricted-index-less-role`.
fn record_facts(profile: &Profile<'_>, cx: &mut RuleContext<'_>) {
    for policy in profile.policies() {
        let (Some(rt), Some(role), Some(id)) = (&policy.restricted_to, policy.role, policy.role_id)
        else {
            continue;
        };
        if rt.restricts {
            cx.fact(FACT_RESTRICTED_ROLE, id, role.span());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Checker, Kind};

    /// Apply every safe fix, then check again: the text must stay valid JSON and the
    /// findings the fixes addressed must be gone.
    fn fixed(text: &str) -> String {
        let checker = Checker::new();
        let mut out = text.to_string();
        // Overlapping fixes are left for the next round.
        for round in 0..5 {
            let report = checker.check(Kind::KuzzleProfile, &out);
            let fixes: Vec<&crate::core::edit::Fix> = report
                .diagnostics
                .iter()
                .filter_map(|d| d.fix.as_deref())
                .collect();
            if fixes.is_empty() {
                assert!(round > 0, "no fix offered for {text}");
                break;
            }
            out = crate::core::edit::apply(&out, fixes).0;
        }
        let again = checker.check(Kind::KuzzleProfile, &out);
        assert!(again.is_clean(), "{out}: {:?}", again.diagnostics);
        out
    }

    #[test]
    fn safe_fixes_keep_valid_json() {
        assert_eq!(
            fixed(
                r#"{"policies": [{"roleId": "e", "restrictedTo": [{"index": "shop", "collections": ["a", "b", "a"]}]}]}"#
            ),
            r#"{"policies": [{"roleId": "e", "restrictedTo": [{"index": "shop", "collections": ["a", "b"]}]}]}"#
        );
        assert_eq!(
            fixed("{\"policies\": [{\"roleId\": \"e\", \"restrictedTo\": [\n  {\"index\": \"shop\"},\n  {\"index\": \"shop\"},\n  {\"index\": \"blog\"}\n]}]}"),
            "{\"policies\": [{\"roleId\": \"e\", \"restrictedTo\": [\n  {\"index\": \"shop\"},\n  {\"index\": \"blog\"}\n]}]}"
        );
        assert_eq!(
            fixed("{\n  \"_id\": \"x\",\n  \"policies\": [{\"roleId\": \"e\"}],\n  \"optimizedPolicies\": []\n}"),
            "{\n  \"policies\": [{\"roleId\": \"e\"}]\n}"
        );
        assert_eq!(
            fixed(
                r#"{"policies": [{"roleId": "e", "restrictedTo": [{"index": "shop", "collections": ["a", "a", "a"]}]}]}"#
            ),
            r#"{"policies": [{"roleId": "e", "restrictedTo": [{"index": "shop", "collections": ["a"]}]}]}"#
        );
    }
}
