//! Raw bytes to text: byte-order marks, the declared charset, detection.
//!
//! The order is the HTML standard's, simplified: a BOM (UTF-8, UTF-16LE/BE)
//! wins; then the transport's charset (a WARC response's `Content-Type`);
//! then, for HTML, the page's own `<meta charset>` / `<meta http-equiv>` or
//! XML declaration in its first 4 KiB; then valid UTF-8; then chardetng's
//! guess. Two deviations, both from what crawled pages do: a declared legacy
//! single-byte charset is overruled by bytes that are valid UTF-8 with
//! non-ASCII text (the declaration is stale: windows-1252 text is almost
//! never valid UTF-8), and UTF-16 without a BOM is recognised by its zero
//! bytes rather than rejected as binary.

use encoding_rs::Encoding;
use tidings_core::{looks_binary, EncodingSource, ErrorKind, StageError, TextEncoding};

/// Text decoded from bytes, with how its encoding was decided.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The text (BOM removed; invalid bytes replaced by U+FFFD).
    pub text: String,
    /// The encoding used and how it was found.
    pub encoding: TextEncoding,
    /// True when some bytes were invalid in that encoding.
    pub had_errors: bool,
}

impl Decoded {
    /// The warning to record when [`Decoded::had_errors`]: `invalid_utf8` for
    /// UTF-8, `invalid_encoding` for any other encoding.
    pub fn warning(&self, id: &str) -> Option<StageError> {
        if !self.had_errors {
            return None;
        }
        let name = &self.encoding.name;
        let (kind, msg) = if name == "UTF-8" {
            (
                ErrorKind::InvalidUtf8,
                format!("{id}: invalid UTF-8; decoded with U+FFFD replacements"),
            )
        } else {
            (
                ErrorKind::InvalidEncoding,
                format!(
                    "{id}: bytes invalid in {name} ({:?}); decoded with U+FFFD replacements",
                    self.encoding.source
                ),
            )
        };
        Some(StageError::read(kind, msg))
    }
}

/// Why bytes could not be decoded as text at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotText {
    /// NUL bytes or mostly control characters, and no sign of UTF-16.
    Binary,
}

/// Decodes `bytes`. `html` enables the in-page declaration (`<meta charset>`);
/// `transport` is a charset label from outside the bytes (an HTTP header).
///
/// ```
/// use tidings::io::decode::decode;
/// use tidings::EncodingSource;
///
/// let page = b"<html><head><meta charset=windows-1252></head><body>Caf\xe9 owner\x92s</body></html>";
/// let d = decode(page, true, None).unwrap();
/// assert!(d.text.contains("Caf\u{e9} owner\u{2019}s"));
/// assert_eq!((d.encoding.name.as_str(), d.encoding.source), ("windows-1252", EncodingSource::Declared));
///
/// let utf16: Vec<u8> = [0xFF, 0xFE].into_iter()
///     .chain("Grüß Gott".encode_utf16().flat_map(u16::to_le_bytes)).collect();
/// let d = decode(&utf16, false, None).unwrap();
/// assert_eq!((d.text.as_str(), d.encoding.source), ("Grüß Gott", EncodingSource::Bom));
/// ```
pub fn decode(bytes: &[u8], html: bool, transport: Option<&str>) -> Result<Decoded, NotText> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return Ok(run(enc, &bytes[bom_len..], EncodingSource::Bom));
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        return Ok(run(enc, bytes, EncodingSource::Detected));
    }
    if looks_binary(bytes) {
        return Err(NotText::Binary);
    }
    let declared = transport
        .and_then(|l| label(l.as_bytes()))
        .map(|e| (e, EncodingSource::Http))
        .or_else(|| {
            html.then(|| prescan(bytes))
                .flatten()
                .map(|e| (e, EncodingSource::Declared))
        });
    let utf8_ok = std::str::from_utf8(bytes).is_ok();
    if let Some((enc, source)) = declared {
        // A stale single-byte declaration on a UTF-8 page: trust the bytes.
        let stale = enc.is_single_byte() && utf8_ok && !bytes.is_ascii();
        if !stale {
            return Ok(run(enc, bytes, source));
        }
    }
    if utf8_ok {
        return Ok(run(encoding_rs::UTF_8, bytes, EncodingSource::Utf8));
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let guess = detector.guess(None, false);
    // Mostly-UTF-8 text with a few bad bytes stays UTF-8 (lossy), not a
    // legacy encoding that turns every accented letter into mojibake.
    let enc = if mostly_utf8(bytes) {
        encoding_rs::UTF_8
    } else {
        guess
    };
    Ok(run(enc, bytes, EncodingSource::Detected))
}

fn run(enc: &'static Encoding, bytes: &[u8], source: EncodingSource) -> Decoded {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: TextEncoding::new(enc.name(), source),
        had_errors,
    }
}

/// A label as the HTML standard maps it; a UTF-16 label inside a page is
/// read as UTF-8 (the page could not have been parsed to find it otherwise).
fn label(l: &[u8]) -> Option<&'static Encoding> {
    Encoding::for_label(l).map(|e| e.output_encoding())
}

/// Over 99 % of the non-ASCII bytes sit in valid UTF-8 sequences.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut bad = 0usize;
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(_) => break,
            Err(e) => {
                bad += e.error_len().unwrap_or(1);
                rest = &rest
                    [e.valid_up_to() + e.error_len().unwrap_or(rest.len() - e.valid_up_to())..];
            }
        }
    }
    let non_ascii = bytes.iter().filter(|b| !b.is_ascii()).count();
    bad * 100 < non_ascii
}

