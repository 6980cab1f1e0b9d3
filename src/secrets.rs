//! Finding secret values in a body, so that no output ever prints them.
//!
//! Detection is deliberately broad (key names and value shapes); rules decide what to
//! report, while masking applies to every output whatever rules are switched on.

use crate::parse::{Node, NodeValue};
use crate::source::Span;

/// Key names (compared case-insensitively, without `_`/`-`) whose string values are secrets.
const SECRET_KEYS: &[&str] = &[
    "password",
    "accountkey",
    "accesstoken",
    "connectionstring",
    "secret",
    "clientsecret",
    "sastoken",
    "outputblobsasuri",
    "token",
    "apikey",
    "privatekey",
];

/// Markers inside a string value that reveal secret material.
const SECRET_MARKERS: &[&str] = &[
    "accountkey=",
    "password=",
    "pwd=",
    "sharedaccesssignature",
    "sig=",
    "sharedaccesskey=",
];

/// Why a value is considered secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretReason {
    /// The key name says so (`password`, `accessToken`, ...).
    KeyName,
    /// The value carries a credential marker (`AccountKey=`, `Password=`, a SAS `sig=`).
    ValueMarker(&'static str),
}

/// A secret string value found in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secret {
    /// Bytes of the string's content (inside the quotes).
    pub span: Span,
    /// JSON Pointer of the value.
    pub pointer: String,
    /// Why it is secret.
    pub reason: SecretReason,
}

fn normalized(key: &str) -> String {
    key.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The marker of secret material in `value`, if any.
pub fn marker_in(value: &str) -> Option<&'static str> {
    // Same answer as lower-casing `value` and searching it, without the copy: the markers are
    // ASCII, and ASCII case folding leaves every other byte as it is.
    let bytes = value.as_bytes();
    // Every marker but one holds a `=`; the other is 21 bytes long.
    if bytes.len() < 21 && !bytes.contains(&b'=') {
        return None;
    }
    SECRET_MARKERS
        .iter()
        .copied()
        .find(|m| contains_ignore_ascii_case(bytes, m.as_bytes()))
}

fn contains_ignore_ascii_case(haystack: &[u8], needle: &[u8]) -> bool {
    let Some((&first, _)) = needle.split_first() else {
        return true;
    };
    if haystack.len() < needle.len() {
        return false;
    }
    (0..=haystack.len() - needle.len()).any(|i| {
        haystack[i].to_ascii_lowercase() == first
            && haystack[i..i + needle.len()].eq_ignore_ascii_case(needle)
    })
}

/// True when a key's string value is to be treated as secret.
pub fn is_secret_key(key: &str) -> bool {
    if key.is_ascii() {
        // Most keys end with a letter no secret key name ends with.
        let last = key.bytes().rev().find(|b| *b != b'_' && *b != b'-');
        if !last.is_some_and(|b| SECRET_KEY_LAST_BYTES.contains(&b.to_ascii_lowercase())) {
            return false;
        }
        // Normalise into a small buffer, no allocation.
        let mut buf = [0u8; LONGEST_SECRET_KEY];
        let mut len = 0;
        for &b in key.as_bytes() {
            if b == b'_' || b == b'-' {
                continue;
            }
            if len == buf.len() {
                return false; // longer than every secret key name
            }
            buf[len] = b.to_ascii_lowercase();
            len += 1;
        }
        let k = &buf[..len];
        return SECRET_KEYS.iter().any(|s| s.as_bytes() == k);
    }
    let k = normalized(key);
    SECRET_KEYS.iter().any(|s| k == *s)
}

/// The length of the longest of [`SECRET_KEYS`].
const LONGEST_SECRET_KEY: usize = 16;

/// The last letter of each of [`SECRET_KEYS`].
const SECRET_KEY_LAST_BYTES: &[u8] = b"dginty";

/// Every secret string value under `root`.
pub fn find(root: &Node) -> Vec<Secret> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    walk(root, &mut path, false, &mut out);
    out
}

/// One step from the root to the node being visited; pointers are built only for a secret.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn pointer_of(path: &[Step<'_>]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) => out = crate::parse::pointer_join(&out, k),
            Step::Index(i) => out = format!("{out}/{i}"),
        }
    }
    out
}

