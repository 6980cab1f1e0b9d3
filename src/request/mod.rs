//! Request-level checks: a method and URL (or a Kuzzle JSON request) together with the body.
//!
//! The request line is checked as its own source (`<request>`), so URL findings get a code
//! frame on the exact query parameter or path segment; the body is then checked with the
//! route's kind and what the URL says about it ([`RequestInfo`]).

pub mod ci;
pub mod kuzzle;

use crate::core::diagnostic::Diagnostic;
use crate::core::source::{SourceFile, Span};
use crate::core::Kind;
pub use crate::parse::request_line::{percent_decode, QueryParam, RequestLine};
use crate::{Checker, Report};
use std::sync::Arc;

use crate::core::request::RequestInfo;

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
///
/// ```
/// use bodyguard::{check_request, Checker};
///
/// let checker = Checker::new();
/// let r = check_request(&checker, "PUT", "/profiles/editor?refresh=true", "body.json", r#"{"policies": [{"roleId": "default"}]}"#);
/// assert_eq!(r.request.diagnostics[0].code(), "kuzzle/refresh-value");
/// assert!(r.body.expect("a known route").is_clean());
/// ```
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
    let mut request_file = SourceFile::new("<request>", line.text.as_str());
    request_file.mask(&secret_spans);
    let request_source = Arc::new(request_file);
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
                    &crate::core::builtin::UNKNOWN_ROUTE,
                    format!("`{} {}` is not a route bodyguard knows", line.method, crate::core::diagnostic::snippet(url)),
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
}
