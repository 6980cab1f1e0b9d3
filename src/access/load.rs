//! Reading roles, profiles and users from parsed files, the way Kuzzle stores them: a
//! profile's restrictions become its restriction maps (`ProfileRepository.optimizePolicy`).

use super::model::{ActionRight, ControllerRights, NewPolicy, Origin, Profile, Role, User};
use super::securities::Securities;
use crate::core::pointer::pointer_join;
use crate::parse::{Items, Node, Value};
use foldhash::fast::RandomState as Fast;
use std::collections::{BTreeMap, HashSet};

mod notes;
mod resolved;
mod restriction;
mod section;
use notes::NoteList;
pub use notes::Notes;
use resolved::members;
use restriction::restrict;
pub use section::{Chunk, ProfileSection};

/// What one input file added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Added {
    /// Roles read.
    pub roles: usize,
    /// Profiles read.
    pub profiles: usize,
    /// Users read.
    pub users: usize,
}

/// True for the values JavaScript treats as false (`null`, `false`, `0`, `""`).
pub fn is_falsy(node: Node<'_>) -> bool {
    match node.value() {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.parse::<f64>().is_ok_and(|f| f == 0.0),
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

/// The `index` of a restriction that Kuzzle keeps when it builds the restriction map, or
/// `None` when it drops the restriction (no `index`, or a falsy one).
pub fn kept_index(restriction: Node<'_>) -> Option<Node<'_>> {
    restriction.get("index").filter(|ix| !is_falsy(*ix))
}

/// True when a restriction grants its whole index: `collections` missing, `null` or `[]`.
pub fn grants_whole_index(restriction: Node<'_>) -> bool {
    match restriction.get("collections") {
        None => true,
        Some(c) => c.is_null() || c.as_array().is_some_and(Items::is_empty),
    }
}

/// The text of a node for listings: strings raw, anything else as compact JSON.
pub fn display(node: Node<'_>) -> String {
    match node.value() {
        Value::String(s) => s.to_string(),
        _ => node.to_value().to_string(),
    }
}

/// The last member named `key` (JavaScript keeps the last of duplicate keys).
fn get<'n>(node: Node<'n>, key: &str) -> Option<Node<'n>> {
    node.get(key)
}

/// Read a role body.
pub fn role(id: &str, node: Node<'_>, file: usize, pointer: &str) -> Role {
    let controllers = get(node, "controllers").and_then(|c| {
        c.as_object()?;
        Some(
            members(c)
                .map(|(name, m)| ControllerRights {
                    name: name.into(),
                    actions: get(m.value(), "actions").and_then(|a| {
                        a.as_object()?;
                        Some(
                            members(a)
                                .map(|(action, am)| ActionRight {
                                    name: action.into(),
                                    allowed: am.value().as_bool() == Some(true),
                                    span: Some(am.key_span()),
                                })
                                .collect(),
                        )
                    }),
                    span: Some(m.key_span()),
                })
                .collect(),
        )
    });
    Role {
        id: id.into(),
        controllers,
        origin: Origin::File {
            file,
            pointer: pointer.into(),
            span: node.span(),
        },
    }
}

/// Read a profile body, building each policy's restriction map as Kuzzle does.
pub fn profile(id: &str, node: Node<'_>, file: usize, pointer: &str, notes: Notes) -> Profile {
    let mut notes = NoteList::new(notes);
    let origin = Origin::File {
        file,
        pointer: pointer.into(),
        span: node.span(),
    };
    let policies = get(node, "policies").map(|p| (p, p.as_array()));
    let listed = policies.is_some_and(|(_, items)| items.is_some_and(|i| !i.is_empty()));
    let mut profile = Profile::new(id, origin, listed);
    match policies {
        None | Some((_, None)) => notes
            .push(|| "`policies` is missing or not an array: Kuzzle rejects this profile".into()),
        Some((p, Some(items))) if items.is_empty() => {
            notes.push(|| {
                "`policies` is empty: Kuzzle gives the profile the single policy `default`".into()
            });
            profile.push_policy(NewPolicy {
                role_id: Some("default"),
                span: Some(p.span()),
                ..NewPolicy::default()
            });
        }
        Some((_, Some(list))) => {
            // Room for every policy at once: a vector grown by doubling kept up to twice.
            profile.reserve_policies(list.len());
            for (i, p) in list.iter().enumerate() {
                profile.push_policy(policy(p, i, &mut notes));
            }
        }
    }
    profile.notes = notes.into_list();
    profile
}

fn policy<'t>(node: Node<'t>, i: usize, notes: &mut NoteList) -> NewPolicy<'t> {
    let role_id = get(node, "roleId").and_then(Node::as_str);
    if node.as_object().is_none() {
        notes.push(|| format!("policy {i} is not an object: Kuzzle rejects this profile"));
    } else if role_id.is_none() {
        notes.push(|| format!("policy {i} has no string `roleId`: Kuzzle rejects this profile"));
    }
    let restriction = match get(node, "restrictedTo") {
        None => None,
        Some(r) if is_falsy(r) => {
            notes.push(|| {
                format!(
                    "policy {i}: `restrictedTo: {}` is no restriction: the role applies on EVERY index",
                    r.to_value()
                )
            });
            None
        }
        Some(r) => match r.as_array() {
            None => {
                notes.push(|| {
                    format!(
                        "policy {i}: `restrictedTo` is not an array: Kuzzle rejects this profile"
                    )
                });
                None
            }
            Some(list) => restrict(list, i, notes),
        },
    };
    NewPolicy {
        role_id,
        restriction,
        span: Some(node.span()),
    }
}

