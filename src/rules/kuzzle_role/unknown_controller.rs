//! `kuzzle/role-unknown-controller`: a controller neither native nor declared.

use super::{
    Class, Controllers, RolePack, RoleView, CORE_PLUGIN, CORE_PLUGIN_CONTROLLERS,
    NATIVE_CONTROLLERS,
};
use crate::core::diagnostic::{did_you_mean, snippet, Label};
use crate::core::edit::{Edit, Fix};
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

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

/// `kuzzle/role-unknown-controller` as its pack runs it.
pub struct UnknownController;

impl Rule<RolePack> for UnknownController {
    fn meta(&self) -> &'static RuleMeta {
        &ROLE_UNKNOWN_CONTROLLER
    }
    fn run(&self, role: &RoleView<'_>, cx: &mut RuleContext<'_>) {
        for c in role.controllers.iter().flat_map(Controllers::iter) {
            let name = c.member.key();
            if !matches!(c.class, Class::Other) || controller_declared(cx, name) {
                continue;
            }
            let first_checked = c.checked_before;
            let suggestion = did_you_mean(name, NATIVE_CONTROLLERS.iter().map(|(n, _)| *n));
            let order_note = match first_checked {
                Some(first) => format!(
                    "Kuzzle's own check stops at `{}` above, so it accepts this role and the entry grants nothing unless the controller exists",
                    snippet(first.key())
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
                Fix::unsafe_(
                    vec![Edit::replace(c.member.key_span(), format!("\"{s}\""))],
                    format!("rename the controller to `{s}`"),
                )
            });
            // The core authentication plugin is on every Kuzzle and has one controller: an
            // other controller of it cannot exist, and Kuzzle refuses it when it checks it.
            let core_plugin = name
                .strip_prefix(CORE_PLUGIN)
                .is_some_and(|rest| rest.starts_with('/'));
            let forced = super::forced(cx);
            let d = cx.report(
                &ROLE_UNKNOWN_CONTROLLER,
                c.member.key_span(),
                &c.pointer(),
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
                    .push(Label::new(first.key_span(), "Kuzzle stops checking here"));
            }
        }
    }
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
