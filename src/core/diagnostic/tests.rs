//! Unit tests of `core::diagnostic`.

use super::SharedText;

#[test]
fn equal_texts_share_one_allocation() {
    let a = SharedText::from(format!("remove `{}`", "x"));
    let b = SharedText::from("remove `x`");
    let c = SharedText::from("remove `y`");
    assert_eq!(a, b);
    assert!(std::ptr::eq(a.as_str(), b.as_str()));
    assert_ne!(a, c);
    assert_eq!(format!("{a}"), "remove `x`");
    assert_eq!(format!("{a:?}"), "\"remove `x`\"");
}

/// Sorted by position, equal positions in their first order, on every permutation of
/// five findings with two equal keys.
#[test]
fn sort_by_position_is_stable() {
    use super::{sort_by_position, Diagnostic};
    use crate::core::builtin;
    use crate::core::source::Span;
    let made = [
        Diagnostic::new(&builtin::DUPLICATE_KEY, "a").with_span(Span::new(5, 6)),
        Diagnostic::new(&builtin::DUPLICATE_KEY, "b").with_span(Span::new(5, 6)),
        Diagnostic::new(&builtin::BOM, "c").with_span(Span::new(0, 3)),
        Diagnostic::new(&builtin::DUPLICATE_KEY, "d").with_span(Span::new(9, 10)),
        Diagnostic::new(&builtin::BOM, "e"),
    ];
    let mut permutation: Vec<usize> = (0..made.len()).collect();
    let mut checked = 0;
    loop {
        let mut list: Vec<Diagnostic> = permutation.iter().map(|&i| made[i].clone()).collect();
        let mut want = list.clone();
        want.sort_by_key(|d| {
            (
                d.span.map(|s| (s.start, s.end)).unwrap_or((0, 0)),
                d.meta.code,
            )
        });
        sort_by_position(&mut list);
        let messages =
            |l: &[Diagnostic]| l.iter().map(|d| d.message.to_string()).collect::<Vec<_>>();
        assert_eq!(messages(&list), messages(&want), "from {permutation:?}");
        checked += 1;
        // Next permutation in lexicographic order.
        let Some(i) = (0..permutation.len() - 1)
            .rev()
            .find(|&i| permutation[i] < permutation[i + 1])
        else {
            break;
        };
        let j = (i + 1..permutation.len())
            .rev()
            .find(|&j| permutation[j] > permutation[i])
            .unwrap();
        permutation.swap(i, j);
        permutation[i + 1..].reverse();
    }
    assert_eq!(checked, 120);
}

#[test]
fn labels_keep_their_order() {
    use super::{Label, Labels};
    use crate::core::source::Span;
    let mut labels = Labels::default();
    assert!(labels.is_empty());
    for (i, text) in ["first", "second", "third"].into_iter().enumerate() {
        labels.push(Label::new(Span::new(i, i + 1), text));
        assert_eq!(labels.len(), i + 1);
    }
    let texts: Vec<&str> = labels.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, ["first", "second", "third"]);
    labels.as_mut_slice()[0].text = "changed".into();
    assert_eq!(labels.as_slice()[0].text, "changed");
}
