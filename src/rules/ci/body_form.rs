//! `ci/body-form`: an ARM body sent to the hub API, or a bare body sent to ARM.

use super::view::opening_brace;
use super::{Ci, CiPack};
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports a body in the wrong envelope for its route: an ARM body (`{"properties": …}`)
    /// sent to the hub API (`…/manage/…`), or a bare definition sent to ARM
    /// (`…/providers/Microsoft.CustomerInsights/hubs/…`). Checked when the body is checked
    /// with its request.
    ///
    /// ## Why is this bad?
    /// The hub API takes the bare profile type or connector; ARM wraps it in `properties`.
    /// The other form is rejected, or its keys are taken for unknown properties.
    pub static BODY_FORM = {
        code: "ci/body-form",
        kinds: [Kind::CiProfileType, Kind::CiConnector],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "an ARM body sent to the hub API, or a bare body sent to ARM",
    }
}

/// `ci/body-form` as its pack runs it.
pub struct BodyForm;

impl Rule<CiPack> for BodyForm {
    fn meta(&self) -> &'static RuleMeta {
        &BODY_FORM
    }
    fn run(&self, ci: &Ci<'_>, cx: &mut RuleContext<'_>) {
        let Some(action) = cx.request.map(|r| r.action.as_str()) else {
            return;
        };
        if ci.root.as_object().is_none() {
            return;
        }
        if action.ends_with("-hub") && ci.arm {
            if let Some(m) = ci.root.member("properties") {
                cx.report(
                    &BODY_FORM,
                    m.key_span(),
                    "/properties",
                    "`properties` wraps the body as ARM does, but this is a hub API route",
                )
                .help = Some(
                    "send the content of `properties` as the body to the hub API, or use the ARM route"
                        .into(),
                );
            }
        } else if action.ends_with("-arm") && !ci.arm {
            cx.report(
                &BODY_FORM,
                opening_brace(ci.root),
                "",
                "ARM takes the definition wrapped in `properties`, but this body is bare",
            )
            .help = Some("wrap the body: `{\"properties\": { … }}`".into());
        }
    }
}
