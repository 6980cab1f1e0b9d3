//! Kuzzle routes (`/profiles/…`, `/roles/…`) and the JSON request form
//! `{"controller", "action", "_id", "body", "refresh"?, "strict"?, "force"?}`.

use super::{Recognized, RequestInfo, RequestLine, RequestReport};
use crate::core::diagnostic::{snippet, Diagnostic};
use crate::core::source::{SourceFile, Span};
use crate::core::Kind;
use crate::parse::{self, Node, Syntax, Value};
use crate::rules::kuzzle_request::{KuzzleRequest, KuzzleRoute};
use crate::rules::request::RequestRule;
use crate::rules::{kuzzle_profile, kuzzle_securities};
use crate::{Checker, Report};
use std::sync::Arc;

pub use crate::rules::kuzzle_profile::MAX_ID_BYTES;

/// The request-level rules of Kuzzle routes: the profile pack's (profiles and roles), then the
/// securities pack's.
const REQUEST_RULES: [&[&dyn RequestRule<KuzzleRoute>]; 2] = [
    kuzzle_profile::REQUEST_RULES,
    kuzzle_securities::REQUEST_RULES,
];

/// Run every request-level rule of Kuzzle routes on `request`.
fn run_request_rules(request: &KuzzleRequest<'_>, out: &mut Vec<Diagnostic>) {
    for rules in REQUEST_RULES {
        crate::rules::request::run(rules, request, |_| true, out);
    }
}

/// The security actions bodyguard knows: (action, kind of body).
pub const ACTIONS: [(&str, Kind); 7] = [
    ("createOrReplaceProfile", Kind::KuzzleProfile),
    ("createProfile", Kind::KuzzleProfile),
    ("updateProfile", Kind::KuzzleProfile),
    ("createOrReplaceRole", Kind::KuzzleRole),
    ("createRole", Kind::KuzzleRole),
    ("updateRole", Kind::KuzzleRole),
    ("loadSecurities", Kind::KuzzleSecurities),
];

fn route(method: &str, segments: &[&str]) -> Option<(&'static str, Kind)> {
    match (method, segments) {
        ("PUT", ["profiles", _]) => Some(("createOrReplaceProfile", Kind::KuzzleProfile)),
        ("POST", ["profiles", _, "_create"]) => Some(("createProfile", Kind::KuzzleProfile)),
        ("PUT", ["profiles", _, "_update"]) => Some(("updateProfile", Kind::KuzzleProfile)),
        ("PUT", ["roles", _]) => Some(("createOrReplaceRole", Kind::KuzzleRole)),
        ("POST", ["roles", _, "_create"]) => Some(("createRole", Kind::KuzzleRole)),
        ("PUT", ["roles", _, "_update"]) => Some(("updateRole", Kind::KuzzleRole)),
        _ => None,
    }
}

/// Recognise a Kuzzle security route: `PUT /profiles/<_id>`, `POST /profiles/<_id>/_create`,
/// `PUT /profiles/<_id>/_update` and the same three for `/roles/`.
pub fn recognize(line: &RequestLine) -> Option<Recognized> {
    let segs: Vec<&str> = line.segments.iter().map(|(s, _)| s.as_str()).collect();
    let (action, kind) = route(&line.method, &segs)?;
    let (id, id_span) = (&line.segments[1].0, line.segments[1].1);
    let mut diagnostics = Vec::new();
    let request = KuzzleRequest::Http {
        line,
        action,
        kind,
        id,
        id_span,
    };
    run_request_rules(&request, &mut diagnostics);
    let mut args = Vec::new();
    for p in &line.query {
        args.push((p.key.clone(), p.value.clone()));
    }
    Some(Recognized {
        kind,
        info: RequestInfo {
            name: Some(id.clone()),
            action: action.to_string(),
            args,
        },
        diagnostics,
    })
}

/// Replace everything outside `keep` with spaces (newlines kept), so positions in the body
/// are positions in the whole file.
fn blank_outside(text: &str, keep: Span) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if (keep.start as usize..keep.end as usize).contains(&i) || c == '\n' || c == '\r' {
            out.push(c);
        } else {
            for _ in 0..c.len_utf8() {
                out.push(' ');
            }
        }
    }
    out
}

