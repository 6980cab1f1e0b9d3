//! The typed entry: check a value of one of the [`crate::models`] as the body it is.

use crate::core::{Report, SourceFile};
use crate::models::Body;
use crate::Checker;

impl Checker {
    /// Check a typed body (a [`crate::models`] value) as the kind it is. The value is
    /// written as pretty-printed JSON in the model's field order, and the findings' lines,
    /// columns and code frames refer to that text (`report.source`).
    ///
    /// ```
    /// use bodyguard::models::kuzzle::{Policy, Profile};
    /// use bodyguard::Checker;
    ///
    /// let profile = Profile {
    ///     policies: vec![Policy { role_id: "admin".into(), restricted_to: None }],
    ///     rate_limit: None,
    ///     tags: None,
    /// };
    /// let report = Checker::new().check_model(&profile);
    /// assert!(report.is_clean(), "{:?}", report.diagnostics);
    /// assert!(report.source.text().starts_with("{\n  \"policies\""));
    /// ```
    pub fn check_model<B: Body>(&self, body: &B) -> Report {
        // A model holds no map with non-string keys: serialising it cannot fail.
        let text = serde_json::to_string_pretty(body).unwrap_or_default();
        self.check_source(SourceFile::new("<model>", text), Some(B::KIND))
    }
}
