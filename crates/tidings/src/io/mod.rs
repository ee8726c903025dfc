//! Reading documents from files, directories, JSON Lines (plain or gzip) and
//! standard input, and writing records as JSON Lines.
//!
//! Reading never fails as a whole: a file that cannot be read, a malformed JSON
//! line, a binary or oversize file each become one *rejected* [`Document`] that
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
pub mod output;
pub mod sink;
pub mod warc;

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tidings_core::{
    Document, EncodingSource, ErrorKind, Format, SizeSeen, StageError, TextEncoding,
    DEFAULT_MAX_BYTES,
};

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

/// A file's identity: device and inode, so that two names for one file
/// (a link, `./a` and `a`) compare equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FileId {
    dev: u64,
    ino: u64,
}

impl FileId {
    /// The identity of the file `path` names (links followed).
    pub fn of(path: &Path) -> io::Result<FileId> {
        Ok(FileId::from_meta(&std::fs::metadata(path)?))
    }

    /// The identity of an open file.
    pub fn of_file(file: &File) -> io::Result<FileId> {
        Ok(FileId::from_meta(&file.metadata()?))
    }

    #[cfg(unix)]
    fn from_meta(meta: &std::fs::Metadata) -> FileId {
        use std::os::unix::fs::MetadataExt;
        FileId {
            dev: meta.dev(),
            ino: meta.ino(),
        }
    }

    #[cfg(not(unix))]
    fn from_meta(meta: &std::fs::Metadata) -> FileId {
        // No inodes: fall back to size and modification time (best effort).
        let t = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64);
        FileId {
            dev: meta.len(),
            ino: t,
        }
    }
}

/// What [`expand_inputs_with`] must not read.
#[derive(Debug, Clone, Default)]
pub struct ExpandOptions {
    /// Files this run writes ([`output::OutputFile::own_files`]): found in a
    /// directory they are skipped; named as an input they are refused.
    pub exclude: Vec<FileId>,
}

/// The files to read, and what the walk passed over.
#[derive(Debug, Clone, Default)]
pub struct Expanded {
    /// The inputs, in order.
    pub inputs: Vec<Input>,
    /// Symbolic links followed inside directories.
    pub symlinks_followed: usize,
    /// Links that lead back to a directory being walked: not followed.
    pub symlink_loops: Vec<PathBuf>,
    /// Files skipped because this run writes them.
    pub skipped_outputs: Vec<PathBuf>,
}

/// Why the inputs could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// A named input does not exist or cannot be examined.
    #[error("{path}: {source}")]
    Missing {
        /// The input as named.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A named input is a file this run would write.
    #[error("{path}: this input is the output file (the same file, by device and inode); refusing to overwrite an input")]
    IsOutput {
        /// The input as named.
        path: PathBuf,
    },
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

/// A compression a file's name announces (`.gz`, `.zst`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compression {
    None,
    Gzip,
    Zstd,
}

/// How a file is read, decided by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    JsonLines(Compression),
    Single {
        format: Option<Format>,
        compression: Compression,
    },
    /// `.warc`, `.warc.gz` (gzip is sniffed, whatever the name says).
    Warc,
    Parquet,
}

fn file_kind(path: &Path) -> FileKind {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if name.ends_with(".warc") || name.ends_with(".warc.gz") {
        return FileKind::Warc;
    }
    if name.ends_with(".parquet") {
        return FileKind::Parquet;
    }
    let (name, compression) = if let Some(stem) = name.strip_suffix(".gz") {
        (stem.to_owned(), Compression::Gzip)
    } else if let Some(stem) = name.strip_suffix(".zst") {
        (stem.to_owned(), Compression::Zstd)
    } else {
        (name, Compression::None)
    };
    let compressed = compression != Compression::None;
    if name.ends_with(".jsonl")
        || name.ends_with(".ndjson")
        || (compressed && name.ends_with(".json"))
    {
        FileKind::JsonLines(compression)
    } else {
        let format =
            if name.ends_with(".html") || name.ends_with(".htm") || name.ends_with(".xhtml") {
                Some(Format::Html)
            } else if name.ends_with(".txt") {
                Some(Format::Text)
            } else {
                None
            };
        FileKind::Single {
            format,
            compression,
        }
    }
}

