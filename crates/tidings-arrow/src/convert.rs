//! Records to Arrow batches of [`schema`] and back; any table's rows to
//! documents.

use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_schema::{DataType, Field, Schema};
use serde_json::Value;
use tidings_core::{Document, ErrorKind, SizeSeen, StageError};

use crate::{schema, ArrowError};

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
