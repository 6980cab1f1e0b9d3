//! A run of a container's entries and their records, as [`super::Members`] and
//! [`super::Items`] read them.

use super::Tree;

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
    pub(super) fn empty() -> Entries<'t> {
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
    pub(super) fn record(self, i: u32) -> Option<u32> {
        (i < self.count).then(|| {
            self.tree
                .record_of(self.container, self.first, self.start, self.start + i)
        })
    }
    pub(super) fn range(self, range: std::ops::Range<usize>) -> Entries<'t> {
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
    pub(super) fn run(self, first: usize, start: usize, count: usize) -> Entries<'t> {
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
    pub(super) fn iter(self) -> EntriesIter<'t> {
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
