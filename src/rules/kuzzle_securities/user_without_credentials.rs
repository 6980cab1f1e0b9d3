//! `kuzzle/securities-user-without-credentials`: a user nobody can log in as.

use super::{Securities, SecuritiesPack};
use crate::core::diagnostic::snippet;
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::parse::Members;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Points out a user without `credentials` (except the anonymous user `-1`).
    ///
    /// ## Why is this bad?
    /// Kuzzle creates the user, but nobody can log in as it until credentials are added
    /// (`security:createCredentials`) or an API key is created for it
    /// (`security:createApiKey`). That is sometimes intended (technical users, test fixtures),
    /// hence only an info.
    ///
    /// ## Example
    /// ```json
    /// {"users": {"jdoe": {"content": {"profileIds": ["default"]}}}}
    /// ```
    /// Use instead:
    /// ```json
    /// {"users": {"jdoe": {"content": {"profileIds": ["default"]},
    ///   "credentials": {"local": {"username": "jdoe", "password": "..."}}}}}
    /// ```
    pub static SECURITIES_USER_WITHOUT_CREDENTIALS = {
        code: "kuzzle/securities-user-without-credentials",
        kinds: [Kind::KuzzleSecurities],
        severity: Severity::Info,
        fix: FixAvailability::None,
        summary: "a user without credentials cannot log in",
    }
}

/// `kuzzle/securities-user-without-credentials` as its pack runs it.
pub struct UserWithoutCredentials;

impl Rule<SecuritiesPack> for UserWithoutCredentials {
    fn meta(&self) -> &'static RuleMeta {
        &SECURITIES_USER_WITHOUT_CREDENTIALS
    }
    fn run(&self, file: &Securities<'_>, cx: &mut RuleContext<'_>) {
        for u in &file.users {
            // The anonymous user `-1` is used without logging in, by design.
            if u.member.key() == "-1" {
                continue;
            }
            match u.credentials() {
                None => {
                    cx.report(
                        &SECURITIES_USER_WITHOUT_CREDENTIALS,
                        u.member.key_span(),
                        &u.pointer(),
                        format!("user `{}` has no credentials: nobody can log in as it", snippet(u.member.key())),
                    )
                    .help = Some(
                        "add `\"credentials\": {\"local\": {\"username\": ..., \"password\": ...}}`, or create credentials or an API key for it later"
                            .into(),
                    );
                }
                Some(creds) if creds.value().as_object().is_some_and(Members::is_empty) => {
                    cx.report(
                        &SECURITIES_USER_WITHOUT_CREDENTIALS,
                        creds.key_span(),
                        &format!("{}/credentials", u.pointer()),
                        format!(
                            "user `{}` has empty credentials: nobody can log in as it",
                            snippet(u.member.key())
                        ),
                    )
                    .help = Some(
                        "add `\"local\": {\"username\": ..., \"password\": ...}`, or create credentials or an API key for it later"
                            .into(),
                    );
                }
                Some(_) => {}
            }
        }
    }
}
