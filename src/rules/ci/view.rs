//! The typed view of a Customer Insights body the rules run over, built once per file, and
//! the helpers the rules share (pointers, echoing user text, removing a member).
//!
//! The view resolves the envelope once: a body in the ARM form (`{"properties": {…}}`) and
//! the bare hub form give the rules the same definition object, with the JSON Pointer of
//! where it sits.

use std::cell::OnceCell;

use super::locale::LocaleKey;
use crate::core::edit::Fix;
use crate::core::{Kind, Span};
use crate::parse::{Items, Node};

/// A Customer Insights body as its rules see it.
pub struct Ci<'a> {
    /// The kind checked (profile type or connector).
    pub kind: Kind,
    /// The root value.
    pub root: Node<'a>,
    /// True when the body is in the ARM form (`{"properties": {...}}`).
    pub arm: bool,
    /// The definition: the body itself in the hub form, `properties` in the ARM form.
    pub def: Node<'a>,
    /// The JSON Pointer of [`Ci::def`] (`""` or `"/properties"`).
    pub base: &'static str,
    /// What the profile-type rules look at (a profile type whose definition is an object).
    pub profile: Option<Profile<'a>>,
    /// What the connector rules look at (a connector whose definition is an object).
    pub connector: Option<Connector<'a>>,
    /// The locale keys of the localized maps that are not fine, found on first use.
    locale_keys: OnceCell<Vec<LocaleKey<'a>>>,
}

/// A profile type's fields and their names.
pub struct Profile<'a> {
    /// The `fields` array (empty when missing or not an array).
    pub fields: Items<'a>,
    /// True when `entityType` is `Interaction`.
    pub interaction: bool,
}

impl<'a> Profile<'a> {
    /// Every string `fieldName`, in document order (read from the tree as asked: a type of
    /// millions of fields holds no list of them).
    pub fn names(&self) -> impl Iterator<Item = FieldName<'a>> {
        self.fields
            .iter()
            .enumerate()
            .filter_map(|(index, f)| FieldName::of(index, f))
    }

    /// The string `fieldName` of the field at `index`.
    pub fn name_at(&self, index: usize) -> Option<FieldName<'a>> {
        FieldName::of(index, self.fields.get(index)?)
    }
}

impl<'a> FieldName<'a> {
    fn of(index: usize, field: Node<'a>) -> Option<FieldName<'a>> {
        let node = field.get("fieldName")?;
        Some(FieldName {
            index,
            name: node.as_str()?,
            node,
        })
    }
}

/// One field's `fieldName`.
#[derive(Clone, Copy)]
pub struct FieldName<'a> {
    /// Index of the field in `fields`.
    pub index: usize,
    /// The name.
    pub name: &'a str,
    /// The `fieldName` value node.
    pub node: Node<'a>,
}

/// A connector's type and properties.
pub struct Connector<'a> {
    /// The `connectorType` value node.
    pub ty_node: Option<Node<'a>>,
    /// The `connectorType`, when a string.
    pub ty: Option<&'a str>,
    /// The `connectorProperties` value node.
    pub props: Option<Node<'a>>,
}

impl<'a> Ci<'a> {
    /// The view of `root`, a body of `kind`.
    pub fn new(kind: Kind, root: Node<'a>) -> Self {
        let (def, base, arm) = match root.get("properties") {
            Some(p) if p.as_object().is_some() => (p, "/properties", true),
            _ => (root, "", false),
        };
        let object = def.as_object().is_some();
        let profile = (object && kind == Kind::CiProfileType).then(|| {
            let fields: Items<'_> = def
                .get("fields")
                .and_then(Node::as_array)
                .unwrap_or_default();
            Profile {
                fields,
                interaction: def.get("entityType").and_then(Node::as_str) == Some("Interaction"),
            }
        });
        let connector = (object && kind == Kind::CiConnector).then(|| {
            let ty_node = def.get("connectorType");
            Connector {
                ty_node,
                ty: ty_node.and_then(Node::as_str),
                props: def.get("connectorProperties"),
            }
        });
        Ci {
            kind,
            root,
            arm,
            def,
            base,
            profile,
            connector,
            locale_keys: OnceCell::new(),
        }
    }

