//! Writing records in the format an output's name asks for: JSON Lines
//! (plain, gzip, zstd) or Parquet (the typed schema of `tidings-arrow`), always
//! through an [`OutputFile`], so that a file is complete or absent.
//!
//! ```
//! use tidings::io::sink::{OutputFormat, RecordWriter};
//! use tidings::Document;
//!
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

enum Inner {
    Plain(OutputFile),
    Gzip(flate2::write::GzEncoder<OutputFile>),
    Zstd(zstd::stream::write::Encoder<'static, OutputFile>),
    #[cfg(feature = "parquet")]
    Parquet(Box<ParquetSink>),
}

#[cfg(feature = "parquet")]
struct ParquetSink {
    writer: tidings_arrow::ParquetWriter<OutputFile>,
    buffer: Vec<Document>,
}

/// Writes records to one [`OutputFile`] in one [`OutputFormat`].
pub struct RecordWriter {
    inner: Inner,
    records: u64,
    line: Vec<u8>,
}

impl std::fmt::Debug for RecordWriter {
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

impl RecordWriter {
    /// Locks and stages `path` ([`OutputFile::create`]) and starts `format`.
    pub fn create(path: &Path, format: OutputFormat) -> Result<RecordWriter, OutputError> {
        let file = OutputFile::create(path)?;
        Self::over(file, format).map_err(|source| OutputError::Io {
            path: path.to_path_buf(),
            action: "start",
            source,
        })
    }

    /// Writes `format` into an output file already staged.
    pub fn over(file: OutputFile, format: OutputFormat) -> io::Result<RecordWriter> {
        let inner = match format {
            OutputFormat::JsonLines => Inner::Plain(file),
            OutputFormat::JsonLinesGzip => {
                Inner::Gzip(flate2::write::GzEncoder::new(file, Default::default()))
            }
            OutputFormat::JsonLinesZstd => Inner::Zstd(zstd::stream::write::Encoder::new(file, 3)?),
            #[cfg(feature = "parquet")]
            OutputFormat::Parquet => Inner::Parquet(Box::new(ParquetSink {
                writer: tidings_arrow::ParquetWriter::new(
                    file,
                    tidings_arrow::DEFAULT_ROW_GROUP_BYTES,
                )
                .map_err(other)?,
                buffer: Vec::with_capacity(PARQUET_BATCH),
            })),
            #[cfg(not(feature = "parquet"))]
            OutputFormat::Parquet => {
                file.discard();
                return Err(io::Error::other(
                    "this build of tidings has no Parquet support (feature `parquet`)",
                ));
            }
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

    /// About how many bytes the file holds so far (compressed; for Parquet,
    /// the row groups written plus the one in memory): what `--max-file-size`
    /// compares.
    pub fn approx_bytes(&self) -> u64 {
        match &self.inner {
            Inner::Plain(f) => f.bytes_written(),
            Inner::Gzip(g) => g.get_ref().bytes_written(),
            Inner::Zstd(z) => z.get_ref().bytes_written(),
            #[cfg(feature = "parquet")]
            Inner::Parquet(p) => (p.writer.bytes_written() + p.writer.in_progress_size()) as u64,
        }
    }

    /// Ends the format (compressor trailer, Parquet footer) and returns the
    /// file, to be [committed](OutputFile::commit) or
    /// [abandoned](OutputFile::abandon).
    pub fn finish(self) -> io::Result<OutputFile> {
        match self.inner {
            Inner::Plain(f) => Ok(f),
            Inner::Gzip(g) => g.finish(),
            Inner::Zstd(z) => z.finish(),
            #[cfg(feature = "parquet")]
            Inner::Parquet(p) => {
                let ParquetSink { mut writer, buffer } = *p;
                writer.write(&buffer).map_err(other)?;
                writer.finish().map_err(other)
            }
        }
    }
}
