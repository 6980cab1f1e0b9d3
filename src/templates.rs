//! Template placeholders in bodies built at run time: `{"index": "{tenantIndex}"}`,
//! `${index}`, `<index>`, `{{index}}`.
//!
//! A string holding a placeholder is not the value that will be sent: the rules do not judge
//! it (no naming error for `{tenantIndex}`), and each distinct placeholder of a file is
//! reported once, as an info (`body/template-placeholder`). With a sample value configured
//! for every placeholder of a string, the rules check the string with the samples in place.

use crate::core::source::Span;
use crate::parse::{Node, Rewrites, Tree, Value};

use crate::core::templates::Templates;

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
/// `strings_without_openers` is the parser's word that no string or key holds `{`, `$` or
/// `<` (see [`crate::parse::Document`]).
pub(crate) fn apply(
    templates: &Templates,
    tree: &mut Tree,
    strings_without_openers: bool,
) -> Found {
    let mut found = Found::default();
    let default_openings = templates
        .patterns
        .iter()
        .all(|p| matches!(p.open.as_bytes().first(), Some(b'{' | b'$' | b'<')));
    if strings_without_openers && default_openings {
        return found;
    }
    let root = tree.root();
    if !templates.patterns.is_empty() && may_hold_placeholder(&openers(templates), root) {
        let mut rewrites = Rewrites::default();
        walk(
            templates,
            root,
            &mut String::new(),
            &mut found,
            &mut rewrites,
        );
        tree.rewrite(rewrites);
    }
    found
}

/// True when [`apply`] may rewrite a tree: some placeholder has a sample to be checked in
/// its place (without samples, it only notes where placeholders are).
pub(crate) fn may_rewrite(templates: &Templates) -> bool {
    !templates.samples.is_empty()
}

/// Which bytes open a pattern (`{`, `$`, `<` by default), as a table indexed by byte.
fn openers(templates: &Templates) -> [bool; 256] {
    let mut table = [false; 256];
    for p in &templates.patterns {
        if let Some(&first) = p.open.as_bytes().first() {
            table[usize::from(first)] = true;
        }
    }
    table
}

/// True when a string or key of the tree holds a byte of `openers`. Most bodies hold none:
/// they are then not walked again with JSON Pointers.
fn may_hold_placeholder(openers: &[bool; 256], node: Node<'_>) -> bool {
    let holds = |text: &str| text.bytes().any(|b| openers[usize::from(b)]);
    match node.value() {
        Value::String(s) => holds(s),
        Value::Array(items) => items.iter().any(|item| may_hold_placeholder(openers, item)),
        Value::Object(members) => members
            .iter()
            .any(|m| holds(m.key()) || may_hold_placeholder(openers, m.value())),
        _ => false,
    }
}

fn walk(
    templates: &Templates,
    node: Node<'_>,
    pointer: &mut String,
    found: &mut Found,
    rewrites: &mut Rewrites,
) {
    match node.value() {
        Value::String(s) => {
            if let Some(replaced) = note(templates, s, node.span(), pointer, found) {
                rewrites.replace_string(node, &replaced);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                let _ = std::fmt::Write::write_fmt(pointer, format_args!("/{i}"));
                walk(templates, item, pointer, found, rewrites);
                pointer.truncate(len);
            }
        }
        Value::Object(members) => {
            for m in members {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&crate::core::pointer::escape_pointer_segment(m.key()));
                // A key is not rewritten (it may name something only the sender knows).
                if note(templates, m.key(), m.key_span(), pointer, found).is_some() {
                    found.unchecked.push(m.key_span());
                }
                walk(templates, m.value(), pointer, found, rewrites);
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
    use std::collections::BTreeMap;

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