/// Check a Kuzzle request in its JSON form, the object `kuzzle-sdk`'s `query` sends
/// (`{"controller": "security", "action": "createOrReplaceProfile", "_id": …, "body": {…},
/// "refresh"?, "strict"?}`): the request's own fields, then the body as the action's kind.
///
/// `name` is the name reports show (a `.jsonc` name allows comments). Every position is in
/// `text`, and both reports show `text` with its secret values (the body's, a `jwt`) masked.
///
/// ```
/// use bodyguard::{check_json_request, Checker};
///
/// let checker = Checker::new();
/// let request = r#"{"controller": "security", "action": "createOrReplaceProfile", "_id": "editor",
///   "refresh": "yes", "body": {"policies": [{"roleId": "editor", "restrictedTo": []}]}}"#;
/// let r = check_json_request(&checker, "request.json", request);
/// assert_eq!(r.request.diagnostics[0].code(), "kuzzle/refresh-value");
/// let body = r.body.expect("a known action");
/// assert_eq!(body.diagnostics[0].code(), "kuzzle/empty-restricted-to");
/// ```
pub fn check_json_request(checker: &Checker, name: &str, text: &str) -> RequestReport {
    let mut diags = Vec::new();
    let document = parse::parse(text, Syntax::for_path(name), &mut diags);
    // Every report shows the request file masked as a whole (its `jwt`, the body's secrets,
    // or the text's when it does not parse), and no message repeats a masked value.
    let secrets = crate::secrets::mask_spans(text, &document);
    let withheld = crate::secrets::Withheld::new(text, &secrets);
    // Masked by `SourceFile::mask`, which keeps what fixes need (`Report::fixed_text`).
    let mut file = SourceFile::new(name, text);
    file.mask(&secrets);
    let source = Arc::new(file);
    let report = |mut diagnostics: Vec<Diagnostic>, kind: Option<Kind>| {
        withheld.scrub_diagnostics(&mut diagnostics);
        Report {
            source: source.clone(),
            kind,
            diagnostics: checker.finish_request(diagnostics),
            facts: Vec::new(),
            skipped: false,
        }
    };
    let Some(root) = document.root().filter(|r| r.as_object().is_some()) else {
        if diags.is_empty() {
            diags.push(
                Diagnostic::new(&crate::core::builtin::UNKNOWN_ROUTE, "a Kuzzle JSON request is an object")
                    .with_span(Span::new(0, text.chars().next().map_or(0, char::len_utf8)))
                    .with_help("expected {\"controller\": \"security\", \"action\": \"createOrReplaceProfile\", \"_id\": …, \"body\": {…}}"),
            );
        }
        return RequestReport {
            request: report(diags, None),
            body: None,
        };
    };
    let controller = root.get("controller").and_then(Node::as_str).unwrap_or("");
    let action_node = root.get("action");
    let action = action_node.and_then(Node::as_str).unwrap_or("");
    let kind = ACTIONS
        .iter()
        .find(|(a, _)| *a == action)
        .map(|(_, k)| *k)
        .filter(|k| {
            (*k == Kind::KuzzleSecurities && controller == "admin")
                || (*k != Kind::KuzzleSecurities && controller == "security")
        });
    let Some(kind) = kind else {
        let span = action_node.map_or(
            Span::new(root.span().start as usize, root.span().start as usize + 1),
            |n| n.span(),
        );
        diags.push(
            Diagnostic::new(
                &crate::core::builtin::UNKNOWN_ROUTE,
                format!("`{}:{}` is not an action bodyguard checks", snippet(controller), snippet(action)),
            )
            .with_span(span)
            .with_help("known: security:createOrReplaceProfile, createProfile, updateProfile, createOrReplaceRole, createRole, updateRole; admin:loadSecurities"),
        );
        return RequestReport {
            request: report(diags, None),
            body: None,
        };
    };
    let request = KuzzleRequest::Json { root, action, kind };
    run_request_rules(&request, &mut diags);
    let name_arg = (kind != Kind::KuzzleSecurities)
        .then(|| match &root.member("_id")?.value().value() {
            Value::String(s) => Some(s.to_string()),
            _ => None,
        })
        .flatten();
    let mut args = Vec::new();
    for m in root.as_object().unwrap_or_default() {
        if ["controller", "action", "_id", "body", "jwt", "volatile"].contains(&m.key()) {
            continue;
        }
        let v = match m.value().value() {
            Value::Null => None,
            Value::String(s) => Some(s.to_string()),
            _ => Some(m.value().to_value().to_string()),
        };
        args.push((m.key().to_string(), v));
    }
    // `strict: false` and `strict: null` are recorded as absent for the body rules.
    args.retain(|(k, v)| !(k == "strict" && (v.is_none() || v.as_deref() == Some("false"))));
    let body_node = root.get("body").filter(|b| !b.is_null());
    let body = match body_node {
        // Reported by `kuzzle/missing-body`.
        None => None,
        Some(b) => {
            let info = RequestInfo {
                name: name_arg,
                action: action.to_string(),
                args,
            };
            let blanked = blank_outside(text, b.span());
            let mut r = checker.check_source_with(
                SourceFile::new(name, blanked.clone()),
                Some(kind),
                Some(&info),
            );
            // The body's own masking is part of the whole file's (the same tree).
            r.source = source.clone();
            withheld.scrub_diagnostics(&mut r.diagnostics);
            // Pointers, like spans, resolve in the request file: the body is under `/body`.
            for d in &mut r.diagnostics {
                d.pointer = format!("/body{}", d.pointer).into();
            }
            Some(r)
        }
    };
    RequestReport {
        request: report(diags, Some(kind)),
        body,
    }
}
