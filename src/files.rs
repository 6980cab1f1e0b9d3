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
    (files, errors)
}

/// Sort and de-duplicate as `files.sort(); files.dedup()` do (component by component),
/// without splitting both paths into components at every comparison: each path gets a byte
/// key once, whose byte order is the order of its components.
fn sort_paths(files: &mut Vec<PathBuf>) {
    let Some(keys) = files
        .iter()
        .map(|p| component_key(p))
        .collect::<Option<Vec<Vec<u8>>>>()
    else {
        // A path this key cannot order (a Windows prefix such as `C:`): the slow way.
        files.sort();
        files.dedup();
        return;
    };
    let mut keyed: Vec<(Vec<u8>, usize)> = keys.into_iter().zip(0..).collect();
    // Equal keys keep their order (the index breaks ties), as the stable sort would.
    keyed.sort_unstable();
    // Equal keys are equal paths: keep the first of each run, as `dedup` does.
    keyed.dedup_by(|b, a| a.0 == b.0);
    let mut slots: Vec<Option<PathBuf>> = std::mem::take(files).into_iter().map(Some).collect();
    files.extend(keyed.into_iter().filter_map(|(_, i)| slots[i].take()));
}

/// The components of `path` as bytes that compare as `Path`'s `Ord` compares components:
/// each component is a tag in the order of `Component`'s variants, then for a name its
/// bytes and a 0 (no name holds a 0 byte: the tag of the next component never meets a
/// name byte). `None` for a path with a Windows prefix.
fn component_key(path: &Path) -> Option<Vec<u8>> {
    use std::path::Component;
    let mut key = Vec::with_capacity(path.as_os_str().len() + 8);
    for c in path.components() {
        match c {
            Component::Prefix(_) => return None,
            Component::RootDir => key.push(1),
            Component::CurDir => key.push(2),
            Component::ParentDir => key.push(3),
            Component::Normal(name) => {
                let bytes = name.as_encoded_bytes();
                if bytes.contains(&0) {
                    return None;
                }
                key.push(4);
                key.extend_from_slice(bytes);
                key.push(0);
            }
        }
    }
    Some(key)
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

/// The first read of a file asks for this many bytes.
const READ_BUFFER: usize = 8 * 1024;

/// Read a file as UTF-8. `Err` carries a message and whether it is an I/O failure (exit 2)
/// rather than a content problem (a finding).
pub fn read(path: &Path) -> Result<String, (String, bool)> {
    // `std::fs::read` asks the file's size first (one more system call per file); bodies are
    // small, so a buffer that usually holds the whole file does better.
    let read = || -> std::io::Result<Vec<u8>> {
        use std::io::Read;
        let mut bytes = Vec::with_capacity(READ_BUFFER);
        std::fs::File::open(path)?.read_to_end(&mut bytes)?;
        Ok(bytes)
    };
    match read() {
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
        expected.dedup();
        sort_paths(&mut ours);
        let text = |v: &[PathBuf]| {
            v.iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(text(&ours), text(&expected));
    }
}
