//! Customer Insights routes (hub `/manage/…` and ARM `…/hubs/<hub>/…`).
//!
//! - hub profile type: `PUT https://<hub>.api.azurecustomerinsights.com/manage/model/profiles/<name>?api-version=2017-04-26&locale=en-us`
//! - hub connector: `PUT https://<hub>.api.azurecustomerinsights.com/manage/connectors/<name>?api-version=2017-04-26`
//! - ARM: `PUT https://management.azure.com/subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.CustomerInsights/hubs/<hub>/{profiles|connectors}/<name>?api-version=2017-04-26`
//!
//! The route's action tells the body rules which form to expect: `profile-type-put-hub`,
//! `profile-type-put-arm`, `connector-put-hub`, `connector-put-arm`.

use super::{Recognized, RequestInfo, RequestLine};
use crate::diagnostic::Diagnostic;
use crate::kind::Kind;
use crate::rules::ci::{api_version, invalid_locale, invalid_name, method, missing_api_version};
use crate::rules::ci::{echo, locale, query_parameter, API_VERSION};
use crate::source::Span;

/// Which API a route belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Api {
    Hub,
    Arm,
}

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

/// Recognise a Customer Insights profile-type or connector route.
pub fn recognize(line: &RequestLine) -> Option<Recognized> {
    let (api, kind, name_at) = route(line)?;
    let (name, name_span) = line.segments.get(name_at)?.clone();
    let mut diagnostics = Vec::new();
    let url_span = Span::new(line.method.len() + 1, line.text.len());

    if line.method != "PUT" {
        diagnostics.push(
            Diagnostic::new(
                &method::METHOD,
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
    if let Some(why) = invalid_name::name_problem(&name) {
        let what = if kind == Kind::CiProfileType {
            "profile type"
        } else {
            "connector"
        };
        diagnostics.push(
            Diagnostic::new(
                &invalid_name::INVALID_NAME,
                format!("{what} name `{}` is not valid: {why}", echo(&name)),
            )
            .with_span(name_span)
            .with_label_text("invalid name")
            .with_help("names match `^[a-zA-Z][a-zA-Z0-9_]+$` and have at most 128 characters"),
        );
    }
    match line.param("api-version") {
        None => diagnostics.push(
            Diagnostic::new(
                &missing_api_version::MISSING_API_VERSION,
                "the request has no `api-version`",
            )
            .with_span(url_span)
            .with_help(format!("add `?api-version={API_VERSION}`")),
        ),
        Some(p) if p.value.as_deref() != Some(API_VERSION) => diagnostics.push(
            Diagnostic::new(
                &api_version::API_VERSION,
                format!(
                    "`api-version` is `{}`; bodyguard checks bodies of `{API_VERSION}`",
                    echo(p.value.as_deref().unwrap_or(""))
                ),
            )
            .with_span(p.span)
            .with_help(format!(
                "use `api-version={API_VERSION}`, the stable version of the API"
            )),
        ),
        Some(_) => {}
    }
    for p in &line.query {
        let raw = line.text.get(p.span.range()).unwrap_or("");
        let raw_key_len = raw.split_once('=').map_or(raw.len(), |(k, _)| k.len());
        let value_span = Span::new(p.span.start as usize + raw_key_len + 1, p.span.end as usize);
        match p.key.as_str() {
            "api-version" => {}
            "locale" | "locale-code" if api == Api::Hub && kind == Kind::CiProfileType => match &p
                .value
            {
                Some(v) => {
                    if let Some(d) = locale::diagnose(
                        v,
                        value_span,
                        false,
                        "",
                        &format!("`{}` parameter", p.key),
                    ) {
                        diagnostics.push(d);
                    }
                }
                None => diagnostics.push(
                    Diagnostic::new(
                        &invalid_locale::INVALID_LOCALE,
                        format!("`{}` parameter has no value", p.key),
                    )
                    .with_span(p.span)
                    .with_help(
                        "write `locale=en-us`, or leave the parameter out (the default is `en-us`)",
                    ),
                ),
            },
            "locale" | "locale-code" => {
                let why = match (api, kind) {
                    (Api::Arm, Kind::CiProfileType) => {
                        "ARM takes `locale-code` on GET, DELETE and LIST of profile types, not on PUT"
                    }
                    _ => "connectors have no localized texts",
                };
                diagnostics.push(
                    Diagnostic::new(
                        &query_parameter::QUERY_PARAMETER,
                        format!("`{}` is not a parameter of this route: {why}", p.key),
                    )
                    .with_span(p.span)
                    .with_help("remove it"),
                );
            }
            other => {
                let known: &[&str] = if api == Api::Hub && kind == Kind::CiProfileType {
                    &["api-version", "locale"]
                } else {
                    &["api-version"]
                };
                let help = match crate::diagnostic::did_you_mean(other, known.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "remove it".into(),
                };
                diagnostics.push(
                    Diagnostic::new(
                        &query_parameter::QUERY_PARAMETER,
                        format!("`{}` is not a parameter of this route", echo(other)),
                    )
                    .with_span(p.span)
                    .with_help(help),
                );
            }
        }
    }
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
