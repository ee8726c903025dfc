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
pub(crate) fn parse(html: &str) -> Html {
    use html5ever::driver::{self, ParseOpts};
    use html5ever::tendril::TendrilSink;
    use html5ever::tree_builder::TreeBuilderOpts;
    let opts = ParseOpts {
        tree_builder: TreeBuilderOpts {
            scripting_enabled: false,
            ..Default::default()
        },
        ..Default::default()
    };
    driver::parse_document(scraper::HtmlTreeSink::new(Html::new_document()), opts).one(html)
}

/// Appends `text` to `buf` with whitespace collapsed; `last_space` tracks
/// whether `buf` ends in a space (or is empty). Returns the characters added.
fn push_collapsed(buf: &mut String, text: &str, last_space: &mut bool) -> u32 {
    let mut added = 0;
    for c in text.chars() {
        if c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}' {
            if !*last_space {
                buf.push(' ');
                *last_space = true;
                added += 1;
            }
        } else {
            buf.push(c);
            *last_space = false;
            added += 1;
        }
    }
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

impl Page {
    /// Flattens a parsed document.
    // The last `flush!` resets buffers that are not read again.
    #[allow(unused_assignments)]
    pub(crate) fn build(html: &Html) -> Page {
        let mut page = Page::default();
        let mut stack: Vec<Open> = Vec::new();
        // Current block buffer.
        let mut buf = String::new();
        let mut buf_chars = 0u32;
        let mut buf_links = 0u32;
        let mut last_space = true;
        let mut invisible_depth = 0usize;
        let mut hidden_depth = 0usize;
        let mut anchor_depth = 0usize;
        let mut in_title = false;
        let mut in_ld_json = false;
        let mut title_buf = String::new();
        // Nearest block owner and hinted ancestor for each open element.
        let mut owners: Vec<u32> = Vec::new();
        let mut hinted: Vec<u32> = Vec::new();
        let mut headings: Vec<u8> = Vec::new();

        macro_rules! flush {
            () => {
                let text = buf.trim();
                if !text.is_empty() {
                    let owner = owners.last().copied().unwrap_or(NONE);
                    let (tag, heading) = if owner == NONE {
                        ("", 0)
                    } else {
                        (
                            page.elems[owner as usize].tag,
                            headings.last().copied().unwrap_or(0),
                        )
                    };
                    let chars = buf_chars.min(text.chars().count() as u32);
                    page.blocks.push(Block {
                        owner,
                        text: text.to_owned(),
                        chars,
                        link_chars: buf_links.min(chars),
                        heading,
                        tag,
                        hinted: hinted.last().copied().unwrap_or(NONE),
                        hidden: hidden_depth > 0,
                    });
                }
                buf.clear();
                buf_chars = 0;
                buf_links = 0;
                last_space = true;
            };
        }

        for edge in html.tree.root().traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Element(el) => {
                        let name = el.name();
                        let (kind, tag, heading) = classify_tag(name);
                        if name == "title"
                            && stack
                                .iter()
                                .all(|o| page.elems[o.elem as usize].tag != "svg")
                        {
                            in_title = true;
                        }
                        if name == "meta" {
                            if let (Some(p), Some(c)) = (
                                el.attr("property").or_else(|| el.attr("name")),
                                el.attr("content"),
                            ) {
                                if (p == "og:title" || p == "twitter:title")
                                    && page.meta_title.is_none()
                                {
                                    let t = c.split_whitespace().collect::<Vec<_>>().join(" ");
                                    if !t.is_empty() {
                                        page.meta_title = Some(t);
                                    }
                                }
                            }
                        }
                        if name == "meta" && page.og_type.is_none() {
                            if let (Some("og:type"), Some(c)) =
                                (el.attr("property"), el.attr("content"))
                            {
                                page.og_type = Some(c.trim().to_ascii_lowercase());
                            }
                        }
                        if name == "script"
                            && el.attr("type").is_some_and(|t| t.contains("ld+json"))
                        {
                            in_ld_json = true;
                        }
                        if name == "html" && page.lang_attr.is_none() {
                            page.lang_attr = el.attr("lang").map(str::to_owned);
                        }
                        let attrs = patterns::Attrs::of(el);
                        let hint = patterns::hint_for(&attrs, tag);
                        if hint.hidden {
                            // Flush before entering, so no block mixes hidden
                            // and shown text.
                            if invisible_depth == 0 {
                                flush!();
                            }
                            hidden_depth += 1;
                        }
                        let parent = stack.last().map(|o| o.elem).unwrap_or(NONE);
                        let idx = page.elems.len() as u32;
                        page.elems.push(Elem {
                            parent,
                            tag,
                            hint,
                            sig: patterns::signature(name, &attrs),
                            keywords: patterns::keyword_mask(&attrs),
                        });
                        let invisible = kind == Kind::Invisible;
                        if invisible {
                            invisible_depth += 1;
                        }
                        match kind {
                            Kind::Block => {
                                if invisible_depth == 0 {
                                    flush!();
                                }
                                owners.push(idx);
                                headings.push(if heading > 0 {
                                    heading
                                } else {
                                    headings.last().copied().unwrap_or(0)
                                });
                            }
                            Kind::Break if invisible_depth == 0 => {
                                flush!();
                            }
                            Kind::Anchor => anchor_depth += 1,
                            _ => {}
                        }
                        let h = if hint.reason.is_some() {
                            idx
                        } else {
                            hinted.last().copied().unwrap_or(NONE)
                        };
                        hinted.push(h);
                        stack.push(Open {
                            elem: idx,
                            kind,
                            invisible,
                            hidden: hint.hidden,
                        });
                    }
                    Node::Text(t) => {
                        if in_ld_json {
                            if t.len() < 1 << 20 {
                                page.ld_types |= LdTypes::scan(t);
                            }
                        } else if in_title {
                            title_buf.push_str(t);
                        } else if invisible_depth == 0 {
                            let added = push_collapsed(&mut buf, t, &mut last_space);
                            buf_chars += added;
                            if anchor_depth > 0 {
                                buf_links += added;
                            }
                        }
                    }
                    _ => {}
                },
                Edge::Close(node) => {
                    if let Node::Element(el) = node.value() {
                        if el.name() == "script" {
                            in_ld_json = false;
                        }
                        if el.name() == "title" && in_title {
                            in_title = false;
                            if page.title_tag.is_none() {
                                let t = title_buf.split_whitespace().collect::<Vec<_>>().join(" ");
                                if !t.is_empty() {
                                    page.title_tag = Some(t);
                                }
                            }
                            title_buf.clear();
                        }
                        if let Some(open) = stack.pop() {
                            match open.kind {
                                Kind::Block => {
                                    if invisible_depth == 0 {
                                        flush!();
                                    }
                                    owners.pop();
                                    headings.pop();
                                }
                                Kind::Anchor => anchor_depth = anchor_depth.saturating_sub(1),
                                Kind::Invisible if !open.invisible => {}
                                _ => {}
                            }
                            hinted.pop();
                            if open.invisible {
                                invisible_depth = invisible_depth.saturating_sub(1);
                            }
                            if open.hidden {
                                if invisible_depth == 0 {
                                    flush!();
                                }
                                hidden_depth = hidden_depth.saturating_sub(1);
                            }
                        }
                    }
                }
            }
        }
        flush!();
        page
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
