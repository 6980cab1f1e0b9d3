//! Kuzzle's terms for the schema findings of a role: the error Kuzzle answers for each shape
//! problem (`kuzzle/role-invalid-structure`, `kuzzle/role-action-not-boolean`).

use super::{ROLE_ACTION_NOT_BOOLEAN, ROLE_INVALID_STRUCTURE};
use crate::core::diagnostic::{did_you_mean, snippet, Diagnostic};
use crate::core::pointer::unescape_pointer_segment;
use crate::core::text::article;
use crate::parse::Node;

/// Sharpen schema findings on a role body.
pub(crate) fn refine_schema(root: &Node, diagnostics: &mut [Diagnostic]) {
    refine_role_schema(root, "", None, diagnostics);
}

/// Rewrite the generic schema findings under `prefix` (a role body) into Kuzzle's terms.
pub(crate) fn refine_role_schema<'a>(
    role: &Node,
    prefix: &str,
    role_id: Option<&str>,
    diagnostics: impl IntoIterator<Item = &'a mut Diagnostic>,
) {
    let id = role_id.unwrap_or("<role id>");
    for d in diagnostics {
        if d.meta.family() != "schema" {
            continue;
        }
        let Some(rest) = d.pointer.strip_prefix(prefix) else {
            continue;
        };
        if !(rest.is_empty() || rest.starts_with('/')) {
            continue;
        }
        let segs: Vec<String> = rest
            .split('/')
            .skip(1)
            .map(|s| unescape_pointer_segment(s).into_owned())
            .collect();
        let code = d.meta.code;
        let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
        let (message, help) = match (segs.as_slice(), code) {
            ([], "schema/type") if prefix.is_empty() => {
                let found = role.type_name();
                let answer = if found == "array" {
                    format!("`api.assert.empty_argument` \"The argument \"{id}.controllers\" is empty.\"")
                } else {
                    "a `BadRequestError` \"Attribute body must be of type \"object\" or \"array\"\"".to_string()
                };
                (
                    format!("a role body must be an object, found {}", article(found)),
                    format!("Kuzzle answers {answer}; send `{{\"controllers\": {{...}}}}`"),
                )
            }
            (["controllers"], "schema/required") => {
                let near = role.as_object().and_then(|ms| {
                    did_you_mean("controllers", ms.iter().map(|m| m.key.as_str()))
                        .filter(|k| *k != "controllers")
                });
                (
                    "missing `controllers`: the role grants nothing".to_string(),
                    match near {
                        Some(k) => format!(
                            "rename `{}` to `controllers`; Kuzzle answers `api.assert.empty_argument` \"The argument \"{id}.controllers\" is empty.\"",
                            snippet(k)
                        ),
                        None => format!(
                            "add `\"controllers\": {{\"<controller>\": {{\"actions\": {{\"<action>\": true}}}}}}`; Kuzzle answers `api.assert.empty_argument` \"The argument \"{id}.controllers\" is empty.\""
                        ),
                    },
                )
            }
            (["controllers"], "schema/type") => {
                let null = role.get("controllers").is_some_and(Node::is_null);
                (
                    "`controllers` must be an object of controller rights".to_string(),
                    if null {
                        format!("Kuzzle answers `api.assert.missing_argument` \"Missing argument \"{id}.controllers\".\"")
                    } else {
                        format!("Kuzzle answers `api.assert.invalid_type` \"Wrong type for argument \"{id}.controllers\" (expected: object)\"")
                    },
                )
            }
            (["controllers"], "schema/constraint") => (
                "`controllers` is empty: the role grants nothing".to_string(),
                format!("add at least one controller; Kuzzle answers `api.assert.empty_argument` \"The argument \"{id}.controllers\" is empty.\""),
            ),
            (["controllers", c], "schema/type") => (
                format!("the rights of controller `{}` must be an object", snippet(c)),
                format!(
                    "write `{{\"actions\": {{\"<action>\": true}}}}`; Kuzzle answers `api.assert.invalid_type` \"Wrong type for argument \"{}\" (expected: object)\"",
                    snippet(c)
                ),
            ),
            (["controllers", c], "schema/constraint") => (
                format!("the rights of controller `{}` are empty", snippet(c)),
                format!(
                    "add `\"actions\"`; Kuzzle answers `api.assert.empty_argument` \"The argument \"{}\" is empty.\"",
                    snippet(c)
                ),
            ),
            (["controllers", c, "actions"], "schema/required") => {
                let near = role
                    .get("controllers")
                    .and_then(|cs| cs.get(c))
                    .and_then(Node::as_object)
                    .and_then(|ms| did_you_mean("actions", ms.iter().map(|m| m.key.as_str())));
                let fix = match near {
                    Some(k) => format!("rename `{}` to `actions`", snippet(k)),
                    None => "add `\"actions\": {\"<action>\": true}`".to_string(),
                };
                (
                    format!("controller `{}` has no `actions`", snippet(c)),
                    format!(
                        "{fix}; Kuzzle answers `api.assert.missing_argument` \"Missing argument \"{}\".\", which does not name `actions`",
                        snippet(c)
                    ),
                )
            }
            (["controllers", c, "actions"], "schema/type") => (
                format!("`actions` of controller `{}` must be an object", snippet(c)),
                format!(
                    "write `{{\"<action>\": true}}`; Kuzzle answers `api.assert.invalid_type` \"Wrong type for argument \"{}.actions\" (expected: object)\"",
                    snippet(c)
                ),
            ),
            (["controllers", c, "actions"], "schema/constraint") => (
                format!("`actions` of controller `{}` is empty", snippet(c)),
                format!(
                    "list at least one action, or remove the controller; Kuzzle answers `api.assert.empty_argument` \"The argument \"{}.actions\" is empty.\"",
                    snippet(c)
                ),
            ),
            (["controllers", c, "actions", a], "schema/type") => {
                d.meta = &ROLE_ACTION_NOT_BOOLEAN;
                d.severity = ROLE_ACTION_NOT_BOOLEAN.severity;
                d.message = compact_str::format_compact!(
                    "the right for `{}:{}` must be `true` or `false`",
                    snippet(c),
                    snippet(a)
                );
                d.help = Some(format!(
                    "write `true` (allowed) or `false` (denied); Kuzzle answers `api.assert.invalid_type` \"Wrong type for argument \"{}.actions.{}\" (expected: boolean)\"",
                    snippet(c),
                    snippet(a)
                ).into());
                continue;
            }
            _ => continue,
        };
        d.meta = &ROLE_INVALID_STRUCTURE;
        d.severity = ROLE_INVALID_STRUCTURE.severity;
        d.message = message.into();
        d.help = Some(help.into());
    }
}
