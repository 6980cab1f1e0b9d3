//! Rules for `kuzzle-securities` files (`admin:loadSecurities`, `--securities`, kourou imports):
//! `{roles?, profiles?, users?}`. Every role and profile of the file is checked as if it were
//! sent on its own, with locations inside the file, and the references between them (profile
//! → role, user → profile) are checked against the file itself, Kuzzle's built-ins and the
//! inventory.
//!
//! One rule per file. [`SecuritiesEntry`] is what the checker runs for the kind: the role
//! pack on each role, the profile pack on each profile, then [`SecuritiesPack`] (the file's
//! own rules, over the [`Securities`] view built once) and the `security/*` rules.

mod anonymous_user;
mod cross;
mod invalid_credentials;
mod invalid_id;
mod invalid_structure;
mod on_existing_users;
mod refine;
mod unknown_key;
mod unknown_profile;
mod unknown_role;
mod unknown_strategy;
mod user_without_credentials;
mod view;

pub use anonymous_user::SECURITIES_ANONYMOUS_USER;
pub use cross::check_project;
pub(crate) use cross::RESTRICTED_INDEX_LESS_ROLE;
pub use invalid_credentials::SECURITIES_INVALID_CREDENTIALS;
pub use invalid_structure::SECURITIES_INVALID_STRUCTURE;
pub use on_existing_users::SECURITIES_ON_EXISTING_USERS;
pub(crate) use refine::refine_schema;
pub use unknown_key::SECURITIES_UNKNOWN_KEY;
pub use unknown_profile::SECURITIES_UNKNOWN_PROFILE;
pub use unknown_role::SECURITIES_UNKNOWN_ROLE;
pub use unknown_strategy::SECURITIES_UNKNOWN_STRATEGY;
pub use user_without_credentials::SECURITIES_USER_WITHOUT_CREDENTIALS;
pub use view::Securities;

use crate::core::pointer::pointer_join;
use crate::core::{Kind, RuleMeta};
use crate::parse::Node;
use crate::rules::kuzzle_request::KuzzleRoute;
use crate::rules::pack::{AnyPack, Pack, Rule};
use crate::rules::request::RequestRule;
use crate::rules::{kuzzle_role, security, RuleContext};
use crate::schema::finding::SchemaFinding;

/// The rules this pack runs, sorted by code (one line per rule file). `kuzzle/invalid-id`
/// is declared by the profile pack.
static PACK_RULES: &[&dyn Rule<SecuritiesPack>] = &[
    &invalid_id::InvalidId,
    &cross::RestrictedIndexLessRole,
    &anonymous_user::AnonymousUser,
    &invalid_credentials::InvalidCredentials,
    &unknown_key::UnknownKey,
    &unknown_profile::UnknownProfile,
    &unknown_role::UnknownRole,
    &unknown_strategy::UnknownStrategy,
    &user_without_credentials::UserWithoutCredentials,
];

/// The request-level rules of `admin:loadSecurities`, sorted by code; they run over
/// [`KuzzleRequest`](crate::rules::kuzzle_request::KuzzleRequest), after the profile pack's.
pub static REQUEST_RULES: &[&dyn RequestRule<KuzzleRoute>] = &[&on_existing_users::OnExistingUsers];

/// The rules of this pack, sorted by code.
pub static RULES: &[&RuleMeta] = &[
    &RESTRICTED_INDEX_LESS_ROLE,
    &SECURITIES_ANONYMOUS_USER,
    &SECURITIES_INVALID_CREDENTIALS,
    &SECURITIES_INVALID_STRUCTURE,
    &SECURITIES_ON_EXISTING_USERS,
    &SECURITIES_UNKNOWN_KEY,
    &SECURITIES_UNKNOWN_PROFILE,
    &SECURITIES_UNKNOWN_ROLE,
    &SECURITIES_UNKNOWN_STRATEGY,
    &SECURITIES_USER_WITHOUT_CREDENTIALS,
];

const SECTIONS: [&str; 3] = ["roles", "profiles", "users"];

/// The rules of a securities file itself (references, users, credentials).
pub struct SecuritiesPack;

impl Pack for SecuritiesPack {
    type View<'a> = Securities<'a>;
    fn kinds(&self) -> &'static [Kind] {
        &[Kind::KuzzleSecurities]
    }
    fn rules(&self) -> &'static [&'static dyn Rule<Self>] {
        PACK_RULES
    }
    fn view<'a>(&self, cx: &RuleContext<'a>) -> Option<Securities<'a>> {
        Securities::of(cx)
    }
}

/// What the checker runs on a securities file: the role and profile packs on each entry,
/// the file's own rules ([`SecuritiesPack`]), then the `security/*` rules over the whole file.
pub struct SecuritiesEntry;

