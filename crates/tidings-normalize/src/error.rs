use std::path::PathBuf;

/// Errors reading the CLDR data or a table file.
#[derive(Debug, thiserror::Error)]
pub enum NormalizeError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A line of a table is malformed.
    #[error("{path}:{line}: {message}")]
    Format {
        /// The file (or `embedded:<name>` for a table compiled in).
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}
