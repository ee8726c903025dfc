//! A tokenizer for the HTML the [pre-pass](super::pre_pass) leaves, feeding
//! html5ever's tree builder directly.
//!
//! html5ever's own tokenizer reads a page a character at a time through a
//! queue of buffers; on the pre-passed pages `clean` reads it was about a
//! fifth of the whole extraction. This one scans bytes with `memchr` and
//! hands text to the tree builder as slices of one shared buffer. It follows
//! the WHATWG tokenizer exactly as html5ever implements it (names lowered,
//! character references, duplicate attributes, RCDATA and RAWTEXT ends,
//! CR/LF), so the tree built is the same tree; and where a page holds
//! something it does not cover (a NUL, a comment, CDATA in foreign content,
//! a malformed doctype, script data escapes, PLAINTEXT, a page that ends
//! inside a tag or a character reference), it gives up and
//! [`super::dom::parse`] parses the page with html5ever's tokenizer instead.
//!
//! The tree builder cannot tell how text was cut into tokens: it merges
//! adjacent text, and splits off whitespace itself where the insertion mode
//! cares. A test parses every page of the boilerplate sets both ways and
//! compares the trees.

use html5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{Doctype, Tag, TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts, TreeSink};
use html5ever::{ns, Attribute, LocalName, QualName};
use scraper::{Html, HtmlTreeSink};

/// The page could not be tokenized here: parse it with html5ever's tokenizer.
#[derive(Debug)]
pub(crate) struct Unsupported;

type Step<T> = Result<T, Unsupported>;

/// Parses `html` with the tree builder options `opts`, or says that the page
/// holds something this tokenizer leaves to html5ever's.
pub(crate) fn parse(html: &str, opts: TreeBuilderOpts) -> Result<Html, Unsupported> {
    // Tendrils index with `u32`.
    if html.len() > u32::MAX as usize / 2 || memchr::memchr(0, html.as_bytes()).is_some() {
        return Err(Unsupported);
    }
    // html5ever drops a leading byte-order mark and reads CR LF and CR as LF.
    let html = html.strip_prefix('\u{feff}').unwrap_or(html);
    let normalized;
    let src: &str = if memchr::memchr(b'\r', html.as_bytes()).is_some() {
        normalized = html.replace("\r\n", "\n").replace('\r', "\n");
        &normalized
    } else {
        html
    };
    let builder = TreeBuilder::new(HtmlTreeSink::new(Html::new_document()), opts);
    let mut t = Tokenizer {
        src,
        buf: StrTendril::from_slice(src),
        builder: &builder,
        last_start_tag: None,
    };
    t.run()?;
    // As html5ever's tokenizer ends: the end of the input, then the open
    // elements popped.
    let _ = builder.process_token(Token::EOFToken, 1);
    builder.end();
    Ok(builder.sink.finish())
}

/// What the tree builder asked the tokenizer to read next.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Data,
    Raw(RawKind),
}

struct Tokenizer<'a> {
    src: &'a str,
    /// `src` once more, as the tendril text tokens are cut from.
    buf: StrTendril,
    builder: &'a TreeBuilder<ego_tree::NodeId, HtmlTreeSink>,
    /// The name of the last start tag: what ends RCDATA and RAWTEXT.
    last_start_tag: Option<LocalName>,
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b' ')
}

/// A tag or attribute name as html5ever keeps it: ASCII letters lowered.
fn lowered(raw: &str) -> LocalName {
    if raw.bytes().any(|c| c.is_ascii_uppercase()) {
        LocalName::from(raw.to_ascii_lowercase())
    } else {
        LocalName::from(raw)
    }
}

/// A character reference's expansion (one or two characters), or none: the
/// `&` is text.
type CharRef = Option<([char; 2], usize)>;

