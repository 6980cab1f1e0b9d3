//! The one way a rule removes an object member or an array element as a fix: one comma,
//! the item's own comments and, when it is alone on its lines, those lines go with it;
//! every other comment and the rest of the layout stay.

use crate::core::edit::Edit;
use crate::core::Span;
/// Where an item is removed: the text when it is at hand, and the document's comments.
#[derive(Debug, Clone, Copy)]
pub struct Layout<'a> {
    /// The whole text; `None` when it is parked (a big file): see [`remove_item`].
    pub text: Option<&'a str>,
    /// The JSONC comments of the document, in order.
    pub comments: &'a [crate::parse::Comment],
}

impl<'a> Layout<'a> {
    /// The layout of a rule context's body.
    pub fn of(source: &'a crate::SourceFile, document: &'a crate::parse::Document) -> Self {
        Layout {
            text: source.plain_text(),
            comments: &document.comments,
        }
    }
}

/// The edits removing item `i` of `container`: a member of an object (its key, value, one
/// separating comma and the layout that goes with them) or an element of an array. `None`
/// for a scalar, an index out of range, or a layout [`remove_item`] cannot take apart.
pub fn remove(
    layout: Layout<'_>,
    container: crate::parse::Node<'_>,
    i: usize,
) -> Option<Vec<Edit>> {
    let span_of = |k: usize| match container.as_object() {
        Some(members) => members
            .get(k)
            .map(|m| Span::new(m.key_span().start as usize, m.value().span().end as usize)),
        None => container.as_array()?.get(k).map(|n| n.span()),
    };
    // Only the item and its neighbours decide the edit: collecting every item's span for each
    // removal made a rule removing many items of one container quadratic.
    let first = i.saturating_sub(1);
    let window: Vec<Span> = (first..=i + 1).map_while(span_of).collect();
    remove_item(layout, container.span(), &window, i - first)
}

/// The edits removing `item` from the container spanning `container`, given the spans of the
/// items before and after it (when a rule reads them as it walks the container, a wide
/// container needs no table of its items' places).
pub fn remove_between(
    layout: Layout<'_>,
    container: Span,
    (before, item, after): (Option<Span>, Span, Option<Span>),
) -> Option<Vec<Edit>> {
    let window: Vec<Span> = before.into_iter().chain([item]).chain(after).collect();
    remove_item(layout, container, &window, usize::from(before.is_some()))
}

/// What lies between two items of a container: whitespace, at most one comma, comments.
struct Gap {
    comma: Option<usize>,
    comments: Vec<Span>,
}

fn gap(text: &str, from: usize, to: usize) -> Option<Gap> {
    let bytes = text.as_bytes();
    let mut g = Gap {
        comma: None,
        comments: Vec::new(),
    };
    let mut at = from;
    while at < to {
        match bytes[at] {
            b' ' | b'\t' | b'\n' | b'\r' => at += 1,
            b',' if g.comma.is_none() => {
                g.comma = Some(at);
                at += 1;
            }
            b'/' if bytes.get(at + 1) == Some(&b'/') => {
                let end = text[at..to].find('\n').map_or(to, |n| at + n);
                g.comments.push(Span::new(at, end));
                at = end;
            }
            b'/' if bytes.get(at + 1) == Some(&b'*') => {
                let end = text[at + 2..to].find("*/").map(|n| at + 2 + n + 2)?;
                g.comments.push(Span::new(at, end));
                at = end;
            }
            _ => return None,
        }
    }
    Some(g)
}

/// The start of the line holding `at` when only blanks (spaces, tabs, `\r`) lie between
/// them; `None` when something else does. Reads back from `at` only as far as the first
/// byte that is not a blank, so that a long line costs nothing per item.
fn blank_from_line_start(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut p = at;
    while p > 0 {
        match bytes[p - 1] {
            b' ' | b'\t' | b'\r' => p -= 1,
            b'\n' => return Some(p),
            _ => return None,
        }
    }
    Some(0)
}

/// The end of the line holding `at` (the position of its `\n`, or the end of the text) when
/// only blanks lie between them; `None` when something else does.
fn blank_to_line_end(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut p = at;
    while p < bytes.len() {
        match bytes[p] {
            b' ' | b'\t' | b'\r' => p += 1,
            b'\n' => return Some(p),
            _ => return None,
        }
    }
    Some(bytes.len())
}

