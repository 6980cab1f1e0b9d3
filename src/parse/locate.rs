//! The JSON Pointer of the value at a span: what a finding made from a fact (which holds a
//! span only) points at.

use super::Node;
use crate::core::pointer::{pointer_join, push_index};
use crate::core::source::Span;

/// The JSON Pointer of the value (or of the member whose key) at exactly `span` under
/// `root`, found by a descent through the containers holding it: a binary search of each
/// container's entries, which are in text order.
pub fn pointer_to(root: Node<'_>, span: Span) -> Option<String> {
    let mut node = root;
    let mut pointer = String::new();
    loop {
        if node.span() == span {
            return Some(pointer);
        }
        if let Some(members) = node.as_object() {
            let i = first_ending_after(members.len(), span, |i| {
                members.get(i).map(|m| m.value().span())
            })?;
            let m = members.get(i)?;
            pointer = pointer_join(&pointer, m.key());
            if m.key_span() == span {
                return Some(pointer);
            }
            node = m.value();
        } else if let Some(items) = node.as_array() {
            let i = first_ending_after(items.len(), span, |i| items.get(i).map(|n| n.span()))?;
            push_index(&mut pointer, i);
            node = items.get(i)?;
        } else {
            return None;
        }
        if !contains(node.span(), span) {
            return None;
        }
    }
}

/// The first of `len` entries whose span (`span_of`) ends after `span` starts.
fn first_ending_after(
    len: usize,
    span: Span,
    span_of: impl Fn(usize) -> Option<Span>,
) -> Option<usize> {
    let (mut low, mut high) = (0, len);
    while low < high {
        let mid = low + (high - low) / 2;
        if span_of(mid)?.end <= span.start {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    (low < len).then_some(low)
}

fn contains(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse, Syntax};

    #[test]
    fn the_pointer_of_every_value_and_key_is_found_from_its_span() {
        let text = r#"{"a": [1, {"b~/c": "x", "d": [true, null]}], "e": {}, "e": 2}"#;
        let document = parse(text, Syntax::Json, &mut Vec::new());
        let root = document.root().unwrap();
        let cases = [
            ("", root.span()),
            ("/a/0", root.pointer("/a/0").unwrap().node.span()),
            (
                "/a/1/b~0~1c",
                root.pointer("/a/1/b~0~1c").unwrap().node.span(),
            ),
            ("/a/1/d/1", root.pointer("/a/1/d/1").unwrap().node.span()),
            ("/e", root.pointer("/e").unwrap().node.span()),
        ];
        for (pointer, span) in cases {
            assert_eq!(
                pointer_to(root, span).as_deref(),
                Some(pointer),
                "{pointer}"
            );
        }
        // Both `e`, each found at its own position.
        let members = root.as_object().unwrap();
        for m in [members.get(1).unwrap(), members.get(2).unwrap()] {
            assert_eq!(pointer_to(root, m.value().span()).as_deref(), Some("/e"));
            assert_eq!(pointer_to(root, m.key_span()).as_deref(), Some("/e"));
        }
        // Spans that are no value's or key's.
        assert_eq!(pointer_to(root, Span::new(2, 9)), None);
        assert_eq!(pointer_to(root, Span::new(2, 3)), None);
    }
}
