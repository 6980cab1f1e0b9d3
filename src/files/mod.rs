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
    // Each file with its sort key when already known (see `component_key`).
    let mut files: Vec<(PathBuf, Option<Vec<u8>>)> = Vec::new();
    let mut errors = Vec::new();
    for arg in args {
        let path = Path::new(arg);
        if path.is_dir() {
            let before = files.len();
            walk(
                path,
                component_key(path).as_deref(),
                &mut files,
                &mut errors,
            );
            if files.len() == before {
                errors.push(InputError {
                    path: arg.clone(),
                    message: "the directory holds no *.json or *.jsonc file".into(),
                });
            }
        } else if path.exists() {
            files.push((path.to_path_buf(), None));
        } else if arg.contains(['*', '?', '[']) {
            let before = files.len();
            let result = glob_paths(arg, &mut |p, is_dir| {
                if is_dir {
                    walk(&p, component_key(&p).as_deref(), &mut files, &mut errors)
                } else {
                    files.push((p, None));
                }
                true
            });
            match result {
                Ok(unreadable) => {
                    errors.extend(unreadable);
                    if files.len() == before {
                        errors.push(InputError {
                            path: arg.clone(),
                            message: "the pattern matched no file".into(),
                        });
                    }
                }
                Err(message) => errors.push(InputError {
                    path: arg.clone(),
                    message,
                }),
            }
        } else {
            errors.push(InputError {
                path: arg.clone(),
                message: "no such file or directory".into(),
            });
        }
    }
    (sort_paths(files), errors)
}

/// Compile `pattern` (a glob relative to the configuration directory or the working
/// directory): `*` and `?` stay within a path component, `**` spans components.
pub fn compile_glob(pattern: &str) -> Result<globset::GlobMatcher, String> {
    globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .backslash_escape(cfg!(unix))
        .build()
        .map(|g| g.compile_matcher())
        .map_err(|e| e.kind().to_string())
}

/// Call `found` with every path matching the glob `pattern` (files and directories, with
/// whether it is a directory) until it returns false. The directories below the pattern's
/// literal start are walked once each: a symbolic link to a directory is followed, but a
/// directory already visited (a link back up the tree, or two links to one place) is not
/// entered again, and a pattern without `**` is not walked deeper than it has components.
/// Matching is linear in the path (no backtracking). `Ok` holds the directories that could
/// not be read; `Err` an invalid pattern.
pub fn glob_paths(
    pattern: &str,
    found: &mut dyn FnMut(PathBuf, bool) -> bool,
) -> Result<Vec<InputError>, String> {
    let parts: Vec<&str> = pattern.split('/').collect();
    let first = parts
        .iter()
        .position(|c| c.contains(['*', '?', '[', '{']))
        .unwrap_or(parts.len().saturating_sub(1));
    let base = match &parts[..first] {
        [] => None,
        [""] => Some(PathBuf::from("/")),
        literal => Some(PathBuf::from(literal.join("/"))),
    };
    let rest = &parts[first..];
    let matcher = compile_glob(&rest.join("/"))?;
    let max_depth = if rest.iter().any(|c| c.contains("**")) {
        usize::MAX
    } else {
        rest.len()
    };
    let mut walker = GlobWalk {
        matcher,
        max_depth,
        visited: std::collections::HashSet::new(),
        errors: Vec::new(),
        found,
        stopped: false,
    };
    let start = base.clone().unwrap_or_else(|| PathBuf::from("."));
    if let Some(id) = dir_id(&start) {
        walker.visited.insert(id);
    }
    walker.walk(&start, base.is_none(), "", 1);
    Ok(walker.errors)
}

/// The state of one [`glob_paths`] walk.
struct GlobWalk<'f> {
    matcher: globset::GlobMatcher,
    max_depth: usize,
    /// Directories entered (device and inode).
    visited: std::collections::HashSet<(u64, u64)>,
    errors: Vec<InputError>,
    found: &'f mut dyn FnMut(PathBuf, bool) -> bool,
    stopped: bool,
}

