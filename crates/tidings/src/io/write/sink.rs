//! Writing records in an output format — JSON Lines (plain, gzip, zstd) or
//! Parquet (the typed schema of `tidings-arrow`) — to any [`Write`]r: one
//! [`RecordWriter`] for every format and destination. A file that must be
//! complete or absent is just one such writer, an [`OutputFile`]
//! ([`RecordWriter::create`]).
//!
//! ```
//! use tidings::io::sink::{OutputFormat, RecordWriter};
//! use tidings::Document;
//!
//! // To memory (or standard output, a socket…).
//! let mut writer = RecordWriter::new(Vec::new(), OutputFormat::JsonLines)?;
//! writer.write(Document::new("a", "one record"))?;
//! let bytes = writer.finish()?;
//! assert!(bytes.starts_with(b"{\"id\":\"a\"") && bytes.ends_with(b"\n"));
//!
//! // To a file that appears only once it is whole.
//! let dir = tempfile::tempdir()?;
//! let path = dir.path().join("out.jsonl.zst");
//! let format = OutputFormat::from_path(&path).unwrap();
//! let mut writer = RecordWriter::create(&path, format)?;
//! writer.write(Document::new("a", "one record"))?;
//! writer.finish()?.commit()?;
//! let text = zstd::decode_all(std::fs::File::open(&path)?)?;
//! assert!(String::from_utf8(text)?.starts_with("{\"id\":\"a\""));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::io::{self, Write};
use std::path::Path;

use tidings_core::Document;

use super::output::{OutputError, OutputFile};

/// An output format, chosen by extension (`--out`) or by name (`--out-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutputFormat {
    /// `.jsonl`: one JSON record per line.
    JsonLines,
    /// `.jsonl.gz`.
    JsonLinesGzip,
    /// `.jsonl.zst` (zstd level 3).
    JsonLinesZstd,
    /// `.parquet` (zstd; feature `parquet`).
    Parquet,
}

impl OutputFormat {
    /// Every format, by its name.
    pub const NAMES: &'static [&'static str] = &["jsonl", "jsonl.gz", "jsonl.zst", "parquet"];

    /// The format a name (`jsonl.zst`) or extension (`.jsonl.zst`) names.
    pub fn from_name(name: &str) -> Option<OutputFormat> {
        match name.trim_start_matches('.').to_ascii_lowercase().as_str() {
            "jsonl" | "ndjson" | "json" => Some(OutputFormat::JsonLines),
            "jsonl.gz" | "ndjson.gz" | "json.gz" => Some(OutputFormat::JsonLinesGzip),
            "jsonl.zst" | "ndjson.zst" | "json.zst" => Some(OutputFormat::JsonLinesZstd),
            "parquet" => Some(OutputFormat::Parquet),
            _ => None,
        }
    }

    /// [`OutputFormat::from_name`], with an error that lists the formats.
    pub fn parse(name: &str) -> Result<OutputFormat, String> {
        Self::from_name(name)
            .ok_or_else(|| format!("{name}: expected one of {}", Self::NAMES.join(", ")))
    }

    /// The format a file's name asks for; `None` for a name with none of
    /// the known extensions.
    pub fn from_path(path: &Path) -> Option<OutputFormat> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        Self::NAMES
            .iter()
            .chain(
                [
                    "ndjson",
                    "json",
                    "ndjson.gz",
                    "json.gz",
                    "ndjson.zst",
                    "json.zst",
                ]
                .iter(),
            )
            .filter(|ext| name.ends_with(&format!(".{ext}")))
            .max_by_key(|ext| ext.len())
            .and_then(|ext| Self::from_name(ext))
    }

    /// The extension written (`jsonl.zst`), without a dot.
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::JsonLines => "jsonl",
            OutputFormat::JsonLinesGzip => "jsonl.gz",
            OutputFormat::JsonLinesZstd => "jsonl.zst",
            OutputFormat::Parquet => "parquet",
        }
    }
}

/// Documents buffered before a Parquet batch is written.
#[cfg(feature = "parquet")]
const PARQUET_BATCH: usize = 256;

/// A writer that counts the bytes it passes on.
struct Counted<W> {
    out: W,
    bytes: u64,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.out.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

enum Inner<W: Write + Send> {
    Plain(Counted<W>),
    Gzip(flate2::write::GzEncoder<Counted<W>>),
    Zstd(zstd::stream::write::Encoder<'static, Counted<W>>),
    #[cfg(feature = "parquet")]
    Parquet(Box<ParquetSink<W>>),
}

#[cfg(feature = "parquet")]
struct ParquetSink<W: Write + Send> {
    writer: tidings_arrow::ParquetWriter<Counted<W>>,
    buffer: Vec<Document>,
}

/// Writes records to `W` in one [`OutputFormat`].
pub struct RecordWriter<W: Write + Send> {
    inner: Inner<W>,
    records: u64,
    line: Vec<u8>,
}

impl<W: Write + Send> std::fmt::Debug for RecordWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordWriter")
            .field("records", &self.records)
            .finish()
    }
}

