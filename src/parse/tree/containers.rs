//! The entries of a container: [`Members`] and [`Items`], and their iterators.

use super::{Entries, EntriesIter, Member, Node};

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
