//! Customer Insights routes (hub `/manage/…` and ARM `…/hubs/<hub>/…`).
//!
//! - hub profile type: `PUT https://<hub>.api.azurecustomerinsights.com/manage/model/profiles/<name>?api-version=2017-04-26&locale=en-us`
//! - hub connector: `PUT https://<hub>.api.azurecustomerinsights.com/manage/connectors/<name>?api-version=2017-04-26`
//! - ARM: `PUT https://management.azure.com/subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.CustomerInsights/hubs/<hub>/{profiles|connectors}/<name>?api-version=2017-04-26`
//!
//! The route's action tells the body rules which form to expect: `profile-type-put-hub`,
//! `profile-type-put-arm`, `connector-put-hub`, `connector-put-arm`.

use super::{Recognized, RequestInfo, RequestLine};
use crate::core::Kind;
use crate::rules::ci::request::{Api, CiRequest};
use crate::rules::ci::REQUEST_RULES;

fn seg_is(line: &RequestLine, i: usize, want: &str) -> bool {
    line.segments
        .get(i)
        .is_some_and(|(s, _)| s.eq_ignore_ascii_case(want))
}

/// Find the route: (api, kind, index of the name segment).
fn route(line: &RequestLine) -> Option<(Api, Kind, usize)> {
    let n = line.segments.len();
    if seg_is(line, 0, "manage") {
        if n == 4 && seg_is(line, 1, "model") && seg_is(line, 2, "profiles") {
            return Some((Api::Hub, Kind::CiProfileType, 3));
        }
        if n == 3 && seg_is(line, 1, "connectors") {
            return Some((Api::Hub, Kind::CiConnector, 2));
        }
        return None;
    }
    // …/providers/Microsoft.CustomerInsights/hubs/<hub>/{profiles|connectors}/<name>
    let p = (0..n).find(|&i| {
        seg_is(line, i, "providers") && seg_is(line, i + 1, "Microsoft.CustomerInsights")
    })?;
    if n != p + 6 || !seg_is(line, p + 2, "hubs") {
        return None;
    }
    let kind = if seg_is(line, p + 4, "profiles") {
        Kind::CiProfileType
    } else if seg_is(line, p + 4, "connectors") {
        Kind::CiConnector
    } else {
        return None;
    };
    Some((Api::Arm, kind, p + 5))
}

/// Recognise a Customer Insights profile-type or connector route, with the findings of its
/// request-level rules ([`crate::rules::ci::REQUEST_RULES`]) on the request line.
pub fn recognize(line: &RequestLine) -> Option<Recognized> {
    let (api, kind, name_at) = route(line)?;
    let (name, name_span) = line.segments.get(name_at)?.clone();
    let mut diagnostics = Vec::new();
    let request = CiRequest {
        line,
        api,
        kind,
        name: &name,
        name_span,
    };
    crate::rules::request::run(REQUEST_RULES, &request, |_| true, &mut diagnostics);
    let action = match (kind, api) {
        (Kind::CiProfileType, Api::Hub) => "profile-type-put-hub",
        (Kind::CiProfileType, _) => "profile-type-put-arm",
        (_, Api::Hub) => "connector-put-hub",
        _ => "connector-put-arm",
    };
    Some(Recognized {
        kind,
        info: RequestInfo {
            name: Some(name),
            action: action.to_string(),
            args: line
                .query
                .iter()
                .map(|p| (p.key.clone(), p.value.clone()))
                .collect(),
        },
        diagnostics,
    })
}
