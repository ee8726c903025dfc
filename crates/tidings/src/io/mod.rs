//! Reading documents from files, directories, JSON Lines (plain or gzip) and
//! standard input, and writing records as JSON Lines.
//!
//! Reading never fails as a whole: a file that cannot be read, a malformed JSON
//! line, a binary or oversize file each become one *rejected* [`Document`](crate::Document) that
//! carries the error, so the output has exactly one record per input document.
//!
//! - Bytes are decoded by [`decode`]: BOM, declared charset, detection; the
//!   record's `encoding` says which and how.
//! - Directories are walked in path order, following symbolic links (a link
//!   loop is skipped and reported in [`Expanded`]); hidden entries are skipped.
//! - FIFOs and devices are read without blocking on a missing writer, within
//!   `max_bytes` and an idle timeout.
//! - [`output::OutputFile`] writes a file that is complete or absent, and
//!   locked while written; [`expand_inputs_with`] refuses to read it.

pub mod decode;
mod read;
mod write;

pub use read::file::document_from_bytes;
pub use read::jsonl::{json_lines, JsonLinesReader};
pub use read::stream::InputKind;
pub use read::walk::{
    expand_inputs, expand_inputs_with, ExpandOptions, Expanded, FileId, Input, InputError,
};
pub use read::warc;
pub use read::{read_documents, read_stream, DocumentReader, ReadOptions, ReadProgress};
pub use write::{output, sink};

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::File;
    use std::io::{self, Write};
    use std::path::Path;
    use tidings_core::{Document, ErrorKind, Format};

    fn read_all(inputs: Vec<Input>, max_bytes: usize) -> Vec<Document> {
        let expanded = expand_inputs(&inputs).unwrap();
        read_documents(
            expanded,
            ReadOptions {
                max_bytes,
                ..Default::default()
            },
        )
        .collect()
    }

    #[test]
    fn jsonl_lines_each_give_one_document_even_when_broken() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.jsonl");
        let mut f = File::create(&path).unwrap();
        writeln!(
            f,
            r#"{{"id": "a", "text": "hello", "source": "web", "added": "2024"}}"#
        )
        .unwrap();
        writeln!(f, "{{not json").unwrap();
        writeln!(f).unwrap();
        writeln!(f, r#"{{"id": 7, "html": "<p>x</p>"}}"#).unwrap();
        f.write_all(b"{\"text\": \"\xff\"}\n").unwrap();
        writeln!(f, r#"{{"id": "big", "text": "{}"}}"#, "x".repeat(500)).unwrap();
        writeln!(f, r#"{{"id": "after", "text": "still read"}}"#).unwrap();
        drop(f);
        let docs = read_all(vec![Input::Path(path)], 200);
        let ids: Vec<_> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids.len(), 6, "{ids:?}");
        assert_eq!(ids[0], "a");
        assert_eq!(docs[0].metadata["added"], "2024");
        assert_eq!(docs[0].source.as_deref(), Some("web"));
        assert!(docs[1].rejected && docs[1].errors[0].kind == ErrorKind::MalformedRecord);
        assert!(docs[1].id.ends_with(":2"));
        assert_eq!((ids[2], docs[2].format), ("7", Format::Html));
        assert_eq!(docs[3].errors[0].kind, ErrorKind::InvalidUtf8);
        assert_eq!(docs[4].errors[0].kind, ErrorKind::TooLarge);
        assert_eq!(ids[5], "after");
    }

    #[test]
    fn gzip_jsonl_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.jsonl.gz");
        let mut gz =
            flate2::write::GzEncoder::new(File::create(&path).unwrap(), Default::default());
        for i in 0..3 {
            writeln!(gz, r#"{{"id": "d{i}", "text": "text {i}"}}"#).unwrap();
        }
        gz.finish().unwrap();
        let docs = read_all(vec![Input::Path(path)], 1 << 20);
        assert_eq!(
            docs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
            ["d0", "d1", "d2"]
        );
    }

    #[test]
    fn a_truncated_gzip_keeps_what_came_before_and_ends_with_one_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cut.jsonl.gz");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), Default::default());
        for i in 0..2000 {
            writeln!(gz, r#"{{"id": "d{i}", "text": "text number {i} of many"}}"#).unwrap();
        }
        let bytes = gz.finish().unwrap();
        std::fs::write(&path, &bytes[..bytes.len() * 2 / 3]).unwrap();
        let docs = read_all(vec![Input::Path(path)], 1 << 20);
        let (last, good) = docs.split_last().unwrap();
        assert!(good.len() > 100, "{}", good.len());
        for (i, d) in good.iter().enumerate() {
            assert_eq!(d.id, format!("d{i}"));
        }
        assert_eq!(last.errors[0].kind, ErrorKind::Io, "{:?}", last.errors);
        assert!(last.errors[0].message.contains("cut.jsonl.gz"));
    }

    #[test]
    fn utf16_json_lines_and_doubled_boms_are_read() {
        let bytes: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "\u{feff}{\"id\": \"a\", \"text\": \"x\"}\r\n{\"id\": \"b\", \"text\": \"y\"}"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        let docs: Vec<Document> =
            json_lines("m", io::Cursor::new(bytes), &ReadOptions::default()).collect();
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert!(docs
            .iter()
            .all(|d| d.errors.is_empty() && d.encoding.is_some()));
    }

    #[test]
    fn directories_are_walked_in_order_and_bad_files_become_records() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("b.txt"), "second").unwrap();
        std::fs::write(dir.path().join("a.html"), "<p>first</p>").unwrap();
        std::fs::write(dir.path().join("sub/c.txt"), b"\x00\x01\x02binary").unwrap();
        std::fs::write(dir.path().join("sub/d.txt"), "").unwrap();
        std::fs::write(dir.path().join("sub/e.txt"), "y".repeat(300)).unwrap();
        std::fs::write(dir.path().join(".hidden"), "skip me").unwrap();
        let docs = read_all(vec![Input::Path(dir.path().to_path_buf())], 256);
        let names: Vec<_> = docs
            .iter()
            .map(|d| {
                Path::new(&d.id)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["a.html", "b.txt", "c.txt", "d.txt", "e.txt"]);
        assert_eq!(docs[0].format, Format::Html);
        assert_eq!(docs[1].text, "second");
        assert_eq!(docs[2].errors[0].kind, ErrorKind::Binary);
        assert_eq!(docs[3].errors[0].kind, ErrorKind::Empty);
        assert_eq!(docs[4].errors[0].kind, ErrorKind::TooLarge);
    }

    #[test]
    fn gzipped_single_files_are_decompressed_and_bounded() {
        let dir = tempfile::tempdir().unwrap();
        for (name, body) in [
            ("a.html.gz", "<p>page</p>".to_owned()),
            ("b.txt.gz", "z".repeat(1000)),
        ] {
            let mut gz = flate2::write::GzEncoder::new(
                File::create(dir.path().join(name)).unwrap(),
                Default::default(),
            );
            gz.write_all(body.as_bytes()).unwrap();
            gz.finish().unwrap();
        }
        let docs = read_all(vec![Input::Path(dir.path().to_path_buf())], 500);
        assert_eq!(
            (docs[0].format, docs[0].text.as_str()),
            (Format::Html, "<p>page</p>")
        );
        // 1000 bytes once decompressed: over the 500-byte limit.
        assert_eq!(docs[1].errors[0].kind, ErrorKind::TooLarge);
    }

    #[test]
    fn missing_paths_are_refused_up_front() {
        let err = expand_inputs(&[Input::parse("/no/such/tidings/input")]).unwrap_err();
        assert!(err.to_string().contains("/no/such/tidings/input"), "{err}");
    }

    #[test]
    fn writer_output_reads_back() {
        let mut doc = Document::new("x", "Ünïcode text");
        doc.content = doc.text.clone();
        let mut w = sink::RecordWriter::new(Vec::new(), sink::OutputFormat::JsonLines).unwrap();
        w.write(doc.clone()).unwrap();
        let bytes = w.finish().unwrap();
        let line = std::str::from_utf8(&bytes).unwrap().trim_end();
        assert_eq!(Document::from_json("t", line).unwrap(), doc);
    }
}
