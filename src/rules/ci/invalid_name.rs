//! `ci/invalid-name`: a profile-type or connector name breaking the API's pattern, in the
//! body (here) or in the request URL (over a recognised route, [`super::request::CiRequest`]).

use super::request::{CiRequest, CiRoute};
use super::view::echo;
use super::{Ci, CiPack};
use crate::core::pointer::pointer_join;
use crate::core::Diagnostic;
use crate::core::{FixAvailability, Kind, RuleMeta, Severity};
use crate::declare_rule;
use crate::parse::Node;
use crate::rules::pack::Rule;
use crate::rules::request::RequestRule;
use crate::rules::RuleContext;

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

/// `ci/invalid-name` as its pack runs it.
pub struct InvalidName;

impl Rule<CiPack> for InvalidName {
    fn meta(&self) -> &'static RuleMeta {
        &INVALID_NAME
    }
    fn run(&self, ci: &Ci<'_>, cx: &mut RuleContext<'_>) {
        let Some((key, node, name)) = body_name(ci) else {
            return;
        };
        let Some(why) = name_problem(name) else {
            return;
        };
        cx.report(
            &INVALID_NAME,
            node.span(),
            &pointer_join(ci.base, key),
            format!("`{key}` `{}` is not a valid name: {why}", echo(name)),
        )
        .help =
            Some("names match `^[a-zA-Z][a-zA-Z0-9_]+$` and have at most 128 characters".into());
    }
}

/// The name in the body: its key (`typeName`, `connectorName`), value node and text.
pub(super) fn body_name<'a>(ci: &Ci<'a>) -> Option<(&'static str, Node<'a>, &'a str)> {
    let key = match ci.kind {
        Kind::CiProfileType => "typeName",
        Kind::CiConnector => "connectorName",
        _ => return None,
    };
    let node = ci.def.get(key)?;
    Some((key, node, node.as_str()?))
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

/// The name in the URL of a profile-type or connector route.
impl RequestRule<CiRoute> for InvalidName {
    fn meta(&self) -> &'static RuleMeta {
        &INVALID_NAME
    }
    fn run(&self, request: &CiRequest<'_>, out: &mut Vec<Diagnostic>) {
        if let Some(why) = name_problem(request.name) {
            let what = if request.kind == Kind::CiProfileType {
                "profile type"
            } else {
                "connector"
            };
            out.push(
                Diagnostic::new(
                    &INVALID_NAME,
                    format!("{what} name `{}` is not valid: {why}", echo(request.name)),
                )
                .with_span(request.name_span)
                .with_label_text("invalid name")
                .with_help("names match `^[a-zA-Z][a-zA-Z0-9_]+$` and have at most 128 characters"),
            );
        }
    }
}