    /// The locale keys of the body's localized maps that are not fine (see
    /// `locale::locale_keys`), found once for the two locale rules.
    pub fn locale_keys(&self) -> &[LocaleKey<'a>] {
        self.locale_keys
            .get_or_init(|| super::locale::locale_keys(self))
    }
}

/// True when the body is in the ARM form (`{"properties": {...}}`).
pub fn is_arm(root: Node<'_>) -> bool {
    root.get("properties")
        .is_some_and(|p| p.as_object().is_some())
}

/// The definition object (the body itself in the hub form, `properties` in the ARM form) and
/// its JSON Pointer.
pub fn definition(root: Node<'_>) -> (Node<'_>, &'static str) {
    match root.get("properties") {
        Some(p) if p.as_object().is_some() => (p, "/properties"),
        _ => (root, ""),
    }
}

/// The span of an object's opening brace (where "missing key" findings point).
pub fn opening_brace(node: Node<'_>) -> Span {
    Span::new(node.span().start as usize, node.span().start as usize + 1)
}

/// A safe fix removing member `index` of the object `object` ([`crate::rules::remove::remove`]).
pub fn remove_member_fix(
    layout: crate::rules::remove::Layout<'_>,
    object: Node<'_>,
    index: usize,
    title: String,
) -> Option<Fix> {
    Some(Fix::safe(
        crate::rules::remove::remove(layout, object, index)?,
        title,
    ))
}

/// User text to echo in a message: cut to one short line, and withheld entirely when it
/// carries credential material (`AccountKey=`, `Password=`, a SAS `sig=`, …).
pub fn echo(text: &str) -> String {
    if crate::secrets::marker_in(text).is_some() {
        "****".to_string()
    } else {
        crate::core::text::snippet(text)
    }
}

/// Append one key to the JSON Pointer in `pointer` (as [`crate::core::pointer::pointer_join`] does,
/// without a new string).
pub fn push_pointer_segment(pointer: &mut String, key: &str) {
    pointer.push('/');
    if key.bytes().any(|b| b == b'~' || b == b'/') {
        for c in key.chars() {
            match c {
                '~' => pointer.push_str("~0"),
                '/' => pointer.push_str("~1"),
                c => pointer.push(c),
            }
        }
    } else {
        pointer.push_str(key);
    }
}

/// Append one array index to the JSON Pointer in `pointer`.
pub fn push_pointer_index(pointer: &mut String, index: usize) {
    pointer.push('/');
    // Decimal digits, last first (no formatting machinery on this hot path).
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut n = index;
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    pointer.extend(digits[start..].iter().map(|&d| char::from(d)));
}

/// The JSON Pointer of element `index` of the array under key `array` of the object at
/// `base` (`/fields/2`), written out only when a finding needs it.
#[derive(Debug, Clone, Copy)]
pub struct ItemPointer<'p> {
    base: &'p str,
    array: &'static str,
    index: usize,
}

impl<'p> ItemPointer<'p> {
    /// Element `index` of `base`'s `array`.
    pub fn new(base: &'p str, array: &'static str, index: usize) -> Self {
        ItemPointer { base, array, index }
    }

    /// The pointer of the element's member `key`.
    pub fn member(&self, key: &str) -> String {
        let mut pointer = self.to_string();
        push_pointer_segment(&mut pointer, key);
        pointer
    }
}

impl std::fmt::Display for ItemPointer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let array = crate::core::pointer::escape_pointer_segment(self.array);
        write!(f, "{}/{array}/{}", self.base, self.index)
    }
}

/// Quote `s` as a JSON string.
pub fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}