/// Expands inputs into the ordered list of files to read: a directory becomes
/// its files, recursively, sorted by path, hidden entries skipped. A path that
/// does not exist is reported up front, so the caller can refuse to start.
pub fn expand_inputs(inputs: &[Input]) -> io::Result<Vec<Input>> {
    expand_inputs_with(inputs, &ExpandOptions::default())
        .map(|e| e.inputs)
        .map_err(|e| io::Error::other(e.to_string()))
}

/// Like [`expand_inputs`], following symbolic links (loops detected and
/// reported), and never listing a file in `options.exclude`: such a file
/// named directly is an [`InputError::IsOutput`]; found in a directory it is
/// skipped and reported.
pub fn expand_inputs_with(
    inputs: &[Input],
    options: &ExpandOptions,
) -> Result<Expanded, InputError> {
    let mut out = Expanded::default();
    let excluded = |p: &Path| {
        !options.exclude.is_empty() && FileId::of(p).is_ok_and(|id| options.exclude.contains(&id))
    };
    for input in inputs {
        let p = match input {
            Input::Stdin => {
                out.inputs.push(Input::Stdin);
                continue;
            }
            Input::Path(p) => p,
        };
        let meta = std::fs::metadata(p).map_err(|source| InputError::Missing {
            path: p.clone(),
            source,
        })?;
        if !meta.is_dir() {
            if excluded(p) {
                return Err(InputError::IsOutput { path: p.clone() });
            }
            out.inputs.push(input.clone());
            continue;
        }
        let walker = walkdir::WalkDir::new(p)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_dir() => {
                    out.symlinks_followed += usize::from(e.path_is_symlink());
                }
                Ok(e) => {
                    out.symlinks_followed += usize::from(e.path_is_symlink());
                    if excluded(e.path()) {
                        out.skipped_outputs.push(e.into_path());
                    } else {
                        out.inputs.push(Input::Path(e.into_path()));
                    }
                }
                Err(e) if e.loop_ancestor().is_some() => {
                    out.symlink_loops
                        .push(e.path().map_or_else(|| p.clone(), Path::to_path_buf));
                }
                // An unreadable entry (or a dangling link) still becomes a
                // record: an I/O error when it is read.
                Err(e) => out.inputs.push(Input::Path(
                    e.path().map(Path::to_path_buf).unwrap_or_else(|| p.clone()),
                )),
            }
        }
    }
    Ok(out)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// A lazy stream of documents from `inputs` (already expanded by
/// [`expand_inputs`]), in order. Every file, every JSON line, every WARC
/// response page and every Parquet row yields exactly one document; problems
/// become rejected documents with an error. WARC records that are not pages
/// are counted in [`ReadProgress::skipped`].
pub fn read_documents(inputs: Vec<Input>, options: ReadOptions) -> DocumentReader {
    DocumentReader {
        inputs: inputs.into(),
        current: None,
        options,
        progress: Arc::new(ReadProgress::default()),
    }
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
    inputs: VecDeque<Input>,
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
    #[cfg(feature = "parquet")]
    Parquet(tidings_arrow::ParquetDocuments),
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
    /// Set when the file is not UTF-8 (a UTF-16 BOM): recorded on each record.
    encoding: Option<TextEncoding>,
}

