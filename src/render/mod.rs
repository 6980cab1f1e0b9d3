//! Output formats. Renderers only format: they never decide what is a finding or how severe.

pub(crate) mod frame;
pub mod github;
pub mod human;
pub mod json;
pub mod json_lines;
pub(crate) mod json_text;
pub mod junit;
pub(crate) mod pieces;
pub mod sarif;

use crate::core::diagnostic::Severity;
use crate::Report;

/// The bytes a text output looks at before writing a text as it is: the first byte of every
/// [`is_hostile`] character (the C0 controls, DEL, and the lead bytes of C1 controls, 0xC2,
/// and of the bidirectional controls, 0xE2), and `also`. Any other byte is written as it is.
pub(crate) const fn special_bytes(also: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[0x7f] = true;
    table[0xc2] = true;
    table[0xe2] = true;
    let mut i = 0;
    while i < also.len() {
        table[also[i] as usize] = true;
        i += 1;
    }
    table
}

/// The index of the first byte of `bytes` from `from` that `special` marks: 16 bytes at a
/// time without branching inside a block, since most texts of a report have none.
pub(crate) fn next_special(bytes: &[u8], mut from: usize, special: &[bool; 256]) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let mut blocks = rest.chunks_exact(16);
    for block in &mut blocks {
        let block: &[u8; 16] = block.try_into().unwrap_or(&[0; 16]); // ok: chunks of 16
        if block
            .iter()
            .fold(false, |any, &b| any | special[usize::from(b)])
        {
            break;
        }
        from += 16;
    }
    bytes[from..]
        .iter()
        .position(|&b| special[usize::from(b)])
        .map(|i| from + i)
}

/// Append `text` to `out`, each character `escape` maps replaced by its bytes (the escaping
/// of the GitHub and JUnit writers). Only the characters starting with a byte `special`
/// marks are looked at, so it must mark the first byte of every character `escape` maps
/// (never a continuation byte).
pub(crate) fn push_replacing(
    text: &str,
    out: &mut Vec<u8>,
    special: &[bool; 256],
    escape: impl Fn(char) -> Option<&'static [u8]>,
) {
    let bytes = text.as_bytes();
    let (mut from, mut at) = (0, 0);
    while let Some(i) = next_special(bytes, at, special) {
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            at = i + 1;
            continue;
        };
        at = i + c.len_utf8();
        let Some(escaped) = escape(c) else {
            continue;
        };
        out.extend_from_slice(&bytes[from..i]);
        out.extend_from_slice(escaped);
        from = at;
    }
    out.extend_from_slice(&bytes[from..]);
}

/// True for characters a terminal or a viewer may act on instead of showing: control
/// characters (escape sequences, bells, backspaces, C1 controls such as CSI) and the
/// bidirectional overrides and isolates that reorder how a line is displayed. Tabs, line
/// feeds and carriage returns are layout, which each format handles its own way.
pub fn is_hostile(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// True when `text` is printable ASCII, tabs and line breaks only: no [`is_hostile`]
/// character, found without decoding characters.
pub(crate) fn plain_ascii(text: &str) -> bool {
    text.bytes()
        .all(|b| matches!(b, b' '..=b'~' | b'\t' | b'\n' | b'\r'))
}

/// `text` with every [`is_hostile`] character shown as `?`: what every text output
/// (human, GitHub annotations, messages on stderr) prints of text that comes from a body
/// or a file name.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if plain_ascii(text) || !text.chars().any(is_hostile) {
        return text.into();
    }
    text.chars()
        .map(|c| if is_hostile(c) { '?' } else { c })
        .collect::<String>()
        .into()
}

/// How [`write_json`] lays a value out.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Layout {
    /// On one line, without spaces.
    Compact,
    /// As serde_json's pretty printer does, two spaces per level, as if the value were
    /// nested this many levels deep in a larger document (its first line is not indented:
    /// the caller has written that line's start).
    Pretty(usize),
}

/// Write `value` as JSON with every [`is_hostile`] character escaped as `\uXXXX`: the same
/// data for a JSON reader, nothing a terminal acts on for a person who prints the output
/// (serde escapes only C0 controls).
pub(crate) fn write_json<W: std::io::Write + ?Sized>(
    out: &mut W,
    value: &impl serde::Serialize,
    layout: Layout,
) -> std::io::Result<()> {
    let result = match layout {
        Layout::Pretty(depth) => {
            let pretty = Pretty {
                depth,
                has_value: false,
            };
            value.serialize(&mut serde_json::Serializer::with_formatter(
                out,
                Escaping(pretty),
            ))
        }
        Layout::Compact => value.serialize(&mut serde_json::Serializer::with_formatter(
            out,
            Escaping(serde_json::ser::CompactFormatter),
        )),
    };
    result.map_err(std::io::Error::other)
}

