//! Output formats. Renderers only format: they never decide what is a finding or how severe.

pub mod human;
pub mod json;

use crate::diagnostic::Severity;
use crate::Report;

/// Counts over a run, for summary lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Files checked.
    pub files: usize,
    /// Files with at least one finding.
    pub files_with_findings: usize,
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity info.
    pub infos: usize,
    /// Findings a safe fix is available for.
    pub fixable: usize,
}

impl Summary {
    /// Count the findings of `reports`.
    pub fn of(reports: &[Report]) -> Summary {
        let mut s = Summary {
            files: reports.len(),
            ..Summary::default()
        };
        for r in reports {
            if !r.diagnostics.is_empty() {
                s.files_with_findings += 1;
            }
            s.errors += r.count(Severity::Error);
            s.warnings += r.count(Severity::Warning);
            s.infos += r.count(Severity::Info);
            s.fixable += r
                .diagnostics
                .iter()
                .filter(|d| {
                    d.fix
                        .as_ref()
                        .is_some_and(|f| f.applicability == crate::fix::Applicability::Safe)
                })
                .count();
        }
        s
    }

    /// One line, e.g. `Found 2 errors and 1 warning in 1 of 3 files.`
    pub fn line(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        if self.errors + self.warnings + self.infos == 0 {
            return format!(
                "All checks passed ({} checked).",
                plural(self.files, "file")
            );
        }
        let mut parts = Vec::new();
        if self.errors > 0 {
            parts.push(plural(self.errors, "error"));
        }
        if self.warnings > 0 {
            parts.push(plural(self.warnings, "warning"));
        }
        if self.infos > 0 {
            parts.push(plural(self.infos, "info"));
        }
        let list = match parts.len() {
            1 => parts[0].clone(),
            _ => format!(
                "{} and {}",
                parts[..parts.len() - 1].join(", "),
                parts[parts.len() - 1]
            ),
        };
        let mut line = format!(
            "Found {list} in {} of {}.",
            self.files_with_findings,
            plural(self.files, "file")
        );
        if self.fixable > 0 {
            line.push_str(&format!(" {} fixable with `--fix`.", self.fixable));
        }
        line
    }
}
