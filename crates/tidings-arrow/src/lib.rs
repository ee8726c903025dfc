//! The tidings record as Apache Arrow and Parquet.
//!
//! One explicit, typed schema ([`schema`]) for the output record, shared by
//! the `tidings` command's `.parquet` output and the Python bindings:
//!
//! | column | type |
//! |---|---|
//! | `id` | utf8, not null |
//! | `source`, `format`, `text`, `title`, `content` | utf8 |
//! | `metadata` | utf8: the JSON object of [`Document::metadata`] (its keys differ per record) |
//! | `encoding` | struct `{name, source}` |
//! | `language` | struct `{iso639_3, iso639_1, name, script, confidence: float64, reliable: bool, source}` |
//! | `paragraphs` | list of struct `{start, end: int64, language}` |
//! | `boilerplate` | list of struct `{start, end: int64, text, reason}` |
//! | `clean` | struct `{language, language_from, kept_all}` |
//! | `entities` | list of struct `{start, end: int64, text, label, score: float32, model, canonical, canonical_source, wikidata_id}` (`wikidata_id` is null unless a gazetteer resolved the entity) |
//! | `translation` | struct `{status, model, language, error, text_en, title_en, alignments: list of struct {src_start, src_end, en_start, en_end: int64}}` |
//! | `timings` | list of struct `{stage, micros: int64}` |
//! | `errors` | list of struct `{stage, kind, message}` |
//! | `rejected` | bool |
//!
//! Offsets are **int64 byte offsets** into the same fields as in the JSON
//! record (`paragraphs`/`entities` into `content`, `boilerplate` into `text`);
//! every integer is signed, so Spark and Hive read the files. A field a record
//! lacks is null (an empty list is null too), never a change of schema.
//!
//! ```
//! use tidings_arrow::{documents_from_batch, documents_to_batch};
//! use tidings_core::Document;
//!
//! let mut doc = Document::new("a", "Halo dunia.");
//! doc.content = doc.text.clone();
//! let batch = documents_to_batch(std::slice::from_ref(&doc)).unwrap();
//! assert_eq!(batch.num_rows(), 1);
//! let back = documents_from_batch(&batch, "mem", usize::MAX);
//! assert_eq!(back, vec![doc]);
//! ```
//!
//! [`ParquetWriter`] writes batches with zstd and row groups bounded by bytes;
//! [`ParquetDocuments`] reads any Parquet file of documents (an `id` and
//! `text` or `html` column; other columns go to `metadata`) one batch of a
//! row group at a time.

#![warn(missing_docs)]
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use arrow_array::RecordBatch;
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use serde_json::Value;
use tidings_core::{Document, ErrorKind, SizeSeen, StageError};

/// Why a conversion or a Parquet file failed.
#[derive(Debug, thiserror::Error)]
pub enum ArrowError {
    /// Arrow could not build or read a batch.
    #[error("{context}: {source}")]
    Arrow {
        /// What was being done, and on which file.
        context: String,
        /// The Arrow error.
        source: arrow_schema::ArrowError,
    },
    /// The Parquet file could not be read or written.
    #[error("{context}: {source}")]
    Parquet {
        /// What was being done, and on which file.
        context: String,
        /// The Parquet error.
        source: parquet::errors::ParquetError,
    },
}

fn utf8(name: &str) -> Field {
    Field::new(name, DataType::Utf8, true)
}

fn int64(name: &str) -> Field {
    Field::new(name, DataType::Int64, true)
}

fn list_of(name: &str, fields: Vec<Field>) -> Field {
    Field::new(
        name,
        DataType::List(Arc::new(Field::new(
            "item",
            DataType::Struct(Fields::from(fields)),
            true,
        ))),
        true,
    )
}

fn language_fields() -> Vec<Field> {
    vec![
        utf8("iso639_3"),
        utf8("iso639_1"),
        utf8("name"),
        utf8("script"),
        Field::new("confidence", DataType::Float64, true),
        Field::new("reliable", DataType::Boolean, true),
        utf8("source"),
    ]
}

