//! WARC files (`.warc`, `.warc.gz`) as documents.
//!
//! Each `response` record whose HTTP status is 2xx and whose body is a page
//! (`text/html`, `application/xhtml+xml`, or no type and a body that sniffs as
//! HTML; `text/plain` becomes a text document) is one [`Document`]:
//! - `id` is the `WARC-Record-ID` exactly as the header gives it, angle
//!   brackets included (`<urn:uuid:…>`), as datatrove, FineWeb and OSCAR keep
//!   it, so that records join with theirs;
//! - `metadata.url` and `metadata.date` come from `WARC-Target-URI` and
//!   `WARC-Date`, `metadata.warc_file` names the file;
//! - the HTTP body (de-chunked, and gunzipped when its `Content-Encoding` says
//!   so) is decoded like a raw HTML file, the HTTP `Content-Type` charset first
//!   (see [`crate::io::decode`]).
//!
//! Everything else is **not a document** and is counted in [`WarcSkips`] by
//! reason: other record types (`record:request`, `record:revisit`, …), other
//! statuses (`http_status:404`), other bodies (`content_type:image/png`).
//!
//! # Damaged archives
//! - Gzip members are read one at a time (Common Crawl writes one per record),
//!   so a record whose `Content-Length` is wrong cannot swallow its neighbour;
//!   a file gzipped as one stream is read too. A corrupt member is skipped to the
//!   next gzip header.
//! - In a plain `.warc`, a wrong `Content-Length` is repaired from the next
//!   `WARC/1.x` header line: a body is cut or extended to it.
//! - A record cut short (a truncated file or member) is one **error record**
//!   ([`ErrorKind::Truncated`]) when it is a response that is, or may be, a
//!   page (its HTTP head says HTML, or was cut off), and a counted skip
//!   (`truncated`) otherwise; headers that cannot be read
//!   are a counted skip (`corrupt`). Reading always goes on with the next
//!   record, and ends at the end of the file: nothing here can loop.
//!
//! `warc` 0.4 from crates.io was tried first and not used: on a truncated
//! `.warc.gz` its iterator yields the same error forever, it reads a gzip file
//! as one stream (a corrupt member ends the file), and `WarcReader::from_path`
//! opens its input with `truncate(true)`.

use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader, Read};

use tidings_core::{Document, ErrorKind, Format, SizeSeen, StageError};

/// Records that were not documents, by reason (`record:request`,
/// `http_status:404`, `content_type:image/png`, `truncated`, `corrupt`,
/// `bad_gzip_member`).
pub type WarcSkips = BTreeMap<String, u64>;

/// Longest WARC or HTTP header block read (bytes); longer is `corrupt`.
const MAX_HEAD: usize = 256 * 1024;
const GZIP_MAGIC: [u8; 3] = [0x1f, 0x8b, 0x08];

/// A stream of documents from one WARC file; see the module docs.
pub struct WarcReader {
    file: String,
    src: Records,
    max_bytes: usize,
    skips: WarcSkips,
    done: bool,
}

impl std::fmt::Debug for WarcReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WarcReader")
            .field("file", &self.file)
            .field("skips", &self.skips)
            .finish()
    }
}

impl WarcReader {
    /// Reads WARC records from `raw` (gzip members or plain, by sniffing);
    /// `file` names it in ids and messages. Documents over `max_bytes` are
    /// rejected ([`ErrorKind::TooLarge`]) without being held in memory.
    pub fn new(file: impl Into<String>, raw: impl Read + Send + 'static, max_bytes: usize) -> Self {
        let mut raw = BufReader::with_capacity(1 << 16, Box::new(raw) as Box<dyn Read + Send>);
        let gzip = raw
            .fill_buf()
            .is_ok_and(|b| b.starts_with(&GZIP_MAGIC[..2]));
        let stream = if gzip {
            Stream::Gzip(Box::new(Members::new(raw)))
        } else {
            Stream::Plain(raw)
        };
        WarcReader {
            file: file.into(),
            src: Records {
                stream,
                pending: Vec::new(),
            },
            max_bytes,
            skips: WarcSkips::new(),
            done: false,
        }
    }

    /// What was skipped so far, by reason.
    pub fn skips(&self) -> &WarcSkips {
        &self.skips
    }

    /// Takes the skip counts (leaving them empty).
    pub fn take_skips(&mut self) -> WarcSkips {
        std::mem::take(&mut self.skips)
    }

    fn skip(&mut self, reason: impl Into<String>) {
        *self.skips.entry(reason.into()).or_default() += 1;
    }
}

impl Iterator for WarcReader {
    type Item = Document;

