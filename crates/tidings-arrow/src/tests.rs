//! Round trips through Arrow and Parquet.

use std::fs::File;

use arrow_array::RecordBatch;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use tidings_core::{
    Boilerplate, BoilerplateReason, Document, Entity, EntityLabel, ErrorKind, Language,
    LanguageCode, LanguageSource, Paragraph, StageError,
};

use super::*;

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
    let lang = Language::from_code(LanguageCode::parse("id").unwrap(), LanguageSource::Detected);
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
        page_type: Some(tidings_core::PageType::Listing),
        page_type_confidence: Some(0.75),
        confidence: Some(0.625),
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
        let mut w = ArrowWriter::try_new(File::create(&path).unwrap(), batch.schema(), Some(props))
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