/// serde_json's pretty layout (two spaces per level) starting at a given depth.
struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    fn line_break<W: ?Sized + std::io::Write>(&self, w: &mut W) -> std::io::Result<()> {
        const SPACES: &[u8; 64] = &[b' '; 64];
        w.write_all(b"\n")?;
        let mut width = self.depth * 2;
        while width > 0 {
            let n = width.min(SPACES.len());
            w.write_all(&SPACES[..n])?;
            width -= n;
        }
        Ok(())
    }

    fn open<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line_break(w)?;
        }
        w.write_all(bracket)
    }

    fn item<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        self.line_break(w)
    }
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// A serde_json formatter that escapes [`is_hostile`] characters in strings.
struct Escaping<F>(F);

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for Escaping<F> {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        // Most text is plain ASCII: checked by bytes, without decoding characters.
        if plain_ascii(fragment) {
            return writer.write_all(fragment.as_bytes());
        }
        let mut from = 0;
        for (at, c) in fragment.char_indices() {
            if is_hostile(c) {
                writer.write_all(&fragment.as_bytes()[from..at])?;
                write!(writer, "\\u{:04x}", c as u32)?;
                from = at + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[from..])
    }
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Run a streaming writer into a `String` (renderers write UTF-8 only).
pub(crate) fn to_string(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = write(&mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Counts over a run, for summary lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Files checked.
    pub files: usize,
    /// Files with at least one finding.
    pub files_with_findings: usize,
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity info.
    pub infos: usize,
    /// Findings a safe fix is available for.
    pub fixable: usize,
    /// Files skipped because they are not request bodies (not counted in `files`).
    pub skipped: usize,
}

impl Summary {
    /// Count the findings of `reports`.
    pub fn of(reports: &[Report]) -> Summary {
        let mut s = Summary::default();
        for r in reports {
            if r.skipped {
                s.skipped += 1;
                continue;
            }
            s.files += 1;
            if !r.diagnostics.is_empty() {
                s.files_with_findings += 1;
            }
            s.errors += r.count(Severity::Error);
            s.warnings += r.count(Severity::Warning);
            s.infos += r.count(Severity::Info);
            s.fixable += r
                .diagnostics
                .iter()
                .filter(|d| {
                    d.fix
                        .as_ref()
                        .is_some_and(|f| f.applicability == crate::core::edit::Applicability::Safe)
                })
                .count();
        }
        s
    }

    /// One line, e.g. `Found 2 errors and 1 warning in 1 of 3 files.`, followed by
    /// `2 files skipped: not a request body.` when some were.
    pub fn line(&self) -> String {
        self.line_for("file")
    }

    /// [`Summary::line`] counting `noun`s (`request`) instead of files.
    pub fn line_for(&self, noun: &str) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let mut line = self.findings_line(noun);
        if self.skipped > 0 {
            line.push_str(&format!(
                " {} skipped: not a request body.",
                plural(self.skipped, "file")
            ));
        }
        line
    }

    fn findings_line(&self, noun: &str) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        if self.errors + self.warnings + self.infos == 0 {
            return format!("All checks passed ({} checked).", plural(self.files, noun));
        }
        let mut parts = Vec::new();
        if self.errors > 0 {
            parts.push(plural(self.errors, "error"));
        }
        if self.warnings > 0 {
            parts.push(plural(self.warnings, "warning"));
        }
        if self.infos > 0 {
            parts.push(plural(self.infos, "info"));
        }
        let list = match parts.len() {
            1 => parts[0].clone(),
            _ => format!(
                "{} and {}",
                parts[..parts.len() - 1].join(", "),
                parts[parts.len() - 1]
            ),
        };
        let mut line = if noun == "file" {
            format!(
                "Found {list} in {} of {}.",
                self.files_with_findings,
                plural(self.files, noun)
            )
        } else {
            format!("Found {list} ({} checked).", plural(self.files, noun))
        };
        if self.fixable > 0 {
            line.push_str(&format!(" {} fixable with `--fix`.", self.fixable));
        }
        line
    }
}

/// Findings per code, most frequent first: `(code, severity, count, fixable)`.
pub fn statistics(reports: &[Report]) -> Vec<(&'static str, Severity, usize, bool)> {
    let mut counts: std::collections::BTreeMap<&'static str, (Severity, usize, bool)> =
        std::collections::BTreeMap::new();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        let e = counts.entry(d.code()).or_insert((d.severity, 0, false));
        e.0 = e.0.max(d.severity);
        e.1 += 1;
        e.2 |= d
            .fix
            .as_ref()
            .is_some_and(|f| f.applicability == crate::core::edit::Applicability::Safe);
    }
    let mut rows: Vec<_> = counts
        .into_iter()
        .map(|(code, (s, n, f))| (code, s, n, f))
        .collect();
    rows.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
    rows
}

/// `--statistics` as an aligned table.
pub fn statistics_table(reports: &[Report]) -> String {
    let rows = statistics(reports);
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (code, severity, n, fixable) in rows {
        out.push_str(&format!(
            "{n:>5}  {code:<width$}  {severity:<7}{}\n",
            if fixable { "  [fixable]" } else { "" }
        ));
    }
    out
}

/// `--statistics --format json`.
pub fn statistics_json(reports: &[Report]) -> String {
    let rows: Vec<serde_json::Value> = statistics(reports)
        .into_iter()
        .map(|(code, severity, count, fixable)| {
            serde_json::json!({"code": code, "severity": severity, "count": count, "fixable": fixable})
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&rows).unwrap_or_default();
    text.push('\n');
    text
}
