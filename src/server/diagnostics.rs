//! bodyguard findings as LSP diagnostics.

use super::documents::{path_to_uri, LineIndex};
use crate::core::diagnostic::{Diagnostic, Severity};
use crate::core::source::{SourceFile, Span};
use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Range, Uri,
};
use std::path::PathBuf;
use std::sync::Arc;

/// The `source` of every diagnostic the server publishes.
pub const SOURCE: &str = "bodyguard";

/// A finding of an open document, with what was published for it.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The finding as the checker reported it.
    pub diagnostic: Diagnostic,
    /// As published.
    pub lsp: lsp_types::Diagnostic,
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The range of `span` in `text` (the start of the text when there is no span).
pub fn span_range(text: &str, index: &LineIndex, span: Option<Span>) -> Range {
    match span {
        Some(s) => index.range(text, s.start as usize, s.end as usize),
        None => Range::default(),
    }
}

/// Convert one finding of the document `uri` (whose text is `text`). `others` are places in
/// other files (cross-file findings); the finding's own labels become related information
/// in the same document.
pub fn to_lsp(
    d: &Diagnostic,
    uri: &Uri,
    text: &str,
    index: &LineIndex,
    others: &[(Option<PathBuf>, Arc<SourceFile>, Span, String)],
) -> lsp_types::Diagnostic {
    let mut related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), span_range(text, index, Some(l.span))),
            message: l.text.to_string(),
        })
        .collect();
    for (path, source, span, message) in others {
        let Some(other) = path.as_deref().and_then(path_to_uri) else {
            continue;
        };
        let other_index = LineIndex::new(source.text());
        related.push(DiagnosticRelatedInformation {
            location: Location::new(other, span_range(source.text(), &other_index, Some(*span))),
            message: message.clone(),
        });
    }
    lsp_types::Diagnostic {
        range: span_range(text, index, d.span),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code().to_string())),
        code_description: d.url().parse().ok().map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message: d.message.to_string(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// The one diagnostic of a document that could not be checked (a rule failed).
pub fn not_checked() -> lsp_types::Diagnostic {
    lsp_types::Diagnostic {
        range: Range::default(),
        severity: Some(DiagnosticSeverity::WARNING),
        source: Some(SOURCE.to_string()),
        message: "bodyguard could not check this file: an internal error occurred (details are \
                  in the language server's log); no finding is shown"
            .to_string(),
        ..Default::default()
    }
}
