//! Profile rules that need an inventory: unknown roles, indexes and collections.

use bodyguard::Inventory;
use bodyguard::{Checker, Kind, Report, Settings, Severity};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

fn inventory() -> Inventory {
    let mut indexes = BTreeMap::new();
    indexes.insert(
        "shop".to_string(),
        BTreeSet::from(["orders".to_string(), "products".to_string()]),
    );
    indexes.insert("blog".to_string(), BTreeSet::new());
    Inventory {
        indexes: Some(indexes),
        roles: Some(BTreeSet::from(["editor".to_string(), "reader".to_string()])),
        ..Inventory::default()
    }
}

fn checker(select: &str) -> Checker {
    Checker::with_settings(Settings {
        inventory: Some(Arc::new(inventory())),
        select: Some(vec![select.to_string()]),
        ..Settings::default()
    })
}

fn found(report: &Report) -> Vec<(&'static str, Severity, usize, usize)> {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let lc = report
                .source
                .line_col(d.span.expect("located").start as usize);
            (d.code(), d.severity, lc.line, lc.column)
        })
        .collect()
}

fn help(report: &Report, i: usize) -> &str {
    report.diagnostics[i].help.as_deref().unwrap_or_default()
}

#[test]
fn unknown_role() {
    let c = checker("kuzzle/unknown-role");
    let body = "{\n  \"policies\": [\n    {\"roleId\": \"editr\"},\n    {\"roleId\": \"Reader\"},\n    {\"roleId\": \"zzz\"}\n  ]\n}";
    let r = c.check(Kind::KuzzleProfile, body);
    assert_eq!(
        found(&r),
        [
            ("kuzzle/unknown-role", Severity::Error, 3, 16),
            ("kuzzle/unknown-role", Severity::Error, 4, 16),
            ("kuzzle/unknown-role", Severity::Error, 5, 16),
        ]
    );
    assert!(
        help(&r, 0).contains("did you mean `editor`?"),
        "{}",
        help(&r, 0)
    );
    assert!(help(&r, 0).contains("security.role.not_found"));
    assert!(
        help(&r, 1).contains("`Reader` differs from the existing role `reader` only by case: Kuzzle matches names exactly"),
        "{}",
        help(&r, 1)
    );
    // Known roles and the built-ins pass.
    let ok = r#"{"policies": [{"roleId": "editor"}, {"roleId": "admin"}, {"roleId": "anonymous"}, {"roleId": "default"}]}"#;
    assert!(c.check(Kind::KuzzleProfile, ok).is_clean());
    // Without an inventory the rule does not run.
    let plain = Checker::with_settings(Settings {
        select: Some(vec!["kuzzle/unknown-role".into()]),
        ..Settings::default()
    });
    assert!(plain.check(Kind::KuzzleProfile, body).is_clean());
}

#[test]
fn unknown_index() {
    let c = checker("kuzzle/unknown-index");
    let body = "{\"policies\": [{\"roleId\": \"editor\", \"restrictedTo\": [\n  {\"index\": \"shopp\"},\n  {\"index\": \"Shop\"},\n  {\"index\": \"shop\"},\n  {\"index\": \"blog\"}\n]}]}";
    // `Shop` breaks the naming rules, so kuzzle/invalid-name reports it instead.
    let r = c.check(Kind::KuzzleProfile, body);
    assert_eq!(
        found(&r),
        [("kuzzle/unknown-index", Severity::Error, 2, 13)]
    );
    assert!(
        help(&r, 0).contains("did you mean `shop`?"),
        "{}",
        help(&r, 0)
    );
    assert!(help(&r, 0).contains("services.storage.unknown_index"));
    let case = "{\"policies\": [{\"roleId\": \"editor\", \"restrictedTo\": [{\"index\": \"blog-\"}, {\"index\": \"_blog\"}]}]}";
    let r = c.check(Kind::KuzzleProfile, case);
    assert_eq!(found(&r).len(), 2);
    let mut inv = inventory();
    inv.indexes
        .as_mut()
        .unwrap()
        .insert("Legacy".into(), BTreeSet::new());
    let c2 = Checker::with_settings(Settings {
        inventory: Some(Arc::new(inv)),
        select: Some(vec!["kuzzle/unknown-index".into()]),
        ..Settings::default()
    });
    let r = c2.check(
        Kind::KuzzleProfile,
        r#"{"policies": [{"roleId": "editor", "restrictedTo": [{"index": "legacy"}]}]}"#,
    );
    assert_eq!(
        found(&r),
        [("kuzzle/unknown-index", Severity::Error, 1, 63)]
    );
    assert!(
        help(&r, 0).contains("`legacy` differs from the existing index `Legacy` only by case: Kuzzle matches names exactly"),
        "{}",
        help(&r, 0)
    );
}

#[test]
fn unknown_collection() {
    let c = checker("kuzzle/unknown-collection");
    let body = "{\"policies\": [{\"roleId\": \"editor\", \"restrictedTo\": [\n  {\"index\": \"shop\", \"collections\": [\"orders\", \"order\", \"products\"]},\n  {\"index\": \"blog\", \"collections\": [\"posts\"]},\n  {\"index\": \"nope\", \"collections\": [\"x\"]}\n]}]}";
    let r = c.check(Kind::KuzzleProfile, body);
    assert_eq!(
        found(&r),
        [
            ("kuzzle/unknown-collection", Severity::Error, 2, 47),
            ("kuzzle/unknown-collection", Severity::Error, 3, 37),
        ]
    );
    assert!(
        help(&r, 0).contains("did you mean `orders`?"),
        "{}",
        help(&r, 0)
    );
    assert!(help(&r, 0).contains("services.storage.unknown_collection"));
    assert!(
        help(&r, 1).contains("knows no collection"),
        "{}",
        help(&r, 1)
    );
    let ok = r#"{"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop", "collections": ["orders"]}]}]}"#;
    assert!(c.check(Kind::KuzzleProfile, ok).is_clean());
}
