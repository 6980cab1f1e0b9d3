//! The cross-file rule: a restricted policy whose role grants actions that carry no index.

use super::{Securities, SecuritiesPack};
use crate::core::diagnostic::{snippet, Diagnostic, Label, Severity};
use crate::core::source::Span;
use crate::core::Kind;
use crate::core::RuleMeta;
use crate::declare_rule;
use crate::parse::Node;
use crate::rules::fact_pointers::FactPointers;
use crate::rules::kuzzle_profile::FACT_RESTRICTED_ROLE;
use crate::rules::kuzzle_role::{FACT_ROLE, FACT_ROLE_INDEX_LESS};
use crate::rules::pack::Rule;
use crate::rules::{FixAvailability, RuleContext};
use crate::{Report, Settings};
use std::collections::{HashMap, HashSet};

/// Only looked up, never iterated: the fast hasher (a 1 MB securities file records
/// thousands of facts).
type Fast = foldhash::fast::RandomState;

declare_rule! {
    /// ## What it does
    /// Flags a policy restricted to indexes (`restrictedTo`) whose role grants actions of a
    /// controller that takes no index: `*`, `security`, `admin`, `debug`, `memoryStorage`/`ms`.
    /// The role is looked up in the same securities file, in the other files checked in the
    /// same run (a role file is known by its request id, else its file name), and for `admin`,
    /// which is `*` on everything unless a checked file redefines it.
    ///
    /// ## Why is this bad?
    /// Kuzzle applies restrictions only to requests that carry an `index` argument. Every other
    /// action the role allows is granted as if the policy were not restricted at all. A profile
    /// "restricted to index `shop`" whose role has `security:*` can still create users, change
    /// roles and give itself everything. `auth` and `server` actions are not flagged: they also
    /// ignore restrictions but act on the caller's own account or describe the server.
    ///
    /// ## Example
    /// ```json
    /// {"roles": {"shop-admin": {"controllers": {"*": {"actions": {"*": true}}}}},
    ///  "profiles": {"shop": {"policies": [{"roleId": "shop-admin", "restrictedTo": [{"index": "shop"}]}]}}}
    /// ```
    /// Use instead: a role that names the index-bound controllers it needs
    /// (`document`, `collection`, `bulk`, `realtime`, ...), and a separate, unrestricted
    /// policy for any `security` or `admin` rights that are really intended.
    pub static RESTRICTED_INDEX_LESS_ROLE = {
        code: "kuzzle/restricted-index-less-role",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "a restricted policy's role grants actions restrictions do not apply to",
    }
}

const HELP: &str = "restrictions only apply to requests with an index: give this policy a role limited to index-bound controllers (`document`, `collection`, `bulk`, `realtime`, ...), and grant other rights in a separate policy on purpose";

fn message(role_id: &str, controller: &str) -> String {
    format!(
        "the policy is restricted, but role `{}` grants `{}` actions, which carry no index and are allowed everywhere",
        snippet(role_id),
        snippet(controller)
    )
}

/// `kuzzle/restricted-index-less-role` inside one securities file (the role is defined in
/// the same file), as the securities pack runs it.
pub struct RestrictedIndexLessRole;

impl Rule<SecuritiesPack> for RestrictedIndexLessRole {
    fn meta(&self) -> &'static RuleMeta {
        &RESTRICTED_INDEX_LESS_ROLE
    }
    fn run(&self, file: &Securities<'_>, cx: &mut RuleContext<'_>) {
        for p in file.policies().filter(|p| p.restricted) {
            if let Some(grant) = file.index_less.get(p.role_id) {
                report_in_file(cx, p.role, &p.pointer(), p.role_id, *grant);
            }
        }
    }
}

/// Report the rule inside one securities file: the role is defined in the same file.
fn report_in_file(
    cx: &mut RuleContext<'_>,
    role: Node<'_>,
    pointer: &str,
    role_id: &str,
    grant: Span,
) {
    let controller = cx.source.slice(grant).trim_matches('"').to_string();
    let d = cx.report(
        &RESTRICTED_INDEX_LESS_ROLE,
        role.span(),
        pointer,
        message(role_id, &controller),
    );
    d.help = Some(HELP.into());
    d.labels
        .push(Label::new(grant, "granted here, on every index"));
}

