//! Unit tests of `schema`.

use super::*;
use crate::parse::{parse, Syntax};

/// The tree validator finds what the `Value` validator finds, on every kind.
fn assert_same(set: &SchemaSet, text: &str) {
    let mut d = Vec::new();
    let document = parse(text, Syntax::Jsonc, &mut d);
    let Some(root) = document.root() else {
        return;
    };
    for kind in Kind::ALL {
        let mut by_value = Vec::new();
        set.validate(kind, &root.to_value(), root, &mut by_value);
        let mut by_tree = Vec::new();
        set.validate_tree(kind, root, &mut by_tree);
        // Members come in source order rather than sorted: compare in output order
        // (`Checker` sorts findings by position, then code).
        for list in [&mut by_value, &mut by_tree] {
            list.sort_by_key(|f| (f.span.start, f.span.end, f.rule.code));
        }
        assert_eq!(
            format!("{by_value:?}"),
            format!("{by_tree:?}"),
            "{kind} on {text}"
        );
    }
}

/// Validating big containers a run of entries at a time finds what one pass over the whole
/// body finds, in output order: on every fixture as every kind, alone and as the entries of
/// a securities file's sections (with budgets that cut every container into runs of one
/// entry, and into runs of a few), and on a body with errors at every level, duplicate
/// sections and duplicate entries.
#[test]
fn windows_find_what_one_pass_finds() {
    let set = SchemaSet::new().unwrap();
    let in_order = |mut found: Vec<SchemaFinding<'_>>| {
        found.sort_by_key(|f| (f.span.start, f.span.end, f.rule.code));
        format!("{found:?}")
    };
    let mut texts = Vec::new();
    for (_, text) in crate::test_support::fixture_texts() {
        // Each body also as the entries of every section, beside a valid entry.
        let body = text.trim_start_matches('\u{feff}');
        texts.push(format!(
                r#"{{"roles": {{"a": {body}, "ok": {{"controllers": {{}}}}, "b": {body}}},
                    "profiles": {{"a": {body}, "b": {body}}}, "users": {{"a": {body}, "b": {body}}}}}"#
            ));
        texts.push(text);
    }
    texts.push(
        r#"{"roles": {"a": {"controllers": {"document": {"actions": {"get": "yes"}}}},
                          "b": {"controllers": 5, "x": 1}, "c": {}, "a": {"controllers": {}}},
                "extra": 1,
                "profiles": {"p": {"policies": [{"roleId": 1}]}, "q": {"rateLimit": -1}, "r": 7},
                "users": {"u": {"content": {"profileIds": "p"}}, "v": {"credentials": 1}},
                "roles": {"z": {"controllers": {"*": {"actions": {"*": 1}}}}, "y": []}}"#
            .into(),
    );
    let mut cut = 0;
    for text in &texts {
        let mut d = Vec::new();
        let document = parse(text, Syntax::Jsonc, &mut d);
        let Some(root) = document.root() else {
            continue;
        };
        for kind in Kind::ALL {
            for unique_keys in [false, true] {
                if unique_keys && !d.is_empty() {
                    continue;
                }
                let validate = |budget: usize| {
                    let mut found = Vec::new();
                    let mut limit = FindingLimit::new(None);
                    let mut into = map::Found {
                        out: &mut found,
                        limit: &mut limit,
                    };
                    set.validate_tree_windowed(kind, root, unique_keys, budget, &mut into);
                    found
                };
                let whole = in_order(validate(usize::MAX));
                for budget in [1, 7, 24] {
                    assert_eq!(
                        in_order(validate(budget)),
                        whole,
                        "{kind}, budget {budget}, on {text}"
                    );
                }
                let shadowed = shadowed::shadowed_members(root);
                let plan = window::Plan::new(root, &shadowed, &set.get(kind).known, 7);
                cut += usize::from(plan.cut_containers() > 0 && whole != "[]");
            }
        }
    }
    assert!(cut > 100, "{cut} bodies with findings were cut");
}

