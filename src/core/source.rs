//! Source text with a line index: byte spans to 1-based line and character columns.

use std::sync::Arc;
/// A half-open byte range `[start, end)` into a source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets.
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start: start as u32,
            end: end.max(start) as u32,
        }
    }
    /// Length in bytes.
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }
    /// True when the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    /// The byte range.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A 1-based line and column (columns count Unicode scalar values, as editors do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct LineCol {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// Texts from this length on are kept compressed in their report once checked
/// ([`SourceFile::park`]): 8 MiB, where the text of a file starts to weigh more than the time
/// (about 2 ms a megabyte) spent packing and unpacking.
pub const PARK_MIN_LEN: usize = 8 << 20;

/// A text, plain or compressed (parked).
#[derive(Debug)]
enum Text {
    /// Shared with the tree parsed from it (see [`SourceFile::shared_text`]).
    Plain(Arc<String>),
    Parked(Parked),
}

/// A compressed text: LZ4 blocks of [`PARK_CHUNK`] bytes each, so that packing needs no
/// buffer the size of the text.
#[derive(Debug)]
struct Parked {
    blocks: Vec<Box<[u8]>>,
    len: usize,
    /// Spans masked since it was parked ([`SourceFile::mask`]), applied when it is unpacked.
    masks: Vec<Span>,
    /// The text, decompressed again when something asks for it while parked.
    unpacked: std::sync::OnceLock<String>,
}

const PARK_CHUNK: usize = 1 << 20;

impl Parked {
    fn pack(bytes: &[u8]) -> Parked {
        let mut buffer = vec![0; lz4_flex::block::get_maximum_output_size(PARK_CHUNK)];
        let blocks = bytes
            .chunks(PARK_CHUNK)
            .map(|chunk| {
                let n = lz4_flex::block::compress_into(chunk, &mut buffer)
                    .expect("the buffer holds the largest compressed block"); // ok: sized by get_maximum_output_size
                Box::from(&buffer[..n])
            })
            .collect();
        Parked {
            blocks,
            len: bytes.len(),
            masks: Vec::new(),
            unpacked: std::sync::OnceLock::new(),
        }
    }
    fn unpack(&self) -> String {
        let mut text = self.unpack_unmasked();
        mask_in_place(&mut text, &self.masks);
        text
    }
    /// The text as packed, without the spans masked since.
    fn unpack_unmasked(&self) -> String {
        let mut bytes = vec![0; self.len];
        for (block, out) in self.blocks.iter().zip(bytes.chunks_mut(PARK_CHUNK)) {
            let n = lz4_flex::block::decompress_into(block, out)
                .expect("a block packed here unpacks to its chunk"); // ok: our own block, our own chunk size
            debug_assert_eq!(n, out.len());
        }
        String::from_utf8(bytes).expect("a parked text was UTF-8 when packed") // ok: packed from a str
    }
}

/// A named source text and its line-start table.
#[derive(Debug)]
pub struct SourceFile {
    name: String,
    text: Text,
    /// Built on first use: a file without findings never needs it. Offsets fit in `u32`,
    /// like every [`Span`].
    line_starts: std::sync::OnceLock<Vec<u32>>,
    /// Characters before every [`COLUMN_BLOCK`]-th byte, built when a column is asked on a
    /// long line: a column then costs at most one block, not the whole line before it.
    char_marks: std::sync::OnceLock<Vec<u32>>,
    /// What [`SourceFile::mask`] replaced in the plain text, in order: (offset, the bytes
    /// as they were). Only [`SourceFile::unmasked_text`] reads it (to apply fixes).
    hidden: Vec<(u32, Box<[u8]>)>,
}

/// The offset of every line's first byte. Lines of JSON are short (a few dozen bytes), so
/// the bytes are read eight at a time as one word whose line breaks are found all at once
/// (the zero-byte test of "Bit Twiddling Hacks", exact: no false match), and read off its
/// set bits: a search call per line break would cost more than the scan.
fn line_starts_of(bytes: &[u8]) -> Vec<u32> {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const BREAKS: u64 = 0x0a0a_0a0a_0a0a_0a0a;
    let mut starts = Vec::with_capacity(bytes.len() / 16 + 1);
    starts.push(0);
    let mut words = bytes.chunks_exact(8);
    let mut base = 0u32;
    for word in &mut words {
        let word: [u8; 8] = word.try_into().unwrap_or([0; 8]); // ok: chunks of 8
        let x = u64::from_le_bytes(word) ^ BREAKS;
        // The high bit of each byte that was a line break.
        let mut found = !(((x & LOW7) + LOW7) | x | LOW7);
        while found != 0 {
            starts.push(base + found.trailing_zeros() / 8 + 1);
            found &= found - 1;
        }
        base += 8;
    }
    for (i, &b) in words.remainder().iter().enumerate() {
        if b == b'\n' {
            starts.push(base + i as u32 + 1);
        }
    }
    starts
}

