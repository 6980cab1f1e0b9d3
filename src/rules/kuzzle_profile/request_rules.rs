//! Rules about the request a profile (or role) body is sent with: its `_id` and arguments.
//! Checked by `bodyguard request` and [`crate::request::kuzzle`].

use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::kind::Kind;
use crate::rules::FixAvailability;

declare_rule! {
    /// ## What it does
    /// Reports a profile or role `_id` Kuzzle refuses or cannot use: missing, empty or not a
    /// string (`api.assert.missing_argument`, `api.assert.invalid_type`), `_search` (the
    /// document is written, then Kuzzle cannot read it back:
    /// `services.storage.search_as_an_id`), `_mapping` over HTTP (`PUT /profiles/_mapping`
    /// is the route of `security:updateProfileMapping`, which changes the storage mapping of
    /// every profile), or longer than 512 bytes (Elasticsearch's limit for a document id).
    ///
    /// ## Why is this bad?
    /// The request fails, or does something else than creating the profile.
    ///
    /// ## Example
    /// ```text
    /// PUT /profiles/_search
    /// ```
    /// Use instead:
    /// ```text
    /// PUT /profiles/searchers
    /// ```
    pub static INVALID_ID = {
        code: "kuzzle/invalid-id",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleRole],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "a profile or role `_id` Kuzzle refuses",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a Kuzzle JSON request (`{"controller", "action", "_id", "body"}`) without a
    /// `body`, or with `body: null`.
    ///
    /// ## Why is this bad?
    /// Kuzzle rejects it with `api.assert.body_required` ("The request must specify a body.").
    pub static MISSING_BODY = {
        code: "kuzzle/missing-body",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleRole, Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "a request without a body",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `refresh` argument other than `wait_for` or `false`.
    ///
    /// ## Why is this bad?
    /// Kuzzle never rejects `refresh`: it turns `false`, `"false"` and `null` into `false`
    /// and **anything else** into `wait_for`, including `true`, `"true"`, `""` (a bare
    /// `?refresh`), `1` or a typo. `refresh=fasle` therefore waits for the refresh.
    ///
    /// ## Example
    /// ```text
    /// PUT /profiles/editor?refresh=true
    /// ```
    /// Use instead:
    /// ```text
    /// PUT /profiles/editor?refresh=wait_for
    /// ```
    pub static REFRESH_VALUE = {
        code: "kuzzle/refresh-value",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleRole],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "`refresh` other than `wait_for` or `false`",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `force` on a profile action (`createOrReplaceProfile`, `createProfile`,
    /// `updateProfile`).
    ///
    /// ## Why is this bad?
    /// Profile actions have no `force` argument: Kuzzle ignores it, whatever its value. The
    /// real flag is `strict`, and it has the opposite meaning: without it (the default) Kuzzle
    /// accepts restrictions on indexes and collections that do not exist; with it, it rejects
    /// them (`services.storage.unknown_index`, `services.storage.unknown_collection`).
    ///
    /// ## Example
    /// ```text
    /// PUT /profiles/editor?force
    /// ```
    /// Use instead (to have unknown indexes rejected):
    /// ```text
    /// PUT /profiles/editor?strict
    /// ```
    pub static FORCE_ON_PROFILE = {
        code: "kuzzle/force-on-profile",
        kinds: [Kind::KuzzleProfile],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "`force` on a profile action is ignored",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an HTTP flag argument (`strict` on profile actions, `force` on role actions)
    /// given a value that reads as "off": `?strict=false`, `?force=0`, `?force=no`.
    ///
    /// ## Why is this bad?
    /// Over HTTP these flags are on as soon as they are present, whatever their value:
    /// `?strict=false` is strict and `?force=false` forces.
    ///
    /// ## Example
    /// ```text
    /// PUT /profiles/editor?strict=false
    /// ```
    /// Use instead:
    /// ```text
    /// PUT /profiles/editor
    /// ```
    pub static FLAG_VALUE = {
        code: "kuzzle/flag-value",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleRole],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "`?strict=false` or `?force=false` still turns the flag on",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports, in a Kuzzle JSON request, a `strict` (profiles) or `force` (roles) argument
    /// that is not a boolean, such as `"true"` or `1`.
    ///
    /// ## Why is this bad?
    /// Outside HTTP, Kuzzle requires a boolean and rejects anything else with
    /// `api.assert.invalid_type` ("Wrong type for argument "strict" (expected: boolean)").
    /// Tools that send every argument as a string (kourou's `-a strict=true`) hit this.
    ///
    /// ## Example
    /// ```json
    /// {"controller": "security", "action": "createOrReplaceProfile", "_id": "editor", "strict": "true", "body": {"policies": [{"roleId": "editor"}]}}
    /// ```
    /// Use instead:
    /// ```json
    /// {"controller": "security", "action": "createOrReplaceProfile", "_id": "editor", "strict": true, "body": {"policies": [{"roleId": "editor"}]}}
    /// ```
    pub static FLAG_NOT_BOOLEAN = {
        code: "kuzzle/flag-not-boolean",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleRole],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "`strict` or `force` that is not a boolean",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `createProfile` or `createRole` (`POST /profiles/<id>/_create`,
    /// `POST /roles/<id>/_create`) for `admin`, `default` or `anonymous`.
    ///
    /// ## Why is this bad?
    /// Kuzzle creates these three profiles and roles when it first starts, and they can never
    /// be deleted, so a create action on them always fails with
    /// `services.storage.document_already_exists`. To change them, use
    /// `createOrReplaceProfile` / `createOrReplaceRole` (`PUT /profiles/<id>`) or the update
    /// action.
    ///
    /// ## Example
    /// ```text
    /// POST /profiles/anonymous/_create
    /// ```
    /// Use instead:
    /// ```text
    /// PUT /profiles/anonymous
    /// ```
    pub static CREATE_BUILTIN = {
        code: "kuzzle/create-builtin",
        kinds: [Kind::KuzzleProfile, Kind::KuzzleRole],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "`createProfile`/`createRole` for a profile or role that always exists",
    }
}
