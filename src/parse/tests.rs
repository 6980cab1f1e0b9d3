//! Unit tests of `parse`.

use super::*;

/// Texts that JSON rejects for anything but a comment or a trailing comma are not read
/// by JSONC either (the premise of `reread_as_jsonc`), over edits of every fixture
/// that break it: separators, comments, brackets and quotes inserted, bytes removed.
#[test]
fn what_jsonc_does_not_excuse_fails_as_jsonc_too() {
    fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(std::fs::read_to_string(&path).unwrap_or_default());
            }
        }
    }
    let mut texts = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        &mut texts,
    );
    let inserts = [
        ",", "//x\n", "/*x*/", "}", "]", "{", "[", "\"", ":", "x", "1", ", }",
    ];
    let (mut excused, mut not_excused) = (0, 0);
    for text in &texts {
        for step in 1..8 {
            let mut at = text.len() * step / 8;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let removed = text[at..]
                .chars()
                .next()
                .map(|c| format!("{}{}", &text[..at], &text[at + c.len_utf8()..]));
            let edited = inserts
                .iter()
                .map(|i| format!("{}{i}{}", &text[..at], &text[at..]))
                .chain(removed);
            for edited in edited {
                let json = parse(&edited, Syntax::Json, &mut Vec::new());
                if json.root().is_some() {
                    continue;
                }
                let jsonc = parse(&edited, Syntax::Jsonc, &mut Vec::new()).tree;
                if json.jsonc_may_read {
                    excused += 1;
                    assert_eq!(reread_as_jsonc(&edited, &json), jsonc, "{edited}");
                } else {
                    not_excused += 1;
                    assert!(jsonc.is_none(), "JSONC reads what JSON rejects: {edited}");
                }
            }
        }
    }
    assert!(
        excused > 100 && not_excused > 1000,
        "{excused} / {not_excused}"
    );
}

/// The fast path and the full parser agree on `text` (tree and diagnostics).
fn assert_same(text: &str) {
    let mut fast = Vec::new();
    let a = parse(text, Syntax::Json, &mut fast);
    let mut full = Vec::new();
    let b = parse_without_fast_path(text, Syntax::Json, &mut full);
    assert_eq!(a.root(), b.root(), "tree differs for {text:?}");
    assert_eq!(
        format!("{fast:?}"),
        format!("{full:?}"),
        "diagnostics differ for {text:?}"
    );
}

#[test]
fn fast_path_agrees_with_the_full_parser() {
    let cases = [
        r#"{}"#,
        r#"[]"#,
        r#" {"a" : [1, -2, 3.5e10, 0, -0.0, 1E-3, true, false, null, "x"] } "#,
        r#"{"a": 1, "a": 2, "b": {"c": [{"a": 1}], "c": 3}}"#,
        r#"{"k\"ey": "v\u00e9\n\t\/\\", "é": "ü"}"#,
        r#"{"n": 1e999, "m": -1e400, "i": 123456789012345678901234567890}"#,
        r#"{"s": "\ud83d\ude00", "t": "\ud800"}"#,
        "{\"a\": \"tab\there\"}",
        r#"{"a": 01}"#,
        r#"{"a": 1,}"#,
        r#"[1, 2,]"#,
        r#"{"a": .5}"#,
        r#"{"a": +1}"#,
        r#"{"a": 1.}"#,
        r#"{"a": tru}"#,
        r#"{"a": truex}"#,
        r#"{a: 1}"#,
        r#"{'a': 1}"#,
        r#"{"a": 1} x"#,
        r#"{"a": 1} {}"#,
        r#"{"a" 1}"#,
        r#"{"a": "unterminated}"#,
        r#"{"a": "\x41"}"#,
        r#"{"a": "\u00zz"}"#,
        "{\"a\": 1}\u{0}",
        "{\u{a0}\"a\": 1}",
        "{\u{c}\"a\": 1}",
        r#"{"a": -}"#,
        r#"{"a": 1e}"#,
        r#"{"a": 1e+}"#,
        r#"["#,
        r#"{"#,
        r#"{"a":"#,
        r#"12"#,
        r#""str""#,
        r#"{"\/a~b": {"x/y": 1, "x/y": 2}}"#,
    ];
    for text in cases {
        assert_same(text);
    }
    let mut wide = String::from("{");
    for i in 0..40 {
        wide.push_str(&format!("\"k{}\": {i},", i % 25));
    }
    wide.push_str("\"end\": 0}");
    assert_same(&wide);
    for depth in [
        100, 127, 128, 129, 200, 255, 256, 257, 300, 511, 512, 513, 600,
    ] {
        assert_same(&format!("{}{}", "[".repeat(depth), "]".repeat(depth)));
        assert_same(&format!(
            "{}1{}",
            "{\"a\":".repeat(depth),
            "}".repeat(depth)
        ));
    }
    let fixtures = crate::test_support::fixture_texts();
    for (_, text) in &fixtures {
        assert_same(text);
    }
    let seen = fixtures.len();
    assert!(seen > 10);
}

fn parse_json(text: &str) -> (Document, Vec<Diagnostic>) {
    let mut d = Vec::new();
    let doc = parse(text, Syntax::Json, &mut d);
    (doc, d)
}

#[test]
fn duplicate_keys_are_kept_and_the_last_wins() {
    let (doc, diags) = parse_json(r#"{"a": 1, "a": 2}"#);
    let root = doc.root().unwrap();
    assert_eq!(root.as_object().unwrap().len(), 2);
    assert_eq!(root.get("a").unwrap().span(), Span::new(14, 15));
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code(), "json/duplicate-key");
    assert_eq!(diags[0].span, Some(Span::new(9, 12)));
}

#[test]
fn pointer_resolves_keys_and_indexes() {
    let (doc, _) = parse_json(r#"{"p": [{"a/b": true}]}"#);
    let root = doc.root().unwrap();
    let hit = root.pointer("/p/0/a~1b").unwrap();
    assert_eq!(hit.node.as_bool(), Some(true));
    assert_eq!(hit.key_span, Some(Span::new(8, 13)));
    assert!(root.pointer("/p/1").is_none());
}

#[test]
fn deep_nesting_is_a_diagnostic() {
    let text = "[".repeat(100_000);
    let (doc, diags) = parse_json(&text);
    assert!(doc.root().is_none());
    assert_eq!(diags[0].code(), "json/too-deep");
}

#[test]
fn bom_is_reported_and_spans_stay_in_file_bytes() {
    let (doc, diags) = parse_json("\u{feff}{\"a\": 1}");
    assert_eq!(diags[0].code(), "json/bom");
    assert_eq!(
        doc.root().unwrap().get("a").unwrap().span(),
        Span::new(9, 10)
    );
}

#[test]
fn comments_are_collected_in_jsonc() {
    let mut d = Vec::new();
    let doc = parse("{ // hi\n \"a\": 1, /* x */ }", Syntax::Jsonc, &mut d);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(doc.comments.len(), 2);
    assert_eq!(doc.comments[0].text, " hi");
}
