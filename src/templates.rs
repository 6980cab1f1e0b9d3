//! Template placeholders in bodies built at run time: `{"index": "{tenantIndex}"}`,
//! `${index}`, `<index>`, `{{index}}`.
//!
//! A string holding a placeholder is not the value that will be sent: the rules do not judge
//! it (no naming error for `{tenantIndex}`), and each distinct placeholder of a file is
//! reported once, as an info (`body/template-placeholder`). With a sample value configured
//! for every placeholder of a string, the rules check the string with the samples in place.

use crate::parse::{Node, NodeValue};
use crate::source::Span;
use std::collections::BTreeMap;

/// The placeholder syntaxes bodyguard knows by default; `NAME` stands for the name.
pub const DEFAULT_PATTERNS: [&str; 4] = ["{{NAME}}", "${NAME}", "{NAME}", "<NAME>"];

/// One placeholder syntax: the text before and after the name.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pattern {
    open: String,
    close: String,
}

/// Which placeholders to recognise, and the sample values to check in their place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Templates {
    /// Longest opening text first, so `{{x}}` is not read as `{x}` plus a brace.
    patterns: Vec<Pattern>,
    /// Placeholder name → sample value.
    samples: BTreeMap<String, String>,
}

impl Default for Templates {
    fn default() -> Self {
        Templates::new(DEFAULT_PATTERNS, BTreeMap::new()).unwrap_or(Templates {
            patterns: Vec::new(),
            samples: BTreeMap::new(),
        })
    }
}

impl Templates {
    /// Placeholders written as `patterns` (each holds `NAME` once, with text before and
    /// after it), and sample values by placeholder name.
    pub fn new<S: AsRef<str>>(
        patterns: impl IntoIterator<Item = S>,
        samples: BTreeMap<String, String>,
    ) -> Result<Templates, String> {
        let mut parsed = Vec::new();
        for p in patterns {
            let p = p.as_ref();
            let Some((open, close)) = p.split_once("NAME") else {
                return Err(format!("placeholder pattern `{p}` has no `NAME`"));
            };
            if open.is_empty() || close.is_empty() || close.contains("NAME") {
                return Err(format!(
                    "placeholder pattern `{p}` needs text before and after one `NAME`, e.g. `{{NAME}}`"
                ));
            }
            parsed.push(Pattern {
                open: open.to_string(),
                close: close.to_string(),
            });
        }
        parsed.sort_by_key(|p| std::cmp::Reverse(p.open.len()));
        Ok(Templates {
            patterns: parsed,
            samples,
        })
    }

    /// No placeholder is recognised.
    pub fn none() -> Templates {
        Templates {
            patterns: Vec::new(),
            samples: BTreeMap::new(),
        }
    }

    /// The placeholders of `text`: `(byte range, name)`, in order.
    pub fn find<'a>(&self, text: &'a str) -> Vec<(std::ops::Range<usize>, &'a str)> {
        let mut found = Vec::new();
        if self.patterns.is_empty() {
            return found;
        }
        let mut i = 0;
        'outer: while i < text.len() {
            let rest = &text[i..];
            for p in &self.patterns {
                if !rest.starts_with(&p.open) {
                    continue;
                }
                let inner = &rest[p.open.len()..];
                let Some(end) = inner.find(&p.close) else {
                    continue;
                };
                let name = &inner[..end];
                let trimmed = name.trim();
                // `{{ name }}` is often spaced; `{ x}` or `< 3` are not placeholders.
                let spacing_ok = p.open.starts_with("{{") || !name.starts_with(char::is_whitespace);
                let plausible = !trimmed.is_empty()
                    && name.len() <= 100
                    && spacing_ok
                    && !name.contains(['{', '}', '<', '>', '"', '\n']);
                if plausible {
                    let len = p.open.len() + end + p.close.len();
                    found.push((i..i + len, trimmed));
                    i += len;
                    continue 'outer;
                }
            }
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
        found
    }

    /// `text` with every placeholder replaced by its sample, when each has one.
    fn with_samples(&self, text: &str, found: &[(std::ops::Range<usize>, &str)]) -> Option<String> {
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (range, name) in found {
            out.push_str(&text[at..range.start]);
            out.push_str(self.samples.get(*name)?);
            at = range.end;
        }
        out.push_str(&text[at..]);
        Some(out)
    }
}

/// A distinct placeholder of a file.
#[derive(Debug, Clone)]
pub(crate) struct Placeholder {
    /// As written, e.g. `{tenantIndex}`.
    pub text: String,
    /// Its first occurrence (the string or key holding it).
    pub span: Span,
    /// JSON Pointer of its first occurrence.
    pub pointer: String,
    /// How many strings and keys hold it.
    pub count: usize,
    /// The sample checked in its place, when configured.
    pub sample: Option<String>,
}