impl GlobWalk<'_> {
    /// Match the entries of `dir` (whose path relative to the pattern's start is `rel`, at
    /// `depth` components); `bare`: the walk started at an implicit `.`, so paths are
    /// written without it.
    fn walk(&mut self, dir: &Path, bare: bool, rel: &str, depth: usize) {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                if depth > 1 {
                    self.errors.push(InputError {
                        path: dir.display().to_string(),
                        message: e.to_string(),
                    });
                }
                return;
            }
        };
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            if self.stopped {
                return;
            }
            let name = entry.file_name();
            let Some(name_text) = name.to_str() else {
                continue;
            };
            let path = if bare && depth == 1 {
                PathBuf::from(&name)
            } else {
                dir.join(&name)
            };
            let child_rel = if rel.is_empty() {
                name_text.to_string()
            } else {
                format!("{rel}/{name_text}")
            };
            // A link is followed to see what it names.
            let is_dir = match entry.file_type() {
                Ok(t) if t.is_symlink() => path.is_dir(),
                Ok(t) => t.is_dir(),
                Err(_) => false,
            };
            if self.matcher.is_match(&child_rel) && !(self.found)(path.clone(), is_dir) {
                self.stopped = true;
                return;
            }
            if is_dir && depth < self.max_depth {
                if let Some(id) = dir_id(&path) {
                    if !self.visited.insert(id) {
                        continue;
                    }
                }
                self.walk(&path, bare, &child_rel, depth + 1);
            }
        }
    }
}

