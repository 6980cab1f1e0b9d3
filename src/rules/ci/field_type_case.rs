//! `ci/field-type-case`: a `fieldType` not in the canonical `Edm.Xxx` case.

use super::edm::field_types;
use super::view::{echo, json_string, ItemPointer};
use super::{Ci, CiPack};
use crate::core::edit::{Edit, Fix};
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports a `fieldType` written in another case than the canonical EDM name, such as
    /// `edm.string` for `Edm.String`.
    ///
    /// ## Why is this bad?
    /// One page of the documentation writes the types in lowercase, but the examples, the
    /// recorded traffic and the server's responses use `Edm.String`, `Edm.Int32`, … Whether the
    /// service compares them case-insensitively is not documented.
    ///
    /// ## Example
    /// ```json
    /// {"fieldName": "Email", "fieldType": "edm.string"}
    /// ```
    /// Use instead:
    /// ```json
    /// {"fieldName": "Email", "fieldType": "Edm.String"}
    /// ```
    ///
    /// ## Fix
    /// Rewrites the value in the canonical case (safe).
    pub static FIELD_TYPE_CASE = {
        code: "ci/field-type-case",
        kinds: [Kind::CiProfileType],
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        summary: "`fieldType` is not in the canonical `Edm.Xxx` case",
    }
}

/// `ci/field-type-case` as its pack runs it.
pub struct FieldTypeCase;

impl Rule<CiPack> for FieldTypeCase {
    fn meta(&self) -> &'static RuleMeta {
        &FIELD_TYPE_CASE
    }
    fn run(&self, ci: &Ci<'_>, cx: &mut RuleContext<'_>) {
        for field in field_types(ci) {
            let (i, t_node, t) = (field.index, field.node, field.text);
            let Some(c) = field.canonical.filter(|c| *c != t) else {
                continue;
            };
            let d = cx.report(
                &FIELD_TYPE_CASE,
                t_node.span(),
                &ItemPointer::new(ci.base, "fields", i).member("fieldType"),
                format!("`{}` is written `{c}` by the service", echo(t)),
            );
            d.help = Some(format!("write `{c}`").into());
            d.fix = Some(Box::new(Fix::safe(
                vec![Edit::replace(t_node.span(), json_string(c))],
                format!("replace with `{c}`"),
            )));
        }
    }
}
