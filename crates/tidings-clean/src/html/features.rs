//! Feature rows for the learned block scorer: one dense `f32` row per text
//! block of a page ([`html_rows`]). The column names in [`HTML_FEATURES`] are
//! the model's schema: a model trained on another list is refused on load.
//!
//! The rows combine what the block says (length, stopword and link density,
//! punctuation, cue phrases), where it sits (ancestor tags and class/id
//! keywords, depth, container sizes, repeated sibling templates — the shape of
//! listings, product grids and forum threads), what the heuristic extractor
//! thought of it (chrome hint, inside the best-scoring element) and what kind
//! of page it is on (JSON-LD types, `og:type`, link density).

use tidings_core::stopwords::FastMap;

use tidings_core::BoilerplateReason as R;

use crate::classify::{Class, Features};
use crate::html::dom::{Block, LdTypes, Page, NONE};
use crate::html::patterns::KEYWORD_BITS;

/// Column names of an HTML block row, in order.
pub(crate) const HTML_FEATURES: &[&str] = &[
    "ln_chars",
    "ln_words",
    "link_density",
    "stop_density",
    "spaced",
    "class",
    "cue",
    "punct_per_word",
    "digit_ratio",
    "cap_ratio",
    "ends_sentence",
    "heading",
    "tag",
    "rel_pos",
    "rel_char_pos",
    "hint_reason",
    "hint_strong",
    "chrome",
    "inside_main",
    "main_depth",
    "in_article",
    "in_main",
    "in_nav",
    "in_header",
    "in_footer",
    "in_aside",
    "in_form",
    "in_li",
    "in_table",
    "in_figure",
    "in_blockquote",
    "in_noscript",
    "hidden",
    "in_positive",
    "depth",
    "parent_ln_chars",
    "parent_link_density",
    "parent_ln_blocks",
    "parent_good_share",
    "grand_ln_chars",
    "grand_link_density",
    "same_tag_sibs",
    "rep_sibs",
    "rep_level",
    "rep_ln_chars",
    "owner_score",
    "parent_score",
    "prev_class",
    "next_class",
    "prev_ln_chars",
    "next_ln_chars",
    "prev_link_density",
    "next_link_density",
    "page_ln_blocks",
    "page_link_density",
    "page_ln_chars",
    "main_share",
    "good_share",
    "ld_article",
    "ld_product",
    "ld_forum",
    "ld_list",
    "ld_faq",
    "og_type",
    "before_h1",
    "is_title",
    "owner_ln_blocks",
    "dup_count",
];

/// Number of columns: the named ones, then the keyword bits of the owner and
/// its parent, then those of any ancestor.
pub(crate) const HTML_N: usize = HTML_FEATURES.len() + 2 * KEYWORD_BITS;

/// The schema string stored in HTML models.
pub(crate) fn html_schema() -> String {
    let mut s = format!("html1:{}", HTML_FEATURES.join(","));
    s.push_str(&format!(",near_kw*{KEYWORD_BITS},any_kw*{KEYWORD_BITS}"));
    s
}

/// What the heuristic pass computed, read by the features.
pub(crate) struct Heuristics<'a> {
    pub feats: &'a [Features],
    pub classes: &'a [Class],
    /// Chrome reason in force per element.
    pub reasons: &'a [Option<R>],
    /// Prose characters per element subtree.
    pub good: &'a [u32],
    /// Content score per element subtree.
    pub score: &'a [f32],
    pub best: u32,
    pub best_score: f32,
    pub inside: &'a [bool],
    pub title: Option<&'a str>,
}

pub(crate) fn ln(x: f32) -> f32 {
    (1.0 + x.max(0.0)).ln()
}

pub(crate) fn class_code(c: Class) -> f32 {
    match c {
        Class::Good => 3.0,
        Class::NearGood => 2.0,
        Class::Short => 1.0,
        Class::Bad(_) => 0.0,
        Class::Fixed(_) => -1.0,
    }
}

pub(crate) fn reason_code(r: Option<R>) -> f32 {
    match r {
        None => 0.0,
        Some(r) => 1.0 + r as u8 as f32,
    }
}

fn tag_code(tag: &str) -> f32 {
    match tag {
        "p" => 1.0,
        "li" => 2.0,
        "td" | "th" => 3.0,
        "div" => 4.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => 5.0,
        "pre" => 6.0,
        "dd" | "dt" | "dl" => 7.0,
        "figcaption" | "caption" => 8.0,
        "blockquote" => 9.0,
        "section" | "article" | "main" => 10.0,
        "span" | "" => 11.0,
        "a" => 12.0,
        "summary" | "details" => 13.0,
        "header" | "footer" | "nav" | "aside" => 14.0,
        _ => 15.0,
    }
}

