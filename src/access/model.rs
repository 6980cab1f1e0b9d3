//! Roles, profiles and users as Kuzzle holds them once loaded, and the verdict Kuzzle's
//! `Funnel.checkRights` gives a request (`User.isActionAllowed`, `Profile.isActionAllowed`,
//! `Role.isActionAllowed`, `Role.checkRestrictions`, `User.areTargetsAllowed`).

use crate::core::source::Span;

/// A name or pointer of the model: ids, controller and action names and JSON Pointers are
/// short, so they are stored inline up to 24 bytes (a securities file of many small roles
/// holds several per role).
pub type Name = compact_str::CompactString;

/// Where an entry of the model comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Written in an input file: its index in the list of inputs, the JSON Pointer of the
    /// entry, its span.
    File {
        /// Index of the file among the inputs.
        file: usize,
        /// JSON Pointer of the entry.
        pointer: Name,
        /// Bytes of the entry.
        span: Span,
    },
    /// One of Kuzzle's built-in roles or profiles, or the anonymous user.
    Builtin,
}

/// One action of a controller in a role: allowed only when the value is the boolean `true`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionRight {
    /// The action name (`*` for every action not named).
    pub name: Name,
    /// True when the value is the boolean `true` (any other value denies).
    pub allowed: bool,
    /// Bytes of the `"name": value` member, when read from a file.
    pub span: Option<Span>,
}

/// One controller entry of a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControllerRights {
    /// The controller name as written (`*`, `ms`, `memoryStorage`, `plugin/controller`).
    pub name: Name,
    /// Its actions; `None` when `actions` is missing (every action denied).
    pub actions: Option<Vec<ActionRight>>,
    /// Bytes of the controller's key, when read from a file.
    pub span: Option<Span>,
}

impl ControllerRights {
    /// The entry answering for `action`: the action itself, else `*` (last one wins, as in a
    /// JavaScript object).
    pub fn action(&self, action: &str) -> Option<&ActionRight> {
        let actions = self.actions.as_ref()?;
        actions
            .iter()
            .rfind(|a| a.name == action)
            .or_else(|| actions.iter().rfind(|a| a.name == "*"))
    }
}

/// A role: what it allows, whatever the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// Its id.
    pub id: Name,
    /// Its controllers; `None` when missing (every action denied).
    pub controllers: Option<Vec<ControllerRights>>,
    /// Where it is defined.
    pub origin: Origin,
}

/// How a role answered for one controller and action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleAnswer {
    /// Whether the role allows the action.
    pub allowed: bool,
    /// The controller entry that answered (`None` when no entry does).
    pub controller: Option<String>,
    /// The action entry that answered (`None` when no entry does).
    pub action: Option<String>,
    /// Span of the action entry that answered, when read from a file.
    pub span: Option<Span>,
}

impl Role {
    /// The controller entry Kuzzle reads for `controller`: `ms` and `memoryStorage` are one
    /// controller (the `ms` entry wins when both exist); an explicit controller hides `*`.
    pub fn controller_entry(&self, controller: &str) -> Option<&ControllerRights> {
        let controllers = self.controllers.as_ref()?;
        let find = |name: &str| controllers.iter().rfind(|c| c.name == name);
        if controller == "ms" || controller == "memoryStorage" {
            if let Some(c) = find("ms").or_else(|| find("memoryStorage")) {
                return Some(c);
            }
        }
        find(controller).or_else(|| find("*"))
    }

    /// `Role.isActionAllowed`, with the entries that decided.
    pub fn answer(&self, controller: &str, action: &str) -> RoleAnswer {
        let Some(c) = self.controller_entry(controller) else {
            return RoleAnswer {
                allowed: false,
                controller: None,
                action: None,
                span: None,
            };
        };
        let a = c.action(action);
        RoleAnswer {
            allowed: a.is_some_and(|a| a.allowed),
            controller: Some(c.name.to_string()),
            action: a.map(|a| a.name.to_string()),
            span: a.and_then(|a| a.span),
        }
    }

    /// Whether the role allows `controller:action`.
    pub fn allows(&self, controller: &str, action: &str) -> bool {
        self.controller_entry(controller)
            .and_then(|c| c.action(action))
            .is_some_and(|a| a.allowed)
    }
}

/// An index key of a restriction map: Kuzzle's `Map` compares keys with `SameValueZero`, so
/// only a string index can equal the (string) index of a request. 24 bytes, and a usual
/// name is stored inline: a policy can restrict to a million indexes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum IndexKey {
    /// A string index.
    Name(Name),
    /// Any other value, as JSON text: never matches a request.
    Other(Box<str>),
}

impl IndexKey {
    /// The index as a reader sees it.
    pub fn text(&self) -> &str {
        match self {
            IndexKey::Name(s) => s,
            IndexKey::Other(s) => s,
        }
    }
}

