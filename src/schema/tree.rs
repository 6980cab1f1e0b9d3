//! The spanned tree as a JSON representation the validator reads directly, so a body is not
//! copied into a `serde_json::Value` before its schema pass.
//!
//! It shows the validator exactly what [`Node::to_value`] would: with duplicate keys the last
//! one wins, and a number out of the 64-bit range reads as `null`.

use super::shadowed::Shadowed;
use crate::parse::{Items, Member, Members, Node, Value as NodeValue};
use jsonschema::json::{cmp, Array, Json, Node as JsonNode, NodeIdentity, Object};
use jsonschema::types::JsonType;
use jsonschema_value::LazyInstance;

/// Containers whose records take more words than this are not copied into the errors of a
/// schema pass (see `lazy_value`).
pub(crate) const COPIED_WORDS: usize = 3 * 1024;
use serde_json::Value;
use std::borrow::Cow;

/// Marker type of the representation.
pub struct Tree;

/// A node, with what the validator is shown of its tree (`None`: all of it).
#[derive(Clone, Copy)]
pub struct TreeNode<'a> {
    node: Node<'a>,
    view: Option<&'a View<'a>>,
    /// Shown empty (a member shown beside a run: see [`Part`]).
    empty: bool,
}

/// What the validator is shown of a tree: not the members hidden by a later duplicate key,
/// and of some containers only a part (see [`Part`] and `super::window`).
pub struct View<'a> {
    shadowed: &'a Shadowed,
    /// What a pass shows of the containers it cuts, by container id, sorted...
    first: &'a [(u32, Part)],
    /// ...unless this pass shows another part of them (sorted by id as well).
    parts: Vec<(u32, Part)>,
}

/// A run of a container's entries.
#[derive(Clone, Copy, Debug)]
pub struct Run {
    /// The id of its first entry.
    pub first: u32,
    /// The position of that entry in the container.
    pub start: u32,
    /// How many entries.
    pub count: u32,
}

/// What the validator is shown of a container in a pass: a run of its entries, and (of an
/// object) members outside the run, shown empty.
#[derive(Debug)]
pub struct Part {
    /// The entries shown.
    pub run: Run,
    /// The ids of the members shown beside the run, empty.
    pub extras: Vec<u32>,
}

impl Part {
    /// The members of the run, given the container's members.
    pub fn members<'a>(&self, members: Members<'a>) -> Members<'a> {
        members.run(
            self.run.first as usize,
            self.run.start as usize,
            self.run.count as usize,
        )
    }
    /// The elements of the run, given the container's elements.
    pub fn items<'a>(&self, items: Items<'a>) -> Items<'a> {
        items.run(
            self.run.first as usize,
            self.run.start as usize,
            self.run.count as usize,
        )
    }
    /// True when `key` names a member shown beside the run (of `members`, the object's).
    pub fn names_extra(&self, members: Members<'_>, key: &str) -> bool {
        self.extras
            .iter()
            .any(|&id| members.with_id(id as usize).key_is(key))
    }
}

impl<'a> View<'a> {
    /// Hide the `shadowed` members, and show the containers of `first` and `parts` in part
    /// (`parts` first; both sorted by id).
    pub fn new(shadowed: &'a Shadowed, first: &'a [(u32, Part)], parts: Vec<(u32, Part)>) -> Self {
        View {
            shadowed,
            first,
            parts,
        }
    }

    /// The root of a document as this view shows it.
    pub fn root(&'a self, node: Node<'a>) -> TreeNode<'a> {
        let whole = self.shadowed.is_empty() && self.first.is_empty() && self.parts.is_empty();
        TreeNode {
            node,
            view: (!whole).then_some(self),
            empty: false,
        }
    }

    /// What this view shows of the container `node`, when it shows a part of it.
    pub fn part(&self, node: Node<'_>) -> Option<&Part> {
        let id = node.id() as u32;
        let find = |parts: &'a [(u32, Part)]| {
            parts
                .binary_search_by_key(&id, |&(at, _)| at)
                .ok()
                .map(|i| &parts[i].1)
        };
        let parts: &[(u32, Part)] = &self.parts;
        match parts.binary_search_by_key(&id, |&(at, _)| at) {
            Ok(i) => Some(&parts[i].1),
            Err(_) => find(self.first),
        }
    }

    /// True when `member` is hidden by a later duplicate of its key.
    pub fn hides(&self, member: Member<'_>) -> bool {
        self.shadowed.hides(member)
    }
}

