//! JUnit XML: one test suite per run, one test case per file, one failure per finding.

use crate::Report;

/// Escape text for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            // Not allowed in XML 1.0 at all.
            '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            // Control characters (most not allowed in XML 1.0 either) and bidirectional
            // overrides, as every text output shows them.
            c if super::is_hostile(c) => out.push('?'),
            c => out.push(c),
        }
    }
    out
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
    for r in reports {
        let file = escape(r.source.name());
        if r.diagnostics.is_empty() {
            writeln!(
                out,
                "    <testcase name=\"{file}\" classname=\"{file}\" file=\"{file}\"/>"
            )?;
            continue;
        }
        writeln!(
            out,
            "    <testcase name=\"{file}\" classname=\"{file}\" file=\"{file}\">"
        )?;
        for d in &r.diagnostics {
            let at = d
                .span
                .map(|s| {
                    let lc = r.source.line_col(s.start as usize);
                    format!("{}:{}:{}", r.source.name(), lc.line, lc.column)
                })
                .unwrap_or_else(|| r.source.name().to_string());
            let mut body = format!("{at}: {} {}: {}", d.severity, d.code(), d.message);
            if !d.pointer.is_empty() {
                body.push_str(&format!("\npointer: {}", d.pointer));
            }
            if let Some(help) = &d.help {
                body.push_str(&format!("\nhelp: {help}"));
            }
            body.push_str(&format!("\ndocs: {}", d.url()));
            writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                escape(d.code()),
                escape(&d.message),
                escape(&body)
            )?;
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>\n</testsuites>")
}
