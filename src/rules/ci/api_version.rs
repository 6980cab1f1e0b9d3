//! `ci/api-version`: the request's `api-version` is not the one bodyguard describes. A request-level
//! rule: it runs over the request line of a recognised route ([`super::request::CiRequest`]).

use super::echo;
use super::request::{CiRequest, CiRoute};
use crate::core::{Diagnostic, FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::request::RequestRule;

declare_rule! {
    /// ## What it does
    /// Reports an `api-version` other than `2017-04-26`.
    ///
    /// ## Why is this bad?
    /// bodyguard's schemas and rules describe the bodies of api-version `2017-04-26` (the
    /// stable version of the API). Other versions (such as the earlier `2017-01-01`) took
    /// different bodies, so the findings may not hold for them.
    pub static API_VERSION = {
        code: "ci/api-version",
        kinds: [Kind::CiProfileType, Kind::CiConnector],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "the request's `api-version` is not `2017-04-26`",
    }
}

/// Reports an `api-version` parameter with another value than [`super::API_VERSION`].
pub struct ApiVersion;

impl RequestRule<CiRoute> for ApiVersion {
    fn meta(&self) -> &'static RuleMeta {
        &API_VERSION
    }
    fn run(&self, request: &CiRequest<'_>, out: &mut Vec<Diagnostic>) {
        let want = super::API_VERSION;
        match request.line.param("api-version") {
            Some(p) if p.value.as_deref() != Some(want) => out.push(
                Diagnostic::new(
                    &API_VERSION,
                    format!(
                        "`api-version` is `{}`; bodyguard checks bodies of `{want}`",
                        echo(p.value.as_deref().unwrap_or(""))
                    ),
                )
                .with_span(p.span)
                .with_help(format!(
                    "use `api-version={want}`, the stable version of the API"
                )),
            ),
            _ => {}
        }
    }
}
