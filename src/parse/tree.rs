//! The spanned JSON tree every pass works on.
//!
//! A parsed document owns a [`Tree`]; every pass reads it through [`Node`] and [`Member`]
//! handles: small `Copy` views whose accessors borrow from the tree. Passes never see how
//! the tree is stored, so its layout can change without touching them.

use crate::core::pointer::unescape_pointer_segment;
use crate::core::source::Span;
pub use compact_str::CompactString;

/// A whole parsed value: what a [`super::Document`] owns. Read it through [`Tree::root`].
#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    root: RawNode,
}

impl Tree {
    /// The tree whose root is `root`.
    pub(super) fn new(root: RawNode) -> Tree {
        Tree { root }
    }
    /// A tree of one string, with an empty span (for a value that is not in a file).
    pub fn string(value: &str) -> Tree {
        Tree::new(RawNode {
            span: Span::default(),
            value: RawValue::String(value.into()),
        })
    }
    /// The root value.
    pub fn root(&self) -> Node<'_> {
        Node { raw: &self.root }
    }
    /// The stored root, for the parser's own updates.
    pub(super) fn raw_mut(&mut self) -> &mut RawNode {
        &mut self.root
    }
    /// Keep only the root object's member at `position`, with its key renamed `key`; false
    /// when the root is not an object or has no such member.
    pub fn keep_root_member(&mut self, position: usize, key: &str) -> bool {
        let RawValue::Object(members) = &mut self.root.value else {
            return false;
        };
        if position >= members.len() {
            return false;
        }
        let mut member = std::mem::take(members).into_vec().swap_remove(position);
        member.key = key.into();
        *members = vec![member].into_boxed_slice();
        true
    }
    /// Make the key renames and string replacements of `rewrites`, collected on this tree.
    pub fn rewrite(&mut self, rewrites: &Rewrites) {
        if rewrites.is_empty() {
            return;
        }
        fn walk(node: &mut RawNode, rewrites: &Rewrites) {
            let id = std::ptr::from_ref(&*node) as usize;
            match &mut node.value {
                RawValue::String(s) => {
                    if let Some(new) = rewrites.strings.get(&id) {
                        *s = CompactString::from(&**new);
                    }
                }
                RawValue::Array(items) => items.iter_mut().for_each(|n| walk(n, rewrites)),
                RawValue::Object(members) => {
                    for m in members.iter_mut() {
                        let id = std::ptr::from_ref(&*m) as usize;
                        if let Some(new) = rewrites.keys.get(&id) {
                            m.key = Key::from(&**new);
                        }
                        walk(&mut m.value, rewrites);
                    }
                }
                _ => {}
            }
        }
        walk(&mut self.root, rewrites);
    }
}

/// Key renames and string replacements for a [`Tree`], collected by a pass that reads the
/// tree and made at once by [`Tree::rewrite`].
#[derive(Debug, Default)]
pub struct Rewrites {
    /// New keys, by [`Member::id`].
    keys: std::collections::HashMap<usize, Box<str>>,
    /// New strings, by [`Node::id`].
    strings: std::collections::HashMap<usize, Box<str>>,
}

impl Rewrites {
    /// Rename `member`'s key to `key`.
    pub fn rename_key(&mut self, member: Member<'_>, key: &str) {
        self.keys.insert(member.id(), key.into());
    }
    /// Replace the string `node` by `value` (nothing happens when `node` is not a string).
    pub fn replace_string(&mut self, node: Node<'_>, value: &str) {
        self.strings.insert(node.id(), value.into());
    }
    /// True when there is nothing to rewrite.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.strings.is_empty()
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

/// A stored value with its byte span. Only the parser builds and reads these; passes use
/// [`Node`].
///
/// The tree is kept small, since a whole file's tree is held at once: keys and strings of up
/// to 24 bytes are stored inline (no allocation), containers hold exactly their elements.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawNode {
    /// Bytes of the whole value (for strings, including the quotes).
    pub(crate) span: Span,
    /// The value.
    pub(crate) value: RawValue,
}

/// The value of a [`RawNode`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RawValue {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, kept as written (inline up to 15 bytes: no allocation for a usual one).
    Number(ecow::EcoString),
    /// A string, unescaped.
    String(CompactString),
    /// An array.
    Array(Box<[RawNode]>),
    /// An object; duplicate keys are kept in order.
    Object(Box<[RawMember]>),
}

/// An object key: 16 bytes, inline up to 15 (JSON bodies have millions of short keys).
pub type Key = ecow::EcoString;

/// One stored `"key": value` pair of an object.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawMember {
    /// The key, unescaped.
    pub(crate) key: Key,
    /// Bytes of the key, quotes included.
    pub(crate) key_span: Span,
    /// The value.
    pub(crate) value: RawNode,
}

