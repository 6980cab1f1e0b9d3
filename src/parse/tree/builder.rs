//! Writing a [`Tree`]'s records: the parsers' side of the layout (see [`super`]).

use super::{
    after, key_span, key_text, wide_containers, Texts, Tree, CONTAINER, ELEMENT, MAPPED, NO_KEY,
    PACKED, SCALAR,
};
use crate::core::source::Span;
use std::sync::Arc;

/// Builds a [`Tree`]'s records in document order (the parsers' side of the layout).
#[derive(Default)]
pub(crate) struct Builder {
    words: Vec<u32>,
    strings: Texts,
    /// The records of the containers open, innermost last.
    open: Vec<u32>,
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
        if key == NO_KEY && self.in_packed_array() {
            self.words.extend_from_slice(&[start, end]);
        } else {
            self.words.extend_from_slice(&[key, start, end]);
        }
    }
    /// Open a container starting at `start` (an array when `array`); its entries follow
    /// until [`Builder::close`]. Returns its record.
    pub(crate) fn open(&mut self, key: u32, start: u32, array: bool) -> u32 {
        if self.in_packed_array() {
            self.unpack();
        }
        let at = self.next_record();
        let packed = if array { PACKED } else { 0 };
        self.words
            .extend_from_slice(&[key, start, start, 0, packed]);
        self.open.push(at);
        at
    }
    /// Close the container of record `at`, ending at `end`, with `count` entries.
    pub(crate) fn close(&mut self, at: u32, end: u32, count: u32) {
        let next = self.next_record();
        if self.open.last() == Some(&at) {
            self.open.pop();
        }
        let at = at as usize;
        self.words[at + 2] = end;
        self.words[at + 3] = next;
        self.words[at + 4] = count | (self.words[at + 4] & PACKED);
    }
    /// True when the innermost container open is an array whose entries so far are scalars.
    fn in_packed_array(&self) -> bool {
        self.open
            .last()
            .is_some_and(|&at| self.words[at as usize + 4] & PACKED != 0)
    }
    /// A container is an entry of the innermost array open: its scalar entries so far get
    /// the key word of a record that is not packed.
    fn unpack(&mut self) {
        let Some(&at) = self.open.last() else { return };
        let first = at as usize + CONTAINER as usize;
        let n = (self.words.len() - first) / ELEMENT as usize;
        self.words.resize(first + n * SCALAR as usize, NO_KEY);
        for i in (0..n).rev() {
            let (from, to) = (first + i * ELEMENT as usize, first + i * SCALAR as usize);
            let (start, end) = (self.words[from], self.words[from + 1]);
            self.words[to..to + 3].copy_from_slice(&[NO_KEY, start, end]);
        }
        self.words[at as usize + 4] &= !PACKED;
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
    /// True when the first record (the root of what was built) is a container.
    pub(crate) fn root_is_container(&self) -> bool {
        self.words.len() > SCALAR as usize
    }
    /// The records and strings built, as a fragment for [`Tree::splice`].
    pub(crate) fn into_parts(self) -> (Vec<u32>, Texts) {
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
