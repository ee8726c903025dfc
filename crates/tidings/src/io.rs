//! Reading documents from files, directories, JSON Lines (plain or gzip) and
//! standard input, and writing records as JSON Lines.
//!
//! Reading never fails as a whole: a file that cannot be read, a malformed JSON
//! line, a binary or oversize file each become one *rejected* [`Document`] that
//! carries the error, so the output has exactly one record per input document.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use tidings_core::{Document, ErrorKind, Format, StageError, DEFAULT_MAX_BYTES};

/// Options for [`read_documents`].
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Documents (files, or JSON lines) larger than this are rejected unread.
    pub max_bytes: usize,
    /// Forces the format of `.txt`-like files and JSON records without `format`;
    /// `None` decides by extension, then by sniffing the content.
    pub format: Option<Format>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_bytes: DEFAULT_MAX_BYTES,
            format: None,
        }
    }
}

/// One input as named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input, read as JSON Lines.
    Stdin,
    /// A file or a directory (read recursively).
    Path(PathBuf),
}

impl Input {
    /// `-` is standard input; anything else a path.
    pub fn parse(s: &str) -> Input {
        if s == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(s))
        }
    }
}

/// How a file is read, decided by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    JsonLines { gzip: bool },
    Single { format: Option<Format>, gzip: bool },
}

fn file_kind(path: &Path) -> FileKind {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let (name, gzip) = match name.strip_suffix(".gz") {
        Some(stem) => (stem.to_owned(), true),
        None => (name, false),
    };
    if name.ends_with(".jsonl") || name.ends_with(".ndjson") || (gzip && name.ends_with(".json")) {
        FileKind::JsonLines { gzip }
    } else if name.ends_with(".html") || name.ends_with(".htm") || name.ends_with(".xhtml") {
        FileKind::Single {
            format: Some(Format::Html),
            gzip,
        }
    } else if name.ends_with(".txt") {
        FileKind::Single {
            format: Some(Format::Text),
            gzip,
        }
    } else {
        FileKind::Single { format: None, gzip }
    }
}

/// Expands inputs into the ordered list of files to read: a directory becomes
/// its files, recursively, sorted by path, hidden entries skipped. A path that
/// does not exist is reported up front, so the caller can refuse to start.
pub fn expand_inputs(inputs: &[Input]) -> io::Result<Vec<Input>> {
    let mut out = Vec::new();
    for input in inputs {
        match input {
            Input::Stdin => out.push(Input::Stdin),
            Input::Path(p) => {
                let meta = std::fs::metadata(p)
                    .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", p.display())))?;
                if meta.is_dir() {
                    let walker = walkdir::WalkDir::new(p)
                        .sort_by_file_name()
                        .into_iter()
                        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
                    for entry in walker {
                        match entry {
                            Ok(e) if e.file_type().is_file() => {
                                out.push(Input::Path(e.into_path()))
                            }
                            Ok(_) => {}
                            // An unreadable entry still becomes a record (an I/O error).
                            Err(e) => out.push(Input::Path(
                                e.path().map(Path::to_path_buf).unwrap_or_else(|| p.clone()),
                            )),
                        }
                    }
                } else {
                    out.push(input.clone());
                }
            }
        }
    }
    Ok(out)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// A lazy stream of documents from `inputs` (already expanded by
/// [`expand_inputs`]), in order. Every file, every JSON line, yields exactly one
/// document; problems become rejected documents with an error.
pub fn read_documents(inputs: Vec<Input>, options: ReadOptions) -> DocumentReader {
    DocumentReader {
        inputs: inputs.into(),
        current: None,
        options,
    }
}

/// The iterator returned by [`read_documents`].
pub struct DocumentReader {
    inputs: VecDeque<Input>,
    current: Option<JsonLines>,
    options: ReadOptions,
}

impl std::fmt::Debug for DocumentReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocumentReader")
            .field("pending_inputs", &self.inputs.len())
            .finish()
    }
}

struct JsonLines {
    origin: String,
    reader: Box<dyn BufRead + Send>,
    line_no: usize,
    max_bytes: usize,
    format: Option<Format>,
}

impl JsonLines {
    fn next_doc(&mut self) -> Option<Document> {
        let mut buf = Vec::new();
        loop {
            buf.clear();
            self.line_no += 1;
            let origin = format!("{}:{}", self.origin, self.line_no);
            // Read at most max_bytes + 1 of the line, then skip the rest of it.
            let read = (&mut self.reader)
                .take(self.max_bytes as u64 + 1)
                .read_until(b'\n', &mut buf);
            match read {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    let err = StageError::new(
                        "read",
                        ErrorKind::Io,
                        format!("{origin}: read error, rest of file skipped: {e}"),
                    );
                    self.reader = Box::new(io::empty());
                    return Some(Document::rejected(origin, err));
                }
            }
            if buf.len() > self.max_bytes && !buf.ends_with(b"\n") {
                let skipped = skip_line(&mut self.reader);
                let err = StageError::new(
                    "read",
                    ErrorKind::TooLarge,
                    format!(
                        "{origin}: record is over the limit of {} bytes ({} bytes or more)",
                        self.max_bytes,
                        buf.len() + skipped
                    ),
                );
                return Some(Document::rejected(origin, err));
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let line = match std::str::from_utf8(&buf) {
                Ok(s) => s,
                Err(e) => {
                    let err = StageError::new(
                        "read",
                        ErrorKind::InvalidUtf8,
                        format!(
                            "{origin}: JSON line is not valid UTF-8 (byte {})",
                            e.valid_up_to()
                        ),
                    );
                    return Some(Document::rejected(origin, err));
                }
            };
            return Some(match Document::from_json(&origin, line) {
                Ok(mut doc) => {
                    if let Some(f) = self.format {
                        doc.format = f;
                    }
                    doc
                }
                Err(e) => Document::rejected(
                    origin,
                    StageError::new("read", ErrorKind::MalformedRecord, e.to_string()),
                ),
            });
        }
    }
}

