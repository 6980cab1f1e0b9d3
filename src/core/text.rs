//! Text helpers every layer's messages share: snippets, did-you-mean, articles.

/// Cut text echoed into a message to one line of at most 50 characters.
pub fn snippet(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    let mut out: String = line.chars().take(50).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// Suggest the closest candidate to `word` (edit distance, case-insensitive), if any is close.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut unbounded = usize::MAX;
    did_you_mean_within(word, candidates, &mut unbounded)
}

/// [`did_you_mean`] that compares at most `budget` candidates (decremented as it goes), so
/// thousands of unknown names against thousands of known ones stay cheap.
pub fn did_you_mean_within<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    budget: &mut usize,
) -> Option<&'a str> {
    let lower: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    let limit = (word.chars().count().max(3) / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    let mut other: Vec<char> = Vec::new();
    for c in candidates {
        if *budget == 0 {
            break;
        }
        *budget -= 1;
        // Lengths that differ by more than the limit cannot be within it.
        if c.chars().count().abs_diff(lower.len()) > limit {
            continue;
        }
        other.clear();
        other.extend(c.chars().flat_map(char::to_lowercase));
        let d = levenshtein_chars(&lower, &other);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
            if d == 0 {
                break;
            }
        }
    }
    best.map(|(_, c)| c)
}

/// Edit distance between two strings, in characters.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    levenshtein_chars(&a, &b)
}

fn levenshtein_chars(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

/// A JSON type name with its article, as messages say it: `an object`, `a string`, `null`.
pub fn article(type_name: &str) -> String {
    match type_name {
        "array" | "object" | "integer" => format!("an {type_name}"),
        "null" => "null".into(),
        other => format!("a {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("colections", ["index", "collections"]),
            Some("collections")
        );
        assert_eq!(
            did_you_mean("RATELIMIT", ["rateLimit", "tags"]),
            Some("rateLimit")
        );
        assert_eq!(did_you_mean("zzz", ["index", "collections"]), None);
    }

    #[test]
    fn articles() {
        assert_eq!(article("object"), "an object");
        assert_eq!(article("string"), "a string");
        assert_eq!(article("null"), "null");
    }

    #[test]
    fn snippets_are_short() {
        assert_eq!(snippet("abc"), "abc");
        assert_eq!(snippet(&"x".repeat(80)).chars().count(), 51);
        assert_eq!(snippet("a\nb"), "a…");
    }
}
