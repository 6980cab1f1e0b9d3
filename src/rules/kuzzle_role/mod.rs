//! Rules for `kuzzle-role` bodies (`security:createOrReplaceRole`, `PUT /roles/<_id>`), also
//! applied to every role of a securities file.
//!
//! Kuzzle checks a role in this order: the structure (`Role.validateDefinition`), the
//! anonymous role's login right, the actions of native controllers, then plugin controllers.
//! bodyguard reports every problem at once, each with the error id Kuzzle answers.

use crate::core::text::article;
use crate::declare_rule;
use crate::diagnostic::{did_you_mean, snippet, Diagnostic, Label, Severity};
use crate::kind::Kind;
use crate::parse::{pointer_join, unescape_pointer_segment, Member, Node};
use crate::rules::{FixAvailability, RuleContext, RuleMeta};
use crate::source::Span;

pub(crate) use crate::access::native::{native_actions, NATIVE_CONTROLLERS};

declare_rule! {
    /// ## What it does
    /// Flags a role whose `controllers` map, controller entries or `actions` maps do not have the
    /// shape Kuzzle requires, and names the error Kuzzle answers.
    ///
    /// ## Why is this bad?
    /// Kuzzle refuses the role. Its messages are hard to act on: a missing (or misspelled)
    /// `controllers` key is reported as `api.assert.empty_argument`
    /// `The argument "<id>.controllers" is empty.`, and a controller without `actions` as
    /// `api.assert.missing_argument` "Missing argument "document".", which does not say that
    /// `actions` is what is missing. The whole structure is checked before any action name.
    ///
    /// What Kuzzle requires:
    /// - `controllers`: a non-empty object;
    /// - each controller: a non-empty object with an `actions` key;
    /// - each `actions`: a non-empty object.
    ///
    /// ## Example
    /// ```json
    /// {"controllers": {"document": {"action": {"get": true}}}}
    /// ```
    /// Use instead:
    /// ```json
    /// {"controllers": {"document": {"actions": {"get": true}}}}
    /// ```
    pub static ROLE_INVALID_STRUCTURE = {
        code: "kuzzle/role-invalid-structure",
        kinds: [Kind::KuzzleRole, Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "the role's `controllers` / `actions` structure is rejected by Kuzzle",
    }
}

declare_rule! {
    /// ## What it does
    /// Flags an action right that is not `true` or `false`.
    ///
    /// ## Why is this bad?
    /// Kuzzle rejects the role with `api.assert.invalid_type`
    /// `Wrong type for argument "<controller>.actions.<action>" (expected: boolean)`. Strings such as `"true"`, numbers
    /// and the closure objects of Kuzzle 1.x are all refused.
    ///
    /// ## Example
    /// ```json
    /// {"controllers": {"document": {"actions": {"get": "true"}}}}
    /// ```
    /// Use instead:
    /// ```json
    /// {"controllers": {"document": {"actions": {"get": true}}}}
    /// ```
    pub static ROLE_ACTION_NOT_BOOLEAN = {
        code: "kuzzle/role-action-not-boolean",
        kinds: [Kind::KuzzleRole, Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "an action right is not a boolean",
    }
}

declare_rule! {
    /// ## What it does
    /// Flags the role `anonymous` when it no longer allows `auth:login`.
    ///
    /// ## Why is this bad?
    /// Every request without a token runs as the anonymous user, including the login request
    /// itself. Kuzzle therefore refuses any `anonymous` role that does not allow `auth:login`
    /// (`security.role.login_required`, "Cannot remove the "login" action from the anonymous
    /// role."). The right must come from controller `auth` (action `login` or `*`) or from
    /// `*` with action `*`: `{"*": {"actions": {"login": true}}}` is refused for another reason
    /// (`*` only takes `*`). The rule applies to the exact id `anonymous`; bodyguard knows the id
    /// from the request URL or the key of a securities file.
    ///
    /// ## Example
    /// ```json
    /// {"controllers": {"auth": {"actions": {"checkToken": true}}}}
    /// ```
    /// Use instead:
    /// ```json
    /// {"controllers": {"auth": {"actions": {"checkToken": true, "login": true}}}}
    /// ```
    pub static ROLE_ANONYMOUS_LOGIN = {
        code: "kuzzle/role-anonymous-login-required",
        kinds: [Kind::KuzzleRole, Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "the anonymous role must allow `auth:login`",
    }
}

declare_rule! {
    /// ## What it does
    /// Flags a top-level key named like a method of Kuzzle's `Role` class
    /// (`validateDefinition`, `validateControllerRights`, `canLogIn`, `isActionAllowed`,
    /// `checkRestrictions`) or `__proto__`.
    ///
    /// ## Why is this bad?
    /// Kuzzle copies the body onto a `Role` object, so such a key replaces the method. A
    /// `validateDefinition` key makes the request fail with a `TypeError`, which the client
    /// receives as `plugin.runtime.unexpected_error` (HTTP 500) with no hint of the cause. The
    /// other names replace methods Kuzzle calls later, when it checks the role or the rights of a
    /// request (inferred from Kuzzle's code).
    ///
    /// ## Example
    /// ```json
    /// {"controllers": {"document": {"actions": {"get": true}}}, "validateDefinition": true}
    /// ```
    /// Use instead:
    /// ```json
    /// {"controllers": {"document": {"actions": {"get": true}}}}
    /// ```
    pub static ROLE_METHOD_KEY = {
        code: "kuzzle/role-method-key",
        kinds: [Kind::KuzzleRole, Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "a top-level key shadows a method of Kuzzle's Role object",
    }
}

declare_rule! {
    /// ## What it does
    /// Flags `restrictedTo` at the top level of a role.
    ///
    /// ## Why is this bad?
    /// Roles cannot be restricted to indexes: restrictions belong to the policies of a profile
    /// (`{"roleId": "...", "restrictedTo": [{"index": "..."}]}`). Kuzzle accepts the key and
    /// drops it from the stored role, so the role applies to every index the profile grants it on.
    ///
    /// ## Example
    /// ```json
    /// {"controllers": {"document": {"actions": {"*": true}}}, "restrictedTo": [{"index": "shop"}]}
    /// ```
    /// Use instead: the role without `restrictedTo`, and in the profile:
    /// ```json
    /// {"policies": [{"roleId": "editor", "restrictedTo": [{"index": "shop"}]}]}
    /// ```
    pub static ROLE_RESTRICTED_TO = {
        code: "kuzzle/role-restricted-to",
        kinds: [Kind::KuzzleRole, Kind::KuzzleSecurities],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "`restrictedTo` in a role is dropped by Kuzzle",
    }
}

declare_rule! {
    /// ## What it does
    /// Flags an action that a native Kuzzle controller does not have, and `*` as a controller
    /// with any action other than `*`.
    ///
    /// ## Why is this bad?
    /// Kuzzle rejects the role with `security.role.unknown_action`, and `force` does not bypass
    /// this check. Action names are checked whatever their value, so a misspelled action set to
    /// `false` is refused too. The controller `*` only takes the action `*`; Kuzzle's message for
    /// that case ends in a literal `%s`.
    ///
    /// The action lists are those of Kuzzle 2.56.0. `ms` and `memoryStorage` are the same
    /// controller.
    ///
    /// The controller `kuzzle-plugin-auth-passport-local/password` of Kuzzle's core
    /// authentication plugin exists on every Kuzzle, with the actions `getResetPasswordToken`
    /// and `reset`. Any other action is an error; Kuzzle checks plugin controllers only up to
    /// the first native or `*` controller of the role and only warns with `force`, so after
    /// such a controller, or on a request with `force`, it is a warning (the entry grants
    /// nothing).
    ///
    /// ## Example
    /// ```json
    /// {"controllers": {"document": {"actions": {"serach": true}}, "*": {"actions": {"get": true}}}}
    /// ```
    /// Use instead:
    /// ```json
    /// {"controllers": {"document": {"actions": {"search": true, "get": true}}}}
    /// ```
    ///
    /// ## Fix
    /// The closest known name is offered as an unsafe fix: shown in the output, never applied
    /// by `--fix`, because only the author knows which name was meant.
    pub static ROLE_UNKNOWN_ACTION = {
        code: "kuzzle/role-unknown-action",
        kinds: [Kind::KuzzleRole, Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::Sometimes,
        summary: "a native controller has no such action",
    }
}

declare_rule! {
    /// ## What it does
    /// Flags a controller that is not one of Kuzzle's native controllers (`auth`, `bulk`,
    /// `cluster`, `collection`, `debug`, `document`, `index`, `realtime`, `security`, `server`,
    /// `admin`, `memoryStorage`, `ms`) nor `*`, unless an inventory declares it (a role of the
    /// inventory already uses it). The local authentication plugin's
    /// `kuzzle-plugin-auth-passport-local/password`, present in every Kuzzle, is always known.
    ///
    /// ## Why is this bad?
    /// Plugin controllers are named `<plugin>/<controller>` and exist only when the plugin is
    /// installed; application controllers exist only when the application registers them. A
    /// misspelled native controller (`documents`) is an unknown controller too.
    ///
    /// Kuzzle's own check (`security.role.unknown_controller`) is unreliable: it stops at the
    /// first native or `*` controller of the role, so the key order decides whether Kuzzle sees
    /// the problem. `{"nosuch": ..., "document": ...}` is rejected; `{"document": ...,
    /// "nosuch": ...}` is accepted and the entry silently grants nothing. With `force` (always
    /// used by `kourou import` and startup securities), Kuzzle only logs a warning.
    ///
    /// Pass `--inventory` with a roles dump or securities file of the target to declare the
    /// controllers it has.
    ///
    /// Any controller of Kuzzle's core authentication plugin other than
    /// `kuzzle-plugin-auth-passport-local/password` cannot exist: it is an error where Kuzzle
    /// checks it (no native or `*` controller before it, no `force`).
    ///
    /// ## Example
    /// ```json
    /// {"controllers": {"documents": {"actions": {"get": true}}}}
    /// ```
    /// Use instead:
    /// ```json
    /// {"controllers": {"document": {"actions": {"get": true}}}}
    /// ```
    ///
    /// ## Fix
    /// The closest known name is offered as an unsafe fix: shown in the output, never applied
    /// by `--fix`, because only the author knows which name was meant.
    pub static ROLE_UNKNOWN_CONTROLLER = {
        code: "kuzzle/role-unknown-controller",
        kinds: [Kind::KuzzleRole, Kind::KuzzleSecurities],
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
        summary: "a controller is neither native nor declared by the inventory",
    }
}

declare_rule! {
    /// ## What it does
    /// Flags keys Kuzzle stores without using: top-level keys other than `controllers` and
    /// `tags`, and keys beside `actions` in a controller entry.
    ///
    /// ## Why is this bad?
    /// Kuzzle accepts and stores them silently, so a misspelled key (`tag`, `action` beside a
    /// valid `actions`) goes unnoticed. `_id` and `_kuzzle_info` in the body are overwritten by
    /// Kuzzle. A top-level `$schema` (editor schema association) is not reported, though Kuzzle
    /// stores it too if the file is sent as it is.
    ///
    /// ## Example
    /// ```json
    /// {"controllers": {"document": {"actions": {"get": true}, "description": "read"}}, "tag": ["x"]}
    /// ```
    /// Use instead:
    /// ```json
    /// {"controllers": {"document": {"actions": {"get": true}}}, "tags": ["x"]}
    /// ```
    pub static ROLE_UNKNOWN_KEY = {
        code: "kuzzle/role-unknown-key",
        kinds: [Kind::KuzzleRole, Kind::KuzzleSecurities],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "a role key that Kuzzle stores but never reads",
    }
}

/// The rules of this pack, sorted by code.
pub static RULES: &[&RuleMeta] = &[
    &ROLE_ACTION_NOT_BOOLEAN,
    &ROLE_ANONYMOUS_LOGIN,
    &ROLE_INVALID_STRUCTURE,
    &ROLE_METHOD_KEY,
    &ROLE_RESTRICTED_TO,
    &ROLE_UNKNOWN_ACTION,
    &ROLE_UNKNOWN_CONTROLLER,
    &ROLE_UNKNOWN_KEY,
];

/// Methods of Kuzzle's `Role` class (and `__proto__`): a body key of that name replaces them.
const ROLE_METHODS: [&str; 6] = [
    "validateDefinition",
    "validateControllerRights",
    "canLogIn",
    "isActionAllowed",
    "checkRestrictions",
    "__proto__",
];

/// Kuzzle's core authentication plugin, loaded by every Kuzzle.
const CORE_PLUGIN: &str = "kuzzle-plugin-auth-passport-local";

/// Plugin controllers every Kuzzle has (its core local authentication plugin).
const CORE_PLUGIN_CONTROLLERS: [&str; 1] = ["kuzzle-plugin-auth-passport-local/password"];

/// The actions of a plugin controller whose actions are known: the core authentication
/// plugin's (`kuzzle-plugin-auth-passport-local` 6.4.1, loaded by every Kuzzle), or one
/// declared in `bodyguard.toml` (`[[plugins]]`). Also says whose it is, for messages.
fn plugin_actions(cx: &RuleContext<'_>, name: &str) -> Option<(Vec<String>, &'static str)> {
    if name == CORE_PLUGIN_CONTROLLERS[0] {
        return Some((
            vec!["getResetPasswordToken".into(), "reset".into()],
            "of Kuzzle's core authentication plugin",
        ));
    }
    let declared = cx.settings.inventory.as_deref()?.plugin_actions.get(name)?;
    Some((
        declared.iter().cloned().collect(),
        "declared in bodyguard.toml",
    ))
}

/// Controllers whose actions carry no index argument, so profile restrictions never apply
/// to them, and that give access beyond the caller's own account: rights, administration,
/// debugging, the memory storage. `auth` and `server` are not listed: they also carry no
/// index, but act on the caller's own account or describe the server.
pub(crate) const INDEX_LESS_CONTROLLERS: [&str; 6] =
    ["*", "security", "admin", "debug", "memoryStorage", "ms"];

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

/// The id a plain role file is known by: the request's `_id`.
fn request_role_id<'a>(cx: &RuleContext<'a>) -> Option<&'a str> {
    cx.request.and_then(|r| r.name.as_deref())
}

/// Run the rules on a whole body.
pub(crate) fn check(cx: &mut RuleContext<'_>) {
    let root = cx.root;
    let role_id = request_role_id(cx);
    check_role(cx, root, "", role_id);
    // For cross-file rules a role file is known by its request id, else its file name.
    let fact_id = role_id.map(str::to_string).or_else(|| {
        std::path::Path::new(cx.source.name())
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
    });
    if let Some(id) = fact_id {
        let span = Span::new(root.span.start as usize, root.span.start as usize + 1);
        record_role_facts(cx, root, "", &id, span);
    }
}

/// Fact key: a role id defined by a checked file (value = the id).
pub const FACT_ROLE: &str = "kuzzle.role";
/// Fact key: a role (value = its id) granting actions of a controller that carries no index
/// (span = that controller's key).
pub const FACT_ROLE_INDEX_LESS: &str = "kuzzle.role.index-less";

/// Record what cross-file rules need to know about `role` (defined as `id`).
pub(crate) fn record_role_facts(
    cx: &mut RuleContext<'_>,
    role: &Node,
    pointer: &str,
    id: &str,
    id_span: Span,
) {
    cx.fact(FACT_ROLE, id, id_span, pointer);
    if let Some(m) = index_less_grant(role) {
        let p = pointer_join(&pointer_join(pointer, "controllers"), &m.key);
        cx.fact(FACT_ROLE_INDEX_LESS, id, m.key_span, &p);
    }
}

/// The first controller of `role` that carries no index and has an action set to `true`.
pub(crate) fn index_less_grant(role: &Node) -> Option<&Member> {
    role.get("controllers")?.as_object()?.iter().find(|m| {
        INDEX_LESS_CONTROLLERS.contains(&m.key.as_str())
            && m.value
                .get("actions")
                .and_then(Node::as_object)
                .is_some_and(|acts| acts.iter().any(|a| a.value.as_bool() == Some(true)))
    })
}

/// Check one role body at `pointer` (`""` for a role file, `/roles/<id>` in a securities file).
/// `role_id` is the role's id when known (request URL or securities key).
pub(crate) fn check_role(
    cx: &mut RuleContext<'_>,
    role: &Node,
    pointer: &str,
    role_id: Option<&str>,
) {
    let Some(members) = role.as_object() else {
        return;
    };
    for m in members {
        let p = pointer_join(pointer, &m.key);
        match m.key.as_str() {
            "controllers" | "tags" => {}
            "restrictedTo" => {
                if cx.enabled(&ROLE_RESTRICTED_TO) {
                    cx.report(
                        &ROLE_RESTRICTED_TO,
                        m.key_span,
                        &p,
                        "`restrictedTo` is not a role key: Kuzzle drops it and the role is not restricted",
                    )
                    .help = Some(
                        "remove it and restrict the role in the profiles that grant it: `{\"roleId\": \"...\", \"restrictedTo\": [{\"index\": \"...\"}]}`"
                            .into(),
                    );
                }
            }
            key if ROLE_METHODS.contains(&key) => {
                if cx.enabled(&ROLE_METHOD_KEY) {
                    let d = cx.report(
                        &ROLE_METHOD_KEY,
                        m.key_span,
                        &p,
                        format!("`{key}` replaces a method of Kuzzle's Role object"),
                    );
                    d.help = Some(
                        "remove it: Kuzzle fails with an internal error (`plugin.runtime.unexpected_error`, HTTP 500)"
                            .into(),
                    );
                    d.label = Some("shadows a Role method".into());
                }
            }
            "$schema" => {}
            key => {
                if cx.enabled(&ROLE_UNKNOWN_KEY) {
                    let (message, help) = if key == "_id" || key == "_kuzzle_info" {
                        (
                            format!("`{key}` in the body is overwritten by Kuzzle"),
                            "remove it: the role id comes from the request".to_string(),
                        )
                    } else {
                        (
                            format!(
                                "unknown role key `{}`: Kuzzle stores it but never reads it",
                                snippet(key)
                            ),
                            match did_you_mean(key, ["controllers", "tags"]) {
                                Some(s) => format!("did you mean `{s}`?"),
                                None => {
                                    "remove it; a role only has `controllers` and `tags`".into()
                                }
                            },
                        )
                    };
                    cx.report(&ROLE_UNKNOWN_KEY, m.key_span, &p, message).help = Some(help.into());
                }
            }
        }
    }
    let Some(controllers_member) = role.member("controllers") else {
        return;
    };
    let Some(controllers) = controllers_member.value.as_object() else {
        return;
    };
    let cpointer = pointer_join(pointer, "controllers");
    let mut first_checked: Option<&Member> = None;
    for c in controllers {
        let p = pointer_join(&cpointer, &c.key);
        let name = c.key.as_str();
        let Some(rights) = c.value.as_object() else {
            continue;
        };
        let has_actions = c.value.member("actions").is_some();
        if has_actions {
            for extra in rights.iter().filter(|m| m.key != "actions") {
                if cx.enabled(&ROLE_UNKNOWN_KEY) {
                    let d = cx.report(
                        &ROLE_UNKNOWN_KEY,
                        extra.key_span,
                        &pointer_join(&p, &extra.key),
                        format!(
                            "`{}` beside `actions` is stored by Kuzzle but never read",
                            snippet(&extra.key)
                        ),
                    );
                    d.help = Some("remove it; a controller entry only has `actions`".into());
                }
            }
        }
        let actions = c.value.get("actions").and_then(Node::as_object);
        let native = native_actions(name);
        if name == "*" {
            first_checked.get_or_insert(c);
            for a in actions.unwrap_or_default() {
                if a.key != "*" && cx.enabled(&ROLE_UNKNOWN_ACTION) {
                    let ap = pointer_join(&pointer_join(&p, "actions"), &a.key);
                    let d = cx.report(
                        &ROLE_UNKNOWN_ACTION,
                        a.key_span,
                        &ap,
                        format!(
                            "the controller `*` only takes the action `*`, not `{}`",
                            snippet(&a.key)
                        ),
                    );
                    d.help = Some(format!(
                        "use `\"*\": {{\"actions\": {{\"*\": true}}}}`, or name the controllers that have `{}`; Kuzzle answers `security.role.unknown_action`, even with `force`",
                        snippet(&a.key)
                    ).into());
                }
            }
        } else if let Some(known) = native {
            first_checked.get_or_insert(c);
            for a in actions.unwrap_or_default() {
                if a.key == "*" || known.contains(&a.key.as_str()) {
                    continue;
                }
                if !cx.enabled(&ROLE_UNKNOWN_ACTION) {
                    continue;
                }
                let ap = pointer_join(&pointer_join(&p, "actions"), &a.key);
                let suggestion = did_you_mean(&a.key, known.iter().copied());
                let d = cx.report(
                    &ROLE_UNKNOWN_ACTION,
                    a.key_span,
                    &ap,
                    format!(
                        "the native controller `{name}` has no action `{}`",
                        snippet(&a.key)
                    ),
                );
                d.label = Some("unknown action".into());
                d.help = Some(match suggestion {
                    Some(s) if s.eq_ignore_ascii_case(&a.key) => format!(
                        "action names are case-sensitive: write `{s}`; Kuzzle answers `security.role.unknown_action`, even with `force`"
                    ).into(),
                    Some(s) => format!(
                        "did you mean `{s}`? Kuzzle answers `security.role.unknown_action`, even with `force`"
                    ).into(),
                    None => format!(
                        "see `{name}`'s actions in the Kuzzle API reference; Kuzzle answers `security.role.unknown_action`, even with `force`"
                    ).into(),
                });
                if let Some(s) = suggestion {
                    d.fix = Some(Box::new(crate::core::edit::Fix::unsafe_(
                        vec![crate::core::edit::Edit::replace(
                            a.key_span,
                            format!("\"{s}\""),
                        )],
                        format!("rename the action to `{s}`"),
                    )));
                }
            }
        } else if let Some((known, whose)) = plugin_actions(cx, name) {
            // Kuzzle checks a plugin controller's actions only when no native or `*`
            // controller comes before it, and only warns with `force`.
            let forced = cx.request.is_some_and(|r| {
                r.args
                    .iter()
                    .any(|(k, v)| k == "force" && v.as_deref() != Some("false"))
            });
            for a in actions.unwrap_or_default() {
                if a.key == "*"
                    || known.iter().any(|k| k == "*" || *k == a.key)
                    || !cx.enabled(&ROLE_UNKNOWN_ACTION)
                {
                    continue;
                }
                let ap = pointer_join(&pointer_join(&p, "actions"), &a.key);
                let suggestion = did_you_mean(&a.key, known.iter().map(String::as_str));
                let list = format!(
                    "its actions are {}",
                    known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                let (severity, answer) = match (first_checked, forced) {
                    (Some(first), _) => (
                        Severity::Warning,
                        format!(
                            "Kuzzle's own check stops at `{}` above, so it accepts the role and the entry grants nothing",
                            snippet(&first.key)
                        ),
                    ),
                    (None, true) => (
                        Severity::Warning,
                        "with `force`, Kuzzle only logs a warning and the entry grants nothing".to_string(),
                    ),
                    (None, false) => (
                        Severity::Error,
                        "Kuzzle answers `security.role.unknown_action` (with `force`, only a warning)".to_string(),
                    ),
                };
                let d = cx.report(
                    &ROLE_UNKNOWN_ACTION,
                    a.key_span,
                    &ap,
                    format!(
                        "the controller `{name}` {whose} has no action `{}`",
                        snippet(&a.key)
                    ),
                );
                d.severity = severity;
                d.label = Some("unknown action".into());
                d.help = Some(
                    match suggestion {
                        Some(s) => format!("did you mean `{s}`? {list}; {answer}"),
                        None => format!("{list}; {answer}"),
                    }
                    .into(),
                );
                if let Some(s) = suggestion {
                    d.fix = Some(Box::new(crate::core::edit::Fix::unsafe_(
                        vec![crate::core::edit::Edit::replace(
                            a.key_span,
                            format!("\"{s}\""),
                        )],
                        format!("rename the action to `{s}`"),
                    )));
                }
            }
        } else if !controller_declared(cx, name) && cx.enabled(&ROLE_UNKNOWN_CONTROLLER) {
            let suggestion = did_you_mean(name, NATIVE_CONTROLLERS.iter().map(|(n, _)| *n));
            let order_note = match first_checked {
                Some(first) => format!(
                    "Kuzzle's own check stops at `{}` above, so it accepts this role and the entry grants nothing unless the controller exists",
                    snippet(&first.key)
                ),
                None => "Kuzzle answers `security.role.unknown_controller` unless the controller exists (with `force`, only a warning)".to_string(),
            };
            let help = match suggestion {
                Some(s) => format!("did you mean the native controller `{s}`? {order_note}"),
                None if name.contains('/') => format!(
                    "check the plugin name, or declare the plugin's controllers in bodyguard.toml (`[[plugins]]`: `name`, `controllers`) or pass `--inventory` with a roles dump of the target; {order_note}"
                ),
                None => format!(
                    "plugin controllers are named `<plugin>/<controller>`; check the name, or declare it in bodyguard.toml (`[[plugins]]`) or pass `--inventory` with a roles dump of the target; {order_note}"
                ),
            };
            let fix = suggestion.map(|s| {
                crate::core::edit::Fix::unsafe_(
                    vec![crate::core::edit::Edit::replace(
                        c.key_span,
                        format!("\"{s}\""),
                    )],
                    format!("rename the controller to `{s}`"),
                )
            });
            // The core authentication plugin is on every Kuzzle and has one controller: an
            // other controller of it cannot exist, and Kuzzle refuses it when it checks it.
            let core_plugin = name
                .strip_prefix(CORE_PLUGIN)
                .is_some_and(|rest| rest.starts_with('/'));
            let forced = cx.request.is_some_and(|r| {
                r.args
                    .iter()
                    .any(|(k, v)| k == "force" && v.as_deref() != Some("false"))
            });
            let d = cx.report(
                &ROLE_UNKNOWN_CONTROLLER,
                c.key_span,
                &p,
                format!("unknown controller `{}`", snippet(name)),
            );
            if core_plugin && first_checked.is_none() && !forced {
                d.severity = Severity::Error;
            }
            let help = if core_plugin {
                format!(
                    "Kuzzle's core authentication plugin only has the controller `{}`; {order_note}",
                    CORE_PLUGIN_CONTROLLERS[0]
                )
            } else {
                help
            };
            d.help = Some(help.into());
            d.fix = fix.map(Box::new);
            if let Some(first) = first_checked {
                d.labels
                    .push(Label::new(first.key_span, "Kuzzle stops checking here"));
            }
        }
    }
    if role_id == Some("anonymous")
        && cx.enabled(&ROLE_ANONYMOUS_LOGIN)
        && !can_log_in(&controllers_member.value)
    {
        let d = cx.report(
            &ROLE_ANONYMOUS_LOGIN,
            controllers_member.key_span,
            &cpointer,
            "the anonymous role does not allow `auth:login`: nobody could log in",
        );
        d.help = Some(
            "add `\"auth\": {\"actions\": {\"login\": true}}`; Kuzzle answers `security.role.login_required` \"Cannot remove the \"login\" action from the anonymous role.\""
                .into(),
        );
    }
}

/// Kuzzle's `Role.canLogIn`: `auth` or `*` with `login` or `*` set to `true`.
fn can_log_in(controllers: &Node) -> bool {
    ["auth", "*"].iter().any(|c| {
        controllers
            .get(c)
            .and_then(|r| r.get("actions"))
            .is_some_and(|acts| {
                ["login", "*"]
                    .iter()
                    .any(|a| acts.get(a).and_then(Node::as_bool) == Some(true))
            })
    })
}

/// Whether a non-native controller is known: the core plugin's, or declared by the inventory
/// (by its full name or its plugin name).
fn controller_declared(cx: &RuleContext<'_>, name: &str) -> bool {
    if CORE_PLUGIN_CONTROLLERS.contains(&name) {
        return true;
    }
    let Some(inv) = cx.settings.inventory.as_deref() else {
        return false;
    };
    let plugin = name.split('/').next().unwrap_or(name);
    inv.plugins.contains(name) || (name.contains('/') && inv.plugins.contains(plugin))
}

#[cfg(test)]
mod tests {
    use crate::{Checker, Kind, RequestInfo, SourceFile};

    fn codes(id: Option<&str>, body: &str) -> Vec<&'static str> {
        let info = RequestInfo {
            name: id.map(String::from),
            action: "createOrReplaceRole".into(),
            args: Vec::new(),
        };
        Checker::new()
            .check_source_with(
                SourceFile::new("<body>", body),
                Some(Kind::KuzzleRole),
                Some(&info),
            )
            .diagnostics
            .iter()
            .map(|d| d.code())
            .collect()
    }

    #[test]
    fn anonymous_role_is_known_from_the_request() {
        let body = r#"{"controllers": {"auth": {"actions": {"checkToken": true}}}}"#;
        assert_eq!(
            codes(Some("anonymous"), body),
            ["kuzzle/role-anonymous-login-required"]
        );
        assert!(codes(Some("Anonymous"), body).is_empty());
        assert!(codes(None, body).is_empty());
        let login = r#"{"controllers": {"auth": {"actions": {"*": true}}}}"#;
        assert!(codes(Some("anonymous"), login).is_empty());
    }

    #[test]
    fn structure_findings_name_kuzzles_error() {
        let info = RequestInfo {
            name: Some("reader".into()),
            ..RequestInfo::default()
        };
        let report = Checker::new().check_source_with(
            SourceFile::new("<body>", r#"{"controllers": {}}"#),
            Some(Kind::KuzzleRole),
            Some(&info),
        );
        let d = &report.diagnostics[0];
        assert_eq!(d.code(), "kuzzle/role-invalid-structure");
        assert!(d
            .help
            .as_deref()
            .unwrap_or("")
            .contains("api.assert.empty_argument"));
    }
}
