//! `ci/query-parameter`: a query parameter the route does not take. A request-level rule: the request check
//! (`src/request/ci.rs`) reports it from the request line.

use crate::core::{FixAvailability, Kind, Severity};
use crate::declare_rule;

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
