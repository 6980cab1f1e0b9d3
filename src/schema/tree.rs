//! The spanned tree as a JSON representation the validator reads directly, so a body is not
//! copied into a `serde_json::Value` before its schema pass.
//!
//! It shows the validator exactly what [`Node::to_value`] would: with duplicate keys the last
//! one wins, and a number out of the 64-bit range reads as `null`.

use crate::parse::{Items, Member, Members, Node, Value as NodeValue};
use jsonschema::json::{cmp, Array, Json, Node as JsonNode, NodeIdentity, Object};
use jsonschema::types::JsonType;
use jsonschema_value::LazyInstance;
use serde_json::Value;
use std::borrow::Cow;
use std::hash::BuildHasher;

/// Containers of more entries than this are not copied into the errors of a schema pass (see
/// `lazy_value`).
pub(crate) const COPIED_ENTRIES: usize = 1024;

/// Marker type of the representation.
pub struct Tree;

/// A node, with what the validator is shown of its tree (`None`: all of it).
#[derive(Clone, Copy)]
pub struct TreeNode<'a> {
    node: Node<'a>,
    view: Option<&'a View<'a>>,
}

/// What the validator is shown of a tree: not the members hidden by a later duplicate key,
/// and of some objects only a range of members (see [`Window`]).
pub struct View<'a> {
    shadowed: &'a Shadowed,
    windows: Vec<Window>,
}

/// An object the validator is shown only a range of members of: a securities file's
/// sections are validated a window of entries at a time, so that the validator, which
/// collects every error of a pass before giving the first, holds the errors of one window
/// only (about 500 bytes each).
pub struct Window {
    /// The object's address.
    object: usize,
    /// The members shown.
    members: std::ops::Range<usize>,
}

impl Window {
    /// Show only `members` of `object`.
    pub fn new(object: Node<'_>, members: std::ops::Range<usize>) -> Window {
        Window {
            object: object.id(),
            members,
        }
    }
}

impl<'a> View<'a> {
    /// Hide the `shadowed` members, and show the objects of `windows` in part.
    pub fn new(shadowed: &'a Shadowed, windows: Vec<Window>) -> View<'a> {
        View { shadowed, windows }
    }

    /// The root of a document as this view shows it.
    pub fn root(&'a self, node: Node<'a>) -> TreeNode<'a> {
        let whole = self.shadowed.is_empty() && self.windows.is_empty();
        TreeNode {
            node,
            view: (!whole).then_some(self),
        }
    }

    /// The members of `object` (whose members are `members`) shown.
    fn shown(&self, object: Node<'_>, members: Members<'a>) -> Members<'a> {
        let address = object.id();
        match self.windows.iter().find(|w| w.object == address) {
            Some(w) => members.range(w.members.clone()),
            None => members,
        }
    }
}

/// The members a later member of the same object overrides: a bit for each [`Member::id`]
/// of the tree (a thirty-second of its records' bytes, whether one member is shadowed or a
/// million).
#[derive(Debug, Default)]
pub struct Shadowed {
    bits: Box<[u64]>,
    any: bool,
}

impl Shadowed {
    /// True when no member is shadowed.
    pub fn is_empty(&self) -> bool {
        !self.any
    }
    /// True when `member` is hidden by a later duplicate of its key.
    pub fn hides(&self, member: Member<'_>) -> bool {
        let id = member.id();
        self.bits
            .get(id / 64)
            .is_some_and(|word| word & (1 << (id % 64)) != 0)
    }
    fn add(&mut self, id: usize) {
        if let Some(word) = self.bits.get_mut(id / 64) {
            *word |= 1 << (id % 64);
            self.any = true;
        }
    }
}

impl<'a> TreeNode<'a> {
    fn child(&self, node: Node<'a>) -> Self {
        TreeNode {
            node,
            view: self.view,
        }
    }
}

