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
//! What a value is, is read from its first byte (`{`, `[`, `"`, `t`, `f`, `n`, or a number).
//! A key or string whose text holds an escape (or that a pack rewrote) is marked by the high
//! bit of its word, and its value is kept unescaped in a map by the byte offset of its
//! opening quote; texts are at most [`MAX_TEXT`] bytes.

use crate::core::pointer::unescape_pointer_segment;
use crate::core::source::Span;
use std::collections::HashMap;
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
    strings: HashMap<u32, Box<str>>,
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

/// Builds a [`Tree`]'s records in document order (the parsers' side of the layout).
#[derive(Default)]
pub(crate) struct Builder {
    words: Vec<u32>,
    strings: HashMap<u32, Box<str>>,
    /// Set by the parser when an object repeats a key.
    pub(crate) repeated_keys: bool,
}

impl Builder {
    /// An empty builder with room for `words` words of records.
    pub(crate) fn with_capacity(words: usize) -> Builder {
        Builder {
            words: Vec::with_capacity(words),
            ..Builder::default()
        }
    }
    /// The index the next record gets.
    pub(crate) fn next_record(&self) -> u32 {
        self.words.len() as u32
    }
    /// The word 0 of a record whose key opens at `quote`; `unescaped` when its text holds an
    /// escape.
    pub(crate) fn key(&mut self, quote: u32, unescaped: Option<Box<str>>) -> u32 {
        match unescaped {
            Some(value) => {
                self.strings.insert(quote, value);
                quote | MAPPED
            }
            None => quote,
        }
    }
    /// A scalar spanning `start..end`, under `key` (from [`Builder::key`], or [`Builder::NO_KEY`]);
    /// `unescaped` for a string whose text holds an escape.
    pub(crate) fn scalar(&mut self, key: u32, start: u32, end: u32, unescaped: Option<Box<str>>) {
        let end = match unescaped {
            Some(value) => {
                self.strings.insert(start, value);
                end | MAPPED
            }
            None => end,
        };
        self.words.extend_from_slice(&[key, start, end]);
    }
    /// Open a container starting at `start`; its entries follow until [`Builder::close`].
    /// Returns its record.
    pub(crate) fn open(&mut self, key: u32, start: u32) -> u32 {
        let at = self.next_record();
        self.words.extend_from_slice(&[key, start, start, 0, 0]);
        at
    }
    /// Close the container of record `at`, ending at `end`, with `count` entries.
    pub(crate) fn close(&mut self, at: u32, end: u32, count: u32) {
        let next = self.next_record();
        let at = at as usize;
        self.words[at + 2] = end;
        self.words[at + 3] = next;
        self.words[at + 4] = count;
    }
    /// The record after record `at` and its entries, in a builder's records so far.
    pub(crate) fn after(&self, at: u32, text: &[u8]) -> u32 {
        after(&self.words, at, text)
    }
    /// The key of record `at` (which has one), read from `text` (the whole text).
    pub(crate) fn key_of<'a>(&'a self, at: u32, text: &'a str) -> &'a str {
        key_text(&self.words, &self.strings, text, at)
    }
    /// The span of record `at`'s key.
    pub(crate) fn key_span_of(&self, at: u32, text: &str) -> Span {
        key_span(&self.words, text, at)
    }
    /// The span of the first record (the root of what was built).
    pub(crate) fn root_span(&self) -> Option<Span> {
        Some(Span {
            start: *self.words.get(1)?,
            end: *self.words.get(2)? & !MAPPED,
        })
    }
    /// The records and strings built, as a fragment for [`Tree::splice`].
    pub(crate) fn into_parts(self) -> (Vec<u32>, HashMap<u32, Box<str>>) {
        (self.words, self.strings)
    }
    /// The tree over `text` whose root is the first record.
    pub(crate) fn finish(self, text: Arc<String>) -> Tree {
        let mut words = self.words;
        words.shrink_to_fit();
        Tree {
            wide: wide_containers(&words, text.as_bytes()),
            text,
            words,
            strings: self.strings,
            unique_keys: !self.repeated_keys,
        }
    }
    /// The word 0 of a record without a key.
    pub(crate) const NO_KEY: u32 = NO_KEY;
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

/// The containers of more than [`WALKED`] entries, by record.
fn wide_containers(words: &[u32], text: &[u8]) -> Vec<(u32, OnceLock<Box<[u32]>>)> {
    let mut wide = Vec::new();
    let mut at = 0;
    while at < words.len() {
        if opens_container(text[words[at + 1] as usize]) {
            if words[at + 4] > WALKED {
                wide.push((at as u32, OnceLock::new()));
            }
            at += CONTAINER as usize;
        } else {
            at += SCALAR as usize;
        }
    }
    wide
}

/// Call `f` on every record of `words` from record `from` on (entries included), as a
/// slice of its words.
fn for_each_record(words: &mut [u32], from: u32, text: &[u8], mut f: impl FnMut(&mut [u32])) {
    let mut at = from as usize;
    while at < words.len() {
        let size = if opens_container(text[words[at + 1] as usize]) {
            CONTAINER
        } else {
            SCALAR
        } as usize;
        f(&mut words[at..at + size]);
        at += size;
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
fn key_text<'a>(
    words: &[u32],
    strings: &'a HashMap<u32, Box<str>>,
    text: &'a str,
    at: u32,
) -> &'a str {
    let key = words[at as usize];
    if key == NO_KEY {
        return "";
    }
    if key & MAPPED != 0 {
        return strings.get(&(key & !MAPPED)).map_or("", |s| s);
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
fn key_is(words: &[u32], strings: &HashMap<u32, Box<str>>, text: &str, at: u32, key: &str) -> bool {
    let word = words[at as usize];
    if word == NO_KEY {
        return key.is_empty();
    }
    if word & MAPPED != 0 {
        return strings.get(&(word & !MAPPED)).is_some_and(|s| **s == *key);
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
        Node { tree: self, at: 0 }
    }
    /// The text the tree was parsed from.
    pub fn text(&self) -> &str {
        &self.text
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
            return self.strings.get(&start).map_or("", |s| s);
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
        Entries {
            tree: self,
            container: at,
            first: at + CONTAINER,
            start: 0,
            count: self.word(at, 4),
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
            let mut records = Vec::with_capacity(self.word(container, 4) as usize);
            let mut at = container + CONTAINER;
            for _ in 0..self.word(container, 4) {
                records.push(at);
                at = self.after(at);
            }
            records.into_boxed_slice()
        });
        Some(list)
    }
    /// The record of entry `i` of container `container`, whose entry `from` is `first`.
    fn record_of(&self, container: u32, first: u32, from: u32, i: u32) -> u32 {
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
        rewrites.keys.insert(CONTAINER as usize, key.into());
        self.rewrite(&rewrites);
        true
    }

    /// Make the key renames and string replacements of `rewrites`, collected on this tree.
    pub fn rewrite(&mut self, rewrites: &Rewrites) {
        // A renamed key may now repeat another.
        self.unique_keys &= rewrites.keys.is_empty();
        for (&at, key) in &rewrites.keys {
            let word = self.words[at];
            if word == NO_KEY {
                continue;
            }
            self.strings.insert(word & !MAPPED, key.clone());
            self.words[at] = word | MAPPED;
        }
        for (&at, value) in &rewrites.strings {
            if self.first_byte(at as u32) != b'"' {
                continue;
            }
            self.strings.insert(self.words[at + 1], value.clone());
            self.words[at + 2] |= MAPPED;
        }
    }

    /// Put the records of `fragment` (parsed from the new text, at the same depth) in place
    /// of value `at`, which spanned `old` in the old text: every offset after it moves by
    /// `delta` bytes, and the tree reads `text` from now on.
    pub(crate) fn splice(
        &mut self,
        at: usize,
        old: Span,
        fragment: (Vec<u32>, HashMap<u32, Box<str>>),
        delta: i64,
        text: Arc<String>,
    ) {
        let (mut new, new_strings) = fragment;
        let at = at as u32;
        let old_text = Arc::clone(&self.text);
        let old_bytes = old_text.as_bytes();
        let end = self.after(at);
        let size_delta = new.len() as i64 - i64::from(end - at);
        let shift = |word: u32| -> u32 {
            let flag = word & MAPPED;
            (((word & !MAPPED) as i64 + delta) as u32) | flag
        };
        // The new value keeps the old one's key; its links count from `at`.
        new[0] = self.words[at as usize];
        for_each_record(&mut new, 0, text.as_bytes(), |record| {
            if let [_, _, _, next, _] = record {
                *next += at;
            }
        });
        // Records before: the containers holding the value end later.
        let mut r = 0u32;
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
                r += CONTAINER;
            } else {
                r = next;
            }
        }
        // Records after: every offset moves, and every link.
        let mut r = end;
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
                r += CONTAINER;
            } else {
                r += SCALAR;
            }
        }
        self.words.splice(at as usize..end as usize, new);
        let strings = std::mem::take(&mut self.strings);
        self.strings = strings
            .into_iter()
            .filter(|&(offset, _)| offset < old.start || offset >= old.end)
            .map(|(offset, s)| {
                if offset >= old.end {
                    (shift(offset), s)
                } else {
                    (offset, s)
                }
            })
            .chain(new_strings)
            .collect();
        self.text = text;
        self.wide = wide_containers(&self.words, self.text.as_bytes());
    }
}

