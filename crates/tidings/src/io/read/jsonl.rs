//! JSON Lines: one document per non-blank line, from any reader.

use std::io::{self, BufRead, BufReader, Read};

use tidings_core::{
    Document, EncodingSource, ErrorKind, Format, SizeSeen, StageError, TextEncoding,
};

use super::ReadOptions;

pub(crate) struct JsonLines {
    origin: String,
    reader: Box<dyn BufRead + Send>,
    line_no: usize,
    max_bytes: usize,
    format: Option<Format>,
    /// Set when the file is not UTF-8 (a UTF-16 BOM): recorded on each record.
    encoding: Option<TextEncoding>,
}

impl JsonLines {
    pub(crate) fn new(
        origin: String,
        raw: Box<dyn Read + Send>,
        options: &ReadOptions,
    ) -> JsonLines {
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

    pub(crate) fn next_doc(&mut self) -> Option<Document> {
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
pub(crate) fn unicode_lines(
    raw: Box<dyn Read + Send>,
) -> (Box<dyn BufRead + Send>, Option<TextEncoding>) {
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
pub(crate) fn skip_line(reader: &mut dyn BufRead) -> usize {
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