/// The members a later member of the same object overrides.
pub fn shadowed_members(root: Node<'_>) -> Shadowed {
    let mut out = Shadowed {
        bits: vec![0u64; root.ids_end() / 64 + 1].into_boxed_slice(),
        any: false,
    };
    // Room for the usual body, so the stack does not grow step by step.
    let mut stack = Vec::with_capacity(64);
    stack.push(root);
    while let Some(node) = stack.pop() {
        match node.value() {
            NodeValue::Array(items) => stack.extend(items.iter().filter(|v| is_container(*v))),
            NodeValue::Object(members) => {
                if members.len() <= 16 {
                    for (i, m) in members.iter().enumerate() {
                        if members.iter_from(i + 1).any(|later| later.key() == m.key()) {
                            out.add(m.id());
                        }
                    }
                } else {
                    // Each key's latest member so far, 4 bytes a key: a member is shadowed
                    // when a later one takes its place. Grown as keys come: an object of a
                    // million members may have one key.
                    let hasher = foldhash::fast::RandomState::default();
                    let key = |id: u32| members.with_id(id as usize).key();
                    let mut latest = hashbrown::HashTable::<u32>::new();
                    for m in members.iter() {
                        let hash = hasher.hash_one(m.key());
                        match latest.entry(
                            hash,
                            |&id| key(id) == m.key(),
                            |&id| hasher.hash_one(key(id)),
                        ) {
                            hashbrown::hash_table::Entry::Occupied(mut e) => {
                                out.add(*e.get() as usize);
                                *e.get_mut() = m.id() as u32;
                            }
                            hashbrown::hash_table::Entry::Vacant(e) => {
                                e.insert(m.id() as u32);
                            }
                        }
                    }
                }
                stack.extend(
                    members
                        .iter()
                        .map(|m| m.value())
                        .filter(|v| is_container(*v)),
                );
            }
            _ => {}
        }
    }
    out
}

/// True for an object or an array (scalars hold no member).
fn is_container(node: Node<'_>) -> bool {
    matches!(node.value(), NodeValue::Array(_) | NodeValue::Object(_))
}

fn number(literal: &str) -> Option<serde_json::Number> {
    literal.parse::<serde_json::Number>().ok()
}

impl Json for Tree {
    type Node<'a> = TreeNode<'a>;
    type PreparedKey = String;
    type StringBuffer = ();

    fn prepare_key(key: &str) -> String {
        key.to_owned()
    }

    fn with_string_node<T>((): &mut (), string: &str, f: impl FnOnce(TreeNode<'_>) -> T) -> T {
        let tree = crate::parse::Tree::string(string);
        f(TreeNode {
            node: tree.root(),
            view: None,
        })
    }
}

impl<'a> JsonNode<'a, Tree> for TreeNode<'a> {
    type Object = TreeObject<'a>;
    type Array = TreeArray<'a>;
    type Number = serde_json::Number;

