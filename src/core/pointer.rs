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
    format!("{base}/{}", escape_pointer_segment(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_escaped_and_undone() {
        assert_eq!(pointer_join("/a", "b/c~d"), "/a/b~1c~0d");
        assert_eq!(unescape_pointer_segment("b~1c~0d"), "b/c~d");
    }
}