/// Key renames and string replacements for a [`Tree`], collected by a pass that reads the
/// tree and made at once by [`Tree::rewrite`].
#[derive(Debug, Default)]
pub struct Rewrites {
    /// New keys, by [`Member::id`].
    keys: HashMap<usize, Box<str>>,
    /// New strings, by [`Node::id`].
    strings: HashMap<usize, Box<str>>,
}

impl Rewrites {
    /// Rename `member`'s key to `key`.
    pub fn rename_key(&mut self, member: Member<'_>, key: &str) {
        self.keys.insert(member.id(), key.into());
    }
    /// Replace the string `node` by `value` (nothing happens when `node` is not a string).
    pub fn replace_string(&mut self, node: Node<'_>, value: &str) {
        self.strings.insert(node.id(), value.into());
    }
    /// True when there is nothing to rewrite.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.strings.is_empty()
    }
}

/// The segments of a JSON Pointer, unescaped; `None` when it does not start with `/` (and
/// is not empty).
fn pointer_segments(pointer: &str) -> Option<impl Iterator<Item = std::borrow::Cow<'_, str>>> {
    let rest = match pointer {
        "" => None,
        p => Some(p.strip_prefix('/')?),
    };
    Some(
        rest.into_iter()
            .flat_map(|r| r.split('/'))
            .map(unescape_pointer_segment),
    )
}

