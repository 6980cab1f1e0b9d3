//! `kuzzle/securities-invalid-credentials`: `local` credentials the plugin refuses.

use super::view::User;
use super::{Securities, SecuritiesPack};
use crate::core::diagnostic::snippet;
use crate::core::pointer::pointer_join;
use crate::core::source::Span;
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::parse::{Member, Node, Value};
use crate::rules::pack::Rule;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it does
    /// Flags `local` credentials that Kuzzle's local authentication plugin refuses: a missing
    /// or empty `username` or `password`, a `kuid` inside the credentials, and a `username` used
    /// by two users of the file.
    ///
    /// ## Why is this bad?
    /// The plugin refuses the credentials (a `BadRequestError` such as "Password required." or
    /// "kuid cannot be specified in credentials."), Kuzzle deletes the user it has just
    /// created, and the load fails. Two users with the same username are created at the same
    /// time: one of them fails (`services.storage.document_already_exists`) and is rolled back,
    /// and which one depends on timing.
    ///
    /// Password values are never shown in bodyguard's output.
    ///
    /// ## Example
    /// ```json
    /// {"users": {"jdoe": {"content": {"profileIds": ["default"]}, "credentials": {"local": {"username": "jdoe"}}}}}
    /// ```
    /// Use instead: give both `username` and `password` (better: create the credentials
    /// outside the file, so no password is committed).
    pub static SECURITIES_INVALID_CREDENTIALS = {
        code: "kuzzle/securities-invalid-credentials",
        kinds: [Kind::KuzzleSecurities],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "`local` credentials the authentication plugin refuses",
    }
}

/// `kuzzle/securities-invalid-credentials` as its pack runs it.
pub struct InvalidCredentials;

impl Rule<SecuritiesPack> for InvalidCredentials {
    fn meta(&self) -> &'static RuleMeta {
        &SECURITIES_INVALID_CREDENTIALS
    }
    fn run(&self, file: &Securities<'_>, cx: &mut RuleContext<'_>) {
        // Borrowed from the tree: a big file has thousands of users, and most findings none.
        let mut usernames: foldhash::HashMap<&str, Span> = Default::default();
        for u in &file.users {
            let Some(creds) = u.credentials() else {
                continue;
            };
            if let Some(local) = creds.value().get("local") {
                check_local_credentials(cx, local, local_span(creds), u, &mut usernames);
            }
        }
    }
}

fn local_span(creds: Member<'_>) -> Span {
    creds
        .value()
        .member("local")
        .map(|m| m.key_span())
        .unwrap_or(creds.key_span())
}

fn check_local_credentials<'a>(
    cx: &mut RuleContext<'_>,
    local: Node<'a>,
    key_span: Span,
    user: &User<'_>,
    usernames: &mut foldhash::HashMap<&'a str, Span>,
) {
    if local.as_object().is_none() {
        return;
    }
    // The pointer of `field` in the credentials, built only for a finding.
    let at = |field: &str| pointer_join(&format!("{}/credentials/local", user.pointer()), field);
    for field in ["username", "password"] {
        let value = local.get(field);
        // The plugin wants a truthy username (any type but an array, which the storage
        // refuses) and a non-empty string password.
        let ok = match (field, value.map(|v| v.value())) {
            (_, Some(Value::String(s))) => !s.is_empty(),
            ("username", Some(Value::Number(n))) => n.parse::<f64>().is_ok_and(|n| n != 0.0),
            ("username", Some(Value::Bool(b))) => b,
            ("username", Some(Value::Object(_))) => true,
            _ => false,
        };
        if ok && field == "username" && value.is_some_and(|v| v.as_str().is_none()) {
            let v = value.expect("checked"); // ok: `is_some_and` on the line above
            let d = cx.report(
                &SECURITIES_INVALID_CREDENTIALS,
                v.span(),
                &at(field),
                format!(
                    "`local` credentials: `username` is {}, not a string",
                    v.type_name()
                ),
            );
            d.severity = Severity::Warning;
            d.help = Some(
                "Kuzzle's local authentication plugin accepts it as is, but a login name is typed as a string: write it as one"
                    .into(),
            );
            continue;
        }
        if !ok {
            let (span, what) = match local.member(field) {
                Some(m) => (m.value().span(), "must be a non-empty string"),
                None => (key_span, "is missing"),
            };
            let answer = if field == "password" {
                "a `BadRequestError` \"Password required.\""
            } else {
                "a `BadRequestError`"
            };
            cx.report(
                &SECURITIES_INVALID_CREDENTIALS,
                span,
                &at(field),
                format!("`local` credentials: `{field}` {what}"),
            )
            .help = Some(format!(
                "give both `username` and `password`; Kuzzle's local authentication plugin answers {answer} and the user is rolled back"
            ).into());
        }
    }
    if let Some(m) = local.member("kuid") {
        cx.report(
            &SECURITIES_INVALID_CREDENTIALS,
            m.key_span(),
            &at("kuid"),
            "`kuid` cannot be set in credentials",
        )
        .help = Some(
            "remove it: the user's key in the file is its kuid; the plugin answers \"kuid cannot be specified in credentials.\""
                .into(),
        );
    }
    if let Some(name) = local.get("username") {
        if let Some(s) = name.as_str().filter(|s| !s.is_empty()) {
            if let Some(first) = usernames.get(s).copied() {
                let d = cx.report(
                    &SECURITIES_INVALID_CREDENTIALS,
                    name.span(),
                    &at("username"),
                    format!("username `{}` is used by two users", snippet(s)),
                );
                d.help = Some(
                    "give each user its own username: one of the two is refused (`services.storage.document_already_exists`) and rolled back"
                        .into(),
                );
                d.labels.push(crate::core::diagnostic::Label::new(
                    first,
                    "first used here",
                ));
            } else {
                usernames.insert(s, name.span());
            }
        }
    }
}
