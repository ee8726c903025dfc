//! A flat view of a parsed page: every element once, in document order, with
//! its parent, what its tag and attributes say about it, and the text blocks
//! (runs of inline text between block boundaries) it owns.
//!
//! Everything here is iterative: html5ever's tree is walked with ego-tree's
//! `traverse` (an explicit edge iterator, no recursion) and the aggregates are
//! computed by one reverse sweep over the pre-order arena, so a 100 000-level
//! deep page costs memory proportional to its size and no stack.

use ego_tree::iter::Edge;
use scraper::{Html, Node};
use tidings_core::BoilerplateReason;

use crate::html::patterns::{self, AttrHint};

/// What kind of element a tag is, for text layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Never rendered (script, style, head, template…): its text is skipped.
    Invisible,
    /// Starts a new block (p, div, li, td, h1…).
    Block,
    /// Inline element (span, b, em…).
    Inline,
    /// A link: its text counts as link text.
    Anchor,
    /// A line break inside a block.
    Break,
}

/// One element of the page.
#[derive(Debug, Clone)]
pub(crate) struct Elem {
    /// Index of the parent element (`u32::MAX` for the root).
    pub parent: u32,
    /// Lower-case tag name for the tags we care about, else `""`.
    pub tag: &'static str,
    /// Why this element is boilerplate according to its tag or attributes.
    pub hint: AttrHint,
    /// Hash of the tag and `class` (siblings built from one template share it).
    pub sig: u32,
    /// [`patterns::KEYWORDS`] bits of the `id` and `class`.
    pub keywords: u32,
}

/// One run of inline text.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    /// The element that owns this block (its nearest block-level ancestor).
    pub owner: u32,
    /// Whitespace-collapsed text.
    pub text: String,
    /// Characters (not bytes) of `text`.
    pub chars: u32,
    /// Characters of `text` inside links.
    pub link_chars: u32,
    /// Heading level of the owner or an ancestor within the block, 0 if none.
    pub heading: u8,
    /// Owner tag (p, li, td, pre, div, …).
    pub tag: &'static str,
    /// The nearest ancestor-or-self element that carries a boilerplate hint, if any.
    pub hinted: u32,
    /// Inside an element hidden by `hidden` or an inline `display:none` /
    /// `visibility:hidden` (often shown by script: tabs, lazy blocks, menus).
    pub hidden: bool,
}

/// The flattened page.
#[derive(Debug, Default)]
pub(crate) struct Page {
    pub elems: Vec<Elem>,
    pub blocks: Vec<Block>,
    /// `<title>` text.
    pub title_tag: Option<String>,
    /// `og:title` / `twitter:title` meta.
    pub meta_title: Option<String>,
    /// `<html lang>`.
    pub lang_attr: Option<String>,
    /// `og:type` meta, lower-cased.
    pub og_type: Option<String>,
    /// schema.org types named in JSON-LD scripts ([`LdTypes`] bits).
    pub ld_types: u8,
}

/// schema.org types found in JSON-LD, as bits of [`Page::ld_types`].
pub(crate) struct LdTypes;

impl LdTypes {
    pub const ARTICLE: u8 = 1;
    pub const PRODUCT: u8 = 2;
    pub const FORUM: u8 = 4;
    pub const LIST: u8 = 8;
    pub const FAQ: u8 = 16;

    fn scan(json: &str) -> u8 {
        const TYPES: &[(&str, u8)] = &[
            ("\"Article\"", LdTypes::ARTICLE),
            ("NewsArticle", LdTypes::ARTICLE),
            ("BlogPosting", LdTypes::ARTICLE),
            ("\"Product\"", LdTypes::PRODUCT),
            ("ProductGroup", LdTypes::PRODUCT),
            ("DiscussionForumPosting", LdTypes::FORUM),
            ("QAPage", LdTypes::FORUM),
            ("\"Question\"", LdTypes::FORUM),
            ("ItemList", LdTypes::LIST),
            ("CollectionPage", LdTypes::LIST),
            ("SearchResultsPage", LdTypes::LIST),
            ("FAQPage", LdTypes::FAQ),
        ];
        TYPES
            .iter()
            .filter(|(t, _)| json.contains(t))
            .fold(0, |m, (_, b)| m | b)
    }
}

