//! Bringing a tree up to date after an edit of its text, by parsing again only the smallest
//! value that holds the edit: an editor's one-key change to a 1 MB file re-parses a few bytes
//! instead of the whole text.
//!
//! The result is the tree a parse of the whole new text gives, or nothing: a patch is only
//! made where that is certain (see [`reparse`]), and the caller parses the whole text
//! otherwise.

use super::fast;
use super::tree::{Member, Node, Value};
use super::Document;
use crate::core::diagnostic::Diagnostic;
use crate::core::source::Span;
use std::sync::Arc;

/// Where two texts differ: bytes `start..old_end` of the old text became `start..new_end` of
/// the new one; the bytes before `start` and after the ends are the same in both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextEdit {
    /// First differing byte.
    pub start: usize,
    /// End of the replaced bytes in the old text.
    pub old_end: usize,
    /// End of the replacing bytes in the new text.
    pub new_end: usize,
}

impl TextEdit {
    /// The one edit that turns `old` into `new`, from their common prefix and suffix;
    /// `None` when they are equal.
    pub fn between(old: &str, new: &str) -> Option<TextEdit> {
        let (old, new) = (old.as_bytes(), new.as_bytes());
        let prefix = common_prefix(old, new);
        if prefix == old.len() && prefix == new.len() {
            return None;
        }
        let room = old.len().min(new.len()) - prefix;
        let suffix = common_suffix(&old[prefix..], &new[prefix..]).min(room);
        Some(TextEdit {
            start: prefix,
            old_end: old.len() - suffix,
            new_end: new.len() - suffix,
        })
    }
}

/// Length of the common prefix, compared a block at a time.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 64;
    let len = a.len().min(b.len());
    let mut at = 0;
    while at + BLOCK <= len && a[at..at + BLOCK] == b[at..at + BLOCK] {
        at += BLOCK;
    }
    at + a[at..len]
        .iter()
        .zip(&b[at..len])
        .take_while(|(x, y)| x == y)
        .count()
}

/// Length of the common suffix, compared a block at a time.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 64;
    let len = a.len().min(b.len());
    let (a, b) = (&a[a.len() - len..], &b[b.len() - len..]);
    let mut at = len;
    while at >= BLOCK && a[at - BLOCK..at] == b[at - BLOCK..at] {
        at -= BLOCK;
    }
    len - at
        + a[..at]
            .iter()
            .rev()
            .zip(b[..at].iter().rev())
            .take_while(|(x, y)| x == y)
            .count()
}

/// Update `document`, the parse of a text, to the parse of `new`, that text after `edit`.
/// Returns `false`, leaving `document` as it was, when this is not certain to give the tree a
/// parse of `new` gives; the caller then parses `new` whole.
///
/// `diagnostics` are those the parse of `document` gave (a BOM, duplicate keys, numbers out
/// of range): they move, or go with the value they are in, as the comments of a JSONC
/// document do. The edit is then re-parsed in the deepest value holding it (a member's
/// value or an element, not the root) whose new text parses, alone and with no diagnostic,
/// into one value spanning all of it. Such a value ends where its old one did (at `,`, `}`,
/// `]` or white space, which no value runs into), and the text around it is unchanged, so a
/// parse of the whole text reads the same value there and the same tree around it, only
/// shifted by the edit's length.
pub fn reparse(
    document: &mut Document,
    diagnostics: &mut Vec<Diagnostic>,
    new: &str,
    edit: TextEdit,
) -> bool {
    let Some(tree) = document.tree.as_ref() else {
        return false;
    };
    // The steps from the root to the deepest value that holds the edit: their records and
    // spans.
    let mut chain: Vec<(Node<'_>, Span)> = Vec::new();
    let mut node = tree.root();
    let holds = |n: Node<'_>| {
        n.span().start as usize <= edit.start && edit.old_end <= n.span().end as usize
    };
    loop {
        let child = match node.value() {
            Value::Object(members) => members.iter().map(Member::value).find(|v| holds(*v)),
            Value::Array(items) => items.iter().find(|n| holds(*n)),
            _ => None,
        };
        let Some(child) = child else { break };
        chain.push((child, child.span()));
        node = child;
    }
    let delta = edit.new_end as i64 - edit.old_end as i64;
    // From the deepest value up to the root's children: the first that parses alone.
    while let Some((node, old)) = chain.pop() {
        let (at, packed) = (node.id(), node.is_packed_entry());
        let start = old.start as usize;
        let Some(end) = usize::try_from(old.end as i64 + delta)
            .ok()
            .filter(|&end| new.get(start..end).is_some())
        else {
            return false;
        };
        let mut found = Vec::new();
        let depth = chain.len() + 1;
        let Some((records, openers)) = fast::parse_at(new, start..end, depth, None, &mut found)
        else {
            continue;
        };
        // An entry of a packed array is replaced by a scalar only (else its array goes whole).
        let exact = records.root_span() == Some(Span::new(start, end))
            && !(packed && records.root_is_container());
        let Some(moved_diagnostics) = (exact && found.is_empty())
            .then(|| moved_around(diagnostics, old, delta))
            .flatten()
        else {
            continue;
        };
        *diagnostics = moved_diagnostics;
        let Some(tree) = document.tree.as_mut() else {
            return false;
        };
        tree.splice(
            (at, packed),
            old,
            records.into_parts(),
            delta,
            Arc::new(new.to_owned()),
        );
        // Without openers before and in the new value, there are none now; with
        // some before, the word stays "maybe" (which only costs a search).
        document.strings_without_openers &= !openers;
        // A JSONC file's comments: none is left in the new value (the fast parser
        // reads none), those after it move.
        let (from, to) = (old.start, old.end);
        document
            .comments
            .retain(|c| !(from <= c.span.start && c.span.end <= to));
        for c in &mut document.comments {
            if c.span.start >= to {
                c.span.start = moved(c.span.start, delta);
                c.span.end = moved(c.span.end, delta);
            }
        }
        return true;
    }
    false
}

