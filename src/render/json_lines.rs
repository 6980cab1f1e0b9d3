//! JSON Lines: one JSON object per finding, in the fields of the `json` format.

use crate::Report;

/// One line per finding, each a complete JSON object.
pub fn render(reports: &[Report]) -> String {
    let mut out = String::new();
    for r in reports {
        for d in &r.diagnostics {
            out.push_str(
                &serde_json::to_string(&crate::render::json::diagnostic(r, d)).unwrap_or_default(),
            );
            out.push('\n');
        }
    }
    out
}
