//! Masking a text: the spans no output may show, and the text with them replaced by `*`.

use super::credential::{is_secret_like_key, secret_shaped};
use super::scan::scan;
use crate::core::source::Span;
use crate::parse::{Node, Value};

/// `text` with its secret values masked, parsed as the file `name` would be.
pub fn mask_text(name: &str, text: &str) -> String {
    let mut ignored = Vec::new();
    let document = crate::parse::parse(text, crate::parse::Syntax::for_path(name), &mut ignored);
    let spans = mask_spans(text, &document);
    if spans.is_empty() {
        text.to_string()
    } else {
        mask(text, &spans)
    }
}

/// [`mask_text`] over a text the caller keeps: nothing is copied to parse it, the tree is
/// gone before the masked copy is made, and a text with no secret is given back as it is.
pub fn mask_shared<'t>(name: &str, text: &'t std::sync::Arc<String>) -> std::borrow::Cow<'t, str> {
    let spans = {
        let mut ignored = Vec::new();
        let document = crate::parse::parse_shared(
            text,
            crate::parse::Syntax::for_path(name),
            Some(0),
            &mut ignored,
        );
        mask_spans(text, &document)
    };
    if spans.is_empty() {
        std::borrow::Cow::Borrowed(text.as_str())
    } else {
        std::borrow::Cow::Owned(mask(text, &spans))
    }
}

/// The spans no output may show of `text`, parsed into `document`: the values
/// [`is_secret_like_key`] keys hold (strings, numbers, arrays of them), keys and strings
/// that are [`secret_shaped`], and comments that carry a credential. Without a tree (the
/// text does not parse), the text is scanned token by token instead ([`scan`]).
pub fn mask_spans(text: &str, document: &crate::parse::Document) -> Vec<Span> {
    let mut out = Vec::new();
    match document.root() {
        Some(root) => {
            mask_walk(root, false, &mut out);
            for c in &document.comments {
                if let Some(span) = comment_secret(text, c.span) {
                    out.push(span);
                }
            }
        }
        None => scan(text, &mut out),
    }
    out
}

/// Defines [`PLAIN_KEYS`] and [`is_plain_key`] from one list.
macro_rules! plain_keys {
    ($($key:literal),* $(,)?) => {
        /// Keys of the checked bodies that name no credential and are shaped like none.
        #[cfg_attr(not(test), allow(dead_code))]
        const PLAIN_KEYS: &[&str] = &[$($key),*];

        /// True for one of [`PLAIN_KEYS`]: most keys of a body are answered here, without
        /// normalising them (a test checks each one against [`is_secret_like_key`] and
        /// [`secret_shaped`]).
        pub(super) fn is_plain_key(key: &str) -> bool {
            matches!(key, $($key)|*)
        }
    };
}

plain_keys![
    "policies",
    "roleId",
    "restrictedTo",
    "index",
    "collections",
    "rateLimit",
    "tags",
    "controllers",
    "actions",
    "profileIds",
    "content",
    "name",
    "kind",
    "fields",
    "fieldName",
    "fieldType",
    "isArray",
    "isRequired",
    "isEnum",
    "isFlagEnum",
    "isImage",
    "isLocalizedString",
    "isName",
    "maxLength",
    "displayName",
    "description",
    "localizedAttributes",
    "typeName",
    "apiEntitySetName",
    "attributes",
    "largeImage",
    "mediumImage",
    "smallImage",
    "strongIds",
    "keyPropertyNames",
    "strongIdName",
    "timestampFieldName",
    "entityType",
    "instancesCount",
    "schemaItemTypeLink",
    "properties",
    "connectorName",
    "connectorType",
    "connectorProperties",
    "state",
    "tenantId",
    "created",
    "lastModified",
    "entityName",
    "entityList",
    "tableName",
    "type",
    "value",
    "organizationId",
    "organizationUrl",
    "entities",
    "logicalName",
    "isProfile",
    "$schema",
    "id",
    "connectorId",
    "dataSourcePrecedenceRules",
    "emailFieldNames",
    "enumValidValues",
    "fieldNames",
    "isAvailableInGraph",
    "isInternal",
    "lastChangedUtc",
    "localizedValueNames",
    "provisioningState",
    "schemaItemPropLink",
    "searchTopics",
    "tableCategory",
    "tableRemarks",
    "tableSchema",
    "employeeProfileTypes",
    "customerProfileTypes",
    "userMappings",
    "typeSuffix",
    "code",
    "users",
    "roles",
    "profiles",
    // Kuzzle's controllers and actions (role bodies), and a user's local credentials.
    "*",
    "document",
    "collection",
    "server",
    "realtime",
    "memoryStorage",
    "bulk",
    "admin",
    "security",
    "get",
    "mGet",
    "search",
    "create",
    "mCreate",
    "createOrReplace",
    "update",
    "mUpdate",
    "replace",
    "delete",
    "mDelete",
    "list",
    "count",
    "exists",
    "subscribe",
    "unsubscribe",
    "publish",
    "info",
    "now",
    "local",
    "username",
];

