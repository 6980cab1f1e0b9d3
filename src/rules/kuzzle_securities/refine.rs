//! Kuzzle's terms for the schema findings of a securities file, and of each role and profile
//! in it (`kuzzle/securities-invalid-structure`).

use super::{singular, SECTIONS, SECURITIES_INVALID_STRUCTURE};
use crate::core::diagnostic::{snippet, Diagnostic, Severity};
use crate::core::pointer::{pointer_join, unescape_pointer_segment};
use crate::parse::{Node, NodeValue};
use crate::rules::kuzzle_role;

/// Sharpen schema findings on these bodies (name Kuzzle's own error id, ...).
pub(crate) fn refine_schema(root: &Node, diagnostics: &mut [Diagnostic]) {
    for d in diagnostics.iter_mut() {
        if d.meta.family() != "schema" {
            continue;
        }
        let segs: Vec<String> = d
            .pointer
            .split('/')
            .skip(1)
            .map(|s| unescape_pointer_segment(s).into_owned())
            .collect();
        let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
        let refined = match (segs.as_slice(), d.meta.code) {
            ([], "schema/type") => Some((
                "a securities file must be an object `{\"roles\", \"profiles\", \"users\"}`".to_string(),
                "Kuzzle answers `api.assert.invalid_argument` \"Invalid argument ... Expected: object\"".to_string(),
            )),
            ([section], "schema/type") if SECTIONS.contains(section) => Some((
                format!("`{section}` must be an object keyed by id"),
                format!("write `\"{section}\": {{\"<id>\": {{...}}}}`; Kuzzle answers `api.assert.invalid_argument` \"Invalid argument ... Expected: object\" and loads nothing from here on"),
            )),
            ([section, id], "schema/type") if SECTIONS.contains(section) => Some((
                format!("{} `{}` must be an object", singular(section), snippet(id)),
                format!("Kuzzle answers `api.assert.invalid_argument` \"Invalid argument ... Expected: object\"; the {section} sent before it are still written"),
            )),
            (["users", id, "content"], "schema/required") => Some((
                format!("user `{}` has no `content`", snippet(id)),
                "put `profileIds` (and custom fields) under `content`: `{\"content\": {\"profileIds\": [...]}}`; Kuzzle answers `api.assert.missing_argument` \"Missing argument \"body.content\".\"".to_string(),
            )),
            (["users", id, "content", "profileIds"], "schema/required") => Some((
                format!("user `{}` has no `profileIds`", snippet(id)),
                "add `\"profileIds\": [\"<profile id>\"]` to `content`; Kuzzle answers `api.assert.missing_argument` \"Missing argument \"body.content.profileIds\".\"".to_string(),
            )),
            (["users", id, "content", "profileIds"], "schema/type") => Some((
                format!("`profileIds` of user `{}` must be an array of profile ids", snippet(id)),
                "write `[\"<profile id>\"]`; Kuzzle answers `api.assert.invalid_type` \"Wrong type for argument \"body.content.profileIds\" (expected: array)\"".to_string(),
            )),
            _ => None,
        };
        // `null`, `false`, `0` and `""` sections are skipped by Kuzzle without a word.
        let falsy = match segs.as_slice() {
            [section] if SECTIONS.contains(section) && d.meta.code == "schema/type" => {
                root.get(section).filter(|v| is_falsy(v))
            }
            _ => None,
        };
        if let Some(v) = falsy {
            let section = &segs[0];
            d.meta = &SECURITIES_INVALID_STRUCTURE;
            d.severity = Severity::Warning;
            d.message = format!(
                "`{section}` is `{}`: Kuzzle skips it and loads no {}",
                v.to_value(),
                singular(section)
            )
            .into();
            d.help = Some(
                format!("remove it, or write `\"{section}\": {{\"<id>\": {{...}}}}`; the load succeeds without it").into(),
            );
            continue;
        }
        if let Some((message, help)) = refined {
            d.meta = &SECURITIES_INVALID_STRUCTURE;
            d.severity = SECURITIES_INVALID_STRUCTURE.severity;
            d.message = message.into();
            d.help = Some(help.into());
        }
    }
    // Each role and profile refines only the findings under it: grouped once by
    // `/roles/<id>` or `/profiles/<id>`, so the pass stays linear in the findings.
    let mut groups: std::collections::HashMap<String, Vec<&mut Diagnostic>> =
        std::collections::HashMap::new();
    for d in diagnostics.iter_mut() {
        if d.meta.family() != "schema" {
            continue;
        }
        if let Some(prefix) = entry_prefix(&d.pointer).map(str::to_string) {
            groups.entry(prefix).or_default().push(d);
        }
    }
    if groups.is_empty() {
        return;
    }
    // A repeated id: its findings go to the last one, the one Kuzzle keeps.
    if let Some(roles) = root.get("roles").and_then(Node::as_object) {
        for m in roles.iter().rev() {
            let prefix = pointer_join("/roles", &m.key);
            if let Some(group) = groups.remove(&prefix) {
                kuzzle_role::refine_role_schema(&m.value, &prefix, Some(&m.key), group);
            }
        }
    }
    if let Some(profiles) = root.get("profiles").and_then(Node::as_object) {
        for m in profiles.iter().rev() {
            let prefix = pointer_join("/profiles", &m.key);
            if let Some(group) = groups.remove(&prefix) {
                crate::rules::kuzzle_profile::refine_profile_schema(&m.value, &prefix, group);
            }
        }
    }
}

/// JavaScript's falsy JSON values: `null`, `false`, `0`, `""`.
fn is_falsy(v: &Node) -> bool {
    match &v.value {
        NodeValue::Null => true,
        NodeValue::Bool(b) => !b,
        NodeValue::Number(n) => n.parse::<f64>().is_ok_and(|n| n == 0.0),
        NodeValue::String(s) => s.is_empty(),
        _ => false,
    }
}

/// `/roles/<id>` or `/profiles/<id>` of a pointer under a role or a profile.
fn entry_prefix(pointer: &str) -> Option<&str> {
    let rest = pointer
        .strip_prefix("/roles/")
        .or_else(|| pointer.strip_prefix("/profiles/"))?;
    let end = pointer.len() - rest.len() + rest.find('/').unwrap_or(rest.len());
    Some(&pointer[..end])
}