/// The one way bodyguard removes an item (`items[i]`, whose spans run from a member's key
/// to the end of its value, or cover an element) from the container spanning `container`,
/// so that the rest keeps its layout and JSONC comments stay with the code they describe:
///
/// - the item goes with one separating comma: the one after it, or for the last item the
///   one before it (a JSONC trailing comma after the last item goes with it instead);
/// - comments on their own lines right above the item (no blank line between) and comments
///   on the item's last line after it (before the comma when the next item shares the line)
///   are the item's, and go with it; every other comment stays where it is;
/// - an item alone on its lines goes with those lines; inline, with the spaces after it.
///
/// `None` when the text between the items is not whitespace, comments and commas.
///
/// A big file's text is not unpacked for a fix (see [`crate::SourceFile::park`]): without
/// the text, the item goes from its start to the next item's (or from the previous item's
/// end, for the last one), and when a comment lies in that stretch no edit is offered.
pub fn remove_item(
    layout: Layout<'_>,
    container: Span,
    items: &[Span],
    i: usize,
) -> Option<Vec<Edit>> {
    match layout.text {
        Some(text) => remove_in_text(text, container, items, i),
        None => remove_without_text(layout.comments, container, items, i),
    }
}

fn remove_without_text(
    comments: &[crate::parse::Comment],
    container: Span,
    items: &[Span],
    i: usize,
) -> Option<Vec<Edit>> {
    let item = *items.get(i)?;
    let span = match (i.checked_sub(1).map(|p| items[p]), items.get(i + 1)) {
        (_, Some(next)) => Span::new(item.start as usize, next.start as usize),
        (Some(prev), None) => Span::new(prev.end as usize, item.end as usize),
        (None, None) => item,
    };
    let stretch = Span::new(
        i.checked_sub(1)
            .map_or(container.start as usize, |p| items[p].end as usize),
        items
            .get(i + 1)
            .map_or(container.end as usize, |n| n.start as usize),
    );
    let commented = comments
        .iter()
        .any(|c| c.span.start < stretch.end && c.span.end > stretch.start);
    (!commented).then(|| vec![Edit::delete(span)])
}

