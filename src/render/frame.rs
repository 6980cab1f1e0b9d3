//! The human block of the most common finding, drawn directly: one labelled span on one
//! line of plain ASCII, a message that fits on its line, no colours. The bytes are those
//! miette's graphical handler writes for it (`tests` below draws every such finding both
//! ways); any other finding is left to miette. A run with thousands of findings spends
//! most of its output time in the frames.

use crate::core::diagnostic::{Diagnostic, Severity};
use crate::core::source::SourceFile;

/// True for the bytes a frame may show as they are: printable ASCII (no tab, no CR).
fn plain(bytes: &[u8]) -> bool {
    bytes.iter().all(|&b| (0x20..0x7f).contains(&b))
}

/// Append the block of `d` (header, message and code frame; not the help) as miette draws
/// it without colours, with one line of context, and return true; or append nothing and
/// return false when `d` is not the common case. `message` is the message as shown.
pub(crate) fn push_common_block(
    d: &Diagnostic,
    message: &str,
    source: &SourceFile,
    text: &mut String,
) -> bool {
    let Some(span) = d.span else { return false };
    if !d.labels.is_empty() || span.start >= span.end || !plain(message.as_bytes()) {
        return false;
    }
    let label = d.label.as_deref();
    if label.is_some_and(|l| !plain(l.as_bytes())) {
        return false;
    }
    let (start, end) = (span.start as usize, span.end as usize);
    let bytes = source.text().as_bytes();
    if end > bytes.len() {
        return false;
    }
    let line = source.line_index(start);
    let line_start = source.line_start(line);
    let line_end = source.line_start(line + 1).min(bytes.len());
    // The span's line without its line break; the span must lie in it.
    let line_text_end = if bytes.get(line_end.wrapping_sub(1)) == Some(&b'\n') {
        line_end - 1
    } else {
        line_end
    };
    if end > line_text_end {
        return false;
    }
    // One line of context on each side, as far as the text goes.
    let first = line.saturating_sub(1);
    let from = source.line_start(first);
    let to = source.line_start(line + 2).min(bytes.len());
    let context = &bytes[from..to];
    if !context
        .iter()
        .all(|&b| b == b'\n' || (0x20..0x7f).contains(&b))
    {
        return false;
    }
    // The lines shown: `context` split at its line breaks (a final break ends the last).
    let shown = context.strip_suffix(b"\n").unwrap_or(context);
    let last_number = first + shown.split(|&b| b == b'\n').count();
    let width = last_number.to_string().len();

    let icon = match d.severity {
        Severity::Error => "×",
        Severity::Warning => "⚠",
        Severity::Info => "☞",
    };
    let pad = " ".repeat(width + 2);
    text.push_str(d.code());
    text.push_str("\n\n  ");
    text.push_str(icon);
    text.push(' ');
    text.push_str(message);
    text.push('\n');
    text.push_str(&pad);
    text.push_str("╭─[");
    text.push_str(source.name());
    let mut number = itoa::Buffer::new();
    text.push(':');
    text.push_str(number.format(line + 1));
    text.push(':');
    text.push_str(number.format(start - line_start + 1));
    text.push_str("]\n");
    for (i, row) in shown.split(|&b| b == b'\n').enumerate() {
        let n = number.format(first + i + 1);
        text.push(' ');
        text.extend(std::iter::repeat_n(' ', width - n.len()));
        text.push_str(n);
        text.push_str(" │ ");
        // ok: `context` is printable ASCII, checked above.
        text.push_str(std::str::from_utf8(row).unwrap_or_default());
        text.push('\n');
        if first + i != line {
            continue;
        }
        // The underline, with a `┬` under its middle when a label hangs from it.
        let (from_col, to_col) = (start - line_start, end - line_start);
        let middle = (from_col + to_col) / 2;
        let no_linum = format!(" {:width$} · ", "");
        text.push_str(&no_linum);
        text.extend(std::iter::repeat_n(' ', from_col));
        text.extend(std::iter::repeat_n('─', middle - from_col));
        text.push(if label.is_some() { '┬' } else { '─' });
        text.extend(std::iter::repeat_n('─', to_col - middle - 1));
        text.push('\n');
        if let Some(label) = label {
            text.push_str(&no_linum);
            text.extend(std::iter::repeat_n(' ', middle));
            text.push_str("╰── ");
            text.push_str(label);
            text.push('\n');
        }
    }
    text.push_str(&pad);
    text.push_str("╰────\n");
    true
}

#[cfg(test)]
mod tests {
    use crate::core::source::Span;
    use crate::render::human::{render, HumanOptions};
    use crate::{Checker, Report};

    /// A finding drawn directly and by miette, each in a report of its own.
    fn both_ways(report: &Report) -> Vec<(String, String)> {
        let options = HumanOptions::default();
        report
            .diagnostics
            .iter()
            .map(|d| {
                let one = Report {
                    diagnostics: vec![d.clone()],
                    ..report.clone()
                };
                let direct = render(&one, options);
                let by_miette = crate::render::human::render_with_miette(&one, options);
                (direct, by_miette)
            })
            .collect()
    }

    /// Every finding of the fixtures (and of a few edge cases below) is drawn byte for byte
    /// as miette draws it, and most take the direct way.
    #[test]
    fn draws_what_miette_draws() {
        let checker = Checker::new();
        let mut reports = Vec::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path
                    .extension()
                    .is_some_and(|e| e == "json" || e == "jsonc")
                {
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    let source =
                        crate::core::source::SourceFile::new(path.display().to_string(), text);
                    reports.push(checker.check_source(source, None));
                }
            }
        }
        // Edge cases: first and last lines, no final line break, line numbers growing a
        // digit in the frame, a span at the end of its line, no label.
        let long = format!("{}{{\"policies\": 1}}", "\n".repeat(8));
        for (kind, body) in [
            (crate::Kind::KuzzleProfile, "{\"policies\": 1}"),
            (crate::Kind::KuzzleProfile, "{\"policies\": 1}\n"),
            (crate::Kind::KuzzleProfile, long.as_str()),
            (
                crate::Kind::KuzzleProfile,
                "{\n\"policies\": [], \"x\": 2}\n\n",
            ),
            (
                crate::Kind::KuzzleRole,
                "{\"controllers\": {\"document\": {\"actions\": {\"get\": \"yes\"}}}}",
            ),
        ] {
            reports.push(checker.check(kind, body));
        }
        let mut direct = 0;
        let mut total = 0;
        for report in &reports {
            for (i, (ours, theirs)) in both_ways(report).into_iter().enumerate() {
                total += 1;
                assert_eq!(
                    ours,
                    theirs,
                    "finding {i} of {}: {:?}",
                    report.source.name(),
                    report.diagnostics[i]
                );
                let d = &report.diagnostics[i];
                let mut text = String::new();
                if super::push_common_block(d, &d.message, &report.source, &mut text) {
                    direct += 1;
                }
            }
        }
        assert!(total > 100, "{total} findings");
        assert!(direct * 2 > total, "{direct} of {total} drawn directly");
        // A span that is not on one line is miette's.
        let report = checker.check(crate::Kind::KuzzleProfile, "{\"policies\": 1}");
        let mut d = report.diagnostics[0].clone();
        d.span = Some(Span::new(0, 0));
        assert!(!super::push_common_block(
            &d,
            &d.message,
            &report.source,
            &mut String::new()
        ));
    }
}
