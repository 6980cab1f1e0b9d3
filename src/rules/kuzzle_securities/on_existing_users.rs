//! `kuzzle/securities-on-existing-users`: an `onExistingUsers` argument of
//! `admin:loadSecurities` that is not `fail`, `skip` or `overwrite`. A request-level rule: it
//! runs over a Kuzzle JSON request ([`crate::rules::kuzzle_request::KuzzleRequest`]).

use crate::core::{Diagnostic, FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::kuzzle_request::{value_text, KuzzleRequest, KuzzleRoute};
use crate::rules::request::RequestRule;

/// The values Kuzzle takes for `onExistingUsers` (case-sensitive).
const VALUES: [&str; 3] = ["fail", "skip", "overwrite"];

declare_rule! {
    /// ## What it does
    /// Reports an `onExistingUsers` argument of `admin:loadSecurities` other than `fail` (the
    /// default), `skip` or `overwrite`: a typo (`replace`), another case (`Skip`), or `null`.
    ///
    /// ## Why is this bad?
    /// Kuzzle reads the value only when a user of the file already exists. Until then any
    /// value is accepted silently; the first time a user exists, the load fails with
    /// `api.assert.unexpected_argument` after the roles and profiles of the file have been
    /// written, so the target is left half loaded.
    ///
    /// ## Example
    /// ```json
    /// {"controller": "admin", "action": "loadSecurities", "onExistingUsers": "replace", "body": {"users": {}}}
    /// ```
    /// Use instead:
    /// ```json
    /// {"controller": "admin", "action": "loadSecurities", "onExistingUsers": "overwrite", "body": {"users": {}}}
    /// ```
    pub static SECURITIES_ON_EXISTING_USERS = {
        code: "kuzzle/securities-on-existing-users",
        kinds: [Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "`onExistingUsers` is not `fail`, `skip` or `overwrite`",
    }
}

/// Reports the `onExistingUsers` field of a `loadSecurities` JSON request.
pub struct OnExistingUsers;

impl RequestRule<KuzzleRoute> for OnExistingUsers {
    fn meta(&self) -> &'static RuleMeta {
        &SECURITIES_ON_EXISTING_USERS
    }
    fn run(&self, request: &KuzzleRequest<'_>, out: &mut Vec<Diagnostic>) {
        let KuzzleRequest::Json { root, kind, .. } = *request else {
            return;
        };
        if kind != Kind::KuzzleSecurities {
            return;
        }
        let Some(value) = root.get("onExistingUsers") else {
            return;
        };
        if value.as_str().is_some_and(|v| VALUES.contains(&v)) {
            return;
        }
        let help = match value
            .as_str()
            .and_then(|v| VALUES.iter().find(|ok| ok.eq_ignore_ascii_case(v)))
        {
            Some(ok) => format!("write `{ok}`: Kuzzle compares the value case-sensitively"),
            None => "write `fail` (the default: the load fails when a user exists), `skip` (existing users are kept) or `overwrite` (they are replaced)".into(),
        };
        out.push(
            Diagnostic::new(
                &SECURITIES_ON_EXISTING_USERS,
                format!(
                    "`onExistingUsers` {} is not `fail`, `skip` or `overwrite`: the load fails once a user exists, after writing the roles and profiles",
                    value_text(value)
                ),
            )
            .with_span(value.span())
            .with_help(help),
        );
    }
}