/// A JSON value in a [`Tree`], with its byte span: a small `Copy` handle.
///
/// Two nodes are equal when their values and spans are.
#[derive(Clone, Copy)]
pub struct Node<'t> {
    tree: &'t Tree,
    at: u32,
}

/// What a [`Node`] holds, borrowed from its tree.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'t> {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, as written.
    Number(&'t str),
    /// A string, unescaped.
    String(&'t str),
    /// An array.
    Array(Items<'t>),
    /// An object; duplicate keys are kept in order.
    Object(Members<'t>),
}

/// One `"key": value` pair of an object.
#[derive(Clone, Copy)]
pub struct Member<'t> {
    tree: &'t Tree,
    at: u32,
}

impl<'t> Member<'t> {
    /// The key, unescaped.
    #[inline]
    pub fn key(self) -> &'t str {
        self.tree.key(self.at)
    }
    /// True when the key is `key` (cheaper than comparing [`Member::key`]).
    #[inline]
    pub fn key_is(self, key: &str) -> bool {
        let tree = self.tree;
        key_is(&tree.words, &tree.strings, &tree.text, self.at, key)
    }
    /// Bytes of the key, quotes included.
    pub fn key_span(self) -> Span {
        self.tree.key_span(self.at)
    }
    /// The value.
    #[inline]
    pub fn value(self) -> Node<'t> {
        Node {
            tree: self.tree,
            at: self.at,
        }
    }
    /// An identity for this member, unique within its tree while the tree lives.
    pub fn id(self) -> usize {
        self.at as usize
    }
}