fn struct_of(name: &str, fields: Vec<Field>) -> Field {
    Field::new(name, DataType::Struct(Fields::from(fields)), true)
}

/// The output record's schema (see the crate docs).
pub fn schema() -> SchemaRef {
    static SCHEMA: OnceLock<SchemaRef> = OnceLock::new();
    Arc::clone(SCHEMA.get_or_init(|| {
        Arc::new(Schema::new(vec![
            Field::new("id", DataType::Utf8, false),
            utf8("source"),
            utf8("format"),
            struct_of("encoding", vec![utf8("name"), utf8("source")]),
            utf8("text"),
            utf8("metadata"),
            utf8("title"),
            utf8("content"),
            list_of(
                "paragraphs",
                vec![
                    int64("start"),
                    int64("end"),
                    struct_of("language", language_fields()),
                ],
            ),
            list_of(
                "boilerplate",
                vec![int64("start"), int64("end"), utf8("text"), utf8("reason")],
            ),
            struct_of(
                "clean",
                vec![utf8("language"), utf8("language_from"), utf8("kept_all")],
            ),
            struct_of("language", language_fields()),
            list_of(
                "entities",
                vec![
                    int64("start"),
                    int64("end"),
                    utf8("text"),
                    utf8("label"),
                    Field::new("score", DataType::Float32, true),
                    utf8("model"),
                    utf8("canonical"),
                    utf8("canonical_source"),
                    utf8("wikidata_id"),
                ],
            ),
            struct_of(
                "translation",
                vec![
                    utf8("status"),
                    utf8("model"),
                    utf8("language"),
                    utf8("error"),
                    utf8("text_en"),
                    utf8("title_en"),
                    list_of(
                        "alignments",
                        vec![
                            int64("src_start"),
                            int64("src_end"),
                            int64("en_start"),
                            int64("en_end"),
                        ],
                    ),
                ],
            ),
            list_of("timings", vec![utf8("stage"), int64("micros")]),
            list_of("errors", vec![utf8("stage"), utf8("kind"), utf8("message")]),
            Field::new("rejected", DataType::Boolean, true),
        ]))
    }))
}

/// Documents as one batch of [`schema`].
pub fn documents_to_batch(docs: &[Document]) -> Result<RecordBatch, ArrowError> {
    let rows: Vec<Value> = docs
        .iter()
        .map(|d| {
            let mut v = serde_json::to_value(d).unwrap_or(Value::Null);
            if let Some(obj) = v.as_object_mut() {
                if let Some(meta) = obj.get_mut("metadata") {
                    *meta = Value::String(meta.to_string());
                }
                // `rejected` is left out of records when false.
                obj.entry("rejected").or_insert(Value::Bool(false));
            }
            v
        })
        .collect();
    let err = |source| ArrowError::Arrow {
        context: "converting records to Arrow".into(),
        source,
    };
    let mut decoder = arrow_json::ReaderBuilder::new(schema())
        .with_batch_size(docs.len().max(1))
        .build_decoder()
        .map_err(err)?;
    decoder.serialize(&rows).map_err(err)?;
    Ok(decoder
        .flush()
        .map_err(err)?
        .unwrap_or_else(|| RecordBatch::new_empty(schema())))
}

/// Batches of [`schema`] as one (the conversions of slices converted in
/// parallel, put back together in order).
pub fn concat_batches(batches: &[RecordBatch]) -> Result<RecordBatch, ArrowError> {
    arrow_select::concat::concat_batches(&schema(), batches).map_err(|source| ArrowError::Arrow {
        context: "concatenating record batches".into(),
        source,
    })
}

/// Rows of any batch as documents, never failing: the tidings schema reads
/// back as the records written; another table's rows need an `id` (else
/// `origin:row`) and `text` or `html`; columns the record does not know go
/// to `metadata`, and a `metadata` column holding a JSON object is merged
/// into it. A row over `max_bytes` of text is rejected
/// ([`ErrorKind::TooLarge`]).
pub fn documents_from_batch(batch: &RecordBatch, origin: &str, max_bytes: usize) -> Vec<Document> {
    documents_from_batch_at(batch, origin, 0, max_bytes)
}

