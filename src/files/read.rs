//! Reading the files: regular files only, under a size cap, through one reused buffer.

use std::path::{Path, PathBuf};

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
pub(super) const OPEN_DIRS: usize = 16;

/// The first read of a file asks for this many bytes.
pub(super) const READ_BUFFER: usize = 8 * 1024;

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
