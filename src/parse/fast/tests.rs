//! Unit tests of `parse::fast`.

use super::*;

#[test]
fn notes_placeholder_openings_in_strings_and_keys() {
    let openers = |text: &str| parse(text, 0..text.len(), None, &mut Vec::new()).map(|(_, o)| o);
    assert_eq!(openers(r#"{"a": ["b", 1, {"c": "d"}]}"#), Some(false));
    assert_eq!(openers(r#"{"index": "{tenant}"}"#), Some(true));
    assert_eq!(openers(r#"{"${key}": 1}"#), Some(true));
    assert_eq!(openers(r#"["<index>"]"#), Some(true));
    assert_eq!(openers(r#"["\u007bx}"]"#), Some(true));
    assert_eq!(openers(r#"["\n"]"#), Some(false));
}

#[test]
fn takes_plain_json_and_gives_up_on_the_rest() {
    let mut d = Vec::new();
    let ok = r#"{"a": [1, -2.5e3, true, false, null, "x\u00e9\n"], "a": {}}"#;
    assert!(parse(ok, 0..ok.len(), None, &mut d).is_some());
    assert_eq!(d.len(), 1, "duplicate key reported");
    for text in [
        "{\"a\": 1,}",
        "{\"a\": \"\u{1}\"}",
        "[\"\\ud800\"]",
        "{} x",
        "[01]",
    ] {
        let mut d = Vec::new();
        assert!(
            parse(text, 0..text.len(), None, &mut d).is_none(),
            "{text:?}"
        );
        assert!(d.is_empty());
    }
}
