//! What the rules of a securities file look at, computed once per file: the ids the file's
//! references resolve against, its policies' role references and its users.

use crate::core::diagnostic::snippet;
use crate::core::inventory::{BUILTIN_PROFILES, BUILTIN_ROLES};
use crate::core::pointer::{pointer_join, push_index};
use crate::core::source::Span;
use crate::core::RuleMeta;
use crate::parse::{Items, Member, Members, Node};
use crate::rules::RuleContext;
use std::collections::HashMap;
use std::sync::OnceLock;

/// A securities file as its rules see it.
pub struct Securities<'a> {
    /// The whole body.
    pub root: Node<'a>,
    /// Its top-level members.
    pub members: Members<'a>,
    /// The entries of `roles` (empty when it is not an object).
    pub roles: Members<'a>,
    /// The entries of `profiles` (empty when it is not an object).
    pub profiles: Members<'a>,
    /// What the ids of the file resolve against.
    pub known: Known<'a>,
    /// Role id → the key of its first controller that carries no index and grants an action
    /// (roles of the file only).
    pub index_less: foldhash::HashMap<&'a str, Span>,
    /// The `roleId` strings of the policies of the file's profiles, in order (see
    /// [`Securities::policies`]).
    policies: Vec<PolicyRecord>,
    /// The users whose value is an object, in order.
    pub users: Vec<User<'a>>,
}

/// A [`PolicyRef`] as the view keeps it: 12 bytes of record ids, where the handles took 64
/// (a securities file can hold hundreds of thousands of policies).
struct PolicyRecord {
    /// [`Member::id`] of the `roleId` member.
    role: u32,
    /// [`Member::id`] of the profile entry.
    profile: u32,
    /// The index of the policy in the profile's `policies`, and [`RESTRICTED`].
    policy: u32,
}

/// The bit of [`PolicyRecord::policy`] set when the policy is restricted.
const RESTRICTED: u32 = 1 << 31;

const _: () = assert!(std::mem::size_of::<PolicyRecord>() == 12);

/// One `roleId` of a policy of a profile of the file.
pub struct PolicyRef<'a> {
    /// The `roleId` value.
    pub role: Node<'a>,
    /// Its text.
    pub role_id: &'a str,
    /// The profile entry.
    profile: Member<'a>,
    /// The index of the policy in the profile's `policies`.
    policy: usize,
    /// Whether the policy is restricted to an index ([`super::is_restricted`]).
    pub restricted: bool,
}

/// One user of the file: its entry (key = kuid). What the rules read of it is found again
/// on each call (a user is a small object), so that a file of many users keeps 16 bytes a
/// user.
pub struct User<'a> {
    /// The entry (key = kuid).
    pub member: Member<'a>,
}

impl<'a> User<'a> {
    /// `content.profileIds` when it is an array.
    pub fn profile_ids_node(&self) -> Option<Node<'a>> {
        self.member
            .value()
            .get("content")
            .and_then(|c| c.get("profileIds"))
            .filter(|n| n.as_array().is_some())
    }
    /// The items of `content.profileIds` (empty when it is not an array).
    pub fn profile_ids(&self) -> Items<'a> {
        self.profile_ids_node()
            .and_then(Node::as_array)
            .unwrap_or_default()
    }
    /// The `credentials` member.
    pub fn credentials(&self) -> Option<Member<'a>> {
        self.member.value().member("credentials")
    }
}

impl<'a> Securities<'a> {
    /// The `roleId` strings of the policies of the file's profiles, in order.
    pub fn policies(&self) -> impl Iterator<Item = PolicyRef<'a>> + '_ {
        let profiles = self.profiles;
        self.policies.iter().map(move |r| {
            let role = profiles.with_id(r.role as usize).value();
            PolicyRef {
                role,
                role_id: role.as_str().unwrap_or_default(),
                profile: profiles.with_id(r.profile as usize),
                policy: (r.policy & !RESTRICTED) as usize,
                restricted: r.policy & RESTRICTED != 0,
            }
        })
    }
}

impl PolicyRef<'_> {
    /// The pointer of the `roleId` (built for a finding only: a big file has thousands).
    pub fn pointer(&self) -> String {
        let mut at = pointer_join("/profiles", self.profile.key());
        at.push_str("/policies");
        push_index(&mut at, self.policy);
        at.push_str("/roleId");
        at
    }
}

impl User<'_> {
    /// The pointer of the user (built for a finding only).
    pub fn pointer(&self) -> String {
        pointer_join("/users", self.member.key())
    }
}