/// [`documents_from_batch`] for a slice of a larger batch that starts at
/// row `first_row` (0-based) of it: ids made from positions (`origin:row`,
/// 1-based) count from the larger batch, so slices converted in parallel
/// give the same documents as the whole batch.
pub fn documents_from_batch_at(
    batch: &RecordBatch,
    origin: &str,
    first_row: usize,
    max_bytes: usize,
) -> Vec<Document> {
    use arrow_array::cast::AsArray;
    use arrow_array::Array;
    let batch = text_columns_as_utf8(batch);
    let schema = batch.schema();
    let rows = batch.num_rows();
    // String columns (the page itself, id, url…) are taken as they are; the
    // rest (nested output fields, numbers, timestamps) go through arrow-json.
    let (direct, rest): (Vec<usize>, Vec<usize>) = (0..schema.fields().len()).partition(|&i| {
        matches!(
            schema.field(i).data_type(),
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
        )
    });
    let mut maps: Vec<serde_json::Map<String, Value>> = vec![serde_json::Map::new(); rows];
    if !rest.is_empty() {
        match other_columns(&batch, &rest) {
            Ok(objects) if objects.len() == rows => {
                for (map, object) in maps.iter_mut().zip(objects) {
                    if let Value::Object(o) = object {
                        *map = o;
                    }
                }
            }
            Ok(objects) => {
                return conversion_errors(
                    origin,
                    first_row,
                    rows,
                    &format!("{} JSON rows for {rows} rows", objects.len()),
                );
            }
            Err(e) => return conversion_errors(origin, first_row, rows, &e),
        }
    }
    for &i in &direct {
        let name = schema.field(i).name();
        let column = batch.column(i);
        let value = |r: usize| -> Option<&str> {
            if column.is_null(r) {
                return None;
            }
            match column.data_type() {
                DataType::Utf8 => column.as_string_opt::<i32>().map(|a| a.value(r)),
                DataType::LargeUtf8 => column.as_string_opt::<i64>().map(|a| a.value(r)),
                DataType::Utf8View => column.as_string_view_opt().map(|a| a.value(r)),
                _ => None,
            }
        };
        for (r, map) in maps.iter_mut().enumerate() {
            if let Some(v) = value(r) {
                map.insert(name.clone(), Value::String(v.to_owned()));
            }
        }
    }
    maps.into_iter()
        .enumerate()
        .map(|(i, map)| {
            row_to_document(
                Value::Object(map),
                &format!("{origin}:{}", first_row + i + 1),
                max_bytes,
            )
        })
        .collect()
}

/// The columns `indices` of `batch` as one JSON object per row (nulls left out).
fn other_columns(batch: &RecordBatch, indices: &[usize]) -> Result<Vec<Value>, String> {
    let projected = batch.project(indices).map_err(|e| e.to_string())?;
    let mut buf = Vec::new();
    {
        let mut writer = arrow_json::WriterBuilder::new()
            .with_explicit_nulls(false)
            .build::<_, arrow_json::writer::JsonArray>(&mut buf);
        writer.write(&projected).map_err(|e| e.to_string())?;
        writer.finish().map_err(|e| e.to_string())?;
    }
    match serde_json::from_slice(&buf).map_err(|e| e.to_string())? {
        Value::Array(rows) => Ok(rows),
        _ => Ok(Vec::new()),
    }
}

/// One error record per row: nothing is lost silently.
fn conversion_errors(origin: &str, first_row: usize, rows: usize, e: &str) -> Vec<Document> {
    (0..rows)
        .map(|i| {
            let id = format!("{origin}:{}", first_row + i + 1);
            let msg = format!("{id}: cannot convert the Parquet row: {e}");
            Document::rejected(id, StageError::read(ErrorKind::MalformedRecord, msg))
        })
        .collect()
}

