//! The handles passes read a [`Tree`] through: [`Node`], [`Member`], [`Members`], [`Items`],
//! and the [`Rewrites`] a pass collects to change it.

use super::{key_is, Items, Members, Tree};
use crate::core::pointer::unescape_pointer_segment;
use crate::core::source::Span;
use std::collections::HashMap;
/// Key renames and string replacements for a [`Tree`], collected by a pass that reads the
/// tree and made at once by [`Tree::rewrite`]. Each distinct text is kept once, however many
/// keys or strings get it.
#[derive(Debug, Default)]
pub struct Rewrites {
    /// New keys: ([`Member::id`], index in `texts`), in the order asked (the last wins).
    pub(super) keys: Vec<(u32, u32)>,
    /// New strings: ([`Node::id`], index in `texts`), in the order asked (the last wins).
    pub(super) strings: Vec<(u32, u32)>,
    /// The distinct texts, by their index.
    pub(super) texts: HashMap<Box<str>, u32>,
}

impl Rewrites {
    /// Rename `member`'s key to `key`.
    pub fn rename_key(&mut self, member: Member<'_>, key: &str) {
        let text = self.text(key);
        self.keys.push((member.at, text));
    }
    /// Replace the string `node` by `value` (nothing happens when `node` is not a string).
    pub fn replace_string(&mut self, node: Node<'_>, value: &str) {
        let text = self.text(value);
        self.strings.push((node.at, text));
    }
    /// True when there is nothing to rewrite.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.strings.is_empty()
    }
    /// The index of `text`, kept once.
    pub(super) fn text(&mut self, text: &str) -> u32 {
        if let Some(&i) = self.texts.get(text) {
            return i;
        }
        let i = self.texts.len() as u32;
        self.texts.insert(text.into(), i);
        i
    }
}

/// The segments of a JSON Pointer, unescaped; `None` when it does not start with `/` (and
/// is not empty).
fn pointer_segments(pointer: &str) -> Option<impl Iterator<Item = std::borrow::Cow<'_, str>>> {
    let rest = match pointer {
        "" => None,
        p => Some(p.strip_prefix('/')?),
    };
    Some(
        rest.into_iter()
            .flat_map(|r| r.split('/'))
            .map(unescape_pointer_segment),
    )
}

/// A JSON value in a [`Tree`], with its byte span: a small `Copy` handle.
///
/// Two nodes are equal when their values and spans are.
#[derive(Clone, Copy)]
pub struct Node<'t> {
    pub(super) tree: &'t Tree,
    pub(super) at: u32,
    /// True for an entry of a packed array (see the layout in [`super`]).
    pub(super) packed: bool,
}

/// What a [`Node`] holds, borrowed from its tree.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'t> {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, as written.
    Number(&'t str),
    /// A string, unescaped.
    String(&'t str),
    /// An array.
    Array(Items<'t>),
    /// An object; duplicate keys are kept in order.
    Object(Members<'t>),
}

/// One `"key": value` pair of an object.
#[derive(Clone, Copy)]
pub struct Member<'t> {
    pub(super) tree: &'t Tree,
    pub(super) at: u32,
}

impl<'t> Member<'t> {
    /// The key, unescaped.
    #[inline]
    pub fn key(self) -> &'t str {
        self.tree.key(self.at)
    }
    /// True when the key is `key` (cheaper than comparing [`Member::key`]).
    #[inline]
    pub fn key_is(self, key: &str) -> bool {
        let tree = self.tree;
        key_is(&tree.words, &tree.strings, &tree.text, self.at, key)
    }
    /// Bytes of the key, quotes included.
    pub fn key_span(self) -> Span {
        self.tree.key_span(self.at)
    }
    /// The value.
    #[inline]
    pub fn value(self) -> Node<'t> {
        Node {
            tree: self.tree,
            at: self.at,
            packed: false,
        }
    }
    /// An identity for this member, unique within its tree while the tree lives.
    pub fn id(self) -> usize {
        self.at as usize
    }
}

/// Two members are equal when their keys, values and spans are.
impl PartialEq for Member<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
            && self.key_span() == other.key_span()
            && self.value() == other.value()
    }
}

