//! `ci/reserved-field-name`: a field named with one of the service's reserved words.

use super::view::{echo, ItemPointer};
use super::{Ci, CiPack};
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

/// Names the service reserves for its own entities and properties.
pub const RESERVED_WORDS: &[&str] = &[
    "Active",
    "AgentProfileId",
    "CalculationTime",
    "CountValue",
    "InteractionId",
    "Key",
    "KPITime",
    "LastModified",
    "LastModifiedUtcDateTimeTicks",
    "MaxValue",
    "MinValue",
    "ProfileId",
    "reserved_system_time",
    "SumValue",
    "UtcDateTime",
    "Value",
];

declare_rule! {
    /// ## What it does
    /// Reports a field named with one of the service's reserved words (compared ignoring
    /// case): `Active`, `AgentProfileId`, `CalculationTime`, `CountValue`, `InteractionId`,
    /// `Key`, `KPITime`, `LastModified`, `LastModifiedUtcDateTimeTicks`, `MaxValue`,
    /// `MinValue`, `ProfileId`, `reserved_system_time`, `SumValue`, `UtcDateTime`, `Value`.
    ///
    /// ## Why is this bad?
    /// The documentation disallows these names for custom entities and their properties (and,
    /// in the next sentence, only recommends against them; the API has been seen accepting a
    /// field named `ProfileId`). They clash with properties the service adds itself.
    pub static RESERVED_FIELD_NAME = {
        code: "ci/reserved-field-name",
        kinds: [Kind::CiProfileType],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "a field is named with a reserved word",
    }
}

/// `ci/reserved-field-name` as its pack runs it.
pub struct ReservedFieldName;

impl Rule<CiPack> for ReservedFieldName {
    fn meta(&self) -> &'static RuleMeta {
        &RESERVED_FIELD_NAME
    }
    fn run(&self, ci: &Ci<'_>, cx: &mut RuleContext<'_>) {
        let Some(profile) = &ci.profile else { return };
        for field in profile.names() {
            let Some(word) = RESERVED_WORDS
                .iter()
                .find(|w| w.eq_ignore_ascii_case(field.name))
            else {
                continue;
            };
            cx.report(
                &RESERVED_FIELD_NAME,
                field.node.span(),
                &ItemPointer::new(ci.base, "fields", field.index).member("fieldName"),
                format!(
                    "`{}` is a reserved word of Customer Insights",
                    echo(field.name)
                ),
            )
            .help = Some(
                format!("rename the field: the service reserves `{word}` for its own properties")
                    .into(),
            );
        }
    }
}