    fn next(&mut self) -> Option<Document> {
        while !self.done {
            match self.next_record() {
                Step::Doc(doc) => return Some(*doc),
                Step::Skip(reason) => self.skip(reason),
                Step::End => self.done = true,
            }
        }
        None
    }
}

enum Step {
    Doc(Box<Document>),
    Skip(String),
    End,
}

/// The WARC headers of one record.
#[derive(Default)]
struct Head {
    fields: Vec<(String, String)>,
}

impl Head {
    fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn strip_angles(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix('<')
        .and_then(|s| s.strip_suffix('>'))
        .unwrap_or(s)
}

impl WarcReader {
    fn next_record(&mut self) -> Step {
        // 1. The version line, skipping blank lines and resynchronising on junk.
        let mut resynced = false;
        loop {
            match self.src.read_line(MAX_HEAD) {
                Ok(None) => {
                    if resynced {
                        self.skip("corrupt");
                    }
                    return Step::End;
                }
                Ok(Some(line)) if line.starts_with(b"WARC/") => break,
                Ok(Some(line)) if line.iter().all(u8::is_ascii_whitespace) => {}
                Ok(Some(_)) => resynced = true,
                Err(_) => {
                    if !self.src.recover() {
                        return Step::End;
                    }
                    self.skip("bad_gzip_member");
                }
            }
        }
        if resynced {
            self.skip("corrupt");
        }
        // 2. The header block.
        let head = match self.src.read_head() {
            Ok(Some(h)) => h,
            Ok(None) => return Step::Skip("truncated".into()),
            Err(_) => return Step::Skip("corrupt".into()),
        };
        let Some(len) = head
            .get("Content-Length")
            .and_then(|v| v.trim().parse::<u64>().ok())
        else {
            return Step::Skip("corrupt".into());
        };
        let kind = head
            .get("WARC-Type")
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if kind != "response" {
            // Not a document: skip the block (a short one is fine: the next
            // record is found by its version line).
            if self.src.discard(len).map_or(true, |n| n < len) {
                return Step::Skip("truncated".into());
            }
            return Step::Skip(format!(
                "record:{}",
                if kind.is_empty() { "untyped" } else { &kind }
            ));
        }
        // 3. The response block, bounded: an HTTP head plus max_bytes.
        let limit = (self.max_bytes as u64).saturating_add(MAX_HEAD as u64);
        let mut block = Vec::with_capacity(len.min(limit) as usize);
        let read = self.src.read_block(len.min(limit), &mut block);
        let over = len > limit;
        if over {
            let _ = self.src.discard(len - limit);
        }
        let id = head
            .get("WARC-Record-ID")
            .map(|v| v.trim().to_owned())
            .unwrap_or_else(|| format!("{}#{}", self.file, self.src.offset_hint()));
        let truncated = match read {
            Ok(n) => n < len.min(limit),
            Err(_) => true,
        };
        if !truncated && !over {
            self.src.fix_length(&mut block);
        }
        self.response(&head, id, &block, truncated, over)
    }

    fn response(&self, head: &Head, id: String, block: &[u8], truncated: bool, over: bool) -> Step {
        let http = match HttpHead::parse(block) {
            Some(h) => h,
            // Cut before its HTTP head: it may have been a page.
            None if truncated => return Step::Doc(Box::new(self.cut_short(head, id, block.len()))),
            None => return Step::Skip("http_unparsable".into()),
        };
        if !(200..300).contains(&http.status) {
            return Step::Skip(format!("http_status:{}", http.status));
        }
        let body = block.get(http.len..).unwrap_or_default();
        let mime = http.mime();
        let format = match mime.as_deref() {
            Some("text/html" | "application/xhtml+xml") => Format::Html,
            Some("text/plain") => Format::Text,
            Some(other) => return Step::Skip(format!("content_type:{other}")),
            None if Format::sniff(&String::from_utf8_lossy(&body[..body.len().min(64)]))
                == Format::Html =>
            {
                Format::Html
            }
            None => return Step::Skip("content_type:none".into()),
        };
        let mut doc = if truncated {
            self.cut_short(head, id, block.len())
        } else if over {
            let err = StageError::too_large(
                format_args!("{id}: the WARC record in {}", self.file),
                SizeSeen::Unknown,
                self.max_bytes,
            );
            Document::rejected(id, err)
        } else {
            let (body, note) = http.payload(body, self.max_bytes);
            let mut doc = crate::io::document_from_bytes(
                id,
                &body,
                Some(format),
                self.max_bytes,
                http.charset().as_deref(),
            );
            if let Some(note) = note {
                let msg = format!("{}: {note}", doc.id);
                doc.errors
                    .insert(0, StageError::read(ErrorKind::InvalidEncoding, msg));
            }
            doc
        };
        doc.format = format;
        self.add_metadata(head, &mut doc);
        Step::Doc(Box::new(doc))
    }