/// UTF-16 without a BOM: in the first 4 KiB, zero bytes at almost every
/// other position (ASCII-range text) and almost none at the others.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let zero_at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zero_at(0), zero_at(1));
    if odd * 10 >= pairs * 7 && even * 20 <= pairs {
        Some(encoding_rs::UTF_16LE)
    } else if even * 10 >= pairs * 7 && odd * 20 <= pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// The charset an HTML page declares in its first 4 KiB: `<meta charset=…>`,
/// `<meta http-equiv="Content-Type" content="…; charset=…">`, or an XML
/// declaration's `encoding="…"`.
fn prescan(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    if head.starts_with(b"<?xml") {
        let decl_end = memchr::memchr(b'>', head).unwrap_or(head.len());
        if let Some(e) = attr_value(&head[..decl_end], b"encoding").and_then(label) {
            return Some(e);
        }
    }
    let mut at = 0;
    while let Some(p) = memchr::memmem::find(&head[at..], b"<") {
        let start = at + p;
        at = start + 1;
        let tag_head = &head[start + 1..(start + 5).min(head.len())];
        if !tag_head.eq_ignore_ascii_case(b"meta") {
            continue;
        }
        let end = memchr::memchr(b'>', &head[start..]).map_or(head.len(), |e| start + e);
        if let Some(e) = attr_value(&head[start..end], b"charset").and_then(label) {
            return Some(e);
        }
    }
    None
}

/// The value after `name` `=` (quoted or not) in a tag, case-insensitively;
/// inside `content="text/html; charset=x"` too.
fn attr_value<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(p) = memchr::memmem::find(&lower[from..], name) {
        let mut i = from + p + name.len();
        from = i;
        while tag.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if tag.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while tag
            .get(i)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b'"' || *b == b'\'')
        {
            i += 1;
        }
        let len = tag[i..]
            .iter()
            .take_while(|b| !(b.is_ascii_whitespace() || b"\"';/>".contains(b)))
            .count();
        if len > 0 {
            return Some(&tag[i..i + len]);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(bytes: &[u8], html: bool) -> (String, EncodingSource) {
        let d = decode(bytes, html, None).unwrap();
        (d.encoding.name, d.encoding.source)
    }

    #[test]
    fn boms_win_and_are_removed() {
        let d = decode(b"\xef\xbb\xbfhello", false, None).unwrap();
        assert_eq!(d.text, "hello");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Ωmega".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        let d = decode(&be, false, None).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding.name.as_str()),
            ("Ωmega", "UTF-16BE")
        );
    }

    #[test]
    fn utf16_without_bom_is_text_not_binary() {
        let le: Vec<u8> = "The minister said on Tuesday."
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let d = decode(&le, false, None).unwrap();
        assert_eq!(d.text, "The minister said on Tuesday.");
        assert_eq!(d.encoding.name, "UTF-16LE");
        assert_eq!(
            decode(&[0, 1, 2, 3, 0, 0, 9, 0, 1], false, None),
            Err(NotText::Binary)
        );
    }

    #[test]
    fn declarations_are_read_from_meta_http_equiv_and_xml() {
        let http_equiv = b"<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=ISO-8859-2\"></head><body>\xb1</body>";
        assert_eq!(
            name(http_equiv, true),
            ("ISO-8859-2".into(), EncodingSource::Declared)
        );
        let xml = b"<?xml version=\"1.0\" encoding=\"koi8-r\"?><html><body>\xf0\xd2\xc9\xd7\xc5\xd4</body></html>";
        let d = decode(xml, true, None).unwrap();
        assert!(d.text.contains("Привет"), "{}", d.text);
        // Not HTML: no prescan; invalid UTF-8 goes to detection.
        assert_eq!(name(http_equiv, false).1, EncodingSource::Detected);
        // A transport charset comes before the page's own.
        let d = decode(http_equiv, true, Some("windows-1250")).unwrap();
        assert_eq!(
            (d.encoding.name.as_str(), d.encoding.source),
            ("windows-1250", EncodingSource::Http)
        );
    }

    #[test]
    fn a_stale_declaration_loses_to_valid_utf8() {
        let page = "<meta charset=iso-8859-1><p>Café owner’s</p>";
        let d = decode(page.as_bytes(), true, None).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding.source),
            (page, EncodingSource::Utf8)
        );
        // A declared UTF-16 in the page is UTF-8.
        let d = decode(b"<meta charset=utf-16><p>ok</p>", true, None).unwrap();
        assert_eq!(d.encoding.name, "UTF-8");
    }

    #[test]
    fn undeclared_legacy_text_is_detected_and_bad_bytes_warn() {
        let cp1251 = encoding_rs::WINDOWS_1251
            .encode("Президент России провёл переговоры в Пекине и обсудил торговлю.")
            .0
            .into_owned();
        let d = decode(&cp1251, false, None).unwrap();
        assert!(d.text.starts_with("Президент"), "{}", d.text);
        assert_eq!(d.encoding.source, EncodingSource::Detected);
        // A few bad bytes in UTF-8 text stay UTF-8, with a warning.
        let mut bytes = "Grüße aus München, schöne Grüße aus Köln und Düsseldorf. "
            .repeat(20)
            .into_bytes();
        bytes.push(0xff);
        let d = decode(&bytes, false, None).unwrap();
        assert_eq!(d.encoding.name, "UTF-8");
        assert_eq!(d.warning("x").unwrap().kind, ErrorKind::InvalidUtf8);
        let d = decode(
            b"<meta charset=shift_jis><p>\x82\xa0\xff\xff</p>",
            true,
            None,
        )
        .unwrap();
        assert_eq!(d.warning("x").unwrap().kind, ErrorKind::InvalidEncoding);
    }
}
