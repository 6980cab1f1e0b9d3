//! The spanned JSON tree every pass works on.
//!
//! A parsed document owns a [`Tree`]; every pass reads it through [`Node`] and [`Member`]
//! handles: small `Copy` views whose accessors borrow from the tree. Passes never see how
//! the tree is stored.
//!
//! # Layout
//!
//! The tree keeps the text it was parsed from and one vector of `u32` words: a record per
//! value, in document order (a container before its entries). Keys, strings and numbers are
//! read from the text, so a value costs 12 bytes and a container 20, where a tree of owned
//! values took 32 a value and 56 a member:
//!
//! | word | scalar | container |
//! |---|---|---|
//! | 0 | its key's opening quote ([`NO_KEY`] for an element or the root) | same |
//! | 1 | the value's first byte | same |
//! | 2 | the byte after the value | same |
//! | 3 | | the index of the record after its entries |
//! | 4 | | how many entries it has |
//!
//! An array whose entries are all scalars is *packed*: the high bit of its word 4 is set
//! ([`PACKED`]) and each entry is two words, its first byte and the byte after it, with no
//! key word (a list of a million short strings takes 8 bytes an entry, not 12). The handle
//! of a packed entry is the index of its word 1 as if it had a word 0 (one word before its
//! first), so words 1 and 2 are read alike for every record; nothing reads its word 0.
//!
//! What a value is, is read from its first byte (`{`, `[`, `"`, `t`, `f`, `n`, or a number).
//! A key or string whose text holds an escape (or that a pack rewrote) is marked by the high
//! bit of its word, and its value is kept unescaped in a map by the byte offset of its
//! opening quote; texts are at most [`MAX_TEXT`] bytes.

use crate::core::source::Span;
use std::sync::{Arc, OnceLock};

/// The word 0 of a record without a key.
const NO_KEY: u32 = u32::MAX;
/// The high bit: a key (word 0) or a string (word 2) whose value is in [`Tree::strings`].
const MAPPED: u32 = 1 << 31;
/// The longest text a tree can hold: offsets keep their high bit free.
pub const MAX_TEXT: usize = (MAPPED - 1) as usize;
/// Words of a scalar's record, and of a container's.
const SCALAR: u32 = 3;
const CONTAINER: u32 = 5;
/// Words of an entry of a packed array.
const ELEMENT: u32 = 2;
/// The high bit of a container's word 4: an array whose entries are [`ELEMENT`] words each.
const PACKED: u32 = 1 << 31;
/// Containers of up to this many entries are walked for a position; wider ones get a table
/// of their entries' records on first need.
const WALKED: u32 = 16;

/// A whole parsed value: what a [`super::Document`] owns. Read it through [`Tree::root`].
pub struct Tree {
    /// The text the offsets point into.
    text: Arc<String>,
    /// The records (see the module documentation).
    words: Vec<u32>,
    /// Unescaped or rewritten keys and strings, by the offset of their opening quote.
    strings: Texts,
    /// The wide containers (more than [`WALKED`] entries), by record: the records of their
    /// entries, listed when a position is first asked.
    wide: Vec<(u32, OnceLock<Box<[u32]>>)>,
    /// True when no object repeats a key: a lookup then stops at the first match.
    unique_keys: bool,
}

impl std::fmt::Debug for Tree {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.root().fmt(f)
    }
}

impl Clone for Tree {
    fn clone(&self) -> Tree {
        Tree {
            text: Arc::clone(&self.text),
            words: self.words.clone(),
            strings: self.strings.clone(),
            wide: wide_containers(&self.words, self.text.as_bytes()),
            unique_keys: self.unique_keys,
        }
    }
}

/// Two trees are equal when their records, values and spans are.
impl PartialEq for Tree {
    fn eq(&self, other: &Tree) -> bool {
        self.root() == other.root()
    }
}

/// True when the value starting with `first` is a container.
fn opens_container(first: u8) -> bool {
    matches!(first, b'{' | b'[')
}

/// The record after record `at` and its entries.
#[inline]
fn after(words: &[u32], at: u32, text: &[u8]) -> u32 {
    let i = at as usize;
    if opens_container(text[words[i + 1] as usize]) {
        words[i + 3]
    } else {
        at + SCALAR
    }
}

