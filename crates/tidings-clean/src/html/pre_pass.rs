//! The byte-level pass before html5ever: nesting limit, script/style/comment
//! bodies dropped, unread attributes cut; and the scanners it shares with the
//! source map (comment ends, case-insensitive end tags).

/// Prepares a page for html5ever in one pass over its bytes:
///
/// - **Limits nesting.** html5ever's tree builder scans the stack of open
///   elements for many tags, which turns a page of 100 000 unclosed `<div>`s
///   into minutes of work. Start tags beyond `max_depth` open elements
///   (counted roughly: start tags minus end tags, void elements excluded) are
///   blanked out, which keeps their text.
/// - **Drops the bodies of `<script>`, `<style>` and `<svg>`** (JSON-LD
///   excepted, which the page-type features read), and comments. They are over half
///   the bytes of a typical news page, never visible text, and html5ever
///   would tokenise them only for the tree to discard.
/// - **Shortens runs of whitespace in text** to one character
///   ([`collapse_whitespace`]).
/// - **Drops the attributes nothing reads** ([`KEPT_ATTRS`]), and floods of
///   the ones it does beyond [`MAX_ATTRS`] a tag.
/// - **Swaps `class` values for numbers** ([`CLASS_KEY`], [`Prepared::class`]).
///   Utility-class pages spend a fifth of their remaining bytes on them, and
///   the tokenizer copies attribute values a character at a time.
pub(crate) fn pre_pass(html: &str, max_depth: usize) -> Prepared<'_> {
    let bytes = html.as_bytes();
    let mut depth: usize = 0;
    let mut cut: Vec<(usize, usize)> = Vec::new();
    let mut classes = Classes::default();
    let mut i = 0;
    // Where the text before the next tag starts.
    let mut text_from = 0;
    // No `<svg>` body is cut before this: a scan that found none to cut
    // ended here, and a later `<svg>` before it would end there again (one
    // scan per byte, not one per unclosed `<svg>`).
    let mut svg_barrier = 0;
    while let Some(off) = memchr_lt(&bytes[i..]) {
        let at = i + off;
        let rest = &bytes[at + 1..];
        let closing = rest.first() == Some(&b'/');
        let name_start = at + 1 + usize::from(closing);
        if !closing && rest.starts_with(b"!--") {
            // A comment: a `<script>` inside it opens nothing.
            collapse_whitespace(bytes, text_from, at, &mut cut);
            match comment_end(bytes, at) {
                Some(e) => {
                    i = e;
                    text_from = e;
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
        if name_len == 0 || (!closing && !bytes[name_start].is_ascii_alphabetic()) {
            // `<!DOCTYPE …>`, `<?xml …>`, `</3…>`: up to the next `>`, as the
            // tokenizer reads a doctype or bogus comment. `<3` and `< b` are text.
            if closing || matches!(rest.first(), Some(b'!' | b'?')) {
                collapse_whitespace(bytes, text_from, at, &mut cut);
                i = memchr::memchr(b'>', rest).map_or(bytes.len(), |p| at + 1 + p + 1);
                text_from = i;
            } else {
                i = at + 1;
            }
            continue;
        }
        collapse_whitespace(bytes, text_from, at, &mut cut);
        let name = &bytes[name_start..name_start + name_len];
        // A start tag is lexed as the tokenizer lexes it (a `>` inside a
        // quoted value does not end it), its unread attributes cut on the way.
        let mark = cut.len();
        let end = if closing {
            bytes[name_start..]
                .iter()
                .position(|&b| b == b'>')
                .map(|p| name_start + p + 1)
                .unwrap_or(bytes.len())
        } else {
            // `<html>` and `<body>` merge a second tag's attributes into the
            // first where missing, which a renamed `class` would defeat.
            let interns =
                !name.eq_ignore_ascii_case(b"html") && !name.eq_ignore_ascii_case(b"body");
            start_tag_end(
                html,
                name_start + name_len,
                &mut cut,
                interns.then_some(&mut classes),
            )
        };
        let self_closing = end >= 2 && bytes[end - 2] == b'/';
        if closing {
            depth = depth.saturating_sub(1);
        } else if !is_void(name) && !self_closing {
            depth += 1;
            if depth > max_depth {
                cut.truncate(mark);
                // This tag's swaps are the last ones (popped, not
                // `retain`ed: a page of deep tags stays linear).
                while classes.swaps.last().is_some_and(|&(c, _)| c >= mark) {
                    classes.swaps.pop();
                }
                cut.push((at, end));
            }
        }
        // An inline `<svg>` is never text (`Kind::Invisible`), but its paths,
        // groups and gradients are many elements for the tree builder: its
        // body goes, its start and end tags stay.
        if !closing && !self_closing && end >= svg_barrier && name.eq_ignore_ascii_case(b"svg") {
            match svg_body_end(html, end) {
                Ok(close) => {
                    if close > end {
                        cut.push((end, close));
                    }
                    i = close;
                    text_from = i;
                    continue;
                }
                Err(stop) => svg_barrier = stop,
            }
        }
        // `<plaintext>` makes the rest of the page text: nothing after it is
        // a tag whose attributes could be cut or swapped.
        if !closing && name.eq_ignore_ascii_case(b"plaintext") {
            break;
        }
        // Raw text and RCDATA: skip to the matching end tag, dropping the
        // bodies of scripts (JSON-LD excepted) and styles.
        let raw = [
            (&b"script"[..], "</script", true),
            (b"style", "</style", true),
            (b"title", "</title", false),
            (b"textarea", "</textarea", false),
            (b"xmp", "</xmp", false),
            (b"iframe", "</iframe", false),
            (b"noembed", "</noembed", false),
            (b"noframes", "</noframes", false),
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
                        text_from = i;
                        continue;
                    }
                    None => break,
                }
            }
        }
        i = end.max(at + 1);
        text_from = i;
    }
    if cut.is_empty() {
        return Prepared {
            html: std::borrow::Cow::Borrowed(html),
            classes: Vec::new(),
        };
    }
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    let mut swaps = classes.swaps.iter().peekable();
    for (k, (s, e)) in cut.into_iter().enumerate() {
        out.push_str(&html[last..s]);
        if let Some(&(_, key)) = swaps.next_if(|&&(c, _)| c == k) {
            use std::fmt::Write;
            // Writing to a String cannot fail.
            let _ = write!(out, "{CLASS_KEY}=\"{key}\"");
        }
        last = e;
    }
    out.push_str(&html[last..]);
    Prepared {
        html: std::borrow::Cow::Owned(out),
        classes: classes.values,
    }
}

