//! The safe fixes of one round of `--fix`, kept small enough for a file with millions of
//! them, and applied in one pass.
//!
//! A fix is its edits, 12 bytes each, and nothing of its own; replacement texts are kept
//! once each (a fix renaming thousands of keys to one canonical spelling holds it once).
//! A fix made of one deletion that starts where the fix before it, also one deletion,
//! ends is merged into it: applying both or the merged one gives the same text, so
//! removing a million consecutive items costs one record.

use super::diagnostic::Diagnostic;
use super::edit::{Applicability, Fix};
use hashbrown::HashTable;
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;
use std::sync::Mutex;

/// The text index of an edit that deletes.
const DELETE: u32 = u32::MAX >> 1;
/// The high bit of an edit's text index: the edit belongs to the fix of the edit before it.
const FOLLOWS: u32 = 1 << 31;

/// Safe fixes to apply to one text (see the module documentation).
#[derive(Default)]
pub struct FixPlan {
    /// The edits, fix after fix, each fix's sorted by start.
    edits: Vec<PlanEdit>,
    /// How many fixes the plan holds (merged ones counted one by one).
    fixes: usize,
    /// How many fixes were merged into the fix whose first edit is the key, past the first.
    merged: HashMap<u32, u32>,
    /// Replacement texts, each once, found again by their hash.
    texts: Vec<Box<str>>,
    text_index: HashTable<u32>,
}

#[derive(Clone, Copy)]
struct PlanEdit {
    start: u32,
    end: u32,
    /// An index into `texts`, or [`DELETE`]; with [`FOLLOWS`] when not its fix's first edit.
    text: u32,
}

impl PlanEdit {
    fn text(self) -> u32 {
        self.text & !FOLLOWS
    }
    fn is_first(self) -> bool {
        self.text & FOLLOWS == 0
    }
}

fn text_hash(text: &str) -> u64 {
    foldhash::fast::FixedState::with_seed(0).hash_one(text)
}

impl FixPlan {
    /// An empty plan.
    pub fn new() -> FixPlan {
        FixPlan::default()
    }

    /// How many fixes the plan holds (merged ones counted one by one).
    pub fn len(&self) -> usize {
        self.fixes
    }

    /// True when the plan holds no fix.
    pub fn is_empty(&self) -> bool {
        self.fixes == 0
    }

    /// Add `fix` (of any applicability: the caller chooses).
    pub fn push(&mut self, fix: &Fix) {
        if fix.edits.is_empty() {
            return;
        }
        self.fixes += 1;
        if let [edit] = fix.edits.as_slice() {
            if edit.replacement.is_empty() && edit.span.start < edit.span.end {
                let last = self.edits.len().wrapping_sub(1) as u32;
                if let Some(target) = self.merge_target() {
                    if target.end == edit.span.start {
                        target.end = edit.span.end;
                        *self.merged.entry(last).or_default() += 1;
                        return;
                    }
                }
            }
        }
        let from = self.edits.len();
        for edit in &fix.edits {
            let text = self.intern(&edit.replacement);
            self.edits.push(PlanEdit {
                start: edit.span.start,
                end: edit.span.end,
                text: text | FOLLOWS,
            });
        }
        let edits = &mut self.edits[from..];
        edits.sort_unstable_by_key(|e| (e.start, e.end));
        edits[0].text &= !FOLLOWS;
    }

    /// The last fix's edit when that fix is one deletion (what a following deletion may be
    /// merged into).
    fn merge_target(&mut self) -> Option<&mut PlanEdit> {
        let edit = self.edits.last_mut()?;
        (edit.is_first() && edit.text() == DELETE && edit.start < edit.end).then_some(edit)
    }

    fn intern(&mut self, text: &str) -> u32 {
        if text.is_empty() {
            return DELETE;
        }
        let hash = text_hash(text);
        let texts = &self.texts;
        if let Some(&i) = self.text_index.find(hash, |&i| &*texts[i as usize] == text) {
            return i;
        }
        let i = self.texts.len() as u32;
        self.texts.push(text.into());
        let texts = &self.texts;
        self.text_index
            .insert_unique(hash, i, |&i| text_hash(&texts[i as usize]));
        i
    }

    /// The edits of the fix whose first edit is `first`.
    fn edits_of(&self, first: u32) -> &[PlanEdit] {
        let from = first as usize;
        let len = self.edits[from + 1..]
            .iter()
            .take_while(|e| !e.is_first())
            .count();
        &self.edits[from..=from + len]
    }