/// Two members are equal when their keys, values and spans are.
impl PartialEq for Member<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
            && self.key_span() == other.key_span()
            && self.value() == other.value()
    }
}

impl std::fmt::Debug for Member<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Member")
            .field("key", &self.key())
            .field("key_span", &self.key_span())
            .field("value", &self.value())
            .finish()
    }
}

impl std::fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Node")
            .field("span", &self.span())
            .field("value", &self.value())
            .finish()
    }
}

impl PartialEq for Node<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.span() == other.span() && self.value() == other.value()
    }
}

/// A run of entries of one container.
#[derive(Clone, Copy)]
struct Entries<'t> {
    tree: &'t Tree,
    /// The container's record.
    container: u32,
    /// The record of the first entry of the run.
    first: u32,
    /// The position of that entry in the container.
    start: u32,
    /// How many entries the run has.
    count: u32,
}

/// The empty tree that empty runs of entries point to.
static EMPTY: std::sync::LazyLock<Tree> = std::sync::LazyLock::new(|| Tree::string(""));

impl<'t> Entries<'t> {
    fn empty() -> Entries<'t> {
        Entries {
            tree: &EMPTY,
            container: 0,
            first: 0,
            start: 0,
            count: 0,
        }
    }
    /// The record of entry `i` of the run.
    fn record(self, i: u32) -> Option<u32> {
        (i < self.count).then(|| {
            self.tree
                .record_of(self.container, self.first, self.start, self.start + i)
        })
    }
    fn range(self, range: std::ops::Range<usize>) -> Entries<'t> {
        let end = (range.end.min(self.count as usize)) as u32;
        let start = (range.start as u32).min(end);
        match self.record(start) {
            Some(first) => Entries {
                first,
                start: self.start + start,
                count: end - start,
                ..self
            },
            None => Entries { count: 0, ..self },
        }
    }
    fn iter(self) -> EntriesIter<'t> {
        EntriesIter {
            entries: self,
            front: self.first,
            taken: 0,
            back: self.count,
        }
    }
}

/// The records of a run of entries, front to back (and back to front).
#[derive(Clone)]
struct EntriesIter<'t> {
    entries: Entries<'t>,
    /// The record of the next entry from the front.
    front: u32,
    /// Entries taken from the front, and the end of those left (positions in the run).
    taken: u32,
    back: u32,
}

impl Iterator for EntriesIter<'_> {
    type Item = u32;
    #[inline]
    fn next(&mut self) -> Option<u32> {
        if self.taken >= self.back {
            return None;
        }
        let at = self.front;
        self.taken += 1;
        if self.taken < self.back {
            self.front = self.entries.tree.after(at);
        }
        Some(at)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = (self.back - self.taken) as usize;
        (left, Some(left))
    }
}

impl DoubleEndedIterator for EntriesIter<'_> {
    fn next_back(&mut self) -> Option<u32> {
        if self.taken >= self.back {
            return None;
        }
        self.back -= 1;
        self.entries.record(self.back)
    }
}

/// The members of an object, in order, duplicates included.
#[derive(Clone, Copy)]
pub struct Members<'t> {
    entries: Entries<'t>,
}

/// The elements of an array, in order.
#[derive(Clone, Copy)]
pub struct Items<'t> {
    entries: Entries<'t>,
}

impl Default for Members<'_> {
    fn default() -> Self {
        Members {
            entries: Entries::empty(),
        }
    }
}

impl Default for Items<'_> {
    fn default() -> Self {
        Items {
            entries: Entries::empty(),
        }
    }
}

