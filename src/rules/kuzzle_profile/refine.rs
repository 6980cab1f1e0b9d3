//! Schema findings on a profile, sharpened with what Kuzzle answers.

use crate::parse::JsonType;
use crate::schema::finding::{SchemaErrorKind as E, SchemaFinding, Segment::Index, Segment::Key};

/// Add Kuzzle's own error id (and what really happens) to the generic schema findings on a
/// profile whose steps from the root are the first `depth` of each finding's (`0` for a
/// profile body, `2` for `/profiles/<id>` in a securities file). Pass only the profile's
/// own findings, to keep a file of many profiles linear.
pub fn refine_profile_schema<'f, 'a: 'f>(
    depth: usize,
    findings: impl IntoIterator<Item = &'f mut SchemaFinding<'a>>,
) {
    for f in findings {
        let Some(rel) = f.segments().get(depth..) else {
            continue;
        };
        let note = match (&f.kind, rel) {
            (E::Type { found }, []) if depth == 0 => {
                if *found == JsonType::Array {
                    "Kuzzle answers `api.assert.missing_argument` (Missing argument \"body.policies\"): a profile body is an object"
                } else {
                    "Kuzzle rejects it with a BadRequestError (Attribute body must be of type \"object\" or \"array\"); a profile body is an object"
                }
            }
            (E::Type { .. }, []) => "a profile is an object; Kuzzle rejects anything else",
            (E::Required { key }, []) if key == "policies" => {
                "Kuzzle rejects it with `api.assert.missing_argument` (Missing argument \"body.policies\")"
            }
            (E::Type { .. }, [Key("policies")]) => {
                "Kuzzle rejects it with `api.assert.invalid_type` (Wrong type for argument \"body.policies\" (expected: array))"
            }
            (E::Type { .. }, [Key("rateLimit")]) => {
                "Kuzzle rejects it with `api.assert.invalid_type` (Wrong type for argument \"rateLimit\" (expected: integer)); `0` means unlimited"
            }
            (E::Constraint, [Key("rateLimit")]) => {
                "Kuzzle rejects it with `api.assert.invalid_argument` (Expected: positive integer, or zero); `0` means unlimited"
            }
            (E::Type { .. }, [Key("tags"), ..]) => {
                "Kuzzle does not check `tags`, but stores them in a keyword field that only takes strings (Elasticsearch refuses objects); write a list of strings"
            }
            (E::Type { found }, [Key("policies"), Index(_)]) => {
                if *found == JsonType::Null {
                    "Kuzzle crashes on it (TypeError: Cannot read properties of null) and answers 500, an internal error"
                } else {
                    "Kuzzle looks up a role with no id and fails with `services.storage.unexpected_error` (500, Missing required parameter: id); a policy is an object `{\"roleId\": …}`"
                }
            }
            (E::Required { key }, [Key("policies"), Index(_)]) if key == "roleId" => {
                "Kuzzle looks up a role with no id and fails with `services.storage.unexpected_error` (500, Missing required parameter: id), before its own `api.assert.missing_argument` check"
            }
            (E::Type { .. }, [Key("policies"), Index(_), Key("roleId")]) => {
                "Kuzzle does not check the type: it looks the value up as a role id, and fails with `security.role.not_found` unless a role of that name exists"
            }
            (E::Constraint, [Key("policies"), Index(_), Key("roleId")]) => {
                "Kuzzle rejects it: `security.role.not_found` (Role \"\" not found.), or `services.storage.unexpected_error` (500) depending on Elasticsearch's answer"
            }
            (E::UnknownKey { .. }, [Key("policies"), Index(_)]) => {
                "Kuzzle rejects it with `api.assert.unexpected_argument` (accepted arguments: \"roleId\", \"restrictedTo\"), after looking up the role"
            }
            (E::Type { .. }, [Key("policies"), Index(_), Key("restrictedTo")]) => {
                "Kuzzle rejects it with `api.assert.invalid_type` (expected: object[]); write a list of `{\"index\": …}`"
            }
            (E::Type { .. }, [Key("policies"), Index(_), Key("restrictedTo"), Index(_)]) => {
                "Kuzzle rejects it with `api.assert.invalid_type` (expected: object); each restriction is `{\"index\": …, \"collections\"?: […]}`"
            }
            (E::Required { key }, [Key("policies"), Index(_), Key("restrictedTo"), Index(_)])
                if key == "index" =>
            {
                MISSING_INDEX
            }
            (
                E::Type { .. },
                [Key("policies"), Index(_), Key("restrictedTo"), Index(_), Key("index")],
            ) => MISSING_INDEX,
            (
                E::Type { .. },
                [Key("policies"), Index(_), Key("restrictedTo"), Index(_), Key("collections")],
            ) => {
                "Kuzzle rejects it with `api.assert.invalid_type` (expected: string[]); write a list of collection names"
            }
            (E::UnknownKey { .. }, [Key("policies"), Index(_), Key("restrictedTo"), Index(_)]) => {
                "Kuzzle rejects it with `api.assert.unexpected_argument` (accepted arguments: \"index\", \"collections\")"
            }
            _ => continue,
        };
        f.help = Some(match f.help.take() {
            Some(h) if h.ends_with(['?', '.']) => format!("{h} {note}").into(),
            Some(h) => format!("{h}; {note}").into(),
            None => note.into(),
        });
    }
}

/// What Kuzzle answers for a restriction without a string `index`.
const MISSING_INDEX: &str =
    "Kuzzle rejects it with `api.assert.missing_argument` (Missing argument \"…restrictedTo[j].index\")";
