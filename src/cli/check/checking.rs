//! Step 4: check every input, on all cores.

use super::inputs::Input;
use crate::core::builtin;
use crate::core::diagnostic::Diagnostic;
use crate::core::source::SourceFile;
use crate::{Checker, Report};
use std::sync::Arc;

/// Check `inputs` on all cores; reports come back in the order of `inputs`.
/// The flag is true when a file could not be read at all.
pub(super) fn check_inputs(
    checker: &Checker,
    inputs: &[Input],
    max_file_size: u64,
) -> (Vec<Report>, bool) {
    let reader = crate::files::Reader::with_limit(max_file_size);
    let slots = crate::parallel::map_ordered(
        inputs,
        crate::parallel::threads_for(inputs.len()),
        |input| {
            let text = match (&input.text, &input.path) {
                (Some(t), _) => Ok(t.clone()),
                (None, Some(p)) => reader.read(p),
                (None, None) => Ok(String::new()),
            };
            match text {
                Ok(text) => (
                    checker.check_source(SourceFile::new(&*input.name, text), input.kind),
                    false,
                ),
                Err((message, io)) => (io_report(&input.name, &message), io),
            }
        },
    );
    let mut io_failed = false;
    let reports = slots
        .into_iter()
        .flatten()
        .map(|(r, io)| {
            io_failed |= io;
            r
        })
        .collect();
    (reports, io_failed)
}

/// The report of a file that could not be read: one `io/` finding.
pub(super) fn io_report(path: &str, message: &str) -> Report {
    Report {
        source: Arc::new(SourceFile::new(path, "")),
        kind: None,
        diagnostics: vec![Diagnostic::new(&builtin::IO, format!("{path}: {message}"))],
        facts: Vec::new(),
        skipped: false,
    }
}