fn inner(span: Span) -> Span {
    Span::new(
        span.start as usize + 1,
        (span.end as usize).saturating_sub(1),
    )
}

fn mask_walk(node: Node<'_>, secret: bool, out: &mut Vec<Span>) {
    match node.value() {
        Value::String(s) if !s.is_empty() && (secret || secret_shaped(s)) => {
            out.push(inner(node.span()));
        }
        Value::Number(_) if secret => out.push(node.span()),
        Value::Array(items) => {
            for item in items.iter() {
                mask_walk(item, secret, out);
            }
        }
        Value::Object(members) => {
            for m in members.iter() {
                let plain = is_plain_key(m.key());
                if !plain && secret_shaped(m.key()) {
                    out.push(inner(m.key_span()));
                }
                let secret = match m.value().value() {
                    Value::String("") => continue,
                    Value::String(_) | Value::Number(_) | Value::Array(_) => {
                        !plain && is_secret_like_key(m.key())
                    }
                    Value::Object(_) => false,
                    _ => continue,
                };
                mask_walk(m.value(), secret, out);
            }
        }
        _ => {}
    }
}

/// The inside of the comment at `span` when it carries a credential: a secret-shaped text,
/// or a credential's name followed by `:` or `=` (`// password: hunter2`).
pub(super) fn comment_secret(text: &str, span: Span) -> Option<Span> {
    let raw = text.get(span.range())?;
    let (open, close) = if raw.starts_with("/*") {
        (
            2,
            if raw.len() >= 4 && raw.ends_with("*/") {
                2
            } else {
                0
            },
        )
    } else {
        (2.min(raw.len()), 0)
    };
    let body = raw.get(open..raw.len() - close)?;
    let named = body.match_indices([':', '=']).any(|(at, _)| {
        let before = body[..at].trim_end();
        let word_start = before
            .rfind(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.')))
            .map_or(0, |i| {
                i + before[i..].chars().next().map_or(1, char::len_utf8)
            });
        is_secret_like_key(&before[word_start..])
    });
    (named || secret_shaped(body))
        .then(|| Span::new(span.start as usize + open, span.end as usize - close))
}

/// `text` with the bytes of every span replaced by `*` (same byte length, so spans still hold).
pub fn mask(text: &str, spans: &[Span]) -> String {
    let mut out = text.to_string();
    mask_in_place(&mut out, spans);
    out
}

use crate::core::source::mask_in_place;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_keys_are_neither_credential_names_nor_shaped_like_secrets() {
        for key in PLAIN_KEYS {
            assert!(is_plain_key(key));
            assert!(!is_secret_like_key(key), "{key}");
            assert!(!secret_shaped(key), "{key}");
        }
        assert!(!is_plain_key("password"));
    }

    #[test]
    fn a_kuzzle_user_and_role_keep_their_names_and_lose_their_password() {
        let text = r#"{"document": {"actions": {"get": true}}, "local": {"username": "bob", "password": "Pw123456"}, "search": "Bearer abcdefghijk"}"#;
        let want = r#"{"document": {"actions": {"get": true}}, "local": {"username": "bob", "password": "********"}, "search": "******************"}"#;
        assert_eq!(mask_text("users.json", text), want);
    }
}