pub(crate) const NONE: u32 = u32::MAX;

fn classify_tag(name: &str) -> (Kind, &'static str, u8) {
    match name {
        "script" | "style" | "template" | "svg" | "math" | "iframe" | "object" | "embed"
        | "canvas" | "select" | "option" | "button" | "input" | "textarea" | "head" | "video"
        | "audio" | "picture" | "source" | "map" | "dialog" => (Kind::Invisible, intern(name), 0),
        "a" => (Kind::Anchor, "a", 0),
        "br" => (Kind::Break, "br", 0),
        "h1" => (Kind::Block, "h1", 1),
        "h2" => (Kind::Block, "h2", 2),
        "h3" => (Kind::Block, "h3", 3),
        "h4" => (Kind::Block, "h4", 4),
        "h5" => (Kind::Block, "h5", 5),
        "h6" => (Kind::Block, "h6", 6),
        "address" | "article" | "aside" | "blockquote" | "body" | "dd" | "details" | "div"
        | "dl" | "dt" | "fieldset" | "figcaption" | "figure" | "footer" | "form" | "header"
        | "hgroup" | "hr" | "li" | "main" | "nav" | "ol" | "p" | "pre" | "section" | "table"
        | "tbody" | "thead" | "tfoot" | "tr" | "td" | "th" | "ul" | "summary" | "caption"
        | "center" | "html" | "legend" | "menu" | "title" | "img" | "noscript" => {
            (Kind::Block, intern(name), 0)
        }
        _ => (Kind::Inline, "", 0),
    }
}

fn intern(name: &str) -> &'static str {
    const NAMES: &[&str] = &[
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "canvas",
        "select",
        "option",
        "button",
        "input",
        "textarea",
        "head",
        "video",
        "audio",
        "picture",
        "source",
        "map",
        "dialog",
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "header",
        "hgroup",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "td",
        "th",
        "ul",
        "summary",
        "caption",
        "center",
        "html",
        "legend",
        "menu",
        "title",
        "img",
    ];
    NAMES.iter().find(|n| **n == name).copied().unwrap_or("")
}

/// Parses a page with html5ever, scripting disabled: `<noscript>` content is
/// parsed as markup (it is what crawlers and scrapers see; forum engines such
/// as Discourse put the whole server-rendered thread there).
///
/// The tokens come from [`tokenizer`](super::tokenizer) where it reads the
/// page, else from html5ever's own tokenizer; the tree is the same.
pub(crate) fn parse(html: &str) -> Html {
    super::tokenizer::parse(html, tree_builder_opts()).unwrap_or_else(|_| parse_html5ever(html))
}

fn tree_builder_opts() -> html5ever::tree_builder::TreeBuilderOpts {
    html5ever::tree_builder::TreeBuilderOpts {
        scripting_enabled: false,
        ..Default::default()
    }
}

/// [`parse`] with html5ever's tokenizer alone.
pub(crate) fn parse_html5ever(html: &str) -> Html {
    use html5ever::driver::{self, ParseOpts};
    use html5ever::tendril::TendrilSink;
    let opts = ParseOpts {
        tree_builder: tree_builder_opts(),
        ..Default::default()
    };
    driver::parse_document(scraper::HtmlTreeSink::new(Html::new_document()), opts).one(html)
}

/// Whether `c` is whitespace that block text collapses to one space (the
/// no-break and zero-width spaces included).
pub(crate) fn collapses(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}'
}

/// Appends `text` to `buf` with whitespace collapsed; `last_space` tracks
/// whether `buf` ends in a space (or is empty). Returns the characters added.
fn push_collapsed(buf: &mut String, text: &str, last_space: &mut bool) -> u32 {
    let mut added = 0;
    // Characters that stay are copied a run at a time, not one by one.
    let mut run = 0;
    for (i, c) in text.char_indices() {
        if collapses(c) {
            buf.push_str(&text[run..i]);
            run = i + c.len_utf8();
            if !*last_space {
                buf.push(' ');
                *last_space = true;
                added += 1;
            }
        } else {
            *last_space = false;
            added += 1;
        }
    }
    buf.push_str(&text[run..]);
    added
}

