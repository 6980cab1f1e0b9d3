//! The EDM types of profile-type fields, shared by the field-type rules.

use super::Ci;
use crate::parse::{Items, Node};

/// The EDM types a field can have, as written on the wire.
pub const EDM_TYPES: &[&str] = &[
    "Edm.Boolean",
    "Edm.Byte",
    "Edm.DateTimeOffset",
    "Edm.Decimal",
    "Edm.Double",
    "Edm.Guid",
    "Edm.Int16",
    "Edm.Int32",
    "Edm.Int64",
    "Edm.String",
];

/// The EDM type `t` names, whatever its case. The EDM names differ by more than case, so an
/// exact match, the usual case, is the only match.
pub fn edm_type(t: &str) -> Option<&'static str> {
    let exact = EDM_TYPES.iter().copied().find(|e| *e == t);
    exact.or_else(|| {
        EDM_TYPES
            .iter()
            .copied()
            .find(|e| e.eq_ignore_ascii_case(t))
    })
}

/// The EDM name of a fundamental type named the way the documentation does (`int`, `string`).
pub fn edm_for(t: &str) -> Option<&'static str> {
    let t = t.to_ascii_lowercase();
    let t = t.strip_prefix("system.").unwrap_or(&t);
    Some(match t {
        "bool" | "boolean" => "Edm.Boolean",
        "byte" => "Edm.Byte",
        "datetime" | "datetimeoffset" | "date" => "Edm.DateTimeOffset",
        "decimal" => "Edm.Decimal",
        "double" | "float" => "Edm.Double",
        "guid" => "Edm.Guid",
        "short" | "int16" => "Edm.Int16",
        "int" | "integer" | "int32" => "Edm.Int32",
        "long" | "int64" => "Edm.Int64",
        "string" => "Edm.String",
        _ => return None,
    })
}

/// A field's `fieldType` written as a string.
pub(super) struct FieldTypeValue<'a> {
    /// Index of the field in `fields`.
    pub index: usize,
    /// The `fieldType` value.
    pub node: Node<'a>,
    /// Its text.
    pub text: &'a str,
    /// The EDM type it names in any case ([`edm_type`]); `None` when it names none.
    pub canonical: Option<&'static str>,
}

/// Every string `fieldType` of a profile type's fields, in order, with the EDM type it names.
pub(super) fn field_types<'a>(ci: &Ci<'a>) -> impl Iterator<Item = FieldTypeValue<'a>> {
    let fields: Items<'a> = ci.profile.as_ref().map_or(Items::default(), |p| p.fields);
    fields.iter().enumerate().filter_map(|(index, f)| {
        let node = f.get("fieldType")?;
        let text = node.as_str()?;
        Some(FieldTypeValue {
            index,
            node,
            text,
            canonical: edm_type(text),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edm_types_differ_by_more_than_case() {
        for (i, a) in EDM_TYPES.iter().enumerate() {
            assert!(!EDM_TYPES[..i].iter().any(|b| a.eq_ignore_ascii_case(b)));
        }
        assert_eq!(edm_type("edm.string"), Some("Edm.String"));
        assert_eq!(edm_type("Edm.String"), Some("Edm.String"));
        assert_eq!(edm_type("Edm.Text"), None);
    }
}
