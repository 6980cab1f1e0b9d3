//! The typed view of one profile that the rules of this pack run over, built once per
//! profile: its top-level members, its policies, their restrictions (with the ones Kuzzle
//! drops marked), and the collections each restriction names. Kuzzle's reading of a
//! restriction (which index it keeps, whether it grants the whole index) comes from the
//! access model ([`crate::access::load`]), so it is written once.

use super::names::name_problem;
use crate::access::load::{grants_whole_index, is_falsy, kept_index};
use crate::core::first_seen::FirstSeen;
use crate::core::Span;
use crate::parse::{Items, Member, Members, Node, Value};

/// The top-level keys Kuzzle reads in a profile.
pub(super) const PROFILE_KEYS: [&str; 3] = ["policies", "rateLimit", "tags"];

/// One profile: a profile body, or a profile of a securities file.
pub struct Profile<'a> {
    /// The profile object.
    pub node: Node<'a>,
    /// Its members, in order.
    pub members: Members<'a>,
    /// JSON Pointer of the profile (`""` for a body, `/profiles/<id>` in a securities file).
    pub pointer: &'a str,
    /// The profile's id when known (request `_id`, securities key).
    pub id: Option<&'a str>,
    /// `policies`, when it is an array.
    pub policies: Option<Policies<'a>>,
}

/// The `policies` array of a profile.
pub struct Policies<'a> {
    /// The `"policies": [...]` member.
    pub member: Member<'a>,
    /// Its items, whatever their type.
    pub items: Items<'a>,
    /// JSON Pointer of the profile.
    base: &'a str,
    /// The items that are objects, in order (read with [`Profile::policies`]).
    policies: Vec<StoredPolicy>,
    /// The `restrictedTo` of each policy that has one, in order.
    restricted_tos: Vec<RestrictedTo<'a>>,
}

/// What [`Policies`] keeps of a [`Policy`]: a `policies` array can hold millions of small
/// objects, so the record is 12 bytes and the rest is read from the tree.
struct StoredPolicy {
    /// Its `roleId` value ([`Node::id`]), or `u32::MAX`: every rule over policies reads it.
    role: u32,
    /// Its position in `policies`.
    position: u32,
    /// Its `restrictedTo` in [`Policies::restricted_tos`], or `u32::MAX`.
    restricted_to: u32,
}

/// One policy object: a handle made when a rule asks for it.
pub struct Policy<'a> {
    /// JSON Pointer of the profile.
    base: &'a str,
    /// Its position in `policies`.
    position: usize,
    /// `roleId`, whatever its type.
    pub role: Option<Node<'a>>,
    /// `roleId` when it is a string.
    pub role_id: Option<&'a str>,
    /// `restrictedTo`, when present.
    pub restricted_to: Option<&'a RestrictedTo<'a>>,
}

/// The `restrictedTo` member of a policy.
pub struct RestrictedTo<'a> {
    /// The `"restrictedTo": ...` member.
    pub member: Member<'a>,
    /// JSON Pointer of the profile.
    base: &'a str,
    /// The position of its policy in `policies`.
    policy: usize,
    /// True when the value is falsy (Kuzzle then applies no restriction).
    pub falsy: bool,
    /// Its items when it is an array (empty otherwise).
    pub items: Items<'a>,
    /// The items that are objects with an `index`, in order (read with
    /// [`RestrictedTo::restrictions`]).
    restrictions: Vec<Stored>,
    /// True when Kuzzle keeps no restriction of a non-empty list and every item has a
    /// non-null `index` (each one is dropped for its falsy index).
    pub all_dropped: bool,
    /// True when Kuzzle keeps at least one restriction (the policy is really restricted).
    pub restricts: bool,
}

/// One restriction object with an `index`: a handle made when a rule asks for it.
#[derive(Clone, Copy)]
pub struct Restriction<'a> {
    /// The restriction object.
    pub node: Node<'a>,
    /// Its position in `restrictedTo`.
    position: u32,
    /// Whether the `index`, when a non-empty string, is a name Kuzzle can create.
    valid_name: bool,
}

