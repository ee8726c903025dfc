//! The tidings record as Apache Arrow and Parquet.
//!
//! One explicit, typed schema ([`schema`]) for the output record, shared by
//! the `tidings` command's `.parquet` output and the Python bindings:
//!
//! | column | type |
//! |---|---|
//! | `id` | utf8, not null |
//! | `source`, `format`, `text`, `title`, `content` | utf8 |
//! | `metadata` | utf8: the JSON object of [`Document::metadata`](tidings_core::Document::metadata) (its keys differ per record) |
//! | `encoding` | struct `{name, source}` |
//! | `language` | struct `{iso639_3, iso639_1, name, script, confidence: float64, reliable: bool, source}` |
//! | `paragraphs` | list of struct `{start, end: int64, language}` |
//! | `boilerplate` | list of struct `{start, end: int64, text, reason}` |
//! | `clean` | struct `{language, language_from, kept_all, page_type, page_type_confidence, confidence}` (the last two float32) |
//! | `entities` | list of struct `{start, end: int64, text, label, score: float32, model, canonical, canonical_source, wikidata_id}` (`wikidata_id` is null unless a gazetteer or the compiled-in Wikidata entities resolved the entity) |
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
use std::sync::{Arc, OnceLock};

use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};

mod convert;
mod parquet_io;

pub use convert::{
    concat_batches, documents_from_batch, documents_from_batch_at, documents_to_batch,
};
pub use parquet_io::{ParquetDocuments, ParquetWriter, DEFAULT_ROW_GROUP_BYTES};

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
                vec![
                    utf8("language"),
                    utf8("language_from"),
                    utf8("kept_all"),
                    utf8("page_type"),
                    Field::new("page_type_confidence", DataType::Float32, true),
                    Field::new("confidence", DataType::Float32, true),
                ],
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

#[cfg(test)]
mod tests;
