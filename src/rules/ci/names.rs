//! Profile-type and connector names, and the request line (method, `api-version`, query).

use super::definition;
use super::echo;
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::kind::Kind;
use crate::parse::pointer_join;
use crate::rules::{FixAvailability, RuleContext};

declare_rule! {
    /// ## What it does
    /// Checks a profile-type or connector name, in the request URL or in the body
    /// (`typeName`, `connectorName`): it must match `^[a-zA-Z][a-zA-Z0-9_]+$` and be at most
    /// 128 characters long.
    ///
    /// ## Why is this bad?
    /// The API specification declares this pattern for the name of a profile type and of a
    /// connector; the service rejects other names. Note that the pattern needs at least two
    /// characters, and no `-`, `.` or space.
    ///
    /// ## Example
    /// `PUT …/manage/model/profiles/customer-v2`
    ///
    /// Use instead: `PUT …/manage/model/profiles/customer_v2`
    pub static INVALID_NAME = {
        code: "ci/invalid-name",
        kinds: [Kind::CiProfileType, Kind::CiConnector],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "a profile-type or connector name breaks `^[a-zA-Z][a-zA-Z0-9_]+$` (≤ 128)",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `typeName` (profile type) or `connectorName` (connector) in the body that is
    /// not the name of the request URL. Checked when the body is checked with its request.
    ///
    /// ## Why is this bad?
    /// The service names the resource from the URL; a different name in the body is either
    /// overwritten or rejected, and usually means the body was copied from another resource.
    pub static NAME_MISMATCH = {
        code: "ci/name-mismatch",
        kinds: [Kind::CiProfileType, Kind::CiConnector],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "the name in the body differs from the name in the URL",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a Customer Insights request without the `api-version` query parameter.
    ///
    /// ## Why is this bad?
    /// Both the hub API and ARM require `api-version`; requests without it are rejected.
    /// bodyguard checks bodies of api-version `2017-04-26`.
    pub static MISSING_API_VERSION = {
        code: "ci/missing-api-version",
        kinds: [Kind::CiProfileType, Kind::CiConnector],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "the request has no `api-version`",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `api-version` other than `2017-04-26`.
    ///
    /// ## Why is this bad?
    /// bodyguard's schemas and rules describe the bodies of api-version `2017-04-26` (the
    /// stable version of the API). Other versions (such as the earlier `2017-01-01`) took
    /// different bodies, so the findings may not hold for them.
    pub static API_VERSION = {
        code: "ci/api-version",
        kinds: [Kind::CiProfileType, Kind::CiConnector],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "the request's `api-version` is not `2017-04-26`",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a method other than `PUT` on a profile-type or connector route checked with a
    /// body.
    ///
    /// ## Why is this bad?
    /// Profile types and connectors are created or replaced with `PUT`; `POST` and `PATCH`
    /// are not routes of the API, and `GET`/`DELETE` take no body.
    pub static METHOD = {
        code: "ci/method",
        kinds: [Kind::CiProfileType, Kind::CiConnector],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "a Customer Insights body is sent with another method than PUT",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports query parameters the route does not take: `locale` (or `locale-code`) on a
    /// connector or on an ARM profile-type PUT, and any parameter other than `api-version`
    /// and `locale`/`locale-code`.
    ///
    /// ## Why is this bad?
    /// The hub API takes `locale` on profile-type requests to pick the language of returned
    /// texts. ARM takes `locale-code` only on GET, DELETE and LIST, not on PUT, and connectors
    /// have no localized texts. A parameter the route ignores usually means the request was
    /// meant for another route.
    pub static QUERY_PARAMETER = {
        code: "ci/query-parameter",
        kinds: [Kind::CiProfileType, Kind::CiConnector],
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "a query parameter the route does not take",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a body in the wrong envelope for its route: an ARM body (`{"properties": …}`)
    /// sent to the hub API (`…/manage/…`), or a bare definition sent to ARM
    /// (`…/providers/Microsoft.CustomerInsights/hubs/…`). Checked when the body is checked
    /// with its request.
    ///
    /// ## Why is this bad?
    /// The hub API takes the bare profile type or connector; ARM wraps it in `properties`.
    /// The other form is rejected, or its keys are taken for unknown properties.
    pub static BODY_FORM = {
        code: "ci/body-form",
        kinds: [Kind::CiProfileType, Kind::CiConnector],
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "an ARM body sent to the hub API, or a bare body sent to ARM",
    }
}

/// Why `name` is not an acceptable profile-type or connector name, if it is not.
pub fn name_problem(name: &str) -> Option<String> {
    let count = name.chars().count();
    if count > 128 {
        return Some(format!(
            "it is {count} characters long; at most 128 are allowed"
        ));
    }
    let mut chars = name.chars();
    match chars.next() {
        None => return Some("it is empty".into()),
        Some(c) if !c.is_ascii_alphabetic() => return Some("it must start with a letter".into()),
        _ => {}
    }
    if count < 2 {
        return Some("it must have at least 2 characters".into());
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
    {
        return Some(format!("`{c}` is not allowed: use letters, digits and `_`"));
    }
    None
}

/// Check `typeName`/`connectorName` in the body: pattern, and equality with the URL's name;
/// and the body's envelope against the route.
pub(crate) fn check(cx: &mut RuleContext<'_>) {
    body_form(cx);
    let (def, base) = definition(cx.root);
    let key = match cx.kind {
        Kind::CiProfileType => "typeName",
        Kind::CiConnector => "connectorName",
        _ => return,
    };
    let Some(node) = def.get(key) else { return };
    let Some(name) = node.as_str() else { return };
    let ptr = pointer_join(&base, key);
    if let Some(why) = name_problem(name) {
        if cx.enabled(&INVALID_NAME) {
            cx.report(
                &INVALID_NAME,
                node.span,
                &ptr,
                format!("`{key}` `{}` is not a valid name: {why}", echo(name)),
            )
            .help = Some(
                "names match `^[a-zA-Z][a-zA-Z0-9_]+$` and have at most 128 characters".into(),
            );
        }
        return;
    }
    let Some(url_name) = cx.request.and_then(|r| r.name.clone()) else {
        return;
    };
    if url_name != name && cx.enabled(&NAME_MISMATCH) {
        let how = if url_name.eq_ignore_ascii_case(name) {
            " (they differ only by case)"
        } else {
            ""
        };
        let d = cx.report(
            &NAME_MISMATCH,
            node.span,
            &ptr,
            format!(
                "`{key}` is `{}` but the URL names `{}`{how}",
                echo(name),
                echo(&url_name)
            ),
        );
        d.label = Some("differs from the URL".into());
        d.help = Some(
            format!(
                "write the URL's name here, or remove `{key}`: the server sets it from the URL"
            )
            .into(),
        );
    }
}

fn body_form(cx: &mut RuleContext<'_>) {
    let Some(action) = cx.request.map(|r| r.action.as_str()) else {
        return;
    };
    if !cx.enabled(&BODY_FORM) || cx.root.as_object().is_none() {
        return;
    }
    let arm = super::is_arm(cx.root);
    if action.ends_with("-hub") && arm {
        if let Some(m) = cx.root.member("properties") {
            cx.report(
                &BODY_FORM,
                m.key_span,
                "/properties",
                "`properties` wraps the body as ARM does, but this is a hub API route",
            )
            .help = Some(
                "send the content of `properties` as the body to the hub API, or use the ARM route"
                    .into(),
            );
        }
    } else if action.ends_with("-arm") && !arm {
        cx.report(
            &BODY_FORM,
            super::opening_brace(cx.root),
            "",
            "ARM takes the definition wrapped in `properties`, but this body is bare",
        )
        .help = Some("wrap the body: `{\"properties\": { … }}`".into());
    }
}