struct Open {
    elem: u32,
    kind: Kind,
    /// Whether this element started an invisible region.
    invisible: bool,
    /// Whether this element started a hidden region.
    hidden: bool,
}

/// The state of one walk: the page so far, the open elements, and the
/// text block being collected.
#[derive(Default)]
struct Builder<'a> {
    page: Page,
    /// The `class` values the pre-pass swapped out.
    classes: &'a [&'a str],
    /// What each `id` and `class` value says, read once per page.
    values: patterns::ValueCache<'a>,
    stack: Vec<Open>,
    /// Current block buffer, its visible and link characters.
    buf: String,
    buf_chars: u32,
    buf_links: u32,
    last_space: bool,
    invisible_depth: usize,
    hidden_depth: usize,
    anchor_depth: usize,
    in_title: bool,
    in_ld_json: bool,
    title_buf: String,
    /// Nearest block owner, hinted ancestor and heading level for each open element.
    owners: Vec<u32>,
    hinted: Vec<u32>,
    headings: Vec<u8>,
}

impl<'a> Builder<'a> {
    /// Ends the current block (if it has text) and starts an empty one.
    fn flush(&mut self) {
        let text = self.buf.trim();
        if !text.is_empty() {
            let owner = self.owners.last().copied().unwrap_or(NONE);
            let (tag, heading) = if owner == NONE {
                ("", 0)
            } else {
                (
                    self.page.elems[owner as usize].tag,
                    self.headings.last().copied().unwrap_or(0),
                )
            };
            let chars = self.buf_chars.min(text.chars().count() as u32);
            self.page.blocks.push(Block {
                owner,
                text: text.to_owned(),
                chars,
                link_chars: self.buf_links.min(chars),
                heading,
                tag,
                hinted: self.hinted.last().copied().unwrap_or(NONE),
                hidden: self.hidden_depth > 0,
            });
        }
        self.buf.clear();
        self.buf_chars = 0;
        self.buf_links = 0;
        self.last_space = true;
    }

    /// Flushes unless inside an invisible element.
    fn flush_visible(&mut self) {
        if self.invisible_depth == 0 {
            self.flush();
        }
    }

    /// What `<head>`-like elements say about the page: titles from `og:` and
    /// `twitter:` meta tags, `og:type`, JSON-LD, the `lang` attribute.
    fn read_page_facts(&mut self, name: &str, el: &scraper::node::Element) {
        let page = &mut self.page;
        if name == "title"
            && self
                .stack
                .iter()
                .all(|o| page.elems[o.elem as usize].tag != "svg")
        {
            self.in_title = true;
        }
        if name == "meta" {
            if let (Some(p), Some(c)) = (
                el.attr("property").or_else(|| el.attr("name")),
                el.attr("content"),
            ) {
                if (p == "og:title" || p == "twitter:title") && page.meta_title.is_none() {
                    let t = c.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !t.is_empty() {
                        page.meta_title = Some(t);
                    }
                }
            }
        }
        if name == "meta" && page.og_type.is_none() {
            if let (Some("og:type"), Some(c)) = (el.attr("property"), el.attr("content")) {
                page.og_type = Some(c.trim().to_ascii_lowercase());
            }
        }
        if name == "script" && el.attr("type").is_some_and(|t| t.contains("ld+json")) {
            self.in_ld_json = true;
        }
        if name == "html" && page.lang_attr.is_none() {
            page.lang_attr = el.attr("lang").map(str::to_owned);
        }
    }

    fn open(&mut self, el: &'a scraper::node::Element) {
        let name = el.name();
        let (kind, tag, heading) = classify_tag(name);
        self.read_page_facts(name, el);
        let attrs = patterns::Attrs::of(el, self.classes);
        let facts = self.values.facts(&attrs);
        let hint = patterns::hint_for(&attrs, tag, &facts);
        if hint.hidden {
            // Flush before entering, so no block mixes hidden and shown text.
            self.flush_visible();
            self.hidden_depth += 1;
        }
        let parent = self.stack.last().map(|o| o.elem).unwrap_or(NONE);
        let idx = self.page.elems.len() as u32;
        self.page.elems.push(Elem {
            parent,
            tag,
            hint,
            sig: patterns::signature(name, &attrs),
            keywords: patterns::keyword_mask(&facts),
        });
        let invisible = kind == Kind::Invisible;
        if invisible {
            self.invisible_depth += 1;
        }
        match kind {
            Kind::Block => {
                self.flush_visible();
                self.owners.push(idx);
                let inherited = self.headings.last().copied().unwrap_or(0);
                self.headings
                    .push(if heading > 0 { heading } else { inherited });
            }
            Kind::Break if self.invisible_depth == 0 => self.flush(),
            Kind::Anchor => self.anchor_depth += 1,
            _ => {}
        }
        let h = if hint.reason.is_some() {
            idx
        } else {
            self.hinted.last().copied().unwrap_or(NONE)
        };
        self.hinted.push(h);
        self.stack.push(Open {
            elem: idx,
            kind,
            invisible,
            hidden: hint.hidden,
        });
    }

