//! Rules for `kuzzle-securities` files (`admin:loadSecurities`, `--securities`, kourou imports):
//! `{roles?, profiles?, users?}`. Every role and profile of the file is checked as if it were
//! sent on its own, with locations inside the file, and the references between them (profile
//! → role, user → profile) are checked against the file itself, Kuzzle's built-ins and the
//! inventory.

mod cross;

pub use cross::check_project;
pub(crate) use cross::RESTRICTED_INDEX_LESS_ROLE;

use crate::core::inventory::{BUILTIN_PROFILES, BUILTIN_ROLES};
use crate::declare_rule;
use crate::diagnostic::{did_you_mean, snippet, Diagnostic, Severity};
use crate::kind::Kind;
use crate::parse::{pointer_join, unescape_pointer_segment, Node, NodeValue};
use crate::rules::kuzzle_profile::INVALID_ID;
use crate::rules::kuzzle_role;
use crate::rules::{FixAvailability, RuleContext, RuleMeta};
use compact_str::CompactString;
use std::collections::{BTreeMap, BTreeSet, HashMap};

declare_rule! {
    /// ## What it does
    /// Flags a securities file whose top level, `roles`, `profiles` or `users` map, or one of
    /// their entries, is not an object, and a user without `content` or `content.profileIds`
    /// (an array).
    ///
    /// ## Why is this bad?
    /// Kuzzle refuses it (`api.assert.invalid_argument` "Invalid argument ... Expected: object",
    /// or `api.assert.missing_argument` "Missing argument "body.content"." for a user).
    ///
    /// Kuzzle loads roles, then profiles, then users, sends every entry of a kind at once and
    /// stops after the first kind that fails. There is no rollback: what was written before the
    /// failure stays, including the other entries of the failing kind.
    ///
    /// ## Example
    /// ```json
    /// {"roles": {"reader": true}, "users": {"jdoe": {"profileIds": ["default"]}}}
    /// ```
    /// Use instead:
    /// ```json
    /// {"roles": {"reader": {"controllers": {"document": {"actions": {"get": true}}}}},
    ///  "users": {"jdoe": {"content": {"profileIds": ["default"]}}}}
    /// ```
    pub static SECURITIES_INVALID_STRUCTURE = {
        code: "kuzzle/securities-invalid-structure",
        kinds: [Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "a securities file entry is not an object",
    }
}

declare_rule! {
    /// ## What it does
    /// Flags top-level keys of a securities file other than `roles`, `profiles` and `users`.
    ///
    /// ## Why is this bad?
    /// Kuzzle ignores them without a word: `{"role": {...}}` loads nothing and the load
    /// succeeds, so the mistake only shows when the missing rights are needed.
    ///
    /// ## Example
    /// ```json
    /// {"role": {"reader": {"controllers": {"document": {"actions": {"get": true}}}}}}
    /// ```
    /// Use instead:
    /// ```json
    /// {"roles": {"reader": {"controllers": {"document": {"actions": {"get": true}}}}}}
    /// ```
    ///
    /// ## Fix
    /// The closest known name is offered as an unsafe fix: shown in the output, never applied
    /// by `--fix`, because only the author knows which name was meant.
    pub static SECURITIES_UNKNOWN_KEY = {
        code: "kuzzle/securities-unknown-key",
        kinds: [Kind::KuzzleSecurities],
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
        summary: "a top-level key of a securities file that Kuzzle ignores",
    }
}

declare_rule! {
    /// ## What it does
    /// Flags a profile `roleId` that names no role of the file, no built-in role (`admin`,
    /// `default`, `anonymous`) and no role of the inventory (`--inventory`).
    ///
    /// ## Why is this bad?
    /// Kuzzle looks every role up before anything else and answers `security.role.not_found`.
    /// Roles are loaded before profiles, so a profile may use a role of the same file. Role
    /// ids are case-sensitive.
    ///
    /// A failing profile stops the load after the profiles: no user of the file is created,
    /// but the roles and the other profiles were already written (there is no rollback).
    ///
    /// ## Example
    /// ```json
    /// {"roles": {"reader": {"controllers": {"document": {"actions": {"get": true}}}}},
    ///  "profiles": {"readers": {"policies": [{"roleId": "Reader"}]}}}
    /// ```
    /// Use instead:
    /// ```json
    /// {"roles": {"reader": {"controllers": {"document": {"actions": {"get": true}}}}},
    ///  "profiles": {"readers": {"policies": [{"roleId": "reader"}]}}}
    /// ```
    ///
    /// ## Fix
    /// The closest known name is offered as an unsafe fix: shown in the output, never applied
    /// by `--fix`, because only the author knows which name was meant.
    pub static SECURITIES_UNKNOWN_ROLE = {
        code: "kuzzle/securities-unknown-role",
        kinds: [Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::Sometimes,
        summary: "a profile uses a role that is neither in the file, built in, nor in the inventory",
    }
}

declare_rule! {
    /// ## What it does
    /// Flags a user profile id (`content.profileIds`) that names no profile of the file, no
    /// built-in profile (`admin`, `default`, `anonymous`) and no profile of the inventory.
    ///
    /// ## Why is this bad?
    /// Kuzzle refuses the user with `security.profile.not_found`. Profiles are loaded before
    /// users, so a user may use a profile of the same file. Profile ids are case-sensitive.
    ///
    /// ## Example
    /// ```json
    /// {"users": {"jdoe": {"content": {"profileIds": ["editors"]}}}}
    /// ```
    /// Use instead: define `editors` under `profiles`, or use an existing profile.
    ///
    /// ## Fix
    /// The closest known name is offered as an unsafe fix: shown in the output, never applied
    /// by `--fix`, because only the author knows which name was meant.
    pub static SECURITIES_UNKNOWN_PROFILE = {
        code: "kuzzle/securities-unknown-profile",
        kinds: [Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::Sometimes,
        summary: "a user has a profile that is neither in the file, built in, nor in the inventory",
    }
}

declare_rule! {
    /// ## What it does
    /// Flags the anonymous user (kuid `-1`) when its `profileIds` do not include `anonymous`.
    ///
    /// ## Why is this bad?
    /// Every request without a token runs as user `-1`. Kuzzle refuses to save it without the
    /// `anonymous` profile (`security.user.anonymous_profile_required`).
    ///
    /// ## Example
    /// ```json
    /// {"users": {"-1": {"content": {"profileIds": ["default"]}}}}
    /// ```
    /// Use instead:
    /// ```json
    /// {"users": {"-1": {"content": {"profileIds": ["anonymous"]}}}}
    /// ```
    pub static SECURITIES_ANONYMOUS_USER = {
        code: "kuzzle/securities-anonymous-user-profile",
        kinds: [Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "the anonymous user must keep the anonymous profile",
    }
}

declare_rule! {
    /// ## What it does
    /// Flags `local` credentials that Kuzzle's local authentication plugin refuses: a missing
    /// or empty `username` or `password`, a `kuid` inside the credentials, and a `username` used
    /// by two users of the file.
    ///
    /// ## Why is this bad?
    /// The plugin refuses the credentials (a `BadRequestError` such as "Password required." or
    /// "kuid cannot be specified in credentials."), Kuzzle deletes the user it has just
    /// created, and the load fails. Two users with the same username are created at the same
    /// time: one of them fails (`services.storage.document_already_exists`) and is rolled back,
    /// and which one depends on timing.
    ///
    /// Password values are never shown in bodyguard's output.
    ///
    /// ## Example
    /// ```json
    /// {"users": {"jdoe": {"content": {"profileIds": ["default"]}, "credentials": {"local": {"username": "jdoe"}}}}}
    /// ```
    /// Use instead: give both `username` and `password` (better: create the credentials
    /// outside the file, so no password is committed).
    pub static SECURITIES_INVALID_CREDENTIALS = {
        code: "kuzzle/securities-invalid-credentials",
        kinds: [Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "`local` credentials the authentication plugin refuses",
    }
}

declare_rule! {
    /// ## What it does
    /// Flags user credentials for a strategy other than `local`, unless an inventory declares
    /// it (a plugin of that name).
    ///
    /// ## Why is this bad?
    /// Kuzzle itself only has the `local` strategy (its core authentication plugin). Any other
    /// strategy (`ldap`, `oauth`, ...) exists only when an authentication plugin registers it;
    /// otherwise Kuzzle answers `security.credentials.unknown_strategy` and the user is rolled
    /// back. bodyguard cannot know which plugins the target runs, so this is a warning, except
    /// for near misses of `local` (`Local`, `"local "`, `lcoal`), which no plugin provides:
    /// those are errors.
    ///
    /// ## Example
    /// ```json
    /// {"users": {"jdoe": {"content": {"profileIds": ["default"]}, "credentials": {"lcoal": {"username": "jdoe", "password": "..."}}}}}
    /// ```
    /// Use instead: `"local"`, or a strategy the target's plugins provide.
    pub static SECURITIES_UNKNOWN_STRATEGY = {
        code: "kuzzle/securities-unknown-strategy",
        kinds: [Kind::KuzzleSecurities],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "credentials for an authentication strategy Kuzzle does not have by itself",
    }
}

declare_rule! {
    /// ## What it does
    /// Points out a user without `credentials` (except the anonymous user `-1`).
    ///
    /// ## Why is this bad?
    /// Kuzzle creates the user, but nobody can log in as it until credentials are added
    /// (`security:createCredentials`) or an API key is created for it
    /// (`security:createApiKey`). That is sometimes intended (technical users, test fixtures),
    /// hence only an info.
    ///
    /// ## Example
    /// ```json
    /// {"users": {"jdoe": {"content": {"profileIds": ["default"]}}}}
    /// ```
    /// Use instead:
    /// ```json
    /// {"users": {"jdoe": {"content": {"profileIds": ["default"]},
    ///   "credentials": {"local": {"username": "jdoe", "password": "..."}}}}}
    /// ```
    pub static SECURITIES_USER_WITHOUT_CREDENTIALS = {
        code: "kuzzle/securities-user-without-credentials",
        kinds: [Kind::KuzzleSecurities],
        severity: Severity::Info,
        fix: FixAvailability::None,
        summary: "a user without credentials cannot log in",
    }
}

/// The rules of this pack, sorted by code.
pub static RULES: &[&RuleMeta] = &[
    &RESTRICTED_INDEX_LESS_ROLE,
    &SECURITIES_ANONYMOUS_USER,
    &SECURITIES_INVALID_CREDENTIALS,
    &SECURITIES_INVALID_STRUCTURE,
    &SECURITIES_UNKNOWN_KEY,
    &SECURITIES_UNKNOWN_PROFILE,
    &SECURITIES_UNKNOWN_ROLE,
    &SECURITIES_UNKNOWN_STRATEGY,
    &SECURITIES_USER_WITHOUT_CREDENTIALS,
];

const SECTIONS: [&str; 3] = ["roles", "profiles", "users"];

/// Fact key: a role id used by a policy that has a restriction (value = the role id, span =
/// the `roleId` value, pointer = its pointer). The profile pack records the same key.
pub const FACT_RESTRICTED_ROLE: &str = "kuzzle.restricted-role";

/// Sharpen schema findings on these bodies (name Kuzzle's own error id, ...).
pub(crate) fn refine_schema(root: &Node, diagnostics: &mut [Diagnostic]) {
    for d in diagnostics.iter_mut() {
        if d.meta.family() != "schema" {
            continue;
        }
        let segs: Vec<String> = d
            .pointer
            .split('/')
            .skip(1)
            .map(|s| unescape_pointer_segment(s).into_owned())
            .collect();
        let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
        let refined = match (segs.as_slice(), d.meta.code) {
            ([], "schema/type") => Some((
                "a securities file must be an object `{\"roles\", \"profiles\", \"users\"}`".to_string(),
                "Kuzzle answers `api.assert.invalid_argument` \"Invalid argument ... Expected: object\"".to_string(),
            )),
            ([section], "schema/type") if SECTIONS.contains(section) => Some((
                format!("`{section}` must be an object keyed by id"),
                format!("write `\"{section}\": {{\"<id>\": {{...}}}}`; Kuzzle answers `api.assert.invalid_argument` \"Invalid argument ... Expected: object\" and loads nothing from here on"),
            )),
            ([section, id], "schema/type") if SECTIONS.contains(section) => Some((
                format!("{} `{}` must be an object", singular(section), snippet(id)),
                format!("Kuzzle answers `api.assert.invalid_argument` \"Invalid argument ... Expected: object\"; the {section} sent before it are still written"),
            )),
            (["users", id, "content"], "schema/required") => Some((
                format!("user `{}` has no `content`", snippet(id)),
                "put `profileIds` (and custom fields) under `content`: `{\"content\": {\"profileIds\": [...]}}`; Kuzzle answers `api.assert.missing_argument` \"Missing argument \"body.content\".\"".to_string(),
            )),
            (["users", id, "content", "profileIds"], "schema/required") => Some((
                format!("user `{}` has no `profileIds`", snippet(id)),
                "add `\"profileIds\": [\"<profile id>\"]` to `content`; Kuzzle answers `api.assert.missing_argument` \"Missing argument \"body.content.profileIds\".\"".to_string(),
            )),
            (["users", id, "content", "profileIds"], "schema/type") => Some((
                format!("`profileIds` of user `{}` must be an array of profile ids", snippet(id)),
                "write `[\"<profile id>\"]`; Kuzzle answers `api.assert.invalid_type` \"Wrong type for argument \"body.content.profileIds\" (expected: array)\"".to_string(),
            )),
            _ => None,
        };
        // `null`, `false`, `0` and `""` sections are skipped by Kuzzle without a word.
        let falsy = match segs.as_slice() {
            [section] if SECTIONS.contains(section) && d.meta.code == "schema/type" => {
                root.get(section).filter(|v| is_falsy(v))
            }
            _ => None,
        };
        if let Some(v) = falsy {
            let section = &segs[0];
            d.meta = &SECURITIES_INVALID_STRUCTURE;
            d.severity = Severity::Warning;
            d.message = format!(
                "`{section}` is `{}`: Kuzzle skips it and loads no {}",
                v.to_value(),
                singular(section)
            )
            .into();
            d.help = Some(
                format!("remove it, or write `\"{section}\": {{\"<id>\": {{...}}}}`; the load succeeds without it").into(),
            );
            continue;
        }
        if let Some((message, help)) = refined {
            d.meta = &SECURITIES_INVALID_STRUCTURE;
            d.severity = SECURITIES_INVALID_STRUCTURE.severity;
            d.message = message.into();
            d.help = Some(help.into());
        }
    }
    // Each role and profile refines only the findings under it: grouped once by
    // `/roles/<id>` or `/profiles/<id>`, so the pass stays linear in the findings.
    let mut groups: std::collections::HashMap<String, Vec<&mut Diagnostic>> =
        std::collections::HashMap::new();
    for d in diagnostics.iter_mut() {
        if d.meta.family() != "schema" {
            continue;
        }
        if let Some(prefix) = entry_prefix(&d.pointer).map(str::to_string) {
            groups.entry(prefix).or_default().push(d);
        }
    }
    if groups.is_empty() {
        return;
    }
    // A repeated id: its findings go to the last one, the one Kuzzle keeps.
    if let Some(roles) = root.get("roles").and_then(Node::as_object) {
        for m in roles.iter().rev() {
            let prefix = pointer_join("/roles", &m.key);
            if let Some(group) = groups.remove(&prefix) {
                kuzzle_role::refine_role_schema(&m.value, &prefix, Some(&m.key), group);
            }
        }
    }
    if let Some(profiles) = root.get("profiles").and_then(Node::as_object) {
        for m in profiles.iter().rev() {
            let prefix = pointer_join("/profiles", &m.key);
            if let Some(group) = groups.remove(&prefix) {
                crate::rules::kuzzle_profile::refine_profile_schema(&m.value, &prefix, group);
            }
        }
    }
}

/// JavaScript's falsy JSON values: `null`, `false`, `0`, `""`.
fn is_falsy(v: &Node) -> bool {
    match &v.value {
        NodeValue::Null => true,
        NodeValue::Bool(b) => !b,
        NodeValue::Number(n) => n.parse::<f64>().is_ok_and(|n| n == 0.0),
        NodeValue::String(s) => s.is_empty(),
        _ => false,
    }
}

/// `/roles/<id>` or `/profiles/<id>` of a pointer under a role or a profile.
fn entry_prefix(pointer: &str) -> Option<&str> {
    let rest = pointer
        .strip_prefix("/roles/")
        .or_else(|| pointer.strip_prefix("/profiles/"))?;
    let end = pointer.len() - rest.len() + rest.find('/').unwrap_or(rest.len());
    Some(&pointer[..end])
}

fn singular(section: &str) -> &'static str {
    match section {
        "roles" => "role",
        "profiles" => "profile",
        _ => "user",
    }
}

/// Adapter to the profile pack's rules for one profile of the file.
fn check_one_profile(
    cx: &mut RuleContext<'_>,
    profile: &Node,
    pointer: &str,
    profile_id: Option<&str>,
) {
    crate::rules::kuzzle_profile::check_profile(cx, profile, pointer, profile_id)
}

/// What the ids of the file resolve against.
/// Ids are [`CompactString`]s: inline up to 24 bytes, a big file has tens of thousands.
struct Known {
    roles: BTreeSet<CompactString>,
    profiles: BTreeSet<CompactString>,
    /// Lowercased id → id, to call out case-only mismatches without a scan per finding.
    roles_lower: HashMap<CompactString, CompactString>,
    profiles_lower: HashMap<CompactString, CompactString>,
    /// Whether an inventory contributed roles / profiles (for messages).
    inventory_roles: bool,
    inventory_profiles: bool,
}

impl Known {
    fn of(cx: &RuleContext<'_>) -> Known {
        let mut roles: BTreeSet<CompactString> = BUILTIN_ROLES
            .iter()
            .map(|s| CompactString::new(s))
            .collect();
        let mut profiles: BTreeSet<CompactString> = BUILTIN_PROFILES
            .iter()
            .map(|s| CompactString::new(s))
            .collect();
        let inv = cx.settings.inventory.as_deref();
        let inv_roles = inv.and_then(|i| i.roles.as_ref());
        let inv_profiles = inv.and_then(|i| i.profiles.as_ref());
        roles.extend(inv_roles.into_iter().flatten().map(CompactString::new));
        // Roles plugins register (`[[plugins]] roles` in bodyguard.toml).
        roles.extend(
            inv.into_iter()
                .flat_map(|i| &i.plugin_roles)
                .map(CompactString::new),
        );
        profiles.extend(inv_profiles.into_iter().flatten().map(CompactString::new));
        for (section, set) in [("roles", &mut roles), ("profiles", &mut profiles)] {
            if let Some(ms) = cx.root.get(section).and_then(Node::as_object) {
                set.extend(ms.iter().map(|m| CompactString::new(&m.key)));
            }
        }
        let lower = |set: &BTreeSet<CompactString>| {
            set.iter().map(|k| (k.to_lowercase(), k.clone())).collect()
        };
        Known {
            roles_lower: lower(&roles),
            profiles_lower: lower(&profiles),
            roles,
            profiles,
            inventory_roles: inv_roles.is_some(),
            inventory_profiles: inv_profiles.is_some(),
        }
    }
}

/// Run the rules on a whole body.
pub(crate) fn check(cx: &mut RuleContext<'_>) {
    let root = cx.root;
    let Some(members) = root.as_object() else {
        return;
    };
    for m in members {
        if crate::kind::SECURITIES_KEYS.contains(&m.key.as_str()) || m.key == "$schema" {
            continue;
        }
        if cx.enabled(&SECURITIES_UNKNOWN_KEY) {
            let suggestion = did_you_mean(&m.key, SECTIONS);
            let d = cx.report(
                &SECURITIES_UNKNOWN_KEY,
                m.key_span,
                &pointer_join("", &m.key),
                format!(
                    "unknown key `{}`: Kuzzle ignores it and loads nothing from it",
                    snippet(&m.key)
                ),
            );
            d.help = Some(match suggestion {
                Some(s) => format!("did you mean `{s}`?").into(),
                None => "a securities file only has `roles`, `profiles` and `users` (an import file also `mappings` and `userMappings`)".into(),
            });
            if let Some(s) = suggestion {
                if root.get(s).is_none() {
                    d.fix = Some(Box::new(crate::core::edit::Fix::unsafe_(
                        vec![crate::core::edit::Edit::replace(
                            m.key_span,
                            format!("\"{s}\""),
                        )],
                        format!("rename the key to `{s}`"),
                    )));
                }
            }
        }
    }
    // Role and profile ids are document ids (users get a generated one when empty).
    for section in ["roles", "profiles"] {
        if !cx.enabled(&INVALID_ID) {
            break;
        }
        for m in root
            .get(section)
            .and_then(Node::as_object)
            .unwrap_or_default()
        {
            let what = singular(section);
            let (message, help): (String, &str) = if m.key.is_empty() {
                (
                    format!("the {what} id is empty"),
                    "Kuzzle answers `api.assert.missing_argument` \"Missing argument \"_id\".\"",
                )
            } else if m.key == "_search" {
                (
                    format!("no {what} can be named `_search`"),
                    "Kuzzle answers `services.storage.search_as_an_id`",
                )
            } else if m.key.len() > crate::rules::kuzzle_profile::MAX_ID_BYTES {
                (
                    format!("the {what} id is {} bytes long", m.key.len()),
                    "Elasticsearch refuses document ids longer than 512 bytes (UTF-8)",
                )
            } else {
                continue;
            };
            cx.report(
                &INVALID_ID,
                m.key_span,
                &pointer_join(&format!("/{section}"), &m.key),
                message,
            )
            .help = Some(help.into());
        }
    }
    let known = Known::of(cx);
    // Roles: each checked as a role body, and remembered for the cross-file rule.
    let mut index_less: BTreeMap<String, crate::source::Span> = BTreeMap::new();
    if let Some(roles) = root.get("roles").and_then(Node::as_object) {
        for m in roles {
            if m.value.as_object().is_none() {
                continue;
            }
            let pointer = pointer_join("/roles", &m.key);
            kuzzle_role::check_role(cx, &m.value, &pointer, Some(&m.key));
            kuzzle_role::record_role_facts(cx, &m.value, &pointer, &m.key, m.key_span);
            if let Some(c) = kuzzle_role::index_less_grant(&m.value) {
                index_less.insert(m.key.to_string(), c.key_span);
            }
        }
    }
    if let Some(profiles) = root.get("profiles").and_then(Node::as_object) {
        // The profile pack checks each profile; role references are checked here, against the
        // file's roles too, so its inventory-based role check is switched off for them.
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
            if m.value.as_object().is_none() {
                continue;
            }
            let pointer = pointer_join("/profiles", &m.key);
            {
                let mut sub = RuleContext::new(
                    cx.source,
                    cx.document,
                    cx.root,
                    cx.kind,
                    &settings,
                    &mut *cx.diagnostics,
                );
                sub.request = cx.request;
                check_one_profile(&mut sub, &m.value, &pointer, Some(&m.key));
                let facts = std::mem::take(&mut sub.facts);
                cx.facts.extend(facts);
            }
            check_profile_roles(cx, &m.value, &pointer, &known, &index_less);
        }
    }
    if let Some(users) = root.get("users").and_then(Node::as_object) {
        check_users(cx, users, &known);
    }
}

/// Role references of one profile, and the restricted-policy facts.
fn check_profile_roles(
    cx: &mut RuleContext<'_>,
    profile: &Node,
    pointer: &str,
    known: &Known,
    index_less: &BTreeMap<String, crate::source::Span>,
) {
    let Some(policies) = profile.get("policies").and_then(Node::as_array) else {
        return;
    };
    for (i, policy) in policies.iter().enumerate() {
        let Some(role) = policy.get("roleId") else {
            continue;
        };
        let Some(role_id) = role.as_str() else {
            continue;
        };
        let ppointer = format!("{pointer}/policies/{i}/roleId");
        if !known.roles.contains(role_id) && cx.enabled(&SECURITIES_UNKNOWN_ROLE) {
            report_unknown(
                cx,
                &SECURITIES_UNKNOWN_ROLE,
                role,
                &ppointer,
                role_id,
                (&known.roles, &known.roles_lower),
                Reference::Role,
                known.inventory_roles,
            );
        }
        // The profile pack has recorded the restricted-policy fact (`FACT_RESTRICTED_ROLE`).
        if is_restricted(policy) {
            if let Some(grant) = index_less.get(role_id) {
                if cx.enabled(&RESTRICTED_INDEX_LESS_ROLE) {
                    cross::report_in_file(cx, role, &ppointer, role_id, *grant);
                }
            }
        }
    }
}

/// A policy with at least one restriction naming an index (an empty `restrictedTo` or
/// restrictions without index leave the policy unrestricted: another rule covers that).
pub(crate) fn is_restricted(policy: &Node) -> bool {
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

/// What an unknown id refers to.
#[derive(Clone, Copy)]
enum Reference {
    Role,
    Profile,
}

impl Reference {
    fn what(self) -> &'static str {
        match self {
            Reference::Role => "role",
            Reference::Profile => "profile",
        }
    }
    fn kuzzle_error(self) -> &'static str {
        match self {
            Reference::Role => "security.role.not_found",
            Reference::Profile => "security.profile.not_found",
        }
    }
    fn label(self) -> &'static str {
        match self {
            Reference::Role => "no such role",
            Reference::Profile => "no such profile",
        }
    }
    /// The help when nothing close exists: fixed texts, as a big file can have many.
    fn not_found_help(self, from_inventory: bool) -> &'static str {
        match (self, from_inventory) {
            (Reference::Role, true) => {
                "no role of that id in the file, the built-ins or the inventory; Kuzzle answers `security.role.not_found`"
            }
            (Reference::Role, false) => {
                "no role of that id in the file or the built-ins (`admin`, `default`, `anonymous`); pass `--inventory` to know the target's, or declare a plugin's roles in bodyguard.toml (`[[plugins]] roles`); Kuzzle answers `security.role.not_found`"
            }
            (Reference::Profile, true) => {
                "no profile of that id in the file, the built-ins or the inventory; Kuzzle answers `security.profile.not_found`"
            }
            (Reference::Profile, false) => {
                "no profile of that id in the file or the built-ins (`admin`, `default`, `anonymous`); pass `--inventory` to know the target's; Kuzzle answers `security.profile.not_found`"
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn report_unknown(
    cx: &mut RuleContext<'_>,
    rule: &'static RuleMeta,
    node: &Node,
    pointer: &str,
    id: &str,
    (known, known_lower): (
        &BTreeSet<CompactString>,
        &HashMap<CompactString, CompactString>,
    ),
    reference: Reference,
    from_inventory: bool,
) {
    let (what, kuzzle_error) = (reference.what(), reference.kuzzle_error());
    let case_match = known_lower.get(id.to_lowercase().as_str());
    let suggestion = case_match
        .map(CompactString::as_str)
        .or_else(|| cx.suggest(id, known.iter().map(CompactString::as_str)));
    let help: std::borrow::Cow<'static, str> = match (case_match, suggestion) {
        (Some(k), _) => format!(
            "ids are case-sensitive: `{}` exists; Kuzzle answers `{kuzzle_error}`",
            snippet(k)
        )
        .into(),
        (None, Some(s)) => format!(
            "did you mean `{}`? Kuzzle answers `{kuzzle_error}`",
            snippet(s)
        )
        .into(),
        (None, None) => reference.not_found_help(from_inventory).into(),
    };
    let fix = suggestion.map(|s| {
        crate::core::edit::Fix::unsafe_(
            vec![crate::core::edit::Edit::replace(
                node.span,
                format!("\"{s}\""),
            )],
            format!("use {what} `{s}`"),
        )
    });
    let d = cx.report(
        rule,
        node.span,
        pointer,
        format!("unknown {what} `{}`", snippet(id)),
    );
    d.help = Some(help);
    d.fix = fix.map(Box::new);
    d.label = Some(compact_str::CompactString::const_new(reference.label()));
}

fn check_users(cx: &mut RuleContext<'_>, users: &[crate::parse::Member], known: &Known) {
    let mut usernames: BTreeMap<String, crate::source::Span> = BTreeMap::new();
    for u in users {
        let upointer = pointer_join("/users", &u.key);
        let Some(user) = u.value.as_object().map(|_| &u.value) else {
            continue;
        };
        let profile_ids = user.get("content").and_then(|c| c.get("profileIds"));
        if let Some(ids) = profile_ids.and_then(Node::as_array) {
            for (i, idn) in ids.iter().enumerate() {
                let Some(id) = idn.as_str() else { continue };
                if !known.profiles.contains(id) && cx.enabled(&SECURITIES_UNKNOWN_PROFILE) {
                    report_unknown(
                        cx,
                        &SECURITIES_UNKNOWN_PROFILE,
                        idn,
                        &format!("{upointer}/content/profileIds/{i}"),
                        id,
                        (&known.profiles, &known.profiles_lower),
                        Reference::Profile,
                        known.inventory_profiles,
                    );
                }
            }
            if u.key == "-1"
                && !ids.iter().any(|n| n.as_str() == Some("anonymous"))
                && cx.enabled(&SECURITIES_ANONYMOUS_USER)
            {
                let ptr = profile_ids.map(|n| n.span).unwrap_or(u.key_span);
                cx.report(
                    &SECURITIES_ANONYMOUS_USER,
                    ptr,
                    &format!("{upointer}/content/profileIds"),
                    "the anonymous user `-1` must keep the `anonymous` profile",
                )
                .help = Some(
                    "add `\"anonymous\"` to its `profileIds`; Kuzzle answers `security.user.anonymous_profile_required`"
                        .into(),
                );
            }
        }
        match user.member("credentials") {
            None => {
                // The anonymous user `-1` is used without logging in, by design.
                if u.key != "-1" && cx.enabled(&SECURITIES_USER_WITHOUT_CREDENTIALS) {
                    cx.report(
                        &SECURITIES_USER_WITHOUT_CREDENTIALS,
                        u.key_span,
                        &upointer,
                        format!("user `{}` has no credentials: nobody can log in as it", snippet(&u.key)),
                    )
                    .help = Some(
                        "add `\"credentials\": {\"local\": {\"username\": ..., \"password\": ...}}`, or create credentials or an API key for it later"
                            .into(),
                    );
                }
            }
            Some(creds)
                if creds.value.as_object().is_some_and(<[_]>::is_empty)
                    && u.key != "-1"
                    && cx.enabled(&SECURITIES_USER_WITHOUT_CREDENTIALS) =>
            {
                cx.report(
                    &SECURITIES_USER_WITHOUT_CREDENTIALS,
                    creds.key_span,
                    &format!("{upointer}/credentials"),
                    format!(
                        "user `{}` has empty credentials: nobody can log in as it",
                        snippet(&u.key)
                    ),
                )
                .help = Some(
                    "add `\"local\": {\"username\": ..., \"password\": ...}`, or create credentials or an API key for it later"
                        .into(),
                );
            }
            Some(creds) => {
                check_strategies(cx, &creds.value, &upointer);
                if let Some(local) = creds.value.get("local") {
                    let cpointer = format!("{upointer}/credentials/local");
                    check_local_credentials(
                        cx,
                        local,
                        local_span(creds),
                        &cpointer,
                        &mut usernames,
                    );
                }
            }
        }
    }
}

fn check_strategies(cx: &mut RuleContext<'_>, creds: &Node, upointer: &str) {
    if !cx.enabled(&SECURITIES_UNKNOWN_STRATEGY) {
        return;
    }
    let declared = |name: &str| {
        cx.settings
            .inventory
            .as_deref()
            .is_some_and(|inv| inv.plugins.contains(name))
    };
    let unknown: Vec<&crate::parse::Member> = creds
        .as_object()
        .unwrap_or_default()
        .iter()
        .filter(|m| m.key != "local" && !declared(&m.key))
        .collect();
    for m in unknown {
        // `Local`, `"local "`: no plugin registers those, they are mistakes for `local`.
        // Case, spaces or two edits away from `local` (`lcoal` is a swap).
        let near_miss =
            crate::diagnostic::levenshtein(&m.key.trim().to_ascii_lowercase(), "local") <= 2;
        let suggestion = did_you_mean(&m.key, ["local"]).or(near_miss.then_some("local"));
        let d = cx.report(
            &SECURITIES_UNKNOWN_STRATEGY,
            m.key_span,
            &pointer_join(&format!("{upointer}/credentials"), &m.key),
            format!(
                "authentication strategy `{}` is not built into Kuzzle",
                snippet(&m.key)
            ),
        );
        if near_miss {
            d.severity = Severity::Error;
            d.help = Some(
                "did you mean `local`? strategy names are exact; Kuzzle answers `security.credentials.unknown_strategy` and the user is rolled back"
                    .into(),
            );
            continue;
        }
        d.help = Some(match suggestion {
            Some(s) => format!(
                "did you mean `{s}`? Kuzzle answers `security.credentials.unknown_strategy` unless a plugin provides this strategy"
            ).into(),
            None => "make sure an authentication plugin of the target provides it; otherwise Kuzzle answers `security.credentials.unknown_strategy`".into(),
        });
    }
}

fn local_span(creds: &crate::parse::Member) -> crate::source::Span {
    creds
        .value
        .member("local")
        .map(|m| m.key_span)
        .unwrap_or(creds.key_span)
}

fn check_local_credentials(
    cx: &mut RuleContext<'_>,
    local: &Node,
    key_span: crate::source::Span,
    pointer: &str,
    usernames: &mut BTreeMap<String, crate::source::Span>,
) {
    if !cx.enabled(&SECURITIES_INVALID_CREDENTIALS) || local.as_object().is_none() {
        return;
    }
    for field in ["username", "password"] {
        let value = local.get(field);
        // The plugin wants a truthy username (any type but an array, which the storage
        // refuses) and a non-empty string password.
        let ok = match (field, value.map(|v| &v.value)) {
            (_, Some(NodeValue::String(s))) => !s.is_empty(),
            ("username", Some(NodeValue::Number(n))) => n.parse::<f64>().is_ok_and(|n| n != 0.0),
            ("username", Some(NodeValue::Bool(b))) => *b,
            ("username", Some(NodeValue::Object(_))) => true,
            _ => false,
        };
        if ok && field == "username" && value.is_some_and(|v| v.as_str().is_none()) {
            let v = value.expect("checked");
            let d = cx.report(
                &SECURITIES_INVALID_CREDENTIALS,
                v.span,
                &pointer_join(pointer, field),
                format!(
                    "`local` credentials: `username` is {}, not a string",
                    v.type_name()
                ),
            );
            d.severity = Severity::Warning;
            d.help = Some(
                "Kuzzle's local authentication plugin accepts it as is, but a login name is typed as a string: write it as one"
                    .into(),
            );
            continue;
        }
        if !ok {
            let (span, what) = match local.member(field) {
                Some(m) => (m.value.span, "must be a non-empty string"),
                None => (key_span, "is missing"),
            };
            let answer = if field == "password" {
                "a `BadRequestError` \"Password required.\""
            } else {
                "a `BadRequestError`"
            };
            cx.report(
                &SECURITIES_INVALID_CREDENTIALS,
                span,
                &pointer_join(pointer, field),
                format!("`local` credentials: `{field}` {what}"),
            )
            .help = Some(format!(
                "give both `username` and `password`; Kuzzle's local authentication plugin answers {answer} and the user is rolled back"
            ).into());
        }
    }
    if let Some(m) = local.member("kuid") {
        cx.report(
            &SECURITIES_INVALID_CREDENTIALS,
            m.key_span,
            &pointer_join(pointer, "kuid"),
            "`kuid` cannot be set in credentials",
        )
        .help = Some(
            "remove it: the user's key in the file is its kuid; the plugin answers \"kuid cannot be specified in credentials.\""
                .into(),
        );
    }
    if let Some(name) = local.get("username") {
        if let Some(s) = name.as_str().filter(|s| !s.is_empty()) {
            if let Some(first) = usernames.get(s).copied() {
                let d = cx.report(
                    &SECURITIES_INVALID_CREDENTIALS,
                    name.span,
                    &pointer_join(pointer, "username"),
                    format!("username `{}` is used by two users", snippet(s)),
                );
                d.help = Some(
                    "give each user its own username: one of the two is refused (`services.storage.document_already_exists`) and rolled back"
                        .into(),
                );
                d.labels
                    .push(crate::diagnostic::Label::new(first, "first used here"));
            } else {
                usernames.insert(s.to_string(), name.span);
            }
        }
    }
}
