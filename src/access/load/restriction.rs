//! A profile policy's `restrictedTo` read into its restriction map, as Kuzzle builds it
//! (`ProfileRepository.optimizePolicy`).

use super::{display, get, grants_whole_index, is_falsy, NoteList};
use crate::access::model::{IndexKey, Restriction};
use crate::parse::{Items, Node};
use std::collections::BTreeSet;

/// The restriction map of a policy's `restrictedTo` list (`None`: no restriction, the role
/// applies on every index), with notes on what Kuzzle drops or rejects.
pub(super) fn restrict(list: Items<'_>, i: usize, notes: &mut NoteList) -> Option<Restriction> {
    if list.is_empty() {
        notes.push(|| {
            format!(
                "policy {i}: `restrictedTo: []` is no restriction: the role applies on EVERY index"
            )
        });
        return None;
    }
    // The restrictions Kuzzle keeps ([`Node::id`], in order). The map is built from them
    // sorted by index: 4 bytes a restriction, where a map of copied names took about 180.
    let mut kept: Vec<u32> = Vec::new();
    for r in list.iter() {
        if r.as_object().is_none() {
            notes.push(|| {
                format!("policy {i}: a restriction is not an object: Kuzzle rejects this profile")
            });
            continue;
        }
        let Some(index) = get(r, "index") else {
            notes.push(|| {
                format!("policy {i}: a restriction has no `index`: Kuzzle rejects this profile")
            });
            continue;
        };
        if is_falsy(index) {
            notes.push(|| {
                format!(
                    "policy {i}: the restriction `index: {}` is dropped (falsy index)",
                    index.to_value()
                )
            });
            continue;
        }
        if index.as_str().is_none() {
            notes.push(|| {
                format!(
                    "policy {i}: `index: {}` is not a string: it never matches a request",
                    index.to_value()
                )
            });
        }
        if !grants_whole_index(r) {
            match get(r, "collections").and_then(Node::as_array) {
                Some(cs) => {
                    for c in cs.iter().filter(|c| c.as_str().is_none()) {
                        notes.push(|| format!(
                            "policy {i}: collection {} of `{}` is not a string",
                            c.to_value(),
                            display(index)
                        ));
                    }
                }
                None => notes.push(|| format!(
                    "policy {i}: `collections` of `{}` is not an array: Kuzzle rejects this profile",
                    display(index)
                )),
            }
        }
        kept.push(r.id() as u32);
    }
    if kept.is_empty() {
        notes.push(|| {
            format!("policy {i}: every restriction was dropped: the role applies on EVERY index")
        });
        return None;
    }
    let node = |id: u32| list.with_id(id as usize);
    let key = |id: u32| get(node(id), "index").map(IndexText::of);
    // A stable sort: the restrictions of one index stay in the order they are written.
    kept.sort_by(|&a, &b| key(a).cmp(&key(b)));
    // Room for exactly the indexes: a policy can restrict to a million.
    let mut indexes = Vec::with_capacity(kept.chunk_by(|&a, &b| key(a) == key(b)).count());
    // Notes on indexes, with the position of the index's first restriction.
    let mut narrowed = Vec::new();
    for same_index in kept.chunk_by(|&a, &b| key(a) == key(b)) {
        let (mut whole, mut partial) = (0, 0);
        let mut collections = BTreeSet::new();
        for r in same_index.iter().map(|&id| node(id)) {
            if grants_whole_index(r) {
                whole += 1;
            } else if let Some(cs) = get(r, "collections").and_then(Node::as_array) {
                partial += 1;
                collections.extend(cs.iter().map(display));
            }
        }
        let first = same_index[0];
        let Some(index) = key(first).map(IndexText::into_key) else {
            continue;
        };
        if whole > 0 && partial > 0 && notes.written() {
            narrowed.push((first, format!(
                "policy {i}: the whole-index entry for `{}` is narrowed to the collections its sibling entries list ({})",
                index.text(),
                collections.iter().cloned().collect::<Vec<_>>().join(", ")
            )));
        }
        indexes.push((index, collections.into_iter().collect()));
    }
    narrowed.sort_by_key(|&(first, _)| first);
    for (_, note) in narrowed {
        notes.push(|| note);
    }
    Some(Restriction { indexes })
}

/// A restriction's index as its map key, borrowed when it is a string: ordered as
/// [`IndexKey`] is.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum IndexText<'a> {
    Name(&'a str),
    Other(String),
}

impl<'a> IndexText<'a> {
    fn of(index: Node<'a>) -> IndexText<'a> {
        match index.as_str() {
            Some(s) => IndexText::Name(s),
            None => IndexText::Other(index.to_value().to_string()),
        }
    }

    fn into_key(self) -> IndexKey {
        match self {
            IndexText::Name(s) => IndexKey::Name(s.into()),
            IndexText::Other(json) => IndexKey::Other(json.into()),
        }
    }
}
