//! `kuzzle/role-unknown-action`: an action its controller does not have.

use super::{Class, Controllers, RolePack, RoleView};
use crate::core::diagnostic::{did_you_mean, snippet};
use crate::core::edit::{Edit, Fix};
use crate::core::pointer::pointer_join;
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

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

/// `kuzzle/role-unknown-action` as its pack runs it.
pub struct UnknownAction;

impl Rule<RolePack> for UnknownAction {
    fn meta(&self) -> &'static RuleMeta {
        &ROLE_UNKNOWN_ACTION
    }
    fn run(&self, role: &RoleView<'_>, cx: &mut RuleContext<'_>) {
        for c in role.controllers.iter().flat_map(Controllers::iter) {
            let name = c.member.key();
            match c.class {
                Class::Star => {
                    for a in c.actions.iter().filter(|a| a.key() != "*") {
                        let ap = pointer_join(&pointer_join(&c.pointer(), "actions"), a.key());
                        let d = cx.report(
                            &ROLE_UNKNOWN_ACTION,
                            a.key_span(),
                            &ap,
                            format!(
                                "the controller `*` only takes the action `*`, not `{}`",
                                snippet(a.key())
                            ),
                        );
                        d.help = Some(format!(
                            "use `\"*\": {{\"actions\": {{\"*\": true}}}}`, or name the controllers that have `{}`; Kuzzle answers `security.role.unknown_action`, even with `force`",
                            snippet(a.key())
                        ).into());
                    }
                }
                Class::Native(known) => {
                    for a in c.actions {
                        if a.key() == "*" || known.contains(&a.key()) {
                            continue;
                        }
                        let ap = pointer_join(&pointer_join(&c.pointer(), "actions"), a.key());
                        let suggestion = did_you_mean(a.key(), known.iter().copied());
                        let d = cx.report(
                            &ROLE_UNKNOWN_ACTION,
                            a.key_span(),
                            &ap,
                            format!(
                                "the native controller `{name}` has no action `{}`",
                                snippet(a.key())
                            ),
                        );
                        d.label = Some("unknown action".into());
                        d.help = Some(match suggestion {
                            Some(s) if s.eq_ignore_ascii_case(a.key()) => format!(
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
                            d.fix = Some(Box::new(rename(a.key_span(), s)));
                        }
                    }
                }
                Class::Plugin => {
                    let Some((known, whose)) = super::plugin_actions(cx, name) else {
                        continue;
                    };
                    // Kuzzle checks a plugin controller's actions only when no native or `*`
                    // controller comes before it, and only warns with `force`.
                    let forced = super::forced(cx);
                    for a in c.actions {
                        if a.key() == "*" || known.iter().any(|k| k == "*" || *k == a.key()) {
                            continue;
                        }
                        let ap = pointer_join(&pointer_join(&c.pointer(), "actions"), a.key());
                        let suggestion = did_you_mean(a.key(), known.iter().map(String::as_str));
                        let list = format!(
                            "its actions are {}",
                            known
                                .iter()
                                .map(|k| format!("`{k}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        );
                        let (severity, answer) = match (c.checked_before, forced) {
                            (Some(first), _) => (
                                Severity::Warning,
                                format!(
                                    "Kuzzle's own check stops at `{}` above, so it accepts the role and the entry grants nothing",
                                    snippet(first.key())
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
                            a.key_span(),
                            &ap,
                            format!(
                                "the controller `{name}` {whose} has no action `{}`",
                                snippet(a.key())
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
                            d.fix = Some(Box::new(rename(a.key_span(), s)));
                        }
                    }
                }
                Class::Other => {}
            }
        }
    }
}

/// The unsafe fix renaming the action at `span` to `name`.
fn rename(span: crate::core::source::Span, name: &str) -> Fix {
    Fix::unsafe_(
        vec![Edit::replace(span, format!("\"{name}\""))],
        format!("rename the action to `{name}`"),
    )
}
