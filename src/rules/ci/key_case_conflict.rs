//! `ci/key-case-conflict`: two keys of one object that differ only by case. Found while the
//! tree is rewritten before the schema pass ([`super::keys`]).

use super::view::echo;
use crate::core::diagnostic::Label;
use crate::core::{Diagnostic, FixAvailability, Kind, Severity, Span};
use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports two keys of one object that differ only by case, such as `connectorType` and
    /// `ConnectorType`.
    ///
    /// ## Why is this bad?
    /// A service that reads keys case-insensitively keeps one of them, and which one is not
    /// documented; a case-sensitive one rejects or ignores the other. Either way one of the two
    /// values is silently lost. bodyguard checks the last one.
    ///
    /// ## Example
    /// ```json
    /// {"connectorType": "CRM", "ConnectorType": "AzureBlob"}
    /// ```
    /// Use instead: keep one key.
    pub static KEY_CASE_CONFLICT = {
        code: "ci/key-case-conflict",
        kinds: [Kind::CiProfileType, Kind::CiConnector],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "two keys of one object differ only by case",
    }
}

/// The finding on key `this` (at `span`), spelled `first` earlier in its object (at
/// `first_span`).
pub(super) fn finding(
    first: &str,
    this: &str,
    span: Span,
    first_span: Span,
    pointer: &str,
) -> Diagnostic {
    Diagnostic::new(
        &KEY_CASE_CONFLICT,
        format!(
            "`{}` and `{}` differ only by case: one of the two values is lost",
            echo(first),
            echo(this)
        ),
    )
    .with_span(span)
    .with_pointer(pointer)
    .with_label(Label::new(first_span, "first spelling here"))
    .with_help("keep one of the two keys")
}