    /// The error record of a response cut short.
    fn cut_short(&self, head: &Head, id: String, have: usize) -> Document {
        let msg = format!(
            "{id}: the WARC record in {} is cut short ({have} bytes of its block are there)",
            self.file
        );
        let mut doc = Document::rejected(id, StageError::read(ErrorKind::Truncated, msg));
        self.add_metadata(head, &mut doc);
        doc
    }

    fn add_metadata(&self, head: &Head, doc: &mut Document) {
        let meta = &mut doc.metadata;
        if let Some(url) = head.get("WARC-Target-URI") {
            meta.insert("url".into(), strip_angles(url).into());
        }
        if let Some(date) = head.get("WARC-Date") {
            meta.insert("date".into(), date.trim().into());
        }
        meta.insert("warc_file".into(), self.file.clone().into());
    }
}

/// The parsed head of an HTTP response.
struct HttpHead {
    status: u16,
    /// Bytes of the head, blank line included.
    len: usize,
    headers: Vec<(String, String)>,
}

impl HttpHead {
    fn parse(block: &[u8]) -> Option<HttpHead> {
        let mut slots = [httparse::EMPTY_HEADER; 256];
        let mut resp = httparse::Response::new(&mut slots);
        let len = match resp.parse(block) {
            Ok(httparse::Status::Complete(n)) => n,
            // A response with no body and no blank line after its head.
            Ok(httparse::Status::Partial) if !block.is_empty() => block.len(),
            _ => return None,
        };
        let status = resp.code?;
        let headers = resp
            .headers
            .iter()
            .filter(|h| !h.name.is_empty())
            .map(|h| {
                (
                    h.name.to_ascii_lowercase(),
                    String::from_utf8_lossy(h.value).into_owned(),
                )
            })
            .collect();
        Some(HttpHead {
            status,
            len,
            headers,
        })
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The media type without parameters, lowercase.
    fn mime(&self) -> Option<String> {
        let v = self.get("content-type")?;
        let m = v.split(';').next()?.trim().to_ascii_lowercase();
        (!m.is_empty()).then_some(m)
    }

    /// The `charset` parameter of `Content-Type`.
    fn charset(&self) -> Option<String> {
        let v = self.get("content-type")?;
        v.split(';').skip(1).find_map(|p| {
            let (k, val) = p.split_once('=')?;
            k.trim()
                .eq_ignore_ascii_case("charset")
                .then(|| val.trim().trim_matches(['"', '\'']).to_owned())
        })
    }

    /// The payload: de-chunked when `Transfer-Encoding: chunked`, and
    /// decompressed for `Content-Encoding: gzip|deflate`; a note when a
    /// step failed and the bytes were kept as sent.
    fn payload<'a>(
        &self,
        body: &'a [u8],
        max_bytes: usize,
    ) -> (std::borrow::Cow<'a, [u8]>, Option<String>) {
        use std::borrow::Cow;
        let mut out: Cow<'a, [u8]> = Cow::Borrowed(body);
        let mut note = None;
        let has = |name: &str, token: &str| {
            self.get(name)
                .is_some_and(|v| v.to_ascii_lowercase().contains(token))
        };
        if has("transfer-encoding", "chunked") {
            match dechunk(body) {
                Some(b) => out = Cow::Owned(b),
                None => note = Some("malformed chunked HTTP body; kept as sent".to_owned()),
            }
        }
        let coding = self
            .get("content-encoding")
            .map(|v| v.trim().to_ascii_lowercase());
        if let Some(coding) = coding.filter(|c| !c.is_empty() && c != "identity") {
            let mut buf = Vec::new();
            let limit = max_bytes as u64 + 1;
            let ok = match coding.as_str() {
                "gzip" | "x-gzip" => flate2::read::MultiGzDecoder::new(&out[..])
                    .take(limit)
                    .read_to_end(&mut buf)
                    .is_ok(),
                "deflate" => flate2::read::ZlibDecoder::new(&out[..])
                    .take(limit)
                    .read_to_end(&mut buf)
                    .is_ok(),
                _ => false,
            };
            if ok {
                out = Cow::Owned(buf);
            } else {
                // Many archives store the decoded body but keep the header.
                let plain = !out.starts_with(&GZIP_MAGIC[..2]);
                if !plain {
                    note = Some(format!("Content-Encoding {coding} could not be undone"));
                }
            }
        }
        (out, note)
    }
}

/// Undoes `Transfer-Encoding: chunked`; `None` if the framing is broken.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let eol = memchr::memchr(b'\n', body)?;
        let line = std::str::from_utf8(&body[..eol]).ok()?;
        let size = line.split(';').next()?.trim();
        let size = usize::from_str_radix(size, 16).ok()?;
        body = &body[eol + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = &body[size..];
        body = body
            .strip_prefix(b"\r\n")
            .or_else(|| body.strip_prefix(b"\n"))
            .unwrap_or(body);
        if body.is_empty() {
            // Some writers drop the last chunk.
            return Some(out);
        }
    }
}

