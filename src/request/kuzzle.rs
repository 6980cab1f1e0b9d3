//! Kuzzle routes (`/profiles/…`, `/roles/…`) and the JSON request form
//! `{"controller", "action", "_id", "body", "refresh"?, "strict"?, "force"?}`.

use super::{Recognized, RequestInfo, RequestLine, RequestReport};
use crate::diagnostic::{snippet, Diagnostic};
use crate::kind::Kind;
use crate::parse::{self, Node, NodeValue, Syntax};
use crate::rules::kuzzle_profile::{
    CREATE_BUILTIN, FLAG_NOT_BOOLEAN, FLAG_VALUE, FORCE_ON_PROFILE, INVALID_ID, MISSING_BODY,
    REFRESH_VALUE,
};
use crate::source::{SourceFile, Span};
use crate::{Checker, Report};
use std::sync::Arc;

pub use crate::rules::kuzzle_profile::MAX_ID_BYTES;

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
    let what = if kind == Kind::KuzzleProfile {
        "profile"
    } else {
        "role"
    };
    if segs.len() == 2 && id == "_mapping" {
        diagnostics.push(
            Diagnostic::new(
                &INVALID_ID,
                format!("`{} /{}s/_mapping` is not a {what}: it is the route of `security:update{}Mapping`",
                    line.method, what, if kind == Kind::KuzzleProfile { "Profile" } else { "Role" }),
            )
            .with_span(id_span)
            .with_help(format!(
                "that action changes the storage mapping of every {what} (a {what} body sent there fails with `services.storage.invalid_mapping`); a {what} named `_mapping` cannot be created over HTTP, choose another id"
            )),
        );
    } else {
        id_findings(id, id_span, what, true, &mut diagnostics);
    }
    diagnostics.extend(builtin_finding(action, id, id_span));
    let mut args = Vec::new();
    for p in &line.query {
        args.push((p.key.clone(), p.value.clone()));
    }
    if let Some(p) = line.param("refresh") {
        let v = p.value.as_deref().unwrap_or("");
        if v != "wait_for" && v != "false" {
            diagnostics.push(refresh_finding(&format!("`{}`", snippet(v)), p.span));
        }
    }
    let flag = if kind == Kind::KuzzleProfile {
        "strict"
    } else {
        "force"
    };
    if kind == Kind::KuzzleProfile {
        if let Some(p) = line.param("force") {
            diagnostics.push(force_finding(p.span));
        }
    }
    if let Some(p) = line.param(flag) {
        if let Some(v) = &p.value {
            if ["false", "0", "no", "off"].contains(&v.to_ascii_lowercase().as_str()) {
                let meaning = if flag == "strict" {
                    "the profile is checked strictly: restrictions on unknown indexes or collections are rejected"
                } else {
                    "unknown plugin controllers and actions are accepted with a warning"
                };
                diagnostics.push(
                    Diagnostic::new(
                        &FLAG_VALUE,
                        format!("`{flag}={}` still turns `{flag}` on: over HTTP the flag is on whenever it is present", snippet(v)),
                    )
                    .with_span(p.span)
                    .with_help(format!("{meaning}; remove `{flag}` from the query string to turn it off")),
                );
            }
        }
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

fn id_findings(id: &str, span: Span, what: &str, http: bool, out: &mut Vec<Diagnostic>) {
    if id.is_empty() {
        out.push(
            Diagnostic::new(&INVALID_ID, format!("the {what} `_id` is empty"))
                .with_span(span)
                .with_help("Kuzzle rejects it with `api.assert.missing_argument` (Missing argument \"_id\")"),
        );
    } else if id == "_search" {
        out.push(
            Diagnostic::new(&INVALID_ID, format!("no {what} can be named `_search`"))
                .with_span(span)
                .with_help("Kuzzle writes it, then cannot read it back: the request fails with `services.storage.search_as_an_id`"),
        );
    } else if id == "_mapping" && http {
        out.push(
            Diagnostic::new(&INVALID_ID, format!("a {what} named `_mapping` cannot be created over HTTP"))
                .with_span(span)
                .with_help(format!("over HTTP, `PUT /{what}s/_mapping` is the route of the mapping update action; choose another id")),
        );
    } else if id.len() > MAX_ID_BYTES {
        out.push(
            Diagnostic::new(
                &INVALID_ID,
                format!("the {what} `_id` is {} bytes long", id.len()),
            )
            .with_span(span)
            .with_help(format!(
                "Elasticsearch refuses document ids longer than {MAX_ID_BYTES} bytes (UTF-8)"
            )),
        );
    }
}

fn builtin_finding(action: &str, id: &str, span: Span) -> Option<Diagnostic> {
    let (builtin, what, instead) = match action {
        "createProfile" => (
            crate::inventory::BUILTIN_PROFILES,
            "profile",
            "createOrReplaceProfile (PUT /profiles/<id>) or updateProfile",
        ),
        "createRole" => (
            crate::inventory::BUILTIN_ROLES,
            "role",
            "createOrReplaceRole (PUT /roles/<id>) or updateRole",
        ),
        _ => return None,
    };
    builtin.contains(&id).then(|| {
        Diagnostic::new(
            &CREATE_BUILTIN,
            format!("the {what} `{id}` always exists: `{action}` on it always fails"),
        )
        .with_span(span)
        .with_help(format!(
            "Kuzzle creates it at first start and it cannot be deleted, so the request fails with `services.storage.document_already_exists`; use {instead}"
        ))
    })
}

fn refresh_finding(value: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        &REFRESH_VALUE,
        format!("`refresh` {value} is treated as `wait_for`"),
    )
    .with_span(span)
    .with_help("Kuzzle turns false, \"false\" and null into `false` and anything else into `wait_for`; write `wait_for` or `false`")
}

