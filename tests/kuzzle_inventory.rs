//! Inventory loading (mappings files, kourou dumps, securities files) and its use by the
//! Kuzzle rules and by `bodyguard check --inventory`.

use bodyguard::unstable::inventory::from_paths;
use bodyguard::Inventory;
use bodyguard::{Checker, Kind, Settings, SourceFile};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod run;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/inventory")
        .join(name)
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn collections(inv: &Inventory, index: &str) -> BTreeSet<String> {
    inv.indexes
        .as_ref()
        .and_then(|ix| ix.get(index))
        .cloned()
        .unwrap_or_default()
}

#[test]
fn raw_mappings_give_indexes_and_collections() {
    let inv = from_paths(&[fixture("raw-mappings.json")]).unwrap();
    let ix = inv.indexes.as_ref().unwrap();
    assert_eq!(
        ix.keys().cloned().collect::<BTreeSet<_>>(),
        set(&["logs", "shop"])
    );
    assert_eq!(collections(&inv, "shop"), set(&["customers", "orders"]));
    assert_eq!(collections(&inv, "logs"), set(&["access"]));
    assert_eq!(inv.roles, None, "a mappings file says nothing about roles");
    assert_eq!(inv.profiles, None);
    assert_eq!(inv.sources.len(), 1);
}

#[test]
fn framework_mappings_give_indexes_and_collections() {
    let inv = from_paths(&[fixture("framework-mappings.json")]).unwrap();
    assert_eq!(collections(&inv, "iot"), set(&["gateways", "sensors"]));
    assert_eq!(inv.indexes.as_ref().unwrap().len(), 1);
}

#[test]
fn kourou_dump_tree_gives_everything() {
    let inv = from_paths(&[fixture("kourou-dump")]).unwrap();
    assert_eq!(collections(&inv, "shop"), set(&["customers", "orders"]));
    assert_eq!(collections(&inv, "iot"), set(&["sensors"]));
    assert_eq!(
        inv.roles.clone().unwrap(),
        set(&[
            "admin",
            "anonymous",
            "asset-reader",
            "default",
            "shop-editor"
        ])
    );
    assert_eq!(
        inv.profiles.clone().unwrap(),
        set(&["admin", "anonymous", "default", "shop-editors"])
    );
    // Controllers the target's roles use are declared.
    assert!(inv.plugins.contains("device-manager/assets"));
    assert!(!inv.plugins.contains("document"));
}

#[test]
fn securities_file_and_roles_dump_give_ids() {
    let inv = from_paths(&[fixture("securities.json"), fixture("roles-dump.json")]).unwrap();
    assert_eq!(
        inv.roles.clone().unwrap(),
        set(&["admin", "anonymous", "auditor", "default", "reporter"])
    );
    assert_eq!(
        inv.profiles.clone().unwrap(),
        set(&["admin", "anonymous", "default", "reporters"])
    );
    assert_eq!(inv.indexes, None);
    assert_eq!(inv.sources.len(), 2);
}

#[test]
fn several_sources_merge() {
    let inv = from_paths(&[
        fixture("raw-mappings.json"),
        fixture("framework-mappings.json"),
        fixture("kourou-dump"),
    ])
    .unwrap();
    assert_eq!(
        inv.indexes
            .as_ref()
            .unwrap()
            .keys()
            .cloned()
            .collect::<BTreeSet<_>>(),
        set(&["iot", "logs", "shop"])
    );
    assert_eq!(collections(&inv, "iot"), set(&["gateways", "sensors"]));
    assert!(inv
        .describe()
        .starts_with("3 indexes, 5 collections, 5 roles, 4 profiles"));
}

#[test]
fn empty_object_knows_nothing() {
    let mut inv = Inventory::default();
    inv.add_value(&serde_json::json!({}), "empty.json").unwrap();
    assert_eq!(inv.indexes, None);
    assert_eq!(inv.roles, None);
}

#[test]
fn bad_inventories_name_the_file() {
    for (name, needle) in [
        ("bad/truncated.json", "not valid JSON"),
        ("bad/fixtures.json", "holds an array"),
        ("bad/collection-level.json", "without their index level"),
        ("bad/users-dump.json", "`users`"),
        ("bad/array.json", "expected a JSON object"),
        ("bad/no-dump-dir", "no kourou dump file"),
        ("bad/missing.json", ""),
        ("bad/profile.json", "this is a profile body"),
    ] {
        let err = from_paths(&[fixture(name)]).expect_err(name);
        assert!(err.path.ends_with(name), "{name}: {err}");
        assert!(err.message.contains(needle), "{name}: {err}");
        assert!(err.to_string().contains(name), "{name}: {err}");
    }
}