/// Run the cross-file part over one run's reports: restricted policies (fact
/// `kuzzle.restricted-role`) whose role is defined in ANOTHER checked file with index-less
/// grants (fact `kuzzle.role.index-less`), or is the built-in `admin` no checked file redefines.
pub fn check_project(reports: &mut [Report], settings: &Settings) {
    let Some(severity) = settings.severity_of(&RESTRICTED_INDEX_LESS_ROLE) else {
        return;
    };
    // Only the roles a restricted policy names (and `admin`) are looked up: a file of
    // thousands of roles and few restricted policies indexes the few.
    let mut wanted: HashSet<&str, Fast> = reports
        .iter()
        .flat_map(|r| &r.facts)
        .filter(|f| f.key == FACT_RESTRICTED_ROLE)
        .map(|f| f.value.as_str())
        .collect();
    if wanted.is_empty() {
        return;
    }
    wanted.insert("admin");
    // role id → the first grant of an index-less controller: (report index, controller, file).
    // Looked up by id, so a file with thousands of roles and policies stays linear.
    let mut grants: HashMap<&str, Vec<(usize, String, &str)>, Fast> = HashMap::default();
    // role id → the reports defining it.
    let mut defined: HashMap<&str, Vec<usize>, Fast> = HashMap::default();
    for (i, r) in reports.iter().enumerate() {
        for f in r.facts.iter().filter(|f| wanted.contains(f.value.as_str())) {
            if f.key == FACT_ROLE_INDEX_LESS {
                let controller = r.source.slice(f.span).trim_matches('"').to_string();
                grants
                    .entry(f.value.as_str())
                    .or_default()
                    .push((i, controller, r.source.name()));
            } else if f.key == FACT_ROLE {
                defined.entry(f.value.as_str()).or_default().push(i);
            }
        }
    }
    let admin_defined = defined.contains_key("admin");
    let mut found_per_report: Vec<Vec<Diagnostic>> = Vec::with_capacity(reports.len());
    for (i, report) in reports.iter().enumerate() {
        let mut found: Vec<Diagnostic> = Vec::new();
        let mut pointers = FactPointers::new(report);
        let mut seen: HashSet<Span, Fast> = HashSet::default();
        for f in report
            .facts
            .iter()
            .filter(|f| f.key == FACT_RESTRICTED_ROLE)
        {
            // The same policy may be recorded twice (by this pack and the profile pack).
            if !seen.insert(f.span) {
                continue;
            }
            let role = f.value.as_str();
            // A role defined in the same file is that file's business (checked per file).
            if defined.get(role).is_some_and(|files| files.contains(&i)) {
                continue;
            }
            let grant = grants
                .get(role)
                .and_then(|g| g.iter().find(|(j, ..)| *j != i));
            let d = match grant {
                Some((_, controller, file)) => {
                    Diagnostic::new(&RESTRICTED_INDEX_LESS_ROLE, message(role, controller))
                        .with_help(format!(
                            "{HELP} (role `{}` is defined in {file})",
                            snippet(role)
                        ))
                }
                None if role == "admin" && !admin_defined => {
                    Diagnostic::new(&RESTRICTED_INDEX_LESS_ROLE, message("admin", "*")).with_help(
                        format!("{HELP} (the built-in role `admin` allows every action)"),
                    )
                }
                None => continue,
            };
            found.push(
                d.with_span(f.span)
                    .with_pointer(pointers.at(f.span))
                    .with_severity(severity),
            );
        }
        found_per_report.push(found);
    }
    for (report, found) in reports.iter_mut().zip(found_per_report) {
        if found.is_empty() {
            continue;
        }
        report.diagnostics.extend(found);
        crate::core::diagnostic::sort_by_position(&mut report.diagnostics);
    }
}
