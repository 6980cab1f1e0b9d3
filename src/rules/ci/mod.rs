//! Rules for Customer Insights bodies (profile types and connectors), api-version 2017-04-26.
//!
//! - [`keys`]: canonical key case (the hub documentation writes PascalCase keys);
//! - [`profile_type`]: fields, strong ids, server-filled keys of profile types;
//! - [`connector`]: connector types and their type-specific properties;
//! - [`locale`]: locale codes in localized maps and in the `locale` query parameter;
//! - [`secrets`]: credentials written into a body;
//! - [`names`]: profile-type and connector names, in the body and in the URL;
//! - [`cross_file`]: `apiEntitySetName` unique among the profile types checked together.

pub mod connector;
pub mod cross_file;
pub mod keys;
pub mod locale;
pub mod names;
pub mod profile_type;
pub mod secrets;

pub use cross_file::check_project;

use crate::core::edit::Fix;
use crate::diagnostic::Diagnostic;
use crate::kind::Kind;
use crate::parse::Node;
use crate::rules::{RuleContext, RuleMeta};
use crate::source::Span;

/// The api-version these rules (and the schemas) describe.
pub const API_VERSION: &str = "2017-04-26";

/// The rules of this pack, sorted by code.
pub static RULES: &[&RuleMeta] = &[
    &names::API_VERSION,
    &profile_type::ARRAY_SEPARATOR_WITHOUT_ARRAY,
    &names::BODY_FORM,
    &connector::CONNECTOR_TYPE,
    &connector::CONNECTOR_TYPE_CASE,
    &cross_file::DUPLICATE_API_ENTITY_SET_NAME,
    &profile_type::DUPLICATE_FIELD_NAME,
    &profile_type::DUPLICATE_STRONG_ID,
    &profile_type::ENUM_VALUES_WITHOUT_ENUM,
    &profile_type::FIELD_TYPE,
    &profile_type::FIELD_TYPE_CASE,
    &profile_type::FLAG_ENUM,
    &connector::FOREIGN_CONNECTOR_PROPERTY,
    &locale::INVALID_LOCALE,
    &names::INVALID_NAME,
    &profile_type::IS_REQUIRED_ON_PROFILE,
    &keys::KEY_CASE,
    &keys::KEY_CASE_CONFLICT,
    &connector::KEY_VAULT_URL,
    &locale::LOCALE_CASE,
    &profile_type::MAX_LENGTH_NOT_STRING,
    &names::METHOD,
    &profile_type::MISSING_API_ENTITY_SET_NAME,
    &names::MISSING_API_VERSION,
    &profile_type::MISSING_STRONG_IDS,
    &names::NAME_MISMATCH,
    &profile_type::PROFILE_ID_STRONG_ID,
    &names::QUERY_PARAMETER,
    &keys::READ_ONLY_KEY,
    &profile_type::RESERVED_FIELD_NAME,
    &secrets::SECRET,
    &connector::SOCIAL_ENGAGEMENT,
    &profile_type::UNKNOWN_KEY_PROPERTY,
];

/// Rewrite keys to their canonical case before the schema pass (and `Crm` to `CRM`).
pub(crate) fn normalize(
    kind: Kind,
    root: &mut Node,
    out: &mut Vec<Diagnostic>,
) -> Vec<(String, String)> {
    let renamed = keys::normalize(kind, root, out);
    if kind == Kind::CiConnector {
        connector::normalize_type(root, out);
    }
    renamed
}

/// Sharpen schema findings on these bodies.
///
/// Most schema findings these rules explain better are superseded by a rule finding on the
/// identical span (the checker drops the schema finding then); here only the wording of
/// findings no rule re-reports is adjusted.
pub(crate) fn refine_schema(kind: Kind, root: &Node, diagnostics: &mut [Diagnostic]) {
    let (def, base) = definition(root);
    for d in diagnostics.iter_mut() {
        // `connectorProperties` of a known type missing a required key: name the type.
        if kind == Kind::CiConnector
            && d.code() == "schema/required"
            && d.pointer
                .starts_with(&crate::parse::pointer_join(&base, "connectorProperties"))
        {
            if let Some(ty) = def.get("connectorType").and_then(Node::as_str) {
                d.help = Some(
                    format!("a {ty} connector needs this key in `connectorProperties`").into(),
                );
            }
        }
    }
}

