//! Where a block's text lies in the raw HTML.
//!
//! html5ever reports no source positions, so the HTML path finds them
//! itself: one pass over the page's bytes yields its visible text (outside
//! tags, comments and raw-text elements; entities decoded; whitespace
//! collapsed as [`crate::html::dom`] collapses it) with, for every byte of that
//! text, the span of HTML it came from. Blocks are then searched in document
//! order, each from where the previous one was found. A block whose text the
//! tree builder moved or rewrote (foster-parented table text, an unknown
//! entity) is not found and keeps no offsets.

use crate::html::dom::collapses;

/// The visible text of a page, each byte mapped back to its source.
pub(crate) struct SourceText {
    text: String,
    /// Where each stretch of `text` came from, in `text` order; a stretch
    /// runs to the next one's start. Most text is copied verbatim (a run of
    /// words between markup), so a page holds a few runs per block rather
    /// than two offsets per byte.
    runs: Vec<Run>,
    /// Where the next search starts, in `text`.
    cursor: usize,
}

/// A stretch of [`SourceText::text`] and its source in the HTML.
#[derive(Debug, Clone, Copy)]
struct Run {
    /// Byte offset in `text` where the stretch starts.
    text: u32,
    /// Byte offset in the HTML of the stretch's first byte (verbatim), or of
    /// the start of the one character's source (an entity's `&`, a
    /// whitespace run's first byte).
    from: u32,
    /// Byte offset in the HTML just past that one character's source;
    /// [`VERBATIM`] for a stretch copied byte for byte.
    to: u32,
}

/// [`Run::to`] of a verbatim stretch (pages are below 4 GiB - 1, so no real
/// offset is this).
const VERBATIM: u32 = u32::MAX;

/// Elements whose content is not text of the page: skipped to their end tag.
const SKIPPED: &[&[u8]] = &[b"script", b"style", b"title", b"textarea", b"template"];