/// Bytes between two entries of the character index of long lines.
const COLUMN_BLOCK: usize = 1024;

impl SourceFile {
    /// Index `text` under the display name `name`.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile {
            name: name.into(),
            text: Text::Plain(Arc::new(text.into())),
            line_starts: std::sync::OnceLock::new(),
            char_marks: std::sync::OnceLock::new(),
            hidden: Vec::new(),
        }
    }

    /// [`SourceFile::new`] over a text the caller keeps too (not copied).
    pub fn shared(name: impl Into<String>, text: Arc<String>) -> Self {
        SourceFile {
            name: name.into(),
            text: Text::Plain(text),
            line_starts: std::sync::OnceLock::new(),
            char_marks: std::sync::OnceLock::new(),
            hidden: Vec::new(),
        }
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts
            .get_or_init(|| line_starts_of(self.text().as_bytes()))
    }

    /// Replace every byte under `spans` with `*`, in place. The length, the spans and the
    /// lines stay as they were (spans cover whole characters, so the text stays UTF-8).
    /// A parked text stays parked: it is masked when unpacked.
    pub fn mask(&mut self, spans: &[Span]) {
        // Masking may turn a multi-byte character into several `*`.
        self.char_marks = std::sync::OnceLock::new();
        match &mut self.text {
            Text::Plain(text) => {
                // A text a tree still reads is copied first: the tree keeps the text as written.
                let text = Arc::make_mut(text);
                self.hidden.extend(spans.iter().filter_map(|s| {
                    let end = (s.end as usize).min(text.len());
                    let start = (s.start as usize).min(end);
                    (start < end).then(|| (start as u32, Box::from(&text.as_bytes()[start..end])))
                }));
                mask_in_place(text, spans)
            }
            Text::Parked(parked) => {
                if let Some(text) = parked.unpacked.get_mut() {
                    mask_in_place(text, spans);
                }
                parked.masks.extend_from_slice(spans);
            }
        }
    }
    /// The text as it was before [`SourceFile::mask`], secret values included. It is what
    /// fixes apply to ([`crate::core::Report::fixed_text`]); no output may show it.
    pub(crate) fn unmasked_text(&self) -> std::borrow::Cow<'_, str> {
        let raw = match &self.text {
            Text::Plain(text) if self.hidden.is_empty() => return std::borrow::Cow::Borrowed(text),
            Text::Plain(text) => String::clone(text),
            Text::Parked(parked) => parked.unpack_unmasked(),
        };
        let mut bytes = raw.into_bytes();
        // Last masked first: a span masked twice gets its oldest bytes back.
        for (at, was) in self.hidden.iter().rev() {
            let at = *at as usize;
            if let Some(place) = bytes.get_mut(at..at + was.len()) {
                place.copy_from_slice(was);
            }
        }
        std::borrow::Cow::Owned(
            String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        )
    }
    /// The display name (usually the path).
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The whole text.
    pub fn text(&self) -> &str {
        match &self.text {
            Text::Plain(text) => text,
            Text::Parked(parked) => parked.unpacked.get_or_init(|| parked.unpack()),
        }
    }
    /// [`SourceFile::text`], without keeping what it unpacks: a parked text is unpacked for
    /// this borrow only. For a pass that reads a big text once and then holds more than the
    /// text (the cross-file pass parses it again and reads the tree into the access model).
    pub fn text_once(&self) -> std::borrow::Cow<'_, str> {
        match &self.text {
            Text::Plain(text) => std::borrow::Cow::Borrowed(text),
            Text::Parked(parked) => match parked.unpacked.get() {
                Some(text) => std::borrow::Cow::Borrowed(text),
                None => std::borrow::Cow::Owned(parked.unpack()),
            },
        }
    }
    /// The whole text, shared: a tree parsed from it keeps it instead of a copy. A parked
    /// text is unpacked into a new one, not kept.
    pub fn shared_text(&self) -> Arc<String> {
        match &self.text {
            Text::Plain(text) => Arc::clone(text),
            Text::Parked(parked) => match parked.unpacked.get() {
                Some(text) => Arc::new(text.clone()),
                None => Arc::new(parked.unpack()),
            },
        }
    }
    /// The whole text when it is at hand without unpacking (not parked, or already
    /// unpacked); `None` while a big text is parked.
    pub fn plain_text(&self) -> Option<&str> {
        match &self.text {
            Text::Plain(text) => Some(text),
            Text::Parked(parked) => parked.unpacked.get().map(String::as_str),
        }
    }
    /// Keep a big text (at least [`PARK_MIN_LEN`] bytes) compressed until [`SourceFile::unpark`]:
    /// once a file is checked, its report needs the text only to show code frames. A tree
    /// parsed from the text keeps reading it (the tree shares it, see
    /// [`SourceFile::shared_text`]). A [`SourceFile::text`] call in between decompresses it
    /// again.
    pub fn park(&mut self) {
        self.park_from(PARK_MIN_LEN);
    }
    fn park_from(&mut self, min_len: usize) {
        if let Text::Plain(text) = &self.text {
            if text.len() >= min_len {
                self.text = Text::Parked(Parked::pack(text.as_bytes()));
            }
        }
    }
    /// True while the text is parked.
    pub fn is_parked(&self) -> bool {
        matches!(self.text, Text::Parked(_))
    }
    /// Make a parked text plain again (nothing to do for a plain one).
    pub fn unpark(&mut self) {
        if let Text::Parked(parked) = &mut self.text {
            if !parked.masks.is_empty() {
                // The packed blocks are all that still holds the masked bytes.
                let raw = parked.unpack_unmasked();
                self.hidden.extend(parked.masks.iter().filter_map(|s| {
                    let end = (s.end as usize).min(raw.len());
                    let start = (s.start as usize).min(end);
                    (start < end).then(|| (start as u32, Box::from(&raw.as_bytes()[start..end])))
                }));
            }
            let text = parked.unpacked.take().unwrap_or_else(|| parked.unpack());
            self.text = Text::Plain(Arc::new(text));
        }
    }
    /// 0-based line containing byte `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        self.line_starts()
            .partition_point(|&s| s as usize <= offset)
            - 1
    }
    /// Byte offset where 0-based line `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts()
            .get(line)
            .map_or(self.text().len(), |&s| s as usize)
    }
    /// Number of lines.
    pub fn line_count(&self) -> usize {
        self.line_starts().len()
    }
    /// 1-based line and character column of byte `offset`.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text().len());
        let line = self.line_index(offset);
        let start = self.line_starts()[line] as usize;
        let mut end = offset;
        while end > start && !self.text().is_char_boundary(end) {
            end -= 1;
        }
        let column = if end - start <= 2 * COLUMN_BLOCK {
            count_chars(&self.text().as_bytes()[start..end])
        } else {
            self.chars_before(end) - self.chars_before(start)
        };
        LineCol {
            line: line + 1,
            column: column + 1,
        }
    }
    /// Characters in the text before byte `offset`, through the block index.
    fn chars_before(&self, offset: usize) -> usize {
        let bytes = self.text().as_bytes();
        let marks = self.char_marks.get_or_init(|| {
            let mut marks = Vec::with_capacity(bytes.len() / COLUMN_BLOCK + 1);
            let mut total = 0u32;
            for block in bytes.chunks(COLUMN_BLOCK) {
                marks.push(total);
                total += count_chars(block) as u32;
            }
            marks
        });
        let block = offset / COLUMN_BLOCK;
        let from = block * COLUMN_BLOCK;
        marks.get(block).map_or(0, |&m| m as usize) + count_chars(&bytes[from..offset])
    }
    /// The text under `span`, or "" when it is out of bounds.
    pub fn slice(&self, span: Span) -> &str {
        self.text().get(span.range()).unwrap_or("")
    }
}

