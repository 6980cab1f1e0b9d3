//! The handles passes read a [`Tree`] through: [`Node`], [`Member`], [`Members`], [`Items`],
//! and the [`Rewrites`] a pass collects to change it.

use super::{key_is, Tree};
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

/// A run of entries of one container.
#[derive(Clone, Copy)]
pub(super) struct Entries<'t> {
    pub(super) tree: &'t Tree,
    /// The container's record.
    pub(super) container: u32,
    /// The record of the first entry of the run.
    pub(super) first: u32,
    /// The position of that entry in the container.
    pub(super) start: u32,
    /// How many entries the run has.
    pub(super) count: u32,
    /// True when the container is a packed array.
    pub(super) packed: bool,
}

/// The empty tree that empty runs of entries point to.
static EMPTY: std::sync::LazyLock<Tree> = std::sync::LazyLock::new(|| Tree::string(""));

impl<'t> Entries<'t> {
    fn empty() -> Entries<'t> {
        Entries {
            tree: &EMPTY,
            container: 0,
            first: 0,
            start: 0,
            count: 0,
            packed: false,
        }
    }
    /// The record of entry `i` of the run.
    fn record(self, i: u32) -> Option<u32> {
        (i < self.count).then(|| {
            self.tree
                .record_of(self.container, self.first, self.start, self.start + i)
        })
    }
    fn range(self, range: std::ops::Range<usize>) -> Entries<'t> {
        let end = (range.end.min(self.count as usize)) as u32;
        let start = (range.start as u32).min(end);
        match self.record(start) {
            Some(first) => Entries {
                first,
                start: self.start + start,
                count: end - start,
                ..self
            },
            None => Entries { count: 0, ..self },
        }
    }
    /// The run of `count` entries from position `start` (of the container), whose first
    /// record is `first`; clamped to the entries of this run.
    fn run(self, first: usize, start: usize, count: usize) -> Entries<'t> {
        let (start, first) = (start as u32, first as u32);
        let end = self.start + self.count;
        if start < self.start || start >= end {
            return Entries { count: 0, ..self };
        }
        Entries {
            first,
            start,
            count: (count as u32).min(end - start),
            ..self
        }
    }
    fn iter(self) -> EntriesIter<'t> {
        EntriesIter {
            entries: self,
            front: self.first,
            taken: 0,
            back: self.count,
        }
    }
}

/// The records of a run of entries, front to back (and back to front).
#[derive(Clone)]
pub(super) struct EntriesIter<'t> {
    pub(super) entries: Entries<'t>,
    /// The record of the next entry from the front.
    pub(super) front: u32,
    /// Entries taken from the front, and the end of those left (positions in the run).
    pub(super) taken: u32,
    pub(super) back: u32,
}

impl Iterator for EntriesIter<'_> {
    type Item = u32;
    #[inline]
    fn next(&mut self) -> Option<u32> {
        if self.taken >= self.back {
            return None;
        }
        let at = self.front;
        self.taken += 1;
        if self.taken < self.back {
            self.front = if self.entries.packed {
                at + super::ELEMENT
            } else {
                self.entries.tree.after(at)
            };
        }
        Some(at)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = (self.back - self.taken) as usize;
        (left, Some(left))
    }
}

impl DoubleEndedIterator for EntriesIter<'_> {
    fn next_back(&mut self) -> Option<u32> {
        if self.taken >= self.back {
            return None;
        }
        self.back -= 1;
        self.entries.record(self.back)
    }
}

/// The members of an object, in order, duplicates included.
#[derive(Clone, Copy)]
pub struct Members<'t> {
    pub(super) entries: Entries<'t>,
}

/// The elements of an array, in order.
#[derive(Clone, Copy)]
pub struct Items<'t> {
    pub(super) entries: Entries<'t>,
}

impl Default for Members<'_> {
    fn default() -> Self {
        Members {
            entries: Entries::empty(),
        }
    }
}

impl Default for Items<'_> {
    fn default() -> Self {
        Items {
            entries: Entries::empty(),
        }
    }
}

