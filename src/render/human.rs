//! The default output: one miette block per finding, with a code frame on the exact span.

use crate::core::diagnostic::Diagnostic;
use crate::core::source::SourceFile;
use crate::Report;
use miette::{GraphicalReportHandler, GraphicalTheme};
use std::fmt;

/// How [`Report::render_human`] lays the findings out. The default is what `bodyguard check`
/// prints when its output is not a terminal: no colours, 100 columns.
#[derive(Debug, Clone, Copy)]
pub struct HumanOptions {
    /// ANSI colours, for a terminal.
    pub color: bool,
    /// The width, in columns, messages and help texts are wrapped to.
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
    /// False when the help is written after miette's block instead (see [`block`]).
    with_help: bool,
}

impl fmt::Debug for Framed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl fmt::Display for Framed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&printable(&self.diagnostic.message))
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
        if !self.with_help {
            return None;
        }
        let help = miette::Diagnostic::help(self.diagnostic)?;
        Some(Box::new(printable(&help.to_string()).into_owned()))
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        if framable(self.diagnostic, self.source) {
            let labels = miette::Diagnostic::labels(self.diagnostic)?;
            Some(Box::new(labels.map(|l| {
                let text = l.label().map(|t| printable(t).into_owned());
                if l.primary() {
                    miette::LabeledSpan::new_primary_with_span(text, *l.inner())
                } else {
                    miette::LabeledSpan::new_with_span(text, *l.inner())
                }
            })))
        } else {
            None
        }
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.source)
    }
}

/// Lines longer than this are not drawn in a code frame: the finding is located by
/// `file:line:column` instead. (A frame would print the whole line, and miette cannot pad
/// an underline past 65,535 columns.)
const MAX_FRAMED_LINE_BYTES: usize = 4096;

/// True when every span of `d` lies in `source` on lines short enough to draw.
fn framable(d: &Diagnostic, source: &SourceFile) -> bool {
    let Some(primary) = d.span else { return false };
    let len = source.text().len();
    std::iter::once(primary)
        .chain(d.labels.iter().map(|l| l.span))
        .all(|span| {
            let (start, end) = (span.start as usize, span.end as usize);
            if end > len {
                return false;
            }
            let first = source.line_index(start);
            let last = source.line_index(end.saturating_sub(1).max(start));
            (first..=last).all(|line| {
                source.line_start(line + 1).min(len) - source.line_start(line)
                    <= MAX_FRAMED_LINE_BYTES
            })
        })
}

use super::{is_hostile, printable};

/// The source as shown in code frames: control characters replaced by as many `?` as they
/// take bytes, so every span still points at the same bytes.
fn printable_source(source: &SourceFile) -> Option<SourceFile> {
    let text = source.text();
    let name = source.name();
    let clean = |t: &str| super::plain_ascii(t) || !t.chars().any(is_hostile);
    if clean(text) && clean(name) {
        return None;
    }
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        if is_hostile(c) {
            shown.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            shown.push(c);
        }
    }
    Some(SourceFile::new(printable(name).into_owned(), shown))
}

/// Render every finding of `report`, each block followed by a blank line.
pub fn render(report: &Report, options: HumanOptions) -> String {
    super::to_string(|out| write(report, options, out))
}

impl Report {
    /// The findings as a person reads them, in the blocks `bodyguard check` prints: for each
    /// finding its code, severity and message, a code frame on the exact span, and the help,
    /// then a blank line. Empty when the report is clean.
    ///
    /// The text is safe to log or show: secret values are masked in the frames (they are
    /// drawn from [`Report::source`]) and in the messages, and control characters of names
    /// and values are replaced. A run's summary line is the caller's to write.
    ///
    /// ```
    /// use bodyguard::{Checker, HumanOptions, Kind};
    ///
    /// let body = r#"{"policies": [{"roleId": "editor", "restrictedTo": []}], "password": "hunter22"}"#;
    /// let report = Checker::new().check(Kind::KuzzleProfile, body);
    /// let text = report.render_human(HumanOptions::default()); // no colours, 100 columns
    /// assert!(text.contains("kuzzle/empty-restricted-to"));
    /// assert!(text.contains("╭─[")); // a code frame
    /// assert!(!text.contains("hunter22")); // masked
    /// eprint!("{text}");
    /// ```
    pub fn render_human(&self, options: HumanOptions) -> String {
        render(self, options)
    }
}

