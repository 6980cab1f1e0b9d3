//! `ci/field-type`: a `fieldType` that is not a supported EDM type.

use super::edm::{edm_for, edm_type, field_types, EDM_TYPES};
use super::view::{echo, ItemPointer};
use super::{Ci, CiPack};
use crate::core::text::did_you_mean;
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::parse::Node;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports a `fieldType` that is not one of the EDM types the service supports:
    /// `Edm.Boolean`, `Edm.Byte`, `Edm.DateTimeOffset`, `Edm.Decimal`, `Edm.Double`,
    /// `Edm.Guid`, `Edm.Int16`, `Edm.Int32`, `Edm.Int64`, `Edm.String`.
    ///
    /// ## Why is this bad?
    /// The documentation lists the fundamental types bool, byte, datetimeoffset, decimal,
    /// double, guid, int, long, short and string, and the wire uses their EDM names. Any other
    /// type cannot be provisioned. A bare `string` or `int` gets the matching EDM name as help.
    ///
    /// ## Example
    /// ```json
    /// {"fieldName": "Age", "fieldType": "int"}
    /// ```
    /// Use instead:
    /// ```json
    /// {"fieldName": "Age", "fieldType": "Edm.Int32"}
    /// ```
    pub static FIELD_TYPE = {
        code: "ci/field-type",
        kinds: [Kind::CiProfileType],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "`fieldType` is not a supported EDM type",
    }
}

/// `ci/field-type` as its pack runs it.
pub struct FieldType;

impl Rule<CiPack> for FieldType {
    fn meta(&self) -> &'static RuleMeta {
        &FIELD_TYPE
    }
    fn run(&self, ci: &Ci<'_>, cx: &mut RuleContext<'_>) {
        for field in field_types(ci).filter(|f| f.canonical.is_none()) {
            let (i, t_node, t) = (field.index, field.node, field.text);
            let hint = edm_for(t).or_else(|| did_you_mean(t, EDM_TYPES.iter().copied()));
            let d = cx.report(
                &FIELD_TYPE,
                t_node.span(),
                &ItemPointer::new(ci.base, "fields", i).member("fieldType"),
                format!(
                    "`{}` is not a field type Customer Insights supports",
                    echo(t)
                ),
            );
            d.label = Some("unsupported type".into());
            d.help = Some(match hint {
                Some(h) => format!("did you mean `{h}`?").into(),
                None => format!("use one of {}", EDM_TYPES.join(", ")).into(),
            });
        }
    }
}

/// The canonical EDM type of field `f`, when its `fieldType` names one in any case.
pub(super) fn canonical_type(f: Node<'_>) -> Option<&'static str> {
    f.get("fieldType").and_then(Node::as_str).and_then(edm_type)
}
