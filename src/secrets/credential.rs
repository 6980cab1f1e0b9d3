//! Masking: what no output shows. Broader than what `ci/secret` reports: a value is hidden
//! whenever it may be a credential, since a wrong guess only hides a value from a code frame.
//! This module says which keys and values may be credentials.

use super::find::{contains_ignore_ascii_case, marker_in};
use crate::core::source::Span;

/// Words that make a key a credential's name when the key contains them (compared on the
/// key lower-cased without `_`, `-`, `.` and spaces): `password`, `dbPasswd`, `pasword`,
/// `clientSecret`, `refresh_token`, `x-api-key`, `AccountKey`, `SharedAccessSignature`, …
///
/// Grouped by first letter, in the ranges `words_starting_with` slices (a test checks them).
const CREDENTIAL_WORDS: &[&str] = &[
    "pass",
    "pasw",
    "pwd",
    "privatekey",
    "secret",
    "sharedkey",
    "signingkey",
    "signature",
    "token",
    "apikey",
    "accesskey",
    "accountkey",
    "authorization",
    "masterkey",
    "clientkey",
    "credential",
    "connectionstring",
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
    // Look for a word only where one of its first letters stands, among the words that
    // start with that letter.
    for i in 0..k.len() {
        let words = words_starting_with(k[i]);
        if words.is_empty() {
            continue;
        }
        let rest = &k[i..];
        if words.iter().any(|w| rest.starts_with(w.as_bytes())) {
            return true;
        }
    }
    (4..=9).contains(&k.len())
        && CREDENTIAL_SPELLINGS
            .iter()
            .any(|w| within_one_edit(k, w.as_bytes()))
}

/// The [`CREDENTIAL_WORDS`] that start with `first`.
fn words_starting_with(first: u8) -> &'static [&'static str] {
    match first {
        b'p' => &CREDENTIAL_WORDS[..4],
        b's' => &CREDENTIAL_WORDS[4..8],
        b't' => &CREDENTIAL_WORDS[8..9],
        b'a' => &CREDENTIAL_WORDS[9..13],
        b'm' => &CREDENTIAL_WORDS[13..14],
        b'c' => &CREDENTIAL_WORDS[14..],
        _ => &[],
    }
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
    let seen = bytes
        .iter()
        .fold(0u16, |seen, &b| seen | SHAPE_BYTES[usize::from(b)]);
    let has = |bit: u16| seen & bit != 0;
    let (eq, percent, space, colon, at, dash, j) = (
        has(EQ),
        has(PERCENT),
        has(SPACE),
        has(COLON),
        has(AT),
        has(DASH),
        has(J),
    );
    let (s, p) = (has(S), has(P));
    // Every marker but `SharedAccessSignature` holds a `=`.
    let marker = if eq {
        marker_in(value).is_some()
    } else {
        s && bytes.len() >= 21 && contains_ignore_ascii_case(bytes, b"sharedaccesssignature")
    };
    marker
        || ((eq || percent) && has_secret_pair(value))
        || (space && has_auth_scheme(value))
        || (j && has_jwt(value))
        || (colon && at && !url_password_spans(value).is_empty())
        || (dash && p && value.contains("PRIVATE KEY-----"))
}

const EQ: u16 = 1;
const PERCENT: u16 = 1 << 1;
const SPACE: u16 = 1 << 2;
const COLON: u16 = 1 << 3;
const AT: u16 = 1 << 4;
const DASH: u16 = 1 << 5;
const J: u16 = 1 << 6;
const S: u16 = 1 << 7;
const P: u16 = 1 << 8;

/// For each byte, the bit of the shape clue it is (`=`, `%`, a space or tab, `:`, `@`, `-`,
/// `J`, `s` or `S`, `P`), or 0.
static SHAPE_BYTES: [u16; 256] = {
    let mut t = [0u16; 256];
    t[b'=' as usize] = EQ;
    t[b'%' as usize] = PERCENT;
    t[b' ' as usize] = SPACE;
    t[b'\t' as usize] = SPACE;
    t[b':' as usize] = COLON;
    t[b'@' as usize] = AT;
    t[b'-' as usize] = DASH;
    t[b'J' as usize] = J;
    t[b's' as usize] = S;
    t[b'S' as usize] = S;
    t[b'P' as usize] = P;
    t
};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_words_start_with_the_letters_looked_at() {
        for first in 0..=u8::MAX {
            let want: Vec<&str> = CREDENTIAL_WORDS
                .iter()
                .copied()
                .filter(|w| w.as_bytes()[0] == first)
                .collect();
            assert_eq!(words_starting_with(first), want, "{}", first as char);
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
    fn shape_bytes_are_the_clues() {
        for b in 0..=u8::MAX {
            let want = match b {
                b'=' => EQ,
                b'%' => PERCENT,
                b' ' | b'\t' => SPACE,
                b':' => COLON,
                b'@' => AT,
                b'-' => DASH,
                b'J' => J,
                b's' | b'S' => S,
                b'P' => P,
                _ => 0,
            };
            assert_eq!(SHAPE_BYTES[usize::from(b)], want, "{b}");
        }
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
}