/// Write every finding of `report`, each block followed by a blank line, block by block.
pub fn write(
    report: &Report,
    options: HumanOptions,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    write_reports(std::slice::from_ref(report), options, 1, out)
}

/// Write the findings of every report in order, rendering them on up to `threads` threads,
/// a few batches of pieces ahead of the writer (see `render::pieces`).
pub fn write_reports<R: std::borrow::Borrow<Report> + Sync>(
    reports: &[R],
    options: HumanOptions,
    threads: usize,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    write_reports_drawn(reports, options, threads, true, out)
}

/// [`render`], every block drawn by miette: what the direct drawing is tested against.
#[cfg(test)]
pub(crate) fn render_with_miette(report: &Report, options: HumanOptions) -> String {
    super::to_string(|out| {
        write_reports_drawn(std::slice::from_ref(report), options, 1, false, out)
    })
}

/// [`write_reports`], the common blocks drawn directly when `direct`.
fn write_reports_drawn<R: std::borrow::Borrow<Report> + Sync>(
    reports: &[R],
    options: HumanOptions,
    threads: usize,
    direct: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let report = |i: usize| -> &Report { reports[i].borrow() };
    // The source each report's frames are drawn from: scanned once per report, by the
    // thread that renders its first piece.
    let shown: Vec<std::sync::OnceLock<Option<SourceFile>>> =
        std::iter::repeat_with(std::sync::OnceLock::new)
            .take(reports.len())
            .collect();
    let source_of = |i: usize| {
        shown[i]
            .get_or_init(|| printable_source(&report(i).source))
            .as_ref()
            .unwrap_or(&report(i).source)
    };
    super::pieces::write_pieces(reports, false, threads, out, |piece, text: &mut String| {
        let mut handlers = Handlers::new(options);
        handlers.direct = direct;
        for d in &report(piece.report).diagnostics[piece.findings.clone()] {
            block(&mut handlers, d, source_of(piece.report), text);
            text.push('\n');
        }
    })
}

/// The two miette handlers of one rendering: the usual one, and one that does not wrap, for
/// findings whose texts all fit within the width (where wrapping changes nothing, and only
/// costs the search for line-break opportunities).
///
/// Without colours, the help is written here rather than by miette: many findings share one
/// help text, which is wrapped once (as miette wraps it: same options, same `textwrap`) and
/// then copied.
/// How many wrapped help texts a thread keeps: a run has a few dozen distinct ones (help
/// texts name the rule's subject, not each finding's), and wrapping one costs as much as
/// drawing a code frame.
const WRAPPED_HELPS_KEPT: usize = 512;

thread_local! {
    /// The width the help texts were wrapped to, and each help text (as shown) with its
    /// wrapped lines, kept across the pieces a thread renders.
    static WRAPPED_HELPS: std::cell::RefCell<(usize, foldhash::HashMap<String, String>)> =
        std::cell::RefCell::default();
}

struct Handlers {
    wrapping: GraphicalReportHandler,
    unwrapped: GraphicalReportHandler,
    /// The width the message and help are wrapped at (miette keeps 2 columns free).
    text_width: usize,
    /// Whether the help is written here (no colours: miette would style its `help:`).
    own_help: bool,
    /// Whether the common findings are drawn directly (see [`super::frame`]) rather than by
    /// miette (the same bytes, slower).
    direct: bool,
}

impl Handlers {
    fn new(options: HumanOptions) -> Handlers {
        Handlers {
            wrapping: handler(options),
            unwrapped: handler(options).with_wrap_lines(false),
            text_width: options.width.saturating_sub(2),
            own_help: !options.color,
            direct: true,
        }
    }