/// Ancestor tag bits, in the order of the `in_*` columns.
fn tag_bit(tag: &str) -> u32 {
    match tag {
        "article" => 1,
        "main" => 1 << 1,
        "nav" => 1 << 2,
        "header" => 1 << 3,
        "footer" => 1 << 4,
        "aside" => 1 << 5,
        "form" => 1 << 6,
        "li" => 1 << 7,
        "table" => 1 << 8,
        "figure" => 1 << 9,
        "blockquote" => 1 << 10,
        "noscript" => 1 << 11,
        _ => 0,
    }
}

/// Text statistics the jusText features lack.
pub(crate) fn text_stats(text: &str, words: u32) -> (f32, f32, f32, f32) {
    let mut punct = 0u32;
    let mut digits = 0u32;
    let mut chars = 0u32;
    let mut caps = 0u32;
    let mut at_word_start = true;
    for c in text.chars() {
        chars += 1;
        if matches!(
            c,
            '.' | '!' | '?' | ',' | ';' | ':' | '。' | '，' | '、' | '！' | '？'
        ) {
            punct += 1;
        }
        if c.is_ascii_digit() {
            digits += 1;
        }
        if c.is_alphabetic() {
            if at_word_start && c.is_uppercase() {
                caps += 1;
            }
            at_word_start = false;
        } else if c.is_whitespace() {
            at_word_start = true;
        }
    }
    let w = words.max(1) as f32;
    let ends = text
        .trim_end()
        .ends_with(['.', '!', '?', '。', '！', '？', '"', '”', ':']);
    (
        punct as f32 / w,
        digits as f32 / chars.max(1) as f32,
        caps as f32 / w,
        f32::from(u8::from(ends)),
    )
}

/// One row of [`HTML_N`] columns per block of `page`, flattened.
pub(crate) fn html_rows(page: &Page, h: &Heuristics<'_>) -> Vec<f32> {
    let elems = ElemStats::new(page);
    let stats = PageStats::new(page, h, &elems);
    let mut rows = Vec::with_capacity(page.blocks.len() * HTML_N);
    let mut char_pos = 0f32;
    for (i, b) in page.blocks.iter().enumerate() {
        let start = rows.len();
        block_row(page, h, &elems, &stats, i, char_pos, &mut rows);
        debug_assert_eq!(rows.len() - start, HTML_N);
        char_pos += b.chars as f32;
    }
    rows
}

/// Per-element aggregates: subtree chars, link chars and blocks, own blocks;
/// depth; ancestor tag bits and keyword bits; a positive hint on the path.
struct ElemStats {
    chars: Vec<f32>,
    links: Vec<f32>,
    blocks: Vec<f32>,
    own_blocks: Vec<f32>,
    depth: Vec<u32>,
    tags: Vec<u32>,
    any_kw: Vec<u32>,
    positive: Vec<bool>,
}

impl ElemStats {
    fn new(page: &Page) -> ElemStats {
        let ne = page.elems.len();
        let mut chars = vec![0f32; ne];
        let mut links = vec![0f32; ne];
        let mut blocks = vec![0f32; ne];
        let mut own_blocks = vec![0f32; ne];
        for b in &page.blocks {
            if b.owner != NONE {
                chars[b.owner as usize] += b.chars as f32;
                links[b.owner as usize] += b.link_chars as f32;
                blocks[b.owner as usize] += 1.0;
                own_blocks[b.owner as usize] += 1.0;
            }
        }
        for i in (0..ne).rev() {
            let p = page.elems[i].parent;
            if p != NONE {
                chars[p as usize] += chars[i];
                links[p as usize] += links[i];
                blocks[p as usize] += blocks[i];
            }
        }
        let mut depth = vec![0u32; ne];
        let mut tags = vec![0u32; ne];
        let mut any_kw = vec![0u32; ne];
        let mut positive = vec![false; ne];
        for (i, e) in page.elems.iter().enumerate() {
            let (d, t, k, p) = if e.parent == NONE {
                (0, 0, 0, false)
            } else {
                let p = e.parent as usize;
                (depth[p] + 1, tags[p], any_kw[p], positive[p])
            };
            depth[i] = d;
            tags[i] = t | tag_bit(e.tag);
            any_kw[i] = k | e.keywords;
            positive[i] = p || e.hint.positive;
        }
        ElemStats {
            chars,
            links,
            blocks,
            own_blocks,
            depth,
            tags,
            any_kw,
            positive,
        }
    }

    /// (ln chars, link density, ln blocks, good-char share) of element `e`.
    fn stat(&self, h: &Heuristics<'_>, e: u32) -> (f32, f32, f32, f32) {
        if e == NONE {
            (0.0, 0.0, 0.0, 0.0)
        } else {
            let e = e as usize;
            (
                ln(self.chars[e]),
                self.links[e] / self.chars[e].max(1.0),
                ln(self.blocks[e]),
                h.good[e] as f32 / self.chars[e].max(1.0),
            )
        }
    }
}

