//! Kuzzle's terms for the schema findings of a securities file, and of each role and profile
//! in it (`kuzzle/securities-invalid-structure`).

use super::{singular, SECTIONS, SECURITIES_INVALID_STRUCTURE};
use crate::core::diagnostic::{snippet, Severity};
use crate::parse::{Node, Value};
use crate::rules::{kuzzle_profile, kuzzle_role};
use crate::schema::finding::{SchemaErrorKind as E, SchemaFinding, Segment::Key};

/// Sharpen schema findings on these bodies (name Kuzzle's own error id, ...).
pub(crate) fn refine_schema(root: Node<'_>, findings: &mut [SchemaFinding<'_>]) {
    for f in findings.iter_mut() {
        let refined = match (&f.kind, f.segments()) {
            (E::Type { .. }, []) => Some((
                "a securities file must be an object `{\"roles\", \"profiles\", \"users\"}`".to_string(),
                "Kuzzle answers `api.assert.invalid_argument` \"Invalid argument ... Expected: object\"".to_string(),
            )),
            // `null`, `false`, `0` and `""` sections are skipped by Kuzzle without a word.
            (E::Type { .. }, [Key(section)]) if SECTIONS.contains(section) => {
                match root.get(section).filter(|v| is_falsy(*v)) {
                    Some(v) => {
                        let message = format!(
                            "`{section}` is `{}`: Kuzzle skips it and loads no {}",
                            v.to_value(),
                            singular(section)
                        );
                        let help = format!("remove it, or write `\"{section}\": {{\"<id>\": {{...}}}}`; the load succeeds without it");
                        f.report_as(&SECURITIES_INVALID_STRUCTURE, message, help);
                        f.severity = Severity::Warning;
                        continue;
                    }
                    None => Some((
                        format!("`{section}` must be an object keyed by id"),
                        format!("write `\"{section}\": {{\"<id>\": {{...}}}}`; Kuzzle answers `api.assert.invalid_argument` \"Invalid argument ... Expected: object\" and loads nothing from here on"),
                    )),
                }
            }
            (E::Type { .. }, [Key(section), Key(id)]) if SECTIONS.contains(section) => Some((
                format!("{} `{}` must be an object", singular(section), snippet(id)),
                format!("Kuzzle answers `api.assert.invalid_argument` \"Invalid argument ... Expected: object\"; the {section} sent before it are still written"),
            )),
            (E::Required { key }, [Key("users"), Key(id)]) if key == "content" => Some((
                format!("user `{}` has no `content`", snippet(id)),
                "put `profileIds` (and custom fields) under `content`: `{\"content\": {\"profileIds\": [...]}}`; Kuzzle answers `api.assert.missing_argument` \"Missing argument \"body.content\".\"".to_string(),
            )),
            (E::Required { key }, [Key("users"), Key(id), Key("content")]) if key == "profileIds" => Some((
                format!("user `{}` has no `profileIds`", snippet(id)),
                "add `\"profileIds\": [\"<profile id>\"]` to `content`; Kuzzle answers `api.assert.missing_argument` \"Missing argument \"body.content.profileIds\".\"".to_string(),
            )),
            (E::Type { .. }, [Key("users"), Key(id), Key("content"), Key("profileIds")]) => Some((
                format!("`profileIds` of user `{}` must be an array of profile ids", snippet(id)),
                "write `[\"<profile id>\"]`; Kuzzle answers `api.assert.invalid_type` \"Wrong type for argument \"body.content.profileIds\" (expected: array)\"".to_string(),
            )),
            _ => None,
        };
        if let Some((message, help)) = refined {
            f.report_as(&SECURITIES_INVALID_STRUCTURE, message, help);
        }
    }
    // Each role and profile refines only the findings under it: sorted once by section and id
    // (stably, so each keeps its findings' order), so the pass stays n log n in the findings
    // and holds one entry of 40 bytes per finding (a map of groups took about 130).
    let mut under: Vec<(&str, &str, Option<&mut SchemaFinding<'_>>)> = findings
        .iter_mut()
        .filter(|f| f.is_builtin())
        .filter_map(|f| match *f.segments() {
            [Key(section @ ("roles" | "profiles")), Key(id), ..] => Some((section, id, Some(f))),
            _ => None,
        })
        .collect();
    if under.is_empty() {
        return;
    }
    under.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    // The findings under one entry, each handed out once: with a repeated id they go to the
    // last one, the one Kuzzle keeps (the entries are visited from the last).
    let mut group = |section: &str, id: &str| {
        let start = under.partition_point(|e| (e.0, e.1) < (section, id));
        let end = start + under[start..].partition_point(|e| (e.0, e.1) == (section, id));
        under[start..end]
            .iter_mut()
            .filter_map(|e| e.2.take())
            .collect::<Vec<_>>()
    };
    if let Some(roles) = root.get("roles").and_then(Node::as_object) {
        for m in roles.iter().rev() {
            let findings = group("roles", m.key());
            if !findings.is_empty() {
                kuzzle_role::refine_role_schema(m.value(), 2, Some(m.key()), findings);
            }
        }
    }
    if let Some(profiles) = root.get("profiles").and_then(Node::as_object) {
        for m in profiles.iter().rev() {
            let findings = group("profiles", m.key());
            if !findings.is_empty() {
                kuzzle_profile::refine_profile_schema(2, findings);
            }
        }
    }
}

/// JavaScript's falsy JSON values: `null`, `false`, `0`, `""`.
fn is_falsy(v: Node<'_>) -> bool {
    match v.value() {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.parse::<f64>().is_ok_and(|n| n == 0.0),
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}