impl AnyPack for SecuritiesEntry {
    fn kinds(&self) -> &'static [Kind] {
        &[Kind::KuzzleSecurities]
    }
    fn check(&self, cx: &mut RuleContext<'_>) {
        // The `security/*` rules read the file through an access model of their own: on a
        // big file they run beside the others (their findings still come after theirs).
        cx.beside(
            |cx| {
                crate::rules::pack::run(&SecuritiesPack, cx);
                check_entries(cx);
            },
            security::check,
        );
    }
    fn refine_schema(&self, _kind: Kind, root: Node<'_>, findings: &mut [SchemaFinding<'_>]) {
        refine_schema(root, findings);
    }
}

/// Each role checked as a role body (and remembered for cross-file rules), each profile as a
/// profile body.
fn check_entries(cx: &mut RuleContext<'_>) {
    let root = cx.root;
    if let Some(roles) = root.get("roles").and_then(Node::as_object) {
        // A fact a role, held until the run ends: room for all of them at once (a vector
        // grown by doubling kept up to twice the facts).
        cx.facts.reserve(roles.len());
        for m in roles {
            if m.value().as_object().is_none() {
                continue;
            }
            let pointer = pointer_join("/roles", m.key());
            kuzzle_role::check_role(cx, m.value(), &pointer, Some(m.key()));
            kuzzle_role::record_role_facts(cx, m.value(), m.key(), m.key_span());
        }
    }
    let Some(profiles) = root.get("profiles").and_then(Node::as_object) else {
        return;
    };
    // The profile pack checks each profile; role references are checked by this pack,
    // against the file's roles too, so its inventory-based role check is switched off for them.
    let mut settings = cx.settings.clone();
    if let Some(inv) = settings.inventory.as_deref().filter(|i| i.roles.is_some()) {
        let mut inv = inv.clone();
        inv.roles = None;
        settings.inventory = Some(std::sync::Arc::new(inv));
    }
    // An import file's `mappings` create indexes and collections before its profiles:
    // they exist for the profiles' restrictions (with or without `--inventory`).
    if let Some(mappings) = root.get("mappings").filter(|m| m.as_object().is_some()) {
        let mut inv = settings.inventory.as_deref().cloned().unwrap_or_default();
        if inv
            .add_value(&mappings.to_value(), cx.source.name())
            .is_ok()
        {
            settings.inventory = Some(std::sync::Arc::new(inv));
        }
    }
    for m in profiles {
        if m.value().as_object().is_none() {
            continue;
        }
        let pointer = pointer_join("/profiles", m.key());
        let mut sub = RuleContext::new(
            cx.source,
            cx.document,
            cx.root,
            cx.kind,
            &settings,
            &mut *cx.diagnostics,
        );
        sub.request = cx.request;
        // The file's limit of findings per rule counts every profile's.
        sub.limit = std::mem::take(&mut cx.limit);
        crate::rules::kuzzle_profile::check_profile(&mut sub, m.value(), &pointer, Some(m.key()));
        cx.limit = std::mem::take(&mut sub.limit);
        let facts = std::mem::take(&mut sub.facts);
        cx.facts.extend(facts);
    }
}

/// A policy with at least one restriction naming an index (an empty `restrictedTo` or
/// restrictions without index leave the policy unrestricted: another rule covers that).
pub(crate) fn is_restricted(policy: Node<'_>) -> bool {
    policy
        .get("restrictedTo")
        .and_then(Node::as_array)
        .is_some_and(|rs| {
            rs.iter().any(|r| {
                r.get("index")
                    .and_then(Node::as_str)
                    .is_some_and(|s| !s.is_empty())
            })
        })
}

/// `role`, `profile` or `user`, for messages.
fn singular(section: &str) -> &'static str {
    match section {
        "roles" => "role",
        "profiles" => "profile",
        _ => "user",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_and_metadata_lists_agree() {
        let mut codes: Vec<&str> = PACK_RULES
            .iter()
            .map(|r| r.meta().code)
            .filter(|c| *c != crate::rules::kuzzle_profile::INVALID_ID.code)
            .collect();
        codes.sort_unstable();
        let metas: Vec<&str> = RULES
            .iter()
            .map(|r| r.code)
            .filter(|c| *c != SECURITIES_INVALID_STRUCTURE.code)
            // A request-level rule, run from `REQUEST_RULES`.
            .filter(|c| *c != SECURITIES_ON_EXISTING_USERS.code)
            .collect();
        assert_eq!(codes, metas);
        assert!(REQUEST_RULES
            .iter()
            .any(|r| r.meta().code == SECURITIES_ON_EXISTING_USERS.code));
    }
}
