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
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The whole run as one `<testsuites>` document.
pub fn render(reports: &[Report]) -> String {
    let failures: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"bodyguard\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">\n",
        reports.len()
    ));
    out.push_str(&format!(
        "  <testsuite name=\"bodyguard\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n",
        reports.len()
    ));
    for r in reports {
        let file = escape(r.source.name());
        if r.diagnostics.is_empty() {
            out.push_str(&format!(
                "    <testcase name=\"{file}\" classname=\"{file}\" file=\"{file}\"/>\n"
            ));
            continue;
        }
        out.push_str(&format!(
            "    <testcase name=\"{file}\" classname=\"{file}\" file=\"{file}\">\n"
        ));
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
            out.push_str(&format!(
                "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                escape(d.code()),
                escape(&d.message),
                escape(&body)
            ));
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
