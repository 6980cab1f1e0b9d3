//! JSON Lines: one JSON object per finding, in the fields of the `json` format.

use crate::Report;

/// One line per finding, each a complete JSON object.
pub fn render(reports: &[Report]) -> String {
    super::to_string(|out| write(reports, out))
}

/// Write one line per finding.
pub fn write(reports: &[Report], out: &mut dyn std::io::Write) -> std::io::Result<()> {
    for r in reports {
        for d in &r.diagnostics {
            super::write_json(out, &crate::render::json::view(r, d), false)?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}
