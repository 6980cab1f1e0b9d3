//! `--fix` applies the fixes of findings past the limit of findings per rule, which a check
//! does not hold, with the filters the findings it holds go through: suppression comments,
//! the caller's ignores, and whether a fix would add a finding.

use bodyguard::{Checker, Kind, Settings};

/// A checker showing one finding per rule: every finding after the first is past the limit.
fn one_per_rule() -> Checker {
    Checker::with_settings(Settings {
        max_findings_per_rule: Some(1),
        ..Default::default()
    })
}

fn fix(
    name: &str,
    text: &str,
    keep: impl Fn(&bodyguard::Diagnostic) -> bool + Sync,
) -> bodyguard::unstable::fix::Fixed {
    bodyguard::unstable::fix::fix_until_stable(
        &one_per_rule(),
        name,
        text,
        Some(Kind::KuzzleProfile),
        keep,
    )
}

const FOUR: &str = "{\"policies\": [{\"roleId\": \"r\", \"restrictedTo\": [{\"index\": \"i\", \"collections\": [\n  \"c\",\n  \"c\",\n  \"c\",\n  \"c\"\n]}]}]}\n";

#[test]
fn findings_past_the_limit_are_fixed_in_one_run() {
    let report = one_per_rule().check(Kind::KuzzleProfile, FOUR);
    let shown = report
        .diagnostics
        .iter()
        .filter(|d| d.code() == "kuzzle/duplicate-collection" && d.fix.is_some())
        .count();
    assert_eq!(shown, 1, "one held, two past the limit");
    let fixed = fix("p.json", FOUR, |_| true);
    assert_eq!(
        fixed.text,
        "{\"policies\": [{\"roleId\": \"r\", \"restrictedTo\": [{\"index\": \"i\", \"collections\": [\n  \"c\"\n]}]}]}\n"
    );
    assert_eq!((fixed.applied, fixed.introduced), (3, 0));
}

#[test]
fn a_suppression_comment_keeps_a_finding_past_the_limit() {
    let text = FOUR.replace(
        "  \"c\",\n  \"c\"\n]",
        "  \"c\",\n  // bodyguard-ignore: kuzzle/duplicate-collection kept on purpose\n  \"c\"\n]",
    );
    let fixed = fix("p.jsonc", &text, |_| true);
    assert_eq!(fixed.applied, 2, "{}", fixed.text);
    assert!(
        fixed.text.contains("kept on purpose\n  \"c\"\n]"),
        "{}",
        fixed.text
    );
    assert_eq!(fixed.text.matches("\"c\"").count(), 2, "{}", fixed.text);
}

#[test]
fn the_callers_ignores_keep_findings_past_the_limit() {
    let fixed = fix("p.json", FOUR, |d| {
        d.code() != "kuzzle/duplicate-collection"
    });
    assert_eq!((fixed.applied, fixed.text.as_str()), (0, FOUR));
}
