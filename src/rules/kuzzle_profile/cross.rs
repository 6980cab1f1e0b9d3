//! Cross-file: a restricted policy whose role grants controllers that take no index.

use crate::declare_rule;
use crate::diagnostic::{snippet, Diagnostic, Severity};
use crate::kind::Kind;
use crate::parse::{self, Node, Syntax};
use crate::rules::FixAvailability;
use crate::{Report, Settings};
use std::collections::BTreeMap;

/// Fact recorded for each restricted policy: value = role id, span = the `restrictedTo` key.
pub const RESTRICTED_ROLE_FACT: &str = "kuzzle.profile.restricted-role";

/// Fact a role pack may record for a role granting index-less controllers: value = role id.
pub const INDEX_LESS_ROLE_FACT: &str = "kuzzle.role.index-less";

/// Controllers whose actions take no index, so restrictions never limit them.
pub const INDEX_LESS_CONTROLLERS: [&str; 3] = ["security", "admin", "*"];

declare_rule! {
    /// ## What it does
    /// Reports a policy with `restrictedTo` whose role (defined in a securities file or role
    /// checked in the same run) allows actions of the `security` or `admin` controller, or of
    /// every controller (`*`).
    ///
    /// ## Why is this bad?
    /// Kuzzle applies restrictions only to requests that name an index. `security:*` and
    /// `admin:*` actions name none, so a policy restricted to one index still lets its users
    /// create users, change roles and profiles, or load securities **everywhere**. A reviewer
    /// reading `restrictedTo: [{"index": "shop"}]` expects the opposite.
    ///
    /// ## Example
    /// ```json
    /// {"roles": {"shop-admin": {"controllers": {"*": {"actions": {"*": true}}}}},
    ///  "profiles": {"shop-admin": {"policies": [{"roleId": "shop-admin", "restrictedTo": [{"index": "shop"}]}]}}}
    /// ```
    /// Use instead (a role with only index-scoped controllers for the restricted policy):
    /// ```json
    /// {"roles": {"shop-admin": {"controllers": {"document": {"actions": {"*": true}}, "collection": {"actions": {"*": true}}}}},
    ///  "profiles": {"shop-admin": {"policies": [{"roleId": "shop-admin", "restrictedTo": [{"index": "shop"}]}]}}}
    /// ```
    pub static RESTRICTED_INDEX_LESS_ROLE = {
        code: "kuzzle/restricted-index-less-role",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleSecurities],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "a restricted policy whose role allows `security`, `admin` or `*` actions",
    }
}

/// The index-less controllers `role` allows at least one action of.
pub fn index_less_controllers(role: &Node) -> Vec<String> {
    let Some(controllers) = role.get("controllers").and_then(Node::as_object) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for c in controllers {
        if !INDEX_LESS_CONTROLLERS.contains(&c.key.as_str()) {
            continue;
        }
        let allows = c
            .value
            .get("actions")
            .and_then(Node::as_object)
            .is_some_and(|a| a.iter().any(|m| m.value.as_bool() == Some(true)));
        if allows && !out.contains(&c.key) {
            out.push(c.key.clone());
        }
    }
    out
}

/// Run over one run's reports: profiles' restricted policies against the roles known from
/// securities files and role facts.
pub fn check(reports: &mut [Report], settings: &Settings) {
    let Some(level) = settings.severity_of(&RESTRICTED_INDEX_LESS_ROLE) else {
        return;
    };
    if !reports
        .iter()
        .any(|r| r.facts.iter().any(|f| f.key == RESTRICTED_ROLE_FACT))
    {
        return;
    }
    // role id -> (controllers, where it is defined)
    let mut roles: BTreeMap<String, (Vec<String>, String)> = BTreeMap::new();
    for r in reports.iter() {
        for f in r.facts.iter().filter(|f| f.key == INDEX_LESS_ROLE_FACT) {
            roles
                .entry(f.value.clone())
                .or_insert_with(|| (Vec::new(), r.source.name().to_string()));
        }
        if r.kind != Some(Kind::KuzzleSecurities) {
            continue;
        }
        let mut ignored = Vec::new();
        let doc = parse::parse(
            r.source.text(),
            Syntax::for_path(r.source.name()),
            &mut ignored,
        );
        let Some(defined) = doc
            .root
            .as_ref()
            .and_then(|root| root.get("roles"))
            .and_then(Node::as_object)
        else {
            continue;
        };
        for m in defined {
            let controllers = index_less_controllers(&m.value);
            if !controllers.is_empty() {
                roles.insert(m.key.clone(), (controllers, r.source.name().to_string()));
            }
        }
    }
    for r in reports.iter_mut() {
        let mut found = Vec::new();
        for f in r.facts.iter().filter(|f| f.key == RESTRICTED_ROLE_FACT) {
            let Some((controllers, file)) = roles.get(&f.value) else {
                continue;
            };
            let what = if controllers.is_empty() {
                "controllers that take no index".to_string()
            } else {
                controllers
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let here = if file == r.source.name() {
                String::new()
            } else {
                format!(" (defined in {file})")
            };
            found.push(
                Diagnostic::new(
                    &RESTRICTED_INDEX_LESS_ROLE,
                    format!(
                        "role `{}`{here} allows {what} actions, which `restrictedTo` does not limit",
                        snippet(&f.value)
                    ),
                )
                .with_severity(level)
                .with_span(f.span)
                .with_pointer(f.pointer.clone())
                .with_help(
                    "Kuzzle only restricts requests that name an index: `security:*` and `admin:*` actions stay granted on everything; give the restricted policy a role without them",
                ),
            );
        }
        if !found.is_empty() {
            r.diagnostics.extend(found);
            r.diagnostics.sort_by_key(|d| {
                (
                    d.span.map(|s| (s.start, s.end)).unwrap_or((0, 0)),
                    d.meta.code,
                )
            });
        }
    }
}