/// The words of container record `at`'s packed entries (none when it is not packed).
#[inline]
fn packed_words(words: &[u32], at: usize) -> usize {
    let count = words[at + 4];
    if count & PACKED != 0 {
        (count & !PACKED) as usize * ELEMENT as usize
    } else {
        0
    }
}

/// The containers of more than [`WALKED`] entries that are not packed (a packed entry's
/// record is found without a walk), by record.
fn wide_containers(words: &[u32], text: &[u8]) -> Vec<(u32, OnceLock<Box<[u32]>>)> {
    let mut wide = Vec::new();
    let mut at = 0;
    while at < words.len() {
        if opens_container(text[words[at + 1] as usize]) {
            if words[at + 4] > WALKED && words[at + 4] & PACKED == 0 {
                wide.push((at as u32, OnceLock::new()));
            }
            at += CONTAINER as usize + packed_words(words, at);
        } else {
            at += SCALAR as usize;
        }
    }
    wide
}

/// Call `f` on every record of `words` from record `from` on (entries included), as a
/// slice of its words; the entries of packed arrays are passed over.
fn for_each_record(words: &mut [u32], from: u32, text: &[u8], mut f: impl FnMut(&mut [u32])) {
    let mut at = from as usize;
    while at < words.len() {
        if opens_container(text[words[at + 1] as usize]) {
            let packed = packed_words(words, at);
            f(&mut words[at..at + CONTAINER as usize]);
            at += CONTAINER as usize + packed;
        } else {
            f(&mut words[at..at + SCALAR as usize]);
            at += SCALAR as usize;
        }
    }
}

