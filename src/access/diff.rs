//! What changes between two sets of roles, profiles and users: entries added and removed,
//! and per profile and per user the rights gained and lost.

use super::model::{Origin, Role};
use super::rights::{self, Grant, RoleTable, Scope};
use super::securities::{Securities, ANONYMOUS_KUID};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One right that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RightChange {
    /// Controller (`*`: a controller no role names).
    pub controller: String,
    /// Action (`*`: an action no role names).
    pub action: String,
    /// Where it applies now (gained) or applied before (lost); for a scope change, the part
    /// gained or lost.
    pub scope: String,
    /// `new`/`removed` when the right appears or disappears, `widened`/`narrowed` when only
    /// its scope changes.
    pub change: &'static str,
    /// The path that grants it (`profile → policy → role`).
    pub via: String,
    /// The role's entry that grants it (`security:*`).
    pub entry: String,
    /// Whether the action changes who can do what (see [`super::escalation`]).
    pub escalation: bool,
}

/// How one profile's or user's rights changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubjectDiff {
    /// `profile` or `user`.
    pub kind: &'static str,
    /// Its id.
    pub id: String,
    /// `added`, `removed` or `changed`.
    pub status: &'static str,
    /// Rights gained.
    pub gained: Vec<RightChange>,
    /// Rights lost.
    pub lost: Vec<RightChange>,
}

/// A role written as if `updateRole` merged it, while it replaces the whole role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReplaceTrap {
    /// The role id.
    pub role: String,
    /// Controllers of the old role the new one no longer has.
    pub dropped: Vec<String>,
    /// Controllers the new role names (each new or changed).
    pub written: Vec<String>,
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct AccessDiff {
    /// Role ids added, removed, changed.
    pub roles: EntryChanges,
    /// Profile ids added, removed, changed.
    pub profiles: EntryChanges,
    /// User ids added, removed, changed.
    pub users: EntryChanges,
    /// Per profile and per user, rights gained and lost.
    pub subjects: Vec<SubjectDiff>,
    /// Roles that look written as updates.
    pub replace_traps: Vec<ReplaceTrap>,
}

/// Ids added, removed and changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct EntryChanges {
    /// Only in the new set.
    pub added: Vec<String>,
    /// Only in the old set.
    pub removed: Vec<String>,
    /// In both, defined differently.
    pub changed: Vec<String>,
}

impl AccessDiff {
    /// Whether anyone gains access (a right or a wider scope).
    pub fn gains_access(&self) -> bool {
        self.subjects.iter().any(|s| !s.gained.is_empty())
    }
    /// Whether nothing changed at all.
    pub fn is_empty(&self) -> bool {
        self.subjects.is_empty()
            && self.roles == EntryChanges::default()
            && self.profiles == EntryChanges::default()
            && self.users == EntryChanges::default()
    }
}

fn same_role(a: &Role, b: &Role) -> bool {
    strip_role(a) == strip_role(b)
}

/// A controller entry without locations: its name and its `(action, allowed)` pairs.
type BareController = (String, Option<Vec<(String, bool)>>);

/// A role without its locations, for comparison.
fn strip_role(r: &Role) -> Vec<BareController> {
    let mut v: Vec<_> = r
        .controllers
        .iter()
        .flatten()
        .map(|c| {
            let mut actions: Option<Vec<(String, bool)>> = c
                .actions
                .as_ref()
                .map(|a| a.iter().map(|a| (a.name.to_string(), a.allowed)).collect());
            if let Some(a) = actions.as_mut() {
                a.sort();
            }
            (c.name.to_string(), actions)
        })
        .collect();
    v.sort();
    v
}

fn changes<T>(
    old: &BTreeMap<String, T>,
    new: &BTreeMap<String, T>,
    same: impl Fn(&T, &T) -> bool,
) -> EntryChanges {
    let mut out = EntryChanges::default();
    for (id, n) in new {
        match old.get(id) {
            None => out.added.push(id.clone()),
            Some(o) if !same(o, n) => out.changed.push(id.clone()),
            Some(_) => {}
        }
    }
    out.removed = old
        .keys()
        .filter(|id| !new.contains_key(*id))
        .cloned()
        .collect();
    out
}

/// The update-vs-replace heuristic: the new role keeps none of the old role's controllers
/// as they were, names fewer controllers than before, and drops at least one that allowed
/// something — it reads like the list of changes meant for `updateRole`, but
/// `createOrReplaceRole` and `loadSecurities` replace the whole role.
fn replace_trap(old: &Role, new: &Role) -> Option<ReplaceTrap> {
    let o = strip_role(old);
    let n = strip_role(new);
    if n.is_empty() || n.len() >= o.len() {
        return None;
    }
    if n.iter().any(|c| o.contains(c)) {
        return None;
    }
    let dropped: Vec<String> = o
        .iter()
        .filter(|(name, actions)| {
            !n.iter().any(|(m, _)| m == name)
                && actions.iter().flatten().any(|(_, allowed)| *allowed)
        })
        .map(|(name, _)| name.clone())
        .collect();
    if dropped.is_empty() {
        return None;
    }
    Some(ReplaceTrap {
        role: new.id.to_string(),
        dropped,
        written: n.into_iter().map(|(name, _)| name).collect(),
    })
}

