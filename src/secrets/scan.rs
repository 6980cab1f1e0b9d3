//! Masking a text that does not parse, token by token.

use super::credential::{is_secret_like_key, secret_shaped};
use super::mask::{comment_secret, is_plain_key};
use crate::core::source::Span;

/// Mask from the text alone, for a text that does not parse. Tokens are read as a JSON
/// lexer reads them (strings with their escapes, running to the closing quote or the end of
/// the text; comments; punctuation; any other run of characters as a bare word), so the
/// scan agrees with the parser up to the error and never resynchronises on a guess.
///
/// Masked: every string and bare word that is [`secret_shaped`]; after a string or word
/// that [`is_secret_like_key`], every string and bare word up to the next `,`, `{` or `}`
/// (its value, quoted or bare, with or without the `:`, and whatever a missing comma or
/// quote glued to it: when unsure, mask), a bare value running to the end of its line;
/// everything inside an array that follows such a key; comments that carry a credential.
/// An unterminated string is masked to the end of the text.
pub fn scan(text: &str, out: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    // Since a credential's key, with no `,`, `{` or `}` since.
    let mut after_key = false;
    // Array depth, and the depth at which a credential's array opened.
    let mut depth = 0usize;
    let mut secret_array: Option<usize> = None;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'/' if matches!(bytes.get(i + 1), Some(b'/') | Some(b'*')) => {
                let end = if bytes[i + 1] == b'/' {
                    text[i..].find('\n').map_or(bytes.len(), |n| i + n)
                } else {
                    text[i + 2..]
                        .find("*/")
                        .map_or(bytes.len(), |n| i + 2 + n + 2)
                };
                if let Some(span) = comment_secret(text, Span::new(i, end)) {
                    out.push(span);
                }
                i = end;
            }
            b'"' => {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                let end = j.min(bytes.len());
                let raw = &text[i + 1..end];
                let secret = after_key || secret_array.is_some();
                // The body's own field names are answered without normalising them.
                let plain = is_plain_key(raw);
                if !raw.is_empty() && (secret || (!plain && secret_shaped(raw))) {
                    out.push(Span::new(i + 1, end));
                }
                after_key = after_key || (!plain && is_secret_like_key(raw));
                i = (end + 1).min(bytes.len());
            }
            b':' => i += 1,
            b'[' => {
                if after_key && secret_array.is_none() {
                    secret_array = Some(depth);
                }
                depth += 1;
                after_key = false;
                i += 1;
            }
            b']' => {
                depth = depth.saturating_sub(1);
                if secret_array == Some(depth) {
                    secret_array = None;
                }
                after_key = false;
                i += 1;
            }
            b'{' | b'}' | b',' => {
                after_key = false;
                i += 1;
            }
            _ => {
                // A bare word: to the next space, punctuation or quote (all ASCII, so `j`
                // stays on a character boundary).
                let mut j = i;
                while j < bytes.len()
                    && !matches!(
                        bytes[j],
                        b' ' | b'\t'
                            | b'\n'
                            | b'\r'
                            | b'"'
                            | b'{'
                            | b'}'
                            | b'['
                            | b']'
                            | b':'
                            | b','
                    )
                {
                    j += 1;
                }
                if after_key || secret_array.is_some() {
                    // Unquoted, the value may hold spaces: run to the end of the line or the
                    // next separator.
                    let mut end = j;
                    while end < bytes.len()
                        && !matches!(bytes[end], b'\n' | b'\r' | b',' | b'}' | b']' | b'"')
                    {
                        end += 1;
                    }
                    let value = text[i..end].trim_end();
                    out.push(Span::new(i, i + value.len()));
                    i = end;
                    continue;
                }
                let word = &text[i..j];
                if secret_shaped(word) {
                    out.push(Span::new(i, j));
                }
                after_key = is_secret_like_key(word);
                i = j;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::mask;

    fn scanned(text: &str) -> String {
        let mut spans = Vec::new();
        scan(text, &mut spans);
        mask(text, &spans)
    }

    #[test]
    fn the_scan_masks_what_follows_a_credential_key() {
        let cases = [
            // A missing comma: what follows is masked up to the next `,`, `{` or `}`.
            (
                r#"{"password":"Pw123" "x":1}"#,
                r#"{"password":"*****" "*":*}"#,
            ),
            // A quote missing before the key: what follows it is masked all the same.
            (r#"{password": "Pw123"}"#, r#"{password"**"*****"*"#),
            (r#"{"password": Pw123}"#, r#"{"password": *****}"#),
            (
                "{\"password\": Pw 1 2,\n\"a\": 1",
                "{\"password\": ******,\n\"a\": 1",
            ),
            (r#"{"password": "Pw123"#, r#"{"password": "*****"#),
            (
                "{\"password\": \"Pw\n123\", \"a\"",
                "{\"password\": \"**\n***\", \"a\"",
            ),
            (r#"{"a": "AccountKey=X\q"}"#, r#"{"a": "**************"}"#),
            (r#"{"password" "NoColon"}"#, r#"{"password" "*******"}"#),
            (
                r#"{"tokens": ["a1", ["b2"], "c3"], "d": "e"}"#,
                r#"{"tokens": ["**", ["**"], "**"], "d": "e"}"#,
            ),
            (
                r#"{"pwd": 12345, "n": 12345"#,
                r#"{"pwd": *****, "n": 12345"#,
            ),
            (r#"{password: abc}"#, r#"{password: ***}"#),
            (
                "{\n// token: abc\n\"a\": 1,,}",
                "{\n//***********\n\"a\": 1,,}",
            ),
            ("{/* sig=abc */ \"a\": 1,,}", "{/***********/ \"a\": 1,,}"),
            (
                r#"{"a": "é\é", "password": "é"}"#,
                r#"{"a": "é\é", "password": "**"}"#,
            ),
            (
                r#"{"user": "bob", "a": 1,,}"#,
                r#"{"user": "bob", "a": 1,,}"#,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(scanned(text), want, "{text}");
        }
        // Every prefix of a text scans without a panic.
        let text = r#"{"password": "é\"x", pwd: [1, "é"], /* c */ "k": Bearer abcdefghij}"#;
        for end in (0..=text.len()).filter(|&e| text.is_char_boundary(e)) {
            let _ = scanned(&text[..end]);
        }
    }
}
