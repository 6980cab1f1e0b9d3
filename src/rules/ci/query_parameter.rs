//! `ci/query-parameter`: a query parameter the route does not take. A request-level
//! rule: it runs over the request line of a recognised route ([`super::request::CiRequest`]).

use super::echo;
use super::request::{Api, CiRequest, CiRoute};
use crate::core::{Diagnostic, FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::request::RequestRule;

declare_rule! {
    /// ## What it does
    /// Reports query parameters the route does not take: `locale` (or `locale-code`) on a
    /// connector or on an ARM profile-type PUT, and any parameter other than `api-version`
    /// and `locale`/`locale-code`.
    ///
    /// ## Why is this bad?
    /// The hub API takes `locale` on profile-type requests to pick the language of returned
    /// texts. ARM takes `locale-code` only on GET, DELETE and LIST, not on PUT, and connectors
    /// have no localized texts. A parameter the route ignores usually means the request was
    /// meant for another route.
    pub static QUERY_PARAMETER = {
        code: "ci/query-parameter",
        kinds: [Kind::CiProfileType, Kind::CiConnector],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "a query parameter the route does not take",
    }
}

/// Reports each query parameter the route does not take.
pub struct QueryParameter;

impl RequestRule<CiRoute> for QueryParameter {
    fn meta(&self) -> &'static RuleMeta {
        &QUERY_PARAMETER
    }
    fn run(&self, request: &CiRequest<'_>, out: &mut Vec<Diagnostic>) {
        let (api, kind) = (request.api, request.kind);
        for p in &request.line.query {
            match p.key.as_str() {
                "api-version" => {}
                "locale" | "locale-code" if request.takes_locale() => {}
                "locale" | "locale-code" => {
                    let why = match (api, kind) {
                        (Api::Arm, Kind::CiProfileType) => {
                            "ARM takes `locale-code` on GET, DELETE and LIST of profile types, not on PUT"
                        }
                        _ => "connectors have no localized texts",
                    };
                    out.push(
                        Diagnostic::new(
                            &QUERY_PARAMETER,
                            format!("`{}` is not a parameter of this route: {why}", p.key),
                        )
                        .with_span(p.span)
                        .with_help("remove it"),
                    );
                }
                other => {
                    let known: &[&str] = if request.takes_locale() {
                        &["api-version", "locale"]
                    } else {
                        &["api-version"]
                    };
                    let help = match crate::core::text::did_you_mean(other, known.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "remove it".into(),
                    };
                    out.push(
                        Diagnostic::new(
                            &QUERY_PARAMETER,
                            format!("`{}` is not a parameter of this route", echo(other)),
                        )
                        .with_span(p.span)
                        .with_help(help),
                    );
                }
            }
        }
    }
}
