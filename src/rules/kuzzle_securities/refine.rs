//! Kuzzle's terms for the schema findings of a securities file, and of each role and profile
//! in it (`kuzzle/securities-invalid-structure`).

use super::{singular, SECTIONS, SECURITIES_INVALID_STRUCTURE};
use crate::core::diagnostic::{snippet, Severity};
use crate::parse::{Node, NodeValue};
use crate::rules::{kuzzle_profile, kuzzle_role};
use crate::schema::finding::{SchemaErrorKind as E, SchemaFinding, Segment::Key};

/// Sharpen schema findings on these bodies (name Kuzzle's own error id, ...).
pub(crate) fn refine_schema(root: &Node, findings: &mut [SchemaFinding<'_>]) {
    for f in findings.iter_mut() {
        let refined = match (&f.kind, f.segments()) {
            (E::Type { .. }, []) => Some((
                "a securities file must be an object `{\"roles\", \"profiles\", \"users\"}`".to_string(),
                "Kuzzle answers `api.assert.invalid_argument` \"Invalid argument ... Expected: object\"".to_string(),
            )),
            // `null`, `false`, `0` and `""` sections are skipped by Kuzzle without a word.
            (E::Type { .. }, [Key(section)]) if SECTIONS.contains(section) => {
                match root.get(section).filter(|v| is_falsy(v)) {
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
    // Each role and profile refines only the findings under it: grouped once by section and
    // id, so the pass stays linear in the findings.
    let mut groups: std::collections::HashMap<(&str, &str), Vec<&mut SchemaFinding<'_>>> =
        std::collections::HashMap::new();
    for f in findings.iter_mut() {
        if !f.is_builtin() {
            continue;
        }
        if let [Key(section @ ("roles" | "profiles")), Key(id), ..] = *f.segments() {
            groups.entry((section, id)).or_default().push(f);
        }
    }
    if groups.is_empty() {
        return;
    }
    // A repeated id: its findings go to the last one, the one Kuzzle keeps.
    if let Some(roles) = root.get("roles").and_then(Node::as_object) {
        for m in roles.iter().rev() {
            if let Some(group) = groups.remove(&("roles", m.key.as_str())) {
                kuzzle_role::refine_role_schema(&m.value, 2, Some(&m.key), group);
            }
        }
    }
    if let Some(profiles) = root.get("profiles").and_then(Node::as_object) {
        for m in profiles.iter().rev() {
            if let Some(group) = groups.remove(&("profiles", m.key.as_str())) {
                kuzzle_profile::refine_profile_schema(2, group);
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
