//! Output formats. Renderers only format: they never decide what is a finding or how severe.

pub mod github;
pub mod human;
pub mod json;
pub mod json_lines;
pub mod junit;
pub mod sarif;

use crate::diagnostic::Severity;
use crate::Report;

/// Run a streaming writer into a `String` (renderers write UTF-8 only).
pub(crate) fn to_string(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = write(&mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A sequence serialized straight from an iterator, so a run with many findings is never held
/// twice in memory.
pub(crate) struct Lazy<'a, T>(std::cell::Cell<Option<Box<dyn Iterator<Item = T> + 'a>>>);

impl<'a, T> Lazy<'a, T> {
    pub(crate) fn new(items: impl Iterator<Item = T> + 'a) -> Self {
        Lazy(std::cell::Cell::new(Some(Box::new(items))))
    }
}

impl<T: serde::Serialize> serde::Serialize for Lazy<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.take() {
            Some(items) => serializer.collect_seq(items),
            None => serializer.collect_seq(std::iter::empty::<T>()),
        }
    }
}

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
    /// Files skipped because they are not request bodies (not counted in `files`).
    pub skipped: usize,
}

impl Summary {
    /// Count the findings of `reports`.
    pub fn of(reports: &[Report]) -> Summary {
        let mut s = Summary::default();
        for r in reports {
            if r.skipped {
                s.skipped += 1;
                continue;
            }
            s.files += 1;
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

    /// One line, e.g. `Found 2 errors and 1 warning in 1 of 3 files.`, followed by
    /// `2 files skipped: not a request body.` when some were.
    pub fn line(&self) -> String {
        self.line_for("file")
    }

    /// [`Summary::line`] counting `noun`s (`request`) instead of files.
    pub fn line_for(&self, noun: &str) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let mut line = self.findings_line(noun);
        if self.skipped > 0 {
            line.push_str(&format!(
                " {} skipped: not a request body.",
                plural(self.skipped, "file")
            ));
        }
        line
    }

    fn findings_line(&self, noun: &str) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        if self.errors + self.warnings + self.infos == 0 {
            return format!("All checks passed ({} checked).", plural(self.files, noun));
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
        let mut line = if noun == "file" {
            format!(
                "Found {list} in {} of {}.",
                self.files_with_findings,
                plural(self.files, noun)
            )
        } else {
            format!("Found {list} ({} checked).", plural(self.files, noun))
        };
        if self.fixable > 0 {
            line.push_str(&format!(" {} fixable with `--fix`.", self.fixable));
        }
        line
    }
}

/// Findings per code, most frequent first: `(code, severity, count, fixable)`.
pub fn statistics(reports: &[Report]) -> Vec<(&'static str, Severity, usize, bool)> {
    let mut counts: std::collections::BTreeMap<&'static str, (Severity, usize, bool)> =
        std::collections::BTreeMap::new();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        let e = counts.entry(d.code()).or_insert((d.severity, 0, false));
        e.0 = e.0.max(d.severity);
        e.1 += 1;
        e.2 |= d
            .fix
            .as_ref()
            .is_some_and(|f| f.applicability == crate::fix::Applicability::Safe);
    }
    let mut rows: Vec<_> = counts
        .into_iter()
        .map(|(code, (s, n, f))| (code, s, n, f))
        .collect();
    rows.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
    rows
}

/// `--statistics` as an aligned table.
pub fn statistics_table(reports: &[Report]) -> String {
    let rows = statistics(reports);
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (code, severity, n, fixable) in rows {
        out.push_str(&format!(
            "{n:>5}  {code:<width$}  {severity:<7}{}\n",
            if fixable { "  [fixable]" } else { "" }
        ));
    }
    out
}

/// `--statistics --format json`.
pub fn statistics_json(reports: &[Report]) -> String {
    let rows: Vec<serde_json::Value> = statistics(reports)
        .into_iter()
        .map(|(code, severity, count, fixable)| {
            serde_json::json!({"code": code, "severity": severity, "count": count, "fixable": fixable})
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&rows).unwrap_or_default();
    text.push('\n');
    text
}