    fn as_object(&self) -> Option<TreeObject<'a>> {
        match self.node.value() {
            NodeValue::Object(members) => Some(TreeObject {
                members: match self.view {
                    Some(view) => view.shown(self.node, members),
                    None => members,
                },
                parent: *self,
            }),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<TreeArray<'a>> {
        match self.node.value() {
            NodeValue::Array(items) => Some(TreeArray {
                items,
                parent: *self,
            }),
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        match self.node.value() {
            NodeValue::String(s) => Some(Cow::Borrowed(s)),
            _ => None,
        }
    }

    fn as_number(&self) -> Option<serde_json::Number> {
        match self.node.value() {
            NodeValue::Number(n) => number(n),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        self.node.as_bool()
    }

    fn is_null(&self) -> bool {
        match self.node.value() {
            NodeValue::Null => true,
            NodeValue::Number(n) => number(n).is_none(),
            _ => false,
        }
    }

    fn json_type(&self) -> JsonType {
        match self.node.value() {
            NodeValue::Null => JsonType::Null,
            NodeValue::Bool(_) => JsonType::Boolean,
            NodeValue::Number(n) if number(n).is_some() => JsonType::Number,
            NodeValue::Number(_) => JsonType::Null,
            NodeValue::String(_) => JsonType::String,
            NodeValue::Array(_) => JsonType::Array,
            NodeValue::Object(_) => JsonType::Object,
        }
    }

    fn equals_value(&self, expected: &Value) -> bool {
        match (self.node.value(), expected) {
            (NodeValue::String(a), Value::String(b)) => a == b,
            (NodeValue::String(_), _) => false,
            (NodeValue::Bool(a), Value::Bool(b)) => a == *b,
            (NodeValue::Bool(_), _) => false,
            (NodeValue::Null, Value::Null) => true,
            (NodeValue::Null, _) => false,
            _ => cmp::equal(&self.to_value(), expected),
        }
    }

    fn to_value(&self) -> Cow<'a, Value> {
        Cow::Owned(self.node.to_value())
    }

    /// The instance a validation error carries. bodyguard reads only an error's kind and
    /// paths, never its instance, so a wide container's is not copied: an empty one of its
    /// type stands for it (a copy of two million unknown keys is 80 bytes a key). jsonschema
    /// reads an instance itself only where a regular expression could not finish, and no
    /// schema of a kind runs one (`schema::tests::no_kind_schema_runs_a_regex`).
    fn lazy_value(&self) -> LazyInstance<'a> {
        let wide = match self.node.value() {
            NodeValue::Object(members) => members.len() > COPIED_ENTRIES,
            NodeValue::Array(items) => items.len() > COPIED_ENTRIES,
            _ => false,
        };
        if !wide {
            return LazyInstance::Ready(self.to_value());
        }
        LazyInstance::Deferred {
            bytes: &[],
            tag: u32::from(self.node.as_array().is_some()),
            make: |_, array| {
                if array == 1 {
                    Value::Array(Vec::new())
                } else {
                    Value::Object(serde_json::Map::new())
                }
            },
            cell: std::sync::OnceLock::new(),
        }
    }

    fn identity(&self) -> Option<NodeIdentity> {
        Some(NodeIdentity::new(self.node.id()))
    }
}

/// An object's members as the validator sees them (no shadowed duplicate).
#[derive(Clone, Copy)]
pub struct TreeObject<'a> {
    members: Members<'a>,
    parent: TreeNode<'a>,
}

/// Iterator over the visible members of an object.
pub struct TreeMembers<'a> {
    members: crate::parse::MembersIter<'a>,
    parent: TreeNode<'a>,
}

impl<'a> Iterator for TreeMembers<'a> {
    type Item = (&'a str, TreeNode<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let m = self.members.next()?;
            if let Some(view) = self.parent.view {
                if view.shadowed.hides(m) {
                    continue;
                }
            }
            return Some((m.key(), self.parent.child(m.value())));
        }
    }
}

impl<'a> Object<'a, Tree> for TreeObject<'a> {
    type Node = TreeNode<'a>;
    type MemberName = &'a str;
    type MembersIter = TreeMembers<'a>;

    fn len(&self) -> usize {
        match self.parent.view {
            None => self.members.len(),
            Some(view) => self
                .members
                .iter()
                .filter(|m| !view.shadowed.hides(*m))
                .count(),
        }
    }

    fn get(&self, key: &String) -> Option<TreeNode<'a>> {
        self.members
            .named(key)
            .map(|m| self.parent.child(m.value()))
    }

    fn members(&self) -> TreeMembers<'a> {
        TreeMembers {
            members: self.members.iter(),
            parent: self.parent,
        }
    }
}

/// An array's elements.
#[derive(Clone, Copy)]
pub struct TreeArray<'a> {
    items: Items<'a>,
    parent: TreeNode<'a>,
}

/// Iterator over the elements of an array.
pub struct TreeElements<'a> {
    items: crate::parse::ItemsIter<'a>,
    parent: TreeNode<'a>,
}

impl<'a> Iterator for TreeElements<'a> {
    type Item = TreeNode<'a>;

    fn next(&mut self) -> Option<TreeNode<'a>> {
        self.items.next().map(|n| self.parent.child(n))
    }
}

impl<'a> Array<'a, Tree> for TreeArray<'a> {
    type Node = TreeNode<'a>;
    type ElementsIter = TreeElements<'a>;

    fn len(&self) -> usize {
        self.items.len()
    }

    fn elements(&self) -> TreeElements<'a> {
        TreeElements {
            items: self.items.iter(),
            parent: self.parent,
        }
    }
}