/// A JSON value in a [`Tree`], with its byte span: a small `Copy` handle.
///
/// Two nodes are equal when their values and spans are.
#[derive(Clone, Copy, PartialEq)]
pub struct Node<'t> {
    raw: &'t RawNode,
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
#[derive(Clone, Copy, PartialEq)]
pub struct Member<'t> {
    raw: &'t RawMember,
}

impl<'t> Member<'t> {
    /// The key, unescaped.
    pub fn key(self) -> &'t str {
        &self.raw.key
    }
    /// Bytes of the key, quotes included.
    pub fn key_span(self) -> Span {
        self.raw.key_span
    }
    /// The value.
    pub fn value(self) -> Node<'t> {
        Node {
            raw: &self.raw.value,
        }
    }
    /// An identity for this member, unique within its tree while the tree lives.
    pub fn id(self) -> usize {
        std::ptr::from_ref(self.raw) as usize
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

/// The members of an object, in order, duplicates included.
#[derive(Clone, Copy, PartialEq, Default)]
pub struct Members<'t> {
    raw: &'t [RawMember],
}

/// The elements of an array, in order.
#[derive(Clone, Copy, PartialEq, Default)]
pub struct Items<'t> {
    raw: &'t [RawNode],
}

impl<'t> Members<'t> {
    /// How many (duplicates included).
    pub fn len(self) -> usize {
        self.raw.len()
    }
    /// True when there are none.
    pub fn is_empty(self) -> bool {
        self.raw.is_empty()
    }
    /// The member at position `i`.
    pub fn get(self, i: usize) -> Option<Member<'t>> {
        self.raw.get(i).map(|raw| Member { raw })
    }
    /// The first member.
    pub fn first(self) -> Option<Member<'t>> {
        self.get(0)
    }
    /// The last member.
    pub fn last(self) -> Option<Member<'t>> {
        self.raw.last().map(|raw| Member { raw })
    }
    /// The members in order.
    pub fn iter(self) -> MembersIter<'t> {
        MembersIter {
            raw: self.raw.iter(),
        }
    }
    /// The members at the positions of `range` (clamped to the members there are).
    pub fn range(self, range: std::ops::Range<usize>) -> Members<'t> {
        let end = range.end.min(self.raw.len());
        Members {
            raw: &self.raw[range.start.min(end)..end],
        }
    }
    /// The members from position `i` on (none when `i` is past the end).
    pub fn iter_from(self, i: usize) -> MembersIter<'t> {
        MembersIter {
            raw: self.raw.get(i..).unwrap_or_default().iter(),
        }
    }
}

impl<'t> Items<'t> {
    /// How many.
    pub fn len(self) -> usize {
        self.raw.len()
    }
    /// True when there are none.
    pub fn is_empty(self) -> bool {
        self.raw.is_empty()
    }
    /// The element at position `i`.
    pub fn get(self, i: usize) -> Option<Node<'t>> {
        self.raw.get(i).map(|raw| Node { raw })
    }
    /// The first element.
    pub fn first(self) -> Option<Node<'t>> {
        self.get(0)
    }
    /// The last element.
    pub fn last(self) -> Option<Node<'t>> {
        self.raw.last().map(|raw| Node { raw })
    }
    /// The elements in order.
    pub fn iter(self) -> ItemsIter<'t> {
        ItemsIter {
            raw: self.raw.iter(),
        }
    }
    /// The elements from position `i` on (none when `i` is past the end).
    pub fn iter_from(self, i: usize) -> ItemsIter<'t> {
        ItemsIter {
            raw: self.raw.get(i..).unwrap_or_default().iter(),
        }
    }
}

impl std::fmt::Debug for Members<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl std::fmt::Debug for Items<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// An iterator over [`Members`].
#[derive(Clone)]
pub struct MembersIter<'t> {
    raw: std::slice::Iter<'t, RawMember>,
}

impl<'t> Iterator for MembersIter<'t> {
    type Item = Member<'t>;
    fn next(&mut self) -> Option<Member<'t>> {
        self.raw.next().map(|raw| Member { raw })
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.raw.size_hint()
    }
}

impl DoubleEndedIterator for MembersIter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.raw.next_back().map(|raw| Member { raw })
    }
}

impl ExactSizeIterator for MembersIter<'_> {}

/// An iterator over [`Items`].
#[derive(Clone)]
pub struct ItemsIter<'t> {
    raw: std::slice::Iter<'t, RawNode>,
}

impl<'t> Iterator for ItemsIter<'t> {
    type Item = Node<'t>;
    fn next(&mut self) -> Option<Node<'t>> {
        self.raw.next().map(|raw| Node { raw })
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.raw.size_hint()
    }
}