impl JsonLines {
    fn new(origin: String, raw: Box<dyn Read + Send>, options: &ReadOptions) -> JsonLines {
        let (reader, encoding) = unicode_lines(raw);
        JsonLines {
            origin,
            reader,
            line_no: 0,
            max_bytes: options.max_bytes,
            format: options.format,
            encoding,
        }
    }

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
                    let err = StageError::read(
                        ErrorKind::Io,
                        format!("{origin}: read error, rest of file skipped: {e}"),
                    );
                    self.reader = Box::new(io::empty());
                    return Some(Document::rejected(origin, err));
                }
            }
            if buf.len() > self.max_bytes && !buf.ends_with(b"\n") {
                let skipped = skip_line(&mut self.reader);
                let err = StageError::too_large(
                    format_args!("{origin}: record"),
                    SizeSeen::AtLeast((buf.len() + skipped) as u64),
                    self.max_bytes,
                );
                return Some(Document::rejected(origin, err));
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            // Invalid bytes are replaced, not a reason to lose the record.
            let (line, bad_at) = match std::str::from_utf8(&buf) {
                Ok(s) => (std::borrow::Cow::Borrowed(s), None),
                Err(e) => (String::from_utf8_lossy(&buf), Some(e.valid_up_to())),
            };
            let mut doc = Document::from_json_lossy(
                &origin,
                line.trim_start_matches('\u{feff}')
                    .trim_end_matches(['\n', '\r']),
            );
            if let Some(at) = bad_at {
                doc.errors.insert(
                    0,
                    StageError::read(
                        ErrorKind::InvalidUtf8,
                        format!("{origin}: invalid UTF-8 at byte {at} of the line; decoded with U+FFFD replacements"),
                    ),
                );
            }
            if let Some(f) = self.format.filter(|_| !doc.rejected) {
                doc.format = f;
            }
            if doc.encoding.is_none() {
                doc.encoding.clone_from(&self.encoding);
            }
            return Some(doc);
        }
    }
}

/// Documents from a JSON Lines stream (any reader: a socket, a decompressor,
/// bytes in memory), one per non-blank line, with the same guarantees as files:
/// a line that cannot be read is a rejected record that keeps what it can, a
/// read error ends the stream with one `io` record, a BOM is honoured.
///
/// ```
/// use tidings::io::{json_lines, ReadOptions};
///
/// let data = "{\"id\": \"a\", \"text\": \"hi\"}\n{\"id\": \"b\", \"text\": 5}\n";
/// let docs: Vec<_> = json_lines("mem", std::io::Cursor::new(data), &ReadOptions::default()).collect();
/// assert_eq!((docs[0].id.as_str(), docs[1].id.as_str(), docs[1].rejected), ("a", "b", true));
/// ```
pub fn json_lines(
    origin: impl Into<String>,
    reader: impl Read + Send + 'static,
    options: &ReadOptions,
) -> JsonLinesReader {
    JsonLinesReader(JsonLines::new(origin.into(), Box::new(reader), options))
}

/// The iterator returned by [`json_lines`].
pub struct JsonLinesReader(JsonLines);

impl std::fmt::Debug for JsonLinesReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsonLinesReader")
            .field("origin", &self.0.origin)
            .field("line", &self.0.line_no)
            .finish()
    }
}

impl Iterator for JsonLinesReader {
    type Item = Document;
    fn next(&mut self) -> Option<Document> {
        self.0.next_doc()
    }
}