/// What a [`RestrictedTo`] keeps of each [`Restriction`]. A `restrictedTo` list can hold
/// millions, so the record keeps what is costly to find again (whether its `index` is a
/// valid name) and reads the rest from the tree: 12 bytes.
struct Stored {
    /// The restriction object ([`Node::id`]).
    node: u32,
    /// Its position in `restrictedTo`.
    position: u32,
    /// Whether the `index`, when a non-empty string, is a name Kuzzle can create.
    valid_name: bool,
}

/// The `index` of a restriction, as the rules tell it apart.
pub enum IndexName<'a> {
    /// `null` (rejected by Kuzzle and by the schema).
    Null,
    /// `""`, `0` or `false`: dropped by Kuzzle.
    Falsy,
    /// A non-empty string, and whether Kuzzle can create an index of that name
    /// ([`name_problem`] says why not).
    Name(&'a str, bool),
    /// Any other value: kept, but never matches.
    Other,
}

/// One item of a restriction's `collections`.
pub struct Collection<'a> {
    /// Its position in `collections`.
    pub position: usize,
    /// The item.
    pub node: Node<'a>,
    /// The spans of the items before and after it (a fix removing it reads what lies
    /// between them).
    pub neighbours: (Option<Span>, Option<Span>),
    /// What the item is.
    pub name: CollectionName<'a>,
}

/// An item of `collections`, as the rules tell it apart.
pub enum CollectionName<'a> {
    /// Not a non-empty string: never matches.
    NotAName,
    /// A name listed earlier in the same list (span of the first).
    Repeat(&'a str, Span),
    /// The first listing of a name, and why no collection can have that name (if so;
    /// `_kuzzle_keep` has its own finding).
    Name(&'a str, Option<Box<str>>),
}

impl<'a> Profile<'a> {
    /// The view of the profile object `node` at `pointer`, or `None` when it is not an object.
    pub fn new(node: Node<'a>, pointer: &'a str, id: Option<&'a str>) -> Option<Profile<'a>> {
        let members = node.as_object()?;
        let policies = node.member("policies").and_then(|member| {
            let items = member.value().as_array()?;
            let mut policies = Vec::with_capacity(items.len());
            let mut restricted_tos = Vec::new();
            for (position, p) in items.iter().enumerate() {
                if p.as_object().is_none() {
                    continue;
                }
                let restricted_to = match p.member("restrictedTo") {
                    Some(m) => {
                        restricted_tos.push(RestrictedTo::new(m, pointer, position));
                        restricted_tos.len() as u32 - 1
                    }
                    None => u32::MAX,
                };
                policies.push(StoredPolicy {
                    role: p.get("roleId").map_or(u32::MAX, |r| r.id() as u32),
                    position: position as u32,
                    restricted_to,
                });
            }
            if policies.len() < policies.capacity() / 2 {
                policies.shrink_to_fit();
            }
            Some(Policies {
                member,
                items,
                base: pointer,
                policies,
                restricted_tos,
            })
        });
        Some(Profile {
            node,
            members,
            pointer,
            id,
            policies,
        })
    }

    /// The policies that are objects, in order (none when `policies` is not an array).
    pub fn policies(&self) -> impl ExactSizeIterator<Item = Policy<'_>> {
        let stored = self.policies.as_ref().map_or(&[][..], |p| &p.policies[..]);
        stored.iter().map(move |s| {
            let role = (s.role != u32::MAX).then(|| self.node.with_id(s.role as usize));
            Policy {
                base: self.pointer,
                position: s.position as usize,
                role,
                role_id: role.and_then(Node::as_str),
                restricted_to: self
                    .policies
                    .as_ref()
                    .and_then(|p| p.restricted_tos.get(s.restricted_to as usize)),
            }
        })
    }

    /// The `restrictedTo` of each policy that has one.
    pub fn restricted_tos(&self) -> impl Iterator<Item = &RestrictedTo<'a>> {
        self.policies.iter().flat_map(|p| p.restricted_tos.iter())
    }

    /// Each restriction with an `index`, in order.
    pub fn restrictions(&self) -> impl Iterator<Item = (&RestrictedTo<'a>, Restriction<'a>)> {
        self.restricted_tos()
            .flat_map(|rt| rt.restrictions().map(move |r| (rt, r)))
    }
}

