//! JSON Lines: one JSON object per finding, in the fields of the `json` format.

use crate::Report;

/// One line per finding, each a complete JSON object.
pub fn render(reports: &[Report]) -> String {
    super::to_string(|out| write(reports, out))
}

/// Write one line per finding, rendered on every core (see `render::pieces`).
pub fn write(reports: &[Report], out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let threads = super::pieces::threads_for(reports);
    super::pieces::write_pieces(reports, false, threads, out, |piece, text: &mut Vec<u8>| {
        let r = &reports[piece.report];
        text.reserve(piece.findings.len() * 1024);
        for d in &r.diagnostics[piece.findings.clone()] {
            let mut json = super::json_text::JsonText::new(text, None);
            crate::render::json::write_diagnostic(&mut json, r, d);
            text.push(b'\n');
        }
    })
}
