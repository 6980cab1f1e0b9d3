//! Fixes as text edits on spans, applied without touching the rest of the file.

use crate::core::edit::Applicability;
use std::sync::Arc;

use crate::check::Parsed;
use crate::core::fix_plan::{FixPlan, Spill};
use crate::core::tally::{identity, tally, Identities, Tally};

/// The result of fixing one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    /// The text after the fixes (the input when nothing was applied).
    pub text: String,
    /// Fixes applied over all rounds.
    pub applied: usize,
    /// Rounds run.
    pub rounds: usize,
    /// True when a round produced text that no longer parses; `text` is then the last text
    /// that did, and it must not be written.
    pub broke: bool,
    /// How many findings the fixed text has that the original did not (compared by code
    /// and JSON Pointer, see [`crate::core::tally`]). When there is any, no fix is kept:
    /// `text` is the original and `applied` is 0.
    pub introduced: usize,
    /// Those of them the fixed text's report holds, as (code, JSON Pointer), to name them.
    pub introduced_shown: Vec<(&'static str, String)>,
}

/// The findings of `after` that `before` does not account for (compared by code and
/// pointer, as a multiset: a fix may only take findings away).
pub fn introduced(
    before: &[crate::Diagnostic],
    after: &[crate::Diagnostic],
) -> Vec<(&'static str, String)> {
    let count = |findings: &[crate::Diagnostic]| {
        tally(Tally::All, || {
            for d in findings {
                crate::core::tally::note(d.code(), &d.pointer);
            }
        })
        .1
    };
    let added = count(after).added_to(&count(before));
    named(after, &added)
}

/// The findings of `report` whose identities are among `added` (each taken once).
fn named(report: &[crate::Diagnostic], added: &[u64]) -> Vec<(&'static str, String)> {
    let mut left: Vec<u64> = added.to_vec();
    let mut out = Vec::new();
    for d in report {
        if let Ok(i) = left.binary_search(&identity(d.code(), &d.pointer)) {
            left.remove(i);
            out.push((d.code(), d.pointer.to_string()));
        }
    }
    out
}

/// How many distinct identities of the original text's findings a fix run counts as it
/// checks it first, at least (a text of `n` bytes: `n / 128`, a quarter of its size in the
/// count); past that, they are counted again at the end, only those the fixed text has.
const ORIGINAL_IDENTITIES: usize = 4096;

/// The most rounds of check-and-fix `fix_until_stable` runs on one text.
pub const MAX_ROUNDS: usize = 10;

/// One round's check: its report, the safe fixes `keep` accepts (of the findings it holds
/// and of those the limit left out), and the identities it counted as `what` says.
fn check_round(
    checker: &crate::Checker,
    name: &str,
    text: &Arc<String>,
    kind: Option<crate::Kind>,
    keep: &(dyn Fn(&crate::Diagnostic) -> bool + Sync),
    what: Tally<'_>,
    parsed: Option<Parsed>,
) -> (crate::Report, FixPlan, Identities) {
    let spill = Spill::new(keep);
    let (report, identities) = tally(what, || {
        checker.check_for_fixes(
            crate::SourceFile::shared(name, Arc::clone(text)),
            kind,
            &spill,
            parsed,
        )
    });
    // A big text's tree is freed on another thread: it is gone before the next is made.
    crate::check::wait_for_freed_trees();
    let mut plan = spill.into_plan();
    for d in report.diagnostics.iter().filter(|d| keep(d)) {
        if let Some(fix) = d.fix.as_deref() {
            if fix.applicability == Applicability::Safe {
                plan.push(fix);
            }
        }
    }
    (report, plan, identities)
}

/// Check `text` (named `name`, which drives the JSON/JSONC syntax), apply every safe fix of
/// the findings `keep` accepts, re-check and repeat until no fix applies (at most
/// [`MAX_ROUNDS`]). Edits touch only the reported spans. A round whose result does not parse
/// is thrown away and stops the loop. Every finding is fixed, past the checker's limit of
/// findings per rule: one run fixes all it can. Those past the limit are not held: their
/// fixes are collected as they are left out ([`Spill`]), and the findings counted by
/// identity ([`tally`]), so a text of millions of fixes takes about what its check takes.
pub fn fix_until_stable(
    checker: &crate::Checker,
    name: &str,
    text: &str,
    kind: Option<crate::Kind>,
    keep: impl Fn(&crate::Diagnostic) -> bool + Sync,
) -> Fixed {
    fix_shared_until_stable(checker, name, &Arc::new(text.to_string()), kind, keep)
}