fn via_text(g: &Grant) -> (String, String) {
    g.via
        .first()
        .map(|v| {
            (
                format!(
                    "profile `{}` → policy {} → role `{}`",
                    v.profile, v.policy, v.role
                ),
                v.entry.clone(),
            )
        })
        .unwrap_or_default()
}

/// The part of `a` that `b` does not cover, as text.
fn excess(a: &Scope, b: &Scope) -> String {
    match (a, b) {
        (Scope::Everywhere, _) => "every index".into(),
        (Scope::Indexes(am), Scope::Indexes(_)) if am.is_empty() => String::new(),
        (Scope::Indexes(am), Scope::Indexes(bm)) => {
            let mut part = BTreeMap::new();
            for (ix, cols) in am {
                match (bm.get(ix), cols) {
                    (None, _) => {
                        part.insert(ix.clone(), cols.clone());
                    }
                    (Some(None), _) => {}
                    (Some(Some(_)), None) => {
                        part.insert(ix.clone(), None);
                    }
                    (Some(Some(have)), Some(want)) => {
                        let extra: BTreeSet<String> = want.difference(have).cloned().collect();
                        if !extra.is_empty() {
                            part.insert(ix.clone(), Some(extra));
                        }
                    }
                }
            }
            format!("on {}", Scope::Indexes(part).text())
        }
        (Scope::Indexes(_), Scope::Everywhere) => String::new(),
    }
}

fn compare(
    old: Option<&rights::Rights>,
    new: Option<&rights::Rights>,
) -> (Vec<RightChange>, Vec<RightChange>) {
    let empty = rights::Rights::new();
    let old = old.unwrap_or(&empty);
    let new = new.unwrap_or(&empty);
    let change = |(c, a): &(String, String), scope: String, change, g: &Grant| {
        let (via, entry) = via_text(g);
        RightChange {
            controller: c.clone(),
            action: a.clone(),
            scope,
            change,
            via,
            entry,
            escalation: super::escalation::is_escalation(c, a),
        }
    };
    let mut gained = Vec::new();
    let mut lost = Vec::new();
    for (k, g) in new {
        match old.get(k) {
            None => gained.push(change(k, g.scope.describe(), "new", g)),
            Some(o) if !o.scope.covers(&g.scope) => {
                gained.push(change(k, excess(&g.scope, &o.scope), "widened", g))
            }
            Some(_) => {}
        }
    }
    for (k, g) in old {
        match new.get(k) {
            None => lost.push(change(k, g.scope.describe(), "removed", g)),
            Some(n) if !n.scope.covers(&g.scope) => {
                lost.push(change(k, excess(&g.scope, &n.scope), "narrowed", g))
            }
            Some(_) => {}
        }
    }
    (gained, lost)
}