    /// Apply the fixes to `text` in one pass. A fix that overlaps one already taken (in the
    /// order of their first edits) is skipped: it will be proposed again on the next round.
    /// Returns the new text and how many fixes were applied.
    pub fn apply(&self, text: &str) -> (String, usize) {
        if self.edits.iter().all(|e| e.is_first()) {
            self.apply_single_edits(text)
        } else {
            self.apply_any(text)
        }
    }

    /// [`FixPlan::apply`] for fixes of any number of edits.
    fn apply_any(&self, text: &str) -> (String, usize) {
        // The fixes by their first edits.
        let mut order: Vec<u32> = (0..self.edits.len() as u32)
            .filter(|&i| self.edits[i as usize].is_first())
            .collect();
        order.sort_by_key(|&f| self.edits[f as usize].start);
        // The ranges taken so far (start → end, an empty edit taking one byte), disjoint: an
        // overlap is found among the neighbours, so many fixes stay n log n.
        let mut taken: BTreeMap<u32, u32> = BTreeMap::new();
        let range = |e: &PlanEdit| (e.start, e.end.max(e.start + 1));
        let mut chosen: Vec<u32> = Vec::new();
        let mut applied = 0;
        for f in order {
            let edits = self.edits_of(f);
            let overlaps = edits.windows(2).any(|w| w[1].start < range(&w[0]).1)
                || edits.iter().any(|e| {
                    let (start, end) = range(e);
                    taken
                        .range(..end)
                        .next_back()
                        .is_some_and(|(_, &t_end)| start < t_end)
                });
            if overlaps || edits.iter().any(|e| e.end as usize > text.len()) {
                continue;
            }
            taken.extend(edits.iter().map(range));
            chosen.push(f);
            applied += 1 + self.merged.get(&f).copied().unwrap_or(0) as usize;
        }
        let mut edits: Vec<PlanEdit> = chosen
            .iter()
            .flat_map(|&f| self.edits_of(f).iter().copied())
            .collect();
        edits.sort_by_key(|e| (e.start, e.end));
        let mut out = String::with_capacity(text.len());
        let mut at = 0usize;
        for e in edits {
            out.push_str(&text[at..e.start as usize]);
            if e.text() != DELETE {
                out.push_str(&self.texts[e.text() as usize]);
            }
            at = e.end as usize;
        }
        out.push_str(&text[at..]);
        (out, applied)
    }

    /// [`FixPlan::apply`] when every fix is one edit (the usual plan): the edits are taken
    /// in order of their starts, each unless it overlaps the last one taken, and the new text
    /// is written as they are, with no table of the ranges taken.
    fn apply_single_edits(&self, text: &str) -> (String, usize) {
        let sorted = self.edits.windows(2).all(|w| w[0].start <= w[1].start);
        // Positions in `edits`, in order of their starts, when they are not in that order.
        let order: Vec<u32> = if sorted {
            Vec::new()
        } else {
            let mut order: Vec<u32> = (0..self.edits.len() as u32).collect();
            order.sort_by_key(|&i| self.edits[i as usize].start);
            order
        };
        let edits = (0..self.edits.len()).map(|i| match order.get(i) {
            Some(&at) => (at, self.edits[at as usize]),
            None => (i as u32, self.edits[i]),
        });
        let mut out = String::with_capacity(text.len());
        let (mut at, mut taken_end, mut applied) = (0usize, 0u32, 0usize);
        for (i, e) in edits {
            if e.start < taken_end || e.end as usize > text.len() {
                continue;
            }
            taken_end = e.end.max(e.start + 1);
            applied += 1 + self.merged.get(&i).copied().unwrap_or(0) as usize;
            out.push_str(&text[at..e.start as usize]);
            if e.text() != DELETE {
                out.push_str(&self.texts[e.text() as usize]);
            }
            at = e.end as usize;
        }
        out.push_str(&text[at..]);
        (out, applied)
    }
}

/// The safe fixes of the findings a check does not hold (those past the limit of findings
/// per rule), collected for `--fix` as the check leaves them out: one run fixes every
/// finding, and holds a [`FixPlan`] rather than millions of findings.
pub struct Spill<'k> {
    /// Whether the caller applies the fixes of a finding (its ignores).
    keep: &'k (dyn Fn(&Diagnostic) -> bool + Sync),
    plan: Mutex<FixPlan>,
}

