//! `ci/duplicate-api-entity-set-name`: one entity set name per profile type of a run.

use bodyguard::{Checker, Report, Severity, SourceFile};

fn profile(entity_set: &str) -> String {
    format!(
        "{{\n  \"apiEntitySetName\": \"{entity_set}\",\n  \"strongIds\": [{{\"strongIdName\": \"Key\", \"keyPropertyNames\": [\"Id\"]}}],\n  \"fields\": [{{\"fieldName\": \"Id\", \"fieldType\": \"Edm.String\"}}]\n}}\n"
    )
}

fn run(files: &[(&str, String)]) -> Vec<Report> {
    let checker = Checker::new();
    let mut reports: Vec<Report> = files
        .iter()
        .map(|(name, text)| checker.check_source(SourceFile::new(*name, text.clone()), None))
        .collect();
    bodyguard::unstable::project::check(&mut reports, checker.settings());
    reports
}

#[test]
fn later_duplicates_are_reported_naming_the_first_file() {
    let reports = run(&[
        ("contact.json", profile("Contacts")),
        ("lead.json", profile("Leads")),
        ("contact-copy.json", profile("Contacts")),
        ("contact-lower.json", profile("contacts")),
    ]);
    assert!(reports[0].is_clean(), "{:?}", reports[0].diagnostics);
    assert!(reports[1].is_clean(), "{:?}", reports[1].diagnostics);
    for (i, as_written) in [(2, false), (3, true)] {
        let r = &reports[i];
        assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
        let d = &r.diagnostics[0];
        assert_eq!(
            (d.code(), d.severity),
            ("ci/duplicate-api-entity-set-name", Severity::Error)
        );
        let lc = r.source.line_col(d.span.unwrap().start as usize);
        assert_eq!((lc.line, lc.column), (2, 23));
        assert_eq!(d.pointer, "/apiEntitySetName");
        assert!(d.message.contains("contact.json"), "{}", d.message);
        assert_eq!(
            d.message.contains("(as `Contacts`)"),
            as_written,
            "{}",
            d.message
        );
        assert!(d.help.as_deref().unwrap().contains("contact.json"));
    }
}

#[test]
fn arm_bodies_take_part_and_the_rule_can_be_switched_off() {
    let arm = format!("{{\"properties\": {}}}", profile("Contacts"));
    let reports = run(&[("a.json", profile("Contacts")), ("b.json", arm.clone())]);
    assert_eq!(
        reports[1].diagnostics[0].code(),
        "ci/duplicate-api-entity-set-name"
    );
    assert_eq!(
        reports[1].diagnostics[0].pointer,
        "/properties/apiEntitySetName"
    );

    let mut severities = std::collections::BTreeMap::new();
    severities.insert("ci/duplicate-api-entity-set-name".to_string(), None);
    let checker = Checker::with_settings(bodyguard::Settings {
        severities,
        ..Default::default()
    });
    let mut reports = vec![
        checker.check_source(SourceFile::new("a.json", profile("Contacts")), None),
        checker.check_source(SourceFile::new("b.json", arm), None),
    ];
    bodyguard::unstable::project::check(&mut reports, checker.settings());
    assert!(reports[1].is_clean());
}

#[test]
fn the_command_line_reports_duplicates_across_files() {
    let dir = std::env::temp_dir().join(format!("bodyguard-ci-cross-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let a = dir.join("a.json");
    let b = dir.join("b.json");
    std::fs::write(&a, profile("Contacts")).unwrap();
    std::fs::write(&b, profile("Contacts")).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_bodyguard"))
        .args(["check", "--format", "json"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert_eq!(
        stdout
            .matches("\"code\": \"ci/duplicate-api-entity-set-name\"")
            .count(),
        1,
        "{stdout}"
    );
}
