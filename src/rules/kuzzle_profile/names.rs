//! Kuzzle's index and collection naming rules (enforced when an index or collection is
//! created, so a name that breaks them can never exist).

/// Characters Kuzzle forbids anywhere in an index or collection name.
pub const FORBIDDEN_CHARS: &[char] = &[
    '\\', '/', '*', '?', '"', '<', '>', '|', ' ', '\t', '\r', '\n', ',', '+', '#', ':', '.', '&',
    '%',
];

/// The longest name Kuzzle accepts, in UTF-8 bytes.
pub const MAX_NAME_BYTES: usize = 126;

/// Why a name can never exist, or `None` when it is a valid name.
pub fn name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("it is empty".into());
    }
    if name.len() > 2 && name.starts_with('<') && name.ends_with('>') {
        return Some(
            "it looks like a placeholder left in the body (`<` and `>` are forbidden)".into(),
        );
    }
    if name == "_all" {
        return Some("`_all` is reserved".into());
    }
    // All forbidden characters are ASCII: a name of letters, digits, `-` and `_` has none.
    let plain = name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || !b.is_ascii());
    let bad: Vec<String> = if plain {
        Vec::new()
    } else {
        let mut seen = Vec::new();
        for c in name.chars().filter(|c| FORBIDDEN_CHARS.contains(c)) {
            if !seen.contains(&c) {
                seen.push(c);
            }
        }
        seen.into_iter().map(describe_char).collect()
    };
    if !bad.is_empty() {
        return Some(format!(
            "it contains {} (forbidden: \\ / * ? \" < > | , + # : . & % space, tab, CR, LF)",
            bad.join(", ")
        ));
    }
    let uppercase = if name.is_ascii() {
        name.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        name.to_lowercase() != name
    };
    if uppercase {
        return Some("it has uppercase letters (names are lowercase)".into());
    }
    if name.len() > MAX_NAME_BYTES {
        return Some(format!(
            "it is {} bytes long in UTF-8 (at most {MAX_NAME_BYTES})",
            name.len()
        ));
    }
    None
}

fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".into(),
        '\t' => "a tab".into(),
        '\r' => "a carriage return".into(),
        '\n' => "a line feed".into(),
        c => format!("`{c}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kuzzle_naming_rules() {
        assert_eq!(name_problem("nyc-open-data"), None);
        assert_eq!(name_problem("_private-ish"), None);
        assert_eq!(name_problem("@alias"), None);
        assert!(name_problem("Shop").unwrap().contains("uppercase"));
        assert!(name_problem("My Index*").unwrap().contains("a space, `*`"));
        assert!(name_problem("a+b").is_some());
        assert!(name_problem("_all").is_some());
        assert!(name_problem(&"é".repeat(64)).unwrap().contains("128 bytes"));
        assert_eq!(name_problem(&"e".repeat(126)), None);
    }
}