/// The restriction map of one policy (`ProfileRepository.optimizePolicy`): index → sorted,
/// de-duplicated collections, an empty list meaning every collection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Restriction {
    /// Index → collections, sorted by index, each index once. A list rather than a map: a
    /// policy restricts to a few indexes, and a file holds thousands of policies (a map's
    /// first node takes room for eleven entries).
    pub indexes: Vec<(IndexKey, Collections)>,
}

/// The collections an index of a restriction map is narrowed to (none: every collection).
/// 8 bytes: most restrictions name none, and a policy can restrict to a million indexes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Collections(Option<Box<Named>>);

/// The collections of a [`Collections`] that names some, behind one thin pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Named(Box<[String]>);

impl std::ops::Deref for Collections {
    type Target = [String];
    fn deref(&self) -> &[String] {
        self.0.as_deref().map_or(&[], |named| &named.0)
    }
}

impl FromIterator<String> for Collections {
    fn from_iter<I: IntoIterator<Item = String>>(iter: I) -> Collections {
        let list: Box<[String]> = iter.into_iter().collect();
        Collections((!list.is_empty()).then(|| Box::new(Named(list))))
    }
}

impl Restriction {
    /// The collections of `index`, when the map has it.
    pub fn collections(&self, index: &IndexKey) -> Option<&[String]> {
        self.indexes
            .binary_search_by(|(key, _)| key.cmp(index))
            .ok()
            .map(|i| &*self.indexes[i].1)
    }

    /// `Role.checkRestrictions`: requests without a (truthy) index pass; otherwise the index
    /// must be in the map, and the collection in its list unless the list is empty or the
    /// request names no collection.
    pub fn allows(&self, index: Option<&str>, collection: Option<&str>) -> bool {
        if self.indexes.is_empty() {
            return true;
        }
        let Some(index) = index.filter(|i| !i.is_empty()) else {
            return true;
        };
        let Some(collections) = self.collections(&IndexKey::Name(index.into())) else {
            return false;
        };
        match collection {
            _ if collections.is_empty() => true,
            // Kuzzle's binary search compares `undefined` as equal to any name.
            None => true,
            Some(c) => collections.iter().any(|x| x == c),
        }
    }
}

/// One policy of a profile, read through [`Profile::policies`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy<'p> {
    /// The role id (`None` when missing or not a string: Kuzzle rejects the profile).
    pub role_id: Option<&'p str>,
    /// The restriction map; `None` when the policy is not restricted (no `restrictedTo`,
    /// a falsy one, `[]`, or only falsy indexes).
    pub restriction: Option<&'p Restriction>,
    /// Its position in the profile's `policies` (`None` for the policy Kuzzle gives a
    /// profile whose `policies` is empty, and for built-ins); see [`Profile::policy_pointer`].
    pub position: Option<u32>,
    /// Bytes of the policy, when read from a file.
    pub span: Option<Span>,
}

/// A policy as its profile stores it: indexes into the profile's role ids and restriction
/// maps, 16 bytes (a profile can hold a million policies, where a [`Policy`] of owned parts
/// took 72). Its position is its index when the profile is `listed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct StoredPolicy {
    /// Index into [`Profile::role_ids`], or [`NONE`].
    role_id: u32,
    /// Index into [`Profile::restrictions`], or [`NONE`].
    restriction: u32,
    /// Its bytes, or [`NO_SPAN`].
    span: Span,
}

/// No role id or restriction.
const NONE: u32 = u32::MAX;

/// No span: no text is that long (files are read up to a bound far below 4 GiB).
const NO_SPAN: Span = Span {
    start: u32::MAX,
    end: u32::MAX,
};

const _: () = assert!(std::mem::size_of::<StoredPolicy>() == 16);

/// A profile: the union of its policies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// Its id.
    pub id: String,
    /// Its policies (Kuzzle gives a profile without any the single policy `default`).
    policies: Vec<StoredPolicy>,
    /// The role ids its policies name, each once, in order of first use: a profile names
    /// a few roles in many policies.
    role_ids: Vec<Name>,
    /// The restriction maps of its restricted policies, in order.
    restrictions: Vec<Restriction>,
    /// True when its policies are those of its `policies` array, in order (false for a
    /// built-in, and for the policy Kuzzle gives a profile whose `policies` is empty).
    listed: bool,
    /// Where it is defined.
    pub origin: Origin,
    /// What a reviewer should know (dropped entries, narrowing, ...), in body order; empty
    /// when the profile was read for the rules (see [`crate::access::load::Notes`]).
    pub notes: Vec<String>,
}

/// A user: the union of its profiles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Its kuid.
    pub id: String,
    /// Its profile ids, in order.
    pub profile_ids: Vec<String>,
    /// Where it is defined.
    pub origin: Origin,
}

/// One target of a multi-index request (`targets` of `document:search`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The index (skipped when missing or empty).
    pub index: Option<String>,
    /// The collections (the target is skipped when missing).
    pub collections: Option<Vec<String>>,
}