/// A page ready for html5ever, and the `class` values it swapped out.
#[derive(Debug)]
pub(crate) struct Prepared<'a> {
    pub html: std::borrow::Cow<'a, str>,
    /// The values of the swapped `class` attributes, by number.
    pub classes: Vec<&'a str>,
}

impl<'a> Prepared<'a> {
    /// The `class` value an attribute named [`CLASS_KEY`] stands for
    /// (`None` for a number the pre-pass did not give out).
    pub(crate) fn class(classes: &[&'a str], key: &str) -> Option<&'a str> {
        classes.get(key.parse::<usize>().ok()?).copied()
    }
}

/// The attribute a swapped `class` becomes: `t:c="<number>"`. No page's
/// attribute of that name survives the pre-pass (it is not in
/// [`KEPT_ATTRS`]), so every one html5ever reports is a swap.
pub(crate) const CLASS_KEY: &str = "t:c";

/// The `class` values swapped out so far, and which cuts they replace.
#[derive(Debug, Default)]
struct Classes<'a> {
    values: Vec<&'a str>,
    /// (index into the cuts, value number): the cut's span becomes
    /// `t:c="<number>"`.
    swaps: Vec<(usize, usize)>,
}

/// Shortens every run of ASCII whitespace in the text `bytes[from..to]` to
/// its first character. Block text collapses whitespace anyway (and `<pre>`
/// is no exception there), so nothing downstream sees the difference, but
/// the indentation of pretty-printed pages is one byte in six of what
/// html5ever would otherwise tokenise. One character is kept, so a
/// whitespace-only text stays whitespace for the tree builder. Past one cut
/// per 16 bytes of page (a real page has one per 400 or so; small pages get
/// 1,024) it stops, so a page made of whitespace runs costs at most its size
/// again in cuts.
fn collapse_whitespace(bytes: &[u8], from: usize, to: usize, cut: &mut Vec<(usize, usize)>) {
    if cut.len() >= (bytes.len() / 16).max(1024) {
        return;
    }
    let mut k = from;
    while k < to {
        if bytes[k].is_ascii_whitespace() {
            let mut e = k + 1;
            while e < to && bytes[e].is_ascii_whitespace() {
                e += 1;
            }
            if e > k + 1 {
                cut.push((k + 1, e));
            }
            k = e;
        } else {
            k += 1;
        }
    }
}

/// Attributes kept on one tag. html5ever checks each new attribute against
/// all earlier ones of its tag (duplicates are dropped), so a tag with 900 000
/// attributes took ten minutes; no page needs more than a few dozen.
const MAX_ATTRS: usize = 256;

/// The attributes anything after the parse reads: the block patterns (`id`,
/// `class`, `style`, `role`, `itemprop`, `hidden`), the page facts (`meta`'s
/// `property`, `name` and `content`, `script`'s `type`, `html`'s `lang`),
/// and the few html5ever's tree builder consults (`input type`,
/// `annotation-xml encoding`, `font color|face|size` in foreign content).
/// The rest (`href`, `src`, `srcset`, `data-*`, `alt`…) are four in ten of a
/// news page's bytes once scripts are gone, and the tokenizer would copy
/// them character by character for nobody.
const KEPT_ATTRS: &[&[u8]] = &[
    b"class",
    b"id",
    b"style",
    b"role",
    b"itemprop",
    b"hidden",
    b"property",
    b"name",
    b"content",
    b"type",
    b"lang",
    b"encoding",
    b"color",
    b"face",
    b"size",
];

/// Lexes a start tag from `p` (just past the alphanumeric start of its name)
/// the way the HTML tokenizer does: the rest of the name, then attributes
/// whose quoted values may hold `>`. Pushes onto `cut` the span (name and
/// value) of every attribute not in [`KEPT_ATTRS`], and of the kept ones
/// past the first [`MAX_ATTRS`]. Returns the index just past the tag's `>`,
/// or the input's length when it never closes (the tokenizer then reads the
/// rest of the page as this tag, so nothing after it is text either).
///
/// With `classes`, the tag's first `class` attribute is swapped for a number
/// when its value is quoted and holds no `&`, NUL or CR (so html5ever would
/// read it verbatim); later `class` attributes are left to the tokenizer,
/// which drops them as duplicates, or (after a swap) to the reader, which
/// prefers the swapped one.
fn start_tag_end<'a>(
    html: &'a str,
    mut p: usize,
    cut: &mut Vec<(usize, usize)>,
    mut classes: Option<&mut Classes<'a>>,
) -> usize {
    let bytes = html.as_bytes();
    let len = bytes.len();
    let mut seen_class = false;
    while p < len && !bytes[p].is_ascii_whitespace() && bytes[p] != b'/' && bytes[p] != b'>' {
        p += 1;
    }
    let mut kept = 0;
    loop {
        while p < len && (bytes[p].is_ascii_whitespace() || bytes[p] == b'/') {
            p += 1;
        }
        match bytes.get(p) {
            None => return len,
            Some(b'>') => return p + 1,
            Some(_) => {}
        }
        // The name; its first character may be `=`.
        let name_start = p;
        p += 1;
        while p < len && !bytes[p].is_ascii_whitespace() && !matches!(bytes[p], b'/' | b'>' | b'=')
        {
            p += 1;
        }
        let name = &bytes[name_start..p];
        // The value of a quoted attribute, between its quotes.
        let mut quoted = None;
        let mut q = p;
        while q < len && bytes[q].is_ascii_whitespace() {
            q += 1;
        }
        if bytes.get(q) == Some(&b'=') {
            q += 1;
            while q < len && bytes[q].is_ascii_whitespace() {
                q += 1;
            }
            p = match bytes.get(q) {
                Some(&quote @ (b'"' | b'\'')) => match memchr::memchr(quote, &bytes[q + 1..]) {
                    Some(e) => {
                        quoted = Some((q + 1, q + 1 + e));
                        q + 1 + e + 1
                    }
                    None => len,
                },
                // `a=>`: no value, and the tag ends here.
                Some(b'>') => q,
                _ => {
                    let mut e = q;
                    while e < len && !bytes[e].is_ascii_whitespace() && bytes[e] != b'>' {
                        e += 1;
                    }
                    e
                }
            };
        }
        if kept < MAX_ATTRS && KEPT_ATTRS.iter().any(|k| name.eq_ignore_ascii_case(k)) {
            kept += 1;
            if name.eq_ignore_ascii_case(b"class") && !std::mem::replace(&mut seen_class, true) {
                if let (Some(c), Some((from, to))) = (classes.as_deref_mut(), quoted) {
                    let value = &html[from..to];
                    if !value.bytes().any(|b| matches!(b, b'&' | b'\0' | b'\r')) {
                        c.swaps.push((cut.len(), c.values.len()));
                        c.values.push(value);
                        cut.push((name_start, p));
                    }
                }
            }
        } else {
            // The name and value only: the space before stays, so a next
            // attribute written straight after a quote (`a="1"class=x`)
            // stays apart from the tag name.
            cut.push((name_start, p));
        }
    }
}

