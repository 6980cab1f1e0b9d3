//! The EDM types of profile-type fields, shared by the field-type rules.

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
