//! Inputs read as bytes or streams (`tidings::io::read_stream`, what the
//! Python `read_batches` and the engines' readers use) give the documents,
//! errors and skip counts of the same bytes read as a file.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::Path;

use tidings::io::{read_documents, read_stream, Input, InputKind, ReadOptions};
use tidings::Document;

fn as_file(path: &Path) -> (Vec<Document>, BTreeMap<String, u64>) {
    let reader = read_documents(
        vec![Input::Path(path.to_path_buf())],
        ReadOptions::default(),
    );
    let progress = reader.progress();
    let docs = reader.collect();
    (docs, progress.skipped())
}

fn as_stream(
    name: &str,
    reader: impl Read + Send + 'static,
    kind: Option<InputKind>,
) -> (Vec<Document>, BTreeMap<String, u64>) {
    let reader = read_stream(name, Box::new(reader), kind, ReadOptions::default());
    let progress = reader.progress();
    let docs = reader.collect();
    (docs, progress.skipped())
}

/// A reader that gives at most 7 bytes a call, as a slow socket or a
/// Python file object may.
struct Dribble(Cursor<Vec<u8>>);

impl Read for Dribble {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(7);
        self.0.read(&mut buf[..n])
    }
}

#[test]
fn warcio_captures_as_bytes_read_like_the_files() {
    let Some(dir) = tidings_testdata::data("warc/warcio") else {
        return;
    };
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.contains(".warc") || name.ends_with(".bad") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let (docs, skipped) = as_file(&path);
        let id = path.display().to_string();
        // By name, by the first bytes alone, and through a reader that
        // gives a few bytes at a time.
        assert_eq!(
            as_stream(&id, Cursor::new(bytes.clone()), None),
            (docs.clone(), skipped.clone()),
            "{name}"
        );
        let unnamed = as_stream("<bytes>", Cursor::new(bytes.clone()), None);
        let ids = |d: &[Document]| d.iter().map(|d| d.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&unnamed.0), ids(&docs), "{name} by its first bytes");
        assert_eq!(unnamed.1, skipped, "{name} by its first bytes");
        let dribbled = as_stream(&id, Dribble(Cursor::new(bytes)), Some(InputKind::Warc));
        assert_eq!(dribbled, (docs, skipped), "{name} a few bytes at a time");
        checked += 1;
    }
    assert!(checked >= 6, "{checked} WARC files in {}", dir.display());
    // warcio's `.bad` file, named as its contents are: the kind given.
    let bad = std::fs::read(dir.join("example-bad.warc.gz.bad")).unwrap();
    let (docs, _) = as_stream("bad", Cursor::new(bad), Some(InputKind::Warc));
    assert_eq!(docs.len(), 1);
    assert_eq!(
        docs[0].id,
        "<urn:uuid:6d058047-ede2-4a13-be79-90c17c631dd4>"
    );
}

#[test]
fn json_lines_and_single_pages_as_bytes_read_like_the_files() {
    let root = tidings_testdata::workspace_root().join("examples/docs");
    for name in ["03-records.jsonl", "01-harbour-news.html", "02-berita.txt"] {
        let path = root.join(name);
        let bytes = std::fs::read(&path).unwrap();
        let id = path.display().to_string();
        assert_eq!(
            as_stream(&id, Cursor::new(bytes.clone()), None),
            as_file(&path),
            "{name}"
        );
        // zstd-compressed JSON Lines are found by their magic bytes.
        if name.ends_with(".jsonl") {
            let zst = zstd::encode_all(&bytes[..], 3).unwrap();
            let (docs, _) = as_stream(&id, Cursor::new(zst), Some(InputKind::JsonLines));
            assert_eq!(docs, as_file(&path).0, "{name} as zstd");
        }
    }
}

#[test]
fn a_stream_that_fails_is_one_error_record_naming_it() {
    struct Broken;
    impl Read for Broken {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("connection reset"))
        }
    }
    let (docs, _) = as_stream("s3://bucket/crawl.warc.gz", Broken, None);
    assert_eq!(docs.len(), 1);
    assert!(docs[0].rejected);
    let message = &docs[0].errors[0].message;
    assert!(
        message.contains("s3://bucket/crawl.warc.gz") && message.contains("connection reset"),
        "{message}"
    );
}
