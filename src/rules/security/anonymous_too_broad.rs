//! `security/anonymous-too-broad`: the anonymous user may do more than log in.

use super::{list, profile_path};
use super::{locate, Analysis, Finding, SecurityRule};
use crate::access::escalation::anonymous_may;
use crate::access::rights::Grant;
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags an `anonymous` role or profile (defined in a securities file, or in role and
    /// profile files checked together) that lets the anonymous user do more than log in and
    /// read server information. Allowed: `auth:login`, `checkToken`, `getCurrentUser`,
    /// `getMyRights`, `getStrategies`; `server:info`, `publicApi`, `openapi`, `now`,
    /// `healthCheck`, `capabilities`. The finding names the path: profile → policy → role →
    /// the role's entry.
    ///
    /// ## Why is this bad?
    /// Every request without a token runs as the anonymous user (kuid `-1`), whose only
    /// profile is `anonymous`. On a fresh Kuzzle the `anonymous` role allows every action
    /// (`*`), like `admin`, until `security:createFirstAdmin` is called with `reset: true`,
    /// which restricts it to Kuzzle's `security.standard` anonymous role (`auth:checkToken`,
    /// `getCurrentUser`, `getMyRights`, `login`; `server:publicApi`, `openapi`). Anything
    /// more is open to the whole network. Kuzzle's own check (`kourou app:doctor`) looks for
    /// exactly this on a live server; bodyguard finds it before the file is loaded.
    ///
    /// ## Example
    /// ```json
    /// {"roles": {"anonymous": {"controllers": {"*": {"actions": {"*": true}}}}}}
    /// ```
    /// Use instead:
    /// ```json
    /// {"roles": {"anonymous": {"controllers": {
    ///   "auth": {"actions": {"login": true, "checkToken": true, "getCurrentUser": true, "getMyRights": true}},
    ///   "server": {"actions": {"publicApi": true, "openapi": true}}}}}}
    /// ```
    pub static ANONYMOUS_TOO_BROAD = {
        code: "security/anonymous-too-broad",
        kinds: [Kind::KuzzleSecurities, Kind::KuzzleProfile],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "the anonymous user may do more than log in and read server information",
    }
}

/// `security/anonymous-too-broad` as its pack runs it.
pub struct AnonymousTooBroad;

impl SecurityRule for AnonymousTooBroad {
    fn meta(&self) -> &'static RuleMeta {
        &ANONYMOUS_TOO_BROAD
    }
    fn find(&self, a: &Analysis<'_>, out: &mut Vec<Finding>) {
        let Some((profile, r)) = a.anonymous else {
            return;
        };
        let extra: Vec<(&(String, String), &Grant)> = r
            .iter()
            .filter(|(k, _)| !anonymous_may(&k.0, &k.1))
            .collect();
        let Some((key, grant)) = extra.first() else {
            return;
        };
        let via = &grant.via[0];
        // Show it where the inputs grant it (the anonymous profile, else the role's entry).
        let Some((file, span, pointer)) = locate(a.s, a.roots, profile, via, key) else {
            return;
        };
        let keys: Vec<&(String, String)> = extra.iter().map(|(k, _)| *k).collect();
        out.push(Finding {
            rule: &ANONYMOUS_TOO_BROAD,
            file,
            span,
            pointer,
            message: format!(
                "the anonymous user (no token) may call {} (user `-1` → {})",
                list(&keys),
                profile_path(via)
            ),
            help: "the anonymous role should allow only logging in and reading server information (auth:login, checkToken, getCurrentUser, getMyRights, getStrategies; server:info, publicApi, openapi, now, healthCheck, capabilities): grant the rest to a profile of logged-in users".into(),
        });
    }
}
