//! The rules of the `security` family and their documentation.

use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::kind::Kind;
use crate::rules::FixAvailability;

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

declare_rule! {
    /// ## What it does
    /// Flags a policy restricted to some indexes (`restrictedTo`) whose role allows an
    /// action that names no index but lists or changes every index: `index:list`,
    /// `admin:loadFixtures`, `admin:loadMappings`, `admin:resetDatabase`. The finding names
    /// the path: user → profile → policy → role → the role's entry.
    ///
    /// ## Why is this bad?
    /// Kuzzle applies a policy's restrictions only to requests that carry an `index`
    /// argument (`Role.checkRestrictions`: `if (!index) return true`). `index:list` carries
    /// none and lists every index, the names the restriction was meant to hide (kuzzle#1942);
    /// `admin:loadFixtures` and `admin:loadMappings` take the indexes from their body and
    /// write into any of them; `admin:resetDatabase` deletes every index. Actions that
    /// change who can do what are reported by `security/escalation`; whole controllers with
    /// no index (`security`, `admin`, `ms`, `*`) by `kuzzle/restricted-index-less-role`.
    ///
    /// ## Example
    /// ```json
    /// {"roles": {"shop": {"controllers": {"document": {"actions": {"*": true}}, "index": {"actions": {"list": true}}}}},
    ///  "profiles": {"shop": {"policies": [{"roleId": "shop", "restrictedTo": [{"index": "shop"}]}]}}}
    /// ```
    /// Use instead: a role without `index:list` for the restricted policy (the client knows
    /// its index).
    pub static RESTRICTION_BYPASS = {
        code: "security/restriction-bypass",
        kinds: [Kind::KuzzleSecurities, Kind::KuzzleProfile],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "a restricted policy's role lists or changes every index",
    }
}
