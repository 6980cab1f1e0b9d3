//! Checking a text for `--fix`: the findings a check leaves out past the limit of findings
//! per rule are not held, but their safe fixes are collected as they are left out, with the
//! same filters the check applies to the findings it holds.

use super::Checker;
use crate::core::diagnostic::Diagnostic;
use crate::core::fix_plan::Spill;
use crate::core::report::Report;
use crate::core::source::{SourceFile, Span};
use crate::core::Kind;
use crate::suppress::Suppressions;

impl Checker {
    /// Check `source` as [`Checker::check_source`] does, handing the safe fixes of the
    /// findings left out by the limit of findings per rule to `spill` (those the file's
    /// suppression comments, template placeholders and `spill`'s own filter let through).
    pub(crate) fn check_for_fixes(
        &self,
        source: SourceFile,
        kind: Option<Kind>,
        spill: &Spill<'_>,
    ) -> Report {
        self.check_source_spilling(source, kind, None, Some(spill))
    }
}

/// Where the checker hands a finding left out by the limit, during a check for `--fix`.
pub(super) struct Offer<'o> {
    pub(super) spill: &'o Spill<'o>,
    pub(super) suppressions: &'o Suppressions<'o>,
    /// The members a pack renamed: (pointer with the new keys, pointer as written).
    pub(super) renamed: &'o crate::rules::RenamedPointers<'o>,
    /// The section of a kourou dump checked as a securities file.
    pub(super) dump: Option<&'static str>,
    /// Strings and keys holding a placeholder without a sample, once known: findings of the
    /// schema and rule passes there are dropped.
    pub(super) unchecked: Option<&'o [Span]>,
}

impl Offer<'_> {
    /// Give `finding` the pointer the check would, and collect its fix unless the check would
    /// drop it.
    pub(super) fn offer(&self, finding: &Diagnostic) {
        if self.suppressions.suppress(finding) {
            return;
        }
        if let (Some(unchecked), Some(span)) = (self.unchecked, finding.span) {
            let i = unchecked.partition_point(|u| u.start <= span.start);
            if finding.meta.family() != "json" && i > 0 && span.end <= unchecked[i - 1].end {
                return;
            }
        }
        let mut pointer = self.renamed.as_written(&finding.pointer);
        if let Some(section) = self.dump {
            let current = pointer.as_deref().unwrap_or(&finding.pointer);
            let from = format!("/{section}");
            if current.starts_with(&from)
                && matches!(current.as_bytes().get(from.len()), None | Some(b'/'))
            {
                pointer = Some(format!("/content{}", &current[from.len()..]));
            }
        }
        match pointer {
            Some(pointer) => {
                let mut finding = finding.clone();
                finding.pointer = pointer.into();
                self.spill.offer(&finding);
            }
            None => self.spill.offer(finding),
        }
    }
}
