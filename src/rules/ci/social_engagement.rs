//! `ci/social-engagement`: `SocialEngagement` is documented but not in the API specification.

use super::connector::SPEC_TYPES;
use super::{Ci, CiPack};
use crate::core::pointer::pointer_join;
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports `"connectorType": "SocialEngagement"`.
    ///
    /// ## Why is this bad?
    /// Microsoft Social Engagement connectors are described in the service documentation, but
    /// the API specification (and so the SDKs and ARM) does not list the type, and no
    /// published example or recording shows the service accepting it.
    pub static SOCIAL_ENGAGEMENT = {
        code: "ci/social-engagement",
        kinds: [Kind::CiConnector],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "`SocialEngagement` is documented but not in the API specification",
    }
}

/// `ci/social-engagement` as its pack runs it.
pub struct SocialEngagement;

impl Rule<CiPack> for SocialEngagement {
    fn meta(&self) -> &'static RuleMeta {
        &SOCIAL_ENGAGEMENT
    }
    fn run(&self, ci: &Ci<'_>, cx: &mut RuleContext<'_>) {
        let Some(connector) = &ci.connector else {
            return;
        };
        let (Some(n), Some("SocialEngagement")) = (connector.ty_node, connector.ty) else {
            return;
        };
        cx.report(
            &SOCIAL_ENGAGEMENT,
            n.span(),
            &pointer_join(ci.base, "connectorType"),
            "`SocialEngagement` is documented, but the API specification has no such connector type",
        )
        .help = Some(format!("the API specification lists {}", SPEC_TYPES.join(", ")).into());
    }
}
