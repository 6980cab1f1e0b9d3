//! `ci/foreign-connector-property`: a `connectorProperties` key of another connector type.

use super::connector::{a_or_an, TYPE_KEYS};
use super::{Ci, CiPack};
use crate::core::pointer::pointer_join;
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports a `connectorProperties` key that belongs to another connector type, such as
    /// `organizationId` (a CRM key) in an `AzureBlob` connector.
    ///
    /// ## Why is this bad?
    /// Each connector type reads its own properties: `connectionKeyVaultUrl` for AzureBlob;
    /// `organizationId`, `organizationUrl`, `entities`, `connectionString`, `accessToken` for
    /// CRM; `usersetting`, `salesforcetables` for Salesforce; `accessToken`,
    /// `customerProfileTypes`, `employeeProfileTypes`, `typeSuffix` for ExchangeOnline;
    /// `entityList`, `outputBlobSASUri` for Outbound; `mseEndPointUrl`, `searchTopics`,
    /// `typeSuffix` for SocialEngagement. A key of another type usually means the body was
    /// copied from another connector, or `connectorType` is wrong. `None` connectors are
    /// not checked: their properties are not documented.
    ///
    /// ## Example
    /// ```json
    /// {"connectorType": "AzureBlob", "connectorProperties": {"organizationId": "…"}}
    /// ```
    /// Use instead:
    /// ```json
    /// {"connectorType": "AzureBlob", "connectorProperties": {"connectionKeyVaultUrl": "https://contoso.vault.azure.net/secrets/blob"}}
    /// ```
    pub static FOREIGN_CONNECTOR_PROPERTY = {
        code: "ci/foreign-connector-property",
        kinds: [Kind::CiConnector],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "a `connectorProperties` key belongs to another connector type",
    }
}

/// `ci/foreign-connector-property` as its pack runs it.
pub struct ForeignConnectorProperty;

impl Rule<CiPack> for ForeignConnectorProperty {
    fn meta(&self) -> &'static RuleMeta {
        &FOREIGN_CONNECTOR_PROPERTY
    }
    fn run(&self, ci: &Ci<'_>, cx: &mut RuleContext<'_>) {
        let Some(connector) = &ci.connector else {
            return;
        };
        let (Some(ty), Some(props)) = (connector.ty, connector.props) else {
            return;
        };
        let Some(own) = TYPE_KEYS.iter().find(|(t, _)| *t == ty).map(|(_, k)| *k) else {
            return;
        };
        let Some(members) = props.as_object() else {
            return;
        };
        for m in members {
            if own.contains(&m.key()) {
                continue;
            }
            let owners: Vec<&str> = TYPE_KEYS
                .iter()
                .filter(|(_, keys)| keys.contains(&m.key()))
                .map(|(t, _)| *t)
                .collect();
            if owners.is_empty() {
                continue; // an unknown key: the schema pass reports it
            }
            let d = cx.report(
                &FOREIGN_CONNECTOR_PROPERTY,
                m.key_span(),
                &pointer_join(&pointer_join(ci.base, "connectorProperties"), m.key()),
                format!(
                    "`{}` belongs to a {} connector, not {ty}",
                    m.key(),
                    owners.join(" or ")
                ),
            );
            d.label = Some(format!("{} key", owners.join("/")).into());
            d.help = Some(
                format!(
                    "{} connector takes {}; check `connectorType`, or remove the key",
                    a_or_an(ty),
                    own.iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
                .into(),
            );
        }
    }
}