/// Page-level figures every block's row repeats, and the sibling counts.
struct PageStats<'p> {
    /// Siblings sharing a tag.
    by_tag: FastMap<(u32, &'p str), u32>,
    /// Siblings sharing a template (tag + class).
    by_sig: FastMap<(u32, u32), u32>,
    /// Blocks with the same text (foldhash, randomly seeded: the page
    /// chooses the keys, and SipHash over every block's text showed).
    dups: foldhash::HashMap<&'p str, u32>,
    total_chars: f32,
    total_links: f32,
    total_good: f32,
    best_score: f32,
    main_share: f32,
    best_depth: f32,
    first_h1: Option<usize>,
    og: f32,
}

impl<'p> PageStats<'p> {
    fn new(page: &'p Page, h: &Heuristics<'_>, elems: &ElemStats) -> PageStats<'p> {
        let mut by_tag: FastMap<(u32, &str), u32> = FastMap::default();
        let mut by_sig: FastMap<(u32, u32), u32> = FastMap::default();
        for e in &page.elems {
            *by_tag.entry((e.parent, e.tag)).or_insert(0) += 1;
            *by_sig.entry((e.parent, e.sig)).or_insert(0) += 1;
        }
        let mut dups: foldhash::HashMap<&str, u32> = foldhash::HashMap::default();
        for b in &page.blocks {
            *dups.entry(b.text.as_str()).or_insert(0) += 1;
        }
        let total_chars: f32 = page.blocks.iter().map(|b| b.chars as f32).sum();
        let total_links: f32 = page.blocks.iter().map(|b| b.link_chars as f32).sum();
        let total_good: f32 = page
            .elems
            .iter()
            .enumerate()
            .filter(|(_, e)| e.parent == NONE)
            .map(|(i, _)| h.good[i] as f32)
            .sum();
        let main_share = if h.best == NONE {
            0.0
        } else {
            elems.chars[h.best as usize] / total_chars.max(1.0)
        };
        let best_depth = if h.best == NONE {
            0.0
        } else {
            elems.depth[h.best as usize] as f32
        };
        let first_h1 = page
            .blocks
            .iter()
            .position(|b| b.heading == 1 && b.tag != "title");
        let og = match page.og_type.as_deref() {
            None => 0.0,
            Some("article") | Some("blog") | Some("news") => 1.0,
            Some(t) if t.contains("product") => 2.0,
            Some("website") => 3.0,
            Some(_) => 4.0,
        };
        PageStats {
            by_tag,
            by_sig,
            dups,
            total_chars,
            total_links,
            total_good,
            best_score: h.best_score.max(1.0),
            main_share,
            best_depth,
            first_h1,
            og,
        }
    }

    /// The most repeated template within four levels above `owner`: (count,
    /// level, that element's chars).
    fn repeated_template(&self, page: &Page, elems: &ElemStats, owner: u32) -> (u32, u32, f32) {
        let (mut rep, mut rep_level, mut rep_chars) = (1u32, 0u32, 0f32);
        let mut cur = owner;
        for level in 1..=4u32 {
            if cur == NONE {
                break;
            }
            let e = &page.elems[cur as usize];
            let n = self.by_sig.get(&(e.parent, e.sig)).copied().unwrap_or(1);
            if n > rep {
                rep = n;
                rep_level = level;
                rep_chars = elems.chars[cur as usize];
            }
            cur = e.parent;
        }
        (rep, rep_level, rep_chars)
    }
}

/// A block's markup hint (reason, strong) and its effective chrome reason.
fn hints(page: &Page, h: &Heuristics<'_>, b: &Block) -> (Option<R>, bool, Option<R>) {
    let (reason, strong) = if b.hinted == NONE {
        (None, false)
    } else {
        let e = &page.elems[b.hinted as usize];
        (e.hint.reason, e.hint.strong)
    };
    let chrome = if b.hidden {
        Some(R::Hidden)
    } else if b.hinted == NONE {
        None
    } else {
        h.reasons[b.hinted as usize]
    };
    (reason, strong, chrome)
}

/// The keyword bits of a block's owner and its parent.
fn near_keywords(page: &Page, owner: u32) -> u32 {
    if owner == NONE {
        return 0;
    }
    let e = &page.elems[owner as usize];
    e.keywords
        | if e.parent != NONE {
            page.elems[e.parent as usize].keywords
        } else {
            0
        }
}

/// A neighbouring block's (class code, ln chars, link density); (-2, 0, 0)
/// at the page's edges.
fn neighbour(x: Option<(Class, &Block)>) -> (f32, f32, f32) {
    (
        x.map_or(-2.0, |(c, _)| class_code(c)),
        x.map_or(0.0, |(_, b)| ln(b.chars as f32)),
        x.map_or(0.0, |(_, b)| b.link_chars as f32 / (b.chars.max(1)) as f32),
    )
}

