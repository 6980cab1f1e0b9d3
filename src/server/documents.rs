//! Open documents: their text, edits in UTF-16 positions, and file URIs.

use lsp_types::{Position, Range, TextDocumentContentChangeEvent, Uri};
use std::path::{Path, PathBuf};

/// Byte offsets ↔ LSP positions (0-based line, UTF-16 code units) for one text.
///
/// Lines end at `\n`, `\r\n` or a lone `\r`, as the protocol says. Columns are counted from a
/// table of the multi-byte characters, so a long line costs a binary search, not a scan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset where each line starts.
    starts: Vec<u32>,
    /// Each multi-byte character: (its byte offset, UTF-8 bytes beyond its UTF-16 units,
    /// summed over it and every multi-byte character before it).
    wide: Vec<(u32, u32)>,
    len: u32,
}

impl LineIndex {
    /// Index `text`.
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0u32];
        let mut wide = Vec::new();
        let mut extra = 0u32;
        let mut i = 0;
        while i < bytes.len() {
            // Eight plain bytes at a time: no line end, nothing beyond ASCII.
            if let Some(word) = bytes.get(i..i + 8) {
                let w = u64::from_le_bytes(word.try_into().expect("eight bytes")); // ok: the slice is 8 bytes long
                if !has_line_end_or_wide(w) {
                    i += 8;
                    continue;
                }
            }
            let b = bytes[i];
            if b < 0x80 {
                if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                    starts.push(i as u32 + 1);
                }
                i += 1;
                continue;
            }
            let (len, units) = match b {
                0xF0.. => (4, 2),
                0xE0.. => (3, 1),
                _ => (2, 1),
            };
            extra += len - units;
            wide.push((i as u32, extra));
            i += len as usize;
        }
        LineIndex {
            starts,
            wide,
            len: bytes.len() as u32,
        }
    }

    /// Update the index after bytes `start..old_end` of the text were replaced by `new_len`
    /// bytes, `text` being the text after the edit (`start` and `old_end` on character
    /// boundaries). Only the edited bytes and the one before them are read again: the
    /// entries after the edit are shifted, so a one-character edit of a 1 MB text does not
    /// scan the megabyte. The result equals `LineIndex::new(text)`.
    pub fn edit(&mut self, text: &str, start: usize, old_end: usize, new_len: usize) {
        let bytes = text.as_bytes();
        let (start, old_end) = (start as u32, old_end as u32);
        let new_end = start + new_len as u32;
        let delta = |x: u32| x + new_end - old_end;
        // Line starts: the one after byte `i` depends on bytes `i` and `i + 1`, so the marks
        // of bytes `start - 1 .. new_end` are read again.
        let from = start.saturating_sub(1);
        let keep = self.starts.partition_point(|&s| s <= from).max(1);
        let tail = self.starts.partition_point(|&s| s <= old_end);
        let mut starts = Vec::with_capacity(self.starts.len() + 1);
        starts.extend_from_slice(&self.starts[..keep]);
        for i in from as usize..new_end as usize {
            let b = bytes[i];
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                starts.push(i as u32 + 1);
            }
        }
        starts.extend(self.starts[tail..].iter().map(|&s| delta(s)));
        // Multi-byte characters: those of the new bytes are read, those after are shifted
        // and their running sums corrected.
        let keep = self.wide.partition_point(|w| w.0 < start);
        let tail = self.wide.partition_point(|w| w.0 < old_end);
        let before = if keep > 0 { self.wide[keep - 1].1 } else { 0 };
        let removed_until = if tail > 0 { self.wide[tail - 1].1 } else { 0 };
        let mut wide = Vec::with_capacity(self.wide.len());
        wide.extend_from_slice(&self.wide[..keep]);
        let mut extra = before;
        for (i, c) in text[start as usize..new_end as usize].char_indices() {
            let (len, units) = (c.len_utf8() as u32, c.len_utf16() as u32);
            if len > 1 {
                extra += len - units;
                wide.push((start + i as u32, extra));
            }
        }
        wide.extend(
            self.wide[tail..]
                .iter()
                .map(|&(at, sum)| (delta(at), sum - removed_until + extra)),
        );
        self.starts = starts;
        self.wide = wide;
        self.len = bytes.len() as u32;
    }

    /// UTF-8 bytes beyond UTF-16 units of the characters before `offset`.
    fn extra_before(&self, offset: u32) -> u32 {
        match self.wide.partition_point(|w| w.0 < offset) {
            0 => 0,
            k => self.wide[k - 1].1,
        }
    }

    /// The position of byte `offset` of `text` (clamped to the text, and back to the start
    /// of a character).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let offset = offset as u32;
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let character = (offset - start) - (self.extra_before(offset) - self.extra_before(start));
        Position::new(line as u32, character)
    }

    /// The range of bytes `start..end` of `text`.
    pub fn range(&self, text: &str, start: usize, end: usize) -> Range {
        Range::new(self.position(text, start), self.position(text, end))
    }

    /// The byte offset of `position` in `text`; a position past the end of its line means
    /// the end of the line, past the last line the end of the text.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.len as usize;
        };
        let start = start as usize;
        let mut end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(text.len(), |&s| s as usize);
        let line = &text.as_bytes()[start..end];
        if line.ends_with(b"\r\n") {
            end -= 2;
        } else if line.ends_with(b"\n") || line.ends_with(b"\r") {
            end -= 1;
        }
        let mut units = 0u32;
        for (i, c) in text[start..end].char_indices() {
            if units >= position.character {
                return start + i;
            }
            units += c.len_utf16() as u32;
        }
        end
    }
}