/// Run the rules on a whole body.
pub(crate) fn check(cx: &mut RuleContext<'_>) {
    keys::check(cx);
    names::check(cx);
    locale::check(cx);
    secrets::check(cx);
    match cx.kind {
        Kind::CiProfileType => profile_type::check(cx),
        Kind::CiConnector => connector::check(cx),
        _ => {}
    }
}

/// True when the body is in the ARM form (`{"properties": {...}}`).
pub fn is_arm(root: &Node) -> bool {
    root.get("properties")
        .is_some_and(|p| p.as_object().is_some())
}

/// The definition object (the body itself in the hub form, `properties` in the ARM form) and
/// its JSON Pointer.
pub fn definition(root: &Node) -> (&Node, String) {
    match root.get("properties") {
        Some(p) if p.as_object().is_some() => (p, "/properties".to_string()),
        _ => (root, String::new()),
    }
}

/// The span of an object's opening brace (where "missing key" findings point).
pub fn opening_brace(node: &Node) -> Span {
    Span::new(node.span.start as usize, node.span.start as usize + 1)
}

/// A safe fix removing member `index` of the object `object` ([`crate::rules::remove::remove_member`]).
pub fn remove_member_fix(
    layout: crate::rules::remove::Layout<'_>,
    object: &Node,
    index: usize,
    title: String,
) -> Option<Fix> {
    Some(Fix::safe(
        crate::rules::remove::remove_member(layout, object, index)?,
        title,
    ))
}

/// User text to echo in a message: cut to one short line, and withheld entirely when it
/// carries credential material (`AccountKey=`, `Password=`, a SAS `sig=`, …).
pub fn echo(text: &str) -> String {
    if crate::secrets::marker_in(text).is_some() {
        "****".to_string()
    } else {
        crate::diagnostic::snippet(text)
    }
}

/// Append one key to the JSON Pointer in `pointer` (as [`crate::parse::pointer_join`] does,
/// without a new string).
pub fn push_pointer_segment(pointer: &mut String, key: &str) {
    pointer.push('/');
    if key.bytes().any(|b| b == b'~' || b == b'/') {
        for c in key.chars() {
            match c {
                '~' => pointer.push_str("~0"),
                '/' => pointer.push_str("~1"),
                c => pointer.push(c),
            }
        }
    } else {
        pointer.push_str(key);
    }
}

/// Append one array index to the JSON Pointer in `pointer`.
pub fn push_pointer_index(pointer: &mut String, index: usize) {
    pointer.push('/');
    // Decimal digits, last first (no formatting machinery on this hot path).
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut n = index;
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    pointer.extend(digits[start..].iter().map(|&d| char::from(d)));
}

/// The JSON Pointer of element `index` of the array under key `array` of the object at
/// `base` (`/fields/2`), written out only when a finding needs it.
#[derive(Debug, Clone, Copy)]
pub struct ItemPointer<'p> {
    base: &'p str,
    array: &'static str,
    index: usize,
}

impl<'p> ItemPointer<'p> {
    /// Element `index` of `base`'s `array`.
    pub fn new(base: &'p str, array: &'static str, index: usize) -> Self {
        ItemPointer { base, array, index }
    }

    /// The pointer of the element's member `key`.
    pub fn member(&self, key: &str) -> String {
        let mut pointer = self.to_string();
        push_pointer_segment(&mut pointer, key);
        pointer
    }
}

impl std::fmt::Display for ItemPointer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let array = crate::parse::escape_pointer_segment(self.array);
        write!(f, "{}/{array}/{}", self.base, self.index)
    }
}

