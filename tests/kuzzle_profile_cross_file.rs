//! Cross-file: restricted policies whose role allows `security`, `admin` or `*` actions.

use bodyguard::{Checker, Kind, Report, Settings, Severity, SourceFile};

const ROLES: &str = r#"{
  "roles": {
    "shop-admin": {"controllers": {"*": {"actions": {"*": true}}}},
    "user-manager": {"controllers": {"security": {"actions": {"createUser": true}}, "document": {"actions": {"get": true}}}},
    "reader": {"controllers": {"document": {"actions": {"get": true, "search": true}}}},
    "no-security": {"controllers": {"security": {"actions": {"createUser": false}}}}
  }
}"#;

const PROFILE: &str = r#"{
  "policies": [
    {"roleId": "shop-admin", "restrictedTo": [{"index": "shop"}]},
    {"roleId": "user-manager",
     "restrictedTo": [{"index": "crm"}]},
    {"roleId": "reader", "restrictedTo": [{"index": "shop"}]},
    {"roleId": "no-security", "restrictedTo": [{"index": "shop"}]},
    {"roleId": "shop-admin"},
    {"roleId": "user-manager", "restrictedTo": [{"index": ""}]}
  ]
}"#;

fn run(settings: Settings) -> Vec<Report> {
    let checker = Checker::with_settings(settings.clone());
    let mut reports = vec![
        checker.check_source(
            SourceFile::new("securities.json", ROLES),
            Some(Kind::KuzzleSecurities),
        ),
        checker.check_source(
            SourceFile::new("profile.json", PROFILE),
            Some(Kind::KuzzleProfile),
        ),
    ];
    bodyguard::unstable::project::check(&mut reports, &settings);
    reports
}

#[test]
fn restricted_policies_with_index_less_roles() {
    let reports = run(Settings {
        select: Some(vec!["kuzzle/restricted-index-less-role".into()]),
        ..Settings::default()
    });
    assert!(reports[0].is_clean());
    let r = &reports[1];
    let found: Vec<(&str, Severity, usize, usize)> = r
        .diagnostics
        .iter()
        .map(|d| {
            let lc = r.source.line_col(d.span.unwrap().start as usize);
            (d.code(), d.severity, lc.line, lc.column)
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "kuzzle/restricted-index-less-role",
                Severity::Warning,
                3,
                16
            ),
            (
                "kuzzle/restricted-index-less-role",
                Severity::Warning,
                4,
                16
            ),
        ]
    );
    assert!(
        r.diagnostics[0].message.contains("`*`"),
        "{}",
        r.diagnostics[0].message
    );
    assert!(r.diagnostics[0]
        .help
        .as_deref()
        .is_some_and(|h| h.contains("securities.json")));
    assert!(r.diagnostics[1].message.contains("`security`"));
}

#[test]
fn off_when_not_selected() {
    let reports = run(Settings {
        select: Some(vec!["kuzzle/duplicate-role".into()]),
        ..Settings::default()
    });
    assert!(reports[1]
        .diagnostics
        .iter()
        .all(|d| d.code() != "kuzzle/restricted-index-less-role"));
}