/// The HTML tags that end foreign content when they start inside an
/// `<svg>` (the tree builder closes the `<svg>` and puts them in the page:
/// `<svg><use/><div>Text</div></svg>` has a visible `div`), as do `</p>`
/// and `</br>`. `font` counts too (it breaks out with some attributes).
const BREAKOUT: &[&[u8]] = &[
    b"b",
    b"big",
    b"blockquote",
    b"body",
    b"br",
    b"center",
    b"code",
    b"dd",
    b"div",
    b"dl",
    b"dt",
    b"em",
    b"embed",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"head",
    b"hr",
    b"i",
    b"img",
    b"li",
    b"listing",
    b"menu",
    b"meta",
    b"nobr",
    b"ol",
    b"p",
    b"pre",
    b"ruby",
    b"s",
    b"small",
    b"span",
    b"strong",
    b"strike",
    b"sub",
    b"sup",
    b"table",
    b"tt",
    b"u",
    b"ul",
    b"var",
    b"font",
];

/// Where the body of the `<svg>` whose start tag ends at `from` ends: the
/// `<` of its own `</svg` (nested `<svg>`s counted, comments skipped). An
/// error (nothing is cut) says where the scan stopped: at a tag that would
/// break out of the svg into the page ([`BREAKOUT`]; also inside
/// `foreignObject`, where it would not, but stays invisible: such bodies are
/// rare and kept whole), or at the end of a page where it never closes.
fn svg_body_end(html: &str, from: usize) -> Result<usize, usize> {
    let bytes = html.as_bytes();
    let mut depth = 1usize;
    let mut i = from;
    let mut scratch = Vec::new();
    while let Some(off) = bytes.get(i..).and_then(memchr_lt) {
        let at = i + off;
        let rest = &bytes[at + 1..];
        if rest.starts_with(b"!--") {
            i = comment_end(bytes, at).ok_or(bytes.len())?;
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name = &rest[usize::from(closing)..];
        let is_svg = name.len() > 3
            && name[..3].eq_ignore_ascii_case(b"svg")
            && (name[3].is_ascii_whitespace() || name[3] == b'/' || name[3] == b'>');
        if is_svg && closing {
            depth -= 1;
            if depth == 0 {
                return Ok(at);
            }
        } else if is_svg {
            let end = start_tag_end(html, at + 4, &mut scratch, None);
            scratch.clear();
            if !(end >= 2 && bytes[end - 2] == b'/') {
                depth += 1;
            }
            i = end.max(at + 1);
            continue;
        } else {
            let len = name
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            let tag = &name[..len];
            let breaks_out = if closing {
                tag.eq_ignore_ascii_case(b"p") || tag.eq_ignore_ascii_case(b"br")
            } else {
                BREAKOUT.iter().any(|b| tag.eq_ignore_ascii_case(b))
            };
            if breaks_out {
                return Err(at);
            }
        }
        i = at + 1;
    }
    Err(bytes.len())
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