/// The decompressed bytes of a WARC file, with a pushback buffer for the
/// bytes a too-long `Content-Length` took from the next record.
struct Records {
    stream: Stream,
    pending: Vec<u8>,
}

enum Stream {
    Plain(BufReader<Box<dyn Read + Send>>),
    Gzip(Box<Members>),
}

impl Records {
    fn reader(&mut self) -> &mut dyn BufRead {
        match &mut self.stream {
            Stream::Plain(r) => r,
            Stream::Gzip(m) => m.as_mut(),
        }
    }

    /// After a read error: skips to the next gzip member. False when there
    /// is nothing left to recover (plain streams, end of file).
    fn recover(&mut self) -> bool {
        self.pending.clear();
        match &mut self.stream {
            Stream::Plain(_) => false,
            Stream::Gzip(m) => m.resync(),
        }
    }

    fn offset_hint(&self) -> u64 {
        match &self.stream {
            Stream::Plain(_) => 0,
            Stream::Gzip(m) => m.members,
        }
    }

    /// One line (with its `\n`), at most `max` bytes (the rest of a longer
    /// line is dropped); `None` at the end.
    fn read_line(&mut self, max: usize) -> io::Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        if !self.pending.is_empty() {
            let cut = memchr::memchr(b'\n', &self.pending).map_or(self.pending.len(), |i| i + 1);
            line.extend(self.pending.drain(..cut));
            if line.ends_with(b"\n") {
                return Ok(Some(line));
            }
        }
        let r = self.reader();
        r.take(max as u64).read_until(b'\n', &mut line)?;
        if !line.ends_with(b"\n") && line.len() >= max {
            super::jsonl::skip_line(r);
        }
        Ok((!line.is_empty()).then_some(line))
    }

    /// Header lines up to the blank line; `None` when the stream ends first.
    fn read_head(&mut self) -> io::Result<Option<Head>> {
        let mut head = Head::default();
        let mut total = 0;
        loop {
            let Some(line) = self.read_line(MAX_HEAD)? else {
                return Ok(None);
            };
            total += line.len();
            if total > MAX_HEAD {
                return Err(io::Error::other("header block too long"));
            }
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                return Ok(Some(head));
            }
            if line.starts_with([' ', '\t']) {
                if let Some((_, v)) = head.fields.last_mut() {
                    v.push(' ');
                    v.push_str(line.trim());
                }
            } else if let Some((k, v)) = line.split_once(':') {
                head.fields.push((k.trim().to_owned(), v.trim().to_owned()));
            }
        }
    }

    /// Reads up to `n` bytes into `out`; returns how many came.
    fn read_block(&mut self, n: u64, out: &mut Vec<u8>) -> io::Result<u64> {
        let from_pending = (n as usize).min(self.pending.len());
        out.extend(self.pending.drain(..from_pending));
        let rest = n - from_pending as u64;
        let got = self.reader().take(rest).read_to_end(out)?;
        Ok(from_pending as u64 + got as u64)
    }

    fn discard(&mut self, n: u64) -> io::Result<u64> {
        let from_pending = (n as usize).min(self.pending.len());
        self.pending.drain(..from_pending);
        let rest = n - from_pending as u64;
        Ok(from_pending as u64 + io::copy(&mut self.reader().take(rest), &mut io::sink())?)
    }

    /// Checks that the block is followed by the record separator (blank
    /// lines, then the next version line or the end). When it is not, the
    /// `Content-Length` was wrong: a block that runs into the next record is
    /// cut there (the rest is read again as that record); a block that
    /// stops short is extended up to the next version line.
    fn fix_length(&mut self, block: &mut Vec<u8>) {
        const NEXT: &[u8] = b"\r\n\r\nWARC/1.";
        let Ok(peek) = self.peek(16) else { return };
        let after = peek
            .iter()
            .position(|b| !matches!(b, b'\r' | b'\n'))
            .map(|i| &peek[i..]);
        match after {
            None => return,
            Some(rest) if rest.starts_with(b"WARC/") || b"WARC/".starts_with(rest) => return,
            Some(_) => {}
        }
        if let Some(cut) = memchr::memmem::find(block, NEXT) {
            let tail = block.split_off(cut);
            let mut pending = tail;
            pending.append(&mut self.pending);
            self.pending = pending;
            return;
        }
        // Too short: take lines until the next version line (bounded by the block limit).
        while let Ok(Some(line)) = self.read_line(MAX_HEAD) {
            if line.starts_with(b"WARC/") {
                let mut pending = line;
                pending.append(&mut self.pending);
                self.pending = pending;
                break;
            }
            block.extend_from_slice(&line);
        }
        while block.ends_with(b"\r\n") {
            block.truncate(block.len() - 2);
        }
    }

    /// The next `n` bytes without consuming them (fewer at the end).
    fn peek(&mut self, n: usize) -> io::Result<Vec<u8>> {
        if self.pending.len() < n {
            let mut more = Vec::new();
            let want = (n - self.pending.len()) as u64;
            self.reader().take(want).read_to_end(&mut more)?;
            self.pending.extend(more);
        }
        Ok(self.pending[..n.min(self.pending.len())].to_vec())
    }
}

