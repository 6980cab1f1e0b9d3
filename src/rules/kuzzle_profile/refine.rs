//! Schema findings on a profile, sharpened with what Kuzzle answers.

use crate::core::diagnostic::Diagnostic;
use crate::core::pointer::unescape_pointer_segment;
use crate::parse::Node;

/// Add Kuzzle's own error id (and what really happens) to the generic schema findings on the
/// profile located at `pointer_prefix` (`""` for a profile body). Findings elsewhere are left
/// as they are; pass only the profile's own to keep a file of many profiles linear.
pub fn refine_profile_schema<'a>(
    profile: &Node,
    pointer_prefix: &str,
    diagnostics: impl IntoIterator<Item = &'a mut Diagnostic>,
) {
    let _ = profile;
    for d in diagnostics {
        if d.meta.family() != "schema" {
            continue;
        }
        let Some(rel) = d.pointer.strip_prefix(pointer_prefix) else {
            continue;
        };
        if !(rel.is_empty() || rel.starts_with('/')) {
            continue;
        }
        let segs: Vec<String> = rel
            .split('/')
            .skip(1)
            .map(|s| unescape_pointer_segment(s).into_owned())
            .collect();
        let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
        let code = d.code();
        let is_num = |s: &str| s.parse::<usize>().is_ok();
        let found = d.message.rsplit("found ").next().unwrap_or("").to_string();
        let note: Option<String> = match (code, segs.as_slice()) {
            ("schema/type", []) if pointer_prefix.is_empty() => Some(if found.contains("array") {
                "Kuzzle answers `api.assert.missing_argument` (Missing argument \"body.policies\"): a profile body is an object".into()
            } else {
                "Kuzzle rejects it with a BadRequestError (Attribute body must be of type \"object\" or \"array\"); a profile body is an object".into()
            }),
            ("schema/type", []) => Some("a profile is an object; Kuzzle rejects anything else".into()),
            ("schema/required", ["policies"]) => Some(
                "Kuzzle rejects it with `api.assert.missing_argument` (Missing argument \"body.policies\")".into(),
            ),
            ("schema/type", ["policies"]) => Some(
                "Kuzzle rejects it with `api.assert.invalid_type` (Wrong type for argument \"body.policies\" (expected: array))".into(),
            ),
            ("schema/type", ["rateLimit"]) => Some(
                "Kuzzle rejects it with `api.assert.invalid_type` (Wrong type for argument \"rateLimit\" (expected: integer)); `0` means unlimited".into(),
            ),
            ("schema/constraint", ["rateLimit"]) => Some(
                "Kuzzle rejects it with `api.assert.invalid_argument` (Expected: positive integer, or zero); `0` means unlimited".into(),
            ),
            ("schema/type", ["tags", ..]) => Some(
                "Kuzzle does not check `tags`, but stores them in a keyword field that only takes strings (Elasticsearch refuses objects); write a list of strings".into(),
            ),
            ("schema/type", ["policies", n]) if is_num(n) => Some(if found.contains("null") {
                "Kuzzle crashes on it (TypeError: Cannot read properties of null) and answers 500, an internal error".into()
            } else {
                "Kuzzle looks up a role with no id and fails with `services.storage.unexpected_error` (500, Missing required parameter: id); a policy is an object `{\"roleId\": …}`".into()
            }),
            ("schema/required", ["policies", n, "roleId"]) if is_num(n) => Some(
                "Kuzzle looks up a role with no id and fails with `services.storage.unexpected_error` (500, Missing required parameter: id), before its own `api.assert.missing_argument` check".into(),
            ),
            ("schema/type", ["policies", n, "roleId"]) if is_num(n) => Some(
                "Kuzzle does not check the type: it looks the value up as a role id, and fails with `security.role.not_found` unless a role of that name exists".into(),
            ),
            ("schema/constraint", ["policies", n, "roleId"]) if is_num(n) => Some(
                "Kuzzle rejects it: `security.role.not_found` (Role \"\" not found.), or `services.storage.unexpected_error` (500) depending on Elasticsearch's answer".into(),
            ),
            ("schema/unknown-key", ["policies", n, _]) if is_num(n) => Some(
                "Kuzzle rejects it with `api.assert.unexpected_argument` (accepted arguments: \"roleId\", \"restrictedTo\"), after looking up the role".into(),
            ),
            ("schema/type", ["policies", n, "restrictedTo"]) if is_num(n) => Some(
                "Kuzzle rejects it with `api.assert.invalid_type` (expected: object[]); write a list of `{\"index\": …}`".into(),
            ),
            ("schema/type", ["policies", n, "restrictedTo", m]) if is_num(n) && is_num(m) => Some(
                "Kuzzle rejects it with `api.assert.invalid_type` (expected: object); each restriction is `{\"index\": …, \"collections\"?: […]}`".into(),
            ),
            ("schema/required", ["policies", n, "restrictedTo", m, "index"])
            | ("schema/type", ["policies", n, "restrictedTo", m, "index"])
                if is_num(n) && is_num(m) => Some(
                "Kuzzle rejects it with `api.assert.missing_argument` (Missing argument \"…restrictedTo[j].index\")".into(),
            ),
            ("schema/type", ["policies", n, "restrictedTo", m, "collections"]) if is_num(n) && is_num(m) => Some(
                "Kuzzle rejects it with `api.assert.invalid_type` (expected: string[]); write a list of collection names".into(),
            ),
            ("schema/unknown-key", ["policies", n, "restrictedTo", m, _]) if is_num(n) && is_num(m) => Some(
                "Kuzzle rejects it with `api.assert.unexpected_argument` (accepted arguments: \"index\", \"collections\")".into(),
            ),
            _ => None,
        };
        if let Some(note) = note {
            d.help = Some(match d.help.take() {
                Some(h) if h.ends_with(['?', '.']) => format!("{h} {note}").into(),
                Some(h) => format!("{h}; {note}").into(),
                None => note.into(),
            });
        }
    }
}
