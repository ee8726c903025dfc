//! One file, one document: opening (decompressed as its name says, FIFOs
//! and devices without blocking), the size limit, and the bytes' checks.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use tidings_core::{Document, ErrorKind, Format, SizeSeen, StageError};

use super::{ReadOptions, ReadProgress};
use crate::io::decode;

/// A compression a file's name announces (`.gz`, `.zst`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Compression {
    None,
    Gzip,
    Zstd,
}

/// How a file is read, decided by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    JsonLines(Compression),
    Single {
        format: Option<Format>,
        compression: Compression,
    },
    /// `.warc`, `.warc.gz` (gzip is sniffed, whatever the name says).
    Warc,
    Parquet,
}

pub(crate) fn file_kind(path: &Path) -> FileKind {
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

/// Opens a file for reading, decompressed as its name says. A FIFO or device
/// is opened without waiting for a writer and read with
/// `options.idle_timeout`; a socket or directory is an error.
pub(crate) fn open_input(
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
    compression.decoder(raw)
}

impl Compression {
    /// The compression an input's first bytes say (gzip's or zstd's magic).
    pub(crate) fn sniff(head: &[u8]) -> Compression {
        if head.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else {
            Compression::None
        }
    }

    /// `raw`, decompressed (gzip members one after another, as `.gz` files
    /// of records are written).
    pub(crate) fn decoder(self, raw: Box<dyn Read + Send>) -> io::Result<Box<dyn Read + Send>> {
        Ok(match self {
            Compression::None => raw,
            Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(raw)),
            Compression::Zstd => Box::new(zstd::stream::read::Decoder::new(raw)?),
        })
    }
}

/// A FIFO or device read without ever blocking for good: opened
/// non-blocking (so a FIFO with no writer gives end of file at once), and a
/// source that stays silent for `idle` is an error.
pub(crate) struct Patient {
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

pub(crate) fn io_error_doc(path: &Path, e: &io::Error) -> Document {
    let id = path.display().to_string();
    let msg = format!("{id}: cannot read: {e}");
    Document::rejected(id, StageError::read(ErrorKind::Io, msg))
}

/// Reads one file as one document (id = the path), decompressing it as its
/// name says. Oversize files are rejected from their metadata, without reading
/// them; a compressed file, a FIFO or a device is rejected once what it gives
/// passes the limit. The bytes are decoded by [`decode::decode`](crate::io::decode::decode).
pub(crate) fn read_file(
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
    document_from_reader(id, reader, format, options.max_bytes, len as usize)
        .unwrap_or_else(|e| io_error_doc(path, &e))
}

/// Reads one document from `reader` ([`document_from_bytes`]), at most
/// `max_bytes + 1` bytes of it: a file that grows while read, lies about its
/// size or decompresses to more than the limit is rejected, never read whole.
pub(crate) fn document_from_reader(
    id: String,
    reader: impl Read,
    format: Option<Format>,
    max_bytes: usize,
    capacity: usize,
) -> io::Result<Document> {
    let mut bytes = Vec::with_capacity(capacity.min(max_bytes + 1));
    reader.take(max_bytes as u64 + 1).read_to_end(&mut bytes)?;
    Ok(document_from_bytes(id, &bytes, format, max_bytes, None))
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
