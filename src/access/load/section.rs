//! The `profiles` section of a securities file, for an analysis that reads its profiles a
//! chunk at a time: a file of a hundred thousand small profiles would otherwise hold the
//! access model of all of them beside its tree.

use super::{get, members, pointer_join, profile, Notes};
use crate::access::Securities;
use crate::parse::{Members, Node};
use foldhash::fast::RandomState as Fast;
use hashbrown::HashTable;
use std::hash::BuildHasher;

/// The profiles of a securities file's `profiles` section, sorted by id, not yet read.
pub struct ProfileSection<'t> {
    section: Members<'t>,
    /// The section's profiles ([`crate::parse::Member::id`]; duplicate keys resolved as
    /// JavaScript does, entries that are not objects left out, as [`super::add_file`] does),
    /// sorted by id: 4 bytes a profile.
    sorted: Vec<u32>,
    /// Positions in `sorted`, by the hash of their id: users name profiles, looked up by
    /// id, and a binary search read a dozen keys across the text for each.
    by_id: HashTable<u32>,
    hasher: Fast,
}

impl<'t> ProfileSection<'t> {
    /// The `profiles` section of `root` when it is a securities file of sections (not a
    /// role, a profile or a kourou dump) and the section is an object.
    pub fn of(root: Node<'t>) -> Option<ProfileSection<'t>> {
        root.as_object()?;
        let dump =
            get(root, "type").and_then(Node::as_str).is_some() && get(root, "content").is_some();
        if get(root, "policies").is_some() || get(root, "controllers").is_some() || dump {
            return None;
        }
        let node = get(root, "profiles")?;
        let section = node.as_object()?;
        let mut sorted: Vec<u32> = members(node)
            .filter(|(_, m)| m.value().as_object().is_some())
            .map(|(_, m)| m.id() as u32)
            .collect();
        let key = |id: u32| section.with_id(id as usize).key();
        // Keys are unique once duplicates are resolved.
        sorted.sort_unstable_by(|&a, &b| key(a).cmp(key(b)));
        let hasher = Fast::default();
        let mut by_id = HashTable::with_capacity(sorted.len());
        for (position, &r) in sorted.iter().enumerate() {
            let hash = |&p: &u32| hasher.hash_one(key(sorted[p as usize]));
            by_id.insert_unique(hasher.hash_one(key(r)), position as u32, hash);
        }
        Some(ProfileSection {
            section,
            sorted,
            by_id,
            hasher,
        })
    }

    /// How many profiles.
    pub fn len(&self) -> usize {
        self.sorted.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.sorted.is_empty()
    }

    fn id(&self, record: u32) -> &'t str {
        self.section.with_id(record as usize).key()
    }

    /// True when the section defines the profile `id`.
    pub fn contains(&self, id: &str) -> bool {
        self.only(id).is_some()
    }

    /// The profiles, `size` at a time (at least one), in id order.
    pub fn chunks(&self, size: usize) -> impl Iterator<Item = Chunk<'_>> {
        self.sorted.chunks(size.max(1)).map(Chunk)
    }

    /// The profile `id` alone, when the section defines it.
    pub fn only(&self, id: &str) -> Option<Chunk<'_>> {
        let same = |&p: &u32| self.id(self.sorted[p as usize]) == id;
        let i = *self.by_id.find(self.hasher.hash_one(id), same)? as usize;
        Some(Chunk(&self.sorted[i..=i]))
    }

    /// The role id of every policy of every profile, as [`profile`] reads them (a profile
    /// whose `policies` is empty has the single role `default`).
    pub fn role_ids(&self) -> impl Iterator<Item = &'t str> + '_ {
        self.sorted.iter().flat_map(move |&r| {
            let node = self.section.with_id(r as usize).value();
            let items = get(node, "policies").and_then(Node::as_array);
            let default = items.filter(|i| i.is_empty()).map(|_| "default");
            items
                .into_iter()
                .flatten()
                .filter_map(|p| get(p, "roleId").and_then(Node::as_str))
                .chain(default)
        })
    }

    /// Read the profiles of `chunk` into `s`, as those of its file `file` (an index into
    /// `s.files`), replacing any profile of the same id. No note is written.
    pub fn read(&self, s: &mut Securities, file: usize, chunk: Chunk<'_>) {
        for &r in chunk.0 {
            let m = self.section.with_id(r as usize);
            let id = m.key();
            let pointer = pointer_join("/profiles", id);
            s.profiles.insert(
                id.to_string(),
                profile(id, m.value(), file, &pointer, Notes::Skipped),
            );
        }
    }
}

/// Some profiles of a [`ProfileSection`], in id order.
#[derive(Clone, Copy)]
pub struct Chunk<'a>(&'a [u32]);

impl Chunk<'_> {
    /// How many profiles.
    pub fn len(self) -> usize {
        self.0.len()
    }

    /// True when there are none.
    pub fn is_empty(self) -> bool {
        self.0.is_empty()
    }
}