/// Appends block `i`'s row of [`HTML_N`] columns; `char_pos` is the number of
/// characters in the blocks before it.
fn block_row(
    page: &Page,
    h: &Heuristics<'_>,
    elems: &ElemStats,
    stats: &PageStats<'_>,
    i: usize,
    char_pos: f32,
    rows: &mut Vec<f32>,
) {
    let nb = page.blocks.len();
    let b = &page.blocks[i];
    let f = &h.feats[i];
    let (punct, digit, caps, ends) = text_stats(&b.text, f.words);
    let owner = b.owner;
    let (hint_reason, hint_strong, chrome) = hints(page, h, b);
    let cue = match h.classes[i] {
        Class::Fixed(r) => Some(r),
        _ => None,
    };
    let o = owner as usize;
    let valid = owner != NONE;
    let parent = if valid { page.elems[o].parent } else { NONE };
    let grand = if parent != NONE {
        page.elems[parent as usize].parent
    } else {
        NONE
    };
    let (p_chars, p_ld, p_blocks, p_good) = elems.stat(h, parent);
    let (g_chars, g_ld, _, _) = elems.stat(h, grand);
    let (rep, rep_level, rep_chars) = stats.repeated_template(page, elems, owner);
    let near_kw = near_keywords(page, owner);
    let anc_tags = if valid { elems.tags[o] } else { 0 };
    let inside = valid && h.inside[o];
    let prev = neighbour(i.checked_sub(1).map(|j| (h.classes[j], &page.blocks[j])));
    let next = neighbour(page.blocks.get(i + 1).map(|n| (h.classes[i + 1], n)));
    let ld = |bit: u8| f32::from(u8::from(page.ld_types & bit != 0));
    let is_title = h
        .title
        .is_some_and(|t| b.heading > 0 && t.trim() == b.text.trim());
    let total_chars = stats.total_chars;
    rows.extend_from_slice(&[
        ln(f.chars as f32),
        ln(f.words as f32),
        f.link_density(),
        f.stop_density(),
        f32::from(u8::from(f.spaced)),
        class_code(h.classes[i]),
        reason_code(cue),
        punct,
        digit,
        caps,
        ends,
        b.heading as f32,
        tag_code(b.tag),
        i as f32 / nb.max(1) as f32,
        char_pos / total_chars.max(1.0),
        reason_code(hint_reason),
        f32::from(u8::from(hint_strong)),
        reason_code(chrome),
        f32::from(u8::from(inside)),
        if inside {
            elems.depth[o] as f32 - stats.best_depth
        } else {
            -1.0
        },
    ]);
    for bit in 0..12 {
        rows.push(f32::from(u8::from(anc_tags & (1 << bit) != 0)));
    }
    rows.push(f32::from(u8::from(b.hidden)));
    rows.extend_from_slice(&[
        f32::from(u8::from(valid && elems.positive[o])),
        if valid { elems.depth[o] as f32 } else { 0.0 },
        p_chars,
        p_ld,
        p_blocks,
        p_good,
        g_chars,
        g_ld,
        if valid {
            ln(stats
                .by_tag
                .get(&(page.elems[o].parent, page.elems[o].tag))
                .copied()
                .unwrap_or(1) as f32)
        } else {
            0.0
        },
        ln(rep as f32),
        rep_level as f32,
        ln(rep_chars),
        if valid {
            h.score[o] / stats.best_score
        } else {
            0.0
        },
        if parent != NONE {
            h.score[parent as usize] / stats.best_score
        } else {
            0.0
        },
        prev.0,
        next.0,
        prev.1,
        next.1,
        prev.2,
        next.2,
        ln(nb as f32),
        stats.total_links / total_chars.max(1.0),
        ln(total_chars),
        stats.main_share,
        stats.total_good / total_chars.max(1.0),
        ld(LdTypes::ARTICLE),
        ld(LdTypes::PRODUCT),
        ld(LdTypes::FORUM),
        ld(LdTypes::LIST),
        ld(LdTypes::FAQ),
        stats.og,
        match stats.first_h1 {
            None => 0.5,
            Some(k) if i < k => 1.0,
            Some(_) => 0.0,
        },
        f32::from(u8::from(is_title)),
        if valid { ln(elems.own_blocks[o]) } else { 0.0 },
        ln(stats.dups.get(b.text.as_str()).copied().unwrap_or(1) as f32 - 1.0),
    ]);
    let any = if valid { elems.any_kw[o] } else { 0 };
    for bit in 0..KEYWORD_BITS {
        rows.push(f32::from(u8::from(near_kw & (1 << bit) != 0)));
    }
    for bit in 0..KEYWORD_BITS {
        rows.push(f32::from(u8::from(any & (1 << bit) != 0)));
    }
}