impl std::fmt::Debug for Member<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Member")
            .field("key", &self.key())
            .field("key_span", &self.key_span())
            .field("value", &self.value())
            .finish()
    }
}

impl std::fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Node")
            .field("span", &self.span())
            .field("value", &self.value())
            .finish()
    }
}

impl PartialEq for Node<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.span() == other.span() && self.value() == other.value()
    }
}

/// What a JSON Pointer designates in a tree.
#[derive(Debug, Clone, Copy)]
pub struct Located<'t> {
    /// The span of the key when the last step was an object key.
    pub key_span: Option<Span>,
    /// The designated node.
    pub node: Node<'t>,
}

/// The JSON type of a value, as JSON Schema names it: a number written without fraction or
/// exponent is an `integer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    /// `null`
    Null,
    /// `true` / `false`
    Boolean,
    /// A number without fraction or exponent.
    Integer,
    /// Any other number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl JsonType {
    /// The name JSON Schema gives it (`"integer"`, `"object"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            JsonType::Null => "null",
            JsonType::Boolean => "boolean",
            JsonType::Integer => "integer",
            JsonType::Number => "number",
            JsonType::String => "string",
            JsonType::Array => "array",
            JsonType::Object => "object",
        }
    }
}

impl<'t> Node<'t> {
    /// Bytes of the whole value (for strings, including the quotes).
    #[inline]
    pub fn span(self) -> Span {
        self.tree.span(self.at)
    }
    /// The value.
    #[inline]
    pub fn value(self) -> Value<'t> {
        let tree = self.tree;
        match tree.first_byte(self.at) {
            b'{' => Value::Object(Members {
                entries: tree.entries(self.at),
            }),
            b'[' => Value::Array(Items {
                entries: tree.entries(self.at),
            }),
            b'"' => Value::String(tree.string_at(self.at)),
            b't' => Value::Bool(true),
            b'f' => Value::Bool(false),
            b'n' => Value::Null,
            _ => {
                let span = self.span();
                Value::Number(tree.text.get(span.range()).unwrap_or("0"))
            }
        }
    }
    /// An identity for this node, unique within its tree while the tree lives (for maps
    /// keyed by node).
    pub fn id(self) -> usize {
        self.at as usize
    }
    /// An id past the ids of this node and of everything in it (their ids are below it).
    pub(crate) fn ids_end(self) -> usize {
        if self.packed {
            (self.at + super::ELEMENT) as usize
        } else {
            self.tree.after(self.at) as usize
        }
    }
    /// The node of this tree whose [`Node::id`] is `id` (an id this tree gave to a container
    /// or a member's value; an array's entry is found through [`Items::with_id`]).
    pub(crate) fn with_id(self, id: usize) -> Node<'t> {
        Node {
            tree: self.tree,
            at: id as u32,
            packed: false,
        }
    }
    /// True for an entry of a packed array: its records cannot be replaced alone.
    pub(crate) fn is_packed_entry(self) -> bool {
        self.packed
    }
    /// The JSON type.
    pub fn json_type(self) -> JsonType {
        match self.value() {
            Value::Null => JsonType::Null,
            Value::Bool(_) => JsonType::Boolean,
            Value::Number(n) if is_integer_literal(n) => JsonType::Integer,
            Value::Number(_) => JsonType::Number,
            Value::String(_) => JsonType::String,
            Value::Array(_) => JsonType::Array,
            Value::Object(_) => JsonType::Object,
        }
    }
    /// The JSON type name, as JSON Schema spells it.
    pub fn type_name(self) -> &'static str {
        self.json_type().as_str()
    }
    /// The members when this is an object.
    #[inline]
    pub fn as_object(self) -> Option<Members<'t>> {
        (self.tree.first_byte(self.at) == b'{').then(|| Members {
            entries: self.tree.entries(self.at),
        })
    }
    /// The elements when this is an array.
    #[inline]
    pub fn as_array(self) -> Option<Items<'t>> {
        (self.tree.first_byte(self.at) == b'[').then(|| Items {
            entries: self.tree.entries(self.at),
        })
    }
    /// The text when this is a string.
    #[inline]
    pub fn as_str(self) -> Option<&'t str> {
        (self.tree.first_byte(self.at) == b'"').then(|| self.tree.string_at(self.at))
    }
    /// The literal, as written, when this is a number.
    pub fn as_number(self) -> Option<&'t str> {
        match self.value() {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }
    /// The boolean when this is one.
    pub fn as_bool(self) -> Option<bool> {
        match self.tree.first_byte(self.at) {
            b't' => Some(true),
            b'f' => Some(false),
            _ => None,
        }
    }
    /// True for `null`.
    pub fn is_null(self) -> bool {
        self.tree.first_byte(self.at) == b'n'
    }
    /// The member for `key`; with duplicate keys the LAST one, as the APIs keep it.
    pub fn member(self, key: &str) -> Option<Member<'t>> {
        self.as_object()?.named(key)
    }
    /// The value for `key` (last duplicate wins).
    pub fn get(self, key: &str) -> Option<Node<'t>> {
        self.member(key).map(Member::value)
    }
    /// Walk a JSON Pointer (RFC 6901). Duplicate keys resolve to the last one.
    pub fn pointer(self, pointer: &str) -> Option<Located<'t>> {
        let mut located = Located {
            key_span: None,
            node: self,
        };
        for segment in pointer_segments(pointer)? {
            match located.node.value() {
                Value::Object(_) => {
                    let m = located.node.member(&segment)?;
                    located = Located {
                        key_span: Some(m.key_span()),
                        node: m.value(),
                    };
                }
                Value::Array(items) => {
                    let i: usize = segment.parse().ok()?;
                    located = Located {
                        key_span: None,
                        node: items.get(i)?,
                    };
                }
                _ => return None,
            }
        }
        Some(located)
    }
    /// Convert to a `serde_json::Value` (last duplicate key wins; out-of-range numbers become `null`).
    pub fn to_value(self) -> serde_json::Value {
        use serde_json::Value as J;
        match self.value() {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(b),
            Value::Number(n) => n
                .parse::<serde_json::Number>()
                .map(J::Number)
                .unwrap_or(J::Null),
            Value::String(s) => J::String(s.to_string()),
            Value::Array(items) => J::Array(items.iter().map(Node::to_value).collect()),
            Value::Object(members) => {
                let mut map = serde_json::Map::new();
                for m in members {
                    map.insert(m.key().to_string(), m.value().to_value());
                }
                J::Object(map)
            }
        }
    }
}

