//! Request-level checks: a method and URL (or a Kuzzle JSON request) together with the body.
//!
//! The request line is checked as its own source (`<request>`), so URL findings get a code
//! frame on the exact query parameter or path segment; the body is then checked with the
//! route's kind and what the URL says about it ([`RequestInfo`]).

pub mod ci;
pub mod kuzzle;

use crate::diagnostic::Diagnostic;
use crate::kind::Kind;
use crate::source::{SourceFile, Span};
use crate::{Checker, Report};
use std::sync::Arc;

/// One `key[=value]` of a query string, with its span in the request line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryParam {
    /// Percent-decoded key.
    pub key: String,
    /// Percent-decoded value; `None` for a bare flag such as `&strict`.
    pub value: Option<String>,
    /// Bytes of `key[=value]` in the request line.
    pub span: Span,
}

/// A parsed request line: `METHOD URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestLine {
    /// Upper-case method.
    pub method: String,
    /// Host, when the URL is absolute.
    pub host: Option<String>,
    /// Path segments, percent-decoded, each with its span.
    pub segments: Vec<(String, Span)>,
    /// Query parameters in order.
    pub query: Vec<QueryParam>,
    /// The whole line, as checked (`METHOD URL`).
    pub text: String,
}

impl RequestLine {
    /// Parse `method` and `url` (absolute or a bare path).
    pub fn parse(method: &str, url: &str) -> RequestLine {
        let method = method.trim().to_ascii_uppercase();
        let text = format!("{method} {url}");
        let base = method.len() + 1;
        let (before_query, query_text) = match url.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (url, None),
        };
        let (host, path, path_at) = match before_query.split_once("://") {
            Some((scheme, rest)) => {
                let (host, path) = rest.split_once('/').map_or((rest, ""), |(h, p)| (h, p));
                (
                    Some(host.to_ascii_lowercase()),
                    path,
                    scheme.len() + 3 + host.len() + 1,
                )
            }
            None => (
                None,
                before_query.trim_start_matches('/'),
                before_query.len() - before_query.trim_start_matches('/').len(),
            ),
        };
        let mut segments = Vec::new();
        let mut at = base + path_at;
        // An empty segment inside the path is kept (`/profiles//_create` has an empty id);
        // a trailing `/` is not a segment.
        for seg in path.strip_suffix('/').unwrap_or(path).split('/') {
            segments.push((percent_decode(seg), Span::new(at, at + seg.len())));
            at += seg.len() + 1;
        }
        let mut query = Vec::new();
        if let Some(q) = query_text {
            let mut at = base + before_query.len() + 1;
            for part in q.split('&') {
                if !part.is_empty() {
                    let (k, v) = match part.split_once('=') {
                        Some((k, v)) => (k, Some(percent_decode(v))),
                        None => (part, None),
                    };
                    query.push(QueryParam {
                        key: percent_decode(k),
                        value: v,
                        span: Span::new(at, at + part.len()),
                    });
                }
                at += part.len() + 1;
            }
        }
        RequestLine {
            method,
            host,
            segments,
            query,
            text,
        }
    }

    /// The last occurrence of query parameter `key`.
    pub fn param(&self, key: &str) -> Option<&QueryParam> {
        self.query.iter().rev().find(|p| p.key == key)
    }
}

/// Decode `%XX` escapes (and `+` as a space in query strings is left alone: servers differ).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub use crate::core::request::RequestInfo;

/// A route recognised by a rule pack.
#[derive(Debug, Clone)]
pub struct Recognized {
    /// The kind of body this route takes.
    pub kind: Kind,
    /// What the body checks should know.
    pub info: RequestInfo,
    /// Findings about the request line itself (spans into [`RequestLine::text`]).
    pub diagnostics: Vec<Diagnostic>,
}

/// The findings of a request check: the request line and the body.
#[derive(Debug, Clone)]
pub struct RequestReport {
    /// Findings on the request line (source `<request>`).
    pub request: Report,
    /// Findings on the body, when the route was recognised.
    pub body: Option<Report>,
}

impl RequestReport {
    /// Both reports, request line first.
    pub fn reports(&self) -> Vec<&Report> {
        std::iter::once(&self.request)
            .chain(self.body.as_ref())
            .collect()
    }
}

