//! `ci/method`: a Customer Insights body sent with another method than PUT. A request-level rule: the request check
//! (`src/request/ci.rs`) reports it from the request line.

use crate::core::{FixAvailability, Kind, Severity};
use crate::declare_rule;

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
