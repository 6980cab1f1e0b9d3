//! For the human output: a finding repeated many times in one file shown once.

use crate::Report;

/// Findings of one code repeated more than this in one file are grouped in the human output.
const GROUP_OVER: usize = 3;

/// For the human output: the reports with each code repeated more than [`GROUP_OVER`] times
/// in a file shown once, its help saying where the others are (machine formats keep every
/// finding). Reports without such repeats are borrowed as they are.
pub(super) fn group_repeats(reports: &[Report]) -> Vec<std::borrow::Cow<'_, Report>> {
    use std::borrow::Cow;
    use std::collections::HashMap;
    reports
        .iter()
        .map(|r| {
            if r.diagnostics.len() <= GROUP_OVER {
                return Cow::Borrowed(r);
            }
            let mut counts: HashMap<&str, usize> = HashMap::new();
            for d in &r.diagnostics {
                *counts.entry(d.code()).or_default() += 1;
            }
            counts.retain(|_, n| *n > GROUP_OVER);
            if counts.is_empty() {
                return Cow::Borrowed(r);
            }
            let mut grouped = Report {
                diagnostics: Vec::new(),
                source: r.source.clone(),
                kind: r.kind,
                facts: Vec::new(),
                skipped: r.skipped,
            };
            let mut first_of: HashMap<&str, usize> = HashMap::new();
            let mut lines: HashMap<&str, Vec<usize>> = HashMap::new();
            for d in &r.diagnostics {
                let code = d.code();
                if !counts.contains_key(code) {
                    grouped.diagnostics.push(d.clone());
                } else if first_of.contains_key(code) {
                    if let Some(s) = d.span {
                        let shown = lines.entry(code).or_default();
                        // 12 lines are shown, a 13th says there are more.
                        if shown.len() <= 12 {
                            shown.push(r.source.line_col(s.start as usize).line);
                        }
                    }
                } else {
                    first_of.insert(code, grouped.diagnostics.len());
                    grouped.diagnostics.push(d.clone());
                }
            }
            for (code, i) in first_of {
                let more = counts[code] - 1;
                let at = lines.get(code).map_or_else(String::new, |ls| {
                    let mut shown: Vec<String> = ls.iter().take(12).map(usize::to_string).collect();
                    if ls.len() > 12 {
                        shown.push("…".into());
                    }
                    format!(", at lines {}", shown.join(", "))
                });
                let d = &mut grouped.diagnostics[i];
                let note = format!(
                    "the same finding ({code}) repeats {more} more time{} in this file{at}; `--format json` lists each",
                    if more == 1 { "" } else { "s" }
                );
                d.help = Some(match d.help.take() {
                    Some(h) => format!("{h}\n{note}").into(),
                    None => note.into(),
                });
            }
            Cow::Owned(grouped)
        })
        .collect()
}
