//! The view request-level Customer Insights rules run over: a recognised profile-type or
//! connector route (`src/request/ci.rs` recognises it), and the list of those rules.

use super::{api_version, invalid_locale, invalid_name, locale_case, method};
use super::{missing_api_version, query_parameter};
use crate::core::{Kind, Span};
use crate::parse::request_line::{QueryParam, RequestLine};
use crate::rules::request::{RequestRule, RequestView};

/// Which API a route belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// The hub API (`https://<hub>.api.azurecustomerinsights.com/manage/…`).
    Hub,
    /// Azure Resource Manager (`…/providers/Microsoft.CustomerInsights/hubs/<hub>/…`).
    Arm,
}

/// A recognised Customer Insights route with its request line.
pub struct CiRequest<'a> {
    /// The request line.
    pub line: &'a RequestLine,
    /// The API of the route.
    pub api: Api,
    /// The kind of body it takes.
    pub kind: Kind,
    /// The profile-type or connector name in the URL.
    pub name: &'a str,
    /// The name's span in the request line.
    pub name_span: Span,
}

impl CiRequest<'_> {
    /// The span of `p`'s value (after its `=`) in the request line.
    pub fn value_span(&self, p: &QueryParam) -> Span {
        let raw = self.line.text.get(p.span.range()).unwrap_or("");
        let raw_key_len = raw.split_once('=').map_or(raw.len(), |(k, _)| k.len());
        Span::new(p.span.start as usize + raw_key_len + 1, p.span.end as usize)
    }

    /// Whether the route takes a `locale` parameter (hub profile types).
    pub fn takes_locale(&self) -> bool {
        self.api == Api::Hub && self.kind == Kind::CiProfileType
    }

    /// The `locale` (or `locale-code`) parameters of a route that takes one; none otherwise.
    pub fn locale_params(&self) -> impl Iterator<Item = &QueryParam> {
        let params = if self.takes_locale() {
            self.line.query.as_slice()
        } else {
            &[]
        };
        params
            .iter()
            .filter(|p| matches!(p.key.as_str(), "locale" | "locale-code"))
    }
}

/// The route's view: [`CiRequest`].
pub struct CiRoute;

impl RequestView for CiRoute {
    type Of<'a> = CiRequest<'a>;
}

/// The request-level rules of Customer Insights routes, sorted by code.
pub static REQUEST_RULES: &[&dyn RequestRule<CiRoute>] = &[
    &api_version::ApiVersion,
    &invalid_locale::InvalidLocale,
    &invalid_name::InvalidName,
    &locale_case::LocaleCase,
    &method::Method,
    &missing_api_version::MissingApiVersion,
    &query_parameter::QueryParameter,
];
