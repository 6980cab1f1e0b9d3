//! The default output: one miette block per finding, with a code frame on the exact span.

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::Report;
use miette::{GraphicalReportHandler, GraphicalTheme};
use std::fmt;

/// Options of the human renderer.
#[derive(Debug, Clone, Copy)]
pub struct HumanOptions {
    /// ANSI colours.
    pub color: bool,
    /// Wrap width.
    pub width: usize,
}

impl Default for HumanOptions {
    fn default() -> Self {
        HumanOptions {
            color: false,
            width: 100,
        }
    }
}

/// A diagnostic paired with its source, as miette wants it.
struct Framed<'a> {
    diagnostic: &'a Diagnostic,
    source: &'a SourceFile,
}

impl fmt::Debug for Framed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl fmt::Display for Framed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.diagnostic, f)
    }
}

impl std::error::Error for Framed<'_> {}

impl miette::Diagnostic for Framed<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        miette::Diagnostic::code(self.diagnostic)
    }
    fn severity(&self) -> Option<miette::Severity> {
        miette::Diagnostic::severity(self.diagnostic)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        miette::Diagnostic::help(self.diagnostic)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        if self
            .diagnostic
            .span
            .is_some_and(|s| s.end as usize <= self.source.text().len())
        {
            miette::Diagnostic::labels(self.diagnostic)
        } else {
            None
        }
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.source)
    }
}

/// Render every finding of `report`, each block followed by a blank line.
pub fn render(report: &Report, options: HumanOptions) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false)
        .with_context_lines(1);
    let mut out = String::new();
    for d in &report.diagnostics {
        let framed = Framed {
            diagnostic: d,
            source: &report.source,
        };
        let mut block = String::new();
        if handler.render_report(&mut block, &framed).is_err() {
            block = format!("{}: {}\n", d.code(), d.message);
        }
        if d.span.is_none() {
            // No frame to carry the file name: say it in the block.
            block = block.replacen('\n', &format!("\n  --> {}\n", report.source.name()), 1);
        }
        out.push_str(&block);
        out.push('\n');
    }
    out
}
