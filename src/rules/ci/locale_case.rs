//! `ci/locale-case`: a valid locale code not in the service's lowercase form.

use super::locale::Verdict;
use super::request::{CiRequest, CiRoute};
use super::view::{echo, json_string};
use super::{Ci, CiPack};
use crate::core::edit::{Edit, Fix};
use crate::core::{Diagnostic, Span};
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::rules::pack::Rule;
use crate::rules::request::RequestRule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Reports a valid locale code that is not in the service's lowercase form, such as
    /// `en-US` for `en-us` or `zh-Hant-TW` for `zh-hant-tw`.
    ///
    /// ## Why is this bad?
    /// BCP 47 tags compare case-insensitively, but every example and default of the service is
    /// lowercase (`en-us`), and a client looking up a map key by exact string misses `en-US`.
    ///
    /// ## Fix
    /// Lowercases the code (safe).
    pub static LOCALE_CASE = {
        code: "ci/locale-case",
        kinds: [Kind::CiProfileType, Kind::CiConnector],
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        summary: "a locale code is not in the service's lowercase form",
    }
}

/// `ci/locale-case` as its pack runs it (on the keys of localized maps; the request check
/// reports it on the `locale` parameter).
pub struct LocaleCase;

impl Rule<CiPack> for LocaleCase {
    fn meta(&self) -> &'static RuleMeta {
        &LOCALE_CASE
    }
    fn run(&self, ci: &Ci<'_>, cx: &mut RuleContext<'_>) {
        for key in ci.locale_keys() {
            let Verdict::NotLowercase(lower) = &key.verdict else {
                continue;
            };
            let mut d = finding(key.code, lower, key.span, true, &key.pointer, "locale key");
            // Lowercasing onto another key of the map (`en-us` beside `en-US`, or two
            // spellings of one code) would make a duplicate key and lose one translation:
            // no fix then, only the finding.
            if key.collides {
                d.fix = None;
                d.help = Some(
                    "this map already holds the code in another spelling: merge the two \
                     translations into the lowercase key and remove the other"
                        .into(),
                );
            }
            cx.push(d);
        }
    }
}

/// The finding on locale code `code` written at `span` (`quoted`: the span includes JSON
/// quotes), valid but for its case (`lower`). `what` names where it sits.
pub(super) fn finding(
    code: &str,
    lower: &str,
    span: Span,
    quoted: bool,
    pointer: &str,
    what: &str,
) -> Diagnostic {
    let replacement = if quoted {
        json_string(lower)
    } else {
        lower.to_string()
    };
    Diagnostic::new(
        &LOCALE_CASE,
        format!(
            "{what} `{}` is written `{}` by the service",
            echo(code),
            echo(lower)
        ),
    )
    .with_span(span)
    .with_pointer(pointer)
    .with_label_text("not lowercase")
    .with_help(format!("write `{}`", echo(lower)))
    .with_fix(Fix::safe(
        vec![Edit::replace(span, replacement)],
        format!("lowercase to `{}`", echo(lower)),
    ))
}

/// On a hub profile-type route, a `locale` (or `locale-code`) parameter whose code is valid
/// but not lowercase.
impl RequestRule<CiRoute> for LocaleCase {
    fn meta(&self) -> &'static RuleMeta {
        &LOCALE_CASE
    }
    fn run(&self, request: &CiRequest<'_>, out: &mut Vec<Diagnostic>) {
        for p in request.locale_params() {
            let Some(v) = &p.value else { continue };
            if let Verdict::NotLowercase(lower) = super::locale::verdict(v) {
                let what = format!("`{}` parameter", p.key);
                out.push(finding(v, &lower, request.value_span(p), false, "", &what));
            }
        }
    }
}