/// What [`apply`] found in a tree.
#[derive(Debug, Default)]
pub(crate) struct Found {
    /// Strings and keys holding a placeholder without a sample: findings there are dropped.
    pub unchecked: Vec<Span>,
    /// Each distinct placeholder, in order of first occurrence.
    pub placeholders: Vec<Placeholder>,
}

/// Find the placeholders of a tree; replace those with samples in place.
pub(crate) fn apply(templates: &Templates, root: &mut Node) -> Found {
    let mut found = Found::default();
    if !templates.patterns.is_empty() {
        walk(templates, root, &mut String::new(), &mut found);
    }
    found
}

fn walk(templates: &Templates, node: &mut Node, pointer: &mut String, found: &mut Found) {
    match &mut node.value {
        NodeValue::String(s) => {
            if let Some(replaced) = note(templates, s, node.span, pointer, found) {
                *s = replaced.into();
            }
        }
        NodeValue::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                let len = pointer.len();
                let _ = std::fmt::Write::write_fmt(pointer, format_args!("/{i}"));
                walk(templates, item, pointer, found);
                pointer.truncate(len);
            }
        }
        NodeValue::Object(members) => {
            for m in members.iter_mut() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&crate::parse::escape_pointer_segment(&m.key));
                // A key is not rewritten (it may name something only the sender knows).
                let key = m.key.clone();
                if note(templates, &key, m.key_span, pointer, found).is_some() {
                    found.unchecked.push(m.key_span);
                }
                walk(templates, &mut m.value, pointer, found);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// Record the placeholders of one string or key; returns its text with samples in place
/// when every placeholder has one.
fn note(
    templates: &Templates,
    text: &str,
    span: Span,
    pointer: &str,
    found: &mut Found,
) -> Option<String> {
    if !text.bytes().any(|b| matches!(b, b'{' | b'<' | b'$')) && !custom(templates) {
        return None;
    }
    let hits = templates.find(text);
    if hits.is_empty() {
        return None;
    }
    let replaced = templates.with_samples(text, &hits);
    let mut seen_here: Vec<&str> = Vec::new();
    for (range, name) in &hits {
        let written = &text[range.clone()];
        if seen_here.contains(&written) {
            continue;
        }
        seen_here.push(written);
        match found.placeholders.iter_mut().find(|p| p.text == written) {
            Some(p) => p.count += 1,
            None => found.placeholders.push(Placeholder {
                text: written.to_string(),
                span,
                pointer: pointer.to_string(),
                count: 1,
                sample: templates.samples.get(*name).cloned(),
            }),
        }
    }
    if replaced.is_none() {
        found.unchecked.push(span);
    }
    replaced
}

/// True when a configured pattern opens with something other than `{`, `<` or `$`.
fn custom(templates: &Templates) -> bool {
    templates
        .patterns
        .iter()
        .any(|p| !matches!(p.open.as_bytes()[0], b'{' | b'<' | b'$'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_default_syntax() {
        let t = Templates::default();
        let names = |s: &str| -> Vec<String> {
            t.find(s)
                .into_iter()
                .map(|(r, _)| s[r].to_string())
                .collect()
        };
        assert_eq!(names("{tenantIndex}"), ["{tenantIndex}"]);
        assert_eq!(names("${index}-orders"), ["${index}"]);
        assert_eq!(names("<index>"), ["<index>"]);
        assert_eq!(names("{{ index }}"), ["{{ index }}"]);
        assert_eq!(
            names("<Connector Type, i.e. AzureBlob, Crm,  etc.>"),
            ["<Connector Type, i.e. AzureBlob, Crm,  etc.>"]
        );
        assert_eq!(names("a{b}c<d>"), ["{b}", "<d>"]);
        for plain in ["shop", "{}", "< 3", "a > b", "{\"a\": 1}", "{ x}"] {
            assert!(names(plain).is_empty(), "{plain}");
        }
    }

    #[test]
    fn samples_replace_placeholders() {
        let t = Templates::new(
            ["{NAME}"],
            BTreeMap::from([("tenant".to_string(), "acme".to_string())]),
        )
        .unwrap();
        let hits = t.find("{tenant}-orders");
        assert_eq!(
            t.with_samples("{tenant}-orders", &hits).as_deref(),
            Some("acme-orders")
        );
        let hits = t.find("{other}");
        assert_eq!(t.with_samples("{other}", &hits), None);
        assert!(Templates::new(["NAME"], BTreeMap::new()).is_err());
        assert!(Templates::new(["{name}"], BTreeMap::new()).is_err());
    }
}