fn checker_with(paths: &[PathBuf], code: &str) -> Checker {
    Checker::with_settings(Settings {
        select: Some(vec![code.to_string()]),
        inventory: Some(Arc::new(from_paths(paths).unwrap())),
        ..Settings::default()
    })
}

fn codes_and_lines(checker: &Checker, kind: Kind, text: &str) -> Vec<(String, usize, usize)> {
    let report = checker.check_source(SourceFile::new("body.json", text), Some(kind));
    report
        .diagnostics
        .iter()
        .map(|d| {
            let lc = report.source.line_col(d.span.unwrap().start as usize);
            (d.code().to_string(), lc.line, lc.column)
        })
        .collect()
}

#[test]
fn securities_roles_resolve_against_the_inventory() {
    let text = r#"{
  "profiles": {
    "p": {"policies": [{"roleId": "auditor"}, {"roleId": "reporter"}, {"roleId": "auditors"}]}
  },
  "users": {"u": {"content": {"profileIds": ["reporters", "shop-editors"]}, "credentials": {"local": {"username": "u", "password": "x-secret"}}}}
}"#;
    let without = Checker::with_settings(Settings {
        select: Some(vec!["kuzzle/securities-unknown-role".into()]),
        ..Settings::default()
    });
    assert_eq!(
        codes_and_lines(&without, Kind::KuzzleSecurities, text).len(),
        3,
        "without an inventory, only the file and the built-ins are known"
    );
    let with = checker_with(
        &[fixture("securities.json"), fixture("roles-dump.json")],
        "kuzzle/securities-unknown-role",
    );
    assert_eq!(
        codes_and_lines(&with, Kind::KuzzleSecurities, text),
        vec![("kuzzle/securities-unknown-role".to_string(), 3, 82)]
    );
    let profiles = checker_with(
        &[fixture("securities.json")],
        "kuzzle/securities-unknown-profile",
    );
    assert_eq!(
        codes_and_lines(&profiles, Kind::KuzzleSecurities, text),
        vec![("kuzzle/securities-unknown-profile".to_string(), 5, 59)]
    );
}

#[test]
fn plugin_controllers_are_declared_by_the_inventory() {
    let text = r#"{"controllers": {"device-manager/assets": {"actions": {"get": true}}, "device-manager/devices": {"actions": {"get": true}}}}"#;
    let without = Checker::with_settings(Settings {
        select: Some(vec!["kuzzle/role-unknown-controller".into()]),
        ..Settings::default()
    });
    assert_eq!(codes_and_lines(&without, Kind::KuzzleRole, text).len(), 2);
    let with = checker_with(&[fixture("kourou-dump")], "kuzzle/role-unknown-controller");
    assert_eq!(
        codes_and_lines(&with, Kind::KuzzleRole, text),
        vec![("kuzzle/role-unknown-controller".to_string(), 1, 71)]
    );
}

/// Run bodyguard at the repository's root.
fn bodyguard(args: &[&str]) -> (i32, String, String) {
    run::bodyguard(args, Path::new(env!("CARGO_MANIFEST_DIR")))
}

#[test]
fn cli_reports_the_inventory_in_the_summary() {
    let (code, stdout, _) = bodyguard(&["check", "fixtures/valid/kuzzle-securities/shop.json"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains(
            "Inventory: none (unknown index/collection/role checks skipped; pass --inventory)"
        ),
        "{stdout}"
    );
    let (code, stdout, _) = bodyguard(&[
        "check",
        "--inventory",
        "fixtures/inventory/raw-mappings.json",
        "--inventory",
        "fixtures/inventory/kourou-dump",
        "fixtures/valid/kuzzle-securities/shop.json",
    ]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("Inventory: 3 indexes, 4 collections, 5 roles, 4 profiles from 2 sources"),
        "{stdout}"
    );
    // Customer Insights files alone get no inventory line.
    let (_, stdout, _) = bodyguard(&["check", "fixtures/valid/ci-connector/blob.json"]);
    assert!(!stdout.contains("Inventory:"), "{stdout}");
}

#[test]
fn cli_bad_inventory_is_a_usage_error() {
    let (code, stdout, stderr) = bodyguard(&[
        "check",
        "--inventory",
        "fixtures/inventory/bad/fixtures.json",
        "fixtures/valid/kuzzle-securities/shop.json",
    ]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(
        stderr.contains("fixtures/inventory/bad/fixtures.json"),
        "{stderr}"
    );
}
