//! Everything a profile or user may do: each `controller:action` some policy allows, where
//! (every index, or which indexes and collections), and through which policy and role.
//!
//! Actions are enumerated over a universe: every native action, every controller and action
//! named in a role, and two wildcards — `<controller>:*` (an action of a plugin controller
//! no role names) and `*:*` (a controller no role names).

use super::eval::{profile_ids, Subject, Unknown};
use super::model::{IndexKey, Policy, Role};
use super::securities::Securities;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Where a right applies, for requests that carry an index (requests without one are
/// allowed wherever the right exists).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Every index and collection.
    Everywhere,
    /// These indexes; `None` means every collection of the index. Empty: no index at all
    /// (only requests without an index).
    Indexes(BTreeMap<String, Option<BTreeSet<String>>>),
}

impl Scope {
    /// Widen `self` with what `policy` opens.
    fn add(&mut self, policy: &Policy) {
        let Scope::Indexes(map) = self else { return };
        let Some(r) = &policy.restriction else {
            *self = Scope::Everywhere;
            return;
        };
        for (key, cols) in &r.indexes {
            let IndexKey::Name(index) = key else { continue };
            let slot = map
                .entry(index.to_string())
                .or_insert_with(|| Some(BTreeSet::new()));
            match slot {
                None => {}
                Some(_) if cols.is_empty() => *slot = None,
                Some(set) => set.extend(cols.iter().cloned()),
            }
        }
    }

    /// Whether `self` allows an indexed request everywhere `other` does.
    pub fn covers(&self, other: &Scope) -> bool {
        match (self, other) {
            (Scope::Everywhere, _) => true,
            (Scope::Indexes(_), Scope::Everywhere) => false,
            (Scope::Indexes(a), Scope::Indexes(b)) => {
                b.iter().all(|(ix, cols)| match (a.get(ix), cols) {
                    (None, _) => false,
                    (Some(None), _) => true,
                    (Some(Some(_)), None) => false,
                    (Some(Some(have)), Some(want)) => want.is_subset(have),
                })
            }
        }
    }

    /// What the scope means for requests: `everywhere`, or `on idx (c1), and wherever no
    /// index is named`.
    pub fn describe(&self) -> String {
        match self {
            Scope::Everywhere => "everywhere".into(),
            Scope::Indexes(m) if m.is_empty() => "only where no index is named".into(),
            other => format!("on {}, and wherever no index is named", other.text()),
        }
    }

    /// `every index`, or `idx (c1, c2); other (every collection)`.
    pub fn text(&self) -> String {
        match self {
            Scope::Everywhere => "every index".into(),
            Scope::Indexes(map) if map.is_empty() => "no index (only requests without one)".into(),
            Scope::Indexes(map) => map
                .iter()
                .map(|(ix, cols)| match cols {
                    None => format!("{ix} (every collection)"),
                    Some(c) => format!(
                        "{ix} ({})",
                        c.iter().cloned().collect::<Vec<_>>().join(", ")
                    ),
                })
                .collect::<Vec<_>>()
                .join("; "),
        }
    }
}

/// One step of the path that grants a right: profile → policy → role → entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Via {
    /// Profile id.
    pub profile: String,
    /// Policy position.
    pub policy: usize,
    /// Role id.
    pub role: String,
    /// The role's entry that grants it (`document:*`, `*:*`, `ms:get`).
    pub entry: String,
}

/// One right of a subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grant {
    /// Where it applies.
    pub scope: Scope,
    /// The first policy that grants it (in profile and policy order).
    pub via: Vec<Via>,
}

/// `(controller, action)` → grant, sorted.
pub type Rights = BTreeMap<(String, String), Grant>;

/// The controller and action keys every analysis of `sets` enumerates.
pub fn universe<'a>(sets: impl IntoIterator<Item = &'a Securities>) -> Vec<(String, String)> {
    let mut keys: BTreeSet<(String, String)> = BTreeSet::new();
    for (c, actions) in crate::access::native::NATIVE_CONTROLLERS {
        for a in *actions {
            keys.insert(((*c).to_string(), (*a).to_string()));
        }
    }
    keys.insert(("*".into(), "*".into()));
    for s in sets {
        for role in s.roles.values() {
            add_named_keys(role, &mut keys);
        }
        keys.extend(s.unread_role_keys.iter().cloned());
    }
    keys.into_iter().collect()
}

