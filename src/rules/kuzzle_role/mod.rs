//! Rules for `kuzzle-role` bodies (`security:createOrReplaceRole`, `PUT /roles/<_id>`), also
//! applied to every role of a securities file. One rule per file; [`RolePack`] builds the
//! [`RoleView`] of a role once and runs them.
//!
//! Kuzzle checks a role in this order: the structure (`Role.validateDefinition`), the
//! anonymous role's login right, the actions of native controllers, then plugin controllers.
//! bodyguard reports every problem at once, each with the error id Kuzzle answers.

mod action_not_boolean;
mod anonymous_login;
mod invalid_structure;
mod method_key;
mod refine;
mod restricted_to;
mod unknown_action;
mod unknown_controller;
mod unknown_key;

pub use action_not_boolean::ROLE_ACTION_NOT_BOOLEAN;
pub use anonymous_login::ROLE_ANONYMOUS_LOGIN;
pub use invalid_structure::ROLE_INVALID_STRUCTURE;
pub use method_key::ROLE_METHOD_KEY;
pub(crate) use refine::{refine_role_schema, refine_schema};
pub use restricted_to::ROLE_RESTRICTED_TO;
pub use unknown_action::ROLE_UNKNOWN_ACTION;
pub use unknown_controller::ROLE_UNKNOWN_CONTROLLER;
pub use unknown_key::ROLE_UNKNOWN_KEY;

use crate::core::pointer::pointer_join;
use crate::core::source::Span;
use crate::core::{Kind, RuleMeta};
use crate::parse::{Member, Members, Node};
use crate::rules::pack::{Pack, Rule};
use crate::rules::RuleContext;
use crate::schema::finding::SchemaFinding;

pub(crate) use crate::access::native::{native_actions, NATIVE_CONTROLLERS};

/// The rules this pack runs, sorted by code (one line per rule file).
static PACK_RULES: &[&dyn Rule<RolePack>] = &[
    &anonymous_login::AnonymousLogin,
    &method_key::MethodKey,
    &restricted_to::RestrictedTo,
    &unknown_action::UnknownAction,
    &unknown_controller::UnknownController,
    &unknown_key::UnknownKey,
];

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

/// The pack of a role body (`kuzzle-role`).
pub struct RolePack;

impl Pack for RolePack {
    type View<'a> = RoleView<'a>;
    fn kinds(&self) -> &'static [Kind] {
        &[Kind::KuzzleRole]
    }
    fn rules(&self) -> &'static [&'static dyn Rule<Self>] {
        PACK_RULES
    }
    fn view<'a>(&self, cx: &RuleContext<'a>) -> Option<RoleView<'a>> {
        RoleView::of(cx, cx.root, "", request_role_id(cx))
    }
    fn record_facts(&self, cx: &mut RuleContext<'_>) {
        let root = cx.root;
        // For cross-file rules a role file is known by its request id, else its file name.
        let fact_id = request_role_id(cx).map(str::to_string).or_else(|| {
            std::path::Path::new(cx.source.name())
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
        });
        if let Some(id) = fact_id {
            let span = Span::new(root.span().start as usize, root.span().start as usize + 1);
            record_role_facts(cx, root, &id, span);
        }
    }
    fn refine_schema(&self, _kind: Kind, root: Node<'_>, findings: &mut [SchemaFinding<'_>]) {
        refine_schema(root, findings);
    }
}

/// What the role rules look at: one role body, its id and its controllers, read once.
pub struct RoleView<'a> {
    /// The role's top-level members.
    pub members: Members<'a>,
    /// Where the role is (`""` for a role file, `/roles/<id>` in a securities file).
    pub pointer: &'a str,
    /// The role's id when known (request URL or securities key).
    pub id: Option<&'a str>,
    /// Its `controllers`, when that is an object.
    pub controllers: Option<Controllers<'a>>,
}

/// A role's `controllers` map.
pub struct Controllers<'a> {
    /// The `controllers` member of the role.
    pub member: Member<'a>,
    /// Its pointer.
    pub pointer: String,
    /// Where the role is.
    role_pointer: &'a str,
    /// Its entries whose rights are an object, in order: 16 bytes each, so that a role of a
    /// million controllers holds little beside its text.
    entries: Vec<Entry>,
}

