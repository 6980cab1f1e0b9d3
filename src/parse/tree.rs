//! The spanned JSON tree every pass works on.

use crate::core::pointer::unescape_pointer_segment;
use crate::core::source::Span;
pub use compact_str::CompactString;

/// A parsed JSON value with its byte span.
///
/// The tree is kept small, since a whole file's tree is held at once: keys and strings of up
/// to 24 bytes are stored inline (no allocation), containers hold exactly their elements.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Bytes of the whole value (for strings, including the quotes).
    pub span: Span,
    /// The value.
    pub value: NodeValue,
}

/// The value of a [`Node`].
#[derive(Debug, Clone, PartialEq)]
pub enum NodeValue {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, kept as written (inline up to 15 bytes: no allocation for a usual one).
    Number(ecow::EcoString),
    /// A string, unescaped.
    String(CompactString),
    /// An array.
    Array(Box<[Node]>),
    /// An object; duplicate keys are kept in order.
    Object(Box<[Member]>),
}

/// An object key: 16 bytes, inline up to 15 (JSON bodies have millions of short keys).
pub type Key = ecow::EcoString;

/// One `"key": value` pair of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The key, unescaped.
    pub key: Key,
    /// Bytes of the key, quotes included.
    pub key_span: Span,
    /// The value.
    pub value: Node,
}

/// What a JSON Pointer designates in a tree.
#[derive(Debug, Clone, Copy)]
pub struct Located<'a> {
    /// The span of the key when the last step was an object key.
    pub key_span: Option<Span>,
    /// The designated node.
    pub node: &'a Node,
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

impl Node {
    /// The JSON type.
    pub fn json_type(&self) -> JsonType {
        match &self.value {
            NodeValue::Null => JsonType::Null,
            NodeValue::Bool(_) => JsonType::Boolean,
            NodeValue::Number(n) if is_integer_literal(n) => JsonType::Integer,
            NodeValue::Number(_) => JsonType::Number,
            NodeValue::String(_) => JsonType::String,
            NodeValue::Array(_) => JsonType::Array,
            NodeValue::Object(_) => JsonType::Object,
        }
    }
    /// The JSON type name, as JSON Schema spells it.
    pub fn type_name(&self) -> &'static str {
        self.json_type().as_str()
    }
    /// The members when this is an object.
    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.value {
            NodeValue::Object(m) => Some(m),
            _ => None,
        }
    }
    /// The elements when this is an array.
    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            NodeValue::Array(a) => Some(a),
            _ => None,
        }
    }
    /// The text when this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            NodeValue::String(s) => Some(s),
            _ => None,
        }
    }
    /// The boolean when this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            NodeValue::Bool(b) => Some(*b),
            _ => None,
        }
    }
    /// True for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self.value, NodeValue::Null)
    }
    /// The member for `key`; with duplicate keys the LAST one, as the APIs keep it.
    pub fn member(&self, key: &str) -> Option<&Member> {
        self.as_object()?.iter().rev().find(|m| m.key == key)
    }
    /// The value for `key` (last duplicate wins).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.member(key).map(|m| &m.value)
    }
    /// Walk a JSON Pointer (RFC 6901). Duplicate keys resolve to the last one.
    pub fn pointer(&self, pointer: &str) -> Option<Located<'_>> {
        self.pointer_by(pointer, |node, key| node.member(key))
    }
    /// [`Node::pointer`], finding members with `member`.
    fn pointer_by<'n>(
        &'n self,
        pointer: &str,
        mut member: impl FnMut(&'n Node, &str) -> Option<&'n Member>,
    ) -> Option<Located<'n>> {
        let mut located = Located {
            key_span: None,
            node: self,
        };
        if pointer.is_empty() {
            return Some(located);
        }
        for raw in pointer.strip_prefix('/')?.split('/') {
            let segment = unescape_pointer_segment(raw);
            match &located.node.value {
                NodeValue::Object(_) => {
                    let m = member(located.node, &segment)?;
                    located = Located {
                        key_span: Some(m.key_span),
                        node: &m.value,
                    };
                }
                NodeValue::Array(items) => {
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
    pub fn to_value(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            NodeValue::Null => J::Null,
            NodeValue::Bool(b) => J::Bool(*b),
            NodeValue::Number(n) => n
                .parse::<serde_json::Number>()
                .map(J::Number)
                .unwrap_or(J::Null),
            NodeValue::String(s) => J::String(s.to_string()),
            NodeValue::Array(items) => J::Array(items.iter().map(Node::to_value).collect()),
            NodeValue::Object(members) => {
                let mut map = serde_json::Map::new();
                for m in members {
                    map.insert(m.key.to_string(), m.value.to_value());
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
    /// Per object (by address): its keys, the last duplicate winning.
    objects: std::collections::HashMap<usize, std::collections::HashMap<&'a str, u32>>,
}

impl<'a> MemberIndex<'a> {
    /// An empty index.
    pub fn new() -> Self {
        MemberIndex::default()
    }
    /// [`Node::member`], through the index.
    pub fn member(&mut self, node: &'a Node, key: &str) -> Option<&'a Member> {
        let at = self.position(node, key)?;
        node.as_object()?.get(at)
    }

    /// The position of [`Node::member`]'s member among the object's members.
    pub fn position(&mut self, node: &'a Node, key: &str) -> Option<usize> {
        let members = node.as_object()?;
        if members.len() <= INDEXED_MEMBERS {
            return members.iter().rposition(|m| m.key == key);
        }
        let keys = self
            .objects
            .entry(std::ptr::from_ref(node) as usize)
            .or_insert_with(|| {
                let mut keys = std::collections::HashMap::with_capacity(members.len());
                for (i, m) in members.iter().enumerate() {
                    keys.insert(m.key.as_str(), i as u32);
                }
                keys
            });
        keys.get(key).map(|&i| i as usize)
    }
}

// The tree's memory use is proportional to these sizes; keep them from growing by accident.
const _: () = assert!(std::mem::size_of::<Node>() == 32);
const _: () = assert!(std::mem::size_of::<Member>() == 56);
