//! `kuzzle/role-anonymous-login-required`: the role `anonymous` must allow `auth:login`.

use super::{RolePack, RoleView};
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::parse::Node;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

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

/// `kuzzle/role-anonymous-login-required` as its pack runs it.
pub struct AnonymousLogin;

impl Rule<RolePack> for AnonymousLogin {
    fn meta(&self) -> &'static RuleMeta {
        &ROLE_ANONYMOUS_LOGIN
    }
    fn run(&self, role: &RoleView<'_>, cx: &mut RuleContext<'_>) {
        if role.id != Some("anonymous") {
            return;
        }
        let Some(controllers) = &role.controllers else {
            return;
        };
        if can_log_in(controllers.member.value()) {
            return;
        }
        let d = cx.report(
            &ROLE_ANONYMOUS_LOGIN,
            controllers.member.key_span(),
            &controllers.pointer,
            "the anonymous role does not allow `auth:login`: nobody could log in",
        );
        d.help = Some(
            "add `\"auth\": {\"actions\": {\"login\": true}}`; Kuzzle answers `security.role.login_required` \"Cannot remove the \"login\" action from the anonymous role.\""
                .into(),
        );
    }
}

/// Kuzzle's `Role.canLogIn`: `auth` or `*` with `login` or `*` set to `true`.
fn can_log_in(controllers: Node<'_>) -> bool {
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