fn remove_in_text(text: &str, container: Span, items: &[Span], i: usize) -> Option<Vec<Edit>> {
    let item = *items.get(i)?;
    let (s, e) = (item.start as usize, item.end as usize);
    let open = container.start as usize + 1;
    let close = (container.end as usize).checked_sub(1)?;
    if e > text.len() || close > text.len() || s < open || e > close {
        return None;
    }
    let before_from = if i == 0 {
        open
    } else {
        items[i - 1].end as usize
    };
    let after_to = items.get(i + 1).map_or(close, |n| n.start as usize);
    let before = gap(text, before_from, s)?;
    let after = gap(text, e, after_to)?;

    // The item's own comments: above it, on their own lines, with no blank line between.
    let mut lead = s;
    for c in before.comments.iter().rev() {
        let (cs, ce) = (c.start as usize, c.end as usize);
        let between = &text[ce..lead];
        let own_line = blank_from_line_start(text, cs).is_some();
        let comma_between = before.comma.is_some_and(|k| k >= ce && k < lead);
        if !own_line
            || comma_between
            || between.matches('\n').count() > 1
            || !between.trim().is_empty()
        {
            break;
        }
        lead = cs;
    }
    // After it, on its last line.
    let next_on_line = !text[e..after_to].contains('\n') && items.get(i + 1).is_some();
    let mut trail = e;
    for c in &after.comments {
        let cs = c.start as usize;
        if text[e..cs].contains('\n') {
            break;
        }
        if next_on_line && after.comma.is_some_and(|k| k < cs) {
            break;
        }
        trail = c.end as usize;
    }

    let whole_lines = |from: usize, to: usize| -> Option<(usize, usize)> {
        let start = blank_from_line_start(text, from)?;
        let rest_end = blank_to_line_end(text, to)?;
        Some((start, (rest_end + 1).min(text.len())))
    };
    let inline = |from: usize, to: usize| -> (usize, usize) {
        if blank_to_line_end(text, to).is_some() {
            // The line goes on after `from`: keep its line break, drop the spaces before.
            let kept = text[..from].trim_end_matches([' ', '\t']).len();
            (kept.max(open), to)
        } else {
            let skipped =
                to + (text[to..].len() - text[to..].trim_start_matches([' ', '\t']).len());
            (from, skipped)
        }
    };

    if let Some(comma) = after.comma {
        let to = trail.max(comma + 1);
        let (from, to) = whole_lines(lead, to).unwrap_or_else(|| inline(lead, to));
        return Some(vec![Edit::delete(Span::new(from, to))]);
    }
    if i == 0 {
        let (from, to) = whole_lines(lead, trail).unwrap_or((lead, trail));
        return Some(vec![Edit::delete(Span::new(from, to))]);
    }
    let comma = before.comma?;
    let others_between = before
        .comments
        .iter()
        .any(|c| c.start as usize > comma && (c.start as usize) < lead);
    if !others_between {
        return Some(vec![Edit::delete(Span::new(comma, trail))]);
    }
    // The previous item's comments follow the comma: the comma goes alone.
    let (from, to) = whole_lines(lead, trail).unwrap_or_else(|| inline(lead, trail));
    Some(vec![
        Edit::delete(Span::new(comma, comma + 1)),
        Edit::delete(Span::new(from, to)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_line_edges_read_no_further_than_needed() {
        // The naive definitions they replace: the whole line up to `at`, or from `at`.
        let blank = |s: &str| s.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r'));
        let naive_start = |t: &str, at: usize| {
            let start = t[..at].rfind('\n').map_or(0, |n| n + 1);
            blank(&t[start..at]).then_some(start)
        };
        let naive_end = |t: &str, at: usize| {
            let end = t[at..].find('\n').map_or(t.len(), |n| at + n);
            blank(&t[at..end]).then_some(end)
        };
        for t in [
            "",
            "a",
            " \t\r\n x \n\n",
            "[1, 2]\n  // c\n  3 \r\n]",
            "\n\n  \t",
        ] {
            for at in 0..=t.len() {
                assert_eq!(
                    blank_from_line_start(t, at),
                    naive_start(t, at),
                    "{t:?} {at}"
                );
                assert_eq!(blank_to_line_end(t, at), naive_end(t, at), "{t:?} {at}");
            }
        }
    }
    use crate::core::edit::{apply, Fix};

    /// The document of `text` and how many items its root holds.
    fn parsed(text: &str) -> (crate::parse::Document, usize) {
        let mut d = Vec::new();
        let doc = crate::parse::parse(text, crate::parse::Syntax::Jsonc, &mut d);
        let root = doc.root().expect("parses");
        let n = root.as_object().map_or_else(
            || root.as_array().map_or(0, crate::parse::Items::len),
            crate::parse::Members::len,
        );
        (doc, n)
    }

    /// `text` without item `i` of its root, removed reading the text, or (`with_text` false)
    /// only its comments, as for a parked big file; `None` when no edit is offered.
    fn removal(text: &str, i: usize, with_text: bool) -> Option<String> {
        let (doc, _) = parsed(text);
        let layout = Layout {
            text: with_text.then_some(text),
            comments: &doc.comments,
        };
        let edits = remove(layout, *doc.root().as_ref()?, i)?;
        let (out, n) = apply(text, [&Fix::safe(edits, "t")]);
        assert_eq!(n, 1);
        Some(out)
    }

    fn removed(text: &str, i: usize) -> String {
        removal(text, i, true).expect("removable")
    }

    #[test]
    fn one_way_to_remove_an_item() {
        // Each text, and what is left after removing item i.
        let cases: &[(&str, &[(usize, &str)])] = &[
            // Inline.
            (
                r#"{"a": 1, "b": 2}"#,
                &[(0, r#"{"b": 2}"#), (1, r#"{"a": 1}"#)],
            ),
            (r#"{"a": 1}"#, &[(0, r#"{}"#)]),
            ("[1, 2, 3]", &[(1, "[1, 3]"), (2, "[1, 2]")]),
            // One per line.
            (
                "{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 3\n}",
                &[(1, "{\n  \"a\": 1,\n  \"c\": 3\n}")],
            ),
            (
                "{\n  \"a\": 1,\n  \"b\": 2\n}",
                &[(1, "{\n  \"a\": 1\n}"), (0, "{\n  \"b\": 2\n}")],
            ),
            ("{\n  \"a\": 1\n}", &[(0, "{\n}")]),
            (
                "{\r\n  \"a\": 1,\r\n  \"b\": 2\r\n}",
                &[(0, "{\r\n  \"b\": 2\r\n}")],
            ),
            // A comment above an item is its own.
            (
                "{\n  \"a\": 1,\n  // about b\n  \"b\": 2\n}",
                &[
                    (0, "{\n  // about b\n  \"b\": 2\n}"),
                    (1, "{\n  \"a\": 1\n}"),
                ],
            ),
            (
                "{\n  // about a\n  \"a\": 1,\n  \"b\": 2\n}",
                &[(0, "{\n  \"b\": 2\n}")],
            ),
            // A comment after an item, on its line, is its own; the next item's is kept.
            (
                "{\n  \"a\": 1, // about a\n  \"b\": 2 // about b\n}",
                &[
                    (0, "{\n  \"b\": 2 // about b\n}"),
                    (1, "{\n  \"a\": 1 // about a\n}"),
                ],
            ),
            (
                "{\n  \"a\": 1 /* a */,\n  \"b\": 2\n}",
                &[(0, "{\n  \"b\": 2\n}")],
            ),
            // Inline neighbours keep their comments.
            ("{\"a\": 1, /* b */ \"b\": 2}", &[(0, "{/* b */ \"b\": 2}")]),
            ("{\"a\": 1 /* a */, \"b\": 2}", &[(0, "{\"b\": 2}")]),
            // A section comment (a blank line below it) stays.
            (
                "{\n  \"a\": 1,\n\n  // section\n\n  \"b\": 2\n}",
                &[(1, "{\n  \"a\": 1\n\n  // section\n\n}")],
            ),
            // A comment on the opening line stays.
            (
                "{ // header\n  \"a\": 1,\n  \"b\": 2\n}",
                &[(0, "{ // header\n  \"b\": 2\n}")],
            ),
            // A JSONC trailing comma goes with the last item; the previous comma stays.
            (
                "{\n  \"a\": 1,\n  \"b\": 2,\n}",
                &[(1, "{\n  \"a\": 1,\n}")],
            ),
            // Arrays alike.
            (
                "[\n  1, // one\n  // two\n  2\n]",
                &[(1, "[\n  1 // one\n]")],
            ),
            ("[\n  // one\n  1,\n  2\n]", &[(0, "[\n  2\n]")]),
        ];
        for (text, removals) in cases {
            for (i, want) in *removals {
                assert_eq!(&removed(text, *i), want, "removing {i} of {text:?}");
            }
        }
    }

    #[test]
    fn every_removal_parses_and_keeps_the_other_comments() {
        let texts = [
            "{\n  // a\n  \"a\": [1, /* x */ 2], // a2\n  /* b */ \"b\": {\"c\": 1}, \"d\": 2, // d\n\n  // e\n  \"e\": 3 // e2\n  ,\n}",
            "[ /* 0 */ 0 /* 0b */, // 0c\n 1,\n\n // 2\n 2 ]",
            "{\"a\":1,\"b\":2,\"c\":3}",
        ];
        for text in texts {
            let (doc, n) = parsed(text);
            assert!(n > 0);
            for i in 0..n {
                let out = removed(text, i);
                assert!(
                    crate::fix::parses("x.jsonc", &out),
                    "removing {i} of {text:?} gives {out:?}"
                );
                let (after, m) = parsed(&out);
                assert_eq!(m, n - 1, "{out:?}");
                // Every comment left is one of the original's, in the same order.
                let before: Vec<&str> = doc.comments.iter().map(|c| c.text.as_str()).collect();
                let left: Vec<&str> = after.comments.iter().map(|c| c.text.as_str()).collect();
                let mut it = before.iter();
                assert!(
                    left.iter().all(|c| it.any(|b| b == c)),
                    "{before:?} → {left:?}"
                );
            }
        }
    }

    #[test]
    fn without_the_text_a_removal_keeps_away_from_comments() {
        for (text, i, want) in [
            (r#"{"a": 1, "b": 2}"#, 0, Some(r#"{"b": 2}"#)),
            (r#"{"a": 1, "b": 2}"#, 1, Some(r#"{"a": 1}"#)),
            ("[1, 2, 3]", 1, Some("[1, 3]")),
            ("{\"a\": 1, // c\n \"b\": 2}", 0, None),
            ("{\"a\": 1, // c\n \"b\": 2}", 1, None),
            ("{\"a\": 1, \"b\": 2 /* c */}", 1, None),
            (
                "{\"a\": 1, // c\n \"b\": 2, \"d\": 3}",
                2,
                Some("{\"a\": 1, // c\n \"b\": 2}"),
            ),
        ] {
            let got = removal(text, i, false);
            assert_eq!(got.as_deref(), want, "removing {i} of {text:?}");
        }
    }
}
