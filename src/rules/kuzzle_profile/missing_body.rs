//! `kuzzle/missing-body`: a Kuzzle JSON request without a body.

use crate::core::{Diagnostic, FixAvailability, Kind, RuleMeta, Severity, Span};
use crate::declare_rule;
use crate::rules::kuzzle_request::{KuzzleRequest, KuzzleRoute};
use crate::rules::request::RequestRule;

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

/// Reports a JSON request whose `body` is missing or `null`.
pub struct MissingBody;

impl RequestRule<KuzzleRoute> for MissingBody {
    fn meta(&self) -> &'static RuleMeta {
        &MISSING_BODY
    }
    fn run(&self, request: &KuzzleRequest<'_>, out: &mut Vec<Diagnostic>) {
        let KuzzleRequest::Json { root, .. } = *request else {
            return;
        };
        if root.get("body").filter(|b| !b.is_null()).is_none() {
            let span = root.member("body").map_or(
                Span::new(root.span().start as usize, root.span().start as usize + 1),
                |m| m.key_span(),
            );
            out.push(
                Diagnostic::new(&MISSING_BODY, "the request has no body")
                    .with_span(span)
                    .with_help("Kuzzle rejects it with `api.assert.body_required` (The request must specify a body.)"),
            );
        }
    }
}