/// Consumes the rest of the current line; returns how many bytes it skipped.
fn skip_line(reader: &mut dyn BufRead) -> usize {
    let mut skipped = 0;
    loop {
        let (done, used) = match reader.fill_buf() {
            Ok([]) | Err(_) => return skipped,
            Ok(buf) => match buf.iter().position(|&b| b == b'\n') {
                Some(i) => (true, i + 1),
                None => (false, buf.len()),
            },
        };
        reader.consume(used);
        skipped += used;
        if done {
            return skipped;
        }
    }
}

impl Iterator for DocumentReader {
    type Item = Document;

    fn next(&mut self) -> Option<Document> {
        loop {
            if let Some(jl) = &mut self.current {
                if let Some(doc) = jl.next_doc() {
                    return Some(doc);
                }
                self.current = None;
            }
            let input = self.inputs.pop_front()?;
            match input {
                Input::Stdin => {
                    self.current = Some(JsonLines {
                        origin: "<stdin>".into(),
                        reader: Box::new(BufReader::new(io::stdin())),
                        line_no: 0,
                        max_bytes: self.options.max_bytes,
                        format: self.options.format,
                    });
                }
                Input::Path(path) => match file_kind(&path) {
                    FileKind::JsonLines { gzip } => match open_lines(&path, gzip) {
                        Ok(reader) => {
                            self.current = Some(JsonLines {
                                origin: path.display().to_string(),
                                reader,
                                line_no: 0,
                                max_bytes: self.options.max_bytes,
                                format: self.options.format,
                            })
                        }
                        Err(e) => return Some(io_error_doc(&path, &e)),
                    },
                    FileKind::Single { format, gzip } => {
                        let format = format.or(self.options.format);
                        return Some(read_file(&path, format, gzip, &self.options));
                    }
                },
            }
        }
    }
}

fn open_lines(path: &Path, gzip: bool) -> io::Result<Box<dyn BufRead + Send>> {
    let file = File::open(path)?;
    Ok(if gzip {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    })
}

fn io_error_doc(path: &Path, e: &io::Error) -> Document {
    let id = path.display().to_string();
    let msg = format!("{id}: cannot read: {e}");
    Document::rejected(id, StageError::new("read", ErrorKind::Io, msg))
}

/// Reads one file as one document (id = the path), gunzipping it when `gzip`.
/// Oversize files are rejected from their metadata, without reading them; a
/// compressed file is rejected once its decompressed size passes the limit.
pub fn read_file(
    path: &Path,
    format: Option<Format>,
    gzip: bool,
    options: &ReadOptions,
) -> Document {
    let id = path.display().to_string();
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return io_error_doc(path, &e),
    };
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if len > options.max_bytes as u64 {
        let msg = format!(
            "{id}: file is {len} bytes, over the limit of {} bytes",
            options.max_bytes
        );
        return Document::rejected(id, StageError::new("read", ErrorKind::TooLarge, msg));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    let reader: Box<dyn Read> = if gzip {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    // Guard against files that grow while read, lie about their size, or
    // decompress to more than the limit.
    match reader
        .take(options.max_bytes as u64 + 1)
        .read_to_end(&mut bytes)
    {
        Ok(_) => Document::from_bytes(id, &bytes, format, options.max_bytes),
        Err(e) => io_error_doc(path, &e),
    }
}

/// Writes documents as JSON Lines.
#[derive(Debug)]
pub struct JsonLinesWriter<W: Write> {
    out: W,
}

impl<W: Write> JsonLinesWriter<W> {
    /// A writer over `out` (wrap files in a `BufWriter`).
    pub fn new(out: W) -> Self {
        JsonLinesWriter { out }
    }

    /// Writes one record and a newline.
    pub fn write(&mut self, doc: &Document) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, doc)?;
        self.out.write_all(b"\n")
    }

    /// Flushes and returns the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(inputs: Vec<Input>, max_bytes: usize) -> Vec<Document> {
        let expanded = expand_inputs(&inputs).unwrap();
        read_documents(
            expanded,
            ReadOptions {
                max_bytes,
                format: None,
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
        let mut w = JsonLinesWriter::new(Vec::new());
        w.write(&doc).unwrap();
        let bytes = w.finish().unwrap();
        let line = std::str::from_utf8(&bytes).unwrap().trim_end();
        assert_eq!(Document::from_json("t", line).unwrap(), doc);
    }
}
