//! `ci/invalid-locale`: a locale code that is malformed or names no real language or region.

use super::locale::Verdict;
use super::request::{CiRequest, CiRoute};
use super::view::echo;
use super::{Ci, CiPack};
use crate::core::{Diagnostic, Span};
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::request::RequestRule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports a locale code that is not a well-formed BCP 47 language tag (`en_us`,
    /// `english`, `e`), or one whose language or region is not a real one: not in the IANA
    /// Language Subtag Registry (`xx-zz`), or a private-use or "unknown" code the registry
    /// reserves (`qaa`–`qtz`, regions `AA`, `QM`–`QZ`, `XA`–`XZ`, `ZZ`, scripts `Qaaa`–`Qabx`,
    /// `x-…` tags). It checks the keys of localized maps (`displayName`, `description`,
    /// `localizedValueNames`, the inner maps of `localizedAttributes`) and the `locale`
    /// query parameter of a request.
    ///
    /// ## Why is this bad?
    /// The service picks texts by locale code (`en-us` by default). A text under a code no
    /// client ever asks for is never shown.
    ///
    /// ## Example
    /// ```json
    /// {"displayName": {"en_us": "Contact"}}
    /// ```
    /// Use instead:
    /// ```json
    /// {"displayName": {"en-us": "Contact"}}
    /// ```
    pub static INVALID_LOCALE = {
        code: "ci/invalid-locale",
        kinds: [Kind::CiProfileType, Kind::CiConnector],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "a locale code is malformed or names no real language or region",
    }
}

/// `ci/invalid-locale` as its pack runs it (on the keys of localized maps; the request check
/// reports it on the `locale` parameter).
pub struct InvalidLocale;

impl Rule<CiPack> for InvalidLocale {
    fn meta(&self) -> &'static RuleMeta {
        &INVALID_LOCALE
    }
    fn run(&self, ci: &Ci<'_>, cx: &mut RuleContext<'_>) {
        for key in ci.locale_keys() {
            if let Some(d) = finding(&key.verdict, key.code, key.span, &key.pointer, "locale key") {
                cx.push(d);
            }
        }
    }
}

/// The finding for a malformed or unknown locale code `code` at `span` (`None` for any other
/// verdict). `what` names where it sits ("locale key", "`locale` parameter").
pub(super) fn finding(
    verdict: &Verdict,
    code: &str,
    span: Span,
    pointer: &str,
    what: &str,
) -> Option<Diagnostic> {
    Some(match verdict {
        Verdict::Malformed(why, help) => Diagnostic::new(
            &INVALID_LOCALE,
            format!("{what} `{}` is not a valid locale code: {why}", echo(code)),
        )
        .with_span(span)
        .with_pointer(pointer)
        .with_label_text("malformed locale code")
        .with_help(help.clone()),
        Verdict::Unknown(why) => Diagnostic::new(
            &INVALID_LOCALE,
            format!("{what} `{}` names no real locale: {why}", echo(code)),
        )
        .with_span(span)
        .with_pointer(pointer)
        .with_label_text("unknown locale")
        .with_help("use a real language and region, e.g. `en-us`, `fr-ca`, `zh-hant-tw`"),
        Verdict::Ok | Verdict::NotLowercase(_) => return None,
    })
}

/// On a hub profile-type route, a `locale` (or `locale-code`) parameter without a value or
/// with a malformed or unknown code.
impl RequestRule<CiRoute> for InvalidLocale {
    fn meta(&self) -> &'static RuleMeta {
        &INVALID_LOCALE
    }
    fn run(&self, request: &CiRequest<'_>, out: &mut Vec<Diagnostic>) {
        for p in request.locale_params() {
            match &p.value {
                Some(v) => {
                    let verdict = super::locale::verdict(v);
                    if matches!(verdict, Verdict::Ok | Verdict::NotLowercase(_)) {
                        continue;
                    }
                    let what = format!("`{}` parameter", p.key);
                    out.extend(finding(&verdict, v, request.value_span(p), "", &what));
                }
                None => out.push(
                    Diagnostic::new(
                        &INVALID_LOCALE,
                        format!("`{}` parameter has no value", p.key),
                    )
                    .with_span(p.span)
                    .with_help(
                        "write `locale=en-us`, or leave the parameter out (the default is `en-us`)",
                    ),
                ),
            }
        }
    }
}
