//! `ci/connector-type`: `connectorType` missing or unknown.

use super::connector::SPEC_TYPES;
use super::view::{echo, opening_brace};
use super::{Ci, CiPack};
use crate::core::pointer::pointer_join;
use crate::core::text::did_you_mean;
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::models::ci::ConnectorType;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports a connector without `connectorType`, or with a type the API does not know.
    /// The types of the API specification are `None`, `CRM`, `AzureBlob`, `Salesforce`,
    /// `ExchangeOnline` and `Outbound` (`SocialEngagement` is reported by
    /// `ci/social-engagement`).
    ///
    /// ## Why is this bad?
    /// The type decides which `connectorProperties` the service expects; a connector without a
    /// known type cannot be created.
    ///
    /// ## Example
    /// ```json
    /// {"connectorType": "Blob", "connectorProperties": {…}}
    /// ```
    /// Use instead: `"connectorType": "AzureBlob"`.
    pub static CONNECTOR_TYPE = {
        code: "ci/connector-type",
        kinds: [Kind::CiConnector],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "`connectorType` is missing or unknown",
    }
}

/// `ci/connector-type` as its pack runs it.
pub struct ConnectorTypeRule;

impl Rule<CiPack> for ConnectorTypeRule {
    fn meta(&self) -> &'static RuleMeta {
        &CONNECTOR_TYPE
    }
    fn run(&self, ci: &Ci<'_>, cx: &mut RuleContext<'_>) {
        let Some(connector) = &ci.connector else {
            return;
        };
        let Some(n) = connector.ty_node else {
            cx.report(
                &CONNECTOR_TYPE,
                opening_brace(ci.def),
                ci.base,
                "missing required key `connectorType`",
            )
            .help =
                Some(format!("add `\"connectorType\"`: one of {}", SPEC_TYPES.join(", ")).into());
            return;
        };
        let Some(t) = connector.ty else { return };
        if ConnectorType::ALL.iter().any(|(name, _)| *name == t) {
            return;
        }
        let hint = did_you_mean(t, SPEC_TYPES.iter().copied()).or_else(|| {
            let lower = t.to_ascii_lowercase();
            SPEC_TYPES
                .iter()
                .copied()
                .find(|s| lower.contains(&s.to_ascii_lowercase()) && s.len() > 3)
        });
        let d = cx.report(
            &CONNECTOR_TYPE,
            n.span(),
            &pointer_join(ci.base, "connectorType"),
            format!("`{}` is not a connector type", echo(t)),
        );
        d.label = Some("unknown type".into());
        d.help = Some(match hint {
            Some(h) => format!("did you mean `{h}`?").into(),
            None => format!("use one of {}", SPEC_TYPES.join(", ")).into(),
        });
    }
}
