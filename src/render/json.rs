//! Machine-readable JSON: one document per run, stable field names, 1-based lines and
//! character columns.

use crate::core::diagnostic::Diagnostic;
use crate::render::{Lazy, Summary};
use crate::Report;
use serde::Serialize;

/// A location in a file.
#[derive(Debug, Serialize)]
pub struct JsonLocation {
    /// 1-based line of the first byte.
    pub line: usize,
    /// 1-based character column of the first byte.
    pub column: usize,
    /// 1-based line after the last byte.
    pub end_line: usize,
    /// 1-based character column after the last byte.
    pub end_column: usize,
    /// Byte offset of the first byte.
    pub offset: u32,
    /// Length in bytes.
    pub length: u32,
}

/// An edit of a fix.
#[derive(Debug, Serialize)]
pub struct JsonEdit {
    /// Where.
    pub location: JsonLocation,
    /// New text.
    pub content: String,
}

/// A fix.
#[derive(Debug, Serialize)]
pub struct JsonFix {
    /// What it does.
    pub message: String,
    /// `safe` or `unsafe`.
    pub applicability: &'static str,
    /// The edits.
    pub edits: Vec<JsonEdit>,
}

/// One finding.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    /// Rule code.
    pub code: &'static str,
    /// `error`, `warning` or `info`.
    pub severity: &'static str,
    /// What is wrong.
    pub message: String,
    /// File name.
    pub filename: String,
    /// Where, when the finding has a location.
    pub location: Option<JsonLocation>,
    /// JSON Pointer of the culprit.
    pub pointer: String,
    /// What to do.
    pub help: Option<String>,
    /// Rule documentation.
    pub url: String,
    /// A fix, when available.
    pub fix: Option<JsonFix>,
}

/// One file; its findings are turned into [`DiagnosticView`]s one at a time while writing.
#[derive(Serialize)]
struct JsonFile<'a> {
    filename: &'a str,
    kind: Option<&'static str>,
    diagnostics: Lazy<'a, DiagnosticView<'a>>,
}

/// The whole run.
#[derive(Serialize)]
struct JsonOutput<'a> {
    version: u32,
    files: Lazy<'a, JsonFile<'a>>,
    summary: Summary,
}

/// [`JsonDiagnostic`] borrowing its texts from the finding: what the writers serialize, the
/// same fields in the same order, without copying a string per finding.
#[derive(Serialize)]
pub(crate) struct DiagnosticView<'a> {
    code: &'static str,
    severity: &'static str,
    message: &'a str,
    filename: &'a str,
    location: Option<JsonLocation>,
    pointer: &'a str,
    help: Option<&'a str>,
    url: DocsUrl,
    fix: Option<FixView<'a>>,
}

/// A rule's documentation address, written without building it as a string first.
struct DocsUrl(&'static str);

impl Serialize for DocsUrl {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!(
            "{}{}.md",
            crate::core::rule::DOCS_BASE_URL,
            self.0
        ))
    }
}

#[derive(Serialize)]
struct FixView<'a> {
    message: &'a str,
    applicability: &'static str,
    edits: Lazy<'a, EditView<'a>>,
}

#[derive(Serialize)]
struct EditView<'a> {
    location: JsonLocation,
    content: &'a str,
}

/// The borrowed JSON view of one diagnostic (see [`diagnostic`]).
pub(crate) fn view<'a>(report: &'a Report, d: &'a Diagnostic) -> DiagnosticView<'a> {
    DiagnosticView {
        code: d.code(),
        severity: d.severity.as_str(),
        message: &d.message,
        filename: report.source.name(),
        location: d.span.map(|s| location(report, s)),
        pointer: &d.pointer,
        help: d.help.as_deref(),
        url: DocsUrl(d.code()),
        fix: d.fix.as_ref().map(|f| FixView {
            message: &f.title,
            applicability: applicability(f.applicability),
            edits: Lazy::new(f.edits.iter().map(move |e| EditView {
                location: location(report, e.span),
                content: &e.replacement,
            })),
        }),
    }
}

fn applicability(a: crate::core::edit::Applicability) -> &'static str {
    match a {
        crate::core::edit::Applicability::Safe => "safe",
        crate::core::edit::Applicability::Unsafe => "unsafe",
    }
}

/// The location of `span` in `report`'s source.
pub fn location(report: &Report, span: crate::core::source::Span) -> JsonLocation {
    let start = report.source.line_col(span.start as usize);
    let end = report.source.line_col(span.end as usize);
    JsonLocation {
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        offset: span.start,
        length: span.end - span.start,
    }
}

/// The JSON view of one diagnostic.
pub fn diagnostic(report: &Report, d: &Diagnostic) -> JsonDiagnostic {
    JsonDiagnostic {
        code: d.code(),
        severity: d.severity.as_str(),
        message: d.message.to_string(),
        filename: report.source.name().to_string(),
        location: d.span.map(|s| location(report, s)),
        pointer: d.pointer.to_string(),
        help: d.help.as_deref().map(str::to_string),
        url: d.url(),
        fix: d.fix.as_ref().map(|f| JsonFix {
            message: f.title.clone(),
            applicability: applicability(f.applicability),
            edits: f
                .edits
                .iter()
                .map(|e| JsonEdit {
                    location: location(report, e.span),
                    content: e.replacement.clone(),
                })
                .collect(),
        }),
    }
}

/// Render a run as one pretty JSON document.
pub fn render(reports: &[Report]) -> String {
    super::to_string(|out| write(reports, out))
}

/// Write a run as one pretty JSON document, finding by finding.
pub fn write(reports: &[Report], out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let output = JsonOutput {
        version: 1,
        files: Lazy::new(reports.iter().map(|r| JsonFile {
            filename: r.source.name(),
            kind: r.kind.map(|k| k.name()),
            diagnostics: Lazy::new(r.diagnostics.iter().map(move |d| view(r, d))),
        })),
        summary: Summary::of(reports),
    };
    super::write_json(out, &output, true)?;
    out.write_all(b"\n")
}
