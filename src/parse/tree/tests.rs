//! Unit tests of the tree's records: every accessor against `serde_json`'s reading of the
//! same text, escapes, wide containers read out of order, rewrites and splices.

use super::*;
use crate::parse::{parse, Syntax};

fn tree(text: &str) -> Tree {
    let mut d = Vec::new();
    parse(text, Syntax::Json, &mut d).tree.expect("parses")
}

/// Reads `node` through every accessor and compares with `value`.
fn same(node: Node<'_>, value: &serde_json::Value) {
    use serde_json::Value as J;
    match (node.value(), value) {
        (Value::Null, J::Null) => {}
        (Value::Bool(a), J::Bool(b)) => assert_eq!(a, *b),
        (Value::Number(a), J::Number(b)) => assert_eq!(a.parse::<f64>().ok(), b.as_f64()),
        (Value::String(a), J::String(b)) => assert_eq!(a, b),
        (Value::Array(items), J::Array(values)) => {
            assert_eq!(items.len(), values.len());
            for (i, v) in values.iter().enumerate() {
                same(items.get(i).expect("in range"), v);
            }
            let backwards: Vec<_> = items.iter().rev().collect();
            let forwards: Vec<_> = items.iter().collect();
            assert!(backwards.iter().rev().eq(forwards.iter()));
            for from in [0, 1, values.len() / 2, values.len()]
                .into_iter()
                .filter(|&f| f <= values.len())
            {
                assert_eq!(items.iter_from(from).count(), values.len() - from);
            }
            assert!(items.get(values.len()).is_none());
        }
        (Value::Object(members), J::Object(map)) => {
            assert_eq!(members.len(), map.len(), "no duplicate keys in these texts");
            // `serde_json`'s map is sorted: members are looked up by key.
            for (i, m) in members.iter().enumerate() {
                same(m.value(), &map[m.key()]);
                assert_eq!(members.get(i), Some(m));
                assert_eq!(node.get(m.key()), Some(m.value()));
                let window = members.range(i..i + 1);
                assert_eq!(window.len(), 1);
                assert_eq!(window.first(), Some(m));
            }
            assert_eq!(members.iter().rev().count(), map.len());
            assert_eq!(members.last(), members.get(map.len().wrapping_sub(1)));
        }
        (a, b) => panic!("{a:?} read where serde_json reads {b}"),
    }
}

#[test]
fn records_read_as_serde_json_reads_the_text() {
    let wide_array = (0..40)
        .map(|i| format!("[{i}, \"s{i}\"]"))
        .collect::<Vec<_>>();
    let wide_object = (0..40)
        .map(|i| format!("\"k{i}\": {{\"n\": {i}}}"))
        .collect::<Vec<_>>();
    let texts = [
        r#"{"a": [1, -2.5e3, true, false, null, "x", {}, []], "b": {"c": {"d": "e"}}}"#.to_string(),
        r#"["\u00e9t\u00e9", "a\"b", "tab\there", "\\", "sl\/ash"]"#.to_string(),
        r#"{"k\u0065y": "v", "plain": "\u2603", "q\"uote": {"in\\ner": 1}}"#.to_string(),
        format!("[{}]", wide_array.join(", ")),
        format!("{{{}}}", wide_object.join(", ")),
        "\"just a string\"".to_string(),
        "42".to_string(),
    ];
    for text in texts {
        let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        let tree = tree(&text);
        same(tree.root(), &value);
        assert_eq!(tree.root().to_value(), value, "{text}");
    }
}