fn walk<'a>(node: &'a Node, path: &mut Vec<Step<'a>>, secret_key: bool, out: &mut Vec<Secret>) {
    match &node.value {
        NodeValue::String(s) if !s.is_empty() => {
            let reason = match marker_in(s) {
                Some(m) => Some(SecretReason::ValueMarker(m)),
                None if secret_key => Some(SecretReason::KeyName),
                None => None,
            };
            if let Some(reason) = reason {
                let inner = Span::new(
                    node.span.start as usize + 1,
                    (node.span.end as usize).saturating_sub(1),
                );
                out.push(Secret {
                    span: inner,
                    pointer: pointer_of(path),
                    reason,
                });
            }
        }
        NodeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Index(i));
                walk(item, path, secret_key, out);
                path.pop();
            }
        }
        NodeValue::Object(members) => {
            for m in members {
                // Whether the key names a secret matters for a string, or the strings of an
                // array, right below it; nothing else needs a visit.
                let secret_key = match &m.value.value {
                    NodeValue::String(s) if !s.is_empty() => is_secret_key(&m.key),
                    NodeValue::Array(_) => is_secret_key(&m.key),
                    NodeValue::Object(_) => false,
                    _ => continue,
                };
                path.push(Step::Key(&m.key));
                walk(&m.value, path, secret_key, out);
                path.pop();
            }
        }
        _ => {}
    }
}

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

// ---------------------------------------------------------------------------------------
// Masking: what no output shows. Broader than what `ci/secret` reports: a value is hidden
// whenever it may be a credential, since a wrong guess only hides a value from a code frame.
// ---------------------------------------------------------------------------------------

/// Words that make a key a credential's name when the key contains them (compared on the
/// key lower-cased without `_`, `-`, `.` and spaces): `password`, `dbPasswd`, `pasword`,
/// `clientSecret`, `refresh_token`, `x-api-key`, `AccountKey`, `SharedAccessSignature`, …
const CREDENTIAL_WORDS: &[&str] = &[
    "pass",
    "pasw",
    "pwd",
    "secret",
    "token",
    "apikey",
    "accesskey",
    "accountkey",
    "privatekey",
    "sharedkey",
    "signingkey",
    "masterkey",
    "clientkey",
    "credential",
    "connectionstring",
    "signature",
    "authorization",
];

/// Endings that make a key name a reference to a credential, or a property of one, rather
/// than the credential: `salesforceConnectionStringSecretUrl` (a Key Vault URL),
/// `secretName`, `tokenType`, `passwordPolicy`. Their values are still masked when they are
/// shaped like credentials (a SAS URL with its `sig=`, a URL with a password).
const REFERENCE_ENDINGS: &[&str] = &[
    "url",
    "uri",
    "name",
    "names",
    "id",
    "ids",
    "type",
    "kind",
    "policy",
    "version",
    "expiry",
    "expiration",
    "expiresin",
    "ttl",
    "length",
    "count",
    "enabled",
    "required",
    "path",
];

/// Keys that name a credential only as a whole word.
const CREDENTIAL_NAMES: &[&str] = &["pw", "psw", "pin", "key", "sig", "sas", "auth", "jwt"];

/// Words whose misspellings by one edit (a letter missing, added, changed or two swapped)
/// still name a credential: `passowrd`, `secert`, `tokne`, `apikye`.
const CREDENTIAL_SPELLINGS: &[&str] = &["password", "passwd", "secret", "token", "apikey"];

/// True when a key may name a credential, for masking: it contains a credential word, is a
/// short credential name, or is one edit away from one (see the constants above).
pub fn is_secret_like_key(key: &str) -> bool {
    // Normalised into a small buffer: no allocation for the keys of real bodies.
    if key.is_ascii() && key.len() <= 64 {
        let mut buf = [0u8; 64];
        let mut len = 0;
        for &b in key.as_bytes() {
            if !matches!(b, b'_' | b'-' | b'.' | b' ') {
                buf[len] = b.to_ascii_lowercase();
                len += 1;
            }
        }
        return normalized_key_is_secret_like(&buf[..len]);
    }
    let mut buf = [0u8; 64];
    let mut len = 0;
    let mut owned = String::new();
    for c in key.chars() {
        if matches!(c, '_' | '-' | '.' | ' ') {
            continue;
        }
        for lower in c.to_lowercase() {
            let mut tmp = [0u8; 4];
            let bytes = lower.encode_utf8(&mut tmp).as_bytes();
            if owned.is_empty() && len + bytes.len() <= buf.len() {
                buf[len..len + bytes.len()].copy_from_slice(bytes);
                len += bytes.len();
            } else {
                if owned.is_empty() {
                    owned.push_str(std::str::from_utf8(&buf[..len]).unwrap_or_default());
                }
                owned.push(lower);
            }
        }
    }
    let k: &[u8] = if owned.is_empty() {
        &buf[..len]
    } else {
        owned.as_bytes()
    };
    normalized_key_is_secret_like(k)
}