impl<'k> Spill<'k> {
    /// An empty collection, for the findings `keep` accepts.
    pub fn new(keep: &'k (dyn Fn(&Diagnostic) -> bool + Sync)) -> Spill<'k> {
        Spill {
            keep,
            plan: Mutex::new(FixPlan::new()),
        }
    }

    /// Collect the safe fix of `finding`, left out by the limit, when the caller keeps it.
    pub fn offer(&self, finding: &Diagnostic) {
        let Some(fix) = finding.fix.as_deref() else {
            return;
        };
        if fix.applicability != Applicability::Safe || !(self.keep)(finding) {
            return;
        }
        if let Ok(mut plan) = self.plan.lock() {
            plan.push(fix);
        }
    }

    /// The fixes collected.
    pub fn into_plan(self) -> FixPlan {
        self.plan
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The edits of a plan, as [`Edit`]s (for tests).
#[cfg(test)]
impl FixPlan {
    fn edits(&self) -> Vec<super::edit::Edit> {
        self.edits
            .iter()
            .map(|e| super::edit::Edit {
                span: super::source::Span::new(e.start as usize, e.end as usize),
                replacement: if e.text() == DELETE {
                    String::new()
                } else {
                    self.texts[e.text() as usize].to_string()
                },
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::edit::Edit;
    use crate::core::source::Span;

    fn delete(start: usize, end: usize) -> Fix {
        Fix::safe(vec![Edit::delete(Span::new(start, end))], "delete")
    }

    #[test]
    fn consecutive_deletions_are_one_record_and_apply_as_many() {
        let text = r#"["c","c","c","c"]"#;
        let mut plan = FixPlan::new();
        for start in [4, 8, 12] {
            plan.push(&delete(start, start + 4));
        }
        assert_eq!(plan.edits(), vec![Edit::delete(Span::new(4, 16))]);
        assert_eq!(plan.len(), 3);
        assert_eq!(plan.apply(text), (r#"["c"]"#.to_string(), 3));
    }

    #[test]
    fn replacement_texts_are_kept_once() {
        let mut plan = FixPlan::new();
        for start in [0, 10, 20] {
            plan.push(&Fix::safe(
                vec![Edit::replace(Span::new(start, start + 3), "\"CRM\"")],
                "rename",
            ));
        }
        assert_eq!(plan.texts.len(), 1);
        assert_eq!(plan.len(), 3);
        assert_eq!(plan.edits().len(), 3);
    }

    #[test]
    fn a_fix_overlapping_one_taken_is_skipped_whole() {
        let text = "abcdefgh";
        let mut plan = FixPlan::new();
        plan.push(&Fix::safe(
            vec![
                Edit::replace(Span::new(0, 2), "X"),
                Edit::delete(Span::new(6, 8)),
            ],
            "two edits",
        ));
        plan.push(&Fix::safe(
            vec![Edit::replace(Span::new(5, 7), "Y")],
            "overlap",
        ));
        plan.push(&delete(3, 4));
        assert_eq!(plan.apply(text), ("Xcef".to_string(), 2));
    }

    #[test]
    fn single_edits_out_of_order_apply_as_the_general_path_does() {
        let text = "abcdefghijklmnop";
        let mut plan = FixPlan::new();
        for (start, end, with) in [
            (9, 11, "X"),
            (2, 4, ""),
            (3, 5, "overlaps"),
            (0, 0, "^"),
            (0, 1, "also at 0"),
            (11, 11, "|"),
            (14, 16, "Z"),
            (15, 20, "past the end"),
        ] {
            plan.push(&Fix::safe(
                vec![Edit::replace(Span::new(start, end), with)],
                "edit",
            ));
        }
        let single = plan.apply(text);
        assert_eq!(single, ("^abefghiX|lmnZ".to_string(), 5));
        assert_eq!(single, plan.apply_any(text));
    }

    #[test]
    fn deletions_that_do_not_touch_are_not_merged() {
        let mut plan = FixPlan::new();
        plan.push(&delete(0, 2));
        plan.push(&delete(3, 5));
        plan.push(&Fix::safe(
            vec![Edit::replace(Span::new(5, 6), "z")],
            "replace",
        ));
        plan.push(&delete(6, 7));
        assert_eq!(plan.edits().len(), 4);
        assert_eq!(plan.apply("abcdefgh"), ("czh".to_string(), 4));
    }
}
