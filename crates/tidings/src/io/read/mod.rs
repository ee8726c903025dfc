//! Readers: one per input format over one reading loop. [`read_documents`]
//! turns expanded inputs ([`walk`]) into documents: a file is one document
//! ([`file`]), a JSON Lines file one per line ([`jsonl`]), a WARC file one per
//! response page ([`warc`]), a Parquet file one per row ([`parquet`], over
//! `tidings-arrow`).

pub(crate) mod file;
pub(crate) mod jsonl;
pub(crate) mod parquet;
pub(crate) mod stream;
pub(crate) mod walk;
pub mod warc;

use std::collections::VecDeque;
use std::io::{self, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tidings_core::{Document, ErrorKind, Format, StageError, DEFAULT_MAX_BYTES};

use self::file::{file_kind, io_error_doc, open_input, read_file, Compression, FileKind};
use self::jsonl::JsonLines;
use self::stream::{InputKind, Peeked};
use self::walk::Input;

/// Options for [`read_documents`].
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Documents (files, or JSON lines) larger than this are rejected unread.
    pub max_bytes: usize,
    /// Forces the format of `.txt`-like files and JSON records without `format`;
    /// `None` decides by extension, then by sniffing the content.
    pub format: Option<Format>,
    /// A FIFO or device that gives no byte for this long is given up on (an
    /// `io` error record); regular files are never timed.
    pub idle_timeout: Duration,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_bytes: DEFAULT_MAX_BYTES,
            format: None,
            idle_timeout: Duration::from_secs(10),
        }
    }
}

/// A lazy stream of documents from `inputs` (already expanded by
/// [`expand_inputs`](crate::io::expand_inputs)), in order. Every file, every JSON line, every WARC
/// response page and every Parquet row yields exactly one document; problems
/// become rejected documents with an error. WARC records that are not pages
/// are counted in [`ReadProgress::skipped`].
pub fn read_documents(inputs: Vec<Input>, options: ReadOptions) -> DocumentReader {
    DocumentReader {
        inputs: inputs.into_iter().map(Source::Input).collect(),
        current: None,
        options,
        progress: Arc::new(ReadProgress::default()),
    }
}

/// A lazy stream of documents from one input that is not a file here:
/// bytes in memory (`std::io::Cursor`) or any stream, named `name` (the ids
/// of its documents start with it). `kind` says what it holds; `None` reads
/// it as its name's extension, else its first bytes, say ([`InputKind::from_name`],
/// [`InputKind::sniff`]). The
/// documents, errors and skip counts are those of `tidings run` on a file
/// holding the same bytes.
///
/// ```
/// use std::io::Cursor;
/// use tidings::io::{read_stream, InputKind, ReadOptions};
///
/// let lines = b"{\"id\": \"a\", \"text\": \"One.\"}\n{\"id\": \"b\", \"text\": \"Two.\"}\n";
/// let docs: Vec<_> = read_stream("mem", Box::new(Cursor::new(lines.to_vec())), None, ReadOptions::default()).collect();
/// assert_eq!(docs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ["a", "b"]);
/// # let _ = InputKind::Warc;
/// ```
pub fn read_stream(
    name: impl Into<String>,
    reader: Box<dyn Read + Send>,
    kind: Option<InputKind>,
    options: ReadOptions,
) -> DocumentReader {
    DocumentReader {
        inputs: VecDeque::from([Source::Stream {
            name: name.into(),
            reader,
            kind,
        }]),
        current: None,
        options,
        progress: Arc::new(ReadProgress::default()),
    }
}

/// An input waiting to be read.
enum Source {
    Input(Input),
    Stream {
        name: String,
        reader: Box<dyn Read + Send>,
        kind: Option<InputKind>,
    },
}

/// What a [`DocumentReader`] has read so far; shared (see
/// [`DocumentReader::progress`]) so that a progress bar or a statistics
/// writer can watch a reader the pipeline owns.
#[derive(Debug, Default)]
pub struct ReadProgress {
    bytes: AtomicU64,
    files: AtomicU64,
    skipped: Mutex<warc::WarcSkips>,
}

impl ReadProgress {
    /// Bytes read from input files so far (compressed size for compressed files).
    pub fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    /// Input files (and standard input) opened so far.
    pub fn files(&self) -> u64 {
        self.files.load(Ordering::Relaxed)
    }

    /// Input records that were not documents, by reason (WARC requests,
    /// revisits, non-2xx responses, non-page bodies…; see [`warc`]).
    pub fn skipped(&self) -> warc::WarcSkips {
        self.skipped.lock().map(|s| s.clone()).unwrap_or_default()
    }

    fn add_skips(&self, skips: warc::WarcSkips) {
        if let Ok(mut all) = self.skipped.lock() {
            for (k, v) in skips {
                *all.entry(k).or_default() += v;
            }
        }
    }
}

/// A reader that adds what it reads to [`ReadProgress::bytes`].
struct Counted<R> {
    inner: R,
    progress: Arc<ReadProgress>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// The iterator returned by [`read_documents`].
pub struct DocumentReader {
    inputs: VecDeque<Source>,
    current: Option<Current>,
    options: ReadOptions,
    progress: Arc<ReadProgress>,
}

impl DocumentReader {
    /// A handle on what this reader has read so far.
    pub fn progress(&self) -> Arc<ReadProgress> {
        Arc::clone(&self.progress)
    }
}

/// The file being read, when it holds many documents.
enum Current {
    Json(JsonLines),
    Warc(warc::WarcReader),
    Parquet(parquet::ParquetReader),
}

impl std::fmt::Debug for DocumentReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocumentReader")
            .field("pending_inputs", &self.inputs.len())
            .finish()
    }
}