/// Quote `s` as a JSON string.
pub fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::edit::apply;

    fn parse(text: &str) -> Node {
        let mut d = Vec::new();
        crate::parse::parse(text, crate::parse::Syntax::Jsonc, &mut d)
            .root
            .unwrap()
    }

    #[test]
    fn pointers_are_built_as_pointer_join_does() {
        for key in ["a", "", "a/b", "~", "~1/", "é/~"] {
            let mut p = String::from("/x");
            push_pointer_segment(&mut p, key);
            assert_eq!(p, crate::parse::pointer_join("/x", key));
        }
        for index in [0, 7, 10, 99, 1234, usize::MAX] {
            let mut p = String::from("/x");
            push_pointer_index(&mut p, index);
            assert_eq!(p, format!("/x/{index}"));
        }
        assert_eq!(ItemPointer::new("/p", "a/b", 3).to_string(), "/p/a~1b/3");
        assert_eq!(
            ItemPointer::new("", "fields", 2).member("x~"),
            "/fields/2/x~0"
        );
    }

    #[test]
    fn member_removal_keeps_formatting() {
        let cases = [
            (r#"{"a": 1, "b": 2}"#, 0, r#"{"b": 2}"#),
            (r#"{"a": 1, "b": 2}"#, 1, r#"{"a": 1}"#),
            (
                "{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 3\n}",
                1,
                "{\n  \"a\": 1,\n  \"c\": 3\n}",
            ),
            (
                "{\n  \"a\": 1,\n  \"b\": {\"x\": [1]}\n}",
                1,
                "{\n  \"a\": 1\n}",
            ),
            (r#"{"a": 1}"#, 0, r#"{}"#),
            (
                "{\n  \"a\": 1,\n  // about b\n  \"b\": 2\n}",
                0,
                "{\n  // about b\n  \"b\": 2\n}",
            ),
        ];
        for (text, i, want) in cases {
            let root = parse(text);
            let layout = crate::rules::remove::Layout {
                text: Some(text),
                comments: &[],
            };
            let fix = remove_member_fix(layout, &root, i, "t".into()).unwrap();
            assert_eq!(apply(text, [&fix]).0, want);
        }
    }

    #[test]
    fn a_rule_finding_replaces_the_schema_finding_on_the_same_span() {
        // Renamed keys come first in the findings: the schema finding on `connectorType`'s
        // value must still give way to the rule's.
        let text =
            r#"{"ConnectorName": "blob1", "ConnectorType": "Blob", "ConnectorProperties": {}}"#;
        let report = crate::Checker::new().check(Kind::CiConnector, text);
        let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code()).collect();
        assert_eq!(
            codes,
            [
                "ci/key-case",
                "ci/key-case",
                "ci/connector-type",
                "ci/key-case"
            ]
        );
    }

    /// Applying the safe fixes of every fixable ci rule to its failing fixtures leaves no
    /// finding of that rule.
    #[test]
    fn safe_fixes_resolve_their_findings() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
        for rule in RULES
            .iter()
            .filter(|r| r.fix != crate::rules::FixAvailability::None)
        {
            let dir = root.join(rule.code);
            let settings = crate::Settings {
                select: Some(vec![rule.code.to_string()]),
                ..Default::default()
            };
            let checker = crate::Checker::with_settings(settings);
            let mut fixed_any = false;
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if !(name.starts_with("fail-") && name.ends_with(".json")) {
                    continue;
                }
                let text = std::fs::read_to_string(entry.path()).unwrap();
                let report =
                    checker.check_source(crate::SourceFile::new(name.clone(), text.clone()), None);
                let fixes: Vec<_> = report
                    .diagnostics
                    .iter()
                    .filter_map(|d| d.fix.as_deref())
                    .collect();
                assert_eq!(fixes.len(), report.diagnostics.len(), "{name}");
                let mut current = text;
                for _ in 0..4 {
                    let report = checker
                        .check_source(crate::SourceFile::new(name.clone(), current.clone()), None);
                    let fixes: Vec<_> = report
                        .diagnostics
                        .iter()
                        .filter_map(|d| d.fix.as_deref())
                        .collect();
                    if fixes.is_empty() {
                        break;
                    }
                    current = apply(&current, fixes).0;
                }
                let after = checker
                    .check_source(crate::SourceFile::new(name.clone(), current.clone()), None);
                assert!(
                    after.is_clean(),
                    "{}/{name}: {:?}\n{current}",
                    rule.code,
                    after.diagnostics
                );
                assert!(
                    serde_json::from_str::<serde_json::Value>(&current).is_ok(),
                    "{current}"
                );
                fixed_any = true;
            }
            assert!(fixed_any, "{}", rule.code);
        }
    }

    #[test]
    fn missing_type_specific_keys_name_the_type() {
        let text = r#"{"connectorType": "Crm", "connectorProperties": {"organizationUrl": "https://contoso.crm.dynamics.com/", "entities": []}}"#;
        let report = crate::Checker::new().check(Kind::CiConnector, text);
        let required: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.code() == "schema/required")
            .collect();
        assert_eq!(required.len(), 1, "{:?}", report.diagnostics);
        assert_eq!(required[0].message, "missing required key `organizationId`");
        assert_eq!(
            required[0].help.as_deref(),
            Some("a CRM connector needs this key in `connectorProperties`")
        );
    }
}
