//! Inputs that are not files on this machine: bytes in memory or any
//! [`Read`] stream (an engine's binary column, an object store's download, a
//! Python file object), read by the same readers as a file of their kind.
//!
//! The kind is the one given, else the one the name's extension says
//! ([`InputKind::from_name`]), else the one the first bytes say
//! ([`InputKind::sniff`]); what none of them names is one document. gzip and
//! zstd are recognised by their magic bytes, whatever the name says.

use std::io::{self, BufRead, BufReader, Read};

use super::file::Compression;

/// What an input holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputKind {
    /// A WARC file (`.warc`, `.warc.gz`): one document per response page.
    Warc,
    /// JSON Lines (`.jsonl`, `.ndjson`; gzip or zstd): one document per line.
    JsonLines,
    /// Parquet (`.parquet`): one document per row.
    Parquet,
    /// One HTML page.
    Html,
    /// One plain-text document.
    Text,
}

impl InputKind {
    /// Every kind, by the name [`InputKind::parse`] reads.
    pub const NAMES: &'static [&'static str] = &["warc", "jsonl", "parquet", "html", "text"];

    /// The kind a name gives: `warc`, `jsonl`, `parquet`, `html` or `text`.
    pub fn parse(name: &str) -> Result<InputKind, String> {
        match name.trim_start_matches('.').to_ascii_lowercase().as_str() {
            "warc" | "warc.gz" => Ok(InputKind::Warc),
            "jsonl" | "ndjson" | "jsonl.gz" | "jsonl.zst" => Ok(InputKind::JsonLines),
            "parquet" => Ok(InputKind::Parquet),
            "html" | "htm" => Ok(InputKind::Html),
            "text" | "txt" => Ok(InputKind::Text),
            _ => Err(format!(
                "{name}: expected one of {}",
                InputKind::NAMES.join(", ")
            )),
        }
    }

    /// The kind a file name's extension says (`a.warc.gz` → WARC,
    /// `b.jsonl.zst` → JSON Lines), as `tidings run` reads files; `None` for
    /// a name that says none.
    pub fn from_name(name: &str) -> Option<InputKind> {
        use super::file::{file_kind, FileKind};
        use tidings_core::Format;
        match file_kind(std::path::Path::new(name)) {
            FileKind::Warc => Some(InputKind::Warc),
            FileKind::Parquet => Some(InputKind::Parquet),
            FileKind::JsonLines(_) => Some(InputKind::JsonLines),
            FileKind::Single {
                format: Some(Format::Html),
                ..
            } => Some(InputKind::Html),
            FileKind::Single {
                format: Some(Format::Text),
                ..
            } => Some(InputKind::Text),
            FileKind::Single { format: None, .. } => None,
        }
    }

    /// The kind an input's first bytes say: a WARC header (`WARC/`), plain
    /// or gzip-compressed; Parquet's `PAR1`; a JSON object (`{`), plain,
    /// gzip or zstd. `None` otherwise (one document, HTML or text by its
    /// content).
    pub fn sniff(head: &[u8]) -> Option<InputKind> {
        if head.starts_with(b"PAR1") {
            return Some(InputKind::Parquet);
        }
        let mut plain = [0u8; 16];
        let n = match Compression::sniff(head) {
            Compression::None => {
                let n = head.len().min(plain.len());
                plain[..n].copy_from_slice(&head[..n]);
                n
            }
            Compression::Gzip => read_some(flate2::read::GzDecoder::new(head), &mut plain),
            Compression::Zstd => match zstd::stream::read::Decoder::new(head) {
                Ok(d) => read_some(d, &mut plain),
                Err(_) => 0,
            },
        };
        let plain = &plain[..n];
        let plain = plain.strip_prefix(b"\xef\xbb\xbf").unwrap_or(plain);
        if plain.starts_with(b"WARC/") {
            Some(InputKind::Warc)
        } else if plain.trim_ascii_start().starts_with(b"{") {
            Some(InputKind::JsonLines)
        } else {
            None
        }
    }
}

/// Reads what `r` gives into `buf` until it is full, ends or fails (a cut
/// compressed head fails once its bytes run out).
fn read_some(mut r: impl Read, buf: &mut [u8]) -> usize {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) | Err(_) => break,
            Ok(k) => n += k,
        }
    }
    n
}

/// A stream with its first bytes buffered, so that its kind and
/// compression can be read before it is.
pub(super) struct Peeked {
    reader: BufReader<Box<dyn Read + Send>>,
}

impl Peeked {
    /// Buffers the first bytes of `raw` (up to 64 KiB, as many as its first
    /// reads give).
    pub(super) fn new(raw: Box<dyn Read + Send>) -> io::Result<Peeked> {
        let mut reader = BufReader::with_capacity(1 << 16, raw);
        reader.fill_buf()?;
        Ok(Peeked { reader })
    }

    /// The bytes buffered.
    pub(super) fn head(&self) -> &[u8] {
        self.reader.buffer()
    }

    /// The whole stream, as it is.
    pub(super) fn raw(self) -> Box<dyn Read + Send> {
        Box::new(self.reader)
    }

    /// The whole stream, decompressed as its magic bytes say.
    pub(super) fn decompressed(self) -> io::Result<Box<dyn Read + Send>> {
        let compression = Compression::sniff(self.head());
        compression.decoder(self.raw())
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), Default::default());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn kinds_come_from_names_then_from_first_bytes() {
        assert_eq!(
            InputKind::from_name("s3://b/CC-1.warc.gz"),
            Some(InputKind::Warc)
        );
        assert_eq!(
            InputKind::from_name("x.jsonl.zst"),
            Some(InputKind::JsonLines)
        );
        assert_eq!(InputKind::from_name("x.htm"), Some(InputKind::Html));
        assert_eq!(InputKind::from_name("x.bin"), None);
        let warc = b"WARC/1.1\r\nWARC-Type: warcinfo\r\n";
        assert_eq!(InputKind::sniff(warc), Some(InputKind::Warc));
        assert_eq!(InputKind::sniff(&gzip(warc)), Some(InputKind::Warc));
        // A cut gzip head (the first bytes of a large member) still says what
        // it starts with.
        let long: Vec<u8> = (0..20_000u32)
            .flat_map(|i| {
                format!("WARC/1.1\r\nWARC-Record-ID: <urn:uuid:{i:08x}>\r\n").into_bytes()
            })
            .collect();
        let member = gzip(&long);
        assert!(member.len() > 4096);
        assert_eq!(InputKind::sniff(&member[..4096]), Some(InputKind::Warc));
        let json = b"\xef\xbb\xbf {\"id\": \"a\"}\n";
        assert_eq!(InputKind::sniff(json), Some(InputKind::JsonLines));
        let zst = zstd::encode_all(&json[..], 3).unwrap();
        assert_eq!(InputKind::sniff(&zst), Some(InputKind::JsonLines));
        assert_eq!(InputKind::sniff(b"PAR1\x15\x04"), Some(InputKind::Parquet));
        assert_eq!(InputKind::sniff(b"<html><p>x</p>"), None);
        assert_eq!(InputKind::sniff(b""), None);
        assert_eq!(InputKind::parse("WARC"), Ok(InputKind::Warc));
        assert!(InputKind::parse("csv")
            .unwrap_err()
            .contains("expected one of"));
    }
}