impl<'t> Members<'t> {
    /// How many (duplicates included).
    pub fn len(self) -> usize {
        self.entries.count as usize
    }
    /// True when there are none.
    pub fn is_empty(self) -> bool {
        self.entries.count == 0
    }
    /// The member at position `i`.
    pub fn get(self, i: usize) -> Option<Member<'t>> {
        let at = self.entries.record(u32::try_from(i).ok()?)?;
        Some(Member {
            tree: self.entries.tree,
            at,
        })
    }
    /// The first member.
    pub fn first(self) -> Option<Member<'t>> {
        self.get(0)
    }
    /// The last member.
    pub fn last(self) -> Option<Member<'t>> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }
    /// The members in order.
    pub fn iter(self) -> MembersIter<'t> {
        MembersIter {
            records: self.entries.iter(),
        }
    }
    /// The member named `key`; with duplicate keys the LAST one, as the APIs keep it.
    pub fn named(self, key: &str) -> Option<Member<'t>> {
        let mut members = self.iter();
        if self.entries.tree.unique_keys {
            return members.find(|m| m.key_is(key));
        }
        members.fold(None, |last, m| if m.key_is(key) { Some(m) } else { last })
    }
    /// The members at the positions of `range` (clamped to the members there are).
    pub fn range(self, range: std::ops::Range<usize>) -> Members<'t> {
        Members {
            entries: self.entries.range(range),
        }
    }
    /// The members from position `i` on (none when `i` is past the end).
    pub fn iter_from(self, i: usize) -> MembersIter<'t> {
        self.range(i..self.len()).iter()
    }
    /// The members after the one whose [`Member::id`] is `id` (one of these members), in
    /// order: a walk from there, with no table of positions.
    pub(crate) fn iter_after(self, id: usize) -> impl Iterator<Item = Member<'t>> {
        let tree = self.entries.tree;
        let end = tree.after(self.entries.container);
        let mut at = tree.after(id as u32);
        std::iter::from_fn(move || {
            (at < end).then(|| {
                let member = Member { tree, at };
                at = tree.after(at);
                member
            })
        })
    }
    /// The member whose [`Member::id`] is `id`: one of these members, found without a walk.
    pub(crate) fn with_id(self, id: usize) -> Member<'t> {
        Member {
            tree: self.entries.tree,
            at: id as u32,
        }
    }
}

impl<'t> Items<'t> {
    /// How many.
    pub fn len(self) -> usize {
        self.entries.count as usize
    }
    /// True when there are none.
    pub fn is_empty(self) -> bool {
        self.entries.count == 0
    }
    /// The element at position `i`.
    pub fn get(self, i: usize) -> Option<Node<'t>> {
        let at = self.entries.record(u32::try_from(i).ok()?)?;
        Some(Node {
            tree: self.entries.tree,
            at,
        })
    }
    /// The first element.
    pub fn first(self) -> Option<Node<'t>> {
        self.get(0)
    }
    /// The last element.
    pub fn last(self) -> Option<Node<'t>> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }
    /// The elements in order.
    pub fn iter(self) -> ItemsIter<'t> {
        ItemsIter {
            records: self.entries.iter(),
        }
    }
    /// The element whose [`Node::id`] is `id`: one of these elements, found without a walk.
    pub(crate) fn with_id(self, id: usize) -> Node<'t> {
        Node {
            tree: self.entries.tree,
            at: id as u32,
        }
    }
    /// The elements from position `i` on (none when `i` is past the end).
    pub fn iter_from(self, i: usize) -> ItemsIter<'t> {
        ItemsIter {
            records: self.entries.range(i..self.len()).iter(),
        }
    }
}

impl PartialEq for Members<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl PartialEq for Items<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl std::fmt::Debug for Members<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl std::fmt::Debug for Items<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// An iterator over [`Members`].
#[derive(Clone)]
pub struct MembersIter<'t> {
    records: EntriesIter<'t>,
}

impl<'t> Iterator for MembersIter<'t> {
    type Item = Member<'t>;
    fn next(&mut self) -> Option<Member<'t>> {
        let at = self.records.next()?;
        Some(Member {
            tree: self.records.entries.tree,
            at,
        })
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.records.size_hint()
    }
}

impl DoubleEndedIterator for MembersIter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let at = self.records.next_back()?;
        Some(Member {
            tree: self.records.entries.tree,
            at,
        })
    }
}

impl ExactSizeIterator for MembersIter<'_> {}

/// An iterator over [`Items`].
#[derive(Clone)]
pub struct ItemsIter<'t> {
    records: EntriesIter<'t>,
}

