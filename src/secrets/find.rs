//! The secret values `ci/secret` reports: key names and markers of secret material.

use crate::core::source::Span;
use crate::parse::{Node, Value};

/// Key names (compared case-insensitively, without `_`/`-`) whose string values are secrets.
const SECRET_KEYS: &[&str] = &[
    "password",
    "accountkey",
    "accesstoken",
    "connectionstring",
    "secret",
    "clientsecret",
    "sastoken",
    "outputblobsasuri",
    "token",
    "apikey",
    "privatekey",
];

/// Markers inside a string value that reveal secret material.
const SECRET_MARKERS: &[&str] = &[
    "accountkey=",
    "password=",
    "pwd=",
    "sharedaccesssignature",
    "sig=",
    "sharedaccesskey=",
];

/// Why a value is considered secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretReason {
    /// The key name says so (`password`, `accessToken`, ...).
    KeyName,
    /// The value carries a credential marker (`AccountKey=`, `Password=`, a SAS `sig=`).
    ValueMarker(&'static str),
}

/// A secret string value found in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secret {
    /// Bytes of the string's content (inside the quotes).
    pub span: Span,
    /// JSON Pointer of the value.
    pub pointer: String,
    /// Why it is secret.
    pub reason: SecretReason,
}

fn normalized(key: &str) -> String {
    key.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The marker of secret material in `value`, if any.
pub fn marker_in(value: &str) -> Option<&'static str> {
    // Same answer as lower-casing `value` and searching it, without the copy: the markers are
    // ASCII, and ASCII case folding leaves every other byte as it is.
    let bytes = value.as_bytes();
    // Every marker but one holds a `=`; the other is 21 bytes long.
    if bytes.len() < 21 && !bytes.contains(&b'=') {
        return None;
    }
    SECRET_MARKERS
        .iter()
        .copied()
        .find(|m| contains_ignore_ascii_case(bytes, m.as_bytes()))
}

pub(super) fn contains_ignore_ascii_case(haystack: &[u8], needle: &[u8]) -> bool {
    let Some((&first, _)) = needle.split_first() else {
        return true;
    };
    if haystack.len() < needle.len() {
        return false;
    }
    (0..=haystack.len() - needle.len()).any(|i| {
        haystack[i].to_ascii_lowercase() == first
            && haystack[i..i + needle.len()].eq_ignore_ascii_case(needle)
    })
}

/// True when a key's string value is to be treated as secret.
pub fn is_secret_key(key: &str) -> bool {
    if key.is_ascii() {
        // Most keys end with a letter no secret key name ends with.
        let last = key.bytes().rev().find(|b| *b != b'_' && *b != b'-');
        if !last.is_some_and(|b| SECRET_KEY_LAST_BYTES.contains(&b.to_ascii_lowercase())) {
            return false;
        }
        // Normalise into a small buffer, no allocation.
        let mut buf = [0u8; LONGEST_SECRET_KEY];
        let mut len = 0;
        for &b in key.as_bytes() {
            if b == b'_' || b == b'-' {
                continue;
            }
            if len == buf.len() {
                return false; // longer than every secret key name
            }
            buf[len] = b.to_ascii_lowercase();
            len += 1;
        }
        let k = &buf[..len];
        return SECRET_KEYS.iter().any(|s| s.as_bytes() == k);
    }
    let k = normalized(key);
    SECRET_KEYS.iter().any(|s| k == *s)
}

/// The length of the longest of [`SECRET_KEYS`].
const LONGEST_SECRET_KEY: usize = 16;

/// The last letter of each of [`SECRET_KEYS`].
const SECRET_KEY_LAST_BYTES: &[u8] = b"dginty";

/// Every secret string value under `root`.
pub fn find(root: Node<'_>) -> Vec<Secret> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    walk(root, &mut path, false, &mut out);
    out
}

/// One step from the root to the node being visited; pointers are built only for a secret.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn pointer_of(path: &[Step<'_>]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) => out = crate::core::pointer::pointer_join(&out, k),
            Step::Index(i) => out = format!("{out}/{i}"),
        }
    }
    out
}

