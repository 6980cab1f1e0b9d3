//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation per
//! finding, shown on the pull request's diff.

use crate::core::diagnostic::Severity;
use crate::Report;

/// Escape the message part of a workflow command. Control characters (ESC, BEL, …) are
/// shown as `?`, as in the human output: the runner's log is a terminal too.
pub fn escape_data(text: &str) -> String {
    super::printable(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value of a workflow command (`file=`, `title=`, ...).
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One annotation line per finding.
pub fn render(reports: &[Report]) -> String {
    super::to_string(|out| write(reports, out))
}

/// Write one annotation line per finding.
pub fn write(reports: &[Report], out: &mut dyn std::io::Write) -> std::io::Result<()> {
    for r in reports {
        let file = escape_property(&crate::baseline::normalize_path(r.source.name()));
        for d in &r.diagnostics {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut props = format!("file={file}");
            if let Some(span) = d.span {
                let loc = crate::render::json::location(r, span);
                props.push_str(&format!(
                    ",line={},col={},endLine={},endColumn={}",
                    loc.line, loc.column, loc.end_line, loc.end_column
                ));
            }
            props.push_str(&format!(",title={}", escape_property(d.code())));
            let mut message = d.message.clone();
            if !d.pointer.is_empty() {
                message.push_str(&format!(" (at {})", d.pointer));
            }
            if let Some(help) = &d.help {
                message.push_str(&format!("\nhelp: {help}"));
            }
            writeln!(out, "::{command} {props}::{}", escape_data(&message))?;
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