impl<'t> Iterator for ItemsIter<'t> {
    type Item = Node<'t>;
    fn next(&mut self) -> Option<Node<'t>> {
        let at = self.records.next()?;
        Some(Node {
            tree: self.records.entries.tree,
            at,
        })
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.records.size_hint()
    }
}

impl DoubleEndedIterator for ItemsIter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let at = self.records.next_back()?;
        Some(Node {
            tree: self.records.entries.tree,
            at,
        })
    }
}

impl ExactSizeIterator for ItemsIter<'_> {}

impl<'t> IntoIterator for Members<'t> {
    type Item = Member<'t>;
    type IntoIter = MembersIter<'t>;
    fn into_iter(self) -> MembersIter<'t> {
        self.iter()
    }
}

impl<'t> IntoIterator for Items<'t> {
    type Item = Node<'t>;
    type IntoIter = ItemsIter<'t>;
    fn into_iter(self) -> ItemsIter<'t> {
        self.iter()
    }
}

/// What a JSON Pointer designates in a tree.
#[derive(Debug, Clone, Copy)]
pub struct Located<'t> {
    /// The span of the key when the last step was an object key.
    pub key_span: Option<Span>,
    /// The designated node.
    pub node: Node<'t>,
}

/// The JSON type of a value, as JSON Schema names it: a number written without fraction or
/// exponent is an `integer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    /// `null`
    Null,
    /// `true` / `false`
    Boolean,
    /// A number without fraction or exponent.
    Integer,
    /// Any other number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl JsonType {
    /// The name JSON Schema gives it (`"integer"`, `"object"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            JsonType::Null => "null",
            JsonType::Boolean => "boolean",
            JsonType::Integer => "integer",
            JsonType::Number => "number",
            JsonType::String => "string",
            JsonType::Array => "array",
            JsonType::Object => "object",
        }
    }
}

