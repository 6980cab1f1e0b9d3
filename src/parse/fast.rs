//! A direct parser for plain, strict JSON: the common case, without building an AST first.
//!
//! It accepts only a subset of what the full path accepts (RFC 8259 JSON without control
//! characters in strings, without surrogate escapes, nesting at most [`MAX_DEPTH`] deep) and
//! gives up on anything else, so the full path (jsonc-parser) decides every unusual input and
//! produces every syntax diagnostic. When it succeeds, the tree and the diagnostics are the ones
//! the full path gives (checked by the tests and the `check` fuzz target).

use super::tree::{CompactString, Key, RawMember, RawNode, RawValue};
use crate::core::builtin;
use crate::core::diagnostic::Diagnostic;
use crate::core::limit::FindingLimit;
use crate::core::pointer::escape_pointer_segment;
use crate::core::rule::RuleMeta;
use crate::core::source::Span;
use std::hash::BuildHasher;

/// Deeper documents go to the full parser, which enforces its own limits.
const MAX_DEPTH: usize = 128;

/// Objects with more members than this look duplicates up in a hash map rather than by a scan.
const DUPLICATE_SCAN_LIMIT: usize = 16;

/// A container of at least this many entries takes the scratch vector itself (see
/// [`take_top`]).
const TAKE_WHOLE: usize = 4096;

/// The entries of the container that started at `base`, taken off the top of `scratch` into a
/// box of exactly their number. A wide container (the roles of a securities file, the
/// elements of a big array) takes the scratch vector itself, shrunk in place, and gives the
/// few entries of its parents below it back to a new one: a copy would briefly hold the
/// entries twice, while the vector's unused room was never written, so it takes no memory.
fn take_top<T>(scratch: &mut Vec<T>, base: usize) -> Box<[T]> {
    let count = scratch.len() - base;
    if count >= TAKE_WHOLE && base <= count / 8 {
        let mut whole = std::mem::take(scratch);
        scratch.extend(whole.drain(..base));
        return whole.into_boxed_slice();
    }
    scratch.drain(base..).collect()
}

/// Gave up: the full parser takes over.
struct Bail;

type Result<T> = std::result::Result<T, Bail>;

