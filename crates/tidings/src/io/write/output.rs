//! An output file that is either complete or not there.
//!
//! [`OutputFile::create`] takes an exclusive lock beside the target
//! (`.NAME.tidings-lock`), so that a second run writing the same file fails at
//! once and names the first; records go to a hidden partial file beside the
//! target (`.NAME.tidings-partial`), which [`OutputFile::commit`] syncs and
//! renames over the target. An interrupted or failed run leaves the target as
//! it was and the partial file under its own clear name
//! ([`OutputFile::abandon`]). Both hidden names are skipped when a directory is
//! read, so an output inside an input directory never feeds the run.
//!
//! A target that exists and is not a regular file (`/dev/null`, a FIFO,
//! `/dev/stdout`) is written directly: there is nothing to rename over.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::io::FileId;

/// Why an output could not be opened or finished.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// Another process holds the lock on the target.
    #[error("{target}: another tidings run is writing it ({holder}; lock file {lock})")]
    Locked {
        /// The output file.
        target: PathBuf,
        /// The other run, as its lock file describes it.
        holder: String,
        /// The lock file.
        lock: PathBuf,
    },
    /// A file operation failed.
    #[error("{path}: cannot {action}: {source}")]
    Io {
        /// The file involved.
        path: PathBuf,
        /// What was being done.
        action: &'static str,
        /// The I/O error.
        source: io::Error,
    },
}

fn io_err<'a>(path: &'a Path, action: &'static str) -> impl FnOnce(io::Error) -> OutputError + 'a {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        action,
        source,
    }
}

/// A locked output written through a partial file (see the module docs).
#[derive(Debug)]
pub struct OutputFile {
    target: PathBuf,
    /// `None` for a target written directly (a device or FIFO).
    staged: Option<Staged>,
    out: BufWriter<File>,
    written: u64,
}

#[derive(Debug)]
struct Staged {
    partial: PathBuf,
    lock_path: PathBuf,
    lock: File,
}

/// `dir/.NAME.suffix` for `dir/NAME`.
fn beside(target: &Path, suffix: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    target.with_file_name(format!(".{name}.{suffix}"))
}

impl OutputFile {
    /// Locks `target` and opens its partial file. Fails at once, naming the
    /// other run, when another process holds the lock.
    pub fn create(target: &Path) -> Result<OutputFile, OutputError> {
        if let Ok(meta) = std::fs::metadata(target) {
            if !meta.is_file() {
                let file = OpenOptions::new()
                    .write(true)
                    .open(target)
                    .map_err(io_err(target, "open"))?;
                return Ok(OutputFile {
                    target: target.to_path_buf(),
                    staged: None,
                    out: BufWriter::new(file),
                    written: 0,
                });
            }
        }
        let lock_path = beside(target, "tidings-lock");
        let lock = acquire(target, &lock_path)?;
        let partial = beside(target, "tidings-partial");
        let file = File::create(&partial).map_err(io_err(&partial, "create"))?;
        Ok(OutputFile {
            target: target.to_path_buf(),
            staged: Some(Staged {
                partial,
                lock_path,
                lock,
            }),
            out: BufWriter::with_capacity(1 << 20, file),
            written: 0,
        })
    }

    /// The file records are written to until [`OutputFile::commit`]: the
    /// partial file, or the target itself when it is written directly.
    pub fn partial_path(&self) -> &Path {
        self.staged.as_ref().map_or(&self.target, |s| &s.partial)
    }

    /// Bytes written so far.
    pub fn bytes_written(&self) -> u64 {
        self.written
    }

    /// The target.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The files this output owns (partial and lock, and the target when it
    /// exists): a run must never read them.
    pub fn own_files(&self) -> Vec<FileId> {
        let mut paths = vec![self.target.as_path()];
        if let Some(s) = &self.staged {
            paths.extend([s.partial.as_path(), s.lock_path.as_path()]);
        }
        paths
            .into_iter()
            .filter_map(|p| FileId::of(p).ok())
            .collect()
    }

    /// Flushes, syncs and renames the partial file over the target, then
    /// releases the lock.
    pub fn commit(mut self) -> Result<PathBuf, OutputError> {
        let partial = self.partial_path().to_path_buf();
        self.out.flush().map_err(io_err(&partial, "write"))?;
        let Some(staged) = self.staged.take() else {
            return Ok(self.target);
        };
        self.out
            .get_ref()
            .sync_all()
            .map_err(io_err(&partial, "sync"))?;
        std::fs::rename(&staged.partial, &self.target).map_err(io_err(&self.target, "rename"))?;
        release(staged);
        Ok(self.target)
    }