/// Whether one of the eight bytes of `w` is `\n`, `\r` or not ASCII (the classic "has a zero
/// byte" test on `w ^ byte`).
fn has_line_end_or_wide(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    w & HIGH != 0
        || zero(w ^ (ONES * u64::from(b'\n'))) != 0
        || zero(w ^ (ONES * u64::from(b'\r'))) != 0
}

/// An open document.
#[derive(Debug)]
pub struct Document {
    /// As the client names it.
    pub uri: Uri,
    /// The file, for `file:` URIs.
    pub path: Option<PathBuf>,
    /// The client's language id (`json`, `jsonc`).
    pub language_id: String,
    /// The client's version of the text.
    pub version: i32,
    /// The text as the client has it.
    pub text: String,
    /// Positions of `text`.
    pub index: LineIndex,
}

impl Document {
    /// A document opened with `text`.
    pub fn new(uri: Uri, language_id: String, version: i32, text: String) -> Document {
        let path = uri_to_path(&uri);
        let index = LineIndex::new(&text);
        Document {
            uri,
            path,
            language_id,
            version,
            text,
            index,
        }
    }

    /// Apply the client's changes, in order (ranges in UTF-16 positions of the text as it is
    /// after the changes before them).
    pub fn apply(&mut self, version: i32, changes: Vec<TextDocumentContentChangeEvent>) {
        for change in changes {
            match change.range {
                None => self.text = change.text,
                Some(range) => {
                    let start = self.index.offset(&self.text, range.start);
                    let end = self.index.offset(&self.text, range.end).max(start);
                    self.text.replace_range(start..end, &change.text);
                    self.index.edit(&self.text, start, end, change.text.len());
                    continue;
                }
            }
            self.index = LineIndex::new(&self.text);
        }
        self.version = version;
    }

    /// True for a `.jsonc` document (comments and trailing commas allowed).
    pub fn is_jsonc(&self) -> bool {
        self.language_id == "jsonc" || self.uri.as_str().to_ascii_lowercase().ends_with(".jsonc")
    }
}

/// True when `uri` names a file bodyguard may check (`.json`, `.jsonc`) or whose language
/// is JSON.
pub fn is_json(uri: &Uri, language_id: &str) -> bool {
    let lower = uri.as_str().to_ascii_lowercase();
    lower.ends_with(".json")
        || lower.ends_with(".jsonc")
        || language_id == "json"
        || language_id == "jsonc"
}

/// The file a `file:` URI names.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let slash = rest.find('/')?;
    let (authority, path) = rest.split_at(slash);
    if !(authority.is_empty() || authority.eq_ignore_ascii_case("localhost")) {
        return None;
    }
    let path = path.split(['?', '#']).next()?;
    let bytes = percent_decode(path)?;
    bytes_to_path(bytes)
}

#[cfg(unix)]
fn bytes_to_path(bytes: Vec<u8>) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

