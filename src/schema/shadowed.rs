//! The members of a tree that a later member of the same object overrides: with duplicate
//! keys the last one wins, so the validator is never shown the others.

use crate::parse::{Member, Node, Value as NodeValue};
use std::hash::BuildHasher;

/// The members a later member of the same object overrides: a bit for each [`Member::id`]
/// of the tree (a thirty-second of its records' bytes, whether one member is shadowed or a
/// million).
#[derive(Debug, Default)]
pub struct Shadowed {
    bits: Box<[u64]>,
    any: bool,
}

impl Shadowed {
    /// True when no member is shadowed.
    pub fn is_empty(&self) -> bool {
        !self.any
    }
    /// True when `member` is hidden by a later duplicate of its key.
    pub fn hides(&self, member: Member<'_>) -> bool {
        let id = member.id();
        self.bits
            .get(id / 64)
            .is_some_and(|word| word & (1 << (id % 64)) != 0)
    }
    fn add(&mut self, id: usize) {
        if let Some(word) = self.bits.get_mut(id / 64) {
            *word |= 1 << (id % 64);
            self.any = true;
        }
    }
}

/// The members a later member of the same object overrides.
pub fn shadowed_members(root: Node<'_>) -> Shadowed {
    let mut out = Shadowed {
        bits: vec![0u64; root.ids_end() / 64 + 1].into_boxed_slice(),
        any: false,
    };
    // Room for the usual body, so the stack does not grow step by step.
    let mut stack = Vec::with_capacity(64);
    stack.push(root);
    while let Some(node) = stack.pop() {
        match node.value() {
            NodeValue::Array(items) => stack.extend(items.iter().filter(|v| is_container(*v))),
            NodeValue::Object(members) => {
                if members.len() <= 16 {
                    for (i, m) in members.iter().enumerate() {
                        if members.iter_from(i + 1).any(|later| later.key() == m.key()) {
                            out.add(m.id());
                        }
                    }
                } else {
                    // Each key's latest member so far, 4 bytes a key: a member is shadowed
                    // when a later one takes its place. Grown as keys come: an object of a
                    // million members may have one key.
                    let hasher = foldhash::fast::RandomState::default();
                    let key = |id: u32| members.with_id(id as usize).key();
                    let mut latest = hashbrown::HashTable::<u32>::new();
                    for m in members.iter() {
                        let hash = hasher.hash_one(m.key());
                        match latest.entry(
                            hash,
                            |&id| key(id) == m.key(),
                            |&id| hasher.hash_one(key(id)),
                        ) {
                            hashbrown::hash_table::Entry::Occupied(mut e) => {
                                out.add(*e.get() as usize);
                                *e.get_mut() = m.id() as u32;
                            }
                            hashbrown::hash_table::Entry::Vacant(e) => {
                                e.insert(m.id() as u32);
                            }
                        }
                    }
                }
                stack.extend(
                    members
                        .iter()
                        .map(|m| m.value())
                        .filter(|v| is_container(*v)),
                );
            }
            _ => {}
        }
    }
    out
}

/// True for an object or an array (scalars hold no member).
fn is_container(node: Node<'_>) -> bool {
    matches!(node.value(), NodeValue::Array(_) | NodeValue::Object(_))
}
