//! `kuzzle/force-on-profile`: `force` sent with a profile action, which ignores it.

use crate::core::{Diagnostic, FixAvailability, Kind, RuleMeta, Severity, Span};
use crate::declare_rule;
use crate::rules::kuzzle_request::{KuzzleRequest, KuzzleRoute};
use crate::rules::request::RequestRule;

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

/// Reports `force` in the query string or the JSON request of a profile action.
pub struct ForceOnProfile;

impl RequestRule<KuzzleRoute> for ForceOnProfile {
    fn meta(&self) -> &'static RuleMeta {
        &FORCE_ON_PROFILE
    }
    fn run(&self, request: &KuzzleRequest<'_>, out: &mut Vec<Diagnostic>) {
        if request.kind() != Kind::KuzzleProfile {
            return;
        }
        let span = match *request {
            KuzzleRequest::Http { line, .. } => line.param("force").map(|p| p.span),
            KuzzleRequest::Json { root, .. } => root.member("force").map(|m| m.key_span()),
        };
        if let Some(span) = span {
            out.push(force_finding(span));
        }
    }
}

fn force_finding(span: Span) -> Diagnostic {
    Diagnostic::new(&FORCE_ON_PROFILE, "profile actions ignore `force`")
        .with_span(span)
        .with_help("the profile flag is `strict`, with the opposite meaning: with `strict`, Kuzzle rejects restrictions on indexes or collections that do not exist; without it (the default) it accepts them")
}