    /// The handler for `d`, whose help (with its fix title) is `help`.
    fn for_diagnostic(&self, d: &Diagnostic, help: Option<&str>) -> &GraphicalReportHandler {
        let fits = fits_unwrapped(&d.message, CAUSE_INDENT, self.text_width)
            && (self.own_help
                || help.is_none_or(|h| fits_unwrapped(h, HELP_INDENT, self.text_width)));
        if fits {
            &self.unwrapped
        } else {
            &self.wrapping
        }
    }

    /// Append the help block of `help` as miette's footer writes it without colours.
    fn push_help(&mut self, help: &str, text: &mut String) {
        let help = printable(help);
        if fits_unwrapped(&help, HELP_INDENT, self.text_width) {
            for (i, line) in help.split('\n').enumerate() {
                text.push_str(if i == 0 { "  help: " } else { "\n        " });
                text.push_str(line);
            }
        } else {
            WRAPPED_HELPS.with_borrow_mut(|(width, helps)| {
                if *width != self.text_width {
                    *width = self.text_width;
                    helps.clear();
                }
                if let Some(wrapped) = helps.get(&*help) {
                    text.push_str(wrapped);
                    return;
                }
                let options = textwrap::Options::new(self.text_width)
                    .initial_indent("  help: ")
                    .subsequent_indent("        ")
                    .break_words(true);
                let wrapped = textwrap::fill(&help, options);
                text.push_str(&wrapped);
                if helps.len() >= WRAPPED_HELPS_KEPT {
                    helps.clear();
                }
                helps.insert(help.into_owned(), wrapped);
            });
        }
        text.push('\n');
    }
}

/// Columns before the message (`  × `, `  │ `), counting the icon as 2 to be safe.
const CAUSE_INDENT: usize = 5;
/// Columns before the help (`  help: `, then 8 spaces).
const HELP_INDENT: usize = 8;

/// True when miette would print `text` the same with or without wrapping it at `width`
/// after `indent` columns: every line non-empty, with no leading or trailing whitespace, no
/// tab or carriage return, and short enough that its bytes (never fewer than the columns it
/// takes) fit. Wrapping then keeps each line whole, with the same indent.
fn fits_unwrapped(text: &str, indent: usize, width: usize) -> bool {
    text.split('\n').all(|line| {
        !line.is_empty()
            && indent + line.len() < width
            && line.trim() == line
            && !line.contains(['\t', '\r'])
    })
}

/// The miette handler for `options`.
fn handler(options: HumanOptions) -> GraphicalReportHandler {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false)
        .with_context_lines(1)
}

/// Append one finding's block (without the blank line that follows it) to `text`.
fn block(handlers: &mut Handlers, d: &Diagnostic, source: &SourceFile, text: &mut String) {
    let framed = Framed {
        diagnostic: d,
        source,
        with_help: !handlers.own_help,
    };
    let start = text.len();
    // The help as miette shows it: the rule's help and the fix's title.
    let help = miette::Diagnostic::help(d).map(|h| h.to_string());
    let framable = framable(d, source);
    if handlers.direct
        && handlers.own_help
        && framable
        && fits_unwrapped(&d.message, CAUSE_INDENT, handlers.text_width)
        && super::frame::push_common_block(d, &d.message, source, text)
    {
        if let Some(help) = help.as_deref() {
            handlers.push_help(help, text);
        }
        return;
    }
    if handlers
        .for_diagnostic(d, help.as_deref())
        .render_report(text, &framed)
        .is_err()
    {
        text.truncate(start);
        text.push_str(&format!("{}: {}\n", d.code(), printable(&d.message)));
    } else if let Some(help) = help.as_deref().filter(|_| handlers.own_help) {
        // The footer comes last in miette's block (this diagnostic has no related ones).
        handlers.push_help(help, text);
    }
    if !framable {
        // No frame to carry the location: say it in the block.
        let at = match d.span {
            Some(s) if (s.start as usize) <= source.text().len() => {
                let lc = source.line_col(s.start as usize);
                format!("{}:{}:{}", source.name(), lc.line, lc.column)
            }
            _ => source.name().to_string(),
        };
        if let Some(nl) = text[start..].find('\n') {
            text.insert_str(start + nl + 1, &format!("  --> {at}\n"));
        }
    }
}
