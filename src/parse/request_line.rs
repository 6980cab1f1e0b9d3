//! A request line, `METHOD URL`, parsed into its method, host, path segments and query
//! parameters, each with its span in the line (so findings point at the exact parameter).

use crate::core::source::Span;

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
    // Read as bytes: the two after a `%` may be part of a multibyte character.
    let hex = |b: u8| (b as char).to_digit(16);
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((high * 16 + low) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_escapes_are_two_hex_digits() {
        assert_eq!(percent_decode("p%201%2Fx%2f"), "p 1/x/");
        // Not an escape: left as written (a `%` before a multibyte character once panicked).
        assert_eq!(percent_decode("co%m\u{2de}pi"), "co%m\u{2de}pi");
        assert_eq!(percent_decode("%\u{2de}1"), "%\u{2de}1");
        assert_eq!(percent_decode("a%+1%-1%4"), "a%+1%-1%4");
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