/// `text` and `html` stored as binary (raw page bytes, as some crawl tables
/// keep them) become strings, invalid UTF-8 replaced: the JSON writer would
/// otherwise spell bytes in hex.
fn text_columns_as_utf8(batch: &RecordBatch) -> RecordBatch {
    use arrow_array::{ArrayRef, BinaryArray, LargeBinaryArray};
    let schema = batch.schema();
    let mut fields: Vec<Field> = Vec::with_capacity(schema.fields().len());
    let mut columns: Vec<ArrayRef> = Vec::with_capacity(schema.fields().len());
    let mut changed = false;
    for (field, column) in schema.fields().iter().zip(batch.columns()) {
        let is_text = matches!(field.name().as_str(), "text" | "html");
        let converted = match field.data_type() {
            DataType::Binary if is_text => column
                .as_any()
                .downcast_ref::<BinaryArray>()
                .map(binary_as_utf8),
            DataType::LargeBinary if is_text => column
                .as_any()
                .downcast_ref::<LargeBinaryArray>()
                .map(binary_as_utf8),
            _ => None,
        };
        match converted {
            Some(array) => {
                changed = true;
                fields.push(Field::new(field.name(), DataType::Utf8, true));
                columns.push(array);
            }
            None => {
                fields.push(field.as_ref().clone());
                columns.push(Arc::clone(column));
            }
        }
    }
    if !changed {
        return batch.clone();
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).unwrap_or_else(|_| batch.clone())
}

fn binary_as_utf8<O: arrow_array::OffsetSizeTrait>(
    a: &arrow_array::GenericBinaryArray<O>,
) -> arrow_array::ArrayRef {
    Arc::new(
        a.iter()
            .map(|v| v.map(|b| String::from_utf8_lossy(b).into_owned()))
            .collect::<arrow_array::StringArray>(),
    )
}