impl SourceText {
    /// Scans `html`. Offsets are `u32`: a page of 4 GiB or more maps nothing.
    pub(crate) fn new(html: &str) -> SourceText {
        let mut s = SourceText {
            text: String::new(),
            runs: Vec::new(),
            cursor: 0,
        };
        if u32::try_from(html.len()).map_or(true, |n| n == VERBATIM) {
            return s;
        }
        let bytes = html.as_bytes();
        s.text.reserve(html.len() / 8);
        let mut last_space = true;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'<' {
                if let Some(next) = skip_markup(bytes, i) {
                    i = next;
                    continue;
                }
            }
            // A run of characters that are neither markup, entities nor
            // whitespace maps byte for byte.
            let run = verbatim_len(&html[i..]);
            if run > 0 {
                s.push_verbatim(&html[i..i + run], i as u32);
                last_space = false;
                i += run;
                continue;
            }
            if b.is_ascii_whitespace() {
                // A run of ASCII whitespace at once: what the loop below
                // does a character at a time (one space, spanning the run).
                let mut e = i + 1;
                while e < bytes.len() && bytes[e].is_ascii_whitespace() {
                    e += 1;
                }
                let mut k = i;
                if !last_space {
                    s.push(' ', i as u32, (i + 1) as u32);
                    last_space = true;
                    k = i + 1;
                }
                if k < e && s.text.ends_with(' ') {
                    if let Some(r) = s.runs.last_mut() {
                        r.to = e as u32;
                    }
                }
                i = e;
                continue;
            }
            let (c, len) = if b == b'&' {
                decode_entity(&html[i..]).unwrap_or(('&', 1))
            } else {
                let c = html[i..].chars().next().unwrap_or('\u{fffd}');
                (c, c.len_utf8())
            };
            let (from, to) = (i as u32, (i + len) as u32);
            if collapses(c) {
                if !last_space {
                    s.push(' ', from, to);
                    last_space = true;
                } else if s.text.ends_with(' ') {
                    // A whitespace run maps to one space spanning it all
                    // (a space in `text` always comes from `push`).
                    if let Some(r) = s.runs.last_mut() {
                        r.to = to;
                    }
                }
            } else {
                s.push(c, from, to);
                last_space = false;
            }
            i += len;
        }
        s
    }

    /// Appends `chunk`, copied from the HTML at `from`, extending the last
    /// run when it continues it.
    fn push_verbatim(&mut self, chunk: &str, from: u32) {
        let at = self.text.len() as u32;
        let continues = self
            .runs
            .last()
            .is_some_and(|r| r.to == VERBATIM && r.from + (at - r.text) == from);
        if !continues {
            self.runs.push(Run {
                text: at,
                from,
                to: VERBATIM,
            });
        }
        self.text.push_str(chunk);
    }

    /// Appends one character whose source is `from..to`.
    fn push(&mut self, c: char, from: u32, to: u32) {
        self.runs.push(Run {
            text: self.text.len() as u32,
            from,
            to,
        });
        self.text.push(c);
    }

    /// The source of `text[t]`'s character: where it starts and ends.
    fn source_of(&self, t: usize) -> Option<(usize, usize)> {
        if t >= self.text.len() {
            return None;
        }
        let k = self.runs.partition_point(|r| r.text as usize <= t);
        let r = self.runs.get(k.checked_sub(1)?)?;
        Some(if r.to == VERBATIM {
            let at = r.from as usize + (t - r.text as usize);
            (at, at + 1)
        } else {
            (r.from as usize, r.to as usize)
        })
    }

    /// The byte span of the HTML that `block` (whitespace-collapsed visible
    /// text, as the blocks carry it) came from: from its first character's
    /// source to just past its last one's, markup in between included.
    /// Searches from the end of the previous block found.
    pub(crate) fn locate(&mut self, block: &str) -> Option<(usize, usize)> {
        if block.is_empty() {
            return None;
        }
        // Usually the block starts right here, or after one space.
        let here = self.text.get(self.cursor..)?;
        let skip = if here.starts_with(block) {
            Some(0)
        } else if here.starts_with(' ') && here[1..].starts_with(block) {
            Some(1)
        } else {
            None
        };
        if let Some(skip) = skip {
            let at = self.cursor + skip;
            return self.found(at, block.len());
        }
        // Blocks follow each other closely; a bounded window keeps a page of
        // many unlocatable blocks linear.
        let mut window = (self.cursor + (64 << 10).max(4 * block.len())).min(self.text.len());
        while !self.text.is_char_boundary(window) {
            window -= 1;
        }
        let at = self.cursor + self.text.get(self.cursor..window)?.find(block)?;
        self.found(at, block.len())
    }

    fn found(&mut self, at: usize, len: usize) -> Option<(usize, usize)> {
        self.cursor = at + len;
        Some((self.source_of(at)?.0, self.source_of(at + len - 1)?.1))
    }
}

/// The length of the verbatim run at the start of `s`: characters other than
/// `<`, `&` and whitespace that [`collapses`].
fn verbatim_len(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut n = 0;
    while n < bytes.len() {
        let b = bytes[n];
        if b.is_ascii() {
            if b == b'<' || b == b'&' || b.is_ascii_whitespace() {
                break;
            }
            n += 1;
        } else {
            let Some(c) = s[n..].chars().next() else {
                break;
            };
            if collapses(c) {
                break;
            }
            n += c.len_utf8();
        }
    }
    n
}

/// If `bytes[at]` (a `<`) opens markup — a tag, comment, doctype or
/// processing instruction — where the text resumes after it (after the
/// matching end tag for elements in [`SKIPPED`]).
fn skip_markup(bytes: &[u8], at: usize) -> Option<usize> {
    let rest = &bytes[at + 1..];
    if rest.starts_with(b"!--") {
        return Some(crate::html::pre_pass::comment_end(bytes, at).unwrap_or(bytes.len()));
    }
    let closing = rest.first() == Some(&b'/');
    let name_start = at + 1 + usize::from(closing);
    let starts_tag = bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic);
    if !(starts_tag || rest.starts_with(b"!") || rest.starts_with(b"?")) {
        return None;
    }
    let end = memchr::memchr(b'>', &bytes[at..]).map_or(bytes.len(), |p| at + p + 1);
    if closing || !starts_tag {
        return Some(end);
    }
    let name_len = bytes[name_start..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let name = &bytes[name_start..name_start + name_len];
    if let Some(skipped) = SKIPPED.iter().find(|s| name.eq_ignore_ascii_case(s)) {
        // Up to the end of the matching end tag.
        let mut close = b"</".to_vec();
        close.extend_from_slice(skipped);
        let Some(p) = crate::html::pre_pass::find_ci(bytes.get(end..)?, &close) else {
            return Some(bytes.len());
        };
        let pos = end + p;
        return Some(memchr::memchr(b'>', &bytes[pos..]).map_or(bytes.len(), |q| pos + q + 1));
    }
    Some(end)
}

