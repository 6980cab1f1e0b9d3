//! Comment suppressions in `.jsonc` files:
//!
//! ```jsonc
//! // bodyguard-ignore: schema/unknown-key kept for the old client
//! "legacy": true,
//! "other": 1 // bodyguard-ignore: json/duplicate-key reviewed, the server keeps the last
//! ```
//!
//! A comment alone on its line applies to the next line; a comment after other text applies
//! to its own line. The reason after the code is required.

use crate::core::diagnostic::Diagnostic;
use crate::core::source::SourceFile;
use crate::parse::Document;

/// The directive prefix.
pub const DIRECTIVE: &str = "bodyguard-ignore:";

use crate::core::builtin::suppression::{MISSING_REASON, UNUSED};

/// One directive found in a comment.
#[derive(Debug, Clone)]
struct Directive {
    code: String,
    reason: String,
    /// 0-based line the directive applies to.
    line: usize,
    comment: crate::core::source::Span,
}

fn directives(source: &SourceFile, document: &Document) -> Vec<Directive> {
    let mut out = Vec::new();
    for c in &document.comments {
        let text = c.text.trim();
        let Some(rest) = text.strip_prefix(DIRECTIVE) else {
            continue;
        };
        let rest = rest.trim();
        let (code, reason) = match rest.split_once(char::is_whitespace) {
            Some((code, reason)) => (code, reason.trim()),
            None => (rest, ""),
        };
        let line = source.line_index(c.span.start as usize);
        let line_start = source.line_start(line);
        let alone = source
            .text()
            .get(line_start..c.span.start as usize)
            .is_some_and(|before| before.trim().is_empty());
        out.push(Directive {
            code: code.to_string(),
            reason: reason.to_string(),
            line: if alone { line + 1 } else { line },
            comment: c.span,
        });
    }
    out
}

/// The suppressions of one document, asked finding by finding (`--fix` asks about the
/// findings a check leaves out, whose fixes it collects).
pub struct Suppressions<'s> {
    source: &'s SourceFile,
    /// (line, code) of each directive.
    directives: Vec<(usize, String)>,
}

impl<'s> Suppressions<'s> {
    /// The directives of the comments of `document`.
    pub fn of(source: &'s SourceFile, document: &Document) -> Suppressions<'s> {
        let directives = if document.comments.is_empty() {
            Vec::new()
        } else {
            directives(source, document)
                .into_iter()
                .map(|d| (d.line, d.code))
                .collect()
        };
        Suppressions { source, directives }
    }

    /// True when a comment suppresses `finding`, as [`apply`] would.
    pub fn suppress(&self, finding: &Diagnostic) -> bool {
        if self.directives.is_empty() {
            return false;
        }
        let Some(span) = finding.span else {
            return false;
        };
        let line = self.source.line_index(span.start as usize);
        self.directives
            .iter()
            .any(|(at, code)| *at == line && code == finding.code())
    }
}

/// Drop the findings the comments of `document` suppress and report the problems of the
/// comments themselves. Runs before severities are applied.
pub fn apply(
    source: &SourceFile,
    document: &Document,
    settings: &crate::Settings,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if document.comments.is_empty() {
        return;
    }
    let directives = directives(source, document);
    if directives.is_empty() {
        return;
    }
    let mut used = vec![false; directives.len()];
    diagnostics.retain(|d| {
        let Some(span) = d.span else { return true };
        let line = source.line_index(span.start as usize);
        match directives
            .iter()
            .position(|s| s.line == line && s.code == d.code())
        {
            Some(i) => {
                used[i] = true;
                false
            }
            None => true,
        }
    });
    for (directive, used) in directives.iter().zip(used) {
        if directive.reason.is_empty() {
            diagnostics.push(
                Diagnostic::new(
                    &MISSING_REASON,
                    format!(
                        "the suppression of `{}` gives no reason",
                        crate::core::diagnostic::snippet(&directive.code)
                    ),
                )
                .with_span(directive.comment)
                .with_help("write why the finding is accepted after the code"),
            );
        }
        if used {
            continue;
        }
        match crate::rules::by_code(&directive.code) {
            None => {
                let codes: Vec<&str> = crate::rules::all().map(|r| r.code).collect();
                let mut d = Diagnostic::new(
                    &UNUSED,
                    format!(
                        "`{}` is not a bodyguard rule",
                        crate::core::diagnostic::snippet(&directive.code)
                    ),
                )
                .with_span(directive.comment)
                .with_help("`bodyguard rules` lists every rule");
                if let Some(s) = crate::core::diagnostic::did_you_mean(&directive.code, codes) {
                    d.help = Some(format!("did you mean `{s}`?").into());
                }
                diagnostics.push(d);
            }
            Some(rule) if settings.severity_of(rule).is_some() => diagnostics.push(
                Diagnostic::new(
                    &UNUSED,
                    format!("this suppression of `{}` suppressed nothing", rule.code),
                )
                .with_span(directive.comment)
                .with_help("delete the comment"),
            ),
            Some(_) => {}
        }
    }
}