/// The characters of UTF-8 `bytes`: the bytes that are not continuation bytes.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl miette::SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let (start, len) = (span.offset(), span.len());
        if start + len > self.text().len() {
            return Err(miette::MietteError::OutOfBounds);
        }
        let line_starts = self.line_starts();
        let first = self.line_index(start);
        let last = self.line_index((start + len).saturating_sub(1).max(start));
        let from_line = first.saturating_sub(before);
        let to_line = (last + after).min(line_starts.len() - 1);
        let from = if before == 0 {
            start
        } else {
            line_starts[from_line] as usize
        };
        let to = line_starts
            .get(to_line + 1)
            .map_or(self.text().len(), |&s| s as usize);
        let column = if before == 0 {
            start - line_starts[first] as usize
        } else {
            0
        };
        let line_count = self.line_index(to.saturating_sub(1))
            + usize::from(self.text().as_bytes().get(to.wrapping_sub(1)) == Some(&b'\n'));
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            &self.text().as_bytes()[from..to],
            (from, to - from).into(),
            from_line,
            column,
            line_count,
        )))
    }
}

/// Replace the bytes of every span with `*`, in place (same byte length, so spans still hold).
pub fn mask_in_place(text: &mut String, spans: &[Span]) {
    let mut bytes = std::mem::take(text).into_bytes();
    for s in spans {
        let end = (s.end as usize).min(bytes.len());
        let start = (s.start as usize).min(end);
        // Line breaks stay, so lines and columns are those of the file.
        for b in &mut bytes[start..end] {
            if !matches!(*b, b'\n' | b'\r') {
                *b = b'*';
            }
        }
    }
    // Replacing whole UTF-8 sequences byte by byte with ASCII keeps the text valid UTF-8.
    *text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
}

#[cfg(test)]
mod tests;