/// A JSON Lines byte stream as UTF-8 lines: a UTF-8 BOM is dropped, a
/// UTF-16 BOM transcodes the whole stream (and is reported).
fn unicode_lines(raw: Box<dyn Read + Send>) -> (Box<dyn BufRead + Send>, Option<TextEncoding>) {
    let mut reader = BufReader::with_capacity(1 << 16, raw);
    let head = match reader.fill_buf() {
        Ok(b) => b.get(..3.min(b.len())).unwrap_or_default().to_vec(),
        Err(_) => Vec::new(),
    };
    match encoding_rs::Encoding::for_bom(&head) {
        Some((enc, _)) if enc == encoding_rs::UTF_8 => {
            reader.consume(3);
            (Box::new(reader), None)
        }
        Some((enc, _)) => {
            let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(enc))
                .bom_override(true)
                .build(reader);
            (
                Box::new(BufReader::new(decoded)),
                Some(TextEncoding::new(enc.name(), EncodingSource::Bom)),
            )
        }
        None => (Box::new(reader), None),
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
            if let Some(doc) = self.next_in_current() {
                return Some(doc);
            }
            self.current = None;
            let input = self.inputs.pop_front()?;
            self.progress.files.fetch_add(1, Ordering::Relaxed);
            let path = match input {
                Input::Stdin => {
                    let stdin = self.counted(Box::new(io::stdin()));
                    self.current = Some(Current::Json(JsonLines::new(
                        "<stdin>".into(),
                        stdin,
                        &self.options,
                    )));
                    continue;
                }
                Input::Path(path) => path,
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
                FileKind::Parquet => match self.open_parquet(&path) {
                    Ok(c) => self.current = Some(c),
                    Err(doc) => return Some(*doc),
                },
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
            #[cfg(feature = "parquet")]
            Current::Parquet(p) => {
                let doc = p.next();
                self.progress
                    .bytes
                    .fetch_add(p.take_bytes_read(), Ordering::Relaxed);
                doc.map(|d| {
                    let mut d = d;
                    if let Some(f) = self
                        .options
                        .format
                        .filter(|_| !d.rejected && d.text.is_empty())
                    {
                        d.format = f;
                    }
                    d
                })
            }
        }
    }

    #[cfg(feature = "parquet")]
    fn open_parquet(&self, path: &Path) -> Result<Current, Box<Document>> {
        tidings_arrow::ParquetDocuments::open(path, self.options.max_bytes)
            .map(Current::Parquet)
            .map_err(|e| {
                let id = path.display().to_string();
                Box::new(Document::rejected(
                    id,
                    StageError::read(ErrorKind::Io, e.to_string()),
                ))
            })
    }

    #[cfg(not(feature = "parquet"))]
    fn open_parquet(&self, path: &Path) -> Result<Current, Box<Document>> {
        let id = path.display().to_string();
        let msg = format!("{id}: this build of tidings has no Parquet support (feature `parquet`)");
        Err(Box::new(Document::rejected(
            id,
            StageError::read(ErrorKind::Unsupported, msg),
        )))
    }
}

/// Opens a file for reading, decompressed as its name says. A FIFO or device
/// is opened without waiting for a writer and read with
/// `options.idle_timeout`; a socket or directory is an error.
fn open_input(
    path: &Path,
    compression: Compression,
    options: &ReadOptions,
) -> io::Result<Box<dyn Read + Send>> {
    let meta = std::fs::metadata(path)?;
    let raw: Box<dyn Read + Send> = if meta.is_file() {
        Box::new(File::open(path)?)
    } else if meta.is_dir() {
        return Err(io::Error::other("is a directory"));
    } else {
        Box::new(Patient::open(path, options.idle_timeout)?)
    };
    Ok(match compression {
        Compression::None => raw,
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(raw)),
        Compression::Zstd => Box::new(zstd::stream::read::Decoder::new(raw)?),
    })
}

/// A FIFO or device read without ever blocking for good: opened
/// non-blocking (so a FIFO with no writer gives end of file at once), and a
/// source that stays silent for `idle` is an error.
struct Patient {
    file: File,
    idle: Duration,
}

impl Patient {
    fn open(path: &Path, idle: Duration) -> io::Result<Patient> {
        use std::fs::FileType;
        let ft: FileType = std::fs::metadata(path)?.file_type();
        #[cfg(unix)]
        {
            use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
            if ft.is_socket() {
                return Err(io::Error::other("is a socket, not a file"));
            }
            let file = std::fs::OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_NONBLOCK)
                .open(path)?;
            Ok(Patient { file, idle })
        }
        #[cfg(not(unix))]
        {
            let _ = ft;
            Ok(Patient {
                file: File::open(path)?,
                idle,
            })
        }
    }
}