impl<'a> Policies<'a> {
    /// JSON Pointer of the array (built when a finding needs it).
    pub fn pointer(&self) -> String {
        member_pointer(self.base, "policies")
    }
}

impl Policy<'_> {
    /// JSON Pointer of the policy (built when a finding needs it).
    pub fn pointer(&self) -> String {
        policy_pointer(self.base, self.position)
    }
}

/// JSON Pointer of the policy at `position` of the profile at `base`.
fn policy_pointer(base: &str, position: usize) -> String {
    item_pointer(&member_pointer(base, "policies"), position)
}

impl<'a> RestrictedTo<'a> {
    /// JSON Pointer of its value (built when a finding needs it).
    pub fn pointer(&self) -> String {
        member_pointer(&policy_pointer(self.base, self.policy), "restrictedTo")
    }

    fn new(member: Member<'a>, base: &'a str, policy: usize) -> RestrictedTo<'a> {
        let value = member.value();
        let falsy = is_falsy(value);
        let items = match value.as_array() {
            Some(items) if !falsy => items,
            _ => Items::default(),
        };
        // Room for every item at once (a restriction as a rule, in the thousands at times):
        // a vector grown by doubling kept up to twice its records.
        let mut restrictions: Vec<Stored> = Vec::with_capacity(items.len());
        restrictions.extend(
            items
                .iter()
                .enumerate()
                .filter(|(_, r)| r.as_object().is_some())
                .filter_map(|(j, r)| Restriction::new(j, r))
                .map(|r| Stored {
                    node: r.node.id() as u32,
                    position: r.position,
                    valid_name: r.valid_name,
                }),
        );
        if restrictions.len() < restrictions.capacity() / 2 {
            restrictions.shrink_to_fit();
        }
        let kept = items.iter().filter(|r| kept_index(*r).is_some()).count();
        let with_index = items
            .iter()
            .filter(|r| r.get("index").is_some_and(|ix| !ix.is_null()))
            .count();
        RestrictedTo {
            member,
            base,
            policy,
            falsy,
            items,
            restrictions,
            all_dropped: kept == 0 && with_index == items.len(),
            restricts: kept > 0,
        }
    }
}

impl<'a> RestrictedTo<'a> {
    /// The items that are objects with an `index`, in order.
    pub fn restrictions(&self) -> impl ExactSizeIterator<Item = Restriction<'a>> + '_ {
        self.restrictions.iter().map(|r| self.made(r))
    }
    /// The restriction at `i` of [`RestrictedTo::restrictions`].
    pub fn restriction(&self, i: usize) -> Option<Restriction<'a>> {
        self.restrictions.get(i).map(|r| self.made(r))
    }
    /// How many [`RestrictedTo::restrictions`] there are.
    pub fn restriction_count(&self) -> usize {
        self.restrictions.len()
    }
    fn made(&self, r: &Stored) -> Restriction<'a> {
        Restriction {
            node: self.member.value().with_id(r.node as usize),
            position: r.position,
            valid_name: r.valid_name,
        }
    }
}

impl<'a> Restriction<'a> {
    fn new(position: usize, node: Node<'a>) -> Option<Restriction<'a>> {
        let index = node.get("index")?;
        let valid_name = index.as_str().is_some_and(|s| name_problem(s).is_none());
        Some(Restriction {
            node,
            position: u32::try_from(position).unwrap_or(u32::MAX),
            valid_name,
        })
    }

    /// Its position in `restrictedTo`.
    pub fn position(&self) -> usize {
        self.position as usize
    }

    /// Its `index` value (read again: a restriction is only made when it has one).
    pub fn index(&self) -> Node<'a> {
        self.node.get("index").unwrap_or(self.node)
    }

