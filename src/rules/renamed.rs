//! Findings' pointers into a tree whose keys a pack renamed, given back as the file spells
//! them.

use crate::parse::{Member, Members, Node, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Pointers to a tree whose keys [`super::normalize`] renamed, given back as the file spells
/// them. Nothing is kept per renamed key: a pointer is walked down the tree, and each member on
/// the way whose key the text spells otherwise takes that spelling. The members of a wide
/// object are found through a table of their keys, made the first time one is asked.
pub struct RenamedPointers<'t> {
    /// The root of the renamed tree; `None` when nothing was renamed.
    root: Option<Node<'t>>,
    /// The text the tree was parsed from.
    text: &'t str,
    /// Tables of the keys of wide objects (by [`Node::id`]): member positions by key hash.
    wide: Mutex<HashMap<usize, Arc<hashbrown::HashTable<u32>>>>,
}

/// The key spanning `span` of `text` (quotes included), unescaped.
fn written_key(text: &str, span: crate::core::Span) -> Option<std::borrow::Cow<'_, str>> {
    let quoted = text.get(span.range())?;
    let raw = quoted.get(1..quoted.len().checked_sub(1)?)?;
    if !raw.contains('\\') {
        return Some(raw.into());
    }
    serde_json::from_str::<String>(quoted).ok().map(Into::into)
}

/// Objects of more members than this have a table of their keys made when walked.
const WALKED_MEMBERS: usize = 16;

impl<'t> RenamedPointers<'t> {
    /// Pointers into `root`, parsed from `text`, when `renamed` (else none is translated).
    pub fn new(root: Node<'t>, text: &'t str, renamed: bool) -> RenamedPointers<'t> {
        RenamedPointers {
            root: renamed.then_some(root),
            text,
            wide: Default::default(),
        }
    }

    /// No pointer is translated.
    pub fn none() -> RenamedPointers<'t> {
        RenamedPointers {
            root: None,
            text: "",
            wide: Default::default(),
        }
    }

    /// True when nothing was renamed.
    pub fn is_empty(&self) -> bool {
        self.root.is_none()
    }

    /// `pointer` (with renamed keys) as written in the file: each of its segments that names
    /// a renamed member spelled as the file spells it; `None` when no segment does.
    pub fn as_written(&self, pointer: &str) -> Option<String> {
        let mut node = self.root?;
        let mut rest = pointer.strip_prefix('/')?;
        let mut written = String::with_capacity(pointer.len());
        let mut renamed = false;
        loop {
            let (raw, tail) = match rest.split_once('/') {
                Some((raw, tail)) => (raw, Some(tail)),
                None => (rest, None),
            };
            let segment = crate::core::pointer::unescape_pointer_segment(raw);
            written.push('/');
            let next = match node.value() {
                Value::Object(members) => self.member(node, members, &segment).map(|m| {
                    match written_key(self.text, m.key_span()) {
                        Some(key) if *key != *m.key() => {
                            renamed = true;
                            written.push_str(&crate::core::pointer::escape_pointer_segment(&key));
                        }
                        _ => written.push_str(raw),
                    }
                    m.value()
                }),
                Value::Array(items) => segment
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| items.get(i))
                    .inspect(|_| written.push_str(raw)),
                _ => None,
            };
            match (next, tail) {
                (Some(next), Some(tail)) => {
                    node = next;
                    rest = tail;
                }
                (Some(_), None) => break,
                (None, _) => {
                    // Past the tree (a member a finding says is missing): as it is.
                    written.push_str(raw);
                    if let Some(tail) = tail {
                        written.push('/');
                        written.push_str(tail);
                    }
                    break;
                }
            }
        }
        renamed.then_some(written)
    }

    /// The member of `object` named `key` (the last one when the key repeats).
    fn member(&self, object: Node<'t>, members: Members<'t>, key: &str) -> Option<Member<'t>> {
        if members.len() <= WALKED_MEMBERS {
            return members.named(key);
        }
        let hash = |key: &str| {
            use std::hash::BuildHasher;
            foldhash::fast::FixedState::with_seed(0x6b65_7973).hash_one(key)
        };
        let table = {
            let mut wide = self
                .wide
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            Arc::clone(wide.entry(object.id()).or_insert_with(|| {
                let mut table = hashbrown::HashTable::new();
                let key_at = |i: u32| members.get(i as usize).map_or("", |m| m.key());
                for (i, m) in members.iter().enumerate() {
                    let h = hash(m.key());
                    match table.find_mut(h, |&j| key_at(j) == m.key()) {
                        Some(last) => *last = i as u32,
                        None => {
                            table.insert_unique(h, i as u32, |&j| hash(key_at(j)));
                        }
                    }
                }
                Arc::new(table)
            }))
        };
        let i = *table.find(hash(key), |&i| {
            members.get(i as usize).is_some_and(|m| m.key() == key)
        })?;
        members.get(i as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::RenamedPointers;
    use crate::parse::{parse, Rewrites, Syntax};

    #[test]
    fn a_pointer_takes_the_spelling_of_each_renamed_segment() {
        // Keys as written; the tree is renamed as `normalize` would, the third object wide.
        let wide: Vec<String> = (0..20).map(|i| format!("\"K{i}\": {i}")).collect();
        let text = format!(
            r#"{{"Fields": [{{"FieldName": "a"}}, {{"fieldType": "y"}}], "Type\u004eame": "t", "w": {{{}}}}}"#,
            wide.join(", ")
        );
        let mut diagnostics = Vec::new();
        let mut document = parse(&text, Syntax::Json, &mut diagnostics);
        let tree = document.tree.as_mut().unwrap();
        let root = tree.root();
        let mut rewrites = Rewrites::default();
        let fields = root.member("Fields").unwrap();
        rewrites.rename_key(fields, "fields");
        let first = fields.value().as_array().unwrap().get(0).unwrap();
        rewrites.rename_key(first.member("FieldName").unwrap(), "fieldName");
        rewrites.rename_key(root.member("TypeName").unwrap(), "typeName");
        let w = root.get("w").unwrap();
        rewrites.rename_key(w.member("K7").unwrap(), "k7");
        tree.rewrite(rewrites);

        let root = document.root().unwrap();
        let renamed = RenamedPointers::new(root, &text, true);
        let cases = [
            ("/fields/0/fieldName", Some("/Fields/0/FieldName")),
            ("/fields/0/fieldName/x", Some("/Fields/0/FieldName/x")),
            ("/fields/1/fieldType", Some("/Fields/1/fieldType")),
            ("/fields/7/fieldType", Some("/Fields/7/fieldType")),
            ("/fields", Some("/Fields")),
            // An escaped key is given unescaped.
            ("/typeName", Some("/TypeName")),
            // A wide object's members are found through a table of its keys.
            ("/w/k7", Some("/w/K7")),
            ("/w/K8", None),
            ("/fieldsX/0", None),
            ("/typeNames", None),
            ("", None),
        ];
        for (pointer, written) in cases {
            assert_eq!(renamed.as_written(pointer).as_deref(), written, "{pointer}");
        }
        assert!(RenamedPointers::new(root, &text, false)
            .as_written("/fields")
            .is_none());
        assert!(RenamedPointers::none().as_written("/fields").is_none());
    }
}
