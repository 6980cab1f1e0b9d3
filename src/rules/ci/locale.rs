//! Locale codes, judged for `ci/invalid-locale` and `ci/locale-case`: keys of localized maps
//! and the `locale` query parameter.
//!
//! Localized maps of a profile type: `displayName` and `description` of the type and of each
//! strong id, `localizedValueNames` of each `enumValidValues` entry, and the **inner** maps of
//! `localizedAttributes` (attribute name → locale code → text; the documentation does not say
//! which level is the locale, bodyguard follows the shape of `displayName` one level down, the
//! outer keys being attribute names like the keys of `attributes`).

use super::view::echo;
use super::Ci;
use crate::core::pointer::pointer_join;
use crate::core::{Diagnostic, Kind, Span};
use crate::parse::Node;

/// What is wrong with a locale code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Valid and lowercase.
    Ok,
    /// Valid, but the service writes it in lowercase (the lowercase form).
    NotLowercase(String),
    /// Not a well-formed BCP 47 tag: why, and what to do.
    Malformed(String, String),
    /// Well-formed, but a subtag names no real language, script or region: why.
    Unknown(String),
}

/// Valid lowercase locale codes that bodies use most, sorted: [`verdict`] answers `Ok` for them
/// without parsing (a test checks each one through the full path).
const COMMON_VALID: &[&str] = &[
    "ar", "ar-sa", "cs", "cs-cz", "da", "da-dk", "de", "de-at", "de-ch", "de-de", "el", "el-gr",
    "en", "en-au", "en-ca", "en-gb", "en-ie", "en-in", "en-nz", "en-us", "en-za", "es", "es-es",
    "es-mx", "es-us", "fi", "fi-fi", "fr", "fr-be", "fr-ca", "fr-ch", "fr-fr", "he", "he-il", "hi",
    "hi-in", "hu", "hu-hu", "id", "id-id", "it", "it-it", "ja", "ja-jp", "ko", "ko-kr", "nb",
    "nb-no", "nl", "nl-be", "nl-nl", "pl", "pl-pl", "pt", "pt-br", "pt-pt", "ro", "ro-ro", "ru",
    "ru-ru", "sv", "sv-se", "th", "th-th", "tr", "tr-tr", "uk", "uk-ua", "vi", "vi-vn", "zh",
    "zh-cn", "zh-hk", "zh-tw",
];

/// Judge a locale code.
pub fn verdict(code: &str) -> Verdict {
    if COMMON_VALID.binary_search(&code).is_ok() {
        return Verdict::Ok;
    }
    judge(code)
}

/// Judge a locale code from its subtags.
fn judge(code: &str) -> Verdict {
    if code.contains('_') {
        let dashed = code.replace('_', "-").to_ascii_lowercase();
        let help = match verdict(&dashed) {
            Verdict::Ok => format!("use `-` between subtags: `{}`", echo(&dashed)),
            _ => "use `-` between subtags, e.g. `en-us`".to_string(),
        };
        return Verdict::Malformed("`_` is not a subtag separator in BCP 47".into(), help);
    }
    let tag =
        match language_tags::LanguageTag::parse(code) {
            Ok(t) => t,
            Err(e) => return Verdict::Malformed(
                format!("not a well-formed BCP 47 language tag: {e}"),
                "write a language code, optionally followed by a region: `en`, `en-us`, `fr-ca`"
                    .into(),
            ),
        };
    if starts_with_ignore_ascii_case(code, "x-") {
        return Verdict::Unknown("a private-use tag (`x-…`) names no real language".into());
    }
    let language = tag.primary_language();
    if language.len() > 3 && !starts_with_ignore_ascii_case(code, "i-") {
        return Verdict::Malformed(
            format!(
                "`{}` is not a language code: language subtags have 2 or 3 letters",
                echo(&language.to_ascii_lowercase())
            ),
            "write an ISO 639 code such as `en` or `fr`, optionally followed by a region: `en-us`"
                .into(),
        );
    }
    if let Err(e) = tag.validate() {
        return Verdict::Unknown(e.to_string());
    }
    if language.len() == 3 && between_folded(language, "qaa", "qtz", u8::to_ascii_lowercase) {
        return Verdict::Unknown(format!(
            "`{}` is a private-use language code, not a real language",
            language.to_ascii_lowercase()
        ));
    }
    if let Some(script) = tag.script() {
        if between_folded(script, "qaaa", "qabx", u8::to_ascii_lowercase) {
            return Verdict::Unknown(format!(
                "`{script}` is a private-use script code, not a real script"
            ));
        }
    }
    if let Some(region) = tag.region() {
        let upper = |lo, hi| between_folded(region, lo, hi, u8::to_ascii_uppercase);
        let private = region.len() == 2
            && (upper("AA", "AA") || upper("ZZ", "ZZ") || upper("QM", "QZ") || upper("XA", "XZ"));
        if private {
            return Verdict::Unknown(format!(
                "`{region}` is a private-use or unknown-region code, not a real region"
            ));
        }
    }
    if tag.private_use().is_some() {
        return Verdict::Unknown(
            "a private-use part (`-x-…`) is not understood by the service".into(),
        );
    }
    if code.bytes().any(|b| b.is_ascii_uppercase()) {
        return Verdict::NotLowercase(code.to_ascii_lowercase());
    }
    Verdict::Ok
}

