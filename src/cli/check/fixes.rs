//! Step 3 (`--fix`, `--diff`): apply the safe fixes until stable, writing each file
//! atomically, or print them as a masked unified diff.

use super::inputs::{Input, Inputs};
use super::setup::Setup;
use super::{CheckArgs, Stop};
use crate::core::diagnostic::Diagnostic;
use crate::render::printable;
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Fix the inputs in place (their fixed text is what the check step then reads), print the
/// fixed body of stdin, or print the diff and stop the run. Returns true when a fix could not
/// be applied or written (the run then exits 2). Does nothing without `--fix` or `--diff`.
pub(super) fn fix_or_diff(
    args: &CheckArgs,
    setup: &Setup,
    inputs: &mut Inputs,
) -> Result<bool, Stop> {
    if !(args.fix || args.diff) {
        return Ok(false);
    }
    let mut fixer = Fixer {
        args,
        setup,
        diffed: false,
        cleaned: HashSet::new(),
        failed: false,
    };
    for input in &mut inputs.list {
        fixer.fix(input);
    }
    let fix_failed = fixer.failed;
    if args.diff {
        let _ = std::io::stdout().lock().flush();
        return Err(Stop(if fix_failed || !inputs.errors.is_empty() {
            2
        } else {
            i32::from(fixer.diffed)
        }));
    }
    if inputs.stdin {
        // The fixed body goes to stdout, for editors and pipes.
        if let Some(text) = inputs.list.first().and_then(|i| i.text.as_ref()) {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
        }
    }
    Ok(fix_failed)
}

/// The state of one fixing pass over the inputs.
struct Fixer<'a> {
    args: &'a CheckArgs,
    setup: &'a Setup,
    /// True once a diff was printed (`--diff`).
    diffed: bool,
    /// Directories already cleared of the temporary files of interrupted runs.
    cleaned: HashSet<PathBuf>,
    /// A fix could not be applied or written.
    failed: bool,
}

impl Fixer<'_> {
    /// Fix one input: write it (or keep its fixed text for stdin), or add its diff.
    fn fix(&mut self, input: &mut Input) {
        let (args, setup) = (self.args, self.setup);
        let text = std::sync::Arc::new(match (&input.text, &input.path) {
            (Some(t), _) => t.clone(),
            (None, Some(p)) => match crate::files::read_limited(p, setup.max_file_size) {
                Ok(t) => t,
                Err(_) => return, // reported by the check below
            },
            (None, None) => return,
        });
        let relative = input.relative.clone();
        // The name as messages on stderr show it (no terminal control characters).
        let shown = printable(&input.name).into_owned();
        let is_ignored = |relative: &str, d: &Diagnostic| {
            setup
                .config
                .as_ref()
                .is_some_and(|c| c.ignores.iter().any(|ig| ig.suppresses(relative, d)))
        };
        let fixed = crate::fix::fix_shared_until_stable(
            &setup.checker,
            &input.name,
            &text,
            input.kind,
            |d| !is_ignored(&relative, d),
        );
        if fixed.broke {
            eprintln!(
                "error: {}: a fix produced text that no longer parses; the file was left as it was",
                shown
            );
            self.failed = true;
        }
        if fixed.introduced > 0 {
            let list: Vec<String> = fixed
                .introduced_shown
                .iter()
                .take(5)
                .map(|(code, pointer)| format!("{code} at `{pointer}`"))
                .collect();
            let named = if list.is_empty() {
                String::new()
            } else {
                format!(
                    " ({}{})",
                    printable(&list.join(", ")),
                    if fixed.introduced > list.len() {
                        ", …"
                    } else {
                        ""
                    }
                )
            };
            eprintln!(
                "error: {shown}: the fixes would add {} finding{} the file does not have{named}; the file was left as it was",
                fixed.introduced,
                if fixed.introduced == 1 { "" } else { "s" },
            );
            self.failed = true;
        }
        if fixed.text == *text {
            if input.path.is_none() && args.fix && !args.quiet && !fixed.broke {
                // stdout carries the body: say on stderr why it comes back unchanged.
                eprintln!(
                    "nothing to fix in {}: the body is printed unchanged",
                    input.name
                );
            }
            return;
        }
        if args.diff {
            // Printed as it is made: the diff of a big file is not held twice.
            print_masked_diff(&input.name, &text, fixed.text);
            self.diffed = true;
            return;
        }
        match &input.path {
            Some(path) if !fixed.broke => {
                let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
                if self.cleaned.insert(dir.clone()) {
                    let dir = if dir.as_os_str().is_empty() {
                        Path::new(".")
                    } else {
                        &dir
                    };
                    crate::fsutil::clean_stale_temporaries(dir);
                }
                match crate::fsutil::write_atomic(path, fixed.text.as_bytes()) {
                    Ok(()) => {}
                    Err(crate::fsutil::WriteError::Refused(why)) => {
                        eprintln!("error: {}", printable(&why));
                        self.failed = true;
                        return;
                    }
                    Err(e) => {
                        eprintln!("error: cannot write {shown}: {e}");
                        self.failed = true;
                        return;
                    }
                }
                if !args.quiet {
                    eprintln!(
                        "fixed {} ({} fix{})",
                        shown,
                        fixed.applied,
                        if fixed.applied == 1 { "" } else { "es" }
                    );
                }
                input.text = Some(fixed.text);
            }
            Some(_) => {}
            None => input.text = Some(fixed.text),
        }
    }
}

/// Print a unified diff of `old` → `new` with secret values masked on both sides.
fn print_masked_diff(name: &str, old: &std::sync::Arc<String>, new: String) {
    let new = std::sync::Arc::new(new);
    let new = crate::secrets::mask_shared(name, &new);
    let old = crate::secrets::mask_shared(name, old);
    // Shown, not applied: control characters are replaced as in every text output. Written
    // as it is made: the diff of a file on one line holds the whole file twice.
    let mut out = Printable(std::io::BufWriter::new(std::io::stdout().lock()));
    let _ = crate::fix::write_unified_diff(name, &old, &new, &mut out);
    let _ = out.0.flush();
}

/// Writes text to an output with [`printable`]'s replacements.
struct Printable<W>(W);

impl<W: Write> std::fmt::Write for Printable<W> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0
            .write_all(printable(s).as_bytes())
            .map_err(|_| std::fmt::Error)
    }
}