impl<'t> Members<'t> {
    /// How many (duplicates included).
    pub fn len(self) -> usize {
        self.entries.count as usize
    }
    /// True when there are none.
    pub fn is_empty(self) -> bool {
        self.entries.count == 0
    }
    /// The member at position `i`.
    pub fn get(self, i: usize) -> Option<Member<'t>> {
        let at = self.entries.record(u32::try_from(i).ok()?)?;
        Some(Member {
            tree: self.entries.tree,
            at,
        })
    }
    /// The first member.
    pub fn first(self) -> Option<Member<'t>> {
        self.get(0)
    }
    /// The last member.
    pub fn last(self) -> Option<Member<'t>> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }
    /// The members in order.
    pub fn iter(self) -> MembersIter<'t> {
        MembersIter {
            records: self.entries.iter(),
        }
    }
    /// The member named `key`; with duplicate keys the LAST one, as the APIs keep it.
    pub fn named(self, key: &str) -> Option<Member<'t>> {
        let mut members = self.iter();
        if self.entries.tree.unique_keys {
            return members.find(|m| m.key_is(key));
        }
        members.fold(None, |last, m| if m.key_is(key) { Some(m) } else { last })
    }
    /// The members at the positions of `range` (clamped to the members there are).
    pub fn range(self, range: std::ops::Range<usize>) -> Members<'t> {
        Members {
            entries: self.entries.range(range),
        }
    }
    /// The members from position `i` on (none when `i` is past the end).
    pub fn iter_from(self, i: usize) -> MembersIter<'t> {
        self.range(i..self.len()).iter()
    }
    /// The members after the one whose [`Member::id`] is `id` (one of these members), in
    /// order: a walk from there, with no table of positions.
    pub(crate) fn iter_after(self, id: usize) -> impl Iterator<Item = Member<'t>> {
        let tree = self.entries.tree;
        let end = tree.after(self.entries.container);
        let mut at = tree.after(id as u32);
        std::iter::from_fn(move || {
            (at < end).then(|| {
                let member = Member { tree, at };
                at = tree.after(at);
                member
            })
        })
    }
    /// The `count` members from position `start`, the first of which has [`Member::id`]
    /// `first`: a run of these members, made without a table of positions.
    pub(crate) fn run(self, first: usize, start: usize, count: usize) -> Members<'t> {
        Members {
            entries: self.entries.run(first, start, count),
        }
    }
    /// The member whose [`Member::id`] is `id`: one of these members, found without a walk.
    pub(crate) fn with_id(self, id: usize) -> Member<'t> {
        Member {
            tree: self.entries.tree,
            at: id as u32,
        }
    }
}

impl<'t> Items<'t> {
    /// How many.
    pub fn len(self) -> usize {
        self.entries.count as usize
    }
    /// True when there are none.
    pub fn is_empty(self) -> bool {
        self.entries.count == 0
    }
    /// The element at position `i`.
    pub fn get(self, i: usize) -> Option<Node<'t>> {
        let at = self.entries.record(u32::try_from(i).ok()?)?;
        Some(Node {
            tree: self.entries.tree,
            at,
            packed: self.entries.packed,
        })
    }
    /// The first element.
    pub fn first(self) -> Option<Node<'t>> {
        self.get(0)
    }
    /// The last element.
    pub fn last(self) -> Option<Node<'t>> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }
    /// The elements in order.
    pub fn iter(self) -> ItemsIter<'t> {
        ItemsIter {
            records: self.entries.iter(),
        }
    }
    /// The `count` elements from position `start`, the first of which has [`Node::id`]
    /// `first`: a run of these elements, made without a table of positions.
    pub(crate) fn run(self, first: usize, start: usize, count: usize) -> Items<'t> {
        Items {
            entries: self.entries.run(first, start, count),
        }
    }
    /// The element whose [`Node::id`] is `id`: one of these elements, found without a walk.
    pub(crate) fn with_id(self, id: usize) -> Node<'t> {
        Node {
            tree: self.entries.tree,
            at: id as u32,
            packed: self.entries.packed,
        }
    }
    /// The elements from position `i` on (none when `i` is past the end).
    pub fn iter_from(self, i: usize) -> ItemsIter<'t> {
        ItemsIter {
            records: self.entries.range(i..self.len()).iter(),
        }
    }
}

impl PartialEq for Members<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl PartialEq for Items<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
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
    pub(super) records: EntriesIter<'t>,
}

impl<'t> Iterator for MembersIter<'t> {
    type Item = Member<'t>;
    fn next(&mut self) -> Option<Member<'t>> {
        let at = self.records.next()?;
        Some(Member {
            tree: self.records.entries.tree,
            at,
        })
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.records.size_hint()
    }
}

impl DoubleEndedIterator for MembersIter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let at = self.records.next_back()?;
        Some(Member {
            tree: self.records.entries.tree,
            at,
        })
    }
}

impl ExactSizeIterator for MembersIter<'_> {}

/// An iterator over [`Items`].
#[derive(Clone)]
pub struct ItemsIter<'t> {
    pub(super) records: EntriesIter<'t>,
}

impl<'t> Iterator for ItemsIter<'t> {
    type Item = Node<'t>;
    fn next(&mut self) -> Option<Node<'t>> {
        let at = self.records.next()?;
        Some(Node {
            tree: self.records.entries.tree,
            at,
            packed: self.records.entries.packed,
        })
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.records.size_hint()
    }
}

impl DoubleEndedIterator for ItemsIter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let at = self.records.next_back()?;
        Some(Node {
            tree: self.records.entries.tree,
            at,
            packed: self.records.entries.packed,
        })
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
