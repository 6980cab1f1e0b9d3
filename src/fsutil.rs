//! File writing that never leaves a truncated file behind, never follows a planted link and
//! keeps the identity of the file it replaces.
//!
//! [`write_atomic`] writes a new body next to the file, in a temporary file created
//! exclusively (`O_EXCL`: an existing file or symbolic link of that name makes the creation
//! fail, nothing is followed) under an unpredictable name, with the original's owner, group
//! and mode set before the first byte is written. It is flushed to disk and renamed over the
//! file. When the file is a symbolic link, the file it points to is replaced and the link
//! stays a link. A file that cannot be replaced without changing it behind the user's back is
//! refused with a [`WriteError::Refused`]: a read-only file, a file with several hard links
//! (replacing one name would leave the others with the old body), a file whose owner cannot
//! be kept.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a file was not written.
#[derive(Debug)]
pub enum WriteError {
    /// The file was left alone on purpose; the message says why and what to do.
    Refused(String),
    /// The write failed; the file is as it was.
    Io(std::io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Refused(why) => f.write_str(why),
            WriteError::Io(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for WriteError {}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> Self {
        WriteError::Io(e)
    }
}

impl From<WriteError> for std::io::Error {
    fn from(e: WriteError) -> Self {
        match e {
            WriteError::Io(e) => e,
            WriteError::Refused(why) => std::io::Error::other(why),
        }
    }
}

/// The prefix of the temporary files written next to `name`. Files of an interrupted run
/// (`.NAME.bodyguard-<pid>-<random>.tmp`, and `.NAME.bodyguard-<pid>.tmp` of older versions)
/// share it; [`clean_stale_temporaries`] removes them.
fn temporary_prefix(name: &str) -> String {
    format!(".{name}.bodyguard-")
}

/// Write `bytes` to `path` atomically (see the module documentation). A crash leaves either
/// the old file or the new one, and at worst a temporary file with the original's mode.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let target = resolve(path)?;
    let existing = match std::fs::metadata(&target) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e.into()),
    };
    if let Some(meta) = &existing {
        check_replaceable(path, meta)?;
    }
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!("{}{}-", temporary_prefix(&name), std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Created with the original's mode (less the umask, so never more open than the
        // original), then set exactly below, before anything is written.
        let mode = existing
            .as_ref()
            .map_or(0o666, |m| m.permissions().mode() & 0o7777);
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    if let Some(meta) = &existing {
        keep_identity(tmp.as_file(), path, meta)?;
    }
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| WriteError::Io(e.error))?;
    // The rename is durable once the directory is.
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// The file a write to `path` replaces: `path` itself, or the file its symbolic links lead to.
fn resolve(path: &Path) -> Result<PathBuf, WriteError> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => std::fs::canonicalize(path).map_err(|e| {
            WriteError::Refused(format!(
                "{} is a symbolic link that leads nowhere ({e}); it was left as it was",
                path.display()
            ))
        }),
        _ => Ok(path.to_path_buf()),
    }
}

/// Refuse what cannot be replaced without changing it behind the user's back.
fn check_replaceable(path: &Path, meta: &std::fs::Metadata) -> Result<(), WriteError> {
    if !meta.is_file() {
        return Err(WriteError::Refused(format!(
            "{} is not a regular file; it was left as it was",
            path.display()
        )));
    }
    if meta.permissions().readonly() {
        return Err(WriteError::Refused(format!(
            "{} is read-only; it was left as it was (make it writable to let bodyguard fix it)",
            path.display()
        )));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(WriteError::Refused(format!(
                "{} has {} hard links; it was left as it was, since replacing it would leave \
                 the other links with the old content (fix it by hand, or copy it to break \
                 the links)",
                path.display(),
                meta.nlink()
            )));
        }
    }
    Ok(())
}

/// Give the temporary file the original's owner, group and exact mode (before any byte is
/// written), or refuse when the owner cannot be kept.
#[cfg(unix)]
fn keep_identity(
    file: &std::fs::File,
    path: &Path,
    meta: &std::fs::Metadata,
) -> Result<(), WriteError> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let created = file.metadata()?;
    if created.uid() != meta.uid() || created.gid() != meta.gid() {
        std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid())).map_err(|e| {
            WriteError::Refused(format!(
                "{} belongs to user {} and group {}, which bodyguard cannot give to its new \
                 version ({e}); it was left as it was",
                path.display(),
                meta.uid(),
                meta.gid()
            ))
        })?;
    }
    // After the change of owner, which may clear set-id bits.
    file.set_permissions(std::fs::Permissions::from_mode(meta.mode() & 0o7777))?;
    Ok(())
}

#[cfg(not(unix))]
fn keep_identity(
    file: &std::fs::File,
    _path: &Path,
    meta: &std::fs::Metadata,
) -> Result<(), WriteError> {
    file.set_permissions(meta.permissions())?;
    Ok(())
}

/// Remove the temporary files interrupted runs left in `dir` (named as `temporary_prefix` makes them):
/// regular files only (a symbolic link of that name is never touched), owned by the user
/// running bodyguard, whose process is gone (on Linux) or which are over an hour old.
/// Returns how many were removed.
pub fn clean_stale_temporaries(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let me = own_uid();
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(pid) = stale_temporary_pid(name) else {
            continue;
        };
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.file_type().is_file() || !owned_by(&meta, me) || process_alive(pid, &meta) {
            continue;
        }
        if std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The process id in the name of a temporary file of a fix, if `name` is one.
fn stale_temporary_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let at = rest.rfind(".bodyguard-")?;
    let tail = &rest[at + ".bodyguard-".len()..];
    let digits = tail.split('-').next()?;
    if at == 0 || digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The user this process runs as.
#[cfg(unix)]
fn own_uid() -> Option<u32> {
    Some(rustix::process::geteuid().as_raw())
}

#[cfg(not(unix))]
fn own_uid() -> Option<u32> {
    None
}

#[cfg(unix)]
fn owned_by(meta: &std::fs::Metadata, uid: Option<u32>) -> bool {
    use std::os::unix::fs::MetadataExt;
    uid == Some(meta.uid())
}

#[cfg(not(unix))]
fn owned_by(_meta: &std::fs::Metadata, _uid: Option<u32>) -> bool {
    true
}

/// Whether the run that wrote a temporary file may still be writing it.
fn process_alive(pid: u32, meta: &std::fs::Metadata) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if Path::new("/proc/self").exists() {
        return Path::new("/proc").join(pid.to_string()).exists();
    }
    meta.modified()
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_none_or(|age| age < std::time::Duration::from_secs(3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names() {
        assert_eq!(stale_temporary_pid(".x.json.bodyguard-123.tmp"), Some(123));
        assert_eq!(
            stale_temporary_pid(".x.json.bodyguard-123-Ab3xYz.tmp"),
            Some(123)
        );
        assert_eq!(stale_temporary_pid(".a.b.bodyguard-7-x.tmp"), Some(7));
        assert_eq!(stale_temporary_pid("x.json.bodyguard-123.tmp"), None);
        assert_eq!(stale_temporary_pid(".x.json.bodyguard-.tmp"), None);
        assert_eq!(stale_temporary_pid(".x.json.bodyguard-12a.tmp"), None);
        assert_eq!(stale_temporary_pid("..bodyguard-1.tmp"), None);
        assert_eq!(stale_temporary_pid(".x.json"), None);
    }
}