impl DoubleEndedIterator for ItemsIter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.raw.next_back().map(|raw| Node { raw })
    }
}

impl ExactSizeIterator for ItemsIter<'_> {}

impl<'t> IntoIterator for Members<'t> {
    type Item = Member<'t>;
    type IntoIter = MembersIter<'t>;
    fn into_iter(self) -> MembersIter<'t> {
        self.iter()
    }
}

impl<'t> IntoIterator for Items<'t> {
    type Item = Node<'t>;
    type IntoIter = ItemsIter<'t>;
    fn into_iter(self) -> ItemsIter<'t> {
        self.iter()
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
    pub fn span(self) -> Span {
        self.raw.span
    }
    /// The value.
    pub fn value(self) -> Value<'t> {
        match &self.raw.value {
            RawValue::Null => Value::Null,
            RawValue::Bool(b) => Value::Bool(*b),
            RawValue::Number(n) => Value::Number(n),
            RawValue::String(s) => Value::String(s),
            RawValue::Array(items) => Value::Array(Items { raw: items }),
            RawValue::Object(members) => Value::Object(Members { raw: members }),
        }
    }
    /// An identity for this node, unique within its tree while the tree lives (for maps
    /// keyed by node).
    pub fn id(self) -> usize {
        std::ptr::from_ref(self.raw) as usize
    }
    /// The JSON type.
    pub fn json_type(self) -> JsonType {
        match &self.raw.value {
            RawValue::Null => JsonType::Null,
            RawValue::Bool(_) => JsonType::Boolean,
            RawValue::Number(n) if is_integer_literal(n) => JsonType::Integer,
            RawValue::Number(_) => JsonType::Number,
            RawValue::String(_) => JsonType::String,
            RawValue::Array(_) => JsonType::Array,
            RawValue::Object(_) => JsonType::Object,
        }
    }
    /// The JSON type name, as JSON Schema spells it.
    pub fn type_name(self) -> &'static str {
        self.json_type().as_str()
    }
    /// The members when this is an object.
    pub fn as_object(self) -> Option<Members<'t>> {
        match &self.raw.value {
            RawValue::Object(raw) => Some(Members { raw }),
            _ => None,
        }
    }
    /// The elements when this is an array.
    pub fn as_array(self) -> Option<Items<'t>> {
        match &self.raw.value {
            RawValue::Array(raw) => Some(Items { raw }),
            _ => None,
        }
    }
    /// The text when this is a string.
    pub fn as_str(self) -> Option<&'t str> {
        match &self.raw.value {
            RawValue::String(s) => Some(s),
            _ => None,
        }
    }
    /// The literal, as written, when this is a number.
    pub fn as_number(self) -> Option<&'t str> {
        match &self.raw.value {
            RawValue::Number(n) => Some(n),
            _ => None,
        }
    }
    /// The boolean when this is one.
    pub fn as_bool(self) -> Option<bool> {
        match &self.raw.value {
            RawValue::Bool(b) => Some(*b),
            _ => None,
        }
    }
    /// True for `null`.
    pub fn is_null(self) -> bool {
        matches!(self.raw.value, RawValue::Null)
    }
    /// The member for `key`; with duplicate keys the LAST one, as the APIs keep it.
    pub fn member(self, key: &str) -> Option<Member<'t>> {
        self.as_object()?.iter().rev().find(|m| m.key() == key)
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
    /// Per object (by [`Node::id`]): its keys, the last duplicate winning.
    objects: std::collections::HashMap<usize, std::collections::HashMap<&'a str, u32>>,
}

impl<'a> MemberIndex<'a> {
    /// An empty index.
    pub fn new() -> Self {
        MemberIndex::default()
    }
    /// [`Node::member`], through the index.
    pub fn member(&mut self, node: Node<'a>, key: &str) -> Option<Member<'a>> {
        let at = self.position(node, key)?;
        node.as_object()?.get(at)
    }

    /// The position of [`Node::member`]'s member among the object's members.
    pub fn position(&mut self, node: Node<'a>, key: &str) -> Option<usize> {
        let members = node.as_object()?;
        if members.len() <= INDEXED_MEMBERS {
            return members.iter().rposition(|m| m.key() == key);
        }
        let keys = self.objects.entry(node.id()).or_insert_with(|| {
            let mut keys = std::collections::HashMap::with_capacity(members.len());
            for (i, m) in members.iter().enumerate() {
                keys.insert(m.key(), i as u32);
            }
            keys
        });
        keys.get(key).map(|&i| i as usize)
    }
}

// The tree's memory use is proportional to these sizes; keep them from growing by accident.
const _: () = assert!(std::mem::size_of::<RawNode>() == 32);
const _: () = assert!(std::mem::size_of::<RawMember>() == 56);
