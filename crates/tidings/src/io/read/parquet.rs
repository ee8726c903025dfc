//! Parquet files: one document per row (`tidings-arrow`'s
//! [`ParquetDocuments`](tidings_arrow::ParquetDocuments)), or, in a build
//! without the `parquet` feature, one error record per file.

use std::path::Path;

use tidings_core::{Document, ErrorKind, Format, StageError};

/// Reads the rows of one Parquet file as documents.
pub(super) struct ParquetReader {
    #[cfg(feature = "parquet")]
    rows: tidings_arrow::ParquetDocuments,
    /// The format of rows that carry none (`--format`).
    format: Option<Format>,
}

impl ParquetReader {
    /// Opens `path` and reads its footer; a file that cannot be opened is
    /// its one error record.
    #[cfg(feature = "parquet")]
    pub(super) fn open(
        path: &Path,
        max_bytes: usize,
        format: Option<Format>,
    ) -> Result<Self, Box<Document>> {
        tidings_arrow::ParquetDocuments::open(path, max_bytes)
            .map(|rows| ParquetReader { rows, format })
            .map_err(|e| {
                let id = path.display().to_string();
                Box::new(Document::rejected(
                    id,
                    StageError::read(ErrorKind::Io, e.to_string()),
                ))
            })
    }

    /// Reads the rows of a Parquet file held in memory, named `name`.
    #[cfg(feature = "parquet")]
    pub(super) fn from_bytes(
        name: String,
        bytes: Vec<u8>,
        max_bytes: usize,
        format: Option<Format>,
    ) -> Result<Self, Box<Document>> {
        tidings_arrow::ParquetDocuments::from_bytes(name.clone(), bytes.into(), max_bytes)
            .map(|rows| ParquetReader { rows, format })
            .map_err(|e| {
                Box::new(Document::rejected(
                    name,
                    StageError::read(ErrorKind::Io, e.to_string()),
                ))
            })
    }

    /// Without the `parquet` feature, Parquet bytes are one error record.
    #[cfg(not(feature = "parquet"))]
    pub(super) fn from_bytes(
        name: String,
        _bytes: Vec<u8>,
        max_bytes: usize,
        format: Option<Format>,
    ) -> Result<Self, Box<Document>> {
        Self::open(Path::new(&name), max_bytes, format)
    }

    /// Without the `parquet` feature, every Parquet file is one error record.
    #[cfg(not(feature = "parquet"))]
    pub(super) fn open(
        path: &Path,
        _max_bytes: usize,
        _format: Option<Format>,
    ) -> Result<Self, Box<Document>> {
        let id = path.display().to_string();
        let msg = format!("{id}: this build of tidings has no Parquet support (feature `parquet`)");
        Err(Box::new(Document::rejected(
            id,
            StageError::read(ErrorKind::Unsupported, msg),
        )))
    }

    /// The next row's document, and the file bytes read since the last call.
    pub(super) fn next_doc(&mut self) -> (Option<Document>, u64) {
        #[cfg(feature = "parquet")]
        {
            let doc = self.rows.next().map(|mut d| {
                if let Some(f) = self.format.filter(|_| !d.rejected && d.text.is_empty()) {
                    d.format = f;
                }
                d
            });
            (doc, self.rows.take_bytes_read())
        }
        #[cfg(not(feature = "parquet"))]
        {
            let _ = self.format;
            (None, 0)
        }
    }
}