fn row_to_document(mut row: Value, origin: &str, max_bytes: usize) -> Document {
    if let Some(obj) = row.as_object_mut() {
        if let Some(Value::String(meta)) = obj.get("metadata") {
            match serde_json::from_str::<Value>(meta) {
                Ok(parsed @ Value::Object(_)) => {
                    obj.insert("metadata".into(), parsed);
                }
                _ => {
                    let raw = obj.remove("metadata").unwrap_or(Value::Null);
                    obj.insert(
                        "metadata".into(),
                        Value::Object([("metadata".to_owned(), raw)].into_iter().collect()),
                    );
                }
            }
        }
    }
    let mut doc = Document::from_value_lossy(origin, row);
    if doc.text.len() > max_bytes && !doc.rejected {
        let err = StageError::too_large(
            format_args!("{}: record", doc.id),
            SizeSeen::Bytes(doc.text.len() as u64),
            max_bytes,
        );
        doc.text = String::new();
        doc.content = String::new();
        doc.rejected = true;
        doc.errors.push(err);
    }
    doc
}

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
        let err = |source| ArrowError::Parquet {
            context: format!("{origin}: cannot read as Parquet"),
            source,
        };
        let file = File::open(path).map_err(|e| err(e.into()))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(err)?;
        let rows_total = builder.metadata().file_metadata().num_rows().max(0) as u64;
        let reader = builder.with_batch_size(256).build().map_err(err)?;
        Ok(ParquetDocuments {
            path: path.to_path_buf(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use tidings_core::{
        Boilerplate, BoilerplateReason, Entity, EntityLabel, Language, LanguageCode,
        LanguageSource, Paragraph,
    };

    #[test]
    fn slices_converted_apart_give_the_whole_batch() {
        let mut docs: Vec<Document> = (0..7)
            .map(|i| Document::new(format!("d{i}"), "x"))
            .collect();
        docs[3] = rich();
        docs[5] = Document::rejected("", StageError::read(ErrorKind::Empty, "nothing"));
        let whole = documents_to_batch(&docs).unwrap();
        let parts: Vec<RecordBatch> = docs
            .chunks(3)
            .map(|c| documents_to_batch(c).unwrap())
            .collect();
        assert_eq!(parts.len(), 3);
        assert_eq!(concat_batches(&parts).unwrap(), whole);
        assert_eq!(concat_batches(&[]).unwrap().num_rows(), 0);

        let input = arrow_array::RecordBatch::try_from_iter([
            (
                "id",
                Arc::new(arrow_array::StringArray::from(vec![
                    Some("a"),
                    None,
                    Some("c"),
                    None,
                ])) as _,
            ),
            (
                "text",
                Arc::new(arrow_array::StringArray::from(vec![
                    "one", "two", "three", "four",
                ])) as _,
            ),
        ])
        .unwrap();
        let all = documents_from_batch(&input, "b", usize::MAX);
        let sliced: Vec<Document> = [0, 2]
            .iter()
            .flat_map(|&at| documents_from_batch_at(&input.slice(at, 2), "b", at, usize::MAX))
            .collect();
        assert_eq!(sliced, all);
        assert_eq!((all[1].id.as_str(), all[3].id.as_str()), ("b:2", "b:4"));
    }

    fn rich() -> Document {
        let mut d = Document::new("rich", "Menu\nJoko Widodo tiba di Jakarta.");
        d.content = "Joko Widodo tiba di Jakarta.".into();
        d.metadata.insert("url".into(), "https://x.id/a".into());
        d.metadata.insert("n".into(), 3.into());
        let lang =
            Language::from_code(LanguageCode::parse("id").unwrap(), LanguageSource::Detected);
        d.language = Some(lang.clone());
        d.paragraphs = vec![Paragraph {
            start: 0,
            end: d.content.len(),
            language: Some(lang),
        }];
        d.boilerplate = vec![Boilerplate {
            start: Some(0),
            end: Some(4),
            text: "Menu".into(),
            reason: BoilerplateReason::Navigation,
        }];
        d.entities = vec![Entity {
            start: 0,
            end: 11,
            text: "Joko Widodo".into(),
            label: EntityLabel::Person,
            score: 0.5,
            model: "m".into(),
            canonical: Some("Joko Widodo".into()),
            canonical_source: Some("gazetteer".into()),
            wikidata_id: Some("Q3572".into()),
        }];
        d.errors = vec![StageError::new("ner", ErrorKind::Model, "x")];
        d.source = Some("crawl".into());
        d.title = Some("Kabar".into());
        d.encoding = Some(tidings_core::TextEncoding::new(
            "windows-1252",
            tidings_core::EncodingSource::Http,
        ));
        d.clean = Some(tidings_core::CleanReport {
            language: LanguageCode::parse("id"),
            language_from: Some(tidings_core::LanguageOrigin::Estimated),
            kept_all: None,
        });
        d.translation = Some(tidings_core::Translation {
            status: tidings_core::TranslationStatus::Translated {
                model: "opus".into(),
            },
            text_en: Some("Joko Widodo arrived in Jakarta.".into()),
            title_en: Some("News".into()),
            alignments: vec![tidings_core::Alignment {
                src_start: 0,
                src_end: 28,
                en_start: 0,
                en_end: 31,
            }],
        });
        d.timings = vec![tidings_core::StageTiming {
            stage: "clean".into(),
            micros: 12,
        }];
        d
    }

    #[test]
    fn every_field_of_the_record_has_a_column() {
        let value = serde_json::to_value(rich()).unwrap();
        let schema = schema();
        for key in value.as_object().unwrap().keys() {
            assert!(schema.field_with_name(key).is_ok(), "no column for `{key}`");
        }
        let mut rejected = Document::new("r", "");
        rejected.rejected = true;
        let batch = documents_to_batch(&[rejected]).unwrap();
        assert!(documents_from_batch(&batch, "m", 10)[0].rejected);
    }

    #[test]
    fn nested_fields_round_trip_through_parquet() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.parquet");
        let docs = vec![rich(), Document::new("plain", "only text")];
        let mut w = ParquetWriter::new(File::create(&path).unwrap(), 1).unwrap();
        w.write(&docs[..1]).unwrap();
        w.write(&docs[1..]).unwrap();
        w.finish().unwrap();
        let back: Vec<Document> = ParquetDocuments::open(&path, usize::MAX).unwrap().collect();
        assert_eq!(back, docs);
        // Row groups were bounded (1 byte: one per write).
        let meta = ParquetRecordBatchReaderBuilder::try_new(File::open(&path).unwrap()).unwrap();
        assert_eq!(meta.metadata().num_row_groups(), 2);
        // Offsets slice the content they index.
        let e = &back[0].entities[0];
        assert_eq!(&back[0].content[e.start..e.end], "Joko Widodo");
    }

    #[test]
    fn files_from_other_writers_read_whatever_their_codec() {
        use arrow_array::{ArrayRef, StringArray};
        // pyarrow and Spark write Snappy by default; others LZ4, gzip, none.
        let batch = RecordBatch::try_from_iter(vec![
            (
                "id",
                Arc::new(StringArray::from(vec!["a", "b"])) as ArrayRef,
            ),
            (
                "text",
                Arc::new(StringArray::from(vec!["Halo.", "Dunia."])) as ArrayRef,
            ),
        ])
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        for codec in [
            Compression::SNAPPY,
            Compression::LZ4_RAW,
            Compression::GZIP(Default::default()),
            Compression::ZSTD(Default::default()),
            Compression::UNCOMPRESSED,
        ] {
            let path = dir.path().join(format!("{codec}.parquet"));
            let props = WriterProperties::builder().set_compression(codec).build();
            let mut w =
                ArrowWriter::try_new(File::create(&path).unwrap(), batch.schema(), Some(props))
                    .unwrap();
            w.write(&batch).unwrap();
            w.close().unwrap();
            let docs: Vec<Document> = ParquetDocuments::open(&path, usize::MAX).unwrap().collect();
            let got: Vec<(&str, &str, bool)> = docs
                .iter()
                .map(|d| (d.id.as_str(), d.text.as_str(), d.rejected))
                .collect();
            assert_eq!(
                got,
                [("a", "Halo.", false), ("b", "Dunia.", false)],
                "{codec}"
            );
        }
    }

    #[test]
    fn a_foreign_table_keeps_unknown_columns_in_metadata() {
        use arrow_array::{ArrayRef, Int64Array, StringArray};
        let batch = RecordBatch::try_from_iter(vec![
            (
                "id",
                Arc::new(StringArray::from(vec![Some("a"), None])) as ArrayRef,
            ),
            (
                "html",
                Arc::new(StringArray::from(vec!["<p>x</p>", "<p>y</p>"])) as ArrayRef,
            ),
            (
                "url",
                Arc::new(StringArray::from(vec!["u1", "u2"])) as ArrayRef,
            ),
            ("crawl", Arc::new(Int64Array::from(vec![7, 8])) as ArrayRef),
        ])
        .unwrap();
        let docs = documents_from_batch(&batch, "t.parquet", 4);
        assert_eq!(docs[0].id, "a");
        assert_eq!(docs[0].format, tidings_core::Format::Html);
        assert_eq!(docs[0].metadata["url"], "u1");
        assert_eq!(docs[0].metadata["crawl"], 7);
        assert!(docs[0].rejected, "8 bytes of html is over the 4-byte limit");
        let docs = documents_from_batch(&batch, "t.parquet", 1 << 20);
        assert_eq!(docs[1].id, "t.parquet:2");
        assert_eq!(docs[1].text, "<p>y</p>");
        // Pages kept as bytes read as text, not as hex.
        let raw = RecordBatch::try_from_iter(vec![
            ("id", Arc::new(StringArray::from(vec!["b"])) as ArrayRef),
            (
                "html",
                Arc::new(arrow_array::BinaryArray::from(vec![
                    &b"<p>caf\xc3\xa9 \xff</p>"[..],
                ])) as ArrayRef,
            ),
        ])
        .unwrap();
        let docs = documents_from_batch(&raw, "t.parquet", 1 << 20);
        assert_eq!(docs[0].text, "<p>caf\u{e9} \u{fffd}</p>");
        assert_eq!(docs[0].format, tidings_core::Format::Html);
    }
}