fn normalized_key_is_secret_like(k: &[u8]) -> bool {
    if k.len() < 2 {
        return false;
    }
    if CREDENTIAL_NAMES.iter().any(|n| n.as_bytes() == k) {
        return true;
    }
    if REFERENCE_ENDINGS
        .iter()
        .any(|e| k.len() > e.len() && k.ends_with(e.as_bytes()))
    {
        return false;
    }
    // Every credential word starts with one of these letters: look for words only there.
    for i in 0..k.len() {
        if !matches!(k[i], b'p' | b's' | b't' | b'a' | b'm' | b'c') {
            continue;
        }
        let rest = &k[i..];
        if CREDENTIAL_WORDS
            .iter()
            .any(|w| w.as_bytes()[0] == k[i] && rest.starts_with(w.as_bytes()))
        {
            return true;
        }
    }
    (4..=9).contains(&k.len())
        && CREDENTIAL_SPELLINGS
            .iter()
            .any(|w| within_one_edit(k, w.as_bytes()))
}

/// Optimal string alignment distance of at most 1 (one insertion, deletion, substitution
/// or swap of neighbours).
fn within_one_edit(a: &[u8], b: &[u8]) -> bool {
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (
        &a[..a.len() - suffix.min(a.len())],
        &b[..b.len() - suffix.min(b.len())],
    );
    match (a.len(), b.len()) {
        (0, 0) | (1, 0) | (0, 1) | (1, 1) => true,
        (2, 2) => a[0] == b[1] && a[1] == b[0],
        _ => false,
    }
}

/// True when a string value looks like credential material whatever its key: a
/// connection-string or query part whose name is a credential's (`AccountKey=…`,
/// `Password = …`, `sig=…`, `sig%3D…`, `access_token=…`), an `Authorization` value
/// (`Bearer …`, `Basic …`), a JSON Web Token, a URL with a password (`https://user:pw@host`)
/// or a PEM private key.
pub fn secret_shaped(value: &str) -> bool {
    let bytes = value.as_bytes();
    if bytes.len() < 4 {
        return false;
    }
    // One pass over the bytes says which shapes are possible at all: most values (names,
    // ids, URLs without credentials) stop here.
    let (mut eq, mut percent, mut space, mut colon, mut at, mut dash, mut j) =
        (false, false, false, false, false, false, false);
    for &b in bytes {
        match b {
            b'=' => eq = true,
            b'%' => percent = true,
            b' ' | b'\t' => space = true,
            b':' => colon = true,
            b'@' => at = true,
            b'-' => dash = true,
            b'J' => j = true,
            _ => {}
        }
    }
    // Every marker but `SharedAccessSignature` holds a `=`.
    let marker = if eq {
        marker_in(value).is_some()
    } else {
        bytes.len() >= 21 && contains_ignore_ascii_case(bytes, b"sharedaccesssignature")
    };
    marker
        || ((eq || percent) && has_secret_pair(value))
        || (space && has_auth_scheme(value))
        || (j && has_jwt(value))
        || (colon && at && !url_password_spans(value).is_empty())
        || (dash && value.contains("PRIVATE KEY-----"))
}

/// A `name=value` (or `name%3Dvalue`) part whose name may be a credential's.
fn has_secret_pair(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    // Encoded separators count as separators.
    let lower = lower
        .replace("%3d", "=")
        .replace("%26", "&")
        .replace("%3f", "?")
        .replace("%3b", ";");
    lower
        .split([';', '&', '?', ',', '\n', '\r', '#', '|'])
        .filter_map(|part| part.split_once('='))
        .any(|(name, rest)| {
            let name = name.trim();
            let name = name.rsplit(['/', ' ', '\t']).next().unwrap_or(name);
            !rest.trim().is_empty() && is_secret_like_key(name)
        })
}

/// `Bearer <token>` or `Basic <token>` (any case).
fn has_auth_scheme(value: &str) -> bool {
    let bytes = value.as_bytes();
    if !contains_ignore_ascii_case(bytes, b"bearer") && !contains_ignore_ascii_case(bytes, b"basic")
    {
        return false;
    }
    let lower = value.to_ascii_lowercase();
    ["bearer", "basic"].iter().any(|scheme| {
        lower.match_indices(scheme).any(|(at, _)| {
            let rest = &value[at + scheme.len()..];
            let token = rest.trim_start_matches([' ', '\t']);
            token.len() < rest.len()
                && token
                    .bytes()
                    .take_while(|b| b.is_ascii_alphanumeric() || b"-._~+/=".contains(b))
                    .count()
                    >= 8
        })
    })
}

