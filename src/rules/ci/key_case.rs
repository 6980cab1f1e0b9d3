//! `ci/key-case`: a key that differs from the canonical camelCase key only by case. Found
//! while the tree is rewritten before the schema pass ([`super::keys`]), which then renames
//! the key so that the schema and the other rules see the canonical one.

use super::view::{echo, json_string};
use crate::core::edit::{Edit, Fix};
use crate::core::{Diagnostic, FixAvailability, Kind, Severity, Span};
use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a key that differs from the API's canonical camelCase key only by case, such as
    /// `ConnectorType` for `connectorType` or `StrongIds` for `strongIds`.
    ///
    /// ## Why is this bad?
    /// The API specification, its examples and the SDKs all use camelCase; the PascalCase keys
    /// of the hub documentation are accepted by some services and not by others (the ARM
    /// validation of the published examples rejected them as unknown properties). bodyguard
    /// checks such a key as its canonical form, so the rest of the body is still checked.
    ///
    /// Keys of user-data maps (locale codes of localized texts, names in `attributes` and
    /// `localizedAttributes`) are never touched.
    ///
    /// ## Example
    /// ```json
    /// {"ConnectorType": "AzureBlob", "ConnectorProperties": {"connectionKeyVaultUrl": "…"}}
    /// ```
    /// Use instead:
    /// ```json
    /// {"connectorType": "AzureBlob", "connectorProperties": {"connectionKeyVaultUrl": "…"}}
    /// ```
    ///
    /// ## Fix
    /// Renames the key in place (safe).
    pub static KEY_CASE = {
        code: "ci/key-case",
        kinds: [Kind::CiProfileType, Kind::CiConnector],
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        summary: "a key differs from the canonical camelCase key only by case",
    }
}

/// The finding on key `written` (at `span`, quotes included unless the key is bare), whose
/// canonical spelling is `canonical`.
pub(super) fn finding(written: &str, canonical: &str, span: Span, pointer: &str) -> Diagnostic {
    let bare = span.len() == written.len();
    let replacement = if bare {
        canonical.to_string()
    } else {
        json_string(canonical)
    };
    Diagnostic::new(
        &KEY_CASE,
        format!("`{}` is spelled `{canonical}` in the API", echo(written)),
    )
    .with_span(span)
    .with_pointer(pointer)
    .with_label_text("non-canonical case")
    .with_help(format!(
        "write `{canonical}`: the API specification and its SDKs use camelCase keys"
    ))
    .with_fix(Fix::safe(
        vec![Edit::replace(span, replacement)],
        format!("rename to `{canonical}`"),
    ))
}