/// [`fix_until_stable`] over a text the caller keeps too: the checks share it, so a big file
/// is not copied.
pub fn fix_shared_until_stable(
    checker: &crate::Checker,
    name: &str,
    text: &Arc<String>,
    kind: Option<crate::Kind>,
    keep: impl Fn(&crate::Diagnostic) -> bool + Sync,
) -> Fixed {
    let mut current: Option<Arc<String>> = None;
    let mut applied = 0;
    let mut rounds = 0;
    let mut broke = false;
    // The identities of the original text's findings (complete when it has few), and the
    // report and identities of `current` once checked with no fix left to apply.
    let mut original: Option<Identities> = None;
    let mut last: Option<(crate::Report, Identities)> = None;
    // The text the last round made, parsed (it is checked in the next round).
    let mut parsed: Option<Parsed> = None;
    while rounds < MAX_ROUNDS {
        rounds += 1;
        let what = if rounds == 1 {
            Tally::AtMost(ORIGINAL_IDENTITIES.max(text.len() / 128))
        } else {
            Tally::All
        };
        let now = current.as_ref().unwrap_or(text);
        let (report, plan, identities) =
            check_round(checker, name, now, kind, &keep, what, parsed.take());
        if plan.is_empty() {
            last = Some((report, identities));
            break;
        }
        drop(report);
        let (next, n) = plan.apply(now);
        drop(plan);
        if n == 0 || next == **now {
            break;
        }
        let next = Arc::new(next);
        let next_parsed = checker.parse_for_fixes(name, &next);
        if !next_parsed.parses() {
            broke = true;
            break;
        }
        if original.is_none() {
            original = Some(identities);
        }
        parsed = Some(next_parsed);
        current = Some(next);
        applied += n;
    }
    let fixed_text = current.unwrap_or_else(|| Arc::clone(text));
    let mut fixed = Fixed {
        text: String::new(),
        applied,
        rounds,
        broke,
        introduced: 0,
        introduced_shown: Vec::new(),
    };
    // Every fix is checked against the original: the fixed text may not have a finding the
    // original did not.
    let Some(original) = original else {
        fixed.text = Arc::try_unwrap(fixed_text).unwrap_or_else(|shared| String::clone(&shared));
        return fixed;
    };
    let (report, after) = match last {
        Some((report, after)) if !broke => (report, after),
        _ => {
            let (report, _, after) =
                check_round(checker, name, &fixed_text, kind, &keep, Tally::All, None);
            (report, after)
        }
    };
    let before = if original.is_complete() {
        original
    } else {
        // A big original: its findings are counted again, only those the fixed text has.
        tally(Tally::Only(&after), || {
            checker.check_source(crate::SourceFile::shared(name, Arc::clone(text)), kind)
        })
        .1
    };
    let added = after.added_to(&before);
    if added.is_empty() {
        drop(report);
        fixed.text = Arc::try_unwrap(fixed_text).unwrap_or_else(|shared| String::clone(&shared));
    } else {
        fixed.introduced = added.len();
        fixed.introduced_shown = named(&report.diagnostics, &added);
        fixed.text = String::clone(text);
        fixed.applied = 0;
    }
    fixed
}

/// Whether `text` still parses as the syntax `name` implies.
pub fn parses(name: &str, text: &str) -> bool {
    let mut diagnostics = Vec::new();
    let document =
        crate::parse::parse(text, crate::parse::Syntax::for_path(name), &mut diagnostics);
    document.root().is_some() && diagnostics.iter().all(|d| d.code() != "json/syntax")
}

/// A unified diff of `old` → `new` for file `name` (empty when equal).
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_unified_diff(name, old, new, &mut out);
    out
}

/// [`unified_diff`], written to `out` as it is made (the diff of a big file is not held).
pub fn write_unified_diff(
    name: &str,
    old: &str,
    new: &str,
    out: &mut dyn std::fmt::Write,
) -> std::fmt::Result {
    if old == new {
        return Ok(());
    }
    write!(
        out,
        "{}",
        similar::TextDiff::from_lines(old, new)
            .unified_diff()
            .context_radius(3)
            .header(&format!("a/{name}"), &format!("b/{name}"))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Checker, Kind, SourceFile};

    /// A locale map with one code in two spellings, and the same with `en-US` lowercased by
    /// hand (the fix bodyguard does not offer): a duplicate key.
    const TWO: &str = r#"{"typeName": "T", "displayName": {"en-US": "a", "en-us": "b"}}"#;
    const RENAMED: &str = r#"{"typeName": "T", "displayName": {"en-us": "a", "en-us": "b"}}"#;

    #[test]
    fn an_original_counted_again_finds_what_a_whole_count_finds() {
        let checker = Checker::new();
        let count = |text: &str, what: Tally<'_>| {
            tally(what, || {
                checker.check_source(SourceFile::new("t.json", text), Some(Kind::CiProfileType))
            })
            .1
        };
        let after = count(RENAMED, Tally::All);
        let whole = count(TWO, Tally::All);
        let given_up = count(TWO, Tally::AtMost(0));
        assert!(whole.is_complete() && !given_up.is_complete());
        let again = count(TWO, Tally::Only(&after));
        let added = after.added_to(&whole);
        assert_eq!(added.len(), 1, "the duplicate key");
        assert_eq!(after.added_to(&again), added);
        let report = checker.check(Kind::CiProfileType, RENAMED);
        assert_eq!(
            named(&report.diagnostics, &added),
            vec![("json/duplicate-key", "/displayName/en-us".to_string())]
        );
    }
}