/// True when `text` starts with `prefix`, ASCII letters compared case-insensitively.
fn starts_with_ignore_ascii_case(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// True when `lo <= fold(s) <= hi` as strings, `fold` applied to every byte (an ASCII case
/// mapping), without building the folded copy.
fn between_folded(s: &str, lo: &str, hi: &str, fold: fn(&u8) -> u8) -> bool {
    let folded = || s.as_bytes().iter().map(fold);
    folded().cmp(lo.bytes()).is_ge() && folded().cmp(hi.bytes()).is_le()
}

/// The finding for locale code `code` written at `span` (`quoted`: the span includes JSON
/// quotes), if any. `what` names where it sits ("locale key", "`locale` parameter").
pub fn diagnose(
    code: &str,
    span: Span,
    quoted: bool,
    pointer: &str,
    what: &str,
) -> Option<Diagnostic> {
    finding(verdict(code), code, span, quoted, pointer, what)
}

/// The finding for `verdict` on locale code `code` (see [`diagnose`]).
fn finding(
    verdict: Verdict,
    code: &str,
    span: Span,
    quoted: bool,
    pointer: &str,
    what: &str,
) -> Option<Diagnostic> {
    match &verdict {
        Verdict::Ok => None,
        Verdict::NotLowercase(lower) => Some(super::locale_case::finding(
            code, lower, span, quoted, pointer, what,
        )),
        _ => super::invalid_locale::finding(&verdict, code, span, pointer, what),
    }
}

/// A key of a localized map whose locale code is not fine.
pub struct LocaleKey<'a> {
    /// The code as written.
    pub code: &'a str,
    /// The key's span (quotes included).
    pub span: Span,
    /// The key's JSON Pointer.
    pub pointer: String,
    /// What is wrong with it (never [`Verdict::Ok`]).
    pub verdict: Verdict,
    /// For [`Verdict::NotLowercase`]: another key of the map has the lowercase spelling.
    pub collides: bool,
}

/// The keys of every localized map of a profile type whose code is not fine, in document
/// order (nothing for a connector: its `displayName` and `description` are plain strings).
pub(super) fn locale_keys<'a>(ci: &Ci<'a>) -> Vec<LocaleKey<'a>> {
    let mut maps = Maps {
        valid: Vec::new(),
        found: Vec::new(),
    };
    if ci.kind != Kind::CiProfileType {
        return maps.found;
    }
    let (def, base) = (ci.def, ci.base);
    for key in ["displayName", "description"] {
        if let Some(m) = def.get(key) {
            maps.check(m, &|| pointer_join(base, key));
        }
    }
    if let Some(attrs) = def.get("localizedAttributes").and_then(Node::as_object) {
        for a in attrs {
            maps.check(a.value(), &|| {
                format!(
                    "{}/{}",
                    pointer_join(base, "localizedAttributes"),
                    crate::core::pointer::escape_pointer_segment(a.key())
                )
            });
        }
    }
    if let Some(ids) = def.get("strongIds").and_then(Node::as_array) {
        for (i, s) in ids.iter().enumerate() {
            for key in ["displayName", "description"] {
                if let Some(m) = s.get(key) {
                    maps.check(m, &|| format!("{base}/strongIds/{i}/{key}"));
                }
            }
        }
    }
    if let Some(fields) = def.get("fields").and_then(Node::as_array) {
        for (i, f) in fields.iter().enumerate() {
            if let Some(values) = f.get("enumValidValues").and_then(Node::as_array) {
                for (j, v) in values.iter().enumerate() {
                    if let Some(m) = v.get("localizedValueNames") {
                        maps.check(m, &|| {
                            format!("{base}/fields/{i}/enumValidValues/{j}/localizedValueNames")
                        });
                    }
                }
            }
        }
    }
    maps.found
}

/// The localized maps of one body, checked in document order.
struct Maps<'t> {
    /// Codes already judged valid in this body (most bodies repeat a few codes).
    valid: Vec<&'t str>,
    /// The keys that are not fine.
    found: Vec<LocaleKey<'t>>,
}

impl<'t> Maps<'t> {
    /// Judge the keys of `map`; `pointer` builds the map's pointer, only for a finding.
    fn check(&mut self, map: Node<'t>, pointer: &dyn Fn() -> String) {
        let Some(members) = map.as_object() else {
            return;
        };
        for (i, m) in members.iter().enumerate() {
            let code = m.key();
            if self.valid.contains(&code) {
                continue;
            }
            let verdict = verdict(code);
            if verdict == Verdict::Ok {
                self.valid.push(code);
                continue;
            }
            let collides = match &verdict {
                Verdict::NotLowercase(lower) => members
                    .iter()
                    .enumerate()
                    .any(|(j, o)| j != i && o.key().eq_ignore_ascii_case(lower)),
                _ => false,
            };
            self.found.push(LocaleKey {
                code,
                span: m.key_span(),
                pointer: pointer_join(&pointer(), code),
                verdict,
                collides,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_codes_are_sorted_and_valid() {
        assert!(COMMON_VALID.windows(2).all(|w| w[0] < w[1]));
        for code in COMMON_VALID {
            assert_eq!(judge(code), Verdict::Ok, "{code}");
        }
    }

    #[test]
    fn verdicts() {
        for ok in ["en-us", "fr-ca", "zh-hant-tw", "en", "de-de", "es-419"] {
            assert_eq!(verdict(ok), Verdict::Ok, "{ok}");
        }
        assert_eq!(verdict("en-US"), Verdict::NotLowercase("en-us".into()));
        assert!(matches!(verdict("en_us"), Verdict::Malformed(_, h) if h.contains("`en-us`")));
        assert!(matches!(verdict("english"), Verdict::Malformed(..)));
        assert!(matches!(verdict("e"), Verdict::Malformed(..)));
        for unknown in [
            "xx-zz", "en-zz", "qaa", "en-xa", "en-aa", "en-qm", "x-foo", "zh-qaaa",
        ] {
            assert!(
                matches!(verdict(unknown), Verdict::Unknown(_)),
                "{unknown}: {:?}",
                verdict(unknown)
            );
        }
    }
}