    fn text(&mut self, t: &str) {
        if self.in_ld_json {
            if t.len() < 1 << 20 {
                self.page.ld_types |= LdTypes::scan(t);
            }
        } else if self.in_title {
            self.title_buf.push_str(t);
        } else if self.invisible_depth == 0 {
            let added = push_collapsed(&mut self.buf, t, &mut self.last_space);
            self.buf_chars += added;
            if self.anchor_depth > 0 {
                self.buf_links += added;
            }
        }
    }

    fn close(&mut self, el: &scraper::node::Element) {
        if el.name() == "script" {
            self.in_ld_json = false;
        }
        if el.name() == "title" && self.in_title {
            self.in_title = false;
            if self.page.title_tag.is_none() {
                let t = self
                    .title_buf
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                if !t.is_empty() {
                    self.page.title_tag = Some(t);
                }
            }
            self.title_buf.clear();
        }
        let Some(open) = self.stack.pop() else {
            return;
        };
        match open.kind {
            Kind::Block => {
                self.flush_visible();
                self.owners.pop();
                self.headings.pop();
            }
            Kind::Anchor => self.anchor_depth = self.anchor_depth.saturating_sub(1),
            _ => {}
        }
        self.hinted.pop();
        if open.invisible {
            self.invisible_depth = self.invisible_depth.saturating_sub(1);
        }
        if open.hidden {
            self.flush_visible();
            self.hidden_depth = self.hidden_depth.saturating_sub(1);
        }
    }
}

impl Page {
    /// Flattens a parsed document: one walk over html5ever's tree, element
    /// opens, texts and closes handed to a [`Builder`].
    ///
    /// `classes` are the `class` values the pre-pass swapped for numbers
    /// ([`crate::html::pre_pass::Prepared`]).
    pub(crate) fn build<'a>(html: &'a Html, classes: &'a [&'a str]) -> Page {
        let mut b = Builder {
            last_space: true,
            classes,
            ..Builder::default()
        };
        for edge in html.tree.root().traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Element(el) => b.open(el),
                    Node::Text(t) => b.text(t),
                    _ => {}
                },
                Edge::Close(node) => {
                    if let Node::Element(el) = node.value() {
                        b.close(el);
                    }
                }
            }
        }
        b.flush();
        b.page
    }

    /// Marks, for every element, whether it lies inside the subtree of `root`
    /// (one forward sweep: parents come before children in pre-order).
    pub(crate) fn inside_mask(&self, root: u32) -> Vec<bool> {
        let mut mask = vec![false; self.elems.len()];
        for (i, e) in self.elems.iter().enumerate() {
            mask[i] = i as u32 == root || (e.parent != NONE && mask[e.parent as usize]);
        }
        mask
    }

    /// The boilerplate reason in force for every element: its own hint, or the
    /// nearest ancestor's, where `keep(i)` says whether a weak hint applies.
    pub(crate) fn effective_reasons(
        &self,
        applies: impl Fn(usize, &Elem) -> bool,
    ) -> Vec<Option<BoilerplateReason>> {
        let mut out: Vec<Option<BoilerplateReason>> = vec![None; self.elems.len()];
        for (i, e) in self.elems.iter().enumerate() {
            let inherited = if e.parent == NONE {
                None
            } else {
                out[e.parent as usize]
            };
            out[i] = inherited.or_else(|| e.hint.reason.filter(|_| applies(i, e)));
        }
        out
    }
}
