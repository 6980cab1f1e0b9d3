//! `security/escalation`: a profile that may change who can do what.

use super::list;
use super::{locate, path, Analysis, Finding, SecurityRule};
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags a profile other than `admin` whose roles allow an action that changes who can do
    /// what: `security:createRole`, `createOrReplaceRole`, `updateRole`, `createProfile`,
    /// `createOrReplaceProfile`, `updateProfile`, `createUser` (beside any other of these),
    /// `replaceUser`, `updateUser`, `upsertUser`, `createCredentials`, `updateCredentials`,
    /// `createApiKey`, `createFirstAdmin`, `admin:loadSecurities`, `admin:resetSecurity`, or a
    /// `*` that covers them. The finding names the path that grants it: user → profile →
    /// policy → role → the role's entry.
    ///
    /// It runs on securities files, and on role and profile files checked together (a role
    /// file stands for the role named like the file). Built-in roles are taken as a secured
    /// Kuzzle has them: `admin` allows everything, `default` and `anonymous` are Kuzzle's
    /// restricted `security.standard` roles (as `createFirstAdmin` with `reset: true` leaves
    /// them; on a fresh install they allow everything too). `bodyguard explain-access
    /// --builtins fresh|reset` shows both.
    ///
    /// ## Why is this bad?
    /// In Kuzzle these actions are not limited by anything but the role: they carry no index,
    /// so a policy's `restrictedTo` does not apply (Kuzzle's `Role.checkRestrictions` passes
    /// every request without an index). Whoever may call `security:updateProfile` can add the
    /// `admin` role to their own profile; whoever may call `security:updateUser` or
    /// `security:createUser` can give an account the `admin` profile; `updateCredentials`
    /// resets another user's password; `security:createApiKey` creates an API key for any
    /// user; `admin:loadSecurities` rewrites every role, profile and user. The holder of such
    /// a profile is an administrator in all but name.
    ///
    /// ## Example
    /// ```json
    /// {"roles": {"support": {"controllers": {"security": {"actions": {"*": true}}}}},
    ///  "profiles": {"support": {"policies": [{"roleId": "support"}]}}}
    /// ```
    /// Use instead: the read actions support needs (`security:getUser`, `searchUsers`, ...),
    /// and `security:createRestrictedUser` to create accounts.
    pub static ESCALATION = {
        code: "security/escalation",
        kinds: [Kind::KuzzleSecurities, Kind::KuzzleProfile],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "a non-admin profile may change roles, profiles, users or credentials",
    }
}

/// `security/escalation` as its pack runs it.
pub struct Escalation;

impl SecurityRule for Escalation {
    fn meta(&self) -> &'static RuleMeta {
        &ESCALATION
    }
    fn find(&self, a: &Analysis<'_>, out: &mut Vec<Finding>) {
        for p in &a.profiles {
            // `security:createUser` alone is `security/create-user`.
            let others: Vec<_> = p
                .escalation
                .iter()
                .filter(|(k, _)| !super::is_create_user(k))
                .collect();
            let Some((key, grant)) = others.first() else {
                continue;
            };
            let via = &grant.via[0];
            let Some((file, span, pointer)) = locate(a.s, a.roots, p.profile, via, key) else {
                continue;
            };
            let keys: Vec<&(String, String)> = others.iter().map(|(k, _)| *k).collect();
            out.push(Finding {
                rule: &ESCALATION,
                file,
                span,
                pointer,
                message: format!(
                    "profile `{}` may change who can do what: {} ({})",
                    p.profile.id,
                    list(&keys),
                    path(&a.holders, via)
                ),
                help: "whoever holds this profile can give itself any right (e.g. add `admin` to its own profile or user): grant these actions only to `admin`, or keep them in a profile held by administrators only".into(),
            });
        }
    }
}
