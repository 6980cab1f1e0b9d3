//! `ci/duplicate-field-name`: two fields of a profile type with one `fieldName`.

use super::view::{echo, ItemPointer};
use super::{Ci, CiPack};
use crate::core::diagnostic::Label;
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::RuleContext;
use std::hash::{BuildHasher, Hasher};

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
        // scan of the fields before each one made a type of many fields quadratic), and four
        // bytes a field (not a copy of its name).
        let hasher = foldhash::fast::FixedState::with_seed(0x6669_656c_6473);
        let folded_hash = |name: &str| {
            let mut h = hasher.build_hasher();
            for chunk in name.as_bytes().chunks(32) {
                let mut lower = [0u8; 32];
                lower[..chunk.len()].copy_from_slice(chunk);
                lower.make_ascii_lowercase();
                h.write(&lower[..chunk.len()]);
            }
            h.finish()
        };
        // Fields by index, as their names are looked up again (a position in a wide array
        // is found without a walk).
        let name_at = |i: u32| profile.name_at(i as usize).map_or("", |f| f.name);
        let mut firsts: hashbrown::HashTable<u32> = hashbrown::HashTable::new();
        for field in profile.names() {
            let hash = folded_hash(field.name);
            let same = |&i: &u32| name_at(i).eq_ignore_ascii_case(field.name);
            let first = match firsts
                .find(hash, same)
                .and_then(|&i| profile.name_at(i as usize))
            {
                Some(first) => first,
                None => {
                    firsts.insert_unique(hash, field.index as u32, |&i| folded_hash(name_at(i)));
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
