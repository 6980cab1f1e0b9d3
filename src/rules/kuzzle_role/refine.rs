//! Kuzzle's terms for the schema findings of a role: the error Kuzzle answers for each shape
//! problem (`kuzzle/role-invalid-structure`, `kuzzle/role-action-not-boolean`).

use super::{ROLE_ACTION_NOT_BOOLEAN, ROLE_INVALID_STRUCTURE};
use crate::core::diagnostic::{did_you_mean, snippet};
use crate::core::text::article;
use crate::parse::{JsonType, Node};
use crate::schema::finding::{SchemaErrorKind as E, SchemaFinding, Segment::Key};

/// Sharpen schema findings on a role body.
pub(crate) fn refine_schema(root: Node<'_>, findings: &mut [SchemaFinding<'_>]) {
    refine_role_schema(root, 0, None, findings);
}

/// Rewrite the generic schema findings on `role` into Kuzzle's terms: the role's steps from
/// the root are the first `depth` of each finding's (`0` for a role body, `2` for
/// `/roles/<id>` in a securities file).
pub(crate) fn refine_role_schema<'f, 'a: 'f>(
    role: Node<'_>,
    depth: usize,
    role_id: Option<&str>,
    findings: impl IntoIterator<Item = &'f mut SchemaFinding<'a>>,
) {
    let id = role_id.unwrap_or("<role id>");
    for f in findings {
        let Some(rel) = f.segments().get(depth..) else {
            continue;
        };
        let (message, help) = match (&f.kind, rel) {
            (E::Type { found }, []) if depth == 0 => {
                let answer = if *found == JsonType::Array {
                    format!("`api.assert.empty_argument` \"The argument \"{id}.controllers\" is empty.\"")
                } else {
                    "a `BadRequestError` \"Attribute body must be of type \"object\" or \"array\"\"".to_string()
                };
                (
                    format!("a role body must be an object, found {}", article(found.as_str())),
                    format!("Kuzzle answers {answer}; send `{{\"controllers\": {{...}}}}`"),
                )
            }
            (E::Required { key }, []) if key == "controllers" => {
                let near = role.as_object().and_then(|ms| {
                    did_you_mean("controllers", ms.iter().map(|m| m.key()))
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
            (E::Type { .. }, [Key("controllers")]) => {
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
            (E::Constraint, [Key("controllers")]) => (
                "`controllers` is empty: the role grants nothing".to_string(),
                format!("add at least one controller; Kuzzle answers `api.assert.empty_argument` \"The argument \"{id}.controllers\" is empty.\""),
            ),
            (E::Type { .. }, [Key("controllers"), Key(c)]) => (
                format!("the rights of controller `{}` must be an object", snippet(c)),
                format!(
                    "write `{{\"actions\": {{\"<action>\": true}}}}`; Kuzzle answers `api.assert.invalid_type` \"Wrong type for argument \"{}\" (expected: object)\"",
                    snippet(c)
                ),
            ),
            (E::Constraint, [Key("controllers"), Key(c)]) => (
                format!("the rights of controller `{}` are empty", snippet(c)),
                format!(
                    "add `\"actions\"`; Kuzzle answers `api.assert.empty_argument` \"The argument \"{}\" is empty.\"",
                    snippet(c)
                ),
            ),
            (E::Required { key }, [Key("controllers"), Key(c)]) if key == "actions" => {
                let near = role
                    .get("controllers")
                    .and_then(|cs| cs.get(c))
                    .and_then(Node::as_object)
                    .and_then(|ms| did_you_mean("actions", ms.iter().map(|m| m.key())));
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
            (E::Type { .. }, [Key("controllers"), Key(c), Key("actions")]) => (
                format!("`actions` of controller `{}` must be an object", snippet(c)),
                format!(
                    "write `{{\"<action>\": true}}`; Kuzzle answers `api.assert.invalid_type` \"Wrong type for argument \"{}.actions\" (expected: object)\"",
                    snippet(c)
                ),
            ),
            (E::Constraint, [Key("controllers"), Key(c), Key("actions")]) => (
                format!("`actions` of controller `{}` is empty", snippet(c)),
                format!(
                    "list at least one action, or remove the controller; Kuzzle answers `api.assert.empty_argument` \"The argument \"{}.actions\" is empty.\"",
                    snippet(c)
                ),
            ),
            (E::Type { .. }, [Key("controllers"), Key(c), Key("actions"), Key(a)]) => {
                let message = compact_str::format_compact!(
                    "the right for `{}:{}` must be `true` or `false`",
                    snippet(c),
                    snippet(a)
                );
                let help = format!(
                    "write `true` (allowed) or `false` (denied); Kuzzle answers `api.assert.invalid_type` \"Wrong type for argument \"{}.actions.{}\" (expected: boolean)\"",
                    snippet(c),
                    snippet(a)
                );
                f.report_as(&ROLE_ACTION_NOT_BOOLEAN, message, help);
                continue;
            }
            _ => continue,
        };
        f.report_as(&ROLE_INVALID_STRUCTURE, message, help);
    }
}