/// A JSON Web Token: `eyJ…` base64url, a dot, base64url, a dot.
fn has_jwt(value: &str) -> bool {
    value.contains("eyJ")
        && value.match_indices("eyJ").any(|(at, _)| {
            let run = value[at..]
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
                .filter(|b| *b == b'.')
                .count();
            run >= 2
        })
}

/// The byte ranges of the passwords of URLs in `text` (`scheme://user:PASSWORD@host`).
pub fn url_password_spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices("://") {
        let start = at + 3;
        let authority_len = text[start..]
            .find(|c: char| matches!(c, '/' | '?' | '#' | '"' | '\'') || c.is_whitespace())
            .unwrap_or(text.len() - start);
        let authority = &text[start..start + authority_len];
        let Some(userinfo_end) = authority.rfind('@') else {
            continue;
        };
        if let Some(colon) = authority[..userinfo_end].find(':') {
            if colon + 1 < userinfo_end {
                out.push(Span::new(start + colon + 1, start + userinfo_end));
            }
        }
    }
    out
}

/// The spans no output may show of `text`, parsed into `document`: the values
/// [`is_secret_like_key`] keys hold (strings, numbers, arrays of them), keys and strings
/// that are [`secret_shaped`], and comments that carry a credential. Without a tree (the
/// text does not parse), the text is scanned token by token instead ([`scan`]).
pub fn mask_spans(text: &str, document: &crate::parse::Document) -> Vec<Span> {
    let mut out = Vec::new();
    match &document.root {
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
        fn is_plain_key(key: &str) -> bool {
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
];

fn inner(span: Span) -> Span {
    Span::new(
        span.start as usize + 1,
        (span.end as usize).saturating_sub(1),
    )
}

fn mask_walk(node: &Node, secret: bool, out: &mut Vec<Span>) {
    match &node.value {
        NodeValue::String(s) if !s.is_empty() && (secret || secret_shaped(s)) => {
            out.push(inner(node.span));
        }
        NodeValue::Number(_) if secret => out.push(node.span),
        NodeValue::Array(items) => {
            for item in items.iter() {
                mask_walk(item, secret, out);
            }
        }
        NodeValue::Object(members) => {
            for m in members.iter() {
                let plain = is_plain_key(&m.key);
                if !plain && secret_shaped(&m.key) {
                    out.push(inner(m.key_span));
                }
                let secret = match &m.value.value {
                    NodeValue::String(s) if s.is_empty() => continue,
                    NodeValue::String(_) | NodeValue::Number(_) | NodeValue::Array(_) => {
                        !plain && is_secret_like_key(&m.key)
                    }
                    NodeValue::Object(_) => false,
                    _ => continue,
                };
                mask_walk(&m.value, secret, out);
            }
        }
        _ => {}
    }
}

/// The inside of the comment at `span` when it carries a credential: a secret-shaped text,
/// or a credential's name followed by `:` or `=` (`// password: hunter2`).
fn comment_secret(text: &str, span: Span) -> Option<Span> {
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

/// Mask from the text alone, for a text that does not parse. Tokens are read as a JSON
/// lexer reads them (strings with their escapes, running to the closing quote or the end of
/// the text; comments; punctuation; any other run of characters as a bare word), so the
/// scan agrees with the parser up to the error and never resynchronises on a guess.
///
/// Masked: every string and bare word that is [`secret_shaped`]; after a string or word
/// that [`is_secret_like_key`], every string and bare word up to the next `,`, `{` or `}`
/// (its value, quoted or bare, with or without the `:`, and whatever a missing comma or
/// quote glued to it: when unsure, mask), a bare value running to the end of its line;
/// everything inside an array that follows such a key; comments that carry a credential.
/// An unterminated string is masked to the end of the text.
pub fn scan(text: &str, out: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    // Since a credential's key, with no `,`, `{` or `}` since.
    let mut after_key = false;
    // Array depth, and the depth at which a credential's array opened.
    let mut depth = 0usize;
    let mut secret_array: Option<usize> = None;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'/' if matches!(bytes.get(i + 1), Some(b'/') | Some(b'*')) => {
                let end = if bytes[i + 1] == b'/' {
                    text[i..].find('\n').map_or(bytes.len(), |n| i + n)
                } else {
                    text[i + 2..]
                        .find("*/")
                        .map_or(bytes.len(), |n| i + 2 + n + 2)
                };
                if let Some(span) = comment_secret(text, Span::new(i, end)) {
                    out.push(span);
                }
                i = end;
            }
            b'"' => {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                let end = j.min(bytes.len());
                let raw = &text[i + 1..end];
                let secret = after_key || secret_array.is_some();
                if !raw.is_empty() && (secret || secret_shaped(raw)) {
                    out.push(Span::new(i + 1, end));
                }
                after_key = after_key || is_secret_like_key(raw);
                i = (end + 1).min(bytes.len());
            }
            b':' => i += 1,
            b'[' => {
                if after_key && secret_array.is_none() {
                    secret_array = Some(depth);
                }
                depth += 1;
                after_key = false;
                i += 1;
            }
            b']' => {
                depth = depth.saturating_sub(1);
                if secret_array == Some(depth) {
                    secret_array = None;
                }
                after_key = false;
                i += 1;
            }
            b'{' | b'}' | b',' => {
                after_key = false;
                i += 1;
            }
            _ => {
                // A bare word: to the next space, punctuation or quote (all ASCII, so `j`
                // stays on a character boundary).
                let mut j = i;
                while j < bytes.len()
                    && !matches!(
                        bytes[j],
                        b' ' | b'\t'
                            | b'\n'
                            | b'\r'
                            | b'"'
                            | b'{'
                            | b'}'
                            | b'['
                            | b']'
                            | b':'
                            | b','
                    )
                {
                    j += 1;
                }
                if after_key || secret_array.is_some() {
                    // Unquoted, the value may hold spaces: run to the end of the line or the
                    // next separator.
                    let mut end = j;
                    while end < bytes.len()
                        && !matches!(bytes[end], b'\n' | b'\r' | b',' | b'}' | b']' | b'"')
                    {
                        end += 1;
                    }
                    let value = text[i..end].trim_end();
                    out.push(Span::new(i, i + value.len()));
                    i = end;
                    continue;
                }
                let word = &text[i..j];
                if secret_shaped(word) {
                    out.push(Span::new(i, j));
                }
                after_key = is_secret_like_key(word);
                i = j;
            }
        }
    }
}

/// `text` with the bytes of every span replaced by `*` (same byte length, so spans still hold).
pub fn mask(text: &str, spans: &[Span]) -> String {
    let mut out = text.to_string();
    mask_in_place(&mut out, spans);
    out
}

pub use crate::core::source::mask_in_place;

/// Up to this many distinct values, [`Withheld::scrub`] looks for them anywhere in a text.
pub const SUBSTRING_LIMIT: usize = 64;

/// `text` with the byte ranges `found` (overlapping or not) replaced by `****`; `None`
/// when there is none.
fn replace_ranges(text: &str, mut found: Vec<(usize, usize)>) -> Option<String> {
    if found.is_empty() {
        return None;
    }
    found.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (s, e) in found {
        if e <= at {
            continue;
        }
        let s = s.max(at);
        out.push_str(&text[at..s]);
        if !out.ends_with("****") {
            out.push_str("****");
        }
        at = e;
    }
    out.push_str(&text[at..]);
    Some(out)
}

/// The secret values of `text` under `spans`, to withhold from messages: the text as
/// written and unescaped, and the 50-character snippet messages cut long values to.
#[derive(Debug, Default)]
pub struct Withheld {
    whole: std::collections::HashSet<String>,
    cut: std::collections::HashSet<String>,
}

impl Withheld {
    /// The values under `spans` (values shorter than 4 characters are too common to withhold).
    pub fn new(text: &str, spans: &[Span]) -> Withheld {
        let mut w = Withheld::default();
        for span in spans {
            let Some(raw) = text.get(span.range()) else {
                continue;
            };
            let unescaped = if raw.contains('\\') {
                serde_json::from_str::<String>(&format!("\"{raw}\"")).ok()
            } else {
                None
            };
            for value in std::iter::once(raw).chain(unescaped.as_deref()) {
                if value.chars().count() < 4 {
                    continue;
                }
                let snippet = crate::diagnostic::snippet(value);
                if let Some(cut) = snippet.strip_suffix('…') {
                    w.cut.insert(cut.to_string());
                }
                w.whole.insert(value.to_string());
            }
        }
        w
    }

    /// True when there is nothing to withhold.
    pub fn is_empty(&self) -> bool {
        self.whole.is_empty()
    }

    /// `text` with every withheld value shown as `****`, when it holds one. With few values
    /// (up to [`SUBSTRING_LIMIT`], the usual case), anywhere in the text, and a prefix of a
    /// value cut short by `…`; with more, a value quoted between backticks or a whole word
    /// (trimmed of quotes and punctuation), so the time stays linear.
    pub fn scrub(&self, text: &str) -> Option<String> {
        if self.whole.len() <= SUBSTRING_LIMIT {
            return self.scrub_substrings(text);
        }
        self.scrub_words(text)
    }

    fn scrub_substrings(&self, text: &str) -> Option<String> {
        let mut found: Vec<(usize, usize)> = Vec::new();
        for value in &self.whole {
            found.extend(
                text.match_indices(value.as_str())
                    .map(|(at, v)| (at, at + v.len())),
            );
            // A value cut by `…` (at least 4 characters of it).
            for (dots, _) in text.match_indices('…') {
                let before = &text[..dots];
                let longest = value
                    .char_indices()
                    .map(|(i, c)| i + c.len_utf8())
                    .filter(|&n| value[..n].chars().count() >= 4 && before.ends_with(&value[..n]))
                    .max();
                if let Some(n) = longest {
                    found.push((dots - n, dots));
                }
            }
        }
        replace_ranges(text, found)
    }

    fn scrub_words(&self, text: &str) -> Option<String> {
        let mut found: Vec<(usize, usize)> = Vec::new();
        let mut check = |start: usize, part: &str| {
            let trimmed = part.trim_matches(|c: char| "\"'()[]{},;.:!?".contains(c));
            if trimmed.is_empty() {
                return;
            }
            let at = start
                + (part.len()
                    - part
                        .trim_start_matches(|c: char| "\"'()[]{},;.:!?".contains(c))
                        .len());
            let hit = self.whole.contains(trimmed)
                || trimmed
                    .strip_suffix('…')
                    .is_some_and(|cut| self.cut.contains(cut));
            if hit {
                found.push((at, at + trimmed.len()));
            }
        };
        // Backtick-quoted parts.
        let mut quoted = text.match_indices('`').map(|(i, _)| i);
        while let (Some(open), Some(close)) = (quoted.next(), quoted.next()) {
            check(open + 1, &text[open + 1..close]);
        }
        // Words.
        let mut start = None;
        for (i, c) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            let boundary = c.is_whitespace() || c == '`';
            match (start, boundary) {
                (None, false) => start = Some(i),
                (Some(s), true) => {
                    check(s, &text[s..i]);
                    start = None;
                }
                _ => {}
            }
        }
        replace_ranges(text, found)
    }

    /// Withhold the values from every text of `diagnostics`: message, label, labels, help,
    /// pointer and fix title.
    pub fn scrub_diagnostics(&self, diagnostics: &mut [crate::Diagnostic]) {
        if self.is_empty() {
            return;
        }
        for d in diagnostics {
            if let Some(t) = self.scrub(&d.message) {
                d.message = t.into();
            }
            if let Some(t) = d.label.as_deref().and_then(|l| self.scrub(l)) {
                d.label = Some(t.into());
            }
            for l in d.labels.as_mut_slice() {
                if let Some(t) = self.scrub(&l.text) {
                    l.text = t.into();
                }
            }
            if let Some(t) = d.help.as_deref().and_then(|h| self.scrub(h)) {
                d.help = Some(t.into());
            }
            if let Some(t) = self.scrub_pointer(&d.pointer) {
                d.pointer = t.into();
            }
            if let Some(fix) = d.fix.as_deref_mut() {
                if let Some(t) = self.scrub(&fix.title) {
                    fix.title = t;
                }
            }
        }
    }

    /// A JSON Pointer with every segment that is a withheld value shown as `****`.
    fn scrub_pointer(&self, pointer: &str) -> Option<String> {
        let mut changed = false;
        let segments: Vec<String> = pointer
            .split('/')
            .map(|seg| {
                let key = crate::parse::unescape_pointer_segment(seg);
                if self.whole.contains(key.as_ref()) || self.scrub(&key).is_some() {
                    changed = true;
                    "****".to_string()
                } else {
                    seg.to_string()
                }
            })
            .collect();
        changed.then(|| segments.join("/"))
    }
}

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
    fn finds_and_masks() {
        let text = r#"{"credentials": {"local": {"password": "lambda"}}, "u": "DefaultEndpointsProtocol=https;AccountKey=abc=="}"#;
        let mut d = Vec::new();
        let doc = crate::parse::parse(text, crate::parse::Syntax::Json, &mut d);
        let secrets = find(doc.root.as_ref().unwrap());
        assert_eq!(secrets.len(), 2);
        let masked = mask(text, &secrets.iter().map(|s| s.span).collect::<Vec<_>>());
        assert!(!masked.contains("lambda") && !masked.contains("abc=="));
        assert_eq!(masked.len(), text.len());
        assert_eq!(secrets[0].pointer, "/credentials/local/password");
        assert_eq!(secrets[1].pointer, "/u");
    }

    #[test]
    fn secret_key_name_summaries_are_right() {
        assert_eq!(
            SECRET_KEYS.iter().map(|k| k.len()).max(),
            Some(LONGEST_SECRET_KEY)
        );
        let mut last: Vec<u8> = SECRET_KEYS
            .iter()
            .filter_map(|k| k.bytes().last())
            .collect();
        last.sort_unstable();
        last.dedup();
        assert_eq!(last, SECRET_KEY_LAST_BYTES);
    }

    #[test]
    fn key_names_and_markers_match_as_before() {
        let slow_key = |key: &str| {
            let k = normalized(key);
            SECRET_KEYS.iter().any(|s| k == *s)
        };
        let slow_marker = |value: &str| {
            let lower = value.to_ascii_lowercase();
            SECRET_MARKERS.iter().copied().find(|m| lower.contains(m))
        };
        for key in [
            "password",
            "Pass_Word",
            "ACCOUNT-KEY",
            "accountKey",
            "token",
            "tokens",
            "",
            "_",
            "sasToken",
            "outputBlobSASUri",
            "output_blob_sas_uri_x",
            "Ä",
            "\u{212a}ey",
            "clientSecret",
            "api-key",
            "a_very_long_key_name_that_is_not_secret_at_all",
            "passwor",
            "passwordx",
            "-password-",
            "PASS__WORD_",
            "secre",
            "secrett",
            "token_",
            "xtoken",
            "connection_string",
            "connectionstrin",
            "Password_",
            "TOKEN-",
            "apiKeY",
            "privateKey__",
            "fieldName",
            "en-us",
            "-",
            "__",
            "d",
        ] {
            assert_eq!(is_secret_key(key), slow_key(key), "{key:?}");
        }
        for value in [
            "",
            "x",
            "AccountKey=abc",
            "sv=1&SIG=x",
            "pwd",
            "PWD=",
            "éPassword=é",
            "SharedAccessSignature abc",
            "sharedaccesskey=",
            "=",
            "ACCOUNTKEY",
        ] {
            assert_eq!(marker_in(value), slow_marker(value), "{value:?}");
        }
    }

    #[test]
    fn credential_words_start_with_the_letters_looked_at() {
        for w in CREDENTIAL_WORDS {
            assert!(b"pstamc".contains(&w.as_bytes()[0]), "{w}");
        }
    }

    #[test]
    fn secret_like_keys() {
        for key in [
            "password",
            "Password",
            "pasword",
            "passwd",
            "pwd",
            "PWD",
            "db_pass",
            "passowrd",
            "secret",
            "clientSecret",
            "secert",
            "token",
            "refresh_token",
            "tokne",
            "apiKey",
            "x-api-key",
            "API.KEY",
            "AccountKey",
            "SharedAccessSignature",
            "sig",
            "key",
            "credentials",
            "connection string",
            "jwt",
            "auth",
            "authorization",
            "pw",
            "private_key",
            "PASSWÖRD",
        ] {
            assert!(is_secret_like_key(key), "{key}");
        }
        for key in [
            "",
            "a",
            "username",
            "profileIds",
            "roleId",
            "connectorName",
            "fieldName",
            "strongIds",
            "keyPropertyNames",
            "index",
            "collections",
            "controllers",
            "actions",
            "rateLimit",
            "tags",
            "policies",
            "AccountName",
            "sv",
            "se",
            "api-version",
            "DefaultEndpointsProtocol",
            "kuid",
            "content",
            "salesforceConnectionStringSecretUrl",
            "connectionKeyVaultUrl",
            "secretName",
            "tokenType",
            "passwordPolicy",
            "outputBlobSASUri",
        ] {
            assert!(!is_secret_like_key(key), "{key}");
        }
        let long = format!("{}password", "x".repeat(100));
        assert!(is_secret_like_key(&long));
        assert!(!is_secret_like_key(&"x".repeat(100)));
    }

    #[test]
    fn one_edit() {
        assert!(within_one_edit(b"secert", b"secret"));
        assert!(within_one_edit(b"secre", b"secret"));
        assert!(within_one_edit(b"secrets", b"secret"));
        assert!(within_one_edit(b"sekret", b"secret"));
        assert!(!within_one_edit(b"sceert", b"secret"));
        assert!(!within_one_edit(b"sec", b"secret"));
        assert!(within_one_edit(b"token", b"token"));
    }

    #[test]
    fn secret_shapes() {
        for value in [
            "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=abc==",
            "AccountKey = abc",
            "Server=x;Password=pw;",
            "Endpoint=sb://x/;SharedAccessKeyName=n;SharedAccessKey=k",
            "https://a.blob.core.windows.net/c?sv=1&sig=abc",
            "https://a.blob.core.windows.net/c?sv=1&sig%3Dabc",
            "https://a/c%3Fsv%3D1%26sig%3Dabc",
            "https://x/cb?client_secret=abc&state=1",
            "Bearer abcdefghijkl",
            "bearer eyJhbGciOiJIUzI1NiJ9.e30.sig",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc",
            "Basic YWRtaW46cHc=",
            "https://admin:pw@host/x",
            "mongodb://u:p@h:27017/db",
            "-----BEGIN PRIVATE KEY-----abc",
            "password=x",
        ] {
            assert!(secret_shaped(value), "{value}");
        }
        for value in [
            "",
            "abc",
            "https://contoso-vault.vault.azure.net/secrets/blob",
            "https://user@host/x",
            "https://host:443/x",
            "a=b;c=d",
            "Bearer",
            "eyJ only",
            "editor",
            "profile for the basic team",
            "key vault",
        ] {
            assert!(!secret_shaped(value), "{value}");
        }
        let t = "x https://admin:PW1@host/ y";
        let spans = url_password_spans(t);
        assert_eq!(spans.len(), 1);
        assert_eq!(&t[spans[0].range()], "PW1");
    }

    fn scanned(text: &str) -> String {
        let mut spans = Vec::new();
        scan(text, &mut spans);
        mask(text, &spans)
    }

    #[test]
    fn the_scan_masks_what_follows_a_credential_key() {
        let cases = [
            // A missing comma: what follows is masked up to the next `,`, `{` or `}`.
            (
                r#"{"password":"Pw123" "x":1}"#,
                r#"{"password":"*****" "*":*}"#,
            ),
            // A quote missing before the key: what follows it is masked all the same.
            (r#"{password": "Pw123"}"#, r#"{password"**"*****"*"#),
            (r#"{"password": Pw123}"#, r#"{"password": *****}"#),
            (
                "{\"password\": Pw 1 2,\n\"a\": 1",
                "{\"password\": ******,\n\"a\": 1",
            ),
            (r#"{"password": "Pw123"#, r#"{"password": "*****"#),
            (
                "{\"password\": \"Pw\n123\", \"a\"",
                "{\"password\": \"**\n***\", \"a\"",
            ),
            (r#"{"a": "AccountKey=X\q"}"#, r#"{"a": "**************"}"#),
            (r#"{"password" "NoColon"}"#, r#"{"password" "*******"}"#),
            (
                r#"{"tokens": ["a1", ["b2"], "c3"], "d": "e"}"#,
                r#"{"tokens": ["**", ["**"], "**"], "d": "e"}"#,
            ),
            (
                r#"{"pwd": 12345, "n": 12345"#,
                r#"{"pwd": *****, "n": 12345"#,
            ),
            (r#"{password: abc}"#, r#"{password: ***}"#),
            (
                "{\n// token: abc\n\"a\": 1,,}",
                "{\n//***********\n\"a\": 1,,}",
            ),
            ("{/* sig=abc */ \"a\": 1,,}", "{/***********/ \"a\": 1,,}"),
            (
                r#"{"a": "é\é", "password": "é"}"#,
                r#"{"a": "é\é", "password": "**"}"#,
            ),
            (
                r#"{"user": "bob", "a": 1,,}"#,
                r#"{"user": "bob", "a": 1,,}"#,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(scanned(text), want, "{text}");
        }
        // Every prefix of a text scans without a panic.
        let text = r#"{"password": "é\"x", pwd: [1, "é"], /* c */ "k": Bearer abcdefghij}"#;
        for end in (0..=text.len()).filter(|&e| text.is_char_boundary(e)) {
            let _ = scanned(&text[..end]);
        }
    }

    #[test]
    fn withheld_values_leave_messages() {
        let text = r#"{"password": "hunter22", "k": "Pw"}"#;
        let spans = [Span::new(14, 22), Span::new(32, 34)];
        let w = Withheld::new(text, &spans);
        assert_eq!(
            w.scrub("`hunter22` is unknown").as_deref(),
            Some("`****` is unknown")
        );
        assert_eq!(w.scrub("xhunter22x").as_deref(), Some("x****x"));
        assert_eq!(w.scrub("cut `hunt…`").as_deref(), Some("cut `****…`"));
        // Values under 4 characters are too common to withhold.
        assert_eq!(w.scrub("Pw and hun…"), None);
        assert_eq!(w.scrub("nothing"), None);
    }
}