/// True when a number literal has no fraction or exponent.
pub fn is_integer_literal(n: &str) -> bool {
    !n.contains(['.', 'e', 'E'])
}

/// Objects with more members than this get a hash index in a [`MemberIndex`].
const INDEXED_MEMBERS: usize = 16;

/// Looks members up by key in constant time in wide objects: each object of more than
/// 16 members gets a hash index on its first lookup. For passes that look
/// up one member (or one pointer) per finding, which would otherwise scan the whole object
/// every time.
#[derive(Default)]
pub struct MemberIndex<'a> {
    /// Per object (by [`Node::id`]): its keys and their members' ids, the last duplicate
    /// winning.
    objects: HashMap<usize, HashMap<&'a str, u32>>,
}

impl<'a> MemberIndex<'a> {
    /// An empty index.
    pub fn new() -> Self {
        MemberIndex::default()
    }
    /// [`Node::member`], through the index.
    pub fn member(&mut self, node: Node<'a>, key: &str) -> Option<Member<'a>> {
        let members = node.as_object()?;
        if members.len() <= INDEXED_MEMBERS {
            return node.member(key);
        }
        let keys = self.objects.entry(node.id()).or_insert_with(|| {
            let mut keys = HashMap::with_capacity(members.len());
            for m in members.iter() {
                keys.insert(m.key(), m.id() as u32);
            }
            keys
        });
        keys.get(key).map(|&id| members.with_id(id as usize))
    }
}

// A handle is a reference and a record index.
const _: () = assert!(std::mem::size_of::<Node>() == 16);
