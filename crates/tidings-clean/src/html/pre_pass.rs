//! The byte-level pass before html5ever: nesting limit, script/style/comment
//! bodies dropped, attribute floods cut; and the scanners it shares with the
//! source map (comment ends, case-insensitive end tags).

/// Prepares a page for html5ever in one pass over its bytes:
///
/// - **Limits nesting.** html5ever's tree builder scans the stack of open
///   elements for many tags, which turns a page of 100 000 unclosed `<div>`s
///   into minutes of work. Start tags beyond `max_depth` open elements
///   (counted roughly: start tags minus end tags, void elements excluded) are
///   blanked out, which keeps their text.
/// - **Drops the bodies of `<script>` and `<style>`** (JSON-LD excepted,
///   which the page-type features read), and comments. They are over half
///   the bytes of a typical news page, never visible text, and html5ever
///   would tokenise them only for the tree to discard.
pub(crate) fn pre_pass(html: &str, max_depth: usize) -> std::borrow::Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut depth: usize = 0;
    let mut cut: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr_lt(&bytes[i..]) {
        let at = i + off;
        let rest = &bytes[at + 1..];
        let closing = rest.first() == Some(&b'/');
        let name_start = at + 1 + usize::from(closing);
        if !closing && rest.starts_with(b"!--") {
            // A comment: a `<script>` inside it opens nothing.
            match comment_end(bytes, at) {
                Some(e) => {
                    i = e;
                    cut.push((at, i));
                    continue;
                }
                None => break,
            }
        }
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 {
            i = at + 1;
            continue;
        }
        let name = &bytes[name_start..name_start + name_len];
        let end = bytes[name_start..]
            .iter()
            .position(|&b| b == b'>')
            .map(|p| name_start + p + 1)
            .unwrap_or(bytes.len());
        let self_closing = end >= 2 && bytes[end - 2] == b'/';
        let mut blanked = false;
        if closing {
            depth = depth.saturating_sub(1);
        } else if !is_void(name) && !self_closing {
            depth += 1;
            if depth > max_depth {
                cut.push((at, end));
                blanked = true;
            }
        }
        if !closing && !blanked && end - at > MAX_ATTRS * 2 {
            if let Some(from) = attrs_cut(&bytes[name_start + name_len..end]) {
                cut.push((
                    name_start + name_len + from,
                    end - 1 - usize::from(self_closing),
                ));
            }
        }
        // Raw text and RCDATA: skip to the matching end tag, dropping the
        // bodies of scripts (JSON-LD excepted) and styles.
        let raw = [
            (&b"script"[..], "</script", true),
            (b"style", "</style", true),
            (b"title", "</title", false),
            (b"textarea", "</textarea", false),
        ]
        .into_iter()
        .find(|(n, _, _)| name.eq_ignore_ascii_case(n));
        if let Some((raw_name, end_tag, drop)) = raw {
            if !closing {
                let from = end.min(bytes.len());
                let json_ld = raw_name == b"script"
                    && bytes[at..from]
                        .windows(7)
                        .any(|w| w.eq_ignore_ascii_case(b"ld+json"));
                match find_ci(&bytes[from..], end_tag.as_bytes()) {
                    Some(p) => {
                        if drop && p > 0 && !json_ld {
                            cut.push((from, from + p));
                        }
                        i = from + p;
                        continue;
                    }
                    None => break,
                }
            }
        }
        i = end.max(at + 1);
    }
    if cut.is_empty() {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for (s, e) in cut {
        out.push_str(&html[last..s]);
        last = e;
    }
    out.push_str(&html[last..]);
    std::borrow::Cow::Owned(out)
}

/// Attributes kept on one tag. html5ever checks each new attribute against
/// all earlier ones of its tag (duplicates are dropped), so a tag with 900 000
/// attributes took ten minutes; no page needs more than a few dozen.
const MAX_ATTRS: usize = 256;

/// Where to cut a tag's attribute text (after its name, up to its `>`) so that
/// it keeps [`MAX_ATTRS`] attributes: the boundary before the first one over
/// the limit, outside quotes; `None` when there are not that many.
fn attrs_cut(attrs: &[u8]) -> Option<usize> {
    let mut count = 0;
    let mut quote = None;
    let mut in_gap = true;
    for (i, &b) in attrs.iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b.is_ascii_whitespace() || b == b'/' => in_gap = true,
            None if in_gap && b != b'=' => {
                in_gap = false;
                count += 1;
                if count > MAX_ATTRS {
                    return Some(i);
                }
            }
            None => {}
        }
    }
    None
}

/// Where the comment opening at `bytes[at]` (`<!--`) ends, past its `-->`;
/// `<!-->` and `<!--->` are complete (empty) comments, as in HTML.
pub(crate) fn comment_end(bytes: &[u8], at: usize) -> Option<usize> {
    let body = at + 4;
    for short in [&b">"[..], b"->"] {
        if bytes.get(body..body + short.len()) == Some(short) {
            return Some(body + short.len());
        }
    }
    memchr::memmem::find(bytes.get(body..)?, b"-->").map(|p| body + p + 3)
}

fn memchr_lt(b: &[u8]) -> Option<usize> {
    memchr::memchr(b'<', b)
}

/// The first ASCII-case-insensitive occurrence of `needle`, which starts
/// with `<` (so candidates are found with memchr): an end tag's position.
pub(crate) fn find_ci(h: &[u8], n: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b'<', h)
        .find(|&i| h.len() - i >= n.len() && h[i..i + n.len()].eq_ignore_ascii_case(n))
}

fn is_void(name: &[u8]) -> bool {
    const VOID: &[&[u8]] = &[
        b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
        b"param", b"source", b"track", b"wbr", b"p", b"li", b"option", b"td", b"tr", b"th", b"dt",
        b"dd",
    ];
    // p/li/td… are closed implicitly by their siblings, so they do not nest.
    VOID.iter().any(|v| name.eq_ignore_ascii_case(v))
}
