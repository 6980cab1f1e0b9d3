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
    super::push_replacing(text, out, |c| {
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

/// An [`std::fmt::Write`] appending what it is given escaped for XML.
struct Xml<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Xml<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        push_escaped(s, self.0);
        Ok(())
    }
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
    // One failure is built here, then written in one go.
    let mut line: Vec<u8> = Vec::new();
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
            use std::fmt::Write as _;
            line.clear();
            line.extend_from_slice(b"      <failure type=\"");
            push_escaped(d.code(), &mut line);
            line.extend_from_slice(b"\" message=\"");
            push_escaped(&d.message, &mut line);
            line.extend_from_slice(b"\">");
            let mut body = Xml(&mut line);
            let _ = match d.span {
                Some(s) => {
                    let lc = r.source.line_col(s.start as usize);
                    write!(body, "{}:{}:{}", r.source.name(), lc.line, lc.column)
                }
                None => body.write_str(r.source.name()),
            };
            let _ = write!(body, ": {} {}: {}", d.severity, d.code(), d.message);
            if !d.pointer.is_empty() {
                let _ = write!(body, "\npointer: {}", d.pointer);
            }
            if let Some(help) = &d.help {
                let _ = write!(body, "\nhelp: {help}");
            }
            let _ = write!(
                body,
                "\ndocs: {}{}.md",
                crate::core::rule::DOCS_BASE_URL,
                d.code()
            );
            line.extend_from_slice(b"</failure>\n");
            out.write_all(&line)?;
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>\n</testsuites>")
}
