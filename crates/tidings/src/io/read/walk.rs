//! Listing inputs: directories walked in path order, links followed once,
//! this run's own output files never read.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// A file's identity: device and inode, so that two names for one file
/// (a link, `./a` and `a`) compare equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FileId {
    dev: u64,
    ino: u64,
}

impl FileId {
    /// The identity of the file `path` names (links followed).
    pub fn of(path: &Path) -> io::Result<FileId> {
        Ok(FileId::from_meta(&std::fs::metadata(path)?))
    }

    /// The identity of an open file.
    pub fn of_file(file: &File) -> io::Result<FileId> {
        Ok(FileId::from_meta(&file.metadata()?))
    }

    #[cfg(unix)]
    fn from_meta(meta: &std::fs::Metadata) -> FileId {
        use std::os::unix::fs::MetadataExt;
        FileId {
            dev: meta.dev(),
            ino: meta.ino(),
        }
    }

    #[cfg(not(unix))]
    fn from_meta(meta: &std::fs::Metadata) -> FileId {
        // No inodes: fall back to size and modification time (best effort).
        let t = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64);
        FileId {
            dev: meta.len(),
            ino: t,
        }
    }
}

/// What [`expand_inputs_with`] must not read.
#[derive(Debug, Clone, Default)]
pub struct ExpandOptions {
    /// Files this run writes ([`crate::io::output::OutputFile::own_files`]): found in a
    /// directory they are skipped; named as an input they are refused.
    pub exclude: Vec<FileId>,
}

/// The files to read, and what the walk passed over.
#[derive(Debug, Clone, Default)]
pub struct Expanded {
    /// The inputs, in order.
    pub inputs: Vec<Input>,
    /// Symbolic links followed inside directories.
    pub symlinks_followed: usize,
    /// Links that lead back to a directory being walked: not followed.
    pub symlink_loops: Vec<PathBuf>,
    /// Files skipped because this run writes them.
    pub skipped_outputs: Vec<PathBuf>,
}

/// Why the inputs could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// A named input does not exist or cannot be examined.
    #[error("{path}: {source}")]
    Missing {
        /// The input as named.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A named input is a file this run would write.
    #[error("{path}: this input is the output file (the same file, by device and inode); refusing to overwrite an input")]
    IsOutput {
        /// The input as named.
        path: PathBuf,
    },
}

/// One input as named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input, read as JSON Lines.
    Stdin,
    /// A file or a directory (read recursively).
    Path(PathBuf),
}

impl Input {
    /// `-` is standard input; anything else a path.
    pub fn parse(s: &str) -> Input {
        if s == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(s))
        }
    }

    /// The inputs a command line names; none means standard input.
    pub fn parse_all<S: AsRef<str>>(names: &[S]) -> Vec<Input> {
        if names.is_empty() {
            return vec![Input::Stdin];
        }
        names.iter().map(|s| Input::parse(s.as_ref())).collect()
    }
}

/// Expands inputs into the ordered list of files to read: a directory becomes
/// its files, recursively, sorted by path, hidden entries skipped. A path that
/// does not exist is reported up front, so the caller can refuse to start.
pub fn expand_inputs(inputs: &[Input]) -> io::Result<Vec<Input>> {
    expand_inputs_with(inputs, &ExpandOptions::default())
        .map(|e| e.inputs)
        .map_err(|e| io::Error::other(e.to_string()))
}

/// Like [`expand_inputs`], following symbolic links (loops detected and
/// reported), and never listing a file in `options.exclude`: such a file
/// named directly is an [`InputError::IsOutput`]; found in a directory it is
/// skipped and reported.
pub fn expand_inputs_with(
    inputs: &[Input],
    options: &ExpandOptions,
) -> Result<Expanded, InputError> {
    let mut out = Expanded::default();
    let excluded = |p: &Path| {
        !options.exclude.is_empty() && FileId::of(p).is_ok_and(|id| options.exclude.contains(&id))
    };
    for input in inputs {
        let p = match input {
            Input::Stdin => {
                out.inputs.push(Input::Stdin);
                continue;
            }
            Input::Path(p) => p,
        };
        let meta = std::fs::metadata(p).map_err(|source| InputError::Missing {
            path: p.clone(),
            source,
        })?;
        if !meta.is_dir() {
            if excluded(p) {
                return Err(InputError::IsOutput { path: p.clone() });
            }
            out.inputs.push(input.clone());
            continue;
        }
        let walker = walkdir::WalkDir::new(p)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_dir() => {
                    out.symlinks_followed += usize::from(e.path_is_symlink());
                }
                Ok(e) => {
                    out.symlinks_followed += usize::from(e.path_is_symlink());
                    if excluded(e.path()) {
                        out.skipped_outputs.push(e.into_path());
                    } else {
                        out.inputs.push(Input::Path(e.into_path()));
                    }
                }
                Err(e) if e.loop_ancestor().is_some() => {
                    out.symlink_loops
                        .push(e.path().map_or_else(|| p.clone(), Path::to_path_buf));
                }
                // An unreadable entry (or a dangling link) still becomes a
                // record: an I/O error when it is read.
                Err(e) => out.inputs.push(Input::Path(
                    e.path().map(Path::to_path_buf).unwrap_or_else(|| p.clone()),
                )),
            }
        }
    }
    Ok(out)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}