/// An API request, as far as rights are concerned.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Request {
    /// Controller.
    pub controller: String,
    /// Action.
    pub action: String,
    /// `index` argument.
    pub index: Option<String>,
    /// `collection` argument.
    pub collection: Option<String>,
    /// `targets` argument (used when non-empty).
    pub targets: Vec<Target>,
}

impl Request {
    /// A request for `controller:action` with no index.
    pub fn new(controller: &str, action: &str) -> Request {
        Request {
            controller: controller.into(),
            action: action.into(),
            ..Request::default()
        }
    }
}

impl Profile {
    /// A profile without policies (see [`Profile::push_policy`]). When `listed`, the
    /// policies added are those of its `policies` array, in order: [`Policy::position`] is
    /// their index.
    pub fn new(id: &str, origin: Origin, listed: bool) -> Profile {
        Profile {
            id: id.to_string(),
            policies: Vec::new(),
            role_ids: Vec::new(),
            restrictions: Vec::new(),
            listed,
            origin,
            notes: Vec::new(),
        }
    }

    /// Make room for `more` policies: a profile read from a file knows how many it has.
    pub fn reserve_policies(&mut self, more: usize) {
        self.policies.reserve_exact(more);
    }

    /// Add a policy.
    pub fn push_policy(&mut self, policy: NewPolicy<'_>) {
        let role_id = policy.role_id.map_or(NONE, |id| self.role_index(id));
        let restriction = match policy.restriction {
            None => NONE,
            Some(r) => {
                self.restrictions.push(r);
                index(self.restrictions.len() - 1)
            }
        };
        self.policies.push(StoredPolicy {
            role_id,
            restriction,
            span: policy.span.unwrap_or(NO_SPAN),
        });
    }

    /// The index of the role id `id`, added unless one of the last few named it: a profile
    /// names a few roles, and a search of all would be quadratic in a profile of a million
    /// policies naming as many roles.
    fn role_index(&mut self, id: &str) -> u32 {
        const SEARCHED: usize = 8;
        let found = self
            .role_ids
            .iter()
            .rev()
            .take(SEARCHED)
            .position(|r| r == id)
            .map(|back| self.role_ids.len() - 1 - back);
        match found {
            Some(i) => index(i),
            None => {
                self.role_ids.push(id.into());
                index(self.role_ids.len() - 1)
            }
        }
    }

    /// Its policies, in order.
    pub fn policies(&self) -> impl ExactSizeIterator<Item = Policy<'_>> + Clone + '_ {
        self.policies
            .iter()
            .enumerate()
            .map(|(i, p)| self.read(i, p))
    }

    /// Its `i`th policy.
    pub fn policy(&self, i: usize) -> Option<Policy<'_>> {
        self.policies.get(i).map(|p| self.read(i, p))
    }

    /// How many policies it has.
    pub fn policy_count(&self) -> usize {
        self.policies.len()
    }

    fn read(&self, i: usize, p: &StoredPolicy) -> Policy<'_> {
        let at = |i: u32| (i != NONE).then_some(i as usize);
        Policy {
            role_id: at(p.role_id)
                .and_then(|i| self.role_ids.get(i))
                .map(Name::as_str),
            restriction: at(p.restriction).and_then(|i| self.restrictions.get(i)),
            position: self.listed.then(|| index(i)),
            span: (p.span != NO_SPAN).then_some(p.span),
        }
    }

    /// JSON Pointer of `policy` (one of this profile's) in its file: built when asked, since
    /// a profile can hold millions of policies (empty for built-ins).
    pub fn policy_pointer(&self, policy: &Policy<'_>) -> String {
        let Origin::File { pointer, .. } = &self.origin else {
            return String::new();
        };
        let mut out = format!("{pointer}/policies");
        if let Some(i) = policy.position {
            crate::core::pointer::push_index(&mut out, i as usize);
        }
        out
    }

    /// Whether two profiles have the same policies (locations aside).
    pub fn policies_eq(&self, other: &Profile) -> bool {
        self.policy_count() == other.policy_count()
            && self
                .policies()
                .zip(other.policies())
                .all(|(a, b)| a.role_id == b.role_id && a.restriction == b.restriction)
    }
}

/// A policy to add to a profile ([`Profile::push_policy`]): the parts of a [`Policy`], its
/// restriction map owned.
#[derive(Debug, Clone, Default)]
pub struct NewPolicy<'a> {
    /// The role id.
    pub role_id: Option<&'a str>,
    /// The restriction map.
    pub restriction: Option<Restriction>,
    /// Bytes of the policy, when read from a file.
    pub span: Option<Span>,
}

/// An index into a profile's vectors (a file cannot hold 4 billion policies: its text is
/// bounded far below).
fn index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(NONE - 1)
}

// A policy can restrict to a million indexes; keep a map entry from growing by accident.
const _: () = assert!(std::mem::size_of::<(IndexKey, Collections)>() == 32);
