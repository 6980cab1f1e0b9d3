//! The members of an object as JavaScript reads them: duplicate keys resolved.

use crate::parse::{Member, Members, Node};
use foldhash::fast::RandomState as Fast;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;

/// Members of an object with duplicate keys resolved as JavaScript does (last value, first
/// position), with their keys. Linear: an object without duplicate keys (nearly all) is
/// read as it is; small objects are compared pairwise, big ones (a securities file's
/// sections) hashed, 4 bytes a member.
pub(super) fn members(node: Node<'_>) -> Resolved<'_> {
    let Some(ms) = node.as_object() else {
        return Resolved::All(Members::default().iter());
    };
    const PAIRWISE: usize = 16;
    let hasher = Fast::default();
    let key = |record: u32| ms.with_id(record as usize).key();
    let hash = |record: &u32| hasher.hash_one(key(*record));
    let duplicated = if ms.len() <= PAIRWISE {
        ms.iter()
            .enumerate()
            .any(|(i, m)| ms.iter().take(i).any(|o| o.key() == m.key()))
    } else {
        let mut seen = hashbrown::HashTable::<u32>::with_capacity(ms.len());
        !ms.iter().all(|m| {
            let h = hasher.hash_one(m.key());
            match seen.entry(h, |&r| key(r) == m.key(), hash) {
                hashbrown::hash_table::Entry::Occupied(_) => false,
                hashbrown::hash_table::Entry::Vacant(e) => {
                    e.insert(m.id() as u32);
                    true
                }
            }
        })
    };
    if !duplicated {
        return Resolved::All(ms.iter());
    }
    let mut last: HashMap<&str, usize, Fast> =
        HashMap::with_capacity_and_hasher(ms.len(), Fast::default());
    for (i, m) in ms.iter().enumerate() {
        last.insert(m.key(), i);
    }
    let mut seen = HashSet::with_capacity_and_hasher(last.len(), Fast::default());
    let picked: Vec<Member<'_>> = ms
        .iter()
        .filter(|m| seen.insert(m.key()))
        .filter_map(|m| ms.get(last[m.key()]))
        .collect();
    Resolved::Picked(picked.into_iter())
}

/// The members [`members`] gives: all of an object's, or those its duplicate keys leave.
pub(super) enum Resolved<'t> {
    All(crate::parse::MembersIter<'t>),
    Picked(std::vec::IntoIter<Member<'t>>),
}

impl<'t> Iterator for Resolved<'t> {
    type Item = (&'t str, Member<'t>);
    fn next(&mut self) -> Option<Self::Item> {
        let m = match self {
            Resolved::All(all) => all.next()?,
            Resolved::Picked(picked) => picked.next()?,
        };
        Some((m.key(), m))
    }
}