impl Tokenizer<'_> {
    fn bytes(&self) -> &[u8] {
        self.src.as_bytes()
    }

    /// The first position from `p` that is not a tokenizer space.
    fn skip_space(&self, mut p: usize) -> usize {
        while self.bytes().get(p).is_some_and(|&c| is_space(c)) {
            p += 1;
        }
        p
    }

    fn send(&self, token: Token) -> TokenSinkResult<ego_tree::NodeId> {
        self.builder.process_token(token, 1)
    }

    /// A parse error, for the tree builder: it reads none, but any token
    /// ends its wait for a newline to drop after `<pre>`, `<listing>` or
    /// `<textarea>`.
    fn error(&self, msg: &'static str) {
        let _ = self.send(Token::ParseError(msg.into()));
    }

    /// Hands `src[from..to]` to the tree builder as text.
    fn text(&self, from: usize, to: usize) {
        if to > from {
            let _ = self.send(Token::CharacterTokens(
                self.buf.subtendril(from as u32, (to - from) as u32),
            ));
        }
    }

    /// The character reference at `amp` in text that runs from `*run`: its
    /// expansion handed over after the text before it (`*run` then starts
    /// after it), or nothing (the `&` stays in the run). Returns where the
    /// text goes on.
    fn text_reference(&self, amp: usize, run: &mut usize) -> Step<usize> {
        let (expansion, next) = self.char_ref(amp, false)?;
        if let Some((chars, n)) = expansion {
            self.text(*run, amp);
            // html5ever reports a numeric reference without its `;` before
            // the character, so `<pre>&#10x` keeps its newline.
            if self.bytes().get(amp + 1) == Some(&b'#') && self.bytes()[next - 1] != b';' {
                self.error("semicolon missing after a numeric character reference");
            }
            for &c in &chars[..n] {
                let _ = self.send(Token::CharacterTokens(StrTendril::from_char(c)));
            }
            *run = next;
        }
        Ok(next)
    }

    fn run(&mut self) -> Step<()> {
        let mut state = State::Data;
        let mut pos = 0;
        while pos < self.src.len() {
            (pos, state) = match state {
                State::Data => self.data(pos)?,
                State::Raw(kind) => self.raw(pos, kind)?,
            };
        }
        Ok(())
    }

    /// The data state from `pos`, up to the first tag; returns where to go
    /// on and in which state.
    fn data(&mut self, mut pos: usize) -> Step<(usize, State)> {
        let len = self.src.len();
        let mut run = pos;
        loop {
            let Some(off) = memchr::memchr2(b'<', b'&', &self.bytes()[pos..]) else {
                self.text(run, len);
                return Ok((len, State::Data));
            };
            let at = pos + off;
            if self.bytes()[at] == b'&' {
                pos = self.text_reference(at, &mut run)?;
                continue;
            }
            match self.bytes().get(at + 1) {
                // `<` at the end: text.
                None => {
                    self.text(run, len);
                    return Ok((len, State::Data));
                }
                Some(b) if b.is_ascii_alphabetic() => {
                    self.text(run, at);
                    return self.tag(at + 1, TagKind::StartTag);
                }
                Some(b'/') => match self.bytes().get(at + 2) {
                    Some(b) if b.is_ascii_alphabetic() => {
                        self.text(run, at);
                        return self.tag(at + 2, TagKind::EndTag);
                    }
                    // `</>`: nothing but an error, which (like any token)
                    // ends the tree builder's wait for a newline to drop
                    // after `<pre>`.
                    Some(b'>') => {
                        self.text(run, at);
                        self.error("missing end tag name");
                        pos = at + 3;
                        run = pos;
                    }
                    // A bogus comment, or the end of the input.
                    _ => return Err(Unsupported),
                },
                Some(b'!') => {
                    self.text(run, at);
                    return self.declaration(at + 2).map(|p| (p, State::Data));
                }
                // `<?xml …>`: a bogus comment, the `?` in it.
                Some(b'?') => {
                    self.text(run, at);
                    return self.bogus_comment(at + 1).map(|p| (p, State::Data));
                }
                // `<` before anything else is text.
                Some(_) => pos = at + 1,
            }
        }
    }

    /// RCDATA, RAWTEXT or script data from `pos`, up to the end tag of the
    /// element that opened it.
    fn raw(&mut self, mut pos: usize, kind: RawKind) -> Step<(usize, State)> {
        let len = self.src.len();
        if !matches!(
            kind,
            RawKind::Rcdata | RawKind::Rawtext | RawKind::ScriptData
        ) {
            return Err(Unsupported);
        }
        let references = kind == RawKind::Rcdata;
        let mut run = pos;
        loop {
            let rest = &self.bytes()[pos..];
            let found = if references {
                memchr::memchr2(b'<', b'&', rest)
            } else {
                memchr::memchr(b'<', rest)
            };
            let Some(off) = found else {
                self.text(run, len);
                return Ok((len, State::Raw(kind)));
            };
            let at = pos + off;
            if self.bytes()[at] == b'&' {
                pos = self.text_reference(at, &mut run)?;
                continue;
            }
            match self.bytes().get(at + 1) {
                Some(b'/') => {
                    let name_from = at + 2;
                    let name_to = name_from
                        + self.bytes()[name_from..]
                            .iter()
                            .take_while(|b| b.is_ascii_alphabetic())
                            .count();
                    let Some(&after) = self.bytes().get(name_to) else {
                        return Err(Unsupported);
                    };
                    let appropriate = self.last_start_tag.as_deref().is_some_and(|last| {
                        last.len() == name_to - name_from
                            && last
                                .as_bytes()
                                .eq_ignore_ascii_case(&self.bytes()[name_from..name_to])
                    });
                    if appropriate && (is_space(after) || after == b'/' || after == b'>') {
                        self.text(run, at);
                        let name = self.last_start_tag.clone().unwrap_or_default();
                        return self.attributes(name_to, TagKind::EndTag, name);
                    }
                    pos = name_to.max(at + 2);
                }
                Some(b'!') if kind == RawKind::ScriptData => return Err(Unsupported),
                None => {
                    self.text(run, len);
                    return Ok((len, State::Raw(kind)));
                }
                Some(_) => pos = at + 1,
            }
        }
    }

    /// `<!` from `pos` (just after it): a doctype, or a bogus comment
    /// (`<![endif]-->`); comments and CDATA are html5ever's.
    fn declaration(&self, pos: usize) -> Step<usize> {
        let b = self.bytes();
        let rest = &b[pos..];
        if rest.starts_with(b"--") {
            return Err(Unsupported);
        }
        if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"doctype") {
            return self.doctype(pos + 7);
        }
        if rest.starts_with(b"[CDATA[")
            && self
                .builder
                .adjusted_current_node_present_but_not_in_html_namespace()
        {
            return Err(Unsupported);
        }
        self.bogus_comment(pos)
    }

    /// A bogus comment from `pos` to the next `>`.
    fn bogus_comment(&self, pos: usize) -> Step<usize> {
        let end = pos + memchr::memchr(b'>', &self.bytes()[pos..]).ok_or(Unsupported)?;
        let _ = self.send(Token::CommentToken(
            self.buf.subtendril(pos as u32, (end - pos) as u32),
        ));
        Ok(end + 1)
    }

    /// A doctype from `pos` (just after `<!doctype`): its name, then
    /// optionally `PUBLIC "…" "…"` or `SYSTEM "…"`, as html5ever reads them
    /// when they are well formed (anything else is html5ever's to read).
    fn doctype(&self, pos: usize) -> Step<usize> {
        let b = self.bytes();
        let mut p = self.skip_space(pos);
        let from = p;
        while b.get(p).is_some_and(|&c| !is_space(c) && c != b'>') {
            p += 1;
        }
        if p == from || p == b.len() {
            return Err(Unsupported);
        }
        let name = StrTendril::from_slice(&self.src[from..p].to_ascii_lowercase());
        let mut doctype = Doctype {
            name: Some(name),
            ..Doctype::default()
        };
        p = self.skip_space(p);
        // An identifier in quotes from `p`: its text and where it ends.
        let quoted = |p: usize| -> Step<(StrTendril, usize)> {
            let quote = *b.get(p).ok_or(Unsupported)?;
            if quote != b'"' && quote != b'\'' {
                return Err(Unsupported);
            }
            let len = memchr::memchr(quote, &b[p + 1..]).ok_or(Unsupported)?;
            if b[p + 1..p + 1 + len].contains(&b'>') {
                return Err(Unsupported);
            }
            let id = self.buf.subtendril((p + 1) as u32, len as u32);
            Ok((id, p + 1 + len + 1))
        };
        let keyword = b.get(p..p + 6).unwrap_or_default();
        if keyword.eq_ignore_ascii_case(b"public") {
            let (public, next) = quoted(self.skip_space(p + 6))?;
            doctype.public_id = Some(public);
            p = self.skip_space(next);
            if b.get(p) != Some(&b'>') {
                let (system, next) = quoted(p)?;
                doctype.system_id = Some(system);
                p = self.skip_space(next);
            }
        } else if keyword.eq_ignore_ascii_case(b"system") {
            let (system, next) = quoted(self.skip_space(p + 6))?;
            doctype.system_id = Some(system);
            p = self.skip_space(next);
        }
        if b.get(p) != Some(&b'>') {
            return Err(Unsupported);
        }
        let _ = self.send(Token::DoctypeToken(doctype));
        Ok(p + 1)
    }

    /// A tag whose name starts at `pos`; returns where the data goes on.
    fn tag(&mut self, pos: usize, kind: TagKind) -> Step<(usize, State)> {
        let b = self.bytes();
        let end = pos
            + b[pos..]
                .iter()
                .take_while(|&&c| !is_space(c) && c != b'/' && c != b'>')
                .count();
        if end == b.len() {
            return Err(Unsupported);
        }
        self.attributes(end, kind, lowered(&self.src[pos..end]))
    }

    /// The attributes of a tag from `pos` (just after its name) to its `>`,
    /// then the tag itself handed to the tree builder.
    fn attributes(
        &mut self,
        mut pos: usize,
        kind: TagKind,
        name: LocalName,
    ) -> Step<(usize, State)> {
        let mut attrs: Vec<Attribute> = Vec::new();
        let mut duplicates = false;
        let mut self_closing = false;
        // The before-attribute-name state.
        loop {
            pos = self.skip_space(pos);
            let Some(&c) = self.bytes().get(pos) else {
                return Err(Unsupported);
            };
            match c {
                b'>' => {
                    pos += 1;
                    break;
                }
                b'/' => {
                    // The self-closing start tag state.
                    match self.bytes().get(pos + 1) {
                        Some(b'>') => {
                            self_closing = true;
                            pos += 2;
                            break;
                        }
                        Some(_) => pos += 1,
                        None => return Err(Unsupported),
                    }
                }
                _ => {
                    let (attr, next, done) = self.attribute(pos)?;
                    if attrs.iter().any(|a| a.name.local == attr.name.local) {
                        duplicates = true;
                    } else {
                        attrs.push(attr);
                    }
                    pos = next;
                    if done {
                        break;
                    }
                }
            }
        }
        // (An end tag's attributes go to the tree builder too, which reads none.)
        if kind == TagKind::StartTag {
            self.last_start_tag = Some(name.clone());
        }
        let tag = Tag {
            kind,
            name,
            self_closing,
            attrs,
            had_duplicate_attributes: duplicates,
        };
        let state = match self.send(Token::TagToken(tag)) {
            TokenSinkResult::RawData(kind) => State::Raw(kind),
            TokenSinkResult::Plaintext => return Err(Unsupported),
            TokenSinkResult::Continue => State::Data,
            TokenSinkResult::Script(_) | TokenSinkResult::EncodingIndicator(_) => {
                // html5ever's driver feeds the tokenizer again after these,
                // and every feed drops a byte-order mark in front.
                if self.src[pos..].starts_with('\u{feff}') {
                    pos += '\u{feff}'.len_utf8();
                }
                State::Data
            }
        };
        Ok((pos, state))
    }

    /// One attribute from `pos` (its name's first character). Returns it,
    /// where the before-attribute-name state goes on, and whether the tag
    /// ended (`>` after an unquoted or missing value).
    fn attribute(&self, pos: usize) -> Step<(Attribute, usize, bool)> {
        let b = self.bytes();
        let len = b.len();
        // The first character is taken whatever it is (`=`, a quote…).
        let first = self.src[pos..].chars().next().ok_or(Unsupported)?;
        let mut p = pos + first.len_utf8();
        while p < len && !is_space(b[p]) && !matches!(b[p], b'/' | b'>' | b'=') {
            p += 1;
        }
        let local = lowered(&self.src[pos..p]);
        let attr = |value: StrTendril| Attribute {
            name: QualName::new(None, ns!(), local.clone()),
            value,
        };
        // The after-attribute-name state.
        let mut q = self.skip_space(p);
        if q == len {
            return Err(Unsupported);
        }
        if b[q] != b'=' {
            // No value: `/`, `>` and the next name are the
            // before-attribute-name state's to read.
            return Ok((attr(StrTendril::new()), q, false));
        }
        // The before-attribute-value state.
        q = self.skip_space(q + 1);
        match b.get(q) {
            None => Err(Unsupported),
            Some(&quote @ (b'"' | b'\'')) => {
                let (value, end) = self.value(q + 1, |c| c == quote)?;
                if end == len {
                    return Err(Unsupported);
                }
                // The after-attribute-value-quoted state: whatever follows
                // is read as before an attribute name.
                Ok((attr(value), end + 1, false))
            }
            Some(b'>') => Ok((attr(StrTendril::new()), q + 1, true)),
            Some(_) => {
                let (value, end) = self.value(q, |c| is_space(c) || c == b'>')?;
                match b.get(end) {
                    None => Err(Unsupported),
                    Some(b'>') => Ok((attr(value), end + 1, true)),
                    Some(_) => Ok((attr(value), end + 1, false)),
                }
            }
        }
    }

    /// An attribute value from `pos` up to the first byte `stop` accepts (or
    /// the end of the input), character references expanded.
    fn value(&self, mut pos: usize, stop: impl Fn(u8) -> bool) -> Step<(StrTendril, usize)> {
        let b = self.bytes();
        let from = pos;
        let mut out: Option<String> = None;
        let mut run = pos;
        while pos < b.len() && !stop(b[pos]) {
            if b[pos] != b'&' {
                pos += 1;
                continue;
            }
            let (expansion, next) = self.char_ref(pos, true)?;
            if let Some((chars, n)) = expansion {
                let s = out.get_or_insert_with(String::new);
                s.push_str(&self.src[run..pos]);
                s.extend(&chars[..n]);
                run = next;
            }
            pos = next;
        }
        let value = match out {
            None => self.buf.subtendril(from as u32, (pos - from) as u32),
            Some(mut s) => {
                s.push_str(&self.src[run..pos]);
                StrTendril::from_slice(&s)
            }
        };
        Ok((value, pos))
    }

    /// The character reference at `amp` (an `&`), as html5ever's
    /// `CharRefTokenizer` reads it: its expansion (`None`: the `&` is text)
    /// and where reading goes on.
    fn char_ref(&self, amp: usize, in_attribute: bool) -> Step<(CharRef, usize)> {
        let b = self.bytes();
        match b.get(amp + 1) {
            None => Err(Unsupported),
            Some(b'#') => self.numeric_ref(amp),
            Some(c) if c.is_ascii_alphanumeric() => self.named_ref(amp, in_attribute),
            Some(_) => Ok((None, amp + 1)),
        }
    }

    fn numeric_ref(&self, amp: usize) -> Step<(CharRef, usize)> {
        let b = self.bytes();
        let mut p = amp + 2;
        let base = match b.get(p) {
            None => return Err(Unsupported),
            Some(b'x' | b'X') => {
                p += 1;
                16
            }
            Some(_) => 10,
        };
        let (mut num, mut too_big, mut digits) = (0u32, false, false);
        loop {
            let Some(&c) = b.get(p) else {
                return Err(Unsupported);
            };
            let Some(d) = (c as char).to_digit(base) else {
                break;
            };
            num = num.wrapping_mul(base);
            if num > 0x10FFFF {
                too_big = true;
            }
            num = num.wrapping_add(d);
            digits = true;
            p += 1;
        }
        if !digits {
            // `&#` or `&#x` without digits: text.
            return Ok((None, amp + 1));
        }
        if b[p] == b';' {
            p += 1;
        }
        let c = match num {
            n if n > 0x10FFFF || too_big => '\u{fffd}',
            0x00 | 0xD800..=0xDFFF => '\u{fffd}',
            0x80..=0x9F => C1_REPLACEMENTS[(num - 0x80) as usize]
                .or_else(|| char::from_u32(num))
                .ok_or(Unsupported)?,
            n => char::from_u32(n).ok_or(Unsupported)?,
        };
        Ok((Some(([c, '\0'], 1)), p))
    }

    fn named_ref(&self, amp: usize, in_attribute: bool) -> Step<(CharRef, usize)> {
        let start = amp + 1;
        let mut end = start;
        // The longest name with a value so far, and its length.
        let mut matched: Option<((u32, u32), usize)> = None;
        // Names are ASCII: the first other character ends the lookup.
        loop {
            let Some(c) = self.src[end..].chars().next() else {
                return Err(Unsupported);
            };
            let candidate = &self.src[start..end + c.len_utf8()];
            match NAMED_ENTITIES.get(candidate) {
                Some(&m) => {
                    if m.0 != 0 {
                        matched = Some((m, candidate.len()));
                    }
                    end += c.len_utf8();
                }
                None => break,
            }
        }
        let Some(((c1, c2), name_len)) = matched else {
            // No reference (and a "bogus name" is read again as text).
            return Ok((None, amp + 1));
        };
        let last = self.bytes()[start + name_len - 1];
        let next = self.src[start + name_len..].chars().next();
        let text = last != b';'
            && in_attribute
            && next.is_some_and(|c| c == '=' || c.is_ascii_alphanumeric());
        if text {
            return Ok((None, amp + 1));
        }
        let first = char::from_u32(c1).ok_or(Unsupported)?;
        let (second, n) = match c2 {
            0 => ('\0', 1),
            c => (char::from_u32(c).ok_or(Unsupported)?, 2),
        };
        Ok((Some(([first, second], n)), start + name_len))
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use ego_tree::iter::Edge;
    use scraper::Node;

    use super::*;
    use crate::html::dom::parse_html5ever;
    use crate::html::pre_pass::pre_pass;

    fn opts() -> TreeBuilderOpts {
        TreeBuilderOpts {
            scripting_enabled: false,
            ..Default::default()
        }
    }

    /// Every node of a tree, in order: names with their namespace,
    /// attributes in order, texts, comments, doctypes, and the quirks mode.
    fn dump(html: &Html) -> String {
        let mut out = format!("{:?}\n", html.quirks_mode);
        for edge in html.tree.root().traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Element(e) => {
                        let attrs: Vec<_> = e
                            .attrs
                            .iter()
                            .map(|(n, v)| format!("{:?}:{}={:?}", n.ns, n.local, &**v))
                            .collect();
                        out += &format!("<{:?}:{} {attrs:?}>\n", e.name.ns, e.name.local);
                    }
                    Node::Text(t) => out += &format!("{:?}\n", &**t),
                    Node::Comment(c) => out += &format!("<!--{:?}-->\n", &**c),
                    Node::Doctype(d) => {
                        out += &format!(
                            "<!{:?} {:?} {:?}>\n",
                            d.name(),
                            d.public_id(),
                            d.system_id()
                        )
                    }
                    other => out += &format!("{other:?}\n"),
                },
                Edge::Close(node) => {
                    if node.value().is_element() {
                        out += "</>\n";
                    }
                }
            }
        }
        out
    }

    /// Whether this tokenizer read `html` (the tree then equal to the one
    /// html5ever's tokenizer gives, or the test fails).
    fn same_tree(html: &str) -> bool {
        let want = dump(&parse_html5ever(html));
        match parse(html, opts()) {
            Ok(got) => {
                let got = dump(&got);
                if got != want {
                    let (g, w): (Vec<_>, Vec<_>) = (got.lines().collect(), want.lines().collect());
                    let at = g.iter().zip(&w).take_while(|(a, b)| a == b).count();
                    let from = at.saturating_sub(3);
                    panic!(
                        "{:?}…\n--- here:\n{}\n--- html5ever:\n{}",
                        tidings_core::prefix_at_char_boundary(html, 300),
                        g[from..(at + 3).min(g.len())].join("\n"),
                        w[from..(at + 3).min(w.len())].join("\n"),
                    );
                }
                true
            }
            Err(Unsupported) => false,
        }
    }

    #[test]
    fn tags_attributes_and_text_build_html5evers_tree() {
        for html in [
            "<!DOCTYPE html><html lang=en><head><title>A &amp; B</title><meta charset=utf-8></head><body><p>x</p></body></html>",
            "<!doctype HTML ><P CLASS=Lead ID='a' data-x=\"1\" data-x=2>Up<BR/>per</P>",
            "<p>a < b and c<3 </> d </p><p>e",
            "<div a b=c d = \"e\" f='g'h i/ j=k/>x</div><img src=a.png alt=\"\"/>",
            "<p>unquoted <a href=/a?b=1&c=2>one</a> <a href=x&amp=1>two</a></p>",
            "<p>&copy; &copy2026 &notit; &notin; &amp &ampx &#39; &#x27 &#X41; &#0; &#x80; &#x81; &#1114112; &#xD800; &#; &#x; &bogus; &;</p>",
            "<a title=\"&copy=1 &copyx &copy; &copy &lt\" href='&amp;&AMP;&Amp;'>t</a>",
            "<table><tr><td>a</td>text in table<td>b</td></tr></table><table> <tr> </tr> x </table>",
            "<b><p>misnested</b> formatting</p><i>a<div>b</i>c</div>",
            "<pre>\n\nkept</pre><textarea>\nfirst &amp; <b>not a tag</b></textarea><listing>\nx</listing>",
            "<title>a </titlex> b </TITLE >c</title><style>p < q { } </style ><xmp><b>&amp;</b></xmp>",
            "<script type=\"application/ld+json\">{\"a\": \"</b>\"}</script><p>after</p>",
            "<iframe><p>raw</p></iframe><noembed><b></noembed><noframes>x</noframes><noscript><p>markup</p></noscript>",
            "<svg><path d=\"M0\"/><foreignObject><p>in</p></foreignObject></svg><math><mi>x</mi><mtext/></math>",
            "<ul><li>one<li>two</ul><dl><dt>t<dd>d</dl><select><option>a<option>b</select>",
            "<html><body><p>x</p></body></html> trailing <p>after html</p>",
            "\u{feff}<p>a\r\nb\rc</p><p title=\"x\r\ny\">z</p>",
            "<p>\u{e9}t\u{e9} <span \u{e9}=\u{e8}>\u{4e2d}\u{6587}</span></p>",
            "<head><base href=/><link rel=x></head> <frameset><frame></frameset>",
            "<p>x</p><template><td>t</td></template><form><input><form><p>y</form>",
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\"><p>x",
            "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\"><table><p>quirks</table>",
            "<!doctype svg  public '-//W3C//DTD SVG 1.1//EN'  'x.dtd' ><p>x",
            "<!DOCTYPE html SYSTEM \"about:legacy-compat\"><p>x",
            "<p>a<![endif]-->b<!x>c<![CDATA[d]]>e</p><math><mi>x</mi></math>",
            // Found in review: a byte-order mark after `</script>` or a
            // charset `<meta>` is dropped; an error token keeps the newline
            // after `<pre>`.
            "<meta charset=utf-8>\u{feff}<title>T</title><p>x",
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\u{feff}x",
            "<p>a<script>s</script>\u{feff}b</p>",
            "<pre></>\nx</pre><listing></>\nx</listing>",
            "<pre>&#10x</pre><pre>&#xA y</pre><pre>&#00010x</pre><pre>&#10;x</pre>",
            "<textarea>&#x0a\n</textarea>",
        ] {
            assert!(same_tree(html), "left to html5ever: {html:?}");
        }
    }

    #[test]
    fn what_it_does_not_read_is_left_to_html5ever() {
        for html in [
            "<p>a\0b</p>",
            "<p>a<!-- c -->b</p>",
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"x\" junk><p>x</p>",
            "<!DOCTYPE html PUBLIC \"a>b\"><p>x</p>",
            "<p>x</p></ y>",
            "<svg><![CDATA[x]]></svg>",
            "<p>never ends <?xml",
            "<script><!-- x --></script>",
            "<plaintext><p>x",
            "<p>cut in a tag <a href=\"x",
            "<p>cut in a reference &am",
            "<title>never closed </ti",
        ] {
            assert!(!same_tree(html), "read here: {html:?}");
        }
    }

    /// The pages of a boilerplate set, as text.
    fn pages(dir: &str) -> Vec<String> {
        let Some(dir) = tidings_testdata::data(dir) else {
            return Vec::new();
        };
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        files.sort();
        files
            .iter()
            .map(|f| {
                let bytes = std::fs::read(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
                let bytes = if f.extension().is_some_and(|e| e == "gz") {
                    let mut out = Vec::new();
                    flate2::read::GzDecoder::new(&bytes[..])
                        .read_to_end(&mut out)
                        .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
                    out
                } else {
                    bytes
                };
                String::from_utf8_lossy(&bytes).into_owned()
            })
            .collect()
    }

    /// On every page of WCXB-dev and AEB, as `clean` parses them (after the
    /// pre-pass) and as they are: where this tokenizer reads a page, the tree
    /// is html5ever's; and it reads nearly every pre-passed page.
    #[test]
    fn the_boilerplate_sets_parse_to_html5evers_trees() {
        for set in ["boilerplate/wcxb-dev/html", "boilerplate/aeb/html"] {
            let pages = pages(set);
            let (mut read, mut read_raw) = (0, 0);
            for page in &pages {
                let prepared = pre_pass(page, 1024);
                read += usize::from(same_tree(&prepared.html));
                read_raw += usize::from(same_tree(page));
            }
            eprintln!(
                "{set}: {read} of {} pre-passed pages read here, {read_raw} as they are",
                pages.len()
            );
            assert!(
                read * 100 >= pages.len() * 95,
                "{set}: {read} of {}",
                pages.len()
            );
        }
    }
}