#[cfg_attr(not(feature = "parquet"), allow(dead_code))]
fn other(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

impl OutputFormat {
    /// An error when this build cannot write the format (Parquet without
    /// the `parquet` feature).
    pub fn check_available(self) -> io::Result<()> {
        if self == OutputFormat::Parquet && !cfg!(feature = "parquet") {
            return Err(io::Error::other(
                "this build of tidings has no Parquet support (feature `parquet`)",
            ));
        }
        Ok(())
    }
}

impl RecordWriter<OutputFile> {
    /// Locks and stages `path` ([`OutputFile::create`]) and starts `format`;
    /// [`RecordWriter::finish`] returns the file to commit or abandon.
    pub fn create(path: &Path, format: OutputFormat) -> Result<Self, OutputError> {
        let started = |source| OutputError::Io {
            path: path.to_path_buf(),
            action: "start",
            source,
        };
        format.check_available().map_err(started)?;
        Self::new(OutputFile::create(path)?, format).map_err(started)
    }
}

impl<W: Write + Send> RecordWriter<W> {
    /// Writes `format` to `out` (buffer it: records are written a line or a
    /// batch at a time).
    pub fn new(out: W, format: OutputFormat) -> io::Result<Self> {
        format.check_available()?;
        let out = Counted { out, bytes: 0 };
        let inner = match format {
            OutputFormat::JsonLines => Inner::Plain(out),
            OutputFormat::JsonLinesGzip => {
                Inner::Gzip(flate2::write::GzEncoder::new(out, Default::default()))
            }
            OutputFormat::JsonLinesZstd => Inner::Zstd(zstd::stream::write::Encoder::new(out, 3)?),
            #[cfg(feature = "parquet")]
            OutputFormat::Parquet => Inner::Parquet(Box::new(ParquetSink {
                writer: tidings_arrow::ParquetWriter::new(
                    out,
                    tidings_arrow::DEFAULT_ROW_GROUP_BYTES,
                )
                .map_err(other)?,
                buffer: Vec::with_capacity(PARQUET_BATCH),
            })),
            #[cfg(not(feature = "parquet"))]
            OutputFormat::Parquet => unreachable!("checked by check_available"),
        };
        Ok(RecordWriter {
            inner,
            records: 0,
            line: Vec::new(),
        })
    }

    /// Writes one record.
    pub fn write(&mut self, doc: Document) -> io::Result<()> {
        self.records += 1;
        let out: &mut dyn Write = match &mut self.inner {
            Inner::Plain(f) => f,
            Inner::Gzip(g) => g,
            Inner::Zstd(z) => z,
            #[cfg(feature = "parquet")]
            Inner::Parquet(p) => {
                p.buffer.push(doc);
                if p.buffer.len() >= PARQUET_BATCH {
                    p.writer.write(&p.buffer).map_err(other)?;
                    p.buffer.clear();
                }
                return Ok(());
            }
        };
        self.line.clear();
        serde_json::to_writer(&mut self.line, &doc)?;
        self.line.push(b'\n');
        out.write_all(&self.line)
    }

    /// Records written.
    pub fn records(&self) -> u64 {
        self.records
    }

    /// About how many bytes have reached `W` so far (compressed; for
    /// Parquet, the row groups written plus the one in memory): what
    /// `--max-file-size` compares.
    pub fn approx_bytes(&self) -> u64 {
        match &self.inner {
            Inner::Plain(f) => f.bytes,
            Inner::Gzip(g) => g.get_ref().bytes,
            Inner::Zstd(z) => z.get_ref().bytes,
            #[cfg(feature = "parquet")]
            Inner::Parquet(p) => (p.writer.bytes_written() + p.writer.in_progress_size()) as u64,
        }
    }

    /// Ends the format (compressor trailer, Parquet footer), flushes, and
    /// returns the writer (for an [`OutputFile`]: to be
    /// [committed](OutputFile::commit) or [abandoned](OutputFile::abandon)).
    pub fn finish(self) -> io::Result<W> {
        let mut counted = match self.inner {
            Inner::Plain(f) => f,
            Inner::Gzip(g) => g.finish()?,
            Inner::Zstd(z) => z.finish()?,
            #[cfg(feature = "parquet")]
            Inner::Parquet(p) => {
                let ParquetSink { mut writer, buffer } = *p;
                writer.write(&buffer).map_err(other)?;
                writer.finish().map_err(other)?
            }
        };
        counted.flush()?;
        Ok(counted.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(bytes: &[u8]) -> Vec<serde_json::Value> {
        String::from_utf8_lossy(bytes)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    #[test]
    fn every_json_lines_format_writes_the_same_records_to_any_writer() {
        let docs = [Document::new("a", "one"), Document::new("b", "two")];
        let mut plain = None;
        for format in [
            OutputFormat::JsonLines,
            OutputFormat::JsonLinesGzip,
            OutputFormat::JsonLinesZstd,
        ] {
            let mut w = RecordWriter::new(Vec::new(), format).unwrap();
            for d in &docs {
                w.write(d.clone()).unwrap();
            }
            assert_eq!(w.records(), 2);
            let bytes = w.finish().unwrap();
            let text = match format {
                OutputFormat::JsonLinesGzip => {
                    let mut out = Vec::new();
                    io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut out)
                        .unwrap();
                    out
                }
                OutputFormat::JsonLinesZstd => zstd::decode_all(&bytes[..]).unwrap(),
                _ => bytes,
            };
            let records = lines(&text);
            assert_eq!(records.len(), 2, "{format:?}");
            assert_eq!(records[1]["id"], "b");
            match &plain {
                None => plain = Some(text),
                Some(p) => assert_eq!(p, &text, "{format:?}"),
            }
        }
    }

    #[test]
    fn the_byte_count_is_what_reached_the_writer() {
        let mut w = RecordWriter::new(Vec::new(), OutputFormat::JsonLines).unwrap();
        w.write(Document::new("a", "one")).unwrap();
        let counted = w.approx_bytes();
        assert_eq!(counted as usize, w.finish().unwrap().len());
    }

    #[cfg(feature = "parquet")]
    #[test]
    fn parquet_goes_to_any_writer_too() {
        let mut w = RecordWriter::new(Vec::new(), OutputFormat::Parquet).unwrap();
        w.write(Document::new("a", "one")).unwrap();
        let bytes = w.finish().unwrap();
        assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
    }
}
