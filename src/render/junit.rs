//! JUnit XML: one test suite per run, one test case per file, one failure per finding.

use crate::Report;

/// Escape text for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    push_escaped(text, &mut out);
    String::from_utf8(out).unwrap_or_default() // ok: UTF-8 in, UTF-8 out
}

/// Append `text` escaped as [`escape`] does.
fn push_escaped(text: &str, out: &mut Vec<u8>) {
    // 0xEF starts U+FFFE and U+FFFF.
    const SPECIAL: [bool; 256] = super::special_bytes(b"&<>\"'\xef");
    super::push_replacing(text, out, &SPECIAL, |c| {
        Some(match c {
            '&' => b"&amp;",
            '<' => b"&lt;",
            '>' => b"&gt;",
            '"' => b"&quot;",
            '\'' => b"&apos;",
            '\n' => b"&#10;",
            '\r' => b"&#13;",
            '\t' => b"&#9;",
            // Not allowed in XML 1.0 at all.
            '\u{fffe}' | '\u{ffff}' => "\u{fffd}".as_bytes(),
            // Control characters (most not allowed in XML 1.0 either) and bidirectional
            // overrides, as every text output shows them.
            c if super::is_hostile(c) => b"?",
            _ => return None,
        })
    });
}

/// The whole run as one `<testsuites>` document.
pub fn render(reports: &[Report]) -> String {
    super::to_string(|out| write(reports, out))
}

/// Write the whole run as one `<testsuites>` document, test case by test case.
pub fn write(reports: &[Report], out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let failures: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
    let tests = reports.len();
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(
        out,
        "<testsuites name=\"bodyguard\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">"
    )?;
    writeln!(
        out,
        "  <testsuite name=\"bodyguard\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">"
    )?;
    let threads = super::pieces::threads_for(reports);
    super::pieces::write_pieces(reports, true, threads, out, |piece, text: &mut Vec<u8>| {
        let r = &reports[piece.report];
        let n = r.diagnostics.len();
        text.reserve(piece.findings.len() * 1024 + 256);
        if piece.opens() {
            let mut file = Vec::new();
            push_escaped(r.source.name(), &mut file);
            text.extend_from_slice(b"    <testcase name=\"");
            text.extend_from_slice(&file);
            text.extend_from_slice(b"\" classname=\"");
            text.extend_from_slice(&file);
            text.extend_from_slice(b"\" file=\"");
            text.extend_from_slice(&file);
            text.extend_from_slice(if n == 0 { b"\"/>\n" } else { b"\">\n" });
        }
        for d in &r.diagnostics[piece.findings.clone()] {
            failure(r, d, text);
        }
        if n > 0 && piece.closes(n) {
            text.extend_from_slice(b"    </testcase>\n");
        }
    })?;
    writeln!(out, "  </testsuite>\n</testsuites>")
}

/// Append the `<failure>` of `d`, a finding of `r`.
fn failure(r: &Report, d: &crate::core::diagnostic::Diagnostic, line: &mut Vec<u8>) {
    line.extend_from_slice(b"      <failure type=\"");
    push_escaped(d.code(), line);
    line.extend_from_slice(b"\" message=\"");
    push_escaped(&d.message, line);
    line.extend_from_slice(b"\">");
    push_escaped(r.source.name(), line);
    if let Some(s) = d.span {
        let lc = r.source.line_col(s.start as usize);
        let mut number = itoa::Buffer::new();
        line.push(b':');
        line.extend_from_slice(number.format(lc.line).as_bytes());
        line.push(b':');
        line.extend_from_slice(number.format(lc.column).as_bytes());
    }
    line.extend_from_slice(b": ");
    line.extend_from_slice(d.severity.as_str().as_bytes());
    line.push(b' ');
    push_escaped(d.code(), line);
    line.extend_from_slice(b": ");
    push_escaped(&d.message, line);
    if !d.pointer.is_empty() {
        line.extend_from_slice(b"&#10;pointer: ");
        push_escaped(&d.pointer, line);
    }
    if let Some(help) = &d.help {
        line.extend_from_slice(b"&#10;help: ");
        push_escaped(help, line);
    }
    line.extend_from_slice(b"&#10;docs: ");
    push_escaped(crate::core::rule::DOCS_BASE_URL, line);
    push_escaped(d.code(), line);
    line.extend_from_slice(b".md</failure>\n");
}