    /// Flushes what was written (whole records, when the caller wrote whole
    /// records), leaves the partial file where it is, releases the lock, and
    /// returns the partial file's path. The target is untouched.
    pub fn abandon(mut self) -> Result<PathBuf, OutputError> {
        let partial = self.partial_path().to_path_buf();
        self.out.flush().map_err(io_err(&partial, "write"))?;
        if let Some(staged) = self.staged.take() {
            release(staged);
        }
        Ok(partial)
    }
}

impl OutputFile {
    /// Removes the partial file and releases the lock: for a run that failed
    /// before writing anything worth keeping. The target is untouched.
    pub fn discard(self) {
        if let Some(staged) = self.staged {
            let _ = std::fs::remove_file(&staged.partial);
            release(staged);
        }
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.out.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.out.write_all(buf)?;
        self.written += buf.len() as u64;
        Ok(())
    }
    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

fn release(staged: Staged) {
    // Unlinked while still held, so that no other run can lock this inode
    // after it is gone from the directory (it checks the inode it locked).
    let _ = std::fs::remove_file(&staged.lock_path);
    drop(staged.lock);
}

/// Takes the lock file's exclusive lock, retrying if the file was replaced
/// between opening and locking; writes this run's description into it.
fn acquire(target: &Path, lock_path: &Path) -> Result<File, OutputError> {
    for _ in 0..8 {
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(lock_path)
            .map_err(io_err(lock_path, "create"))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let holder = std::fs::read_to_string(lock_path)
                    .ok()
                    .and_then(|s| describe_holder(&s))
                    .unwrap_or_else(|| "a run that has not described itself yet".into());
                return Err(OutputError::Locked {
                    target: target.to_path_buf(),
                    holder,
                    lock: lock_path.to_path_buf(),
                });
            }
            Err(TryLockError::Error(e)) => return Err(io_err(lock_path, "lock")(e)),
        }
        // The path must still name the inode we locked.
        let same = match (FileId::of_file(&file), FileId::of(lock_path)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if !same {
            continue;
        }
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        file.set_len(0).map_err(io_err(lock_path, "write"))?;
        writeln!(file, "pid {} started {now}", std::process::id())
            .map_err(io_err(lock_path, "write"))?;
        return Ok(file);
    }
    Err(io_err(lock_path, "lock")(io::Error::other(
        "the lock file keeps being replaced",
    )))
}

/// "pid 123, started 42 s ago" from a lock file's `pid 123 started 1700000000`.
fn describe_holder(contents: &str) -> Option<String> {
    let mut words = contents.split_whitespace();
    let (Some("pid"), Some(pid), Some("started"), Some(at)) =
        (words.next(), words.next(), words.next(), words.next())
    else {
        return None;
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let ago = at.parse::<u64>().ok().map(|t| now.saturating_sub(t))?;
    Some(format!("pid {pid}, started {ago} s ago"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_renames_and_abandon_keeps_the_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.jsonl");
        std::fs::write(&target, "old\n").unwrap();
        let mut out = OutputFile::create(&target).unwrap();
        out.write_all(b"new\n").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old\n");
        let partial = out.abandon().unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old\n");
        assert_eq!(std::fs::read_to_string(&partial).unwrap(), "new\n");
        assert!(partial
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(".out.jsonl."));

        let mut out = OutputFile::create(&target).unwrap();
        out.write_all(b"done\n").unwrap();
        out.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "done\n");
        assert!(!partial.exists() && !beside(&target, "tidings-lock").exists());
    }

    #[test]
    fn a_second_writer_fails_at_once_naming_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.jsonl");
        let first = OutputFile::create(&target).unwrap();
        let err = OutputFile::create(&target).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains(&format!("pid {}", std::process::id())) && msg.contains("out.jsonl"),
            "{msg}"
        );
        first.commit().unwrap();
        OutputFile::create(&target).unwrap().commit().unwrap();
    }

    #[test]
    fn devices_are_written_directly() {
        let out = OutputFile::create(Path::new("/dev/null")).unwrap();
        assert_eq!(out.partial_path(), Path::new("/dev/null"));
        assert_eq!(out.commit().unwrap(), Path::new("/dev/null"));
    }
}
