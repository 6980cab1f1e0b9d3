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

/// The largest input read unless configured otherwise (`max-file-size` in bodyguard.toml,
/// `--max-file-size`): 256 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 256 << 20;

/// Parse a size: a number of bytes, optionally followed by a unit (`KiB`, `MiB`, `GiB`, or
/// `KB`, `MB`, `GB` for powers of 1000; `K`, `M`, `G` as binary). Spaces and case do not
/// matter.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{t}` is not a size (write e.g. `256 MiB` or `1000000`)"))?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        other => {
            return Err(format!(
                "unknown size unit `{other}` (use B, KiB, MiB, GiB, KB, MB or GB)"
            ))
        }
    };
    number
        .checked_mul(factor)
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("`{t}` is not a usable size"))
}

/// A size for messages: `256 MiB`, `1.5 GiB`, `100 bytes`.
pub fn size_text(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (factor, unit) in UNITS {
        if bytes >= factor {
            return if bytes % factor == 0 {
                format!("{} {unit}", bytes / factor)
            } else {
                format!("{:.1} {unit}", bytes as f64 / factor as f64)
            };
        }
    }
    format!("{bytes} bytes")
}

fn too_large(limit: u64) -> (String, bool) {
    (
        format!(
            "the file is larger than the limit of {} (raise `max-file-size` in bodyguard.toml, or --max-file-size)",
            size_text(limit)
        ),
        true,
    )
}

/// `Err` unless `meta` is a regular file of at most `limit` bytes. Anything else (a FIFO, a
/// device such as `/dev/zero`, a socket) could block or never end, so it is not read.
fn check_file(meta: &std::fs::Metadata, limit: u64) -> Result<(), (String, bool)> {
    let kind = meta.file_type();
    if kind.is_dir() {
        return Err(("is a directory, not a file".into(), true));
    }
    if !kind.is_file() {
        #[cfg(unix)]
        let what = {
            use std::os::unix::fs::FileTypeExt;
            if kind.is_fifo() {
                "a FIFO (named pipe)"
            } else if kind.is_char_device() {
                "a character device"
            } else if kind.is_block_device() {
                "a block device"
            } else if kind.is_socket() {
                "a socket"
            } else {
                "a special file"
            }
        };
        #[cfg(not(unix))]
        let what = "a special file";
        return Err((
            format!("is {what}, not a regular file; only regular files are read (`-` reads stdin)"),
            true,
        ));
    }
    if meta.len() > limit {
        return Err(too_large(limit));
    }
    Ok(())
}

/// Read standard input, at most `limit` bytes.
pub fn read_stdin(limit: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit).0.replace("the file", "the input"));
    }
    Ok(bytes)
}

/// Reads input files, opening each relative to its directory where the system allows it:
/// the kernel then looks up one name instead of walking the whole path again for every
/// file. Same results and messages as [`read`]. Shared by the checking threads.
pub struct Reader {
    /// Directories opened so far (`None`: could not be opened, read by path instead).
    #[cfg(unix)]
    dirs: std::sync::Mutex<Vec<(PathBuf, Option<std::sync::Arc<std::os::fd::OwnedFd>>)>>,
    /// The largest file read.
    limit: u64,
}

impl Default for Reader {
    fn default() -> Self {
        Reader::with_limit(DEFAULT_MAX_FILE_SIZE)
    }
}

impl Reader {
    /// A reader with no directory open yet.
    pub fn new() -> Reader {
        Reader::default()
    }

    /// A reader of files up to `limit` bytes.
    pub fn with_limit(limit: u64) -> Reader {
        Reader {
            #[cfg(unix)]
            dirs: std::sync::Mutex::default(),
            limit,
        }
    }

    /// Read `path` as UTF-8, as [`read_limited`] does.
    pub fn read(&self, path: &Path) -> Result<String, (String, bool)> {
        #[cfg(unix)]
        if let Some(bytes) = self.read_at(path) {
            return decode(bytes?);
        }
        read_limited(path, self.limit)
    }

    /// The bytes of `path` read through its directory, or `None` when it could not be opened
    /// that way (the caller then reads by path, which also gives the error message).
    #[cfg(unix)]
    fn read_at(&self, path: &Path) -> Option<Result<Vec<u8>, (String, bool)>> {
        use rustix::fs::{Mode, OFlags};
        let name = path.file_name()?;
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => return None,
        };
        let dir_fd = {
            let mut dirs = self.dirs.lock().ok()?;
            // Inputs come sorted: the directory is almost always the last one opened.
            match dirs.iter().rev().find(|(d, _)| d == dir) {
                Some((_, fd)) => fd.clone()?,
                None => {
                    if dirs.len() == OPEN_DIRS {
                        // Stay far below the limit of open files.
                        dirs.remove(0);
                    }
                    let fd = rustix::fs::open(
                        dir,
                        OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC,
                        Mode::empty(),
                    )
                    .ok()
                    .map(std::sync::Arc::new);
                    dirs.push((dir.to_path_buf(), fd.clone()));
                    fd?
                }
            }
        };
        // Non-blocking: opening a FIFO does not wait for a writer (it is then refused).
        let fd = rustix::fs::openat(
            &*dir_fd,
            name,
            OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NONBLOCK,
            Mode::empty(),
        )
        .ok()?;
        Some(read_file(std::fs::File::from(fd), self.limit))
    }
}

/// How many directories a [`Reader`] keeps open.
#[cfg(unix)]
const OPEN_DIRS: usize = 16;

/// The first read of a file asks for this many bytes.
const READ_BUFFER: usize = 8 * 1024;

/// Read a file as UTF-8, up to [`DEFAULT_MAX_FILE_SIZE`]. `Err` carries a message and
/// whether it is an I/O failure (exit 2) rather than a content problem (a finding).
pub fn read(path: &Path) -> Result<String, (String, bool)> {
    read_limited(path, DEFAULT_MAX_FILE_SIZE)
}

/// Read a regular file of at most `limit` bytes as UTF-8 (see [`read`]). A FIFO, a device
/// or a socket is refused without blocking on it.
pub fn read_limited(path: &Path, limit: u64) -> Result<String, (String, bool)> {
    match open(path) {
        Ok(file) => decode(read_file(file, limit)?),
        Err(_) if path.is_dir() => Err(("is a directory, not a file".into(), true)),
        Err(e) => Err((e.to_string(), true)),
    }
}

/// Open `path` for reading without waiting on a FIFO.
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    options.open(path)
}

/// The content of an open file, when it is a regular file of at most `limit` bytes.
fn read_file(file: std::fs::File, limit: u64) -> Result<Vec<u8>, (String, bool)> {
    let meta = file.metadata().map_err(|e| (e.to_string(), true))?;
    check_file(&meta, limit)?;
    let bytes = read_all(file, limit).map_err(|e| (e.to_string(), true))?;
    // A file that grew since it was measured.
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

/// The whole content of `file`. `File::read_to_end` asks the size and the position first
/// (two system calls per file); bodies are small, so a buffer that usually holds the whole
/// file does better. (Through `Take`, which leaves the generic `read_to_end` and still
/// reads into the buffer without zeroing it first.)
/// The text is kept until the run's output is written, so it is then trimmed to its size: a
/// 1 KB body does not hold on to the whole buffer.
/// At most `limit` + 1 bytes are read.
fn read_all(file: std::fs::File, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(READ_BUFFER);
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    bytes.shrink_to_fit();
    Ok(bytes)
}

fn decode(bytes: Vec<u8>) -> Result<String, (String, bool)> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        (
            format!("the file is not valid UTF-8 (first bad byte at offset {at})"),
            false,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