/// The device and inode of the directory `path` names (links followed).
fn dir_id(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Sort and de-duplicate as `files.sort(); files.dedup()` do (component by component),
/// without splitting both paths into components at every comparison: each path gets a byte
/// key once (given, or computed here), whose byte order is the order of its components.
fn sort_paths(mut files: Vec<(PathBuf, Option<Vec<u8>>)>) -> Vec<PathBuf> {
    let keys: Option<Vec<Vec<u8>>> = files
        .iter_mut()
        .map(|(path, key)| key.take().or_else(|| component_key(path)))
        .collect();
    let mut paths: Vec<PathBuf> = files.into_iter().map(|(path, _)| path).collect();
    let Some(keys) = keys else {
        // A path this key cannot order (a Windows prefix such as `C:`): the slow way.
        paths.sort();
        paths.dedup();
        return paths;
    };
    let mut keyed: Vec<(Vec<u8>, usize)> = keys.into_iter().zip(0..).collect();
    // Equal keys keep their order (the index breaks ties), as the stable sort would.
    keyed.sort_unstable();
    // Equal keys are equal paths: keep the first of each run, as `dedup` does.
    keyed.dedup_by(|b, a| a.0 == b.0);
    let mut slots: Vec<Option<PathBuf>> = paths.into_iter().map(Some).collect();
    keyed
        .into_iter()
        .filter_map(|(_, i)| slots[i].take())
        .collect()
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

/// Add the `*.json` and `*.jsonc` files under `dir` to `files`, each with its sort key when
/// `dir_key` (the key of `dir`) is known: a child's key is its directory's plus its name.
fn walk(
    dir: &Path,
    dir_key: Option<&[u8]>,
    files: &mut Vec<(PathBuf, Option<Vec<u8>>)>,
    errors: &mut Vec<InputError>,
) {
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
        let file_name = entry.file_name();
        let name = file_name.to_string_lossy();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        let is_dir = file_type.is_dir();
        let wanted = if is_dir {
            !name.starts_with('.') && name != "node_modules" && name != "target"
        } else {
            name.ends_with(".json") || name.ends_with(".jsonc")
        };
        if !wanted {
            continue;
        }
        let key = dir_key.and_then(|k| child_key(k, &file_name));
        if is_dir {
            walk(&path, key.as_deref(), files, errors);
        } else {
            files.push((path, key));
        }
    }
}

/// The key of the entry `name` of a directory whose key is `dir_key` (see
/// [`component_key`]).
fn child_key(dir_key: &[u8], name: &std::ffi::OsStr) -> Option<Vec<u8>> {
    let bytes = name.as_encoded_bytes();
    if bytes.contains(&0) {
        return None;
    }
    let mut key = Vec::with_capacity(dir_key.len() + bytes.len() + 2);
    key.extend_from_slice(dir_key);
    key.push(4);
    key.extend_from_slice(bytes);
    key.push(0);
    Some(key)
}

mod read;

pub use read::*;

#[cfg(test)]
mod tests {
    use super::*;
    use read::{OPEN_DIRS, READ_BUFFER};

    #[test]
    fn reader_reads_as_read_does() {
        let dir = std::env::temp_dir().join(format!("bodyguard-reader-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        let big = "x".repeat(3 * READ_BUFFER + 5);
        std::fs::write(dir.join("a.json"), "{}").unwrap();
        std::fs::write(dir.join("big.json"), &big).unwrap();
        std::fs::write(dir.join("empty.json"), "").unwrap();
        std::fs::write(dir.join("bad.json"), b"{\"a\": \"\xff\"}").unwrap();
        let reader = Reader::new();
        for name in [
            "a.json",
            "big.json",
            "empty.json",
            "bad.json",
            "missing.json",
            "sub",
        ] {
            let path = dir.join(name);
            assert_eq!(reader.read(&path), read(&path), "{name}");
        }
        assert_eq!(reader.read(&dir.join("big.json")).unwrap(), big);
        assert!(reader.read(&dir.join("sub")).unwrap_err().1);
        assert!(!reader.read(&dir.join("bad.json")).unwrap_err().1);
        // More directories than it keeps open.
        for i in 0..OPEN_DIRS_FOR_TEST + 3 {
            let d = dir.join(format!("d{i}"));
            std::fs::create_dir_all(&d).unwrap();
            std::fs::write(d.join("x.json"), format!("{i}")).unwrap();
        }
        for round in 0..2 {
            for i in 0..OPEN_DIRS_FOR_TEST + 3 {
                let got = reader.read(&dir.join(format!("d{i}")).join("x.json"));
                assert_eq!(got, Ok(format!("{i}")), "round {round}");
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    const OPEN_DIRS_FOR_TEST: usize = OPEN_DIRS;
    #[cfg(not(unix))]
    const OPEN_DIRS_FOR_TEST: usize = 4;

    #[test]
    fn walked_keys_are_the_keys_of_the_paths() {
        let dir = std::env::temp_dir().join(format!("bodyguard-walk-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("b/c")).unwrap();
        for f in ["a.json", "b/x.jsonc", "b/c/y.json", "b/c/z.txt", "b.json"] {
            std::fs::write(dir.join(f), "{}").unwrap();
        }
        let base = dir.display().to_string();
        for spelling in [
            base.clone(),
            format!("{base}/"),
            format!("{base}/."),
            format!("{base}/b/.."),
            format!("{base}//b"),
        ] {
            let root = Path::new(&spelling);
            let mut found = Vec::new();
            walk(
                root,
                component_key(root).as_deref(),
                &mut found,
                &mut Vec::new(),
            );
            assert!(!found.is_empty());
            for (path, key) in &found {
                assert_eq!(
                    key.as_ref(),
                    component_key(path).as_ref(),
                    "{}",
                    path.display()
                );
            }
        }
        let (files, errors) = collect(&[base.clone(), format!("{base}/b/c/y.json")]);
        assert!(errors.is_empty());
        let mut expected = files.clone();
        expected.sort();
        expected.dedup();
        assert_eq!(files, expected);
        assert_eq!(files.len(), 4);
        std::fs::remove_dir_all(&dir).unwrap();
    }

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
        let ours = sort_paths(expected.iter().map(|p| (p.clone(), None)).collect());
        expected.sort();
        expected.dedup();
        let text = |v: &[PathBuf]| {
            v.iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(text(&ours), text(&expected));
    }
}