/// Add to `keys` what [`universe`] enumerates for `role` beyond Kuzzle's native actions (which
/// it always holds): a plugin controller's `*`, and every other action the role names (`ms`
/// counts as `memoryStorage`).
pub(crate) fn add_named_keys(role: &Role, keys: &mut BTreeSet<(String, String)>) {
    use crate::access::native::native_actions;
    for c in role.controllers.iter().flatten() {
        let name = if c.name == "ms" {
            "memoryStorage"
        } else {
            c.name.as_str()
        };
        if name == "*" {
            continue;
        }
        let native = native_actions(name);
        if native.is_none() {
            keys.insert((name.to_string(), "*".into()));
        }
        for a in c.actions.iter().flatten() {
            let listed = native.is_some_and(|n| n.binary_search(&a.name.as_str()).is_ok());
            if a.name != "*" && !listed {
                keys.insert((name.to_string(), a.name.to_string()));
            }
        }
    }
}

/// The keys of `universe` each role allows, with the entry that allows each.
pub struct RoleTable<'k> {
    keys: &'k [(String, String)],
    allowed: HashMap<String, Vec<(usize, String)>, foldhash::fast::RandomState>,
}

impl<'k> RoleTable<'k> {
    /// Evaluate every role of `s` on every key once.
    pub fn new(s: &Securities, keys: &'k [(String, String)]) -> RoleTable<'k> {
        let allowed = s
            .roles
            .iter()
            .map(|(id, role)| (id.clone(), role_keys(role, keys)))
            .collect();
        RoleTable { keys, allowed }
    }
}

impl<'k> RoleTable<'k> {
    /// Evaluate only the roles `ids` (the others grant nothing in this table).
    pub fn for_roles<'i>(
        s: &Securities,
        keys: &'k [(String, String)],
        ids: impl IntoIterator<Item = &'i str>,
    ) -> RoleTable<'k> {
        let allowed = ids
            .into_iter()
            .filter_map(|id| {
                s.roles
                    .get(id)
                    .map(|r| (id.to_string(), role_keys(r, keys)))
            })
            .collect();
        RoleTable { keys, allowed }
    }
}

fn role_keys(role: &Role, keys: &[(String, String)]) -> Vec<(usize, String)> {
    keys.iter()
        .enumerate()
        .filter(|(_, (c, a))| role.allows(c, a))
        .map(|(i, (c, a))| {
            let answer = role.answer(c, a);
            {
                (
                    i,
                    format!(
                        "{}:{}",
                        answer.controller.unwrap_or_default(),
                        answer.action.unwrap_or_default()
                    ),
                )
            }
        })
        .collect()
}

/// What the profiles `ids` grant together.
pub fn rights_of_profiles(s: &Securities, table: &RoleTable<'_>, ids: &[String]) -> Rights {
    let mut out: BTreeMap<usize, Grant> = BTreeMap::new();
    for id in ids {
        let Some(profile) = s.profiles.get(id) else {
            continue;
        };
        for (i, policy) in profile.policies().enumerate() {
            let Some(role_id) = policy.role_id else {
                continue;
            };
            let Some(keys) = table.allowed.get(role_id) else {
                continue;
            };
            for (k, entry) in keys {
                let grant = out.entry(*k).or_insert_with(|| Grant {
                    scope: Scope::Indexes(BTreeMap::new()),
                    via: Vec::new(),
                });
                grant.scope.add(&policy);
                // The first path is enough to explain a grant (and keeps a 10 MB file fast).
                if grant.via.is_empty() {
                    grant.via.push(Via {
                        profile: id.clone(),
                        policy: i,
                        role: role_id.to_string(),
                        entry: entry.clone(),
                    });
                }
            }
        }
    }
    out.into_iter()
        .map(|(k, g)| (table.keys[k].clone(), g))
        .collect()
}

/// What `subject` may do.
pub fn rights(
    s: &Securities,
    table: &RoleTable<'_>,
    subject: Subject<'_>,
) -> Result<Rights, Unknown> {
    let ids = profile_ids(s, subject)?;
    Ok(rights_of_profiles(s, table, &ids))
}

/// `controller:action` as people read it (`*` keys spelled out).
pub fn key_text(controller: &str, action: &str) -> String {
    match (controller, action) {
        ("*", _) => "any controller no role names (plugins)".into(),
        (c, "*") => format!("{c}:<any action no role names>"),
        (c, a) => format!("{c}:{a}"),
    }
}
