//! `ci/duplicate-field-name`: two fields of a profile type with one `fieldName`.

use super::view::{echo, ItemPointer};
use super::{Ci, CiPack};
use crate::core::diagnostic::Label;
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;
use foldhash::fast::FixedState;
use std::borrow::Cow;
use std::collections::hash_map::{Entry, HashMap};

declare_rule! {
    /// ## What it does
    /// Reports a `fieldName` declared twice in one profile type, also when the two spellings
    /// differ only by case.
    ///
    /// ## Why is this bad?
    /// Field names become OData property names of the type; two fields with one name cannot
    /// both exist.
    pub static DUPLICATE_FIELD_NAME = {
        code: "ci/duplicate-field-name",
        kinds: [Kind::CiProfileType],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "two fields have the same `fieldName`",
    }
}

/// `ci/duplicate-field-name` as its pack runs it.
pub struct DuplicateFieldName;

impl Rule<CiPack> for DuplicateFieldName {
    fn meta(&self) -> &'static RuleMeta {
        &DUPLICATE_FIELD_NAME
    }
    fn run(&self, ci: &Ci<'_>, cx: &mut RuleContext<'_>) {
        let Some(profile) = &ci.profile else { return };
        // The first field of each name, by its ASCII lowercase form: one lookup a field (a
        // scan of the fields before each one made a type of many fields quadratic).
        let mut firsts: HashMap<Cow<'_, str>, usize, FixedState> = HashMap::default();
        for (j, field) in profile.names.iter().enumerate() {
            let folded = if field.name.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(field.name.to_ascii_lowercase())
            } else {
                Cow::Borrowed(field.name)
            };
            let first = match firsts.entry(folded) {
                Entry::Occupied(seen) => &profile.names[*seen.get()],
                Entry::Vacant(slot) => {
                    slot.insert(j);
                    continue;
                }
            };
            let how = if first.name == field.name {
                ""
            } else {
                " (the two differ only by case)"
            };
            let d = cx.report(
                &DUPLICATE_FIELD_NAME,
                field.node.span(),
                &ItemPointer::new(ci.base, "fields", field.index).member("fieldName"),
                format!("field `{}` is declared twice{how}", echo(field.name)),
            );
            d.label = Some("declared again".into());
            d.labels
                .push(Label::new(first.node.span(), "first declared here"));
            d.help = Some("rename or remove one of the two fields".into());
        }
    }
}
