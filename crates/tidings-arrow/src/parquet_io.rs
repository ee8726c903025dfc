//! Parquet files of records: [`ParquetWriter`] writes them, and
//! [`ParquetDocuments`] reads any Parquet file of documents.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use tidings_core::{Document, ErrorKind, StageError};

use crate::{documents_from_batch_at, documents_to_batch, schema, ArrowError};

/// Writes documents to a Parquet file of [`schema`] with zstd compression,
/// ending a row group once it holds `row_group_bytes` (in memory, before
/// compression). The footer is written by [`ParquetWriter::finish`]; until
/// then the file is not readable Parquet.
#[derive(Debug)]
pub struct ParquetWriter<W: Write + Send> {
    writer: ArrowWriter<W>,
    row_group_bytes: usize,
    rows: u64,
}

/// Row groups end past this many bytes by default (128 MiB).
pub const DEFAULT_ROW_GROUP_BYTES: usize = 128 << 20;

impl<W: Write + Send> ParquetWriter<W> {
    /// A writer over `out`.
    pub fn new(out: W, row_group_bytes: usize) -> Result<Self, ArrowError> {
        let props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::try_new(3).unwrap_or_default()))
            .set_created_by(format!("tidings {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer = ArrowWriter::try_new(out, schema(), Some(props)).map_err(|source| {
            ArrowError::Parquet {
                context: "starting a Parquet file".into(),
                source,
            }
        })?;
        Ok(ParquetWriter {
            writer,
            row_group_bytes: row_group_bytes.max(1),
            rows: 0,
        })
    }

    /// Appends documents (any number; a row group may span calls).
    pub fn write(&mut self, docs: &[Document]) -> Result<(), ArrowError> {
        if docs.is_empty() {
            return Ok(());
        }
        let batch = documents_to_batch(docs)?;
        let err = |source| ArrowError::Parquet {
            context: "writing a Parquet row group".into(),
            source,
        };
        self.writer.write(&batch).map_err(err)?;
        self.rows += docs.len() as u64;
        if self.writer.in_progress_size() >= self.row_group_bytes {
            self.writer.flush().map_err(err)?;
        }
        Ok(())
    }

    /// Rows written so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Bytes written to `out` so far (row groups already flushed).
    pub fn bytes_written(&self) -> usize {
        self.writer.bytes_written()
    }

    /// Bytes buffered for the row group in progress.
    pub fn in_progress_size(&self) -> usize {
        self.writer.in_progress_size()
    }

    /// Writes the last row group and the footer; returns `out`.
    pub fn finish(self) -> Result<W, ArrowError> {
        self.writer
            .into_inner()
            .map_err(|source| ArrowError::Parquet {
                context: "finishing a Parquet file".into(),
                source,
            })
    }
}

/// Documents from a Parquet file, one batch (at most 256 rows of one row
/// group) in memory at a time. A batch that cannot be decoded becomes one
/// error record and reading stops there (the rest of a damaged file cannot be
/// trusted).
pub struct ParquetDocuments {
    path: PathBuf,
    origin: String,
    reader: Option<ParquetRecordBatchReader>,
    pending: std::vec::IntoIter<Document>,
    row: usize,
    max_bytes: usize,
    size: u64,
    bytes_reported: u64,
    rows_total: u64,
}

impl std::fmt::Debug for ParquetDocuments {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParquetDocuments")
            .field("path", &self.path)
            .field("row", &self.row)
            .finish()
    }
}

impl ParquetDocuments {
    /// Opens `path` and reads its footer.
    pub fn open(path: &Path, max_bytes: usize) -> Result<Self, ArrowError> {
        let origin = path.display().to_string();
        let file = File::open(path).map_err(|e| ArrowError::Parquet {
            context: format!("{origin}: cannot read as Parquet"),
            source: e.into(),
        })?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        Self::build(path.to_path_buf(), origin, file, size, max_bytes)
    }

    /// Reads a Parquet file held in memory; `origin` names it in ids and errors.
    pub fn from_bytes(
        origin: String,
        bytes: bytes::Bytes,
        max_bytes: usize,
    ) -> Result<Self, ArrowError> {
        let size = bytes.len() as u64;
        Self::build(PathBuf::from(&origin), origin, bytes, size, max_bytes)
    }

    fn build<R: parquet::file::reader::ChunkReader + 'static>(
        path: PathBuf,
        origin: String,
        source: R,
        size: u64,
        max_bytes: usize,
    ) -> Result<Self, ArrowError> {
        let err = |source| ArrowError::Parquet {
            context: format!("{origin}: cannot read as Parquet"),
            source,
        };
        let builder = ParquetRecordBatchReaderBuilder::try_new(source).map_err(err)?;
        let rows_total = builder.metadata().file_metadata().num_rows().max(0) as u64;
        let reader = builder.with_batch_size(256).build().map_err(err)?;
        Ok(ParquetDocuments {
            path,
            origin,
            reader: Some(reader),
            pending: Vec::new().into_iter(),
            row: 0,
            max_bytes,
            size,
            bytes_reported: 0,
            rows_total,
        })
    }

    /// Bytes of the file read since the last call (estimated from the rows
    /// read: Parquet reads by column chunk), for progress reporting.
    pub fn take_bytes_read(&mut self) -> u64 {
        let done = if self.rows_total == 0 {
            u64::from(self.reader.is_none()) * self.size
        } else {
            (self.size as u128 * self.row as u128 / self.rows_total as u128) as u64
        };
        let new = done.saturating_sub(self.bytes_reported);
        self.bytes_reported = done.max(self.bytes_reported);
        new
    }
}

impl Iterator for ParquetDocuments {
    type Item = Document;

    fn next(&mut self) -> Option<Document> {
        loop {
            if let Some(doc) = self.pending.next() {
                return Some(doc);
            }
            match self.reader.as_mut()?.next() {
                None => {
                    self.reader = None;
                    return None;
                }
                Some(Ok(batch)) => {
                    let docs =
                        documents_from_batch_at(&batch, &self.origin, self.row, self.max_bytes);
                    self.row += batch.num_rows();
                    self.pending = docs.into_iter();
                }
                Some(Err(e)) => {
                    self.reader = None;
                    let id = format!("{}:{}", self.origin, self.row + 1);
                    let msg = format!(
                        "{id}: cannot read the Parquet file from row {} on: {e}",
                        self.row + 1
                    );
                    return Some(Document::rejected(id, StageError::read(ErrorKind::Io, msg)));
                }
            }
        }
    }
}
