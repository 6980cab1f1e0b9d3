//! `kuzzle/restricted-index-less-role` across files: a restricted policy in one file, its
//! role in another (facts recorded per file, matched by `bodyguard::unstable::project::check`).

use bodyguard::unstable::project;
use bodyguard::Fact;
use bodyguard::{Checker, Kind, Report, Settings, Severity, SourceFile, Span};
use std::collections::BTreeMap;

const CODE: &str = "kuzzle/restricted-index-less-role";

fn check(files: &[(&str, &str)], settings: Settings) -> Vec<Report> {
    let checker = Checker::with_settings(settings);
    let mut reports: Vec<Report> = files
        .iter()
        .map(|(name, text)| checker.check_source(SourceFile::new(*name, *text), None))
        .collect();
    project::check(&mut reports, checker.settings());
    reports
}

/// (file, line, column, severity) of every finding of the rule.
fn findings(reports: &[Report]) -> Vec<(String, usize, usize, Severity)> {
    let mut out = Vec::new();
    for r in reports {
        for d in r.diagnostics.iter().filter(|d| d.code() == CODE) {
            let lc = r.source.line_col(d.span.unwrap().start as usize);
            out.push((r.source.name().to_string(), lc.line, lc.column, d.severity));
        }
    }
    out
}

const SHOP_PROFILES: &str = r#"{
  "profiles": {
    "shop": {
      "policies": [
        {"roleId": "shop-admin", "restrictedTo": [{"index": "shop"}]},
        {"roleId": "default"}
      ]
    }
  }
}"#;

const SHOP_ADMIN_ROLE: &str = r#"{
  "controllers": {
    "document": {"actions": {"*": true}},
    "admin": {"actions": {"loadSecurities": true}}
  }
}"#;

#[test]
fn role_file_in_the_same_run() {
    let reports = check(
        &[
            ("security/profiles.json", SHOP_PROFILES),
            ("security/roles/shop-admin.json", SHOP_ADMIN_ROLE),
        ],
        Settings::default(),
    );
    assert_eq!(
        findings(&reports),
        vec![(
            "security/profiles.json".to_string(),
            5,
            20,
            Severity::Warning
        )]
    );
    let d = reports[0]
        .diagnostics
        .iter()
        .find(|d| d.code() == CODE)
        .unwrap();
    assert_eq!(d.pointer, "/profiles/shop/policies/0/roleId");
    assert!(d.message.contains("`admin`"), "{}", d.message);
    assert!(
        d.help
            .as_deref()
            .unwrap()
            .contains("security/roles/shop-admin.json"),
        "{:?}",
        d.help
    );
    // The role file itself gets no finding of this rule.
    assert!(reports[1].diagnostics.iter().all(|d| d.code() != CODE));
}

#[test]
fn role_without_index_less_grants_is_fine() {
    let role = r#"{"controllers": {"document": {"actions": {"*": true}}, "auth": {"actions": {"login": true}}}}"#;
    let reports = check(
        &[
            ("profiles.json", SHOP_PROFILES),
            ("roles/shop-admin.json", role),
        ],
        Settings::default(),
    );
    assert_eq!(findings(&reports), vec![]);
}

#[test]
fn builtin_admin_grants_everything_unless_redefined() {
    let profiles = r#"{"profiles": {"ops": {"policies": [{"roleId": "admin", "restrictedTo": [{"index": "logs"}]}]}}}"#;
    let reports = check(&[("ops.json", profiles)], Settings::default());
    assert_eq!(
        findings(&reports),
        vec![("ops.json".to_string(), 1, 47, Severity::Warning)]
    );
    // A checked file redefines `admin` with document rights only.
    let admin = r#"{"roles": {"admin": {"controllers": {"document": {"actions": {"*": true}}}}}}"#;
    let reports = check(
        &[("ops.json", profiles), ("admin.json", admin)],
        Settings::default(),
    );
    assert_eq!(findings(&reports), vec![]);
}

#[test]
fn same_file_is_reported_once() {
    let file = r#"{
  "roles": {"r": {"controllers": {"*": {"actions": {"*": true}}}}},
  "profiles": {"p": {"policies": [{"roleId": "r", "restrictedTo": [{"index": "i"}]}]}}
}"#;
    // Another file defines `r` too: the securities file's own role wins.
    let other = r#"{"roles": {"r": {"controllers": {"security": {"actions": {"*": true}}}}}}"#;
    let reports = check(&[("a.json", file), ("b.json", other)], Settings::default());
    assert_eq!(
        findings(&reports),
        vec![("a.json".to_string(), 3, 46, Severity::Warning)]
    );
}

#[test]
fn unrestricted_policies_are_not_reported() {
    let profiles = r#"{"profiles": {"p": {"policies": [{"roleId": "shop-admin"}, {"roleId": "admin", "restrictedTo": []}]}}}"#;
    let reports = check(
        &[
            ("p.json", profiles),
            ("roles/shop-admin.json", SHOP_ADMIN_ROLE),
        ],
        Settings::default(),
    );
    assert_eq!(findings(&reports), vec![]);
}

#[test]
fn profile_files_through_their_restricted_role_fact() {
    // A plain profile file: the profile pack records `kuzzle.restricted-role` facts.
    let profile_text =
        r#"{"policies": [{"roleId": "shop-admin", "restrictedTo": [{"index": "shop"}]}]}"#;
    let checker = Checker::new();
    let mut profile = checker.check_source(SourceFile::new("shop.json", profile_text), None);
    assert_eq!(profile.kind, Some(Kind::KuzzleProfile));
    profile.facts.retain(|f| f.key != "kuzzle.restricted-role");
    let fact = Fact {
        key: "kuzzle.restricted-role",
        value: "shop-admin".into(),
        span: Span::new(25, 37),
    };
    // Recorded twice (e.g. by two packs): reported once.
    profile.facts.push(fact.clone());
    profile.facts.push(fact);
    let role = checker.check_source(
        SourceFile::new("roles/shop-admin.json", SHOP_ADMIN_ROLE),
        None,
    );
    let mut reports = vec![profile, role];
    project::check(&mut reports, checker.settings());
    assert_eq!(
        findings(&reports),
        vec![("shop.json".to_string(), 1, 26, Severity::Warning)]
    );
}

#[test]
fn severity_settings_apply() {
    let files = [
        ("security/profiles.json", SHOP_PROFILES),
        ("security/roles/shop-admin.json", SHOP_ADMIN_ROLE),
    ];
    let mut severities = BTreeMap::new();
    severities.insert(CODE.to_string(), Some(Severity::Error));
    let reports = check(
        &files,
        Settings {
            severities: severities.clone(),
            ..Settings::default()
        },
    );
    assert_eq!(findings(&reports)[0].3, Severity::Error);
    severities.insert(CODE.to_string(), None);
    let reports = check(
        &files,
        Settings {
            severities,
            ..Settings::default()
        },
    );
    assert_eq!(findings(&reports), vec![]);
}