/// What [`Controllers`] keeps of a [`Controller`]: record ids.
#[derive(Clone, Copy)]
struct Entry {
    member: u32,
    /// Its `actions` object, or [`NONE`].
    actions: u32,
    /// The member of [`Controller::checked_before`], or [`NONE`].
    checked_before: u32,
    class: ClassTag,
}

/// No record.
const NONE: u32 = u32::MAX;

/// [`Class`] without the native actions, found again from the name.
#[derive(Clone, Copy)]
enum ClassTag {
    Star,
    Native,
    Plugin,
    Other,
}

impl<'a> Controllers<'a> {
    /// Its entries whose rights are an object, in order.
    pub fn iter(&self) -> impl Iterator<Item = Controller<'a>> + '_ {
        let map = self.member.value();
        self.entries.iter().map(move |e| {
            let member = map
                .as_object()
                .unwrap_or_default()
                .with_id(e.member as usize);
            let with_id = |id: u32| (id != NONE).then(|| map.with_id(id as usize));
            Controller {
                member,
                role_pointer: self.role_pointer,
                rights: member.value().as_object().unwrap_or_default(),
                actions: with_id(e.actions)
                    .and_then(Node::as_object)
                    .unwrap_or_default(),
                class: match e.class {
                    ClassTag::Star => Class::Star,
                    ClassTag::Native => {
                        native_actions(member.key()).map_or(Class::Other, Class::Native)
                    }
                    ClassTag::Plugin => Class::Plugin,
                    ClassTag::Other => Class::Other,
                },
                checked_before: (e.checked_before != NONE).then(|| {
                    map.as_object()
                        .unwrap_or_default()
                        .with_id(e.checked_before as usize)
                }),
            }
        })
    }
}

/// One controller entry whose rights are an object.
pub struct Controller<'a> {
    /// The entry (key = controller name).
    pub member: Member<'a>,
    /// Where the role is.
    role_pointer: &'a str,
    /// Its rights' members (`actions`, and whatever else is there).
    pub rights: Members<'a>,
    /// The members of its `actions` object (empty when missing or not an object).
    pub actions: Members<'a>,
    /// What kind of controller it is.
    pub class: Class,
    /// The first native or `*` controller before it: where Kuzzle's own check of plugin
    /// controllers stops.
    pub checked_before: Option<Member<'a>>,
}

impl Controller<'_> {
    /// Its pointer.
    pub fn pointer(&self) -> String {
        pointer_join(
            &pointer_join(self.role_pointer, "controllers"),
            self.member.key(),
        )
    }
}

/// What a controller name is to Kuzzle.
#[derive(Clone, Copy)]
pub enum Class {
    /// `*`, which only takes the action `*`.
    Star,
    /// A native controller, with its actions.
    Native(&'static [&'static str]),
    /// A plugin controller whose actions are known (the core authentication plugin's, or declared in `bodyguard.toml`).
    Plugin,
    /// Any other controller.
    Other,
}

impl<'a> RoleView<'a> {
    /// The view of `role` at `pointer` (`None` when it is not an object).
    pub(crate) fn of(
        cx: &RuleContext<'_>,
        role: Node<'a>,
        pointer: &'a str,
        id: Option<&'a str>,
    ) -> Option<Self> {
        let members = role.as_object()?;
        let controllers = role.member("controllers").and_then(|member| {
            let map = member.value().as_object()?;
            let cpointer = pointer_join(pointer, "controllers");
            let mut first = NONE;
            let mut entries = Vec::with_capacity(map.len());
            for c in map {
                if c.value().as_object().is_none() {
                    continue;
                }
                let name = c.key();
                let class = if name == "*" {
                    ClassTag::Star
                } else if native_actions(name).is_some() {
                    ClassTag::Native
                } else if has_plugin_actions(cx, name) {
                    ClassTag::Plugin
                } else {
                    ClassTag::Other
                };
                let checked_before = first;
                if first == NONE && matches!(class, ClassTag::Star | ClassTag::Native) {
                    first = c.id() as u32;
                }
                entries.push(Entry {
                    member: c.id() as u32,
                    actions: c
                        .value()
                        .member("actions")
                        .filter(|a| a.value().as_object().is_some())
                        .map_or(NONE, |a| a.value().id() as u32),
                    checked_before,
                    class,
                });
            }
            Some(Controllers {
                member,
                pointer: cpointer,
                role_pointer: pointer,
                entries,
            })
        });
        Some(RoleView {
            members,
            pointer,
            id,
            controllers,
        })
    }
}

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