/// Parse `body` (the text after any BOM, which starts at byte `offset` of the file).
/// `None` when the input is not in the accepted subset; `diagnostics` is then left unchanged.
/// The tree of `body`, and whether a string or key holds `{`, `$` or `<`; `None` when the
/// body is not plain JSON.
pub(super) fn parse(
    body: &str,
    offset: usize,
    max_per_rule: Option<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(RawNode, bool)> {
    parse_at(body, offset, 0, max_per_rule, diagnostics)
}

/// [`parse`], for a value nested `depth` containers deep in its document (the depth limit
/// counts from the document's root, as a parse of the whole text would).
pub(super) fn parse_at(
    body: &str,
    offset: usize,
    depth: usize,
    max_per_rule: Option<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(RawNode, bool)> {
    let before = diagnostics.len();
    let mut p = Parser {
        text: body,
        bytes: body.as_bytes(),
        pos: 0,
        offset: offset as u32,
        diagnostics,
        limit: FindingLimit::new(max_per_rule),
        // Sized for a usual body, so the stacks do not grow step by step.
        path: Vec::with_capacity(16),
        items: Vec::with_capacity(16),
        members: Vec::with_capacity(16),
        openers: false,
    };
    let result = (|| {
        p.skip_ws();
        let root = p.value(depth)?;
        p.skip_ws();
        if p.pos != p.bytes.len() {
            return Err(Bail);
        }
        Ok(root)
    })();
    match result {
        Ok(root) => {
            p.diagnostics.extend(p.limit.summaries());
            Some((root, p.openers))
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
    /// Byte range of the key's raw text (inside the quotes) in the body.
    Key(u32, u32),
    Index(usize),
}

struct Parser<'t, 'd> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    offset: u32,
    diagnostics: &'d mut Vec<Diagnostic>,
    /// Counts the findings of each rule against the file's limit.
    limit: FindingLimit,
    path: Vec<Step>,
    /// Elements and members of the containers being parsed; each container takes its own
    /// entries off the top when it closes, into a vector of exactly their number (a growing
    /// vector would keep up to twice the room, and most containers here hold 1 to 3 entries).
    items: Vec<RawNode>,
    members: Vec<RawMember>,
    /// Whether a string or key read so far holds `{`, `$` or `<`.
    openers: bool,
}

impl<'t> Parser<'t, '_> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span {
            start: start as u32 + self.offset,
            end: end as u32 + self.offset,
        }
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

    fn value(&mut self, depth: usize) -> Result<RawNode> {
        let start = self.pos;
        let value = match self.peek().ok_or(Bail)? {
            b'{' => return self.object(depth + 1),
            b'[' => return self.array(depth + 1),
            b'"' => RawValue::String(CompactString::from(self.string()?.0.as_ref())),
            b't' => self.keyword("true", RawValue::Bool(true))?,
            b'f' => self.keyword("false", RawValue::Bool(false))?,
            b'n' => self.keyword("null", RawValue::Null)?,
            b'-' | b'0'..=b'9' => {
                let literal = self.number()?;
                if !super::number_in_range(literal) {
                    let span = self.span(start, self.pos);
                    self.report(&builtin::NUMBER_OUT_OF_RANGE, span, |pointer| {
                        super::out_of_range(span, pointer)
                    });
                }
                RawValue::Number(literal.into())
            }
            _ => return Err(Bail),
        };
        Ok(RawNode {
            span: self.span(start, self.pos),
            value,
        })
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

    fn keyword(&mut self, word: &str, value: RawValue) -> Result<RawValue> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
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
    fn string(&mut self) -> Result<(std::borrow::Cow<'t, str>, (usize, usize))> {
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
            std::borrow::Cow::Borrowed(raw)
        };
        Ok((value, (start, self.pos - 1)))
    }

    fn array(&mut self, depth: usize) -> Result<RawNode> {
        if depth > MAX_DEPTH {
            return Err(Bail);
        }
        let start = self.pos;
        self.pos += 1;
        let base = self.items.len();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
        } else {
            loop {
                self.path.push(Step::Index(self.items.len() - base));
                let item = self.value(depth)?;
                self.path.pop();
                self.items.push(item);
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
        let items = take_top(&mut self.items, base);
        Ok(RawNode {
            span: self.span(start, self.pos),
            value: RawValue::Array(items),
        })
    }

    fn object(&mut self, depth: usize) -> Result<RawNode> {
        if depth > MAX_DEPTH {
            return Err(Bail);
        }
        let start = self.pos;
        self.pos += 1;
        let base = self.members.len();
        // A wide object's members by position, found by the hash of their key: 4 bytes a
        // member, where a map of keys took 24 and was the peak of a wide object's parse.
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
                let (key, (raw_start, raw_end)) = self.string()?;
                let key = Key::from(key.as_ref());
                let key_span = self.span(key_start, self.pos);
                self.skip_ws();
                if self.peek() != Some(b':') {
                    return Err(Bail);
                }
                self.pos += 1;
                self.skip_ws();
                let count = self.members.len() - base;
                let members = &self.members[base..];
                let hash_at = |&at: &u32| hasher.hash_one(members[at as usize].key.as_str());
                if count == DUPLICATE_SCAN_LIMIT && seen.is_none() {
                    let mut table = hashbrown::HashTable::with_capacity(64);
                    for (at, m) in (0u32..).zip(members) {
                        let hash = hasher.hash_one(m.key.as_str());
                        if table
                            .find(hash, |&f: &u32| members[f as usize].key == m.key)
                            .is_none()
                        {
                            table.insert_unique(hash, at, hash_at);
                        }
                    }
                    seen = Some(table);
                }
                let first = match &mut seen {
                    Some(seen) => {
                        let hash = hasher.hash_one(key.as_str());
                        match seen.find(hash, |&f| members[f as usize].key == key) {
                            Some(&f) => Some(f as usize),
                            None => {
                                seen.insert_unique(hash, count as u32, hash_at);
                                None
                            }
                        }
                    }
                    None => members.iter().position(|m| m.key == key),
                };
                self.path.push(Step::Key(raw_start as u32, raw_end as u32));
                if let Some(first) = first {
                    let first = self.members[base + first].key_span;
                    self.report(&builtin::DUPLICATE_KEY, key_span, |pointer| {
                        super::duplicate_key(&key, key_span, pointer, first)
                    });
                }
                let value = self.value(depth)?;
                self.path.pop();
                self.members.push(RawMember {
                    key,
                    key_span,
                    value,
                });
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
        // The index of a wide object's keys is dropped before its members are moved.
        drop(seen);
        let members = take_top(&mut self.members, base);
        Ok(RawNode {
            span: self.span(start, self.pos),
            value: RawValue::Object(members),
        })
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
