//! `kuzzle/create-builtin`: `createProfile` or `createRole` on a profile or role that always exists.

use crate::core::inventory::{BUILTIN_PROFILES, BUILTIN_ROLES};
use crate::core::{Diagnostic, FixAvailability, Kind, RuleMeta, Severity, Span};
use crate::declare_rule;
use crate::parse::Value;
use crate::rules::kuzzle_request::{KuzzleRequest, KuzzleRoute};
use crate::rules::request::RequestRule;

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

/// Reports the id of a create action naming a built-in profile or role.
pub struct CreateBuiltin;

impl RequestRule<KuzzleRoute> for CreateBuiltin {
    fn meta(&self) -> &'static RuleMeta {
        &CREATE_BUILTIN
    }
    fn run(&self, request: &KuzzleRequest<'_>, out: &mut Vec<Diagnostic>) {
        match *request {
            KuzzleRequest::Http {
                action,
                id,
                id_span,
                ..
            } => out.extend(builtin_finding(action, id, id_span)),
            KuzzleRequest::Json { root, action, kind } => {
                if kind == Kind::KuzzleSecurities {
                    return;
                }
                if let Some(m) = root.member("_id") {
                    if let Value::String(s) = m.value().value() {
                        out.extend(builtin_finding(action, s, m.value().span()));
                    }
                }
            }
        }
    }
}

fn builtin_finding(action: &str, id: &str, span: Span) -> Option<Diagnostic> {
    let (builtin, what, instead) = match action {
        "createProfile" => (
            BUILTIN_PROFILES,
            "profile",
            "createOrReplaceProfile (PUT /profiles/<id>) or updateProfile",
        ),
        "createRole" => (
            BUILTIN_ROLES,
            "role",
            "createOrReplaceRole (PUT /roles/<id>) or updateRole",
        ),
        _ => return None,
    };
    builtin.contains(&id).then(|| {
        Diagnostic::new(
            &CREATE_BUILTIN,
            format!("the {what} `{id}` always exists: `{action}` on it always fails"),
        )
        .with_span(span)
        .with_help(format!(
            "Kuzzle creates it at first start and it cannot be deleted, so the request fails with `services.storage.document_already_exists`; use {instead}"
        ))
    })
}
