//! `ci/duplicate-api-entity-set-name`: `apiEntitySetName` unique among the profile types
//! checked together (a cross-file rule: each file records its name, then
//! [`check_project`] compares them).

use super::view::echo;
use super::{Ci, CiPack};
use crate::core::{Diagnostic, FixAvailability, Kind, Report, RuleMeta, Settings, Severity};
use crate::declare_rule;
use crate::rules::fact_pointers::FactPointers;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

/// Fact key: a profile type's `apiEntitySetName` (value: the name).
pub const FACT_API_ENTITY_SET_NAME: &str = "ci.api-entity-set-name";

declare_rule! {
    /// ## What it does
    /// Reports a profile type whose `apiEntitySetName` is already used by another profile
    /// type checked in the same run (compared ignoring case). The first file keeps the name;
    /// each later one is reported, naming the file that has it.
    ///
    /// ## Why is this bad?
    /// The entity set name is the type's collection in the hub's OData data API; the
    /// documentation says it must differ for each type of a hub (profile and interaction
    /// types alike). A second type with the same name cannot be provisioned. Names are
    /// compared ignoring case because the OData service of the hub is not documented to
    /// tell `Customers` from `customers`.
    pub static DUPLICATE_API_ENTITY_SET_NAME = {
        code: "ci/duplicate-api-entity-set-name",
        kinds: [Kind::CiProfileType],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "two profile types use the same `apiEntitySetName`",
    }
}

/// `ci/duplicate-api-entity-set-name` as its pack runs it on one file: it records the
/// profile type's `apiEntitySetName` for [`check_project`].
pub struct DuplicateApiEntitySetName;

impl Rule<CiPack> for DuplicateApiEntitySetName {
    fn meta(&self) -> &'static RuleMeta {
        &DUPLICATE_API_ENTITY_SET_NAME
    }
    fn run(&self, ci: &Ci<'_>, cx: &mut RuleContext<'_>) {
        if ci.profile.is_none() {
            return;
        }
        let Some(m) = ci.def.member("apiEntitySetName") else {
            return;
        };
        let Some(set) = m.value().as_str() else {
            return;
        };
        cx.fact(FACT_API_ENTITY_SET_NAME, set, m.value().span());
    }
}

/// Report every `apiEntitySetName` already used by an earlier report of the run.
pub fn check_project(reports: &mut [Report], settings: &Settings) {
    let Some(severity) = settings.severity_of(&DUPLICATE_API_ENTITY_SET_NAME) else {
        return;
    };
    // lowercased name → (file, value as written), for the first file using each name
    let mut seen: std::collections::HashMap<String, (String, String)> = Default::default();
    for report in reports.iter_mut() {
        let mut found = Vec::new();
        let mut pointers = FactPointers::new(report);
        for fact in report
            .facts
            .iter()
            .filter(|f| f.key == FACT_API_ENTITY_SET_NAME)
        {
            let lower = fact.value.as_str().to_lowercase();
            match seen.get(&lower) {
                Some((file, written)) => {
                    let same = if *written == fact.value {
                        String::new()
                    } else {
                        format!(" (as `{}`)", echo(written))
                    };
                    found.push(
                        Diagnostic::new(
                            &DUPLICATE_API_ENTITY_SET_NAME,
                            format!("`apiEntitySetName` `{}` is already used by {file}{same}", echo(&fact.value)),
                        )
                        .with_severity(severity)
                        .with_span(fact.span)
                        .with_pointer(pointers.at(fact.span))
                        .with_label_text("entity set name used twice")
                        .with_help(format!(
                            "every profile type of a hub needs its own entity set name; rename this one or the one in {file}"
                        )),
                    );
                }
                None => {
                    seen.insert(
                        lower,
                        (report.source.name().to_string(), fact.value.to_string()),
                    );
                }
            }
        }
        if !found.is_empty() {
            report.diagnostics.extend(found);
            crate::core::diagnostic::sort_by_position(&mut report.diagnostics);
        }
    }
}
