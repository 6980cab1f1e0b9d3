//! The whole check path on arbitrary bytes: parse → kind → schema → rules → cross-file pass →
//! every output format. Also checks that the fast JSON parser agrees with the full one, and
//! that validating the tree directly finds what validating its `serde_json::Value` finds.
//!
//! The first byte picks the file name (`.json` / `.jsonc`) and the kind (sniffed or forced).

#![no_main]

#[path = "../paths.rs"]
mod paths;

use bodyguard::unstable::parse::{parse, parse_without_fast_path, Syntax};
use bodyguard::{Kind, SourceFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let checker = paths::checker();
    let (name, kind) = paths::select(selector);
    let syntax = Syntax::for_path(name);

    let mut fast = Vec::new();
    let a = parse(text, syntax, &mut fast);
    let mut full = Vec::new();
    let b = parse_without_fast_path(text, syntax, &mut full);
    assert_eq!(a.tree, b.tree, "fast and full parsers disagree on the tree");
    assert_eq!(
        format!("{fast:?}"),
        format!("{full:?}"),
        "fast and full parsers disagree on findings"
    );

    if let Some(root) = a.root() {
        // The tree validator agrees with the `serde_json::Value` one.
        let value = root.to_value();
        for kind in Kind::ALL {
            let mut by_value = Vec::new();
            checker
                .schemas()
                .validate(kind, &value, root, &mut by_value);
            let mut by_tree = Vec::new();
            checker.schemas().validate_tree(kind, root, &mut by_tree);
            for list in [&mut by_value, &mut by_tree] {
                list.sort_by_key(|f| (f.span.start, f.span.end, f.rule.code));
            }
            assert_eq!(
                format!("{by_value:?}"),
                format!("{by_tree:?}"),
                "schema passes disagree"
            );
        }
    }

    let report = checker.check_source(SourceFile::new(name, text), kind);
    for d in &report.diagnostics {
        if let Some(span) = d.span {
            assert!(span.end as usize <= text.len(), "span past the end: {d:?}");
            assert!(
                text.is_char_boundary(span.start as usize)
                    && text.is_char_boundary(span.end as usize)
            );
        }
    }
    let mut reports = vec![report];
    bodyguard::unstable::project::check(&mut reports, checker.settings());
    paths::render_all(&reports);
});
