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
    const DATA: [bool; 256] = super::special_bytes(b"%");
    const PROPERTY: [bool; 256] = super::special_bytes(b"%:,");
    let special = if property { &PROPERTY } else { &DATA };
    super::push_replacing(text, out, special, |c| {
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

/// One annotation line per finding.
pub fn render(reports: &[Report]) -> String {
    super::to_string(|out| write(reports, out))
}

/// Write one annotation line per finding, rendered on every core (see `render::pieces`).
pub fn write(reports: &[Report], out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let threads = super::pieces::threads_for(reports);
    super::pieces::write_pieces(reports, false, threads, out, |piece, text: &mut Vec<u8>| {
        let r = &reports[piece.report];
        text.reserve(piece.findings.len() * 1024);
        let file = escape_property(&crate::baseline::normalize_path(r.source.name()));
        for d in &r.diagnostics[piece.findings.clone()] {
            annotation(r, d, &file, text);
        }
    })
}

/// Append the annotation of `d` (a finding of `r`, whose escaped file name is `file`).
fn annotation(r: &Report, d: &crate::core::diagnostic::Diagnostic, file: &str, line: &mut Vec<u8>) {
    let command: &[u8] = match d.severity {
        Severity::Error => b"::error file=",
        Severity::Warning => b"::warning file=",
        Severity::Info => b"::notice file=",
    };
    line.extend_from_slice(command);
    line.extend_from_slice(file.as_bytes());
    if let Some(span) = d.span {
        let loc = crate::render::json::location(r, span);
        let mut number = itoa::Buffer::new();
        for (key, n) in [
            (&b",line="[..], loc.line),
            (b",col=", loc.column),
            (b",endLine=", loc.end_line),
            (b",endColumn=", loc.end_column),
        ] {
            line.extend_from_slice(key);
            line.extend_from_slice(number.format(n).as_bytes());
        }
    }
    line.extend_from_slice(b",title=");
    push_escaped(d.code(), true, line);
    line.extend_from_slice(b"::");
    push_escaped(&d.message, false, line);
    if !d.pointer.is_empty() {
        line.extend_from_slice(b" (at ");
        push_escaped(&d.pointer, false, line);
        line.push(b')');
    }
    if let Some(help) = &d.help {
        line.extend_from_slice(b"%0Ahelp: ");
        push_escaped(help, false, line);
    }
    line.push(b'\n');
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