    /// What the `index` is.
    pub fn name(&self) -> IndexName<'a> {
        let index = self.index();
        match index.value() {
            Value::Null => IndexName::Null,
            _ if is_falsy(index) => IndexName::Falsy,
            Value::String(s) => IndexName::Name(s, self.valid_name),
            _ => IndexName::Other,
        }
    }

    /// Its `collections` value, when present.
    pub fn collections(&self) -> Option<Node<'a>> {
        self.node.get("collections")
    }

    /// The items of `collections` when it is an array (none otherwise).
    pub fn collection_items(&self) -> Items<'a> {
        self.collections()
            .and_then(Node::as_array)
            .unwrap_or_default()
    }

    /// The items of `collections`, each told apart, as they are read: a list can hold
    /// millions of items, so nothing is collected but the first place of each name.
    pub fn names(&self) -> impl Iterator<Item = Collection<'a>> {
        let mut seen = FirstSeen::new();
        let mut items = self.collection_items().iter().enumerate().peekable();
        let mut before = None;
        std::iter::from_fn(move || {
            let (position, node) = items.next()?;
            let after = items.peek().map(|(_, next)| next.span());
            let collection = Collection {
                position,
                node,
                neighbours: (before, after),
                name: collection_name(&mut seen, node),
            };
            before = Some(node.span());
            Some(collection)
        })
    }

    /// True when the restriction grants its whole index (no collections, `null` or `[]`).
    pub fn whole(&self) -> bool {
        grants_whole_index(self.node)
    }

    /// The index name when it is a string Kuzzle can create (the inventory is asked then).
    pub fn valid_index(&self) -> Option<&'a str> {
        match self.name() {
            IndexName::Name(s, true) => Some(s),
            _ => None,
        }
    }
}

/// What `node`, an item of a `collections` list, is, given the first place of each name
/// listed before it.
fn collection_name<'a>(seen: &mut FirstSeen<'a, Span>, node: Node<'a>) -> CollectionName<'a> {
    match node.as_str().filter(|s| !s.is_empty()) {
        None => CollectionName::NotAName,
        Some(name) => match seen.repeat_of(name, node.span()) {
            Some(first) => CollectionName::Repeat(name, first),
            None => {
                let problem = if name == "_kuzzle_keep" {
                    None
                } else {
                    name_problem(name)
                };
                CollectionName::Name(name, problem.map(String::into_boxed_str))
            }
        },
    }
}

/// True when two of the restriction `items` may name the same index. Restrictions on
/// distinct indexes are neither repeated nor narrowed, so most policies stop here; lists
/// longer than a few items answer true (their rules group them in linear time).
pub(super) fn may_share_an_index(items: Items<'_>) -> bool {
    if items.len() < 2 {
        return false;
    }
    if items.len() > 16 {
        return true;
    }
    items.iter().enumerate().any(|(i, a)| {
        a.get("index").is_some_and(|ia| {
            items
                .iter_from(i + 1)
                .any(|b| b.get("index").is_some_and(|ib| same_json(ia, ib)))
        })
    })
}

/// True when two values are written as the same JSON text.
fn same_json(a: Node<'_>, b: Node<'_>) -> bool {
    match (a.value(), b.value()) {
        (Value::String(x), Value::String(y)) => x == y,
        (Value::String(_), _) | (_, Value::String(_)) => false,
        _ => {
            let (a, b) = (a.to_value().to_string(), b.to_value().to_string());
            a == b
        }
    }
}

/// `base` followed by the member `name` (a name with no `~` or `/`, which JSON Pointer would
/// escape). Sized once.
pub(super) fn member_pointer(base: &str, name: &str) -> String {
    let mut out = String::with_capacity(base.len() + 1 + name.len());
    out.push_str(base);
    out.push('/');
    out.push_str(name);
    out
}

/// `base` followed by the array index `i`, without the formatting machinery.
pub(super) fn item_pointer(base: &str, i: usize) -> String {
    let mut out = String::with_capacity(base.len() + 1 + 20);
    out.push_str(base);
    crate::core::pointer::push_index(&mut out, i);
    out
}

// A profile can have a restriction every 20 bytes of text, each read into one of these.
const _: () = assert!(std::mem::size_of::<Stored>() == 12);
const _: () = assert!(std::mem::size_of::<StoredPolicy>() == 12);

#[cfg(test)]
mod pointer_tests {
    use super::*;
    use crate::core::pointer::pointer_join;

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
