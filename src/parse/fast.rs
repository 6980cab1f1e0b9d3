//! A direct parser for plain, strict JSON: the common case, without building an AST first.
//!
//! It accepts only a subset of what the full path accepts (RFC 8259 JSON without control
//! characters in strings, without surrogate escapes, nesting at most [`MAX_DEPTH`] deep) and
//! gives up on anything else, so the full path (jsonc-parser) decides every unusual input and
//! produces every syntax diagnostic. When it succeeds, the tree and the diagnostics are the ones
//! the full path gives (checked by the tests and the `check` fuzz target).

use super::tree::Builder;
use crate::core::builtin;
use crate::core::diagnostic::Diagnostic;
use crate::core::limit::FindingLimit;
use crate::core::pointer::escape_pointer_segment;
use crate::core::rule::RuleMeta;
use crate::core::source::Span;
use std::borrow::Cow;
use std::hash::BuildHasher;

/// Deeper documents go to the full parser, which enforces its own limits.
const MAX_DEPTH: usize = 128;

/// Objects with more members than this look duplicates up in a hash map rather than by a scan.
const DUPLICATE_SCAN_LIMIT: u32 = 16;

/// Gave up: the full parser takes over.
struct Bail;

type Result<T> = std::result::Result<T, Bail>;

/// Parse `text[range]` (the text after any BOM) into records over the whole `text`, and
/// whether a string or key holds `{`, `$` or `<`. `None` when the input is not in the
/// accepted subset; `diagnostics` is then left unchanged.
pub(super) fn parse(
    text: &str,
    range: std::ops::Range<usize>,
    max_per_rule: Option<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Builder, bool)> {
    parse_at(text, range, 0, max_per_rule, diagnostics)
}

/// [`parse`], for a value nested `depth` containers deep in its document (the depth limit
/// counts from the document's root, as a parse of the whole text would).
pub(super) fn parse_at(
    text: &str,
    range: std::ops::Range<usize>,
    depth: usize,
    max_per_rule: Option<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Builder, bool)> {
    let before = diagnostics.len();
    let bytes = text.as_bytes().get(..range.end)?;
    let mut p = Parser {
        text,
        bytes,
        pos: range.start,
        diagnostics,
        limit: FindingLimit::new(max_per_rule),
        // Sized for a usual body, so the stack does not grow step by step.
        path: Vec::with_capacity(16),
        // Room for the records of a usual body (a record every 6 bytes or more, 3 words of 4
        // bytes), so they are not moved as they grow: room never written takes no memory.
        out: Builder::with_capacity(range.len() / 2),
        openers: false,
    };
    let result = (|| {
        p.skip_ws();
        p.value(depth, Builder::NO_KEY)?;
        p.skip_ws();
        if p.pos != p.bytes.len() {
            return Err(Bail);
        }
        Ok(())
    })();
    match result {
        Ok(()) => {
            p.diagnostics.extend(p.limit.summaries());
            Some((p.out, p.openers))
        }
        Err(Bail) => {
            diagnostics.truncate(before);
            None
        }
    }
}

/// The bytes that end a run of plain string content: `"`, `\`, control characters, and
/// the openings of placeholders.
static STRING_STOPS: [bool; 256] = {
    let mut stops = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        stops[b] = true;
        b += 1;
    }
    stops[b'"' as usize] = true;
    stops[b'\\' as usize] = true;
    // Not an end: noted, for the placeholder search (see `Parser::openers`).
    stops[b'{' as usize] = true;
    stops[b'$' as usize] = true;
    stops[b'<' as usize] = true;
    stops
};

/// True for the bytes that open a default placeholder syntax (`{x}`, `${x}`, `<x>`).
fn is_opener(b: u8) -> bool {
    matches!(b, b'{' | b'$' | b'<')
}

#[derive(Clone, Copy)]
enum Step {
    /// Byte range of the key's raw text (inside the quotes) in the text.
    Key(u32, u32),
    Index(usize),
}

struct Parser<'t, 'd> {
    /// The whole text: positions and records are offsets into it.
    text: &'t str,
    /// Its bytes, up to the end of the part parsed.
    bytes: &'t [u8],
    pos: usize,
    diagnostics: &'d mut Vec<Diagnostic>,
    /// Counts the findings of each rule against the file's limit.
    limit: FindingLimit,
    path: Vec<Step>,
    /// The records of the values read so far.
    out: Builder,
    /// Whether a string or key read so far holds `{`, `$` or `<`.
    openers: bool,
}