impl<'a> Securities<'a> {
    /// The view of `cx`'s body (`None` when it is not an object).
    pub(crate) fn of(cx: &RuleContext<'a>) -> Option<Self> {
        let root = cx.root;
        let members = root.as_object()?;
        let section = |name: &str| root.get(name).and_then(Node::as_object).unwrap_or_default();
        let (roles, profiles) = (section("roles"), section("profiles"));
        let mut index_less = foldhash::HashMap::default();
        for m in roles {
            if m.value().as_object().is_none() {
                continue;
            }
            if let Some(c) = crate::rules::kuzzle_role::index_less_grant(m.value()) {
                index_less.insert(m.key(), c.key_span());
            }
        }
        let mut policies = Vec::new();
        for m in profiles {
            if m.value().as_object().is_none() {
                continue;
            }
            let Some(list) = m.value().get("policies").and_then(Node::as_array) else {
                continue;
            };
            for (i, policy) in list.iter().enumerate() {
                let Some(role) = policy.member("roleId") else {
                    continue;
                };
                if role.value().as_str().is_none() {
                    continue;
                }
                let restricted = if super::is_restricted(policy) {
                    RESTRICTED
                } else {
                    0
                };
                policies.push(PolicyRecord {
                    role: role.id() as u32,
                    profile: m.id() as u32,
                    policy: (i as u32).min(RESTRICTED - 1) | restricted,
                });
            }
        }
        let users = section("users")
            .iter()
            .filter(|u| u.value().as_object().is_some())
            .map(|member| User { member })
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
pub struct Known<'a> {
    pub roles: Ids<'a>,
    pub profiles: Ids<'a>,
    /// Whether an inventory contributed roles / profiles (for messages).
    pub inventory_roles: bool,
    pub inventory_profiles: bool,
}

/// A set of ids, borrowed from the tree, the built-ins and the inventory. Looked up by hash;
/// sorted (for suggestions) and lowercased (to call out case-only mismatches) only on the
/// first unknown id: most files have none, and a big one has tens of thousands of ids.
pub struct Ids<'a> {
    set: foldhash::HashSet<&'a str>,
    sorted: OnceLock<Vec<&'a str>>,
    lower: OnceLock<HashMap<String, &'a str>>,
}

impl<'a> Ids<'a> {
    fn new(ids: impl Iterator<Item = &'a str>) -> Ids<'a> {
        Ids {
            set: ids.collect(),
            sorted: OnceLock::new(),
            lower: OnceLock::new(),
        }
    }

    /// True when `id` is one of them.
    pub fn contains(&self, id: &str) -> bool {
        self.set.contains(id)
    }

    /// The ids in byte order (suggestions are taken from them in this order).
    pub fn sorted(&self) -> &[&'a str] {
        self.sorted.get_or_init(|| {
            let mut ids: Vec<&str> = self.set.iter().copied().collect();
            ids.sort_unstable();
            ids
        })
    }

    /// Lowercased id → id (the last in byte order, for ids equal but for case).
    pub fn lower(&self) -> &HashMap<String, &'a str> {
        self.lower.get_or_init(|| {
            self.sorted()
                .iter()
                .map(|k| (k.to_lowercase(), *k))
                .collect()
        })
    }
}

impl<'a> Known<'a> {
    pub fn of(cx: &RuleContext<'a>) -> Known<'a> {
        let inv = cx.settings.inventory.as_deref();
        let inv_roles = inv.and_then(|i| i.roles.as_ref());
        let inv_profiles = inv.and_then(|i| i.profiles.as_ref());
        let section = |name: &str| {
            cx.root
                .get(name)
                .and_then(Node::as_object)
                .unwrap_or_default()
                .iter()
                .map(|m| m.key())
        };
        let roles = BUILTIN_ROLES
            .iter()
            .copied()
            .chain(inv_roles.into_iter().flatten().map(String::as_str))
            // Roles plugins register (`[[plugins]] roles` in bodyguard.toml).
            .chain(
                inv.into_iter()
                    .flat_map(|i| &i.plugin_roles)
                    .map(String::as_str),
            )
            .chain(section("roles"));
        let profiles = BUILTIN_PROFILES
            .iter()
            .copied()
            .chain(inv_profiles.into_iter().flatten().map(String::as_str))
            .chain(section("profiles"));
        Known {
            roles: Ids::new(roles),
            profiles: Ids::new(profiles),
            inventory_roles: inv_roles.is_some(),
            inventory_profiles: inv_profiles.is_some(),
        }
    }
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
    node: Node<'_>,
    pointer: &str,
    id: &str,
    known: &Ids<'_>,
    reference: Reference,
    from_inventory: bool,
) {
    let (what, kuzzle_error) = (reference.what(), reference.kuzzle_error());
    let case_match = known.lower().get(id.to_lowercase().as_str()).copied();
    let suggestion = case_match.or_else(|| cx.suggest(id, known.sorted().iter().copied()));
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
                node.span(),
                format!("\"{s}\""),
            )],
            format!("use {what} `{s}`"),
        )
    });
    let d = cx.report(
        rule,
        node.span(),
        pointer,
        format!("unknown {what} `{}`", snippet(id)),
    );
    d.help = Some(help.into());
    d.fix = fix.map(Box::new);
    d.label = Some(reference.label().into());
}
