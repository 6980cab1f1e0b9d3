//! The body rules of a profile.

use super::access::{display, is_falsy};
use super::names::name_problem;
use crate::core::edit::Fix;
use crate::declare_rule;
use crate::diagnostic::{did_you_mean, snippet, Label, Severity};
use crate::kind::Kind;
use crate::parse::{pointer_join, Node, NodeValue};
use crate::rules::{FixAvailability, RuleContext};
use crate::source::Span;
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// Reports `restrictedTo: []` in a profile policy.
    ///
    /// ## Why is this bad?
    /// Kuzzle turns `restrictedTo` into a map from index to collections. An empty list gives an
    /// empty map, and Kuzzle reads an empty map as "no restriction": the role is granted on
    /// **every** index. An empty list looks like "nothing allowed" to a reviewer; it means the
    /// opposite. Kuzzle accepts the profile without a word.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": []}]}
    /// ```
    /// Use instead (name the indexes, or drop `restrictedTo` if every index is really meant):
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop"}]}]}
    /// ```
    pub static EMPTY_RESTRICTED_TO = {
        code: "kuzzle/empty-restricted-to",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "`restrictedTo: []` grants the role on every index",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a restriction whose `index` is `""`, `0` or `false`.
    ///
    /// ## Why is this bad?
    /// Kuzzle only rejects a missing or `null` index. Any other falsy value is accepted, then
    /// silently dropped when Kuzzle builds the restriction map. When no other restriction of
    /// the policy remains, the map is empty, and an empty map means **no restriction**: the
    /// role is granted on every index.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": ""}]}]}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop"}]}]}
    /// ```
    pub static FALSY_INDEX = {
        code: "kuzzle/falsy-index",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "a restriction with an empty or falsy `index` is dropped",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `index` or a collection that is not a non-empty string: a number, `true`, an
    /// object, an array, or (for collections) `null` or `""`.
    ///
    /// ## Why is this bad?
    /// Kuzzle does not check these types: `{"index": 42}` and `"collections": [1, null]` are
    /// accepted and stored. But Kuzzle compares them with the index and collection of each
    /// request, which are always strings, and `42` never equals `"42"`. The restriction can
    /// never match anything: the policy grants nothing on any index (it still grants the
    /// actions that take no index, such as `security:*`).
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": 2024}]}]}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "2024"}]}]}
    /// ```
    pub static NON_STRING_NAME = {
        code: "kuzzle/non-string-name",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "an index or collection that is not a non-empty string never matches",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an index or collection name that breaks Kuzzle's naming rules: uppercase
    /// letters, more than 126 UTF-8 bytes, one of the characters
    /// `\ / * ? " < > | , + # : . & %`, a space, tab, carriage return or line feed, the name
    /// `_all`, or the reserved collection `_kuzzle_keep`.
    ///
    /// ## Why is this bad?
    /// Kuzzle refuses to create an index or collection with such a name
    /// (`services.storage.invalid_index_name`, `services.storage.invalid_collection_name`),
    /// so none can ever exist. Profiles are not checked against these rules, so the profile
    /// is accepted, and the restriction never matches anything. `*` is not a wildcard here:
    /// it is a literal character.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "Shop", "collections": ["orders*"]}]}]}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop", "collections": ["orders"]}]}]}
    /// ```
    pub static INVALID_NAME = {
        code: "kuzzle/invalid-name",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "an index or collection name Kuzzle can never create",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a whole-index restriction (`{"index": "shop"}`, or with `collections` empty or
    /// `null`) next to a restriction of the same index that names collections, in one policy.
    ///
    /// ## Why is this bad?
    /// Kuzzle merges the restrictions of a policy by index and unites their collections. The
    /// whole-index entry contributes no collection, so the merged entry keeps only the named
    /// ones: the whole-index grant is silently lost. Kuzzle's own documentation example has
    /// this pattern.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [
    ///   {"index": "shop"}, {"index": "shop", "collections": ["orders"]}]}]}
    /// ```
    /// Use instead (to grant the whole index in one policy and limit another, use two
    /// policies):
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop"}]}]}
    /// ```
    pub static NARROWED_WHOLE_INDEX = {
        code: "kuzzle/narrowed-whole-index",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "a whole-index restriction is narrowed by a sibling naming collections",
    }
}

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

declare_rule! {
    /// ## What it does
    /// Reports a restriction identical to an earlier one of the same policy (same index, same
    /// collections in any order).
    ///
    /// ## Why is this bad?
    /// Kuzzle merges them, so the copy does nothing; it is often a leftover of an edit meant to
    /// change the index or the collections.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop"}, {"index": "shop"}]}]}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop"}]}]}
    /// ```
    ///
    /// ## Fix
    /// Removing the copy is safe: Kuzzle builds the same restriction map without it.
    pub static DUPLICATE_RESTRICTION = {
        code: "kuzzle/duplicate-restriction",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        summary: "a restriction repeated in one policy",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a collection listed twice in one restriction.
    ///
    /// ## Why is this bad?
    /// Kuzzle de-duplicates the list, so the copy does nothing; it is often a typo for another
    /// collection that is then not granted.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop", "collections": ["orders", "orders"]}]}]}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop", "collections": ["orders"]}]}]}
    /// ```
    ///
    /// ## Fix
    /// Removing the copy (with its comma) is safe.
    pub static DUPLICATE_COLLECTION = {
        code: "kuzzle/duplicate-collection",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        summary: "a collection listed twice in one restriction",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `policies: []`.
    ///
    /// ## Why is this bad?
    /// Kuzzle does not reject it: it silently replaces the list with
    /// `[{"roleId": "default"}]`. Users of the profile get whatever role `default` allows, and
    /// that changes whenever someone edits role `default` (out of the box it allows
    /// everything).
    ///
    /// ## Example
    /// ```json
    /// {"policies": []}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "default"}]}
    /// ```
    pub static EMPTY_POLICIES = {
        code: "kuzzle/empty-policies",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "`policies: []` silently becomes role `default`",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `collections: []` or `collections: null` in a restriction.
    ///
    /// ## Why is this bad?
    /// Both mean the whole index, like leaving `collections` out. An empty list reads as
    /// "no collection"; say what is meant.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop", "collections": []}]}]}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop"}]}]}
    /// ```
    pub static EMPTY_COLLECTIONS = {
        code: "kuzzle/empty-collections",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Info,
        fix: FixAvailability::None,
        summary: "`collections: []` means the whole index",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `restrictedTo` set to `null`, `false`, `0` or `""`.
    ///
    /// ## Why is this bad?
    /// Kuzzle skips every check on a falsy `restrictedTo`, stores it as written, and treats
    /// the policy as unrestricted: the role is granted on every index. A value such as `false`
    /// reads as "restricted" to some reviewers; it is the opposite.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": false}]}
    /// ```
    /// Use instead (leave `restrictedTo` out to grant every index):
    /// ```json
    /// {"policies": [{"roleId": "editor"}]}
    /// ```
    pub static FALSY_RESTRICTED_TO = {
        code: "kuzzle/falsy-restricted-to",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "`restrictedTo: null` or `false` means no restriction",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a top-level key of a profile other than `policies`, `rateLimit` and `tags`.
    ///
    /// ## Why is this bad?
    /// Kuzzle does not check top-level keys: it stores them with the profile and ignores them.
    /// A misspelled `ratelimit` therefore leaves the profile without a rate limit, silently.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor"}], "ratelimit": 10}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "editor"}], "rateLimit": 10}
    /// ```
    pub static UNKNOWN_PROFILE_KEY = {
        code: "kuzzle/unknown-profile-key",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "a top-level key Kuzzle stores but never uses",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `_id`, `_kuzzle_info` or `optimizedPolicies` in a profile body.
    ///
    /// ## Why is this bad?
    /// Kuzzle overwrites `_id` with the id of the request and `_kuzzle_info` with its own
    /// metadata, and drops `optimizedPolicies`. A body copied from a `getProfile` answer or an
    /// export keeps them, and a reader may believe they change something (an `_id` naming
    /// another profile does not rename anything).
    ///
    /// ## Example
    /// ```json
    /// {"_id": "editor", "policies": [{"roleId": "editor"}]}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "editor"}]}
    /// ```
    ///
    /// ## Fix
    /// Removing the key is safe: Kuzzle ignores it anyway.
    pub static IGNORED_BODY_KEY = {
        code: "kuzzle/ignored-body-key",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        summary: "`_id`, `_kuzzle_info` or `optimizedPolicies` in a body is dropped",
    }
}

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

declare_rule! {
    /// ## What it does
    /// Reports a profile with id `anonymous` (from the request `_id` or the securities file
    /// key) none of whose policies grants role `anonymous`.
    ///
    /// ## Why is this bad?
    /// Kuzzle rejects it with `security.profile.missing_anonymous_role` ("The anonymous
    /// profile must include the anonymous role"). `policies: []` is no exception: Kuzzle turns
    /// it into role `default` first.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "guest"}]}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "anonymous"}, {"roleId": "guest"}]}
    /// ```
    pub static ANONYMOUS_ROLE_MISSING = {
        code: "kuzzle/anonymous-role-missing",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "profile `anonymous` without role `anonymous`",
    }
}

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

declare_rule! {
    /// ## What it does
    /// Reports `rateLimit: null`.
    ///
    /// ## Why is this bad?
    /// Kuzzle accepts it and stores `0`, which means **unlimited**. If a limit was meant, it
    /// is not applied.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor"}], "rateLimit": null}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "editor"}], "rateLimit": 0}
    /// ```
    pub static NULL_RATE_LIMIT = {
        code: "kuzzle/null-rate-limit",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Info,
        fix: FixAvailability::None,
        summary: "`rateLimit: null` is stored as 0 (unlimited)",
    }
}

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

declare_rule! {
    /// ## What it does
    /// With an inventory (`--inventory`), reports a restriction on an index that does not
    /// exist.
    ///
    /// ## Why is this bad?
    /// With `strict`, Kuzzle rejects the profile (`services.storage.unknown_index`). Without
    /// it (the default, and always in `admin:loadSecurities`) the profile is accepted and the
    /// restriction grants nothing until an index with exactly that name is created. Names are
    /// case-sensitive: `Shop` never matches `shop`.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shpo"}]}]}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop"}]}]}
    /// ```
    pub static UNKNOWN_INDEX = {
        code: "kuzzle/unknown-index",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "a restriction on an index that does not exist",
    }
}

declare_rule! {
    /// ## What it does
    /// With an inventory (`--inventory`), reports a restricted collection that does not exist
    /// in its index.
    ///
    /// ## Why is this bad?
    /// With `strict`, Kuzzle rejects the profile (`services.storage.unknown_collection`).
    /// Without it the profile is accepted and the collection grants nothing until it is
    /// created. Names are case-sensitive.
    ///
    /// ## Example
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop", "collections": ["oders"]}]}]}
    /// ```
    /// Use instead:
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop", "collections": ["orders"]}]}]}
    /// ```
    pub static UNKNOWN_COLLECTION = {
        code: "kuzzle/unknown-collection",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "a restricted collection that does not exist",
    }
}

const PROFILE_KEYS: [&str; 3] = ["policies", "rateLimit", "tags"];

fn strict_note(cx: &RuleContext<'_>) -> &'static str {
    let strict = cx
        .request
        .is_some_and(|r| r.args.iter().any(|(k, _)| k == "strict"));
    if strict {
        "with `strict`, Kuzzle rejects the profile"
    } else {
        "without `strict`, Kuzzle accepts the profile and this restriction grants nothing; with `strict`, it rejects it"
    }
}

/// `did you mean` text for a name missing from `known`, calling out a case-only difference.
fn unknown_help(cx: &RuleContext<'_>, name: &str, what: &str, known: &[&str]) -> String {
    if let Some(hit) = known
        .iter()
        .find(|k| k.to_lowercase() == name.to_lowercase())
    {
        return format!(
            "`{}` differs from the existing {what} `{hit}` only by case: Kuzzle matches names exactly",
            snippet(name)
        );
    }
    match cx.suggest(name, known.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None if known.is_empty() => format!("the inventory knows no {what}"),
        None if known.len() <= 8 => format!(
            "known: {}",
            known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => format!("the inventory has {} others", known.len()),
    }
}

pub(super) fn run(
    cx: &mut RuleContext<'_>,
    profile: &Node,
    pointer: &str,
    profile_id: Option<&str>,
) {
    let Some(members) = profile.as_object() else {
        return;
    };
    for (i, m) in members.iter().enumerate() {
        let ptr = pointer_join(pointer, &m.key);
        match m.key.as_str() {
            k if PROFILE_KEYS.contains(&k) => {}
            "$schema" if cx.request.is_none() => {}
            "_id" | "_kuzzle_info" | "optimizedPolicies" => {
                if cx.enabled(&IGNORED_BODY_KEY) {
                    let what = match m.key.as_str() {
                        "_id" => "Kuzzle replaces `_id` with the id of the request",
                        "_kuzzle_info" => "Kuzzle replaces `_kuzzle_info` with its own metadata",
                        _ => "Kuzzle drops `optimizedPolicies` and recomputes it from `policies`",
                    };
                    let fix = crate::rules::remove::remove_member(
                        crate::rules::remove::Layout::of(cx.source, cx.document),
                        profile,
                        i,
                    )
                    .map(|e| Fix::safe(e, format!("remove `{}`", m.key)));
                    let d = cx.report(
                        &IGNORED_BODY_KEY,
                        m.key_span,
                        &ptr,
                        format!("`{}` in a profile body is ignored", m.key),
                    );
                    d.help = Some(format!("{what}; remove the key").into());
                    d.fix = fix.map(Box::new);
                }
            }
            "_routing" => {
                if cx.enabled(&ROUTING_KEY) {
                    cx.report(
                        &ROUTING_KEY,
                        m.key_span,
                        &ptr,
                        "`_routing` is refused by Kuzzle's storage layer",
                    )
                    .help = Some(
                        "Kuzzle rejects the profile with `services.storage.no_routing`; remove the key"
                            .into(),
                    );
                }
            }
            other => {
                if cx.enabled(&UNKNOWN_PROFILE_KEY) {
                    let help = match did_you_mean(other, PROFILE_KEYS) {
                        Some(s) => format!("did you mean `{s}`? Kuzzle stores unknown keys as they are and never uses them"),
                        None => "Kuzzle stores unknown top-level keys as they are and never uses them; profile keys are `policies`, `rateLimit` and `tags`".into(),
                    };
                    cx.report(
                        &UNKNOWN_PROFILE_KEY,
                        m.key_span,
                        &ptr,
                        format!(
                            "unknown profile key `{}` is stored but has no effect",
                            snippet(other)
                        ),
                    )
                    .help = Some(help.into());
                }
            }
        }
    }
    if let Some(rl) = profile.member("rateLimit") {
        if rl.value.is_null() && cx.enabled(&NULL_RATE_LIMIT) {
            cx.report(
                &NULL_RATE_LIMIT,
                rl.value.span,
                &pointer_join(pointer, "rateLimit"),
                "`rateLimit: null` is stored as 0, which means unlimited",
            )
            .help = Some("write `0` for no limit, or the number of requests per second".into());
        }
    }
    let policies_ptr = pointer_join(pointer, "policies");
    let Some(policies_member) = profile.member("policies") else {
        return;
    };
    let policies_node = &policies_member.value;
    let Some(policies) = policies_node.as_array() else {
        return;
    };
    if policies.is_empty() && cx.enabled(&EMPTY_POLICIES) {
        cx.report(
            &EMPTY_POLICIES,
            policies_node.span,
            &policies_ptr,
            "`policies: []` is silently replaced with `[{\"roleId\": \"default\"}]`",
        )
        .help = Some(
            "name the roles the profile grants; write `[{\"roleId\": \"default\"}]` if role `default` is really meant"
                .into(),
        );
    }
    if profile_id == Some("anonymous") && cx.enabled(&ANONYMOUS_ROLE_MISSING) {
        let has = policies
            .iter()
            .any(|p| p.get("roleId").and_then(Node::as_str) == Some("anonymous"));
        if !has {
            cx.report(
                &ANONYMOUS_ROLE_MISSING,
                policies_member.key_span,
                &policies_ptr,
                "the `anonymous` profile must grant role `anonymous`",
            )
            .help = Some(
                "Kuzzle rejects it with `security.profile.missing_anonymous_role`; add `{\"roleId\": \"anonymous\"}`"
                    .into(),
            );
        }
    }
    let inventory = cx.settings.inventory.clone();
    let mut seen_roles: HashMap<&str, Span> = HashMap::new();
    for (i, policy) in policies.iter().enumerate() {
        let ptr = item_pointer(&policies_ptr, i);
        if policy.as_object().is_none() {
            continue;
        }
        if let Some(role) = policy.get("roleId") {
            if let Some(id) = role.as_str() {
                let role_ptr = member_pointer(&ptr, "roleId");
                if id == "_search" {
                    if cx.enabled(&RESERVED_ROLE_ID) {
                        cx.report(
                            &RESERVED_ROLE_ID,
                            role.span,
                            &role_ptr,
                            "no role can be named `_search`",
                        )
                        .help = Some(
                            "Kuzzle rejects the profile with `services.storage.search_as_an_id`"
                                .into(),
                        );
                    }
                } else if !id.is_empty() {
                    if let Some(roles) = inventory.as_ref().and_then(|inv| inv.roles.as_ref()) {
                        let exists = roles.contains(id)
                            || crate::core::inventory::BUILTIN_ROLES.contains(&id)
                            || inventory
                                .as_ref()
                                .is_some_and(|i| i.plugin_roles.contains(id));
                        if !exists && cx.enabled(&UNKNOWN_ROLE) {
                            let mut known: Vec<&str> = roles.iter().map(String::as_str).collect();
                            for b in crate::core::inventory::BUILTIN_ROLES {
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
                                role.span,
                                &role_ptr,
                                format!("role `{}` does not exist", snippet(id)),
                            )
                            .help = Some(help.into());
                        }
                    }
                }
                if let Some(&first) = seen_roles.get(id) {
                    if cx.enabled(&DUPLICATE_ROLE) {
                        let d = cx.report(
                            &DUPLICATE_ROLE,
                            role.span,
                            &role_ptr,
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
                } else {
                    seen_roles.insert(id, role.span);
                }
            }
        }
        if let Some(rt) = policy.member("restrictedTo") {
            check_restricted_to(cx, &rt.value, &member_pointer(&ptr, "restrictedTo"));
            let restricted = rt.value.as_array().is_some_and(|items| {
                items
                    .iter()
                    .any(|r| r.get("index").is_some_and(|ix| !is_falsy(ix)))
            });
            if let (true, Some(id)) = (restricted, policy.get("roleId").and_then(Node::as_str)) {
                // Matched by the cross-file rule `kuzzle/restricted-index-less-role`.
                let role_span = policy.get("roleId").map_or(rt.key_span, |r| r.span);
                cx.fact(
                    crate::rules::kuzzle_securities::FACT_RESTRICTED_ROLE,
                    id,
                    role_span,
                    &member_pointer(&ptr, "roleId"),
                );
            }
        }
    }
}

fn check_restricted_to(cx: &mut RuleContext<'_>, rt: &Node, ptr: &str) {
    if is_falsy(rt) {
        if cx.enabled(&FALSY_RESTRICTED_TO) {
            cx.report(
                &FALSY_RESTRICTED_TO,
                rt.span,
                ptr,
                format!(
                    "`restrictedTo: {}` is accepted as \"no restriction\": the role applies on every index",
                    rt.to_value()
                ),
            )
            .help = Some(
                "Kuzzle stores the value as written and skips every check on it; leave `restrictedTo` out to grant every index, or list the indexes"
                    .into(),
            );
        }
        return;
    }
    let Some(restrictions) = rt.as_array() else {
        return;
    };
    if restrictions.is_empty() {
        if cx.enabled(&EMPTY_RESTRICTED_TO) {
            cx.report(
                &EMPTY_RESTRICTED_TO,
                rt.span,
                ptr,
                "`restrictedTo: []` grants the role on every index",
            )
            .help = Some(
                "Kuzzle reads an empty restriction list as no restriction at all; list the indexes, or remove `restrictedTo` if every index is really meant"
                    .into(),
            );
        }
        return;
    }
    // Does any restriction survive Kuzzle's optimisation (a truthy index)?
    let survivors = restrictions
        .iter()
        .filter(|r| r.get("index").is_some_and(|ix| !is_falsy(ix)))
        .count();
    let objects_with_index = restrictions
        .iter()
        .filter(|r| r.get("index").is_some_and(|ix| !ix.is_null()))
        .count();
    let all_dropped = survivors == 0 && objects_with_index == restrictions.len();
    let inventory = cx.settings.inventory.clone();
    let indexes = inventory.as_ref().and_then(|i| i.indexes.as_ref());
    // (index text, whole?, collections sorted) → span of the first such restriction
    let mut seen: HashMap<(String, bool, Vec<String>), Span> = HashMap::new();
    for (j, r) in restrictions.iter().enumerate() {
        let rptr = item_pointer(ptr, j);
        if r.as_object().is_none() {
            continue;
        }
        let Some(index) = r.get("index") else {
            continue;
        };
        let iptr = member_pointer(&rptr, "index");
        let mut index_name: Option<&str> = None;
        match &index.value {
            NodeValue::Null => {}
            _ if is_falsy(index) => {
                if cx.enabled(&FALSY_INDEX) {
                    let consequence = if all_dropped {
                        "no restriction of this policy remains, so the role applies on EVERY index"
                    } else {
                        "the restriction is dropped"
                    };
                    cx.report(
                        &FALSY_INDEX,
                        index.span,
                        &iptr,
                        format!(
                            "`index: {}` is silently dropped: {consequence}",
                            index.to_value()
                        ),
                    )
                    .help = Some(
                        "Kuzzle only rejects a missing or null index; name a real index".into(),
                    );
                }
            }
            NodeValue::String(s) => {
                index_name = Some(s);
                if let Some(problem) = name_problem(s) {
                    if cx.enabled(&INVALID_NAME) {
                        cx.report(
                            &INVALID_NAME,
                            index.span,
                            &iptr,
                            format!("no index can be named `{}`: {problem}", snippet(s)),
                        )
                        .help = Some(
                            name_help(s, "index", "services.storage.invalid_index_name").into(),
                        );
                    }
                } else if let Some(known) = indexes {
                    if !known.contains_key(s.as_str()) && cx.enabled(&UNKNOWN_INDEX) {
                        let names: Vec<&str> = known.keys().map(String::as_str).collect();
                        let help = format!(
                            "{}; {} (`services.storage.unknown_index`)",
                            unknown_help(cx, s, "index", &names),
                            strict_note(cx)
                        );
                        cx.report(
                            &UNKNOWN_INDEX,
                            index.span,
                            &iptr,
                            format!("index `{}` does not exist", snippet(s)),
                        )
                        .help = Some(help.into());
                    }
                }
            }
            _ => {
                if cx.enabled(&NON_STRING_NAME) {
                    cx.report(
                        &NON_STRING_NAME,
                        index.span,
                        &iptr,
                        format!(
                            "`index: {}` is accepted but never matches: request indexes are strings",
                            snippet(&index.to_value().to_string())
                        ),
                    )
                    .help = Some(
                        "Kuzzle keeps the value with its type, so this restriction grants nothing on any index; write the index name as a string".into(),
                    );
                }
            }
        }
        let collections = r.get("collections");
        let cptr = member_pointer(&rptr, "collections");
        let mut names: Vec<String> = Vec::new();
        match collections {
            Some(c) if c.is_null() || c.as_array().is_some_and(|a| a.is_empty()) => {
                let enabled = cx.enabled(&EMPTY_COLLECTIONS);
                if enabled {
                    cx.report(
                        &EMPTY_COLLECTIONS,
                        c.span,
                        &cptr,
                        format!("`collections: {}` means the whole index", c.to_value()),
                    )
                    .help = Some(
                        "leave `collections` out to grant the whole index, or list the collections"
                            .into(),
                    );
                }
            }
            Some(c) => {
                if let Some(items) = c.as_array() {
                    names = check_collections(cx, c, items, &cptr, index_name, indexes);
                }
            }
            None => {}
        }
        // Duplicates of whole restrictions.
        if !index.is_null()
            && !is_falsy(index)
            && collections.is_none_or(|c| c.as_array().is_some() || c.is_null())
        {
            let key = index.to_value().to_string();
            let whole = names.is_empty();
            let mut sorted = names.clone();
            sorted.sort();
            sorted.dedup();
            if let Some(&first) = seen.get(&(key.clone(), whole, sorted.clone())) {
                if cx.enabled(&DUPLICATE_RESTRICTION) {
                    let fix = crate::rules::remove::remove_element(
                        crate::rules::remove::Layout::of(cx.source, cx.document),
                        rt,
                        j,
                    )
                    .map(|e| Fix::safe(e, "remove the repeated restriction"));
                    let d = cx.report(
                        &DUPLICATE_RESTRICTION,
                        r.span,
                        &rptr,
                        format!(
                            "this restriction repeats an earlier one on index `{}`",
                            snippet(&display(index))
                        ),
                    );
                    d.labels.push(Label::new(first, "first here"));
                    d.help = Some("Kuzzle merges them, so the copy has no effect; remove it or fix the index or collections".into());
                    d.fix = fix.map(Box::new);
                }
            } else {
                seen.insert((key, whole, sorted), r.span);
            }
        }
    }
    // Whole-index entries narrowed by siblings naming collections.
    if cx.enabled(&NARROWED_WHOLE_INDEX) {
        // The first restriction naming collections, per index (as JSON text).
        let mut partial: HashMap<String, &Node> = HashMap::new();
        for o in restrictions {
            if let Some(oi) = o.get("index") {
                if !is_whole(o) && o.get("collections").and_then(Node::as_array).is_some() {
                    partial.entry(oi.to_value().to_string()).or_insert(o);
                }
            }
        }
        for (j, r) in restrictions.iter().enumerate() {
            let Some(index) = r.get("index") else {
                continue;
            };
            if is_falsy(index) || !is_whole(r) {
                continue;
            }
            let sibling = if partial.is_empty() {
                None
            } else {
                partial.get(&index.to_value().to_string())
            };
            if let Some(sib) = sibling {
                let sib_span = sib.get("collections").map_or(sib.span, |c| c.span);
                let d = cx.report(
                    &NARROWED_WHOLE_INDEX,
                    index.span,
                    &format!("{ptr}/{j}/index"),
                    format!(
                        "this whole-index grant on `{}` is narrowed by a sibling restriction naming collections",
                        snippet(&display(index))
                    ),
                );
                d.labels
                    .push(Label::new(sib_span, "only these collections are granted"));
                d.help = Some(
                    "Kuzzle merges restrictions on one index and keeps only the named collections; remove the sibling's `collections` to grant the whole index, remove this entry to grant only those collections, or put them in two policies".into(),
                );
            }
        }
    }
}

/// True when a restriction grants its whole index (no collections, `null` or `[]`).
fn is_whole(r: &Node) -> bool {
    match r.get("collections") {
        None => true,
        Some(c) => c.is_null() || c.as_array().is_some_and(|a| a.is_empty()),
    }
}

fn name_help(name: &str, what: &str, error_id: &str) -> String {
    let lower = name.to_lowercase();
    let mut help = if lower != name && name_problem(&lower).is_none() {
        format!("did you mean `{}`? ", snippet(&lower))
    } else {
        String::new()
    };
    let (article, unknown) = if what == "index" {
        ("an", "services.storage.unknown_index")
    } else {
        ("a", "services.storage.unknown_collection")
    };
    help.push_str(&format!(
        "Kuzzle refuses to create such {article} {what} (`{error_id}`), so without `strict` this restriction never matches, and with `strict` Kuzzle rejects the profile (`{unknown}`)"
    ));
    if name.contains('*') {
        help.push_str("; `*` is not a wildcard");
    }
    help
}

fn check_collections(
    cx: &mut RuleContext<'_>,
    array: &Node,
    items: &[Node],
    ptr: &str,
    index: Option<&str>,
    indexes: Option<&std::collections::BTreeMap<String, std::collections::BTreeSet<String>>>,
) -> Vec<String> {
    let mut names = Vec::new();
    let mut seen: HashMap<&str, Span> = HashMap::new();
    let known = match (index, indexes) {
        (Some(i), Some(map)) => map.get(i),
        _ => None,
    };
    for (k, item) in items.iter().enumerate() {
        let cptr = item_pointer(ptr, k);
        names.push(display(item));
        let Some(name) = item.as_str().filter(|s| !s.is_empty()) else {
            if cx.enabled(&NON_STRING_NAME) {
                cx.report(
                    &NON_STRING_NAME,
                    item.span,
                    &cptr,
                    format!(
                        "collection `{}` is accepted but never matches: request collections are non-empty strings",
                        snippet(&item.to_value().to_string())
                    ),
                )
                .help = Some("Kuzzle does not check collection types; write the collection name as a string".into());
            }
            continue;
        };
        if let Some(&first) = seen.get(name) {
            if cx.enabled(&DUPLICATE_COLLECTION) {
                let fix = crate::rules::remove::remove_element(
                    crate::rules::remove::Layout::of(cx.source, cx.document),
                    array,
                    k,
                )
                .map(|e| Fix::safe(e, format!("remove the second `{}`", snippet(name))));
                let d = cx.report(
                    &DUPLICATE_COLLECTION,
                    item.span,
                    &cptr,
                    format!("collection `{}` is listed twice", snippet(name)),
                );
                d.labels.push(Label::new(first, "first listed here"));
                d.help = Some("Kuzzle de-duplicates the list; remove the copy, or fix the name if another collection was meant".into());
                d.fix = fix.map(Box::new);
            }
            continue;
        }
        seen.insert(name, item.span);
        if name == "_kuzzle_keep" {
            if cx.enabled(&INVALID_NAME) {
                cx.report(
                    &INVALID_NAME,
                    item.span,
                    &cptr,
                    "`_kuzzle_keep` is reserved by Kuzzle for internal use",
                )
                .help = Some("Kuzzle refuses to create it (`services.storage.collection_reserved`); name a real collection".into());
            }
        } else if let Some(problem) = name_problem(name) {
            if cx.enabled(&INVALID_NAME) {
                cx.report(
                    &INVALID_NAME,
                    item.span,
                    &cptr,
                    format!("no collection can be named `{}`: {problem}", snippet(name)),
                )
                .help = Some(
                    name_help(
                        name,
                        "collection",
                        "services.storage.invalid_collection_name",
                    )
                    .into(),
                );
            }
        } else if let Some(cols) = known {
            if !cols.contains(name) && cx.enabled(&UNKNOWN_COLLECTION) {
                let list: Vec<&str> = cols.iter().map(String::as_str).collect();
                let help = format!(
                    "{}; {} (`services.storage.unknown_collection`)",
                    unknown_help(cx, name, "collection", &list),
                    strict_note(cx)
                );
                cx.report(
                    &UNKNOWN_COLLECTION,
                    item.span,
                    &cptr,
                    format!(
                        "collection `{}` does not exist in index `{}`",
                        snippet(name),
                        snippet(index.unwrap_or_default())
                    ),
                )
                .help = Some(help.into());
            }
        }
    }
    names
}

/// `base` followed by the member `name` (a name with no `~` or `/`, which JSON Pointer would
/// escape). Sized once: pointers are built for every node the rules visit.
fn member_pointer(base: &str, name: &str) -> String {
    let mut out = String::with_capacity(base.len() + 1 + name.len());
    out.push_str(base);
    out.push('/');
    out.push_str(name);
    out
}

/// `base` followed by the array index `i`, without the formatting machinery.
fn item_pointer(base: &str, i: usize) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = i;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let mut out = String::with_capacity(base.len() + 1 + digits.len() - at);
    out.push_str(base);
    out.push('/');
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
    out
}

#[cfg(test)]
mod pointer_tests {
    use super::*;

    #[test]
    fn pointers_are_written_as_format_would() {
        for i in [0, 1, 9, 10, 99, 100, 12345, usize::MAX] {
            assert_eq!(item_pointer("/policies", i), format!("/policies/{i}"));
            assert_eq!(item_pointer("", i), format!("/{i}"));
        }
        assert_eq!(
            member_pointer("/policies/0", "roleId"),
            "/policies/0/roleId"
        );
        assert_eq!(member_pointer("", "index"), "/index");
        assert_eq!(member_pointer("/a", "index"), pointer_join("/a", "index"));
    }
}