/// Whether [`plugin_actions`] knows the actions of `name`.
fn has_plugin_actions(cx: &RuleContext<'_>, name: &str) -> bool {
    name == CORE_PLUGIN_CONTROLLERS[0]
        || cx
            .settings
            .inventory
            .as_deref()
            .is_some_and(|inv| inv.plugin_actions.contains_key(name))
}
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

/// Whether the request has `force` (Kuzzle then only warns about unknown plugin controllers
/// and actions).
fn forced(cx: &RuleContext<'_>) -> bool {
    cx.request.is_some_and(|r| {
        r.args
            .iter()
            .any(|(k, v)| k == "force" && v.as_deref() != Some("false"))
    })
}

/// The id a plain role file is known by: the request's `_id`.
fn request_role_id<'a>(cx: &RuleContext<'a>) -> Option<&'a str> {
    cx.request.and_then(|r| r.name.as_deref())
}

/// Check one role body at `pointer` (`/roles/<id>` in a securities file) with the rules of
/// this pack that are on. `role_id` is the role's id when known.
pub(crate) fn check_role(
    cx: &mut RuleContext<'_>,
    role: Node<'_>,
    pointer: &str,
    role_id: Option<&str>,
) {
    if !PACK_RULES.iter().any(|r| cx.enabled(r.meta())) {
        return;
    }
    let Some(view) = RoleView::of(cx, role, pointer, role_id) else {
        return;
    };
    for rule in PACK_RULES {
        if cx.enabled(rule.meta()) {
            rule.run(&view, cx);
        }
    }
}

/// Fact key: a role id defined by a checked file (value = the id).
pub const FACT_ROLE: &str = "kuzzle.role";
/// Fact key: a role (value = its id) granting actions of a controller that carries no index
/// (span = that controller's key).
pub const FACT_ROLE_INDEX_LESS: &str = "kuzzle.role.index-less";

/// Record what cross-file rules need to know about `role` (defined as `id`).
pub(crate) fn record_role_facts(cx: &mut RuleContext<'_>, role: Node<'_>, id: &str, id_span: Span) {
    cx.fact(FACT_ROLE, id, id_span);
    if let Some(m) = index_less_grant(role) {
        cx.fact(FACT_ROLE_INDEX_LESS, id, m.key_span());
    }
}

/// The first controller of `role` that carries no index and has an action set to `true`.
pub(crate) fn index_less_grant(role: Node<'_>) -> Option<Member<'_>> {
    role.get("controllers")?.as_object()?.iter().find(|m| {
        INDEX_LESS_CONTROLLERS.contains(&m.key())
            && m.value()
                .get("actions")
                .and_then(Node::as_object)
                .is_some_and(|acts| acts.iter().any(|a| a.value().as_bool() == Some(true)))
    })
}

#[cfg(test)]
mod tests {
    use crate::{Checker, Kind, RequestInfo, SourceFile};

    #[test]
    fn rules_and_metadata_lists_agree() {
        let codes: Vec<&str> = super::PACK_RULES.iter().map(|r| r.meta().code).collect();
        // These two are reported by refining the schema findings, not run by the pack.
        let refined = [
            super::ROLE_ACTION_NOT_BOOLEAN.code,
            super::ROLE_INVALID_STRUCTURE.code,
        ];
        let metas: Vec<&str> = super::RULES
            .iter()
            .map(|r| r.code)
            .filter(|c| !refined.contains(c))
            .collect();
        assert_eq!(codes, metas);
    }

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
