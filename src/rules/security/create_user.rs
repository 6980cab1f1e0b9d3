//! `security/create-user`: a profile that may create users with any profile.

use super::{locate, path, Analysis, Finding, SecurityRule};
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags a profile (other than `admin`) allowed `security:createUser` when it has no
    /// other action that changes who can do what: `security:createRestrictedUser` would do.
    ///
    /// ## Why is this bad?
    /// `security:createUser` takes the new user's `profileIds` from the request body, so its
    /// caller can create an account with the `admin` profile and log in with it
    /// (kuzzle#1035). `security:createRestrictedUser` creates users with the profiles of
    /// Kuzzle's `security.restrictedProfileIds` setting (`["default"]` unless configured) and
    /// refuses `profileIds` in the body: it is the action meant for sign-up forms and support
    /// staff.
    ///
    /// ## Example
    /// ```json
    /// {"roles": {"signup": {"controllers": {"security": {"actions": {"createUser": true}}}}},
    ///  "profiles": {"signup": {"policies": [{"roleId": "signup"}]}}}
    /// ```
    /// Use instead:
    /// ```json
    /// {"roles": {"signup": {"controllers": {"security": {"actions": {"createRestrictedUser": true}}}}},
    ///  "profiles": {"signup": {"policies": [{"roleId": "signup"}]}}}
    /// ```
    pub static CREATE_USER = {
        code: "security/create-user-not-restricted",
        kinds: [Kind::KuzzleSecurities, Kind::KuzzleProfile],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "`security:createUser` granted where `createRestrictedUser` would do",
    }
}

/// `security/create-user` as its pack runs it.
pub struct CreateUser;

impl SecurityRule for CreateUser {
    fn meta(&self) -> &'static RuleMeta {
        &CREATE_USER
    }
    fn find(&self, a: &Analysis<'_>, out: &mut Vec<Finding>) {
        for p in &a.profiles {
            // Any other escalating action is `security/escalation`, which says more.
            if p.escalation.iter().any(|(k, _)| !super::is_create_user(k)) {
                continue;
            }
            let Some((key, grant)) = p.escalation.first() else {
                continue;
            };
            let via = &grant.via[0];
            let Some((file, span, pointer)) = locate(a.s, a.roots, p.profile, via, key) else {
                continue;
            };
            out.push(Finding {
                rule: &CREATE_USER,
                file,
                span,
                pointer,
                message: format!(
                    "profile `{}` may call security:createUser, which creates users with any profile, `admin` included ({})",
                    p.profile.id,
                    path(&a.holders, via)
                ),
                help: "grant `security:createRestrictedUser` instead: it creates users with Kuzzle's default profiles only (`security.restrictedProfileIds`)".into(),
            });
        }
    }
}