fn walk<'a>(node: Node<'a>, path: &mut Vec<Step<'a>>, secret_key: bool, out: &mut Vec<Secret>) {
    match node.value() {
        Value::String(s) if !s.is_empty() => {
            let reason = match marker_in(s) {
                Some(m) => Some(SecretReason::ValueMarker(m)),
                None if secret_key => Some(SecretReason::KeyName),
                None => None,
            };
            if let Some(reason) = reason {
                let inner = Span::new(
                    node.span().start as usize + 1,
                    (node.span().end as usize).saturating_sub(1),
                );
                out.push(Secret {
                    span: inner,
                    pointer: pointer_of(path),
                    reason,
                });
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Index(i));
                walk(item, path, secret_key, out);
                path.pop();
            }
        }
        Value::Object(members) => {
            for m in members {
                // Whether the key names a secret matters for a string, or the strings of an
                // array, right below it; nothing else needs a visit.
                let secret_key = match m.value().value() {
                    Value::String(s) if !s.is_empty() => is_secret_key(m.key()),
                    Value::Array(_) => is_secret_key(m.key()),
                    Value::Object(_) => false,
                    _ => continue,
                };
                path.push(Step::Key(m.key()));
                walk(m.value(), path, secret_key, out);
                path.pop();
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::mask;

    #[test]
    fn finds_and_masks() {
        let text = r#"{"credentials": {"local": {"password": "lambda"}}, "u": "DefaultEndpointsProtocol=https;AccountKey=abc=="}"#;
        let mut d = Vec::new();
        let doc = crate::parse::parse(text, crate::parse::Syntax::Json, &mut d);
        let secrets = find(*doc.root().as_ref().unwrap());
        assert_eq!(secrets.len(), 2);
        let masked = mask(text, &secrets.iter().map(|s| s.span).collect::<Vec<_>>());
        assert!(!masked.contains("lambda") && !masked.contains("abc=="));
        assert_eq!(masked.len(), text.len());
        assert_eq!(secrets[0].pointer, "/credentials/local/password");
        assert_eq!(secrets[1].pointer, "/u");
    }

    #[test]
    fn secret_key_name_summaries_are_right() {
        assert_eq!(
            SECRET_KEYS.iter().map(|k| k.len()).max(),
            Some(LONGEST_SECRET_KEY)
        );
        let mut last: Vec<u8> = SECRET_KEYS
            .iter()
            .filter_map(|k| k.bytes().last())
            .collect();
        last.sort_unstable();
        last.dedup();
        assert_eq!(last, SECRET_KEY_LAST_BYTES);
    }

    #[test]
    fn key_names_and_markers_match_as_before() {
        let slow_key = |key: &str| {
            let k = normalized(key);
            SECRET_KEYS.iter().any(|s| k == *s)
        };
        let slow_marker = |value: &str| {
            let lower = value.to_ascii_lowercase();
            SECRET_MARKERS.iter().copied().find(|m| lower.contains(m))
        };
        for key in [
            "password",
            "Pass_Word",
            "ACCOUNT-KEY",
            "accountKey",
            "token",
            "tokens",
            "",
            "_",
            "sasToken",
            "outputBlobSASUri",
            "output_blob_sas_uri_x",
            "Ä",
            "\u{212a}ey",
            "clientSecret",
            "api-key",
            "a_very_long_key_name_that_is_not_secret_at_all",
            "passwor",
            "passwordx",
            "-password-",
            "PASS__WORD_",
            "secre",
            "secrett",
            "token_",
            "xtoken",
            "connection_string",
            "connectionstrin",
            "Password_",
            "TOKEN-",
            "apiKeY",
            "privateKey__",
            "fieldName",
            "en-us",
            "-",
            "__",
            "d",
        ] {
            assert_eq!(is_secret_key(key), slow_key(key), "{key:?}");
        }
        for value in [
            "",
            "x",
            "AccountKey=abc",
            "sv=1&SIG=x",
            "pwd",
            "PWD=",
            "éPassword=é",
            "SharedAccessSignature abc",
            "sharedaccesskey=",
            "=",
            "ACCOUNTKEY",
        ] {
            assert_eq!(marker_in(value), slow_marker(value), "{value:?}");
        }
    }
}
