//! A JSON writer for the findings of the `json`, `json-lines` and `sarif` formats: the
//! bytes serde_json writes (compact, or pretty at a given depth) with the escaping of
//! [`super::write_json`], without serde's per-field calls. A run with ten thousand findings
//! spends most of its output time here.

/// A line break and the indentation of up to 16 levels.
const BREAK: [u8; 33] = {
    let mut bytes = [b' '; 33];
    bytes[0] = b'\n';
    bytes
};

/// Appends JSON to a buffer, one token at a time, keeping track of the layout.
pub(crate) struct JsonText<'a> {
    out: &'a mut Vec<u8>,
    /// The depth for the pretty layout; `None` for the compact one.
    depth: Option<usize>,
    /// True right after an opening bracket: the next item takes no comma.
    first: bool,
}

impl<'a> JsonText<'a> {
    /// A writer appending to `out`: pretty as if nested `depth` levels deep (its first line
    /// is the caller's), or compact.
    pub fn new(out: &'a mut Vec<u8>, depth: Option<usize>) -> Self {
        JsonText {
            out,
            depth,
            first: true,
        }
    }

    #[inline(always)]
    fn line_break(&mut self) {
        if let Some(depth) = self.depth {
            let len = self.out.len() + 1 + depth * 2;
            if len - self.out.len() <= BREAK.len() {
                // One copy of known length, then cut: no call per line.
                self.out.extend_from_slice(&BREAK);
                self.out.truncate(len);
            } else {
                self.out.push(b'\n');
                self.out.resize(len, b' ');
            }
        }
    }

    /// `{` or `[`.
    pub fn open(&mut self, bracket: u8) {
        self.out.push(bracket);
        if let Some(depth) = &mut self.depth {
            *depth += 1;
        }
        self.first = true;
    }

    /// `}` or `]`, on its own line when the container has items.
    pub fn close(&mut self, bracket: u8) {
        if let Some(depth) = &mut self.depth {
            *depth -= 1;
        }
        if !self.first {
            self.line_break();
        }
        self.out.push(bracket);
        self.first = false;
    }

    /// The start of the next item of an array.
    #[inline(always)]
    pub fn item(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.line_break();
        self.first = false;
    }

    /// The next key of an object (a plain ASCII name), with its colon. Inlined, so that a
    /// literal key is copied as a constant of known length.
    #[inline(always)]
    pub fn key(&mut self, key: &str) {
        self.item();
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(if self.depth.is_some() {
            b"\": "
        } else {
            b"\":"
        });
    }

    /// A string value.
    pub fn string(&mut self, text: &str) {
        self.string_of(&[text]);
    }

    /// A string value made of `parts` joined.
    pub fn string_of(&mut self, parts: &[&str]) {
        self.out.push(b'"');
        for part in parts {
            push_escaped(part, self.out);
        }
        self.out.push(b'"');
    }

    /// A string value already escaped by [`push_escaped`].
    pub fn escaped_string(&mut self, escaped: &[u8]) {
        self.out.push(b'"');
        self.out.extend_from_slice(escaped);
        self.out.push(b'"');
    }

    /// An optional string value (`null` when absent).
    pub fn opt_string(&mut self, text: Option<&str>) {
        match text {
            Some(text) => self.string(text),
            None => self.null(),
        }
    }

    /// A number.
    pub fn number(&mut self, n: u64) {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    }

    /// `null`.
    pub fn null(&mut self) {
        self.out.extend_from_slice(b"null");
    }
}

/// The bytes that may start something to escape: `"`, `\\` and the first byte of every
/// [`super::is_hostile`] character (C0 controls included).
const SPECIAL: [bool; 256] = super::special_bytes(b"\"\\");

/// Append `text` escaped as the contents of a JSON string, as serde_json escapes it, and
/// every [`super::is_hostile`] character it leaves as `\uXXXX`.
pub(crate) fn push_escaped(text: &str, out: &mut Vec<u8>) {
    let bytes = text.as_bytes();
    let mut from = 0;
    let mut at = 0;
    while let Some(i) = super::next_special(bytes, at, &SPECIAL) {
        // The character starting at `i` (a special byte is never a continuation byte).
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            at = i + 1;
            continue;
        };
        at = i + c.len_utf8();
        let short: &[u8] = match c {
            '"' => b"\\\"",
            '\\' => b"\\\\",
            '\n' => b"\\n",
            '\r' => b"\\r",
            '\t' => b"\\t",
            '\u{8}' => b"\\b",
            '\u{c}' => b"\\f",
            c if c < ' ' || super::is_hostile(c) => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[from..i]);
        if short.is_empty() {
            out.extend_from_slice(format!("\\u{:04x}", c as u32).as_bytes());
        } else {
            out.extend_from_slice(short);
        }
        from = at;
    }
    out.extend_from_slice(&bytes[from..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{write_json, Layout};

    /// Strings come out byte for byte as serde_json (with the hostile-character escaping)
    /// writes them.
    #[test]
    fn strings_as_serde_json_writes_them() {
        let texts = [
            "",
            "plain text, long enough to fill a block or two of sixteen bytes",
            "quote \" and backslash \\ and slash /",
            "controls \u{0}\u{1}\u{8}\u{c}\n\r\t\u{1b}[31m\u{7f}\u{85}\u{9b}",
            "bidi \u{202e}abc\u{2066} é ünïcödé 😀 \u{fffe}",
            "exactly sixteen!",
            "sixteen + quote\"",
        ];
        for text in texts {
            let mut ours = Vec::new();
            JsonText::new(&mut ours, None).string(text);
            let mut theirs = Vec::new();
            write_json(&mut theirs, &text, Layout::Compact).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(theirs).unwrap()
            );
        }
    }

    /// Containers, keys and numbers in both layouts, as serde_json writes them.
    #[test]
    fn layouts_as_serde_json_writes_them() {
        let value = serde_json::json!({"a": 1, "b": {"c": [], "d": [{"e": null}, "f"]}});
        for (depth, layout) in [(None, Layout::Compact), (Some(2), Layout::Pretty(2))] {
            let mut ours = Vec::new();
            let mut w = JsonText::new(&mut ours, depth);
            w.open(b'{');
            w.key("a");
            w.number(1);
            w.key("b");
            w.open(b'{');
            w.key("c");
            w.open(b'[');
            w.close(b']');
            w.key("d");
            w.open(b'[');
            w.item();
            w.open(b'{');
            w.key("e");
            w.null();
            w.close(b'}');
            w.item();
            w.string("f");
            w.close(b']');
            w.close(b'}');
            w.close(b'}');
            let mut theirs = Vec::new();
            write_json(&mut theirs, &value, layout).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(theirs).unwrap()
            );
        }
    }
}