/// Consecutive gzip members as one stream, each member decoded on its own so
/// that a corrupt one can be skipped to the next gzip header.
struct Members {
    state: MemberState,
    buf: Vec<u8>,
    pos: usize,
    members: u64,
    /// Whether any byte was decoded since the last resync (else the next
    /// resync steps one byte on, so that a bad header cannot hold it).
    produced: bool,
}

enum MemberState {
    Between(BufReader<Box<dyn Read + Send>>),
    /// Boxed: a decoder is several hundred bytes, the other states a pointer or two.
    In(Box<flate2::bufread::GzDecoder<BufReader<Box<dyn Read + Send>>>>),
    Done,
}

impl Members {
    fn new(raw: BufReader<Box<dyn Read + Send>>) -> Members {
        Members {
            state: MemberState::Between(raw),
            buf: Vec::new(),
            pos: 0,
            members: 0,
            produced: true,
        }
    }

    /// Drops the current member and moves to the next gzip header in the
    /// raw bytes; false when there is none.
    fn resync(&mut self) -> bool {
        let mut raw = match std::mem::replace(&mut self.state, MemberState::Done) {
            MemberState::In(d) => d.into_inner(),
            MemberState::Between(r) => r,
            MemberState::Done => return false,
        };
        self.buf.clear();
        self.pos = 0;
        // Usually the bad member's header is already consumed and the scan
        // starts past it; when nothing was decoded, step on by one byte.
        if !std::mem::replace(&mut self.produced, false) {
            let step = raw.fill_buf().map_or(0, |b| b.len().min(1));
            raw.consume(step);
        }
        loop {
            let (found, used) = match raw.fill_buf() {
                Ok([]) | Err(_) => return false,
                Ok(b) => match memchr::memmem::find(b, &GZIP_MAGIC) {
                    Some(i) => (true, i),
                    // Keep the last two bytes: the magic may straddle reads.
                    None => (false, b.len().saturating_sub(2).max(1)),
                },
            };
            raw.consume(used);
            if found {
                self.state = MemberState::Between(raw);
                return true;
            }
        }
    }
}

impl Read for Members {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(out.len());
        out[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Members {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.pos >= self.buf.len() {
            self.pos = 0;
            self.buf.clear();
            self.state = match std::mem::replace(&mut self.state, MemberState::Done) {
                MemberState::Done => return Ok(&[]),
                MemberState::Between(mut raw) => match raw.fill_buf() {
                    Ok([]) => MemberState::Done,
                    Ok(_) => {
                        self.members += 1;
                        MemberState::In(Box::new(flate2::bufread::GzDecoder::new(raw)))
                    }
                    Err(e) => return Err(e),
                },
                MemberState::In(mut dec) => {
                    self.buf.resize(1 << 16, 0);
                    match dec.read(&mut self.buf) {
                        Ok(0) => {
                            self.buf.clear();
                            MemberState::Between(dec.into_inner())
                        }
                        Ok(n) => {
                            self.buf.truncate(n);
                            self.produced = true;
                            MemberState::In(dec)
                        }
                        Err(e) => {
                            self.buf.clear();
                            self.state = MemberState::In(dec);
                            return Err(e);
                        }
                    }
                }
            };
        }
        Ok(&self.buf[self.pos..])
    }

    fn consume(&mut self, n: usize) {
        self.pos = (self.pos + n).min(self.buf.len());
    }
}
