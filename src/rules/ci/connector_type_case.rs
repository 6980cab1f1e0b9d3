//! `ci/connector-type-case`: `connectorType` not in the API's case (`Crm` for `CRM`).
//!
//! Found while the tree is rewritten before the schema pass (`normalize`), so that
//! the other rules check the connector as its canonical type.

use super::view::{echo, is_arm, json_string};
use crate::core::edit::{Edit, Fix};
use crate::core::limit::LimitedFindings;
use crate::core::{Diagnostic, FixAvailability, Kind, Severity};
use crate::declare_rule;
use crate::models::ci::ConnectorType;
use crate::parse::{Rewrites, Tree};

declare_rule! {
    /// ## What it does
    /// Reports a `connectorType` written in another case than the API's, such as `Crm` or
    /// `crm` for `CRM`, or `azureblob` for `AzureBlob`.
    ///
    /// ## Why is this bad?
    /// The documentation's own examples write `"Crm"`, but the API specification and its
    /// SDKs spell the type `CRM`. Whether the service matches the type case-insensitively is
    /// not documented. bodyguard checks the body as the canonical type, so its
    /// `connectorProperties` are still checked.
    ///
    /// ## Example
    /// ```json
    /// {"connectorType": "Crm", "connectorProperties": {…}}
    /// ```
    /// Use instead: `"connectorType": "CRM"`.
    ///
    /// ## Fix
    /// Rewrites the value in the canonical case (safe).
    pub static CONNECTOR_TYPE_CASE = {
        code: "ci/connector-type-case",
        kinds: [Kind::CiConnector],
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        summary: "`connectorType` is not in the API's case (`Crm` for `CRM`)",
    }
}

/// Rewrite a case variant of a connector type to the API's spelling, reporting it.
pub(crate) fn normalize_type(tree: &mut Tree, out: &mut LimitedFindings<'_>) {
    let root = tree.root();
    let arm = is_arm(root);
    let def = if arm {
        match root.get("properties") {
            Some(def) => def,
            None => return,
        }
    } else {
        root
    };
    let Some(value) = def.get("connectorType") else {
        return;
    };
    let Some(ty) = value.as_str() else {
        return;
    };
    if ConnectorType::ALL.iter().any(|(name, _)| *name == ty) {
        return;
    }
    let Some((canonical, _)) = ConnectorType::ALL
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(ty))
    else {
        return;
    };
    let pointer = if arm {
        "/properties/connectorType"
    } else {
        "/connectorType"
    };
    out.push(
        Diagnostic::new(
            &CONNECTOR_TYPE_CASE,
            format!(
                "connector type `{}` is spelled `{canonical}` in the API",
                echo(ty)
            ),
        )
        .with_span(value.span())
        .with_pointer(pointer)
        .with_label_text("non-canonical case")
        .with_help(format!("write `{canonical}`"))
        .with_fix(Fix::safe(
            vec![Edit::replace(value.span(), json_string(canonical))],
            format!("replace with `{canonical}`"),
        )),
    );
    let mut rewrites = Rewrites::default();
    rewrites.replace_string(value, canonical);
    tree.rewrite(rewrites);
}
