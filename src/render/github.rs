//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation per
//! finding, shown on the pull request's diff.

use crate::core::diagnostic::Severity;
use crate::Report;

/// Escape the message part of a workflow command. Control characters (ESC, BEL, …) are
/// shown as `?`, as in the human output: the runner's log is a terminal too.
pub fn escape_data(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    push_escaped(text, false, &mut out);
    String::from_utf8(out).unwrap_or_default() // ok: UTF-8 in, UTF-8 out
}

/// Escape a property value of a workflow command (`file=`, `title=`, ...).
pub fn escape_property(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    push_escaped(text, true, &mut out);
    String::from_utf8(out).unwrap_or_default() // ok: UTF-8 in, UTF-8 out
}

/// Append `text` escaped as [`escape_data`] (or [`escape_property`] when `property`) does.
fn push_escaped(text: &str, property: bool, out: &mut Vec<u8>) {
    super::push_replacing(text, out, |c| {
        Some(match c {
            '%' => b"%25",
            '\r' => b"%0D",
            '\n' => b"%0A",
            ':' if property => b"%3A",
            ',' if property => b"%2C",
            c if super::is_hostile(c) => b"?",
            _ => return None,
        })
    });
}

/// An [`std::fmt::Write`] appending what it is given escaped as the message part.
struct Data<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Data<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        push_escaped(s, false, self.0);
        Ok(())
    }
}

/// One annotation line per finding.
pub fn render(reports: &[Report]) -> String {
    super::to_string(|out| write(reports, out))
}

/// Write one annotation line per finding.
pub fn write(reports: &[Report], out: &mut dyn std::io::Write) -> std::io::Result<()> {
    use std::fmt::Write as _;
    use std::io::Write as _;
    // One line is built here, then written in one go.
    let mut line: Vec<u8> = Vec::new();
    for r in reports {
        if r.diagnostics.is_empty() {
            continue;
        }
        let file = escape_property(&crate::baseline::normalize_path(r.source.name()));
        for d in &r.diagnostics {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            line.clear();
            let _ = write!(line, "::{command} file={file}");
            if let Some(span) = d.span {
                let loc = crate::render::json::location(r, span);
                let _ = write!(
                    line,
                    ",line={},col={},endLine={},endColumn={}",
                    loc.line, loc.column, loc.end_line, loc.end_column
                );
            }
            line.extend_from_slice(b",title=");
            push_escaped(d.code(), true, &mut line);
            line.extend_from_slice(b"::");
            let mut data = Data(&mut line);
            let _ = data.write_str(&d.message);
            if !d.pointer.is_empty() {
                let _ = write!(data, " (at {})", d.pointer);
            }
            if let Some(help) = &d.help {
                let _ = write!(data, "\nhelp: {help}");
            }
            line.push(b'\n');
            out.write_all(&line)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50%\r\nx: y, z"), "50%25%0D%0Ax: y, z");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(
            escape_data("k\u{1b}[31m\u{7}\u{9b}\u{202e}\tx"),
            "k?[31m???\tx"
        );
        assert_eq!(escape_property("f\u{1b}.json"), "f?.json");
    }
}
