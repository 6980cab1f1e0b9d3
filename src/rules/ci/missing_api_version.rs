//! `ci/missing-api-version`: the request has no `api-version`. A request-level
//! rule: it runs over the request line of a recognised route ([`super::request::CiRequest`]).

use super::request::{CiRequest, CiRoute};
use super::API_VERSION;
use crate::core::{Diagnostic, FixAvailability, Kind, RuleMeta, Severity, Span};
use crate::declare_rule;
use crate::rules::request::RequestRule;

declare_rule! {
    /// ## What it does
    /// Reports a Customer Insights request without the `api-version` query parameter.
    ///
    /// ## Why is this bad?
    /// Both the hub API and ARM require `api-version`; requests without it are rejected.
    /// bodyguard checks bodies of api-version `2017-04-26`.
    pub static MISSING_API_VERSION = {
        code: "ci/missing-api-version",
        kinds: [Kind::CiProfileType, Kind::CiConnector],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "the request has no `api-version`",
    }
}

/// Reports a request without `api-version`, on the whole URL.
pub struct MissingApiVersion;

impl RequestRule<CiRoute> for MissingApiVersion {
    fn meta(&self) -> &'static RuleMeta {
        &MISSING_API_VERSION
    }
    fn run(&self, request: &CiRequest<'_>, out: &mut Vec<Diagnostic>) {
        let line = request.line;
        if line.param("api-version").is_none() {
            let url_span = Span::new(line.method.len() + 1, line.text.len());
            out.push(
                Diagnostic::new(&MISSING_API_VERSION, "the request has no `api-version`")
                    .with_span(url_span)
                    .with_help(format!("add `?api-version={API_VERSION}`")),
            );
        }
    }
}
