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

/// A text `--fix` made, parsed once: to tell whether the fixes kept it valid, then to check
/// it in the next round (a big file is not parsed twice, nor its two trees held at once).
pub(crate) struct Parsed {
    pub(super) document: crate::parse::Document,
    pub(super) scanned: Option<super::Masked>,
    pub(super) diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    /// True when the text has a value and no syntax error.
    pub(crate) fn parses(&self) -> bool {
        self.document.root().is_some() && self.diagnostics.iter().all(|d| d.code() != "json/syntax")
    }
}

impl Checker {
    /// Check `source` as [`Checker::check_source`] does, handing the safe fixes of the
    /// findings left out by the limit of findings per rule to `spill` (those the file's
    /// suppression comments, template placeholders and `spill`'s own filter let through).
    /// `parsed`, when given, is `source` already parsed by [`Checker::parse_for_fixes`].
    pub(crate) fn check_for_fixes(
        &self,
        source: SourceFile,
        kind: Option<Kind>,
        spill: &Spill<'_>,
        parsed: Option<Parsed>,
    ) -> Report {
        self.check_source_spilling(source, kind, None, Some(spill), parsed)
    }

    /// Parse `text`, the text of file `name`, as a check would.
    pub(crate) fn parse_for_fixes(&self, name: &str, text: &std::sync::Arc<String>) -> Parsed {
        let mut diagnostics = Vec::new();
        let syntax = crate::parse::Syntax::for_path(name);
        let (document, scanned) = self.parse(text, syntax, &mut diagnostics);
        Parsed {
            document,
            scanned,
            diagnostics,
        }
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