impl<'t> Parser<'t, '_> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(start, end)
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// The JSON Pointer of the value being parsed (only built for a diagnostic).
    fn pointer(&self) -> String {
        let mut out = String::new();
        for step in &self.path {
            out.push('/');
            match *step {
                Step::Key(start, end) => {
                    let key = unescape(&self.text[start as usize..end as usize]);
                    out.push_str(&escape_pointer_segment(&key));
                }
                Step::Index(i) => {
                    use std::fmt::Write;
                    let _ = write!(out, "{i}");
                }
            }
        }
        out
    }

    fn value(&mut self, depth: usize, key: u32) -> Result<()> {
        let start = self.pos;
        let mut unescaped = None;
        match self.peek().ok_or(Bail)? {
            b'{' => return self.object(depth + 1, key),
            b'[' => return self.array(depth + 1, key),
            b'"' => {
                if let Cow::Owned(value) = self.string()?.0 {
                    unescaped = Some(value.into_boxed_str());
                }
            }
            b't' => self.keyword("true")?,
            b'f' => self.keyword("false")?,
            b'n' => self.keyword("null")?,
            b'-' | b'0'..=b'9' => {
                let literal = self.number()?;
                if !super::number_in_range(literal) {
                    let span = self.span(start, self.pos);
                    self.report(&builtin::NUMBER_OUT_OF_RANGE, span, |pointer| {
                        super::out_of_range(span, pointer)
                    });
                }
            }
            _ => return Err(Bail),
        }
        self.out
            .scalar(key, start as u32, self.pos as u32, unescaped);
        Ok(())
    }

    /// Report a finding of `rule` on `span`, made by `make` from the pointer of the value
    /// being read, unless the limit of findings per rule leaves it out. Not inlined: the
    /// parser recurses as deep as the document nests, so its frames stay small.
    #[inline(never)]
    fn report(
        &mut self,
        rule: &'static RuleMeta,
        span: Span,
        make: impl FnOnce(String) -> Diagnostic,
    ) {
        let pointer = self.pointer();
        if self
            .limit
            .keep(rule, Some(span), || pointer.as_str().into())
        {
            self.diagnostics.push(make(pointer));
        }
    }

    fn keyword(&mut self, word: &str) -> Result<()> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(Bail)
        }
    }

    fn digits(&mut self) -> usize {
        let from = self.pos;
        while let Some(b'0'..=b'9') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
        self.pos - from
    }

    fn number(&mut self) -> Result<&'t str> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(Bail),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(Bail);
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(Bail);
            }
        }
        let text: &'t str = self.text;
        Ok(&text[start..self.pos])
    }

    /// A string at `pos` (on its opening quote): its unescaped value and the byte range of its
    /// raw content (inside the quotes).
    fn string(&mut self) -> Result<(Cow<'t, str>, (usize, usize))> {
        self.pos += 1;
        let start = self.pos;
        let mut escaped = false;
        loop {
            // Skip the run of plain bytes, then look at what stopped it.
            let rest = self.bytes.get(self.pos..).unwrap_or_default();
            self.pos += rest
                .iter()
                .position(|&b| STRING_STOPS[usize::from(b)])
                .unwrap_or(rest.len());
            match self.bytes.get(self.pos) {
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    self.pos += 2;
                }
                Some(&b) if is_opener(b) => {
                    self.openers = true;
                    self.pos += 1;
                }
                // The end of the text, or a control character.
                _ => return Err(Bail),
            }
        }
        let text: &'t str = self.text;
        let raw = text.get(start..self.pos).ok_or(Bail)?;
        self.pos += 1;
        let value = if escaped {
            let value = unescape_checked(raw).ok_or(Bail)?;
            // An escape (`\u007b`) may write an opening the raw text does not show.
            self.openers |= value.bytes().any(is_opener);
            value.into()
        } else {
            Cow::Borrowed(raw)
        };
        Ok((value, (start, self.pos - 1)))
    }

    fn array(&mut self, depth: usize, key: u32) -> Result<()> {
        if depth > MAX_DEPTH {
            return Err(Bail);
        }
        let start = self.pos;
        self.pos += 1;
        let at = self.out.open(key, start as u32, true);
        let mut count = 0u32;
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
        } else {
            loop {
                self.path.push(Step::Index(count as usize));
                self.value(depth, Builder::NO_KEY)?;
                self.path.pop();
                count += 1;
                self.skip_ws();
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        self.skip_ws();
                    }
                    Some(b']') => {
                        self.pos += 1;
                        break;
                    }
                    _ => return Err(Bail),
                }
            }
        }
        self.out.close(at, self.pos as u32, count);
        Ok(())
    }

    fn object(&mut self, depth: usize, key: u32) -> Result<()> {
        if depth > MAX_DEPTH {
            return Err(Bail);
        }
        let start = self.pos;
        self.pos += 1;
        let at = self.out.open(key, start as u32, false);
        let first_member = self.out.next_record();
        let mut count = 0u32;
        // A wide object's members by record, found by the hash of their key: 4 bytes a
        // member, read back from the text.
        let hasher = foldhash::fast::RandomState::default();
        let mut seen: Option<hashbrown::HashTable<u32>> = None;
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
        } else {
            loop {
                if self.peek() != Some(b'"') {
                    return Err(Bail);
                }
                let key_start = self.pos;
                let (name, (raw_start, raw_end)) = self.string()?;
                let key_span = self.span(key_start, self.pos);
                self.skip_ws();
                if self.peek() != Some(b':') {
                    return Err(Bail);
                }
                self.pos += 1;
                self.skip_ws();
                let (text, bytes) = (self.text, self.text.as_bytes());
                let out = &self.out;
                let record = out.next_record();
                let key_at = |r: u32| out.key_of(r, text);
                let hash_at = |&r: &u32| hasher.hash_one(key_at(r));
                if count == DUPLICATE_SCAN_LIMIT && seen.is_none() {
                    let mut table = hashbrown::HashTable::with_capacity(64);
                    let mut r = first_member;
                    for _ in 0..count {
                        let hash = hasher.hash_one(key_at(r));
                        if table.find(hash, |&f| key_at(f) == key_at(r)).is_none() {
                            table.insert_unique(hash, r, hash_at);
                        }
                        r = out.after(r, bytes);
                    }
                    seen = Some(table);
                }
                let first = match &mut seen {
                    Some(seen) => {
                        let hash = hasher.hash_one(name.as_ref());
                        match seen.find(hash, |&f| key_at(f) == name) {
                            Some(&f) => Some(f),
                            None => {
                                seen.insert_unique(hash, record, hash_at);
                                None
                            }
                        }
                    }
                    None => {
                        let mut r = first_member;
                        let mut found = None;
                        for _ in 0..count {
                            if key_at(r) == name {
                                found = Some(r);
                                break;
                            }
                            r = out.after(r, bytes);
                        }
                        found
                    }
                };
                self.path.push(Step::Key(raw_start as u32, raw_end as u32));
                if let Some(first) = first {
                    self.out.repeated_keys = true;
                    let first = self.out.key_span_of(first, self.text);
                    self.report(&builtin::DUPLICATE_KEY, key_span, |pointer| {
                        super::duplicate_key(&name, key_span, pointer, first)
                    });
                }
                let key = match name {
                    Cow::Owned(value) => self.out.key(key_start as u32, Some(value.into())),
                    Cow::Borrowed(_) => self.out.key(key_start as u32, None),
                };
                self.value(depth, key)?;
                self.path.pop();
                count += 1;
                self.skip_ws();
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        self.skip_ws();
                    }
                    Some(b'}') => {
                        self.pos += 1;
                        break;
                    }
                    _ => return Err(Bail),
                }
            }
        }
        // The index of a wide object's keys is dropped before the object closes.
        drop(seen);
        self.out.close(at, self.pos as u32, count);
        Ok(())
    }
}

/// Unescape a key already validated by the parser.
fn unescape(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.contains('\\') {
        unescape_checked(raw).unwrap_or_default().into()
    } else {
        raw.into()
    }
}

/// Unescape the raw content of a string; `None` for anything but the standard escapes
/// (surrogate escapes included: the full parser decides those).
fn unescape_checked(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            '"' => '"',
            '\\' => '\\',
            '/' => '/',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'u' => {
                let mut code = 0u32;
                for _ in 0..4 {
                    code = code * 16 + chars.next()?.to_digit(16)?;
                }
                char::from_u32(code)?
            }
            _ => return None,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests;
