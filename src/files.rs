//! Turning command-line paths, directories and globs into a list of files, and reading them.

use std::path::{Path, PathBuf};

/// A problem with an input argument (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The argument or path concerned.
    pub path: String,
    /// What went wrong.
    pub message: String,
}

/// Expand `args` into files: a file is taken as is, a directory is walked for `*.json` and
/// `*.jsonc` (hidden directories and `node_modules` skipped), anything else is a glob.
/// The result is sorted and de-duplicated.
pub fn collect(args: &[String]) -> (Vec<PathBuf>, Vec<InputError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for arg in args {
        let path = Path::new(arg);
        if path.is_dir() {
            walk(path, &mut files, &mut errors);
        } else if path.exists() {
            files.push(path.to_path_buf());
        } else if arg.contains(['*', '?', '[']) {
            match glob::glob(arg) {
                Ok(paths) => {
                    let before = files.len();
                    for entry in paths {
                        match entry {
                            Ok(p) if p.is_dir() => walk(&p, &mut files, &mut errors),
                            Ok(p) => files.push(p),
                            Err(e) => errors.push(InputError {
                                path: e.path().display().to_string(),
                                message: e.error().to_string(),
                            }),
                        }
                    }
                    if files.len() == before {
                        errors.push(InputError {
                            path: arg.clone(),
                            message: "the pattern matched no file".into(),
                        });
                    }
                }
                Err(e) => errors.push(InputError {
                    path: arg.clone(),
                    message: format!("invalid glob pattern: {}", e.msg),
                }),
            }
        } else {
            errors.push(InputError {
                path: arg.clone(),
                message: "no such file or directory".into(),
            });
        }
    }
    sort_paths(&mut files);
    files.dedup();
    (files, errors)
}

/// Sort as `files.sort()` does (component by component), splitting each path into its
/// components once rather than at every comparison.
fn sort_paths(files: &mut Vec<PathBuf>) {
    let mut keyed: Vec<(Vec<std::path::Component<'_>>, usize)> = files
        .iter()
        .enumerate()
        .map(|(i, p)| (p.components().collect(), i))
        .collect();
    // Equal keys keep their order (the index breaks ties), as the stable sort would.
    keyed.sort_unstable();
    let order: Vec<usize> = keyed.into_iter().map(|(_, i)| i).collect();
    let mut slots: Vec<Option<PathBuf>> = std::mem::take(files).into_iter().map(Some).collect();
    files.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<InputError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(InputError {
                path: dir.display().to_string(),
                message: e.to_string(),
            });
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            if !name.starts_with('.') && name != "node_modules" && name != "target" {
                walk(&path, files, errors);
            }
        } else if name.ends_with(".json") || name.ends_with(".jsonc") {
            files.push(path);
        }
    }
}

/// Read a file as UTF-8. `Err` carries a message and whether it is an I/O failure (exit 2)
/// rather than a content problem (a finding).
pub fn read(path: &Path) -> Result<String, (String, bool)> {
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            (
                format!("the file is not valid UTF-8 (first bad byte at offset {at})"),
                false,
            )
        }),
        Err(_) if path.is_dir() => Err(("is a directory, not a file".into(), true)),
        Err(e) => Err((e.to_string(), true)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_sort_as_path_ord_does() {
        let names = [
            "a/b",
            "a.b/c",
            "a//b",
            "./a",
            "a/./b",
            "-x",
            "/r/x",
            "/r",
            "b",
            "a/b/",
            "a",
            "..",
            "../a",
            "a/b.json",
            "a/B.json",
            "a-b/c",
            "a/b/c",
            "x/y.jsonc",
            "x/y.json",
            "é/x",
            "a/b",
        ];
        let mut expected: Vec<PathBuf> = names.iter().map(PathBuf::from).collect();
        let mut ours = expected.clone();
        expected.sort();
        sort_paths(&mut ours);
        let text = |v: &[PathBuf]| {
            v.iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(text(&ours), text(&expected));
    }
}