impl Read for Patient {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let started = Instant::now();
        loop {
            match self.file.read(buf) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    if started.elapsed() >= self.idle {
                        return Err(io::Error::new(
                            io::ErrorKind::TimedOut,
                            format!("no data for {:?}", self.idle),
                        ));
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                other => return other,
            }
        }
    }
}

fn io_error_doc(path: &Path, e: &io::Error) -> Document {
    let id = path.display().to_string();
    let msg = format!("{id}: cannot read: {e}");
    Document::rejected(id, StageError::read(ErrorKind::Io, msg))
}

/// Reads one file as one document (id = the path), decompressing it as its
/// name says. Oversize files are rejected from their metadata, without reading
/// them; a compressed file, a FIFO or a device is rejected once what it gives
/// passes the limit. The bytes are decoded by [`decode::decode`].
fn read_file(
    path: &Path,
    format: Option<Format>,
    compression: Compression,
    options: &ReadOptions,
    progress: &ReadProgress,
) -> Document {
    let id = path.display().to_string();
    let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if len > options.max_bytes as u64 {
        let err = StageError::too_large(
            format_args!("{id}: file"),
            SizeSeen::Bytes(len),
            options.max_bytes,
        );
        return Document::rejected(id, err);
    }
    let reader = match open_input(path, compression, options) {
        Ok(r) => r,
        Err(e) => return io_error_doc(path, &e),
    };
    progress.bytes.fetch_add(len, Ordering::Relaxed);
    let mut bytes = Vec::with_capacity(len as usize);
    // Guard against files that grow while read, lie about their size, or
    // decompress to more than the limit.
    match reader
        .take(options.max_bytes as u64 + 1)
        .read_to_end(&mut bytes)
    {
        Ok(_) => document_from_bytes(id, &bytes, format, options.max_bytes, None),
        Err(e) => io_error_doc(path, &e),
    }
}

/// Builds a document from raw bytes, checking them on the way: over
/// `max_bytes` → rejected ([`ErrorKind::TooLarge`]); binary → rejected
/// ([`ErrorKind::Binary`]); bytes invalid in their encoding → decoded with
/// replacements and a warning ([`ErrorKind::InvalidUtf8`] /
/// [`ErrorKind::InvalidEncoding`]); empty → an [`ErrorKind::Empty`] error.
/// `format` of `None` sniffs it from the text; `transport` is a charset label
/// from outside the bytes (an HTTP `Content-Type`). The encoding used is
/// recorded in [`Document::encoding`].
pub fn document_from_bytes(
    id: String,
    bytes: &[u8],
    format: Option<Format>,
    max_bytes: usize,
    transport: Option<&str>,
) -> Document {
    if bytes.len() > max_bytes {
        let err = StageError::too_large(
            format_args!("{id}: document"),
            SizeSeen::Bytes(bytes.len() as u64),
            max_bytes,
        );
        return Document::rejected(id, err);
    }
    // The declaration is looked for unless the input is known to be text.
    let maybe_html = format != Some(Format::Text);
    let decoded = match decode::decode(bytes, maybe_html, transport) {
        Ok(d) => d,
        Err(decode::NotText::Binary) => {
            let msg = format!("{id}: input looks like binary data, not text");
            return Document::rejected(id, StageError::read(ErrorKind::Binary, msg));
        }
    };
    let warning = decoded.warning(&id);
    let format = format.unwrap_or_else(|| Format::sniff(&decoded.text));
    let mut doc = if format == Format::Html {
        Document::html(id, decoded.text)
    } else {
        Document::new(id, decoded.text)
    };
    doc.encoding = Some(decoded.encoding);
    doc.errors.extend(warning);
    doc.check_empty();
    doc
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
        let mut w = JsonLinesWriter::new(Vec::new());
        w.write(&doc).unwrap();
        let bytes = w.finish().unwrap();
        let line = std::str::from_utf8(&bytes).unwrap().trim_end();
        assert_eq!(Document::from_json("t", line).unwrap(), doc);
    }
}
