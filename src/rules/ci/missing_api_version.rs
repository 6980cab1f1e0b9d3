//! `ci/missing-api-version`: the request has no `api-version`. A request-level rule: the request check
//! (`src/request/ci.rs`) reports it from the request line.

use crate::core::{FixAvailability, Kind, Severity};
use crate::declare_rule;

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
