use serde::{Deserialize, Serialize};

/// An error that a stage (or the reader) recorded on one document.
///
/// Errors are data: they travel in the output record so that a run never
/// loses a document. The `stage` names where it happened (`read`, `clean`,
/// `lang`, `ner`, `normalize`, `translate`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageError {
    /// Name of the stage that failed (`read` for input problems).
    pub stage: String,
    /// Machine-readable kind of the failure.
    pub kind: ErrorKind,
    /// Human-readable message naming the document, file or model involved.
    pub message: String,
}

/// What kind of failure a [`StageError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The input bytes were not valid UTF-8 (the text was decoded lossily).
    /// A warning: the document is still processed.
    InvalidUtf8,
    /// The input had bytes that are invalid in its declared or detected
    /// encoding, or a JSON string held a lone UTF-16 surrogate escape; they
    /// were replaced by U+FFFD. A warning: the document is still processed.
    InvalidEncoding,
    /// The input looks like binary data, not text; the document was not processed.
    Binary,
    /// The document has no text.
    Empty,
    /// The document is larger than the configured limit; it was not processed.
    TooLarge,
    /// A JSON line could not be parsed as a record.
    MalformedRecord,
    /// The input could not be read (I/O error).
    Io,
    /// The input ended inside the document (a truncated file, archive member
    /// or WARC record): the document was not processed.
    Truncated,
    /// A stage panicked on this document; the panic was caught.
    Panic,
    /// A model could not be loaded or failed to run.
    Model,
    /// The document is not in a form this stage can handle.
    Unsupported,
    /// Any other stage failure.
    Other,
}

/// The stage name of errors met while reading input, before any stage ran.
pub const READ_STAGE: &str = "read";

/// How big an input over the size limit was found to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeSeen {
    /// Exactly this many bytes.
    Bytes(u64),
    /// At least this many bytes (the rest was skipped unread).
    AtLeast(u64),
    /// Not measured (it was skipped unread).
    Unknown,
}

impl StageError {
    /// A new error for `stage`.
    pub fn new(stage: impl Into<String>, kind: ErrorKind, message: impl Into<String>) -> Self {
        StageError {
            stage: stage.into(),
            kind,
            message: message.into(),
        }
    }

    /// An error met while reading input (stage [`READ_STAGE`]).
    pub fn read(kind: ErrorKind, message: impl Into<String>) -> Self {
        StageError::new(READ_STAGE, kind, message)
    }

    /// The one rejection of an input over the size limit, whatever reads it
    /// (a file, a JSON line, a WARC record, an Arrow row, a Python record):
    /// `what` names it (`"{id}: file"`), `size` is what was seen of it.
    ///
    /// ```
    /// use tidings_core::{ErrorKind, SizeSeen, StageError};
    /// let e = StageError::too_large("a.html: file", SizeSeen::Bytes(2048), 1024);
    /// assert_eq!((e.stage.as_str(), e.kind), ("read", ErrorKind::TooLarge));
    /// assert_eq!(e.message, "a.html: file is over the limit of 1024 bytes (2048 bytes)");
    /// ```
    pub fn too_large(what: impl std::fmt::Display, size: SizeSeen, limit: usize) -> Self {
        let seen = match size {
            SizeSeen::Bytes(n) => format!(" ({n} bytes)"),
            SizeSeen::AtLeast(n) => format!(" ({n} bytes or more)"),
            SizeSeen::Unknown => String::new(),
        };
        StageError::read(
            ErrorKind::TooLarge,
            format!("{what} is over the limit of {limit} bytes{seen}"),
        )
    }
}

impl std::fmt::Display for StageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "stage {}: {}", self.stage, self.message)
    }
}

impl std::error::Error for StageError {}

/// Errors building a stage from its configuration (missing model file, bad option…).
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// A file the stage needs is missing or unreadable.
    #[error("stage {stage}: cannot read {path}: {message}")]
    File {
        /// The stage being built.
        stage: String,
        /// The file that is missing or wrong.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// A configuration value is invalid.
    #[error("stage {stage}: invalid configuration: {message}")]
    Config {
        /// The stage being built.
        stage: String,
        /// What is wrong with it.
        message: String,
    },
    /// The stage needs a cargo feature that this build does not have.
    #[error("stage {stage} needs tidings built with the `{feature}` feature")]
    FeatureDisabled {
        /// The stage being built.
        stage: String,
        /// The missing cargo feature.
        feature: String,
    },
}

/// Errors turning input (a JSON line, a file's bytes) into a [`crate::Document`].
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// The line is not valid JSON.
    #[error("{origin}: malformed JSON: {source}")]
    Json {
        /// Where the line came from (`file:line`).
        origin: String,
        /// The parser's error.
        source: serde_json::Error,
    },
    /// The JSON is valid but not a usable record.
    #[error("{origin}: {message}")]
    Schema {
        /// Where the record came from (`file:line`).
        origin: String,
        /// What is missing or of the wrong type.
        message: String,
    },
}
