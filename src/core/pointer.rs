//! JSON Pointers (RFC 6901): the one way findings name a place in a body.

/// Undo RFC 6901 escaping of one pointer segment.
pub fn unescape_pointer_segment(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.contains('~') {
        raw.replace("~1", "/").replace("~0", "~").into()
    } else {
        raw.into()
    }
}

/// Escape one key for use in a JSON Pointer.
pub fn escape_pointer_segment(key: &str) -> std::borrow::Cow<'_, str> {
    if key.contains(['~', '/']) {
        key.replace('~', "~0").replace('/', "~1").into()
    } else {
        key.into()
    }
}

/// Append a key to a JSON Pointer.
pub fn pointer_join(base: &str, key: &str) -> String {
    // Built by hand: `format!` costs more than the copy on the many entries of a big file.
    let segment = escape_pointer_segment(key);
    let mut out = String::with_capacity(base.len() + 1 + segment.len());
    out.push_str(base);
    out.push('/');
    out.push_str(&segment);
    out
}

/// Append an array index to a JSON Pointer being built (`/` and the decimal digits), without
/// the formatting machinery.
pub fn push_index(pointer: &mut String, i: usize) {
    pointer.push('/');
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = i;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let digits = std::str::from_utf8(&digits[at..]).expect("ASCII digits"); // ok: '0'..='9' only
    pointer.push_str(digits);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_escaped_and_undone() {
        assert_eq!(pointer_join("/a", "b/c~d"), "/a/b~1c~0d");
        assert_eq!(unescape_pointer_segment("b~1c~0d"), "b/c~d");
        for i in [0, 7, 10, 99, 100, 12345, usize::MAX] {
            let mut p = String::from("/a");
            push_index(&mut p, i);
            assert_eq!(p, format!("/a/{i}"));
        }
    }
}