#[test]
fn spans_cover_keys_and_values_as_written() {
    let text = r#"{"k\u0065y": "v\n", "n": -1.5, "o": {"x": [true]}}"#;
    let tree = tree(text);
    let members = tree.root().as_object().expect("an object");
    let slice = |s: Span| &text[s.range()];
    let key = members.get(0).expect("first");
    assert_eq!(key.key(), "key");
    assert_eq!(slice(key.key_span()), r#""k\u0065y""#);
    assert_eq!(slice(key.value().span()), r#""v\n""#);
    assert_eq!(key.value().as_str(), Some("v\n"));
    let n = members.get(1).expect("second");
    assert_eq!(
        (slice(n.key_span()), slice(n.value().span())),
        (r#""n""#, "-1.5")
    );
    assert_eq!(n.value().as_number(), Some("-1.5"));
    assert_eq!(n.value().json_type(), JsonType::Number);
    let located = tree.root().pointer("/o/x/0").expect("located");
    assert_eq!(slice(located.node.span()), "true");
    assert_eq!(slice(tree.root().span()), text);
}

#[test]
fn rewrites_rename_keys_and_replace_strings_in_place() {
    let mut tree = tree(r#"{"ConnectorType": "crm", "n": 1, "e\u0073c": "x"}"#);
    let root = tree.root();
    let members = root.as_object().expect("an object");
    let spans: Vec<_> = members.iter().map(|m| m.key_span()).collect();
    let mut rewrites = Rewrites::default();
    rewrites.rename_key(members.get(0).expect("first"), "connectorType");
    rewrites.replace_string(root.get("ConnectorType").expect("there"), "CRM");
    rewrites.rename_key(members.get(2).expect("third"), "escaped");
    // Not a string: left alone.
    rewrites.replace_string(root.get("n").expect("there"), "one");
    tree.rewrite(rewrites);
    let root = tree.root();
    assert_eq!(
        root.get("connectorType").and_then(Node::as_str),
        Some("CRM")
    );
    assert_eq!(root.get("escaped").and_then(Node::as_str), Some("x"));
    assert_eq!(root.get("n").and_then(Node::as_number), Some("1"));
    // The spans stay those of the text as written.
    let after: Vec<_> = root
        .as_object()
        .expect("an object")
        .iter()
        .map(|m| m.key_span())
        .collect();
    assert_eq!(spans, after);
}

#[test]
fn keeping_one_root_member_keeps_its_entries() {
    let text = r#"{"type": "roles", "content": {"a": {"controllers": {}}, "b": [1, 2]}, "z": 0}"#;
    let mut tree = tree(text);
    assert!(tree.keep_root_member(1, "roles"));
    let root = tree.root();
    assert_eq!(root.as_object().map(Members::len), Some(1));
    let roles = root.get("roles").expect("renamed");
    assert_eq!(
        roles.to_value(),
        serde_json::json!({"a": {"controllers": {}}, "b": [1, 2]})
    );
    assert_eq!(
        &text[roles.span().range()],
        r#"{"a": {"controllers": {}}, "b": [1, 2]}"#
    );
    assert!(!tree.keep_root_member(5, "x"));
}

#[test]
fn a_string_tree_reads_its_string() {
    let tree = Tree::string("a \"quoted\" \\ value");
    assert_eq!(tree.root().as_str(), Some("a \"quoted\" \\ value"));
    assert_eq!(tree.root().span(), Span::default());
}

#[test]
fn wide_containers_are_read_out_of_order_alike() {
    let n = 1000;
    let text = format!(
        "{{\"w\": [{}], \"o\": {{{}}}}}",
        (0..n).map(|i| i.to_string()).collect::<Vec<_>>().join(","),
        (0..n)
            .map(|i| format!("\"k{i}\": [{i}]"))
            .collect::<Vec<_>>()
            .join(",")
    );
    let tree = tree(&text);
    let items = tree
        .root()
        .get("w")
        .and_then(Node::as_array)
        .expect("an array");
    let members = tree
        .root()
        .get("o")
        .and_then(Node::as_object)
        .expect("an object");
    for i in [n - 1, 0, 17, 500, 16, 999, 3] {
        assert_eq!(
            items.get(i).and_then(Node::as_number),
            Some(i.to_string()).as_deref()
        );
        assert_eq!(
            members.get(i).map(Member::key),
            Some(format!("k{i}")).as_deref()
        );
        assert_eq!(members.iter_from(i).next(), members.get(i));
    }
    let backwards: Vec<_> = members.iter().rev().map(Member::key).collect();
    assert_eq!(backwards.first(), Some(&"k999"));
    assert_eq!(backwards.len(), n);
    let window = members.range(400..450);
    assert_eq!(window.len(), 50);
    assert_eq!(window.iter().next().map(Member::key), Some("k400"));
    assert_eq!(window.iter().next_back().map(Member::key), Some("k449"));
}

#[test]
fn packed_and_unpacked_arrays_read_alike() {
    let scalars = (0..40)
        .map(|i| format!("\"s\\u00{:02x}{i}\"", 0x41 + i % 20))
        .collect::<Vec<_>>()
        .join(", ");
    let texts = [
        // Packed: scalars only, escapes among them, at the root and below.
        r#"[1, "a\"b", true, null, -2.5]"#.to_string(),
        format!(r#"{{"a": [{scalars}], "b": {{"c": ["d"]}}, "e": []}}"#),
        // A container after scalars: the array is not packed, its scalars get a key word.
        r#"[1, 2, {"x": [3, "y"]}, [4], "z"]"#.to_string(),
        format!(r#"[{scalars}, {{"k": [1, 2]}}, 5]"#),
        r#"[[1, 2], [3], [], [{"n": [null]}]]"#.to_string(),
    ];
    for text in texts {
        let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        let tree = tree(&text);
        same(tree.root(), &value);
        assert_eq!(tree.root().to_value(), value, "{text}");
        // Ids grow in document order and a container's cover its entries'.
        fn ids(node: Node<'_>) {
            let (id, end) = (node.id(), node.ids_end());
            assert!(id < end);
            let mut last = id;
            let children: Vec<Node<'_>> = match node.value() {
                Value::Array(items) => items.iter().collect(),
                Value::Object(members) => members.iter().map(Member::value).collect(),
                _ => Vec::new(),
            };
            for child in children {
                assert!(last < child.id() && child.ids_end() <= end, "{child:?}");
                last = child.ids_end() - 1;
                ids(child);
            }
        }
        ids(tree.root());
    }
}

#[test]
fn a_packed_entry_is_rewritten_in_place() {
    let mut tree = tree(r#"{"l": ["crm", "x\ty", 3], "m": "crm"}"#);
    let items = tree
        .root()
        .get("l")
        .and_then(Node::as_array)
        .expect("an array");
    let mut rewrites = Rewrites::default();
    rewrites.replace_string(items.get(0).expect("first"), "CRM");
    rewrites.replace_string(items.get(1).expect("second"), "tab");
    tree.rewrite(rewrites);
    assert_eq!(
        tree.root().to_value(),
        serde_json::json!({"l": ["CRM", "tab", 3], "m": "crm"})
    );
}