/// `diagnostics` once the value at `old` is replaced by one `delta` bytes longer: those in
/// the value are gone (the new one was parsed without any), those after it move. `None` when
/// one of them is partly in the value (then the whole text must be parsed).
fn moved_around(diagnostics: &[Diagnostic], old: Span, delta: i64) -> Option<Vec<Diagnostic>> {
    let inside = |s: Span| old.start <= s.start && s.end <= old.end && s.start < s.end;
    let outside = |s: Span| s.end <= old.start || s.start >= old.end;
    let move_span = |s: &mut Span| {
        if s.start >= old.end {
            s.start = moved(s.start, delta);
            s.end = moved(s.end, delta);
        }
    };
    let mut out = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        let spans: Vec<Span> = d
            .span
            .iter()
            .copied()
            .chain(d.labels.iter().map(|l| l.span))
            .chain(d.fix.iter().flat_map(|f| f.edits.iter().map(|e| e.span)))
            .collect();
        if !spans.is_empty() && spans.iter().all(|&s| inside(s)) {
            continue;
        }
        if !spans.iter().all(|&s| outside(s)) {
            return None;
        }
        let mut d = d.clone();
        if let Some(span) = d.span.as_mut() {
            move_span(span);
        }
        for label in d.labels.as_mut_slice() {
            move_span(&mut label.span);
        }
        if let Some(fix) = d.fix.as_mut() {
            for e in &mut fix.edits {
                move_span(&mut e.span);
            }
        }
        out.push(d);
    }
    Some(out)
}

