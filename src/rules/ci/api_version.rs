//! `ci/api-version`: the request's `api-version` is not the one bodyguard describes. A request-level rule: the request check
//! (`src/request/ci.rs`) reports it from the request line.

use crate::core::{FixAvailability, Kind, Severity};
use crate::declare_rule;

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