/// Compare `old` and `new`.
pub fn diff(old: &Securities, new: &Securities) -> AccessDiff {
    let mut out = AccessDiff {
        roles: changes(&old.roles, &new.roles, same_role),
        profiles: changes(&old.profiles, &new.profiles, |a, b| a.policies_eq(b)),
        users: changes(&old.users, &new.users, |a, b| {
            a.profile_ids == b.profile_ids
        }),
        ..AccessDiff::default()
    };
    for id in &out.roles.changed {
        if let Some(t) = replace_trap(&old.roles[id], &new.roles[id]) {
            out.replace_traps.push(t);
        }
    }
    // Only subjects whose definition, profiles or roles changed can change rights.
    let touched_roles: BTreeSet<&String> = out
        .roles
        .added
        .iter()
        .chain(&out.roles.removed)
        .chain(&out.roles.changed)
        .collect();
    let profile_touched = |id: &String| {
        let uses = |s: &Securities| {
            s.profiles.get(id).is_some_and(|p| {
                p.policies().any(|pol| {
                    pol.role_id
                        .is_some_and(|r| touched_roles.iter().any(|t| t.as_str() == r))
                })
            })
        };
        uses(old) || uses(new)
    };
    let mut profile_ids: BTreeSet<&String> = BTreeSet::new();
    for id in old.profiles.keys().chain(new.profiles.keys()) {
        if out.profiles.added.contains(id)
            || out.profiles.removed.contains(id)
            || out.profiles.changed.contains(id)
            || profile_touched(id)
        {
            profile_ids.insert(id);
        }
    }
    let keys = rights::universe([old, new]);
    let old_table = RoleTable::new(old, &keys);
    let new_table = RoleTable::new(new, &keys);
    for id in &profile_ids {
        let o = old
            .profiles
            .contains_key(*id)
            .then(|| rights::rights_of_profiles(old, &old_table, std::slice::from_ref(*id)));
        let n = new
            .profiles
            .contains_key(*id)
            .then(|| rights::rights_of_profiles(new, &new_table, std::slice::from_ref(*id)));
        let status = match (&o, &n) {
            (None, _) => "added",
            (_, None) => "removed",
            _ => "changed",
        };
        let (gained, lost) = compare(o.as_ref(), n.as_ref());
        if status != "changed" || !gained.is_empty() || !lost.is_empty() {
            out.subjects.push(SubjectDiff {
                kind: "profile",
                id: (*id).clone(),
                status,
                gained,
                lost,
            });
        }
    }
    let mut user_ids: BTreeSet<String> =
        old.users.keys().chain(new.users.keys()).cloned().collect();
    user_ids.insert(ANONYMOUS_KUID.into());
    for id in &user_ids {
        let (ou, nu) = (old.user(id), new.user(id));
        let touched = ou.as_ref().map(|u| &u.profile_ids) != nu.as_ref().map(|u| &u.profile_ids)
            || ou
                .iter()
                .chain(nu.iter())
                .flat_map(|u| u.profile_ids.iter())
                .any(|p| profile_ids.contains(p));
        if !touched {
            continue;
        }
        let o = ou
            .as_ref()
            .map(|u| rights::rights_of_profiles(old, &old_table, &u.profile_ids));
        let n = nu
            .as_ref()
            .map(|u| rights::rights_of_profiles(new, &new_table, &u.profile_ids));
        let status = match (&o, &n) {
            (None, _) => "added",
            (_, None) => "removed",
            _ => "changed",
        };
        let (gained, lost) = compare(o.as_ref(), n.as_ref());
        let builtin = nu.as_ref().is_some_and(|u| u.origin == Origin::Builtin);
        if (status != "changed" && !builtin) || !gained.is_empty() || !lost.is_empty() {
            out.subjects.push(SubjectDiff {
                kind: "user",
                id: id.clone(),
                status,
                gained,
                lost,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse, Syntax};

    fn set(text: &str) -> Securities {
        let mut diags = Vec::new();
        let document = parse(text, Syntax::Json, &mut diags);
        let root = document.root().unwrap();
        let mut s = Securities::builtin(super::super::Builtins::Fresh);
        super::super::load::add_file(&mut s, "s.json", root).unwrap();
        s
    }

    const OLD: &str = r#"{"roles": {"r": {"controllers": {
        "document": {"actions": {"get": true, "create": true}},
        "collection": {"actions": {"list": true}},
        "index": {"actions": {"list": false}}}}}}"#;

    #[test]
    fn a_role_keeping_its_other_controllers_is_no_trap() {
        let new = r#"{"roles": {"r": {"controllers": {
            "document": {"actions": {"get": true, "create": true, "delete": true}},
            "collection": {"actions": {"list": true}}}}}}"#;
        assert!(diff(&set(OLD), &set(new)).replace_traps.is_empty());
    }

    #[test]
    fn a_role_listing_only_its_changes_is_a_trap() {
        let new =
            r#"{"roles": {"r": {"controllers": {"document": {"actions": {"delete": true}}}}}}"#;
        let d = diff(&set(OLD), &set(new));
        assert_eq!(d.replace_traps.len(), 1);
        // `index` allowed nothing: only `collection` is reported lost.
        assert_eq!(d.replace_traps[0].dropped, ["collection"]);
    }

    #[test]
    fn scopes_compare_by_index_and_collection() {
        let old = set(
            r#"{"roles": {"r": {"controllers": {"document": {"actions": {"get": true}}}}},
            "profiles": {"p": {"policies": [{"roleId": "r", "restrictedTo": [{"index": "a", "collections": ["x"]}]}]}}}"#,
        );
        let new = set(
            r#"{"roles": {"r": {"controllers": {"document": {"actions": {"get": true}}}}},
            "profiles": {"p": {"policies": [{"roleId": "r", "restrictedTo": [{"index": "a", "collections": ["x", "y"]}]}]}}}"#,
        );
        let d = diff(&old, &new);
        let p = &d.subjects[0];
        assert_eq!(
            (p.kind, p.id.as_str(), p.status),
            ("profile", "p", "changed")
        );
        assert_eq!(p.gained[0].change, "widened");
        assert_eq!(p.gained[0].scope, "on a (y)");
        assert!(p.lost.is_empty());
        assert!(d.gains_access());
        assert!(!diff(&new, &old).gains_access());
    }
}