impl<'a> TreeNode<'a> {
    fn child(&self, node: Node<'a>) -> Self {
        TreeNode {
            node,
            view: self.view,
            empty: false,
        }
    }
    /// `node`, shown empty when it is a container.
    fn emptied(&self, node: Node<'a>) -> Self {
        TreeNode {
            node,
            view: self.view,
            empty: true,
        }
    }
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
            empty: false,
        })
    }
}

impl<'a> JsonNode<'a, Tree> for TreeNode<'a> {
    type Object = TreeObject<'a>;
    type Array = TreeArray<'a>;
    type Number = serde_json::Number;

    #[inline]
    fn as_object(&self) -> Option<TreeObject<'a>> {
        let NodeValue::Object(all) = self.node.value() else {
            return None;
        };
        let (members, extras) = match self.view {
            None => (all, &[][..]),
            Some(_) if self.empty => (Members::default(), &[][..]),
            Some(view) => match view.part(self.node) {
                Some(part) => (part.members(all), &part.extras[..]),
                None => (all, &[][..]),
            },
        };
        Some(TreeObject {
            members,
            all,
            extras,
            parent: *self,
        })
    }

    #[inline]
    fn as_array(&self) -> Option<TreeArray<'a>> {
        let NodeValue::Array(items) = self.node.value() else {
            return None;
        };
        let items = match self.view {
            None => items,
            Some(_) if self.empty => Items::default(),
            Some(view) => view.part(self.node).map_or(items, |part| part.items(items)),
        };
        Some(TreeArray {
            items,
            parent: *self,
        })
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
        Cow::Owned(match self.node.value() {
            NodeValue::Object(_) if self.empty => Value::Object(serde_json::Map::new()),
            NodeValue::Array(_) if self.empty => Value::Array(Vec::new()),
            _ => self.node.to_value(),
        })
    }

    /// The instance a validation error carries. bodyguard reads only an error's kind and
    /// paths, never its instance, so a big container's is not copied: an empty one of its
    /// type stands for it (a copy is about 80 bytes a value). jsonschema reads an instance
    /// itself only where a regular expression could not finish, and no schema of a kind runs
    /// one (`schema::tests::no_kind_schema_runs_a_regex`).
    fn lazy_value(&self) -> LazyInstance<'a> {
        let big = match self.node.value() {
            NodeValue::Object(_) | NodeValue::Array(_) => {
                self.node.ids_end() - self.node.id() > COPIED_WORDS
            }
            _ => false,
        };
        if !big || self.empty {
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

/// An object's members as the validator sees them: no shadowed duplicate, and of an object
/// shown in part, its run then its members shown beside it, empty.
#[derive(Clone, Copy)]
pub struct TreeObject<'a> {
    /// The members shown (all of them, or a run).
    members: Members<'a>,
    /// All the members of the object.
    all: Members<'a>,
    /// The ids of members shown beside the run, empty.
    extras: &'a [u32],
    parent: TreeNode<'a>,
}

/// Iterator over the visible members of an object.
pub struct TreeMembers<'a> {
    members: crate::parse::MembersIter<'a>,
    all: Members<'a>,
    extras: std::slice::Iter<'a, u32>,
    parent: TreeNode<'a>,
}

impl<'a> Iterator for TreeMembers<'a> {
    type Item = (&'a str, TreeNode<'a>);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        for m in self.members.by_ref() {
            if self.parent.view.is_some_and(|view| view.hides(m)) {
                continue;
            }
            return Some((m.key(), self.parent.child(m.value())));
        }
        let m = self.all.with_id(*self.extras.next()? as usize);
        Some((m.key(), self.parent.emptied(m.value())))
    }
}

impl<'a> Object<'a, Tree> for TreeObject<'a> {
    type Node = TreeNode<'a>;
    type MemberName = &'a str;
    type MembersIter = TreeMembers<'a>;

    fn len(&self) -> usize {
        let shown = match self.parent.view {
            None => self.members.len(),
            Some(view) => self.members.iter().filter(|m| !view.hides(*m)).count(),
        };
        shown + self.extras.len()
    }

    #[inline]
    fn get(&self, key: &String) -> Option<TreeNode<'a>> {
        if let Some(&id) = self
            .extras
            .iter()
            .find(|&&id| self.all.with_id(id as usize).key_is(key))
        {
            return Some(self.parent.emptied(self.all.with_id(id as usize).value()));
        }
        // The member shown is the last of its key; when a later one is outside the run,
        // the key is not shown.
        self.members
            .named(key)
            .filter(|m| !self.parent.view.is_some_and(|view| view.hides(*m)))
            .map(|m| self.parent.child(m.value()))
    }

    #[inline]
    fn members(&self) -> TreeMembers<'a> {
        TreeMembers {
            members: self.members.iter(),
            all: self.all,
            extras: self.extras.iter(),
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