fn force_finding(span: Span) -> Diagnostic {
    Diagnostic::new(&FORCE_ON_PROFILE, "profile actions ignore `force`")
        .with_span(span)
        .with_help("the profile flag is `strict`, with the opposite meaning: with `strict`, Kuzzle rejects restrictions on indexes or collections that do not exist; without it (the default) it accepts them")
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

fn value_text(node: &Node) -> String {
    snippet(&node.to_value().to_string())
}

/// Check a Kuzzle JSON request file (`{"controller": "security", "action":
/// "createOrReplaceProfile", "_id": …, "body": {…}, "refresh"?, "strict"?}`): the request
/// fields, then the body as the action's kind. Every position is in `text`.
pub fn check_json_request(checker: &Checker, name: &str, text: &str) -> RequestReport {
    let mut diags = Vec::new();
    let document = parse::parse(text, Syntax::for_path(name), &mut diags);
    // Every report shows the request file masked as a whole (its `jwt`, the body's secrets,
    // or the text's when it does not parse), and no message repeats a masked value.
    let secrets = crate::secrets::mask_spans(text, &document);
    let withheld = crate::secrets::Withheld::new(text, &secrets);
    let source = Arc::new(SourceFile::new(name, crate::secrets::mask(text, &secrets)));
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
    let Some(root) = document.root.as_ref().filter(|r| r.as_object().is_some()) else {
        if diags.is_empty() {
            diags.push(
                Diagnostic::new(&crate::rules::builtin::UNKNOWN_ROUTE, "a Kuzzle JSON request is an object")
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
            Span::new(root.span.start as usize, root.span.start as usize + 1),
            |n| n.span,
        );
        diags.push(
            Diagnostic::new(
                &crate::rules::builtin::UNKNOWN_ROUTE,
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
    let what = match kind {
        Kind::KuzzleProfile => "profile",
        Kind::KuzzleRole => "role",
        _ => "securities",
    };
    let mut name_arg = None;
    if kind != Kind::KuzzleSecurities {
        match root.member("_id") {
            None => diags.push(
                Diagnostic::new(&INVALID_ID, format!("the request has no `_id`: the {what} id is required"))
                    .with_span(Span::new(root.span.start as usize, root.span.start as usize + 1))
                    .with_help("Kuzzle rejects it with `api.assert.missing_argument` (Missing argument \"_id\")"),
            ),
            Some(m) => match &m.value.value {
                NodeValue::String(s) => {
                    name_arg = Some(s.to_string());
                    id_findings(s, m.value.span, what, false, &mut diags);
                    diags.extend(builtin_finding(action, s, m.value.span));
                }
                NodeValue::Null => diags.push(
                    Diagnostic::new(&INVALID_ID, "`_id: null` is a missing id")
                        .with_span(m.value.span)
                        .with_help("Kuzzle rejects it with `api.assert.missing_argument` (Missing argument \"_id\")"),
                ),
                _ => diags.push(
                    Diagnostic::new(&INVALID_ID, format!("`_id` must be a string, found {}", value_text(&m.value)))
                        .with_span(m.value.span)
                        .with_help("Kuzzle rejects it with `api.assert.invalid_type` (Wrong type for argument \"_id\" (expected: string))"),
                ),
            },
        }
    }
    let mut args = Vec::new();
    for m in root.as_object().unwrap_or_default() {
        if ["controller", "action", "_id", "body", "jwt", "volatile"].contains(&m.key.as_str()) {
            continue;
        }
        let v = match &m.value.value {
            NodeValue::Null => None,
            NodeValue::String(s) => Some(s.to_string()),
            _ => Some(m.value.to_value().to_string()),
        };
        args.push((m.key.to_string(), v));
    }
    if kind != Kind::KuzzleSecurities {
        if let Some(r) = root.get("refresh") {
            let ok = match &r.value {
                NodeValue::Null => true,
                NodeValue::Bool(b) => !b,
                NodeValue::String(s) => s == "wait_for" || s == "false",
                _ => false,
            };
            if !ok {
                diags.push(refresh_finding(&format!("`{}`", value_text(r)), r.span));
            }
        }
    }
    let flag = match kind {
        Kind::KuzzleProfile => Some("strict"),
        Kind::KuzzleRole => Some("force"),
        _ => None,
    };
    if kind == Kind::KuzzleProfile {
        if let Some(m) = root.member("force") {
            diags.push(force_finding(m.key_span));
        }
    }
    if let Some(flag) = flag {
        if let Some(v) = root.get(flag) {
            if !(v.is_null() || v.as_bool().is_some()) {
                diags.push(
                    Diagnostic::new(&FLAG_NOT_BOOLEAN, format!("`{flag}` must be a boolean, found {}", value_text(v)))
                        .with_span(v.span)
                        .with_help(format!("Kuzzle rejects it with `api.assert.invalid_type` (Wrong type for argument \"{flag}\" (expected: boolean)); write `true` or `false`")),
                );
            }
        }
    }
    // `strict: false` and `strict: null` are recorded as absent for the body rules.
    args.retain(|(k, v)| !(k == "strict" && (v.is_none() || v.as_deref() == Some("false"))));
    let body_node = root.get("body").filter(|b| !b.is_null());
    let body = match body_node {
        None => {
            let span = root.member("body").map_or(
                Span::new(root.span.start as usize, root.span.start as usize + 1),
                |m| m.key_span,
            );
            diags.push(
                Diagnostic::new(&MISSING_BODY, "the request has no body")
                    .with_span(span)
                    .with_help("Kuzzle rejects it with `api.assert.body_required` (The request must specify a body.)"),
            );
            None
        }
        Some(b) => {
            let info = RequestInfo {
                name: name_arg,
                action: action.to_string(),
                args,
            };
            let blanked = blank_outside(text, b.span);
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
            for f in &mut r.facts {
                f.pointer = format!("/body{}", f.pointer).into();
            }
            Some(r)
        }
    };
    RequestReport {
        request: report(diags, Some(kind)),
        body,
    }
}
