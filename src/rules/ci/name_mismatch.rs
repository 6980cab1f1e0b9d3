//! `ci/name-mismatch`: the name in the body differs from the name in the URL.

use super::invalid_name::{body_name, name_problem};
use super::view::echo;
use super::{Ci, CiPack};
use crate::core::pointer::pointer_join;
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports a `typeName` (profile type) or `connectorName` (connector) in the body that is
    /// not the name of the request URL. Checked when the body is checked with its request.
    ///
    /// ## Why is this bad?
    /// The service names the resource from the URL; a different name in the body is either
    /// overwritten or rejected, and usually means the body was copied from another resource.
    pub static NAME_MISMATCH = {
        code: "ci/name-mismatch",
        kinds: [Kind::CiProfileType, Kind::CiConnector],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "the name in the body differs from the name in the URL",
    }
}

/// `ci/name-mismatch` as its pack runs it.
pub struct NameMismatch;

impl Rule<CiPack> for NameMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &NAME_MISMATCH
    }
    fn run(&self, ci: &Ci<'_>, cx: &mut RuleContext<'_>) {
        let Some(url_name) = cx.request.and_then(|r| r.name.as_deref()) else {
            return;
        };
        let Some((key, node, name)) = body_name(ci) else {
            return;
        };
        // An invalid name is `ci/invalid-name`'s finding, not a mismatch.
        if url_name == name || name_problem(name).is_some() {
            return;
        }
        let how = if url_name.eq_ignore_ascii_case(name) {
            " (they differ only by case)"
        } else {
            ""
        };
        let message = format!(
            "`{key}` is `{}` but the URL names `{}`{how}",
            echo(name),
            echo(url_name)
        );
        let d = cx.report(
            &NAME_MISMATCH,
            node.span(),
            &pointer_join(ci.base, key),
            message,
        );
        d.label = Some("differs from the URL".into());
        d.help = Some(
            format!(
                "write the URL's name here, or remove `{key}`: the server sets it from the URL"
            )
            .into(),
        );
    }
}