/// What makes showing an object in part sound (`window`): beside the entries of a run, the
/// schema of a kind reads of an object only whether a key it names is there and the value
/// of a scalar it names (`required`, and `const` or `enum` in the `if` of a conditional); of
/// an array, nothing position by position; and no count but "at least one".
#[test]
fn kind_schemas_can_be_windowed() {
    fn check(schema: &Value, kind: Kind, in_if: bool) {
        match schema {
            Value::Object(map) => {
                for (keyword, value) in map {
                    let keyword = keyword.as_str();
                    assert!(
                        !matches!(
                            keyword,
                            "oneOf"
                                | "anyOf"
                                | "not"
                                | "contains"
                                | "uniqueItems"
                                | "maxItems"
                                | "maxProperties"
                                | "propertyNames"
                                | "patternProperties"
                                | "dependencies"
                                | "dependentRequired"
                                | "dependentSchemas"
                                | "additionalItems"
                                | "prefixItems"
                        ),
                        "{kind} has `{keyword}`"
                    );
                    if matches!(keyword, "minItems" | "minProperties") {
                        assert!(value.as_u64() <= Some(1), "{kind}: {keyword} {value}");
                    }
                    if keyword == "items" {
                        assert!(value.is_object(), "{kind}: `items` by position");
                    }
                    if in_if {
                        assert!(
                            matches!(keyword, "required" | "properties" | "const" | "enum"),
                            "{kind}: an `if` reads `{keyword}`"
                        );
                    }
                    match (keyword, value) {
                        ("properties" | "definitions", Value::Object(named)) => {
                            named.values().for_each(|v| check(v, kind, in_if));
                        }
                        ("required" | "enum" | "const", _) => {}
                        ("if", _) => check(value, kind, true),
                        _ => check(value, kind, in_if),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| check(v, kind, in_if)),
            _ => {}
        }
    }
    let set = SchemaSet::new().unwrap();
    for kind in Kind::ALL {
        check(set.schema(kind), kind, false);
        assert!(set.get(kind).known.len() > 3, "{kind}: the keys it names");
    }
}

/// Skipping the duplicate search changes nothing on a body the parser found no
/// duplicate in.
#[test]
fn unique_keys_validation_matches() {
    let set = SchemaSet::new().unwrap();
    let mut checked = 0;
    for (path, text) in crate::test_support::fixture_texts() {
        let mut d = Vec::new();
        let document = parse(&text, Syntax::Jsonc, &mut d);
        let Some(root) = document.root() else {
            continue;
        };
        if d.iter()
            .any(|d| *d.meta == crate::core::builtin::DUPLICATE_KEY)
        {
            assert!(!shadowed::shadowed_members(root).is_empty());
            continue;
        }
        assert!(shadowed::shadowed_members(root).is_empty());
        for kind in Kind::ALL {
            let (mut all, mut unique) = (Vec::new(), Vec::new());
            let none = || FindingLimit::new(None);
            set.validate_tree_keys(kind, root, false, &mut none(), &mut all);
            set.validate_tree_keys(kind, root, true, &mut none(), &mut unique);
            assert_eq!(
                format!("{all:?}"),
                format!("{unique:?}"),
                "{}",
                path.display()
            );
        }
        checked += 1;
    }
    assert!(checked > 100);
}

/// Findings name their place by typed steps (an object's key `"0"` stays a key), and
/// their pointer is built from those steps and the key of the kind.
#[test]
fn findings_are_typed() {
    use crate::parse::JsonType;
    use finding::{SchemaErrorKind as E, Segment::Index, Segment::Key};
    let set = SchemaSet::new().unwrap();
    for (kind, text, want) in [
        (
            Kind::KuzzleProfile,
            r#"{"policies": [{"roleId": 5, "x/~": 1}, {}]}"#,
            vec![
                (
                    E::Type {
                        found: JsonType::Integer,
                    },
                    vec![Key("policies"), Index(0), Key("roleId")],
                    "/policies/0/roleId",
                ),
                (
                    E::UnknownKey { key: "x/~" },
                    vec![Key("policies"), Index(0)],
                    "/policies/0/x~1~0",
                ),
                (
                    E::Required {
                        key: "roleId".into(),
                    },
                    vec![Key("policies"), Index(1)],
                    "/policies/1/roleId",
                ),
            ],
        ),
        (
            Kind::KuzzleSecurities,
            r#"{"roles": {"0": {"controllers": 5}}}"#,
            vec![(
                E::Type {
                    found: JsonType::Integer,
                },
                vec![Key("roles"), Key("0"), Key("controllers")],
                "/roles/0/controllers",
            )],
        ),
    ] {
        let mut d = Vec::new();
        let document = parse(text, Syntax::Json, &mut d);
        let root = document.root().unwrap();
        let mut out = Vec::new();
        set.validate_tree(kind, root, &mut out);
        let mut got: Vec<_> = out
            .iter()
            .map(|f| (f.kind.clone(), f.segments().to_vec(), f.pointer()))
            .collect();
        got.sort_by(|a, b| a.2.cmp(&b.2));
        assert_eq!(got.len(), want.len(), "{text}");
        for ((kind, path, pointer), (k, p, ptr)) in got.iter().zip(&want) {
            assert_eq!((kind, path, pointer.as_str()), (k, p, *ptr), "{text}");
        }
    }
}

/// The validator reads the instance of an error itself only where a regular expression
/// could not finish; no schema of a kind runs one, so the wide containers the tree does not
/// copy into errors (`tree::COPIED_WORDS`) are never read.
#[test]
fn no_kind_schema_runs_a_regex() {
    fn keywords<'v>(schema: &'v Value, found: &mut Vec<&'v str>) {
        match schema {
            Value::Object(map) => {
                for (key, value) in map {
                    found.push(key);
                    let names_only = matches!(
                        key.as_str(),
                        "properties" | "definitions" | "$defs" | "dependentSchemas"
                    );
                    match (names_only, value) {
                        (true, Value::Object(named)) => {
                            named.values().for_each(|v| keywords(v, found));
                        }
                        _ => keywords(value, found),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| keywords(v, found)),
            _ => {}
        }
    }
    let set = SchemaSet::new().unwrap();
    for kind in Kind::ALL {
        let mut found = Vec::new();
        keywords(set.schema(kind), &mut found);
        assert!(
            found.contains(&"properties"),
            "{kind}: the walk reads keywords"
        );
        for regex in ["pattern", "patternProperties"] {
            assert!(!found.contains(&regex), "{kind} has `{regex}`");
        }
    }
}

#[test]
fn tree_validation_matches_value_validation() {
    let set = SchemaSet::new().unwrap();
    for text in [
        r#"{"policies": [{"roleId": "a", "roleId": 5}], "rateLimit": 1e999}"#,
        r#"{"policies": [], "policies": [{"roleId": "x", "restrictedTo": [{"index": "i", "index": 3}]}]}"#,
        r#"{"rateLimit": 1.0, "tags": ["a", "a"], "policies": [{"roleId": "r"}]}"#,
        r#"{"rateLimit": -1, "tags": "x", "policies": {}}"#,
        r#"{"controllers": {"auth": {"actions": {"login": "yes", "login": true}}}}"#,
        r#"{"connectorType": "Blob", "connectorType": "CRM", "connectorProperties": {"organizationId": 5}}"#,
        r#"{"properties": {"fields": [{"fieldName": 1, "fieldType": null, "maxLength": 1.5}]}}"#,
        r#"{"fields": [], "strongIds": [{"keyPropertyNames": [1, 2]}], "created": "not a date"}"#,
        r#"{"users": {"u": {"content": {"profileIds": "x"}}}, "roles": [], "profiles": {"p": 1}}"#,
        r#"[1, "a", null, true, {"a": {}}]"#,
        r#""string""#,
        r#"12345678901234567890123"#,
    ] {
        assert_same(&set, text);
    }
    let mut wide = String::from("{\"policies\": [],");
    for i in 0..40 {
        wide.push_str(&format!("\"k{}\": {i},", i % 30));
    }
    wide.push_str("\"roles\": {\"a\": 1, \"a\": {}}}");
    assert_same(&set, &wide);
    // Containers validated a run at a time, with errors on and inside them.
    let keys: Vec<String> = (0..window::WINDOW_WORDS / 2)
        .map(|i| format!("\"Key{i}\": {i}"))
        .collect();
    let items = vec!["{\"index\": 1}"; window::WINDOW_WORDS / 2].join(",");
    let policies = format!(r#"[{{"roleId": "r", "restrictedTo": [{items}]}}]"#);
    // Unknown keys further apart than the scan for the next one looks (hidden duplicates
    // between them), so that some are found through the index.
    let duplicates = vec![r#""typeName": "T""#; 70].join(", ");
    let apart: Vec<String> = (0..40)
        .map(|i| format!(r#""Key{i}": {i}, {duplicates}"#))
        .collect();
    for text in [
        format!("{{{}}}", keys.join(",")),
        format!(
            r#"{{"fields": {{{}}}, "policies": {policies}}}"#,
            keys.join(",")
        ),
        format!("[{items}]"),
        format!("{{{}}}", apart.join(",")),
    ] {
        assert_same(&set, &text);
    }
    for (_, text) in crate::test_support::fixture_texts() {
        assert_same(&set, &text);
    }
}
