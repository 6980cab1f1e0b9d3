//! Unit tests of `core::source`.

use super::*;

/// The block scan finds the line breaks a byte-by-byte scan finds, at every position
/// of a block and in the tail shorter than a block.
#[test]
fn line_starts_match_a_byte_scan() {
    let texts = [
        String::new(),
        "\n".into(),
        "no line break at all".into(),
        "{\n  \"a\": 1,\n  \"é\": \"ü\"\n}\n".into(),
        "\n".repeat(40),
        "Ê\nÊ\u{8a}Š\n\u{10a0a}\n".repeat(5),
        (0..200)
            .map(|i| {
                if i % 7 == 0 || i % 16 == 15 {
                    '\n'
                } else {
                    'x'
                }
            })
            .collect(),
    ];
    for text in texts {
        let expected: Vec<u32> = std::iter::once(0)
            .chain(
                text.bytes()
                    .enumerate()
                    .filter(|(_, b)| *b == b'\n')
                    .map(|(i, _)| i as u32 + 1),
            )
            .collect();
        assert_eq!(line_starts_of(text.as_bytes()), expected, "{text:?}");
    }
}

#[test]
fn masked_bytes_come_back_for_fixes_only() {
    let text = "{\"password\": \"hunter22\",\n \"k\": \"é1\"}";
    let spans = [Span::new(14, 22), Span::new(32, 35)];
    // Plain, masked twice over the same bytes.
    let mut plain = SourceFile::new("t", text);
    plain.mask(&spans);
    plain.mask(&spans[..1]);
    assert_eq!(
        plain.text(),
        "{\"password\": \"********\",\n \"k\": \"***\"}"
    );
    assert_eq!(plain.unmasked_text(), text);
    // Parked before it is masked, read parked and after unparking.
    let mut parked = SourceFile::new("t", text);
    parked.park_from(0);
    parked.mask(&spans);
    assert!(parked.is_parked());
    assert_eq!(parked.unmasked_text(), text);
    assert!(!parked.text().contains("hunter22"));
    parked.unpark();
    assert!(!parked.text().contains("hunter22"));
    assert_eq!(parked.unmasked_text(), text);
    // Nothing masked: the text itself.
    assert_eq!(SourceFile::new("t", text).unmasked_text(), text);
}

#[test]
fn columns_count_characters() {
    let src = SourceFile::new("t", "{\n  \"é\": 1\n}");
    assert_eq!(src.line_col(0), LineCol { line: 1, column: 1 });
    let one = src.text().find('1').unwrap();
    assert_eq!(src.line_col(one), LineCol { line: 2, column: 8 });
}

#[test]
fn columns_on_a_long_line_count_characters() {
    let mut text = String::from("{");
    for i in 0..5000 {
        text.push_str(&format!("\"é{i}\": \"✓\", "));
    }
    text.push_str("\"z\": 1}\n\"x\"");
    let src = SourceFile::new("t", text.clone());
    for offset in [
        0,
        1,
        2,
        3,
        999,
        1024,
        1025,
        4097,
        30_000,
        text.len() - 6,
        text.len(),
    ] {
        let before = &text.as_bytes()[..offset];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let expected = LineCol {
            line: before.iter().filter(|&&b| b == b'\n').count() + 1,
            column: text[line_start..end.max(line_start)].chars().count() + 1,
        };
        assert_eq!(src.line_col(offset), expected, "offset {offset}");
    }
}

/// A text of several blocks, not all full, with multi-byte characters across a block
/// boundary.
fn big_text() -> String {
    let mut text = String::from("{\n");
    while text.len() < 2 * PARK_CHUNK + 1000 {
        text.push_str("  \"clé\": \"ünïcode — ✓\",\n");
    }
    text.push_str("  \"end\": true\n}\n");
    text
}

#[test]
fn a_parked_text_comes_back_as_it_was() {
    let text = big_text();
    let mut src = SourceFile::new("big.json", text.clone());
    let before = src.line_col(text.len() - 5);
    src.park_from(0);
    assert!(src.is_parked());
    // Asked while parked: unpacked on demand, the same text.
    assert_eq!(src.text(), text);
    assert_eq!(src.line_col(text.len() - 5), before);
    src.unpark();
    assert!(!src.is_parked());
    assert_eq!(src.text(), text);
}

#[test]
fn a_text_read_once_is_not_kept_unpacked() {
    let text = big_text();
    let mut src = SourceFile::new("big.json", text.clone());
    src.park_from(0);
    src.mask(&[Span::new(4, 9)]);
    // Unpacked and masked for the borrow, and not kept.
    assert_eq!(&src.text_once()[..10], "{\n  *****\"");
    assert_eq!(src.text_once().len(), text.len());
    assert!(src.plain_text().is_none());
    // Once kept, the same text is borrowed.
    let kept = src.text().to_string();
    assert!(matches!(src.text_once(), std::borrow::Cow::Borrowed(t) if t == kept));
    // A plain text is borrowed.
    let plain = SourceFile::new("t.json", "{}");
    assert!(matches!(
        plain.text_once(),
        std::borrow::Cow::Borrowed("{}")
    ));
}

#[test]
fn unpark_without_a_read_in_between() {
    let text = big_text();
    let mut src = SourceFile::new("big.json", text.clone());
    src.park_from(0);
    src.unpark();
    assert_eq!(src.text(), text);
    // A parked text is masked when it is unpacked, whether it was read before or not.
    src.park_from(0);
    src.mask(&[Span::new(4, 9)]);
    assert!(src.is_parked());
    assert_eq!(&src.text()[..10], "{\n  *****\"");
    src.mask(&[Span::new(10, 11)]);
    assert_eq!(&src.text()[..11], "{\n  *****\"*");
    src.unpark();
    assert_eq!(&src.text()[..11], "{\n  *****\"*");
    assert_eq!(src.text().len(), text.len());
}

#[test]
fn small_texts_are_not_parked() {
    let mut src = SourceFile::new("t.json", "{}");
    src.park();
    assert!(!src.is_parked());
    src.park_from(3);
    assert!(!src.is_parked());
    src.park_from(2);
    assert!(src.is_parked());
    assert_eq!(src.text(), "{}");
}
