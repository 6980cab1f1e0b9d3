//! Rendering a run on every core while writing it in order: the findings are cut into
//! pieces of at most [`CHUNK`], each piece is rendered to bytes on its own, and the pieces
//! are written in the order of the reports, a window at a time (about `threads × CHUNK`
//! findings), so a run with many findings is never held as text all at once.

use crate::Report;
use std::borrow::Borrow;
use std::ops::Range;

/// Findings one thread renders in one go.
pub(crate) const CHUNK: usize = 256;

/// One piece of the output: some findings of one report.
#[derive(Debug, Clone)]
pub(crate) struct Piece {
    /// The index of the report.
    pub report: usize,
    /// The range of its findings; empty only for a report without findings, when the
    /// format writes those too.
    pub findings: Range<usize>,
}

impl Piece {
    /// True for the report's first piece (the one that opens it).
    pub fn opens(&self) -> bool {
        self.findings.start == 0
    }

    /// True for the report's last piece (the one that closes it), given its finding count.
    pub fn closes(&self, findings: usize) -> bool {
        self.findings.end == findings
    }
}

/// The threads worth rendering `reports` on: one until there is more than one chunk of
/// findings, then one per core.
pub(crate) fn threads_for<R: Borrow<Report>>(reports: &[R]) -> usize {
    let findings: usize = reports.iter().map(|r| r.borrow().diagnostics.len()).sum();
    if findings > CHUNK {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        1
    }
}

/// Write the pieces of `reports` in order, each rendered by `render` on up to `threads`
/// threads. With `empty_reports`, a report without findings is one (empty) piece, for the
/// formats that list every file; otherwise it has none.
pub(crate) fn write_pieces<R, T>(
    reports: &[R],
    empty_reports: bool,
    threads: usize,
    out: &mut dyn std::io::Write,
    render: impl Fn(&Piece) -> T + Sync,
) -> std::io::Result<()>
where
    R: Borrow<Report> + Sync,
    T: AsRef<[u8]> + Send,
{
    let threads = threads.max(1);
    let mut pieces = reports.iter().enumerate().flat_map(|(report, r)| {
        let n = r.borrow().diagnostics.len();
        let first_ends = if n == 0 && !empty_reports { 0 } else { 1 };
        (0..n.max(first_ends))
            .step_by(CHUNK)
            .map(move |start| Piece {
                report,
                findings: start.min(n)..(start + CHUNK).min(n),
            })
    });
    loop {
        // The next window: pieces worth about `threads × CHUNK` findings (a report without
        // findings counts as one).
        let mut window = Vec::new();
        let mut weight = 0;
        while weight < threads * CHUNK {
            let Some(piece) = pieces.next() else { break };
            weight += piece.findings.len().max(1);
            window.push(piece);
        }
        if window.is_empty() {
            return Ok(());
        }
        if threads == 1 || window.len() == 1 {
            for piece in &window {
                out.write_all(render(piece).as_ref())?;
            }
            continue;
        }
        for text in crate::parallel::map_ordered(&window, threads, &render)
            .into_iter()
            .flatten()
        {
            out.write_all(text.as_ref())?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::diagnostic::Diagnostic;
    use crate::core::source::SourceFile;
    use std::sync::Arc;

    fn report(findings: usize) -> Report {
        Report {
            source: Arc::new(SourceFile::new("f.json", "{}")),
            kind: None,
            diagnostics: (0..findings)
                .map(|i| Diagnostic::new(&crate::core::builtin::IO, format!("{i}")))
                .collect(),
            facts: Vec::new(),
            skipped: false,
        }
    }

    /// Every finding is written once, in order, whatever the threads; empty reports are
    /// pieces only when asked for.
    #[test]
    fn pieces_come_out_in_order() {
        let reports: Vec<Report> = [0, 3, CHUNK * 2 + 5, 0, 1].map(report).into();
        for empty in [false, true] {
            let expected: String = reports
                .iter()
                .enumerate()
                .filter(|(_, r)| empty || !r.diagnostics.is_empty())
                .map(|(i, r)| {
                    let mut s = format!("<{i}");
                    for d in &r.diagnostics {
                        s.push_str(&format!(" {}", d.message));
                    }
                    s + ">"
                })
                .collect();
            for threads in [1, 2, 5] {
                let mut out = Vec::new();
                write_pieces(&reports, empty, threads, &mut out, |p| {
                    let r = &reports[p.report];
                    let mut s = if p.opens() {
                        format!("<{}", p.report)
                    } else {
                        String::new()
                    };
                    for d in &r.diagnostics[p.findings.clone()] {
                        s.push_str(&format!(" {}", d.message));
                    }
                    if p.closes(r.diagnostics.len()) {
                        s.push('>');
                    }
                    s
                })
                .unwrap();
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    expected,
                    "{threads} threads"
                );
            }
        }
    }
}
