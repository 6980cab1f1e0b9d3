//! What the rules of a securities file look at, computed once per file: the ids the file's
//! references resolve against, its policies' role references and its users.

use crate::core::diagnostic::snippet;
use crate::core::inventory::{BUILTIN_PROFILES, BUILTIN_ROLES};
use crate::core::pointer::{pointer_join, push_index};
use crate::core::source::Span;
use crate::core::RuleMeta;
use crate::parse::{Member, Node};
use crate::rules::RuleContext;
use compact_str::CompactString;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

/// A securities file as its rules see it.
pub struct Securities<'a> {
    /// The whole body.
    pub root: &'a Node,
    /// Its top-level members.
    pub members: &'a [Member],
    /// The entries of `roles` (empty when it is not an object).
    pub roles: &'a [Member],
    /// The entries of `profiles` (empty when it is not an object).
    pub profiles: &'a [Member],
    /// What the ids of the file resolve against.
    pub known: Known,
    /// Role id → the key of its first controller that carries no index and grants an action
    /// (roles of the file only).
    pub index_less: BTreeMap<String, Span>,
    /// The `roleId` strings of the policies of the file's profiles, in order.
    pub policies: Vec<PolicyRef<'a>>,
    /// The users whose value is an object, in order.
    pub users: Vec<User<'a>>,
}

/// One `roleId` of a policy of a profile of the file.
pub struct PolicyRef<'a> {
    /// The `roleId` value.
    pub role: &'a Node,
    /// Its text.
    pub role_id: &'a str,
    /// Its pointer.
    pub pointer: String,
    /// Whether the policy is restricted to an index ([`super::is_restricted`]).
    pub restricted: bool,
}

/// One user of the file.
pub struct User<'a> {
    /// The entry (key = kuid).
    pub member: &'a Member,
    /// Its pointer.
    pub pointer: String,
    /// `content.profileIds` when it is an array.
    pub profile_ids_node: Option<&'a Node>,
    /// Its items (empty when it is not an array).
    pub profile_ids: &'a [Node],
    /// The `credentials` member.
    pub credentials: Option<&'a Member>,
}

impl<'a> Securities<'a> {
    /// The view of `cx`'s body (`None` when it is not an object).
    pub(crate) fn of(cx: &RuleContext<'a>) -> Option<Self> {
        let root = cx.root;
        let members = root.as_object()?;
        let section = |name: &str| root.get(name).and_then(Node::as_object).unwrap_or_default();
        let (roles, profiles) = (section("roles"), section("profiles"));
        let mut index_less = BTreeMap::new();
        for m in roles {
            if m.value.as_object().is_none() {
                continue;
            }
            if let Some(c) = crate::rules::kuzzle_role::index_less_grant(&m.value) {
                index_less.insert(m.key.to_string(), c.key_span);
            }
        }
        let mut policies = Vec::new();
        for m in profiles {
            if m.value.as_object().is_none() {
                continue;
            }
            let Some(list) = m.value.get("policies").and_then(Node::as_array) else {
                continue;
            };
            let pointer = pointer_join("/profiles", &m.key);
            for (i, policy) in list.iter().enumerate() {
                let Some(role) = policy.get("roleId") else {
                    continue;
                };
                let Some(role_id) = role.as_str() else {
                    continue;
                };
                let mut at = String::with_capacity(pointer.len() + 24);
                at.push_str(&pointer);
                at.push_str("/policies");
                push_index(&mut at, i);
                at.push_str("/roleId");
                policies.push(PolicyRef {
                    role,
                    role_id,
                    pointer: at,
                    restricted: super::is_restricted(policy),
                });
            }
        }
        let users = section("users")
            .iter()
            .filter(|u| u.value.as_object().is_some())
            .map(|u| {
                let ids = u
                    .value
                    .get("content")
                    .and_then(|c| c.get("profileIds"))
                    .filter(|n| n.as_array().is_some());
                User {
                    member: u,
                    pointer: pointer_join("/users", &u.key),
                    profile_ids_node: ids,
                    profile_ids: ids.and_then(Node::as_array).unwrap_or_default(),
                    credentials: u.value.member("credentials"),
                }
            })
            .collect();
        Some(Securities {
            root,
            members,
            roles,
            profiles,
            known: Known::of(cx),
            index_less,
            policies,
            users,
        })
    }
}

/// What the ids of the file resolve against.
/// Ids are [`CompactString`]s: inline up to 24 bytes, a big file has tens of thousands.
pub struct Known {
    pub roles: BTreeSet<CompactString>,
    pub profiles: BTreeSet<CompactString>,
    /// Lowercased id → id, to call out case-only mismatches without a scan per finding;
    /// built on the first unknown id (most files have none).
    roles_lower: OnceLock<HashMap<CompactString, CompactString>>,
    profiles_lower: OnceLock<HashMap<CompactString, CompactString>>,
    /// Whether an inventory contributed roles / profiles (for messages).
    pub inventory_roles: bool,
    pub inventory_profiles: bool,
}

impl Known {
    pub fn of(cx: &RuleContext<'_>) -> Known {
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
        Known {
            roles_lower: OnceLock::new(),
            profiles_lower: OnceLock::new(),
            roles,
            profiles,
            inventory_roles: inv_roles.is_some(),
            inventory_profiles: inv_profiles.is_some(),
        }
    }
}

impl Known {
    /// Lowercased role id → role id.
    pub fn roles_lower(&self) -> &HashMap<CompactString, CompactString> {
        self.roles_lower.get_or_init(|| lower(&self.roles))
    }
    /// Lowercased profile id → profile id.
    pub fn profiles_lower(&self) -> &HashMap<CompactString, CompactString> {
        self.profiles_lower.get_or_init(|| lower(&self.profiles))
    }
}

fn lower(set: &BTreeSet<CompactString>) -> HashMap<CompactString, CompactString> {
    set.iter().map(|k| (k.to_lowercase(), k.clone())).collect()
}

/// What an unknown id refers to.
#[derive(Clone, Copy)]
pub enum Reference {
    /// A `roleId`.
    Role,
    /// A `profileIds` item.
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
pub fn report_unknown(
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
    d.help = Some(help.into());
    d.fix = fix.map(Box::new);
    d.label = Some(reference.label().into());
}