impl Iterator for DocumentReader {
    type Item = Document;

    fn next(&mut self) -> Option<Document> {
        loop {
            if let Some(doc) = self.next_in_current() {
                return Some(doc);
            }
            self.current = None;
            let input = self.inputs.pop_front()?;
            self.progress.files.fetch_add(1, Ordering::Relaxed);
            let path = match input {
                Source::Stream { name, reader, kind } => match self.open_stream(name, reader, kind)
                {
                    Ok(current) => {
                        self.current = Some(current);
                        continue;
                    }
                    Err(doc) => return Some(*doc),
                },
                Source::Input(Input::Stdin) => {
                    let stdin = self.counted(Box::new(io::stdin()));
                    self.current = Some(Current::Json(JsonLines::new(
                        "<stdin>".into(),
                        stdin,
                        &self.options,
                    )));
                    continue;
                }
                Source::Input(Input::Path(path)) => path,
            };
            let opened = |compression| {
                open_input(&path, compression, &self.options).map(|r| self.counted(r))
            };
            match file_kind(&path) {
                FileKind::JsonLines(compression) => match opened(compression) {
                    Ok(reader) => {
                        self.current = Some(Current::Json(JsonLines::new(
                            path.display().to_string(),
                            reader,
                            &self.options,
                        )))
                    }
                    Err(e) => return Some(io_error_doc(&path, &e)),
                },
                FileKind::Warc => match opened(Compression::None) {
                    Ok(reader) => {
                        self.current = Some(Current::Warc(warc::WarcReader::new(
                            path.display().to_string(),
                            reader,
                            self.options.max_bytes,
                        )))
                    }
                    Err(e) => return Some(io_error_doc(&path, &e)),
                },
                FileKind::Parquet => {
                    let opened = parquet::ParquetReader::open(
                        &path,
                        self.options.max_bytes,
                        self.options.format,
                    );
                    match opened {
                        Ok(rows) => self.current = Some(Current::Parquet(rows)),
                        Err(doc) => return Some(*doc),
                    }
                }
                FileKind::Single {
                    format,
                    compression,
                } => {
                    let format = format.or(self.options.format);
                    return Some(read_file(
                        &path,
                        format,
                        compression,
                        &self.options,
                        &self.progress,
                    ));
                }
            }
        }
    }
}

impl DocumentReader {
    fn counted(&self, inner: Box<dyn Read + Send>) -> Box<dyn Read + Send> {
        Box::new(Counted {
            inner,
            progress: Arc::clone(&self.progress),
        })
    }

    /// Opens a stream as the reader of its kind. `Err` holds the one
    /// document a stream of one document is (or the error that ends it).
    fn open_stream(
        &self,
        name: String,
        reader: Box<dyn Read + Send>,
        kind: Option<InputKind>,
    ) -> Result<Current, Box<Document>> {
        let error = |e: io::Error| {
            let msg = format!("{name}: cannot read: {e}");
            Box::new(Document::rejected(
                name.clone(),
                StageError::read(ErrorKind::Io, msg),
            ))
        };
        let peeked = Peeked::new(self.counted(reader)).map_err(error)?;
        let kind = kind
            .or_else(|| InputKind::from_name(&name))
            .or_else(|| InputKind::sniff(peeked.head()));
        let max_bytes = self.options.max_bytes;
        match kind {
            Some(InputKind::Warc) => Ok(Current::Warc(warc::WarcReader::new(
                name.clone(),
                peeked.raw(),
                max_bytes,
            ))),
            Some(InputKind::JsonLines) => {
                let reader = peeked.decompressed().map_err(error)?;
                Ok(Current::Json(JsonLines::new(name, reader, &self.options)))
            }
            Some(InputKind::Parquet) => {
                let mut bytes = Vec::new();
                peeked.raw().read_to_end(&mut bytes).map_err(error)?;
                parquet::ParquetReader::from_bytes(name, bytes, max_bytes, self.options.format)
                    .map(Current::Parquet)
            }
            single => {
                let format = match single {
                    Some(InputKind::Html) => Some(Format::Html),
                    Some(InputKind::Text) => Some(Format::Text),
                    _ => self.options.format,
                };
                let doc = peeked
                    .decompressed()
                    .and_then(|r| file::document_from_reader(name.clone(), r, format, max_bytes, 0))
                    .map_err(error)?;
                Err(Box::new(doc))
            }
        }
    }

    fn next_in_current(&mut self) -> Option<Document> {
        match self.current.as_mut()? {
            Current::Json(jl) => jl.next_doc(),
            Current::Warc(w) => {
                let doc = w.next();
                let skips = w.take_skips();
                if !skips.is_empty() {
                    self.progress.add_skips(skips);
                }
                doc
            }
            Current::Parquet(p) => {
                let (doc, bytes) = p.next_doc();
                self.progress.bytes.fetch_add(bytes, Ordering::Relaxed);
                doc
            }
        }
    }
}