/// The offset of the closing quote of the string whose opening quote is at `quote`.
fn closing_quote(text: &[u8], quote: usize) -> usize {
    let mut i = quote + 1;
    while let Some(&b) = text.get(i) {
        match b {
            b'"' => return i,
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    text.len()
}

/// The key of record `at`.
#[inline]
fn key_text<'a>(words: &[u32], strings: &'a Texts, text: &'a str, at: u32) -> &'a str {
    let key = words[at as usize];
    if key == NO_KEY {
        return "";
    }
    if key & MAPPED != 0 {
        return strings.get(key & !MAPPED).unwrap_or("");
    }
    // Without an escape, the first quote after the opening one closes the key. Most keys
    // are short: their first bytes are looked at one by one before a vectorised search.
    let from = key as usize + 1;
    let rest = text.as_bytes().get(from..).unwrap_or_default();
    let head = rest.len().min(24);
    let len = match rest[..head].iter().position(|&b| b == b'"') {
        Some(len) => len,
        None => head + memchr::memchr(b'"', &rest[head..]).unwrap_or(rest.len() - head),
    };
    text.get(from..from + len).unwrap_or("")
}

/// True when the key of record `at` is `key`, compared in place: without an escape, the key
/// is the bytes after its opening quote up to the next quote.
#[inline]
fn key_is(words: &[u32], strings: &Texts, text: &str, at: u32, key: &str) -> bool {
    let word = words[at as usize];
    if word == NO_KEY {
        return key.is_empty();
    }
    if word & MAPPED != 0 {
        return strings.get(word & !MAPPED) == Some(key);
    }
    let from = word as usize + 1;
    let bytes = text.as_bytes();
    // The closing quote and the first byte reject most keys before a whole compare.
    bytes.get(from + key.len()) == Some(&b'"')
        && bytes.get(from) == key.as_bytes().first().or(Some(&b'"'))
        && bytes.get(from..from + key.len()) == Some(key.as_bytes())
}

/// The span of record `at`'s key, quotes included.
fn key_span(words: &[u32], text: &str, at: u32) -> Span {
    let key = words[at as usize];
    if key == NO_KEY {
        return Span::default();
    }
    let quote = (key & !MAPPED) as usize;
    let close = closing_quote(text.as_bytes(), quote);
    Span::new(quote, (close + 1).min(text.len()))
}

impl Tree {
    /// A tree of one string, with an empty span (for a value that is not in a file).
    pub fn string(value: &str) -> Tree {
        let mut builder = Builder::default();
        builder.scalar(NO_KEY, 0, 0, Some(value.into()));
        builder.finish(Arc::new("\"".to_owned()))
    }
    /// The root value.
    pub fn root(&self) -> Node<'_> {
        Node {
            tree: self,
            at: 0,
            packed: false,
        }
    }
    /// The text the tree was parsed from.
    pub fn text(&self) -> &str {
        &self.text
    }
    /// The records (see the module documentation), to compare two trees' in tests.
    #[cfg(test)]
    pub(crate) fn records(&self) -> &[u32] {
        &self.words
    }

    #[inline]
    fn word(&self, at: u32, i: u32) -> u32 {
        self.words[(at + i) as usize]
    }
    #[inline]
    fn first_byte(&self, at: u32) -> u8 {
        self.text.as_bytes()[self.word(at, 1) as usize]
    }
    #[inline]
    fn after(&self, at: u32) -> u32 {
        after(&self.words, at, self.text.as_bytes())
    }
    #[inline]
    fn span(&self, at: u32) -> Span {
        Span {
            start: self.word(at, 1),
            end: self.word(at, 2) & !MAPPED,
        }
    }
    #[inline]
    fn string_at(&self, at: u32) -> &str {
        let (start, end) = (self.word(at, 1), self.word(at, 2));
        if end & MAPPED != 0 {
            return self.strings.get(start).unwrap_or("");
        }
        self.text
            .get(start as usize + 1..(end as usize).saturating_sub(1))
            .unwrap_or("")
    }
    #[inline]
    fn key(&self, at: u32) -> &str {
        key_text(&self.words, &self.strings, &self.text, at)
    }
    fn key_span(&self, at: u32) -> Span {
        key_span(&self.words, &self.text, at)
    }
    /// The entries of container `at`, as a range of positions.
    #[inline]
    fn entries(&self, at: u32) -> Entries<'_> {
        let count = self.word(at, 4);
        let packed = count & PACKED != 0;
        Entries {
            tree: self,
            container: at,
            // A packed entry's handle is one word before its first.
            first: at + CONTAINER - u32::from(packed),
            start: 0,
            count: count & !PACKED,
            packed,
        }
    }
    /// The records of the entries of a wide container, listed once; `None` for a container
    /// of at most [`WALKED`] entries.
    fn positions(&self, container: u32) -> Option<&[u32]> {
        let at = self
            .wide
            .binary_search_by_key(&container, |(record, _)| *record)
            .ok()?;
        let list = self.wide[at].1.get_or_init(|| {
            let count = self.word(container, 4) & !PACKED;
            let mut records = Vec::with_capacity(count as usize);
            let mut at = container + CONTAINER;
            for _ in 0..count {
                records.push(at);
                at = self.after(at);
            }
            records.into_boxed_slice()
        });
        Some(list)
    }
    /// The record of entry `i` of container `container`, whose entry `from` is `first`.
    fn record_of(&self, container: u32, first: u32, from: u32, i: u32) -> u32 {
        if self.word(container, 4) & PACKED != 0 {
            return container + CONTAINER - 1 + i * ELEMENT;
        }
        if i - from > WALKED {
            if let Some(&at) = self.positions(container).and_then(|p| p.get(i as usize)) {
                return at;
            }
        }
        let mut at = first;
        for _ in from..i {
            at = self.after(at);
        }
        at
    }

    /// Keep only the root object's member at `position`, with its key renamed `key`; false
    /// when the root is not an object or has no such member.
    pub fn keep_root_member(&mut self, position: usize, key: &str) -> bool {
        let Some(member) = self.root().as_object().and_then(|m| m.get(position)) else {
            return false;
        };
        let (from, to) = (member.at, self.after(member.at));
        // The member's records move to just after the root's; their links move with them.
        let moved_by = from - CONTAINER;
        let kept: Vec<u32> = self.words[from as usize..to as usize].to_vec();
        self.words.truncate(CONTAINER as usize);
        self.words.extend_from_slice(&kept);
        let text = Arc::clone(&self.text);
        for_each_record(&mut self.words, CONTAINER, text.as_bytes(), |record| {
            if let [_, _, _, next, _] = record {
                *next -= moved_by;
            }
        });
        self.words[3] = self.words.len() as u32;
        self.words[4] = 1;
        self.wide = wide_containers(&self.words, self.text.as_bytes());
        let mut rewrites = Rewrites::default();
        let text = rewrites.text(key);
        rewrites.keys.push((CONTAINER, text));
        self.rewrite(rewrites);
        true
    }

    /// Make the key renames and string replacements of `rewrites`, collected on this tree.
    pub fn rewrite(&mut self, rewrites: Rewrites) {
        // A renamed key may now repeat another.
        self.unique_keys &= rewrites.keys.is_empty();
        let mut texts: Vec<(Box<str>, u32)> = rewrites.texts.into_iter().collect();
        texts.sort_unstable_by_key(|&(_, i)| i);
        let shared: Vec<u32> = texts
            .into_iter()
            .map(|(text, _)| self.strings.push(text))
            .collect();
        for (at, text) in rewrites.keys {
            let at = at as usize;
            let word = self.words[at];
            if word == NO_KEY {
                continue;
            }
            self.strings.share(word & !MAPPED, shared[text as usize]);
            self.words[at] = word | MAPPED;
        }
        for (at, text) in rewrites.strings {
            if self.first_byte(at) != b'"' {
                continue;
            }
            let at = at as usize;
            self.strings
                .share(self.words[at + 1], shared[text as usize]);
            self.words[at + 2] |= MAPPED;
        }
    }

    /// Put the records of `fragment` (parsed from the new text, at the same depth) in place
    /// of value `at` (an entry of a packed array when `packed`, and then `fragment` is a
    /// scalar), which spanned `old` in the old text: every offset after it moves by `delta`
    /// bytes, and the tree reads `text` from now on.
    pub(crate) fn splice(
        &mut self,
        (at, packed): (usize, bool),
        old: Span,
        fragment: (Vec<u32>, Texts),
        delta: i64,
        text: Arc<String>,
    ) {
        let (mut new, new_strings) = fragment;
        let at = at as u32;
        let old_text = Arc::clone(&self.text);
        let old_bytes = old_text.as_bytes();
        let shift = |word: u32| -> u32 {
            let flag = word & MAPPED;
            (((word & !MAPPED) as i64 + delta) as u32) | flag
        };
        // The words replaced: a packed entry's two, or a record and its entries'.
        let (from, end) = if packed {
            new.drain(..1);
            (at + 1, at + 1 + ELEMENT)
        } else {
            // The new value keeps the old one's key; its links count from `at`.
            new[0] = self.words[at as usize];
            for_each_record(&mut new, 0, text.as_bytes(), |record| {
                if let [_, _, _, next, _] = record {
                    *next += at;
                }
            });
            (at, self.after(at))
        };
        let size_delta = new.len() as i64 - i64::from(end - from);
        // Records before: the containers holding the value end later.
        let mut r = 0u32;
        let mut array_end = end;
        while r < at {
            let container = opens_container(old_bytes[self.word(r, 1) as usize]);
            let next = if container {
                self.word(r, 3)
            } else {
                r + SCALAR
            };
            if container && next > at {
                let i = r as usize;
                self.words[i + 2] = shift(self.words[i + 2]);
                self.words[i + 3] = (i64::from(self.words[i + 3]) + size_delta) as u32;
                if packed_words(&self.words, i) > 0 {
                    // The packed array holding the entry: its entries after it move.
                    array_end = next;
                    break;
                }
                r += CONTAINER;
            } else {
                r = next;
            }
        }
        for word in &mut self.words[end as usize..array_end as usize] {
            *word = shift(*word);
        }
        // Records after: every offset moves, and every link.
        let mut r = array_end;
        while (r as usize) < self.words.len() {
            let i = r as usize;
            let container = opens_container(old_bytes[self.words[i + 1] as usize]);
            if self.words[i] != NO_KEY {
                self.words[i] = shift(self.words[i]);
            }
            self.words[i + 1] = shift(self.words[i + 1]);
            self.words[i + 2] = shift(self.words[i + 2]);
            if container {
                self.words[i + 3] = (i64::from(self.words[i + 3]) + size_delta) as u32;
                let packed = packed_words(&self.words, i);
                for word in &mut self.words[i + CONTAINER as usize..][..packed] {
                    *word = shift(*word);
                }
                r += CONTAINER + packed as u32;
            } else {
                r += SCALAR;
            }
        }
        self.words.splice(from as usize..end as usize, new);
        self.strings.remap(
            |offset| {
                if offset >= old.end {
                    Some(shift(offset))
                } else {
                    (offset < old.start).then_some(offset)
                }
            },
            new_strings,
        );
        self.text = text;
        self.wide = wide_containers(&self.words, self.text.as_bytes());
    }
}

mod builder;
mod containers;
mod entries;
mod handles;
mod texts;
pub(crate) use builder::Builder;
pub use containers::*;
use entries::{Entries, EntriesIter};
pub use handles::*;
use texts::Texts;

#[cfg(test)]
mod tests;
