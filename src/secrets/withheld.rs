//! Withholding secret values from messages: the values, as written and unescaped.

use crate::core::source::Span;

/// Up to this many distinct values, [`Withheld::scrub`] looks for them anywhere in a text.
pub const SUBSTRING_LIMIT: usize = 64;

/// `text` with the byte ranges `found` (overlapping or not) replaced by `****`; `None`
/// when there is none.
fn replace_ranges(text: &str, mut found: Vec<(usize, usize)>) -> Option<String> {
    if found.is_empty() {
        return None;
    }
    found.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (s, e) in found {
        if e <= at {
            continue;
        }
        let s = s.max(at);
        out.push_str(&text[at..s]);
        if !out.ends_with("****") {
            out.push_str("****");
        }
        at = e;
    }
    out.push_str(&text[at..]);
    Some(out)
}

/// The secret values of `text` under `spans`, to withhold from messages: the text as
/// written and unescaped, and the 50-character snippet messages cut long values to.
#[derive(Debug, Default)]
pub struct Withheld {
    whole: foldhash::HashSet<String>,
    cut: foldhash::HashSet<String>,
}

impl Withheld {
    /// The values under `spans` (values shorter than 4 characters are too common to withhold).
    pub fn new(text: &str, spans: &[Span]) -> Withheld {
        let mut w = Withheld::default();
        for span in spans {
            let Some(raw) = text.get(span.range()) else {
                continue;
            };
            let unescaped = if raw.contains('\\') {
                serde_json::from_str::<String>(&format!("\"{raw}\"")).ok()
            } else {
                None
            };
            for value in std::iter::once(raw).chain(unescaped.as_deref()) {
                if value.chars().count() < 4 {
                    continue;
                }
                // One line of at most 50 bytes is its own snippet: nothing is cut.
                if value.len() > 50 || value.contains(['\n', '\r']) {
                    let snippet = crate::core::diagnostic::snippet(value);
                    if let Some(cut) = snippet.strip_suffix('…') {
                        w.cut.insert(cut.to_string());
                    }
                }
                w.whole.insert(value.to_string());
            }
        }
        w
    }

    /// True when there is nothing to withhold.
    pub fn is_empty(&self) -> bool {
        self.whole.is_empty()
    }

    /// `text` with every withheld value shown as `****`, when it holds one. With few values
    /// (up to [`SUBSTRING_LIMIT`], the usual case), anywhere in the text, and a prefix of a
    /// value cut short by `…`; with more, a value quoted between backticks or a whole word
    /// (trimmed of quotes and punctuation), so the time stays linear.
    pub fn scrub(&self, text: &str) -> Option<String> {
        if self.whole.len() <= SUBSTRING_LIMIT {
            return self.scrub_substrings(text);
        }
        self.scrub_words(text)
    }

    fn scrub_substrings(&self, text: &str) -> Option<String> {
        let mut found: Vec<(usize, usize)> = Vec::new();
        for value in &self.whole {
            found.extend(
                text.match_indices(value.as_str())
                    .map(|(at, v)| (at, at + v.len())),
            );
            // A value cut by `…` (at least 4 characters of it).
            for (dots, _) in text.match_indices('…') {
                let before = &text[..dots];
                let longest = value
                    .char_indices()
                    .map(|(i, c)| i + c.len_utf8())
                    .filter(|&n| value[..n].chars().count() >= 4 && before.ends_with(&value[..n]))
                    .max();
                if let Some(n) = longest {
                    found.push((dots - n, dots));
                }
            }
        }
        replace_ranges(text, found)
    }

