//! `ci/method`: a Customer Insights body sent with another method than PUT. A request-level
//! rule: it runs over the request line of a recognised route ([`super::request::CiRequest`]).

use super::echo;
use super::request::{CiRequest, CiRoute};
use crate::core::{Diagnostic, FixAvailability, Kind, RuleMeta, Severity, Span};
use crate::declare_rule;
use crate::rules::request::RequestRule;

declare_rule! {
    /// ## What it does
    /// Reports a method other than `PUT` on a profile-type or connector route checked with a
    /// body.
    ///
    /// ## Why is this bad?
    /// Profile types and connectors are created or replaced with `PUT`; `POST` and `PATCH`
    /// are not routes of the API, and `GET`/`DELETE` take no body.
    pub static METHOD = {
        code: "ci/method",
        kinds: [Kind::CiProfileType, Kind::CiConnector],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "a Customer Insights body is sent with another method than PUT",
    }
}

/// Reports a method other than `PUT`.
pub struct Method;

impl RequestRule<CiRoute> for Method {
    fn meta(&self) -> &'static RuleMeta {
        &METHOD
    }
    fn run(&self, request: &CiRequest<'_>, out: &mut Vec<Diagnostic>) {
        let line = request.line;
        if line.method != "PUT" {
            out.push(
                Diagnostic::new(
                    &METHOD,
                    format!(
                        "`{}` is not how a body is sent to this route",
                        echo(&line.method)
                    ),
                )
                .with_span(Span::new(0, line.method.len()))
                .with_label_text("expected PUT")
                .with_help("profile types and connectors are created or replaced with `PUT`"),
            );
        }
    }
}
