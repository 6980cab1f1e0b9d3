//! `kuzzle/securities-unknown-role`: a policy names a role that exists nowhere.

use super::view::{report_unknown, Reference};
use super::{Securities, SecuritiesPack};
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Flags a profile `roleId` that names no role of the file, no built-in role (`admin`,
    /// `default`, `anonymous`) and no role of the inventory (`--inventory`).
    ///
    /// ## Why is this bad?
    /// Kuzzle looks every role up before anything else and answers `security.role.not_found`.
    /// Roles are loaded before profiles, so a profile may use a role of the same file. Role
    /// ids are case-sensitive.
    ///
    /// A failing profile stops the load after the profiles: no user of the file is created,
    /// but the roles and the other profiles were already written (there is no rollback).
    ///
    /// ## Example
    /// ```json
    /// {"roles": {"reader": {"controllers": {"document": {"actions": {"get": true}}}}},
    ///  "profiles": {"readers": {"policies": [{"roleId": "Reader"}]}}}
    /// ```
    /// Use instead:
    /// ```json
    /// {"roles": {"reader": {"controllers": {"document": {"actions": {"get": true}}}}},
    ///  "profiles": {"readers": {"policies": [{"roleId": "reader"}]}}}
    /// ```
    ///
    /// ## Fix
    /// The closest known name is offered as an unsafe fix: shown in the output, never applied
    /// by `--fix`, because only the author knows which name was meant.
    pub static SECURITIES_UNKNOWN_ROLE = {
        code: "kuzzle/securities-unknown-role",
        kinds: [Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::Sometimes,
        summary: "a profile uses a role that is neither in the file, built in, nor in the inventory",
    }
}

/// `kuzzle/securities-unknown-role` as its pack runs it.
pub struct UnknownRole;

impl Rule<SecuritiesPack> for UnknownRole {
    fn meta(&self) -> &'static RuleMeta {
        &SECURITIES_UNKNOWN_ROLE
    }
    fn run(&self, file: &Securities<'_>, cx: &mut RuleContext<'_>) {
        let known = &file.known;
        for p in file.policies() {
            if known.roles.contains(p.role_id) {
                continue;
            }
            report_unknown(
                cx,
                &SECURITIES_UNKNOWN_ROLE,
                p.role,
                &p.pointer(),
                p.role_id,
                &known.roles,
                Reference::Role,
                known.inventory_roles,
            );
        }
    }
}