impl<'t> Node<'t> {
    /// Bytes of the whole value (for strings, including the quotes).
    #[inline]
    pub fn span(self) -> Span {
        self.tree.span(self.at)
    }
    /// The value.
    #[inline]
    pub fn value(self) -> Value<'t> {
        let tree = self.tree;
        match tree.first_byte(self.at) {
            b'{' => Value::Object(Members {
                entries: tree.entries(self.at),
            }),
            b'[' => Value::Array(Items {
                entries: tree.entries(self.at),
            }),
            b'"' => Value::String(tree.string_at(self.at)),
            b't' => Value::Bool(true),
            b'f' => Value::Bool(false),
            b'n' => Value::Null,
            _ => {
                let span = self.span();
                Value::Number(tree.text.get(span.range()).unwrap_or("0"))
            }
        }
    }
    /// An identity for this node, unique within its tree while the tree lives (for maps
    /// keyed by node).
    pub fn id(self) -> usize {
        self.at as usize
    }
    /// An id past the ids of this node and of everything in it (their ids are below it).
    pub(crate) fn ids_end(self) -> usize {
        self.tree.after(self.at) as usize
    }
    /// The node of this tree whose [`Node::id`] is `id` (an id this tree gave).
    pub(crate) fn with_id(self, id: usize) -> Node<'t> {
        Node {
            tree: self.tree,
            at: id as u32,
        }
    }
    /// The JSON type.
    pub fn json_type(self) -> JsonType {
        match self.value() {
            Value::Null => JsonType::Null,
            Value::Bool(_) => JsonType::Boolean,
            Value::Number(n) if is_integer_literal(n) => JsonType::Integer,
            Value::Number(_) => JsonType::Number,
            Value::String(_) => JsonType::String,
            Value::Array(_) => JsonType::Array,
            Value::Object(_) => JsonType::Object,
        }
    }
    /// The JSON type name, as JSON Schema spells it.
    pub fn type_name(self) -> &'static str {
        self.json_type().as_str()
    }
    /// The members when this is an object.
    #[inline]
    pub fn as_object(self) -> Option<Members<'t>> {
        (self.tree.first_byte(self.at) == b'{').then(|| Members {
            entries: self.tree.entries(self.at),
        })
    }
    /// The elements when this is an array.
    #[inline]
    pub fn as_array(self) -> Option<Items<'t>> {
        (self.tree.first_byte(self.at) == b'[').then(|| Items {
            entries: self.tree.entries(self.at),
        })
    }
    /// The text when this is a string.
    #[inline]
    pub fn as_str(self) -> Option<&'t str> {
        (self.tree.first_byte(self.at) == b'"').then(|| self.tree.string_at(self.at))
    }
    /// The literal, as written, when this is a number.
    pub fn as_number(self) -> Option<&'t str> {
        match self.value() {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }
    /// The boolean when this is one.
    pub fn as_bool(self) -> Option<bool> {
        match self.tree.first_byte(self.at) {
            b't' => Some(true),
            b'f' => Some(false),
            _ => None,
        }
    }
    /// True for `null`.
    pub fn is_null(self) -> bool {
        self.tree.first_byte(self.at) == b'n'
    }
    /// The member for `key`; with duplicate keys the LAST one, as the APIs keep it.
    pub fn member(self, key: &str) -> Option<Member<'t>> {
        self.as_object()?.named(key)
    }
    /// The value for `key` (last duplicate wins).
    pub fn get(self, key: &str) -> Option<Node<'t>> {
        self.member(key).map(Member::value)
    }
    /// Walk a JSON Pointer (RFC 6901). Duplicate keys resolve to the last one.
    pub fn pointer(self, pointer: &str) -> Option<Located<'t>> {
        let mut located = Located {
            key_span: None,
            node: self,
        };
        for segment in pointer_segments(pointer)? {
            match located.node.value() {
                Value::Object(_) => {
                    let m = located.node.member(&segment)?;
                    located = Located {
                        key_span: Some(m.key_span()),
                        node: m.value(),
                    };
                }
                Value::Array(items) => {
                    let i: usize = segment.parse().ok()?;
                    located = Located {
                        key_span: None,
                        node: items.get(i)?,
                    };
                }
                _ => return None,
            }
        }
        Some(located)
    }
    /// Convert to a `serde_json::Value` (last duplicate key wins; out-of-range numbers become `null`).
    pub fn to_value(self) -> serde_json::Value {
        use serde_json::Value as J;
        match self.value() {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(b),
            Value::Number(n) => n
                .parse::<serde_json::Number>()
                .map(J::Number)
                .unwrap_or(J::Null),
            Value::String(s) => J::String(s.to_string()),
            Value::Array(items) => J::Array(items.iter().map(Node::to_value).collect()),
            Value::Object(members) => {
                let mut map = serde_json::Map::new();
                for m in members {
                    map.insert(m.key().to_string(), m.value().to_value());
                }
                J::Object(map)
            }
        }
    }
}

/// True when a number literal has no fraction or exponent.
pub fn is_integer_literal(n: &str) -> bool {
    !n.contains(['.', 'e', 'E'])
}

/// Objects with more members than this get a hash index in a [`MemberIndex`].
const INDEXED_MEMBERS: usize = 16;

/// Looks members up by key in constant time in wide objects: each object of more than
/// 16 members gets a hash index on its first lookup. For passes that look
/// up one member (or one pointer) per finding, which would otherwise scan the whole object
/// every time.
#[derive(Default)]
pub struct MemberIndex<'a> {
    /// Per object (by [`Node::id`]): its keys and their members' ids, the last duplicate
    /// winning.
    objects: HashMap<usize, HashMap<&'a str, u32>>,
}

impl<'a> MemberIndex<'a> {
    /// An empty index.
    pub fn new() -> Self {
        MemberIndex::default()
    }
    /// [`Node::member`], through the index.
    pub fn member(&mut self, node: Node<'a>, key: &str) -> Option<Member<'a>> {
        let members = node.as_object()?;
        if members.len() <= INDEXED_MEMBERS {
            return node.member(key);
        }
        let keys = self.objects.entry(node.id()).or_insert_with(|| {
            let mut keys = HashMap::with_capacity(members.len());
            for m in members.iter() {
                keys.insert(m.key(), m.id() as u32);
            }
            keys
        });
        keys.get(key).map(|&id| members.with_id(id as usize))
    }
}

// A handle is a reference and a record index.
const _: () = assert!(std::mem::size_of::<Node>() == 16);

#[cfg(test)]
mod tests;
