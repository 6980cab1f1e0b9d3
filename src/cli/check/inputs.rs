//! Step 2: the bodies to check, from the paths, directories and globs given, or stdin (`-`).

use super::setup::Setup;
use super::{CheckArgs, Stop};
use crate::config::Config;
use crate::core::Kind;
use crate::files::InputError;
use crate::Report;
use std::path::{Path, PathBuf};

/// One body to check.
pub(super) struct Input {
    /// Display name (the path as given, or `--stdin-filename`).
    pub(super) name: String,
    /// Where to read and write it; `None` for stdin.
    pub(super) path: Option<PathBuf>,
    /// Path relative to the configuration directory, for globs.
    pub(super) relative: String,
    /// `--kind`, else the `[[kinds]]` mapping.
    pub(super) kind: Option<Kind>,
    /// The text when already read (stdin, fixed text).
    pub(super) text: Option<String>,
}

/// The inputs of a run, and the paths that gave none.
pub(super) struct Inputs {
    /// The bodies, in the order they are reported.
    pub(super) list: Vec<Input>,
    /// Paths that do not exist, globs without a match, stdin that is not UTF-8.
    pub(super) errors: Vec<InputError>,
    /// True when the one input is stdin.
    pub(super) stdin: bool,
}

impl Inputs {
    /// Read stdin, or walk the paths, and give each body its relative name and kind. A
    /// problem with stdin itself is printed on stderr and stops the run with exit code 2.
    pub(super) fn resolve(args: &CheckArgs, setup: &Setup) -> Result<Inputs, Stop> {
        let config = &setup.config;
        let stdin = args.paths.iter().any(|p| p == "-");
        if stdin && args.paths.len() > 1 {
            eprintln!("error: `-` (stdin) cannot be combined with other paths");
            return Err(Stop(2));
        }
        let mut input_errors = Vec::new();
        let inputs: Vec<Input> = if stdin {
            let text = match crate::files::read_stdin(setup.max_file_size) {
                Ok(text) => text,
                Err(e) => {
                    eprintln!("error: cannot read stdin: {e}");
                    return Err(Stop(2));
                }
            };
            let name = args
                .stdin_filename
                .clone()
                .unwrap_or_else(|| "<stdin>".into());
            let text = match String::from_utf8(text) {
                Ok(t) => t,
                Err(e) => {
                    input_errors.push(InputError {
                        path: name.clone(),
                        message: format!(
                            "the input is not valid UTF-8 (first bad byte at offset {})",
                            e.utf8_error().valid_up_to()
                        ),
                    });
                    String::new()
                }
            };
            let relative = match config {
                Some(c) if args.stdin_filename.is_some() => c.relative(Path::new(&name)),
                _ => relative_name(&name),
            };
            if input_errors.is_empty() {
                vec![Input {
                    kind: args
                        .kind
                        .or_else(|| config.as_ref().and_then(|c| c.kind_for(&relative))),
                    name,
                    path: None,
                    relative,
                    text: Some(text),
                }]
            } else {
                Vec::new()
            }
        } else {
            let (files, errors) = crate::files::collect(&args.paths);
            input_errors = errors;
            let mut relative_names = config.as_ref().map(Config::relative_names);
            files
                .into_iter()
                .map(|path| {
                    // What `display()` shows, without the formatting machinery for UTF-8 paths.
                    let name = path
                        .to_str()
                        .map_or_else(|| path.display().to_string(), str::to_owned);
                    let relative = match &mut relative_names {
                        Some(names) => names.relative(&path),
                        None => relative_name(&name),
                    };
                    Input {
                        name,
                        kind: args
                            .kind
                            .or_else(|| config.as_ref().and_then(|c| c.kind_for(&relative))),
                        relative,
                        path: Some(path),
                        text: None,
                    }
                })
                .collect()
        };
        Ok(Inputs {
            list: inputs,
            errors: input_errors,
            stdin,
        })
    }

    /// One `io/` report per path that gave no input, to follow the checked files.
    pub(super) fn error_reports(&self) -> impl Iterator<Item = Report> + '_ {
        self.errors
            .iter()
            .map(|e| super::checking::io_report(&e.path, &e.message))
    }
}

fn relative_name(name: &str) -> String {
    crate::baseline::normalize_path(name)
}
