//! Finding secret values in a body, so that no output ever prints them.
//!
//! Detection is deliberately broad (key names and value shapes); rules decide what to
//! report, while masking applies to every output whatever rules are switched on.

use crate::parse::{Node, NodeValue};
use crate::source::Span;

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
    let lower = value.to_ascii_lowercase();
    SECRET_MARKERS.iter().copied().find(|m| lower.contains(m))
}

/// True when a key's string value is to be treated as secret.
pub fn is_secret_key(key: &str) -> bool {
    let k = normalized(key);
    SECRET_KEYS.iter().any(|s| k == *s)
}

/// Every secret string value under `root`.
pub fn find(root: &Node) -> Vec<Secret> {
    let mut out = Vec::new();
    walk(root, "", false, &mut out);
    out
}

fn walk(node: &Node, pointer: &str, secret_key: bool, out: &mut Vec<Secret>) {
    match &node.value {
        NodeValue::String(s) if !s.is_empty() => {
            let reason = match marker_in(s) {
                Some(m) => Some(SecretReason::ValueMarker(m)),
                None if secret_key => Some(SecretReason::KeyName),
                None => None,
            };
            if let Some(reason) = reason {
                let inner = Span::new(
                    node.span.start as usize + 1,
                    (node.span.end as usize).saturating_sub(1),
                );
                out.push(Secret {
                    span: inner,
                    pointer: pointer.to_string(),
                    reason,
                });
            }
        }
        NodeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &format!("{pointer}/{i}"), secret_key, out);
            }
        }
        NodeValue::Object(members) => {
            for m in members {
                let child = crate::parse::pointer_join(pointer, &m.key);
                walk(&m.value, &child, is_secret_key(&m.key), out);
            }
        }
        _ => {}
    }
}

/// `text` with the bytes of every span replaced by `*` (same byte length, so spans still hold).
pub fn mask(text: &str, spans: &[Span]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for s in spans {
        for b in bytes
            .iter_mut()
            .take((s.end as usize).min(text.len()))
            .skip(s.start as usize)
        {
            *b = b'*';
        }
    }
    // Replacing whole UTF-8 sequences byte by byte with ASCII keeps the text valid UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_and_masks() {
        let text = r#"{"credentials": {"local": {"password": "lambda"}}, "u": "DefaultEndpointsProtocol=https;AccountKey=abc=="}"#;
        let mut d = Vec::new();
        let doc = crate::parse::parse(text, crate::parse::Syntax::Json, &mut d);
        let secrets = find(doc.root.as_ref().unwrap());
        assert_eq!(secrets.len(), 2);
        let masked = mask(text, &secrets.iter().map(|s| s.span).collect::<Vec<_>>());
        assert!(!masked.contains("lambda") && !masked.contains("abc=="));
        assert_eq!(masked.len(), text.len());
    }
}
