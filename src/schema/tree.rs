//! The spanned tree as a JSON representation the validator reads directly, so a body is not
//! copied into a `serde_json::Value` before its schema pass.
//!
//! It shows the validator exactly what [`Node::to_value`] would: with duplicate keys the last
//! one wins, and a number out of the 64-bit range reads as `null`.

use crate::parse::{Member, Node, NodeValue};
use jsonschema::json::{cmp, Array, Json, Node as JsonNode, NodeIdentity, Object};
use jsonschema::types::JsonType;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashSet;

/// Marker type of the representation.
pub struct Tree;

/// A node, with the set of members hidden by a later duplicate key (by address).
#[derive(Clone, Copy)]
pub struct TreeNode<'a> {
    node: &'a Node,
    shadowed: Option<&'a Shadowed>,
}

/// The addresses of the members a later member of the same object overrides, sorted: 8 bytes
/// each (a hash set took about 50, on a body of a million duplicate keys).
#[derive(Debug, Default)]
pub struct Shadowed(Box<[usize]>);

impl Shadowed {
    /// True when no member is shadowed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    fn contains(&self, member: &Member) -> bool {
        self.0
            .binary_search(&(std::ptr::from_ref(member) as usize))
            .is_ok()
    }
}

impl<'a> TreeNode<'a> {
    /// The root of a document; `shadowed` comes from [`shadowed_members`].
    pub fn root(node: &'a Node, shadowed: &'a Shadowed) -> Self {
        TreeNode {
            node,
            shadowed: (!shadowed.is_empty()).then_some(shadowed),
        }
    }

    fn child(&self, node: &'a Node) -> Self {
        TreeNode {
            node,
            shadowed: self.shadowed,
        }
    }
}

/// The members a later member of the same object overrides.
pub fn shadowed_members(root: &Node) -> Shadowed {
    let mut out = Vec::new();
    // Room for the usual body, so the stack does not grow step by step.
    let mut stack = Vec::with_capacity(64);
    stack.push(root);
    while let Some(node) = stack.pop() {
        match &node.value {
            NodeValue::Array(items) => stack.extend(items.iter()),
            NodeValue::Object(members) => {
                if members.len() <= 16 {
                    for (i, m) in members.iter().enumerate() {
                        if members[i + 1..].iter().any(|later| later.key == m.key) {
                            out.push(std::ptr::from_ref(m) as usize);
                        }
                    }
                } else {
                    let mut seen: HashSet<&str, foldhash::fast::RandomState> =
                        HashSet::with_capacity_and_hasher(members.len(), Default::default());
                    for m in members.iter().rev() {
                        if !seen.insert(m.key.as_str()) {
                            out.push(std::ptr::from_ref(m) as usize);
                        }
                    }
                }
                stack.extend(members.iter().map(|m| &m.value));
            }
            _ => {}
        }
    }
    out.sort_unstable();
    Shadowed(out.into_boxed_slice())
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
        let node = Node {
            span: crate::core::source::Span::default(),
            value: NodeValue::String(string.into()),
        };
        f(TreeNode {
            node: &node,
            shadowed: None,
        })
    }
}

impl<'a> JsonNode<'a, Tree> for TreeNode<'a> {
    type Object = TreeObject<'a>;
    type Array = TreeArray<'a>;
    type Number = serde_json::Number;

    fn as_object(&self) -> Option<TreeObject<'a>> {
        match &self.node.value {
            NodeValue::Object(members) => Some(TreeObject {
                members,
                parent: *self,
            }),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<TreeArray<'a>> {
        match &self.node.value {
            NodeValue::Array(items) => Some(TreeArray {
                items,
                parent: *self,
            }),
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        match &self.node.value {
            NodeValue::String(s) => Some(Cow::Borrowed(s)),
            _ => None,
        }
    }

    fn as_number(&self) -> Option<serde_json::Number> {
        match &self.node.value {
            NodeValue::Number(n) => number(n),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        self.node.as_bool()
    }

    fn is_null(&self) -> bool {
        match &self.node.value {
            NodeValue::Null => true,
            NodeValue::Number(n) => number(n).is_none(),
            _ => false,
        }
    }

    fn json_type(&self) -> JsonType {
        match &self.node.value {
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
        match (&self.node.value, expected) {
            (NodeValue::String(a), Value::String(b)) => a == b,
            (NodeValue::String(_), _) => false,
            (NodeValue::Bool(a), Value::Bool(b)) => a == b,
            (NodeValue::Bool(_), _) => false,
            (NodeValue::Null, Value::Null) => true,
            (NodeValue::Null, _) => false,
            _ => cmp::equal(&self.to_value(), expected),
        }
    }

    fn to_value(&self) -> Cow<'a, Value> {
        Cow::Owned(self.node.to_value())
    }

    fn identity(&self) -> Option<NodeIdentity> {
        Some(NodeIdentity::new(
            std::ptr::from_ref::<Node>(self.node) as usize
        ))
    }
}

/// An object's members as the validator sees them (no shadowed duplicate).
#[derive(Clone, Copy)]
pub struct TreeObject<'a> {
    members: &'a [Member],
    parent: TreeNode<'a>,
}

/// Iterator over the visible members of an object.
pub struct TreeMembers<'a> {
    members: std::slice::Iter<'a, Member>,
    parent: TreeNode<'a>,
}

impl<'a> Iterator for TreeMembers<'a> {
    type Item = (&'a str, TreeNode<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let m = self.members.next()?;
            if let Some(shadowed) = self.parent.shadowed {
                if shadowed.contains(m) {
                    continue;
                }
            }
            return Some((m.key.as_str(), self.parent.child(&m.value)));
        }
    }
}

impl<'a> Object<'a, Tree> for TreeObject<'a> {
    type Node = TreeNode<'a>;
    type MemberName = &'a str;
    type MembersIter = TreeMembers<'a>;

    fn len(&self) -> usize {
        match self.parent.shadowed {
            None => self.members.len(),
            Some(shadowed) => self
                .members
                .iter()
                .filter(|m| !shadowed.contains(m))
                .count(),
        }
    }

    fn get(&self, key: &String) -> Option<TreeNode<'a>> {
        self.members
            .iter()
            .rev()
            .find(|m| m.key == *key)
            .map(|m| self.parent.child(&m.value))
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
    items: &'a [Node],
    parent: TreeNode<'a>,
}

/// Iterator over the elements of an array.
pub struct TreeElements<'a> {
    items: std::slice::Iter<'a, Node>,
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
