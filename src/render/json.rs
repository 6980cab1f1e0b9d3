//! Machine-readable JSON: one document per run, stable field names, 1-based lines and
//! character columns.

use crate::core::diagnostic::Diagnostic;
use crate::render::json_text::JsonText;
use crate::render::Summary;
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

/// Append the JSON of `d`, a finding of `r`, as [`JsonDiagnostic`] serializes (the same
/// fields in the same order), without copying a string per finding.
pub(crate) fn write_diagnostic(w: &mut JsonText, r: &Report, d: &Diagnostic) {
    w.open(b'{');
    w.key("code");
    w.string(d.code());
    w.key("severity");
    w.string(d.severity.as_str());
    w.key("message");
    w.string(&d.message);
    w.key("filename");
    w.string(r.source.name());
    w.key("location");
    match d.span {
        Some(span) => write_location(w, &location(r, span)),
        None => w.null(),
    }
    w.key("pointer");
    w.string(&d.pointer);
    w.key("help");
    w.opt_string(d.help.as_deref());
    w.key("url");
    w.string_of(&[crate::core::rule::DOCS_BASE_URL, d.code(), ".md"]);
    w.key("fix");
    match &d.fix {
        Some(fix) => {
            w.open(b'{');
            w.key("message");
            w.string(&fix.title);
            w.key("applicability");
            w.string(applicability(fix.applicability));
            w.key("edits");
            w.open(b'[');
            for edit in &fix.edits {
                w.item();
                w.open(b'{');
                w.key("location");
                write_location(w, &location(r, edit.span));
                w.key("content");
                w.string(&edit.replacement);
                w.close(b'}');
            }
            w.close(b']');
            w.close(b'}');
        }
        None => w.null(),
    }
    w.close(b'}');
}

/// Append a [`JsonLocation`] as it serializes.
fn write_location(w: &mut JsonText, l: &JsonLocation) {
    w.open(b'{');
    w.key("line");
    w.number(l.line as u64);
    w.key("column");
    w.number(l.column as u64);
    w.key("end_line");
    w.number(l.end_line as u64);
    w.key("end_column");
    w.number(l.end_column as u64);
    w.key("offset");
    w.number(u64::from(l.offset));
    w.key("length");
    w.number(u64::from(l.length));
    w.close(b'}');
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

/// Write a run as one pretty JSON document:
/// `{"version": 1, "files": [{"filename", "kind", "diagnostics": [...]}, ...], "summary"}`.
/// The findings are rendered piece by piece on every core (see `render::pieces`) and
/// written in order; the bytes are those of serde_json's pretty printer over the whole
/// document.
pub fn write(reports: &[Report], out: &mut dyn std::io::Write) -> std::io::Result<()> {
    use super::{pieces::write_pieces, Layout};
    out.write_all(b"{\n  \"version\": 1,\n  \"files\": [")?;
    let threads = super::pieces::threads_for(reports);
    write_pieces(reports, true, threads, out, |piece, text: &mut Vec<u8>| {
        let r = &reports[piece.report];
        let n = r.diagnostics.len();
        text.reserve(piece.findings.len() * 1024);
        if piece.opens() {
            if piece.report > 0 {
                text.push(b',');
            }
            text.extend_from_slice(b"\n    {\n      \"filename\": ");
            JsonText::new(text, None).string(r.source.name());
            text.extend_from_slice(b",\n      \"kind\": ");
            JsonText::new(text, None).opt_string(r.kind.map(|k| k.name()));
            text.extend_from_slice(b",\n      \"diagnostics\": [");
        }
        for i in piece.findings.clone() {
            text.extend_from_slice(if i > 0 { b",\n        " } else { b"\n        " });
            write_diagnostic(&mut JsonText::new(text, Some(4)), r, &r.diagnostics[i]);
        }
        if piece.closes(n) {
            text.extend_from_slice(if n > 0 {
                b"\n      ]\n    }"
            } else {
                b"]\n    }"
            });
        }
    })?;
    out.write_all(if reports.is_empty() {
        b"],\n  \"summary\": "
    } else {
        b"\n  ],\n  \"summary\": "
    })?;
    super::write_json(out, &Summary::of(reports), Layout::Pretty(1))?;
    out.write_all(b"\n}\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{write_json, Layout};

    /// The direct writer and the public [`JsonDiagnostic`] give the same bytes, in both
    /// layouts, for findings with and without a location, help and fix.
    #[test]
    fn writes_what_json_diagnostic_serializes() {
        let checker = crate::Checker::new();
        let reports = [
            checker.check(
                crate::Kind::KuzzleProfile,
                "{\"policies\": [{\"roleId\": \"r\", \"restrictedTo\": [{\"index\": \"i\"}, {\"index\": \"i\"}]},\n {\"roleId\": \"s\u{1b}\", \"restrictedTo\": []}], \"k\": 1}",
            ),
            checker.check(crate::Kind::KuzzleRole, "{\"controllers\": 3}"),
            checker.check(crate::Kind::CiConnector, "not json"),
        ];
        let mut fixes = 0;
        for r in &reports {
            for d in &r.diagnostics {
                fixes += usize::from(d.fix.is_some());
                for (depth, layout) in [(None, Layout::Compact), (Some(4), Layout::Pretty(4))] {
                    let mut ours = Vec::new();
                    write_diagnostic(&mut JsonText::new(&mut ours, depth), r, d);
                    let mut theirs = Vec::new();
                    write_json(&mut theirs, &diagnostic(r, d), layout).unwrap();
                    assert_eq!(
                        String::from_utf8(ours).unwrap(),
                        String::from_utf8(theirs).unwrap()
                    );
                }
            }
        }
        assert!(fixes > 0, "a finding with a fix is compared");
    }

    /// The whole document is what serde_json's pretty printer writes for the same run (files
    /// without findings, an empty run, findings in several pieces).
    #[test]
    fn writes_the_document_serde_json_writes() {
        #[derive(serde::Serialize)]
        struct File {
            filename: String,
            kind: Option<&'static str>,
            diagnostics: Vec<JsonDiagnostic>,
        }
        #[derive(serde::Serialize)]
        struct Output {
            version: u32,
            files: Vec<File>,
            summary: Summary,
        }
        let checker = crate::Checker::new();
        let many: String = (0..600)
            .map(|i| format!("\"r{i}\": {{\"controllers\": 1}}"))
            .collect::<Vec<_>>()
            .join(",\n");
        let reports = [
            checker.check(crate::Kind::KuzzleRole, "{\"controllers\": {}}"),
            checker.check(crate::Kind::KuzzleRole, "{\"controllers\": 3}"),
            checker.check(
                crate::Kind::KuzzleSecurities,
                &format!("{{\"roles\": {{{many}}}}}"),
            ),
        ];
        for reports in [&reports[..0], &reports[..1], &reports[..]] {
            let expected = Output {
                version: 1,
                files: reports
                    .iter()
                    .map(|r| File {
                        filename: r.source.name().to_string(),
                        kind: r.kind.map(|k| k.name()),
                        diagnostics: r.diagnostics.iter().map(|d| diagnostic(r, d)).collect(),
                    })
                    .collect(),
                summary: Summary::of(reports),
            };
            let mut theirs = Vec::new();
            write_json(&mut theirs, &expected, Layout::Pretty(0)).unwrap();
            theirs.push(b'\n');
            assert_eq!(render(reports), String::from_utf8(theirs).unwrap());
        }
        assert!(reports[2].diagnostics.len() > 2 * crate::render::pieces::CHUNK);
    }
}
