//! The identities of the findings a check makes, for `--fix` to tell whether its fixes added
//! a finding the original text did not have.
//!
//! A check holds at most so many findings of each rule ([`super::limit`]), so the findings
//! a fix run compares are counted as they are made, held or not: [`tally`] runs a check on
//! this thread and counts every finding that [`super::limit::FindingLimit::keep`] is asked
//! about. A finding is known by its identity: a hash of its code and its JSON Pointer with
//! array indices and case left out (removing an element shifts the indices after it; a fix
//! may rename a key to its canonical case). Two distinct identities share a 64-bit hash with
//! a chance of about one in 10^11 for a file of millions of findings.
//!
//! The count lives in a thread-local for the length of one [`tally`] call: the limits of
//! findings are made in the parser, the schema pass and the rule packs, and all of them run
//! on the calling thread while a tally is on (`crate::rules::RuleContext::beside` runs its
//! groups one after the other then).

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

type Counts = HashMap<u64, u32, foldhash::fast::FixedState>;

/// What a [`tally`] counts.
pub enum Tally<'w> {
    /// Every finding.
    All,
    /// Every finding, while there are at most this many distinct identities: past that the
    /// count is dropped and marked incomplete. A text's identities are then known at no
    /// further cost when they are few (a million findings of one rule at one place in a
    /// list are one identity), and counted again later, with [`Tally::Only`], when they
    /// would weigh as much as the findings.
    AtMost(usize),
    /// Only the findings with one of these identities.
    Only(&'w Identities),
}

/// How many findings of each identity a check made.
#[derive(Debug, Clone, Default)]
pub struct Identities {
    counts: Counts,
    /// False when [`Tally::UntilLeftOut`] gave up.
    complete: bool,
}

impl Identities {
    /// True when every finding was counted.
    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// The findings of `self` that `before` does not account for (as a multiset: a fix may
    /// only take findings away), as identities, one per finding.
    pub fn added_to(&self, before: &Identities) -> Vec<u64> {
        let mut added = Vec::new();
        for (&id, &n) in &self.counts {
            let had = before.counts.get(&id).copied().unwrap_or(0);
            added.extend(std::iter::repeat_n(id, n.saturating_sub(had) as usize));
        }
        added.sort_unstable();
        added
    }

    fn note(&mut self, only_known: bool, id: u64) {
        if only_known {
            if let Some(n) = self.counts.get_mut(&id) {
                *n += 1;
            }
        } else {
            *self.counts.entry(id).or_default() += 1;
        }
    }
}

/// The identity of a finding of rule `code` at `pointer` (see the module documentation).
pub fn identity(code: &str, pointer: &str) -> u64 {
    let mut hasher = foldhash::fast::FixedState::with_seed(0x626f_6479_6775_6172).build_hasher();
    hasher.write(code.as_bytes());
    let mut segment = smallvec::SmallVec::<[u8; 64]>::new();
    for seg in pointer.split('/') {
        segment.clear();
        segment.push(b'/');
        if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
            segment.push(b'*');
        } else if seg.is_ascii() {
            segment.extend(seg.bytes().map(|b| b.to_ascii_lowercase()));
        } else {
            let lower = seg.to_lowercase();
            segment.extend_from_slice(lower.as_bytes());
        }
        hasher.write(&segment);
    }
    hasher.finish()
}

struct Active {
    only_known: bool,
    /// How many distinct identities to count at most.
    at_most: usize,
    identities: Identities,
}

thread_local! {
    /// Boxed: a library loaded into another program (the Node.js addon) has little room for
    /// thread-local data, so this one takes two words.
    static ACTIVE: RefCell<Option<Box<Active>>> = const { RefCell::new(None) };
}

/// Run `check` on this thread, counting the identities of the findings it makes as `what`
/// says.
pub fn tally<R>(what: Tally<'_>, check: impl FnOnce() -> R) -> (R, Identities) {
    let (only_known, at_most, counts) = match what {
        Tally::All => (false, usize::MAX, Counts::default()),
        Tally::AtMost(n) => (false, n, Counts::default()),
        Tally::Only(known) => (
            true,
            usize::MAX,
            known.counts.keys().map(|&id| (id, 0)).collect(),
        ),
    };
    let active = Active {
        only_known,
        at_most,
        identities: Identities {
            counts,
            complete: true,
        },
    };
    /// Puts back the tally this one was started in (none, as a rule), even when the check
    /// panics.
    struct Restore(Option<Box<Active>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let outer = self.0.take();
            let _ = ACTIVE.try_with(|a| a.replace(outer));
        }
    }
    let restore = Restore(ACTIVE.with(|a| a.replace(Some(Box::new(active)))));
    let result = check();
    let ended = ACTIVE.with(|a| a.take());
    drop(restore);
    let identities = ended.map(|a| a.identities).unwrap_or_default();
    (result, identities)
}

/// True while a [`tally`] runs on this thread.
pub fn is_on() -> bool {
    ACTIVE.with(|a| a.borrow().is_some())
}

/// Count a finding of rule `code` at `pointer`, made while a [`tally`] runs.
pub(crate) fn note(code: &str, pointer: &str) {
    ACTIVE.with(|a| {
        let mut active = a.borrow_mut();
        let Some(active) = active.as_mut() else {
            return;
        };
        if !active.identities.complete {
            return;
        }
        active
            .identities
            .note(active.only_known, identity(code, pointer));
        if active.identities.counts.len() > active.at_most {
            active.identities = Identities {
                counts: Counts::default(),
                complete: false,
            };
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities_leave_out_indices_and_case() {
        assert_eq!(
            identity("a/b", "/policies/3/restrictedTo/0/Index"),
            identity("a/b", "/policies/12/restrictedTo/7/index")
        );
        assert_ne!(identity("a/b", "/x"), identity("a/c", "/x"));
        assert_ne!(identity("a/b", "/x/y"), identity("a/b", "/xy"));
        assert_eq!(identity("a/b", "/Été"), identity("a/b", "/été"));
    }

    #[test]
    fn a_tally_counts_what_it_is_told_to() {
        let ((), all) = tally(Tally::All, || {
            note("r", "/a/0");
            note("r", "/a/1");
            note("r", "/b");
        });
        assert!(all.is_complete());
        assert_eq!(all.counts.get(&identity("r", "/a/*")), Some(&2));
        let ((), only) = tally(Tally::Only(&all), || {
            note("r", "/a/5");
            note("r", "/c");
        });
        assert_eq!(only.counts.len(), 2);
        assert_eq!(only.counts.get(&identity("r", "/a/*")), Some(&1));
        let mut added = vec![identity("r", "/a/*"), identity("r", "/b")];
        added.sort_unstable();
        assert_eq!(all.added_to(&only), added);
        let ((), within) = tally(Tally::AtMost(1), || {
            note("r", "/a/0");
            note("r", "/a/1");
        });
        assert!(within.is_complete());
        let ((), given_up) = tally(Tally::AtMost(1), || {
            note("r", "/a/0");
            note("r", "/b");
        });
        assert!(!given_up.is_complete());
        assert!(!is_on());
    }
}