/// Read a user entry of a securities file (`{"content": {"profileIds": [...]}}`).
pub fn user(id: &str, node: Node<'_>, file: usize, pointer: &str) -> User {
    User {
        id: id.to_string(),
        profile_ids: profile_ids(node).map(str::to_string).collect(),
        origin: Origin::File {
            file,
            pointer: pointer.into(),
            span: node.span(),
        },
    }
}

/// The profile ids of a user entry, as [`user`] reads them.
fn profile_ids(node: Node<'_>) -> impl Iterator<Item = &str> {
    get(node, "content")
        .and_then(|c| get(c, "profileIds"))
        .and_then(Node::as_array)
        .into_iter()
        .flatten()
        .filter_map(Node::as_str)
}

/// The id a role or profile body file stands for: its file name without directories and
/// extensions (`roles/editor.json` → `editor`).
pub fn id_from_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.split('.').next().unwrap_or(base).to_string()
}

fn add_map(
    s: &mut Securities,
    file: usize,
    (section, base): (&str, &str),
    node: Node<'_>,
    (added, reading, notes): (&mut Added, Reading<'_>, Notes),
) {
    if node.as_object().is_none() {
        return;
    }
    if let ("profiles", Reading::ProfilesLater(later)) = (section, reading) {
        added.profiles += later.len();
        return;
    }
    let later = match reading {
        Reading::ProfilesLater(later) => Some(later),
        _ => None,
    };
    // A section's entries are read into a map of their own (ids are unique after
    // `members`), built in one pass from sorted entries, then merged: later files still
    // replace earlier definitions, and a section of thousands of entries is not inserted
    // key by key into a growing tree.
    let entries = members(node)
        .filter(|(_, m)| m.value().as_object().is_some())
        .map(|(id, m)| (id, m.value(), pointer_join(base, id)));
    match section {
        "roles" => {
            let named = match reading {
                Reading::Every => None,
                Reading::ForProfiles | Reading::ProfilesLater(_) => Some(named_roles(s, later)),
            };
            let mut new = BTreeMap::new();
            for (id, v, ptr) in entries {
                let role = role(id, v, file, &ptr);
                match &named {
                    Some(named) if !named.contains(id) => {
                        crate::access::rights::add_named_keys(&role, &mut s.unread_role_keys);
                    }
                    _ => {
                        new.insert(id.to_string(), role);
                    }
                }
                added.roles += 1;
            }
            s.roles.append(&mut new);
        }
        "profiles" => {
            let mut new: BTreeMap<String, Profile> = entries
                .map(|(id, v, ptr)| (id.to_string(), profile(id, v, file, &ptr, notes)))
                .collect();
            added.profiles += new.len();
            s.profiles.append(&mut new);
        }
        _ if !matches!(reading, Reading::Every) => {
            let known =
                |p: &str| s.profiles.contains_key(p) || later.is_some_and(|l| l.contains(p));
            // An analysis names a user only as the first (by id) to hold one of the profiles
            // it analyses: those users are read, and no other (nor any pointer for them).
            let mut holding: Vec<(&str, Node<'_>)> = Vec::new();
            for (id, v, _) in entries {
                added.users += 1;
                if profile_ids(v).any(known) {
                    holding.push((id, v));
                }
            }
            holding.sort_unstable_by_key(|(id, _)| *id);
            let mut held: HashSet<&str, Fast> = HashSet::default();
            let mut new = BTreeMap::new();
            for (id, v) in holding {
                let mut first = false;
                for p in profile_ids(v).filter(|p| known(p)) {
                    first |= held.insert(p);
                }
                if first {
                    new.insert(id.to_string(), user(id, v, file, &pointer_join(base, id)));
                }
            }
            s.users.append(&mut new);
        }
        _ => {
            let mut new: BTreeMap<String, User> = entries
                .map(|(id, v, ptr)| (id.to_string(), user(id, v, file, &ptr)))
                .collect();
            added.users += new.len();
            s.users.append(&mut new);
        }
    }
}

/// What of a file [`add_file`] reads into the model.
#[derive(Clone, Copy)]
enum Reading<'a> {
    /// Every role, profile and user.
    Every,
    /// What an analysis of the profiles reaches: every profile, the roles a profile names
    /// (and `anonymous`), and the first user (by id) holding each known profile.
    ForProfiles,
    /// As `ForProfiles`, except that the profiles of this section are not read: the caller
    /// reads them a chunk at a time ([`add_file_but_profiles`]).
    ProfilesLater(&'a ProfileSection<'a>),
}

/// The role ids a profile of `s` names, and `anonymous`. With the profiles of `later`, the
/// role ids they name, and of those of `s`, only the ones `later` does not replace.
fn named_roles(s: &Securities, later: Option<&ProfileSection<'_>>) -> HashSet<String, Fast> {
    let mut named: HashSet<String, Fast> = s
        .profiles
        .values()
        .filter(|p| later.is_none_or(|l| !l.contains(&p.id)))
        .flat_map(|p| p.policies().filter_map(|q| q.role_id.map(str::to_string)))
        .collect();
    if let Some(later) = later {
        for id in later.role_ids() {
            if !named.contains(id) {
                named.insert(id.to_string());
            }
        }
    }
    named.insert("anonymous".into());
    named
}

/// Read a role, profile or securities file (or a kourou dump) into `s`, with every note on
/// what Kuzzle drops or rejects (see [`Profile::notes`]).
pub fn add_file(s: &mut Securities, name: &str, root: Node<'_>) -> Result<Added, String> {
    add_file_reading(s, name, root, Reading::Every, Notes::Written)
}

/// [`add_file`] for the rules, which read no notes: none is written.
pub fn add_file_for_rules(s: &mut Securities, name: &str, root: Node<'_>) -> Result<Added, String> {
    add_file_reading(s, name, root, Reading::Every, Notes::Skipped)
}

/// [`add_file`] for an analysis of one file's profiles, into a model without users of
/// other files: a role no profile (of the file or built in) names is not read into `roles`,
/// since no analysis of those profiles reaches it, but the names it holds still count for
/// [`universe`](super::rights::universe) (through `unread_role_keys`); of the users, only
/// the first (by id) to hold each profile is read, the one an analysis names. A file of
/// thousands of roles and users and few profiles keeps a model of the few. It is read for
/// the rules: no note is written.
pub fn add_file_for_profiles(
    s: &mut Securities,
    name: &str,
    root: Node<'_>,
) -> Result<Added, String> {
    add_file_reading(s, name, root, Reading::ForProfiles, Notes::Skipped)
}

/// [`add_file_for_profiles`], except that the profiles of `section` (the file's own
/// `profiles`) are left out: an analysis reads them a chunk at a time
/// ([`ProfileSection::read`], with the file index `s.files.len() - 1`), and the roles and
/// users read are those it would read with all of them in `s`.
pub fn add_file_but_profiles(
    s: &mut Securities,
    name: &str,
    root: Node<'_>,
    section: &ProfileSection<'_>,
) -> Result<Added, String> {
    add_file_reading(
        s,
        name,
        root,
        Reading::ProfilesLater(section),
        Notes::Skipped,
    )
}

fn add_file_reading(
    s: &mut Securities,
    name: &str,
    root: Node<'_>,
    reading: Reading<'_>,
    notes: Notes,
) -> Result<Added, String> {
    let file = s.files.len();
    s.files.push(name.to_string());
    let mut added = Added::default();
    if root.as_object().is_none() {
        return Err("not a JSON object".into());
    }
    if get(root, "policies").is_some() {
        let id = id_from_name(name);
        s.profiles
            .insert(id.clone(), profile(&id, root, file, "", notes));
        added.profiles = 1;
    } else if get(root, "controllers").is_some() {
        let id = id_from_name(name);
        s.roles.insert(id.clone(), role(&id, root, file, ""));
        added.roles = 1;
    } else if let (Some(kind), Some(content)) = (
        get(root, "type").and_then(Node::as_str),
        get(root, "content"),
    ) {
        match kind {
            "roles" | "profiles" => {
                add_map(
                    s,
                    file,
                    (kind, "/content"),
                    content,
                    (&mut added, reading, notes),
                );
            }
            other => {
                return Err(format!(
                    "a kourou dump of `{other}`, not of roles or profiles"
                ))
            }
        }
    } else {
        let mut any = false;
        // Roles last: which of them are read may depend on the profiles.
        for section in ["profiles", "users", "roles"] {
            if let Some(map) = get(root, section) {
                any = true;
                add_map(
                    s,
                    file,
                    (section, &format!("/{section}")),
                    map,
                    (&mut added, reading, notes),
                );
            }
        }
        if !any {
            return Err(
                "not a role, a profile or a securities file (no `controllers`, `policies`, `roles`, `profiles` or `users`)"
                    .into(),
            );
        }
    }
    Ok(added)
}

#[cfg(test)]
mod tests;