/// Decodes the character reference at the start of `s` (which starts with
/// `&`): its character and its length in bytes.
fn decode_entity(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let hex = matches!(b.get(2), Some(b'x' | b'X'));
        let digits_at = if hex { 3 } else { 2 };
        let digits = b[digits_at..]
            .iter()
            .take_while(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            })
            .count();
        if digits == 0 || digits > 8 {
            return None;
        }
        let v = u32::from_str_radix(&s[digits_at..digits_at + digits], if hex { 16 } else { 10 })
            .ok()?;
        let mut len = digits_at + digits;
        if b.get(len) == Some(&b';') {
            len += 1;
        }
        let c = char::from_u32(v)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{fffd}');
        return Some((c, len));
    }
    // Named: the longest name up to 32 bytes, with its `;`.
    let name_len = b[1..]
        .iter()
        .take(32)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if name_len == 0 || b.get(1 + name_len) != Some(&b';') {
        return None;
    }
    let key = &s[1..name_len + 2];
    let &(cp, _) = html5ever::data::NAMED_ENTITIES.get(key)?;
    Some((char::from_u32(cp)?, name_len + 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_found_in_order_and_slice_the_source() {
        let html = "<html><head><title>Skip me</title><style>p{}</style></head><body>\
            <nav><a href=/>Home</a></nav><!-- Home -->\
            <p>Caf&eacute; &amp; bar:\n   <b>open</b>&nbsp;late</p>\
            <p>Home again &#8212; twice</p><script>var Home;</script></body></html>";
        let mut src = SourceText::new(html);
        let (s, e) = src.locate("Home").unwrap();
        assert_eq!(&html[s..e], "Home");
        let (s, e) = src.locate("Café & bar: open late").unwrap();
        assert_eq!(
            &html[s..e],
            "Caf&eacute; &amp; bar:\n   <b>open</b>&nbsp;late"
        );
        // The second "Home" is the one after the first block, not the nav's.
        let (s, e) = src.locate("Home again — twice").unwrap();
        assert_eq!(&html[s..e], "Home again &#8212; twice");
        assert!(src.locate("Skip me").is_none());
        assert!(src.locate("var Home").is_none());
    }

    #[test]
    fn offsets_inside_verbatim_runs_and_multibyte_text() {
        let html = "<p>Новости дня: Москва</p><p>東京 &lt;速報&gt;</p>";
        let mut src = SourceText::new(html);
        // A block that starts inside a run, ends on a two-byte character.
        let (s, e) = src.locate("дня: Москва").unwrap();
        assert_eq!(&html[s..e], "дня: Москва");
        let (s, e) = src.locate("東京 <速報>").unwrap();
        assert_eq!(&html[s..e], "東京 &lt;速報&gt;");
        // Runs, not offsets per byte: Новости, space, дня:, space, Москва,
        // 東京, space, &lt;, 速報, &gt;.
        assert_eq!(src.runs.len(), 10);
    }

    #[test]
    fn broken_markup_and_entities_do_not_panic() {
        for html in [
            "<",
            "&",
            "&#",
            "&#x;",
            "&#99999999999;",
            "<!--",
            "<script>x",
            "a < b",
            "é&",
        ] {
            let mut src = SourceText::new(html);
            let _ = src.locate("x");
            let _ = src.locate("a < b");
        }
        let mut src = SourceText::new("a < b &amp c");
        let (s, e) = src.locate("a < b &amp c").unwrap();
        assert_eq!((s, e), (0, 12));
    }
}