#[cfg(not(unix))]
fn bytes_to_path(bytes: Vec<u8>) -> Option<PathBuf> {
    let text = String::from_utf8(bytes).ok()?;
    // `/C:/dir/file` → `C:/dir/file`.
    let text = match text.as_bytes() {
        [b'/', d, b':', ..] if d.is_ascii_alphabetic() => text[1..].to_string(),
        _ => text,
    };
    Some(PathBuf::from(text))
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            // Two hex digits (`from_str_radix` alone would take a sign: `%+1`).
            let hex = bytes.get(i + 1..i + 3)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The `file:` URI of an absolute path (bytes other than letters, digits, `-._~/` are
/// percent-encoded).
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = {
        let text = path.to_str()?.replace('\\', "/");
        if text.starts_with('/') {
            text.into_bytes()
        } else {
            format!("/{text}").into_bytes()
        }
    };
    let mut uri = String::from("file://");
    for b in bytes {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every edit of many (a small pseudo-random generator: the same edits on every run),
    /// over texts mixing `\n`, `\r\n`, lone `\r` and characters of 2, 3 and 4 bytes,
    /// leaves the index equal to one built afresh from the edited text.
    #[test]
    fn an_edited_index_equals_a_fresh_one() {
        let pieces = [
            "a",
            "bc",
            "\n",
            "\r",
            "\r\n",
            "é",
            "✓",
            "🔑",
            "{\"k\": 1}",
            "\n\n",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut text = String::from("{\r\n  \"é\": \"✓\"\r}\n🔑\rx");
        let mut index = LineIndex::new(&text);
        for _ in 0..3000 {
            let boundaries: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            let a = boundaries[next(boundaries.len())];
            let b = boundaries[next(boundaries.len())];
            let (start, end) = (a.min(b), a.max(b).min(a.min(b) + 8));
            let end = (end..=text.len())
                .find(|&e| text.is_char_boundary(e))
                .unwrap_or(text.len());
            let mut insert = String::new();
            for _ in 0..next(3) {
                insert.push_str(pieces[next(pieces.len())]);
            }
            if text.len() > 200 {
                insert.clear();
            }
            text.replace_range(start..end, &insert);
            index.edit(&text, start, end, insert.len());
            assert_eq!(
                index,
                LineIndex::new(&text),
                "after an edit at {start}..{end} of {text:?}"
            );
        }
    }

    #[test]
    fn positions_count_utf16_units() {
        // é: 2 bytes, 1 unit; ✓: 3 bytes, 1 unit; 🔑: 4 bytes, 2 units.
        let text = "{\"é\": \"✓🔑\", \"k\": 1}\r\nx\ry";
        let index = LineIndex::new(text);
        let k = text.find("\"k\"").unwrap();
        assert_eq!(index.position(text, k), Position::new(0, 13));
        assert_eq!(index.offset(text, Position::new(0, 13)), k);
        let x = text.find('x').unwrap();
        assert_eq!(index.position(text, x), Position::new(1, 0));
        let y = text.find('y').unwrap();
        assert_eq!(index.position(text, y), Position::new(2, 0));
        // Past the end of a line: the end of the line, before its terminator.
        assert_eq!(
            index.offset(text, Position::new(0, 99)),
            text.find('\r').unwrap()
        );
        assert_eq!(index.offset(text, Position::new(9, 0)), text.len());
        // Inside a character: back to its start.
        let key = text.find('🔑').unwrap();
        assert_eq!(index.position(text, key + 2), index.position(text, key));
    }

    /// The index a byte at a time, as a reference for the word-at-a-time scan.
    fn naive(text: &str) -> (Vec<u32>, Vec<(u32, u32)>) {
        let mut starts = vec![0];
        let mut wide = Vec::new();
        let mut extra = 0;
        for (i, c) in text.char_indices() {
            let next = text.as_bytes().get(i + 1);
            if c == '\n' || (c == '\r' && next != Some(&b'\n')) {
                starts.push(i as u32 + 1);
            }
            if c.len_utf8() > 1 {
                extra += (c.len_utf8() - c.len_utf16()) as u32;
                wide.push((i as u32, extra));
            }
        }
        (starts, wide)
    }

    #[test]
    fn line_ends_and_wide_characters_at_every_alignment() {
        for piece in ["\n", "\r\n", "\r", "é", "✓", "🔑", "\r🔑\n"] {
            for before in 0..20 {
                for after in 0..10 {
                    let text = format!("{}{piece}{}{piece}", "a".repeat(before), "b".repeat(after));
                    let index = LineIndex::new(&text);
                    assert_eq!((index.starts, index.wide), naive(&text), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn incremental_changes() {
        let uri: Uri = "file:///w/a.json".parse().unwrap();
        let mut doc = Document::new(uri, "json".into(), 1, "{\"🔑\": 1,\n \"b\": 2}".into());
        doc.apply(
            2,
            vec![TextDocumentContentChangeEvent {
                range: Some(Range::new(Position::new(0, 7), Position::new(0, 8))),
                range_length: None,
                text: "42".into(),
            }],
        );
        assert_eq!(doc.text, "{\"🔑\": 42,\n \"b\": 2}");
        assert_eq!(doc.version, 2);
    }

    #[test]
    fn file_uris() {
        let uri: Uri = "file:///tmp/a%20b/%C3%A9.json".parse().unwrap();
        let path = uri_to_path(&uri).unwrap();
        assert_eq!(path, PathBuf::from("/tmp/a b/é.json"));
        assert_eq!(path_to_uri(&path).unwrap(), uri);
        let untitled: Uri = "untitled:Untitled-1".parse().unwrap();
        assert_eq!(uri_to_path(&untitled), None);
        // Not two hex digits: not a path.
        assert_eq!(percent_decode("a%+1"), None);
        assert_eq!(percent_decode("a%4"), None);
        assert_eq!(percent_decode("a%4a"), Some(b"aJ".to_vec()));
    }
}