    fn scrub_words(&self, text: &str) -> Option<String> {
        let mut found: Vec<(usize, usize)> = Vec::new();
        let mut check = |start: usize, part: &str| {
            let trimmed = part.trim_matches(|c: char| "\"'()[]{},;.:!?".contains(c));
            if trimmed.is_empty() {
                return;
            }
            let at = start
                + (part.len()
                    - part
                        .trim_start_matches(|c: char| "\"'()[]{},;.:!?".contains(c))
                        .len());
            let hit = self.whole.contains(trimmed)
                || trimmed
                    .strip_suffix('…')
                    .is_some_and(|cut| self.cut.contains(cut));
            if hit {
                found.push((at, at + trimmed.len()));
            }
        };
        // Backtick-quoted parts.
        let mut quoted = text.match_indices('`').map(|(i, _)| i);
        while let (Some(open), Some(close)) = (quoted.next(), quoted.next()) {
            check(open + 1, &text[open + 1..close]);
        }
        // Words.
        let mut start = None;
        for (i, c) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            let boundary = c.is_whitespace() || c == '`';
            match (start, boundary) {
                (None, false) => start = Some(i),
                (Some(s), true) => {
                    check(s, &text[s..i]);
                    start = None;
                }
                _ => {}
            }
        }
        replace_ranges(text, found)
    }

    /// Withhold the values from every text of `diagnostics`: message, label, labels, help,
    /// pointer and fix title.
    pub fn scrub_diagnostics(&self, diagnostics: &mut [crate::Diagnostic]) {
        if self.is_empty() {
            return;
        }
        for d in diagnostics {
            if let Some(t) = self.scrub(&d.message) {
                d.message = t.into();
            }
            if let Some(t) = d.label.as_deref().and_then(|l| self.scrub(l)) {
                d.label = Some(t.into());
            }
            for l in d.labels.as_mut_slice() {
                if let Some(t) = self.scrub(&l.text) {
                    l.text = t.into();
                }
            }
            if let Some(t) = d.help.as_deref().and_then(|h| self.scrub(h)) {
                d.help = Some(t.into());
            }
            if let Some(t) = self.scrub_pointer(&d.pointer) {
                d.pointer = t.into();
            }
            if let Some(fix) = d.fix.as_deref_mut() {
                if let Some(t) = self.scrub(&fix.title) {
                    fix.title = t;
                }
            }
        }
    }

    /// A JSON Pointer with every segment that is a withheld value shown as `****`.
    fn scrub_pointer(&self, pointer: &str) -> Option<String> {
        let mut changed = false;
        let segments: Vec<String> = pointer
            .split('/')
            .map(|seg| {
                let key = crate::core::pointer::unescape_pointer_segment(seg);
                if self.whole.contains(key.as_ref()) || self.scrub(&key).is_some() {
                    changed = true;
                    "****".to_string()
                } else {
                    seg.to_string()
                }
            })
            .collect();
        changed.then(|| segments.join("/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn withheld_values_leave_messages() {
        let text = r#"{"password": "hunter22", "k": "Pw"}"#;
        let spans = [Span::new(14, 22), Span::new(32, 34)];
        let w = Withheld::new(text, &spans);
        assert_eq!(
            w.scrub("`hunter22` is unknown").as_deref(),
            Some("`****` is unknown")
        );
        assert_eq!(w.scrub("xhunter22x").as_deref(), Some("x****x"));
        assert_eq!(w.scrub("cut `hunt…`").as_deref(), Some("cut `****…`"));
        // Values under 4 characters are too common to withhold.
        assert_eq!(w.scrub("Pw and hun…"), None);
        assert_eq!(w.scrub("nothing"), None);
    }

    #[test]
    fn values_are_cut_as_snippets_cut_them() {
        for value in [
            "a".repeat(50),
            "a".repeat(51),
            "é".repeat(26),
            "é".repeat(51),
            "line one\nline two".to_string(),
            "trailing\r".to_string(),
            "two\r\nlines".to_string(),
        ] {
            let text = format!("\"{value}\"");
            let w = Withheld::new(&text, &[Span::new(1, text.len() - 1)]);
            let snippet = crate::core::diagnostic::snippet(&value);
            let want: Vec<&str> = snippet.strip_suffix('…').into_iter().collect();
            let got: Vec<&str> = w.cut.iter().map(String::as_str).collect();
            assert_eq!(got, want, "{value:?}");
        }
    }
}
