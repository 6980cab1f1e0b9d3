//! The safe fixes of one round of `--fix`, kept small enough for a file with millions of
//! them, and applied in one pass.
//!
//! A fix is its edits, 12 bytes each, and 8 bytes of its own; replacement texts are kept
//! once each (a fix renaming thousands of keys to one canonical spelling holds it once).
//! A fix made of one deletion that starts where the fix before it, also one deletion,
//! ends is merged into it: applying both or the merged one gives the same text, so
//! removing a million consecutive items costs one record.

use super::diagnostic::Diagnostic;
use super::edit::{Applicability, Fix};
use hashbrown::HashTable;
use std::collections::BTreeMap;
use std::hash::BuildHasher;
use std::sync::Mutex;

/// The text index of an edit that deletes.
const DELETE: u32 = u32::MAX;

/// Safe fixes to apply to one text (see the module documentation).
#[derive(Default)]
pub struct FixPlan {
    edits: Vec<PlanEdit>,
    fixes: Vec<PlanFix>,
    /// Replacement texts, each once, found again by their hash.
    texts: Vec<Box<str>>,
    text_index: HashTable<u32>,
}

#[derive(Clone, Copy)]
struct PlanEdit {
    start: u32,
    end: u32,
    /// An index into `texts`, or [`DELETE`].
    text: u32,
}

#[derive(Clone, Copy)]
struct PlanFix {
    /// Its first edit; its edits run to the next fix's first (sorted by start).
    first: u32,
    /// How many fixes it stands for (more than one once merged).
    count: u32,
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
        self.fixes.iter().map(|f| f.count as usize).sum()
    }

    /// True when the plan holds no fix.
    pub fn is_empty(&self) -> bool {
        self.fixes.is_empty()
    }

    /// Add `fix` (of any applicability: the caller chooses).
    pub fn push(&mut self, fix: &Fix) {
        if fix.edits.is_empty() {
            return;
        }
        if let [edit] = fix.edits.as_slice() {
            if edit.replacement.is_empty() && edit.span.start < edit.span.end {
                if let Some(last) = self.merge_target() {
                    if last.end == edit.span.start {
                        last.end = edit.span.end;
                        if let Some(f) = self.fixes.last_mut() {
                            f.count += 1;
                        }
                        return;
                    }
                }
            }
        }
        self.fixes.push(PlanFix {
            first: self.edits.len() as u32,
            count: 1,
        });
        let from = self.edits.len();
        for edit in &fix.edits {
            let text = self.intern(&edit.replacement);
            self.edits.push(PlanEdit {
                start: edit.span.start,
                end: edit.span.end,
                text,
            });
        }
        self.edits[from..].sort_unstable_by_key(|e| (e.start, e.end));
    }

    /// The last fix's edit when that fix is one deletion (what a following deletion may be
    /// merged into).
    fn merge_target(&mut self) -> Option<&mut PlanEdit> {
        let last = self.fixes.last()?;
        let only = self.edits.len() == last.first as usize + 1;
        let edit = self.edits.last_mut()?;
        (only && edit.text == DELETE && edit.start < edit.end).then_some(edit)
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

    fn edits_of(&self, fix: usize) -> &[PlanEdit] {
        let from = self.fixes[fix].first as usize;
        let to = self
            .fixes
            .get(fix + 1)
            .map_or(self.edits.len(), |f| f.first as usize);
        &self.edits[from..to]
    }

    /// Apply the fixes to `text` in one pass. A fix that overlaps one already taken (in the
    /// order of their first edits) is skipped: it will be proposed again on the next round.
    /// Returns the new text and how many fixes were applied.
    pub fn apply(&self, text: &str) -> (String, usize) {
        let mut order: Vec<u32> = (0..self.fixes.len() as u32).collect();
        order.sort_by_key(|&f| self.edits_of(f as usize).first().map_or(0, |e| e.start));
        // The ranges taken so far (start → end, an empty edit taking one byte), disjoint: an
        // overlap is found among the neighbours, so many fixes stay n log n.
        let mut taken: BTreeMap<u32, u32> = BTreeMap::new();
        let range = |e: &PlanEdit| (e.start, e.end.max(e.start + 1));
        let mut chosen: Vec<u32> = Vec::new();
        let mut applied = 0;
        for f in order {
            let edits = self.edits_of(f as usize);
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
            applied += self.fixes[f as usize].count as usize;
        }
        let mut edits: Vec<PlanEdit> = chosen
            .iter()
            .flat_map(|&f| self.edits_of(f as usize).iter().copied())
            .collect();
        edits.sort_by_key(|e| (e.start, e.end));
        let mut out = String::with_capacity(text.len());
        let mut at = 0usize;
        for e in edits {
            out.push_str(&text[at..e.start as usize]);
            if e.text != DELETE {
                out.push_str(&self.texts[e.text as usize]);
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
                replacement: if e.text == DELETE {
                    String::new()
                } else {
                    self.texts[e.text as usize].to_string()
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