/// Check an HTTP request: recognise the route, check the URL, then the body as the route's kind.
pub fn check_request(
    checker: &Checker,
    method: &str,
    url: &str,
    body_name: &str,
    body: &str,
) -> RequestReport {
    let line = RequestLine::parse(method, url);
    let recognized = kuzzle::recognize(&line).or_else(|| ci::recognize(&line));
    let secret_spans = line_secrets(&line);
    let withheld = crate::secrets::Withheld::new(&line.text, &secret_spans);
    let request_source = Arc::new(SourceFile::new(
        "<request>",
        crate::secrets::mask(&line.text, &secret_spans),
    ));
    let mut report = match recognized {
        Some(r) => {
            let body = checker.check_source_with(SourceFile::new(body_name, body), Some(r.kind), Some(&r.info));
            RequestReport {
                request: Report {
                    source: request_source,
                    kind: Some(r.kind),
                    diagnostics: checker.finish_request(r.diagnostics),
                    facts: Vec::new(),
                    skipped: false,
                },
                body: Some(body),
            }
        }
        None => RequestReport {
            request: Report {
                source: request_source.clone(),
                kind: None,
                diagnostics: vec![Diagnostic::new(
                    &crate::rules::builtin::UNKNOWN_ROUTE,
                    format!("`{} {}` is not a route bodyguard knows", line.method, crate::diagnostic::snippet(url)),
                )
                .with_span(Span::new(0, line.text.len()))
                .with_help(
                    "known routes: Kuzzle `PUT /profiles/<id>`, `POST /profiles/<id>/_create`, `PUT /profiles/<id>/_update`, \
                     `PUT /roles/<id>` …; Customer Insights `PUT …/manage/model/profiles/<name>`, `PUT …/manage/connectors/<name>` \
                     and their ARM forms",
                )],
                facts: Vec::new(),
                skipped: false,
            },
            body: None,
        },
    };
    // The URL is echoed in messages (the unknown route, a host): never its credentials.
    withheld.scrub_diagnostics(&mut report.request.diagnostics);
    report
}

/// What the request line shows masked by `*` in code frames and withholds from messages: the
/// values of credential query parameters (a SAS `sig`, a `password`, an `access_token`,
/// any name [`crate::secrets::is_secret_like_key`] accepts, any secret-shaped value) and the
/// password of a URL (`https://user:PASSWORD@host`).
fn line_secrets(line: &RequestLine) -> Vec<Span> {
    let mut spans: Vec<Span> = line
        .query
        .iter()
        .filter(|p| {
            let value = p.value.as_deref().unwrap_or("");
            !value.is_empty()
                && (crate::secrets::is_secret_key(&p.key)
                    || crate::secrets::is_secret_like_key(&p.key)
                    || ["sig", "access_token", "code", "key", "pwd"]
                        .contains(&p.key.to_ascii_lowercase().as_str())
                    || crate::secrets::marker_in(value).is_some()
                    || crate::secrets::secret_shaped(value))
        })
        .map(|p| {
            let raw = line.text.get(p.span.range()).unwrap_or("");
            let key_len = raw.split_once('=').map_or(raw.len(), |(k, _)| k.len());
            Span::new(p.span.start as usize + key_len + 1, p.span.end as usize)
        })
        .collect();
    // A parameter whose name itself carries a credential (`sig%3D…`).
    spans.extend(
        line.query
            .iter()
            .filter(|p| crate::secrets::secret_shaped(&p.key))
            .map(|p| p.span),
    );
    spans.extend(crate::secrets::url_password_spans(&line.text));
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_route_is_reported_on_the_request_line() {
        let checker = Checker::new();
        let r = check_request(&checker, "GET", "/nowhere", "body.json", "{}");
        assert!(r.body.is_none());
        let d = &r.request.diagnostics[0];
        assert_eq!(
            (d.code(), d.severity),
            ("request/unknown-route", crate::Severity::Error)
        );
        assert_eq!(
            r.request
                .source
                .line_col(d.span.unwrap().start as usize)
                .column,
            1
        );
    }

    #[test]
    fn request_line_spans() {
        let line = RequestLine::parse("put", "/profiles/p%201?refresh=wait_for&force");
        assert_eq!(line.method, "PUT");
        assert_eq!(line.segments[1].0, "p 1");
        assert_eq!(&line.text[line.segments[1].1.range()], "p%201");
        assert_eq!(line.query[1].key, "force");
        assert_eq!(line.query[1].value, None);
        assert_eq!(&line.text[line.query[0].span.range()], "refresh=wait_for");
        let abs = RequestLine::parse(
            "PUT",
            "https://Hub.api.azurecustomerinsights.com/manage/connectors/c1?api-version=2017-04-26",
        );
        assert_eq!(
            abs.host.as_deref(),
            Some("hub.api.azurecustomerinsights.com")
        );
        assert_eq!(
            abs.segments
                .iter()
                .map(|s| s.0.as_str())
                .collect::<Vec<_>>(),
            ["manage", "connectors", "c1"]
        );
        assert_eq!(&abs.text[abs.segments[2].1.range()], "c1");
    }
}