/// `offset` moved by `delta` bytes.
fn moved(offset: u32, delta: i64) -> u32 {
    (offset as i64 + delta) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse, Syntax};

    /// Patch the parse of `old` (read as `syntax`, with what its parse found) to `new`; when
    /// patched, the tree, the comments and the findings must be those a parse of `new`
    /// gives. Returns whether it was patched.
    fn patched_as(syntax: Syntax, old: &str, new: &str) -> bool {
        let mut found = Vec::new();
        let mut document = parse(old, syntax, &mut found);
        let edit = TextEdit::between(old, new).expect("the texts differ");
        if !reparse(&mut document, &mut found, new, edit) {
            return false;
        }
        let mut fresh_found = Vec::new();
        let fresh = parse(new, syntax, &mut fresh_found);
        assert_eq!(document.tree, fresh.tree, "{old} → {new}");
        // Record for record, packed arrays included.
        assert_eq!(
            document.tree.as_ref().map(|t| t.records()),
            fresh.tree.as_ref().map(|t| t.records()),
            "{old} → {new}"
        );
        assert_eq!(document.comments, fresh.comments, "{new}");
        assert_eq!(format!("{found:?}"), format!("{fresh_found:?}"), "{new}");
        assert!(
            !document.strings_without_openers || fresh.strings_without_openers,
            "openers lost: {new}"
        );
        true
    }

    /// [`patched_as`] for JSON.
    fn patched(old: &str, new: &str) -> bool {
        patched_as(Syntax::Json, old, new)
    }

    #[test]
    fn the_edit_between_two_texts() {
        let edit = |a, b| TextEdit::between(a, b).map(|e| (e.start, e.old_end, e.new_end));
        assert_eq!(edit("abc", "abc"), None);
        assert_eq!(edit("abc", "abXc"), Some((2, 2, 3)));
        assert_eq!(edit("aaa", "aa"), Some((2, 3, 2)));
        assert_eq!(edit("abc", ""), Some((0, 3, 0)));
        let long = "x".repeat(300);
        let (a, b) = (format!("{long}1{long}"), format!("{long}22{long}"));
        assert_eq!(edit(&a, &b), Some((300, 301, 302)));
    }

    #[test]
    fn a_value_edited_in_place_is_parsed_alone() {
        let old = r#"{"roles": {"a": {"x": [1, 2]}, "b": {"y": "z"}}, "users": {"u": true}}"#;
        assert!(patched(
            old,
            &old.replace("[1, 2]", "[1, 22, {\"k\": null}]")
        ));
        assert!(patched(old, &old.replace("\"z\"", "\"zz{x}\"")));
        assert!(patched(old, &old.replace("true", "false")));
        assert!(patched(
            old,
            &old.replace(r#""y": "z""#, r#""y": "z", "w": 1"#)
        ));
        // A key of a nested object: its object is parsed again.
        assert!(patched(old, &old.replace(r#""y""#, r#""why""#)));
    }

    #[test]
    fn what_is_not_certain_is_left_to_a_whole_parse() {
        let old = r#"{"a": {"x": 1, "y": 2}, "b": [true]}"#;
        // A key of the root, an edit breaking the syntax, a new duplicate key.
        assert!(!patched(old, &old.replace(r#""b""#, r#""c""#)));
        assert!(!patched(old, &old.replace("[true]", "[true")));
        assert!(!patched(old, &old.replace(r#""y""#, r#""x""#)));
        // A value joined to its neighbour, an edit outside the root.
        assert!(!patched(old, &old.replace("1, \"y\": 2", "1 2")));
        assert!(!patched(old, &format!(" {old}")));
    }

    #[test]
    fn what_the_parse_found_moves_with_the_text() {
        // A BOM, a duplicate key before the edit, one after it, a number out of range.
        let old =
            "\u{feff}{\"a\": 1, \"a\": 2, \"b\": {\"x\": [1, 2]}, \"c\": {\"y\": 1, \"y\": 1e999}}";
        let mut found = Vec::new();
        parse(old, Syntax::Json, &mut found);
        assert_eq!(found.len(), 4, "{found:?}");
        let patch = |new: &str| patched(old, new);
        assert!(patch(&old.replace("[1, 2]", "[1, 22, 333]")));
        assert!(patch(&old.replace("[1, 2]", "[]")));
        assert!(patch(&old.replace("1e999", "1")));
        assert!(patch(&old.replace("\"a\": 2", "\"a\": 2222")));
        // A new duplicate key, or a new number out of range, is left to a whole parse.
        assert!(!patch(&old.replace("{\"x\"", "{\"x\": 0, \"x\"")));
        assert!(!patch(&old.replace("[1, 2]", "[1e999]")));
    }

    #[test]
    fn a_jsonc_file_keeps_its_comments_where_they_are() {
        let old =
            "{\"a\": {\"x\": 1, // one\n \"y\": [2, 3,]}, /* b */ \"b\": {\"z\": \"w\"} // end\n}";
        let mut found = Vec::new();
        parse(old, Syntax::Jsonc, &mut found);
        assert!(found.is_empty(), "{found:?}");
        let patch = |new: &str| patched_as(Syntax::Jsonc, old, new);
        // Before, between and after the comments; a value holding a comment goes whole.
        assert!(patch(&old.replace("1,", "11,")));
        assert!(patch(&old.replace("\"w\"", "\"ww\"")));
        assert!(patch(&old.replace("[2, 3,]", "[2]")));
        // A value beside a trailing comma is parsed alone; a container holding one, or a
        // comment, is left to a whole parse.
        assert!(patch(&old.replace("[2, 3,]", "[2, 33,]")));
        assert!(!patch(&old.replace("[2, 3,]", "[2, 3, ]")));
        assert!(!patch(&old.replace("// one", "// two")));
    }

    #[test]
    fn every_single_byte_edit_gives_the_tree_of_a_whole_parse() {
        // The second text's arrays are packed (scalars only): an entry is spliced alone.
        for old in [
            r#"{"a": {"b": [1, -2.5e3, "x\"y", {"c": null}], "d": "é{x}"}, "e": [[], {}]}"#,
            r#"{"l": [1, "a\"b", true, "é"], "m": [2, 3], "n": {"o": ["p", -1]}, "q": 4}"#,
        ] {
            every_single_byte_edit_of(old);
        }
    }

    fn every_single_byte_edit_of(old: &str) {
        let replacements = [
            "", "0", "9", "\"", ",", "{", "}", "[", "]", " ", "e", "-", "x",
        ];
        let mut checked = 0;
        for start in 0..old.len() {
            for end in [start, start + 1, start + 2] {
                let (Some(before), Some(after)) = (old.get(..start), old.get(end..)) else {
                    continue;
                };
                for r in replacements {
                    let new = format!("{before}{r}{after}");
                    let mut diagnostics = Vec::new();
                    parse(&new, Syntax::Json, &mut diagnostics);
                    if new != old && diagnostics.is_empty() && patched(old, &new) {
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 100, "only {checked} edits were patched");
    }
}
