//! What an element's tag, `id`, `class`, `role` and `aria-*` attributes say
//! about it: chrome (and which kind), hidden, or a likely article body.
//!
//! Class and id names are matched with one Aho-Corasick automaton (ASCII case
//! insensitive) over distinctive substrings — including the ids and classes of
//! the common consent platforms (OneTrust, Cookiebot, Quantcast, Didomi,
//! Usercentrics, TrustArc, Osano, Complianz, CookieYes, Iubenda…) — plus exact
//! matches of short tokens (`ad`, `nav`, `share`…) that would be ambiguous as
//! substrings.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use scraper::node::Element;
use tidings_core::BoilerplateReason as R;

use crate::html::pre_pass::{Prepared, CLASS_KEY};

/// The attributes the patterns read, gathered in one pass over an element's
/// attributes (`Element::attr` interns its argument on every call).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Attrs<'a> {
    pub id: &'a str,
    pub class: &'a str,
    pub style: Option<&'a str>,
    pub role: Option<&'a str>,
    pub itemprop: Option<&'a str>,
    pub hidden: bool,
}

impl<'a> Attrs<'a> {
    /// `classes`: the values of the `class` attributes the pre-pass swapped
    /// for [`CLASS_KEY`] numbers. A swapped one is the tag's first `class`,
    /// so it wins over any other the tokenizer kept.
    pub(crate) fn of(el: &'a Element, classes: &'a [&'a str]) -> Self {
        let mut a = Attrs::default();
        let mut swapped = false;
        for (name, value) in el.attrs() {
            match name {
                "id" => a.id = value,
                "class" if !swapped => a.class = value,
                CLASS_KEY => {
                    if let Some(c) = Prepared::class(classes, value) {
                        a.class = c;
                        swapped = true;
                    }
                }
                "style" => a.style = Some(value),
                "role" => a.role = Some(value),
                "itemprop" => a.itemprop = Some(value),
                "hidden" => a.hidden = true,
                _ => {}
            }
        }
        a
    }
}

/// The verdict on one element.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct AttrHint {
    /// The element looks like boilerplate of this kind.
    pub reason: Option<R>,
    /// The verdict comes from the tag, a role or a consent platform (trusted),
    /// not from a generic class name (which big wrappers sometimes carry).
    pub strong: bool,
    /// Not rendered (`hidden`, `display:none`, `aria-hidden` dialogs).
    pub hidden: bool,
    /// Looks like the article body (`itemprop=articleBody`, `article-body`…).
    pub positive: bool,
}

/// Substrings of `id`/`class` values, with the reason and whether they are trusted.
const SUBSTRINGS: &[(&str, R, bool)] = &[
    // Consent platforms and cookie banners.
    ("onetrust", R::CookieBanner, true),
    ("optanon", R::CookieBanner, true),
    ("cookiebot", R::CookieBanner, true),
    ("cybotcookie", R::CookieBanner, true),
    ("qc-cmp", R::CookieBanner, true),
    ("quantcast", R::CookieBanner, true),
    ("didomi", R::CookieBanner, true),
    ("usercentrics", R::CookieBanner, true),
    ("truste", R::CookieBanner, true),
    ("trustarc", R::CookieBanner, true),
    ("osano", R::CookieBanner, true),
    ("cmplz", R::CookieBanner, true),
    ("complianz", R::CookieBanner, true),
    ("cookieyes", R::CookieBanner, true),
    ("cky-consent", R::CookieBanner, true),
    ("iubenda", R::CookieBanner, true),
    ("sp_message", R::CookieBanner, true),
    ("sp-message", R::CookieBanner, true),
    ("fc-consent", R::CookieBanner, true),
    ("cookie", R::CookieBanner, true),
    ("consent", R::CookieBanner, true),
    ("gdpr", R::CookieBanner, true),
    ("cmp-", R::CookieBanner, false),
    // Navigation.
    ("skip-link", R::Navigation, true),
    ("skiplink", R::Navigation, true),
    ("skip-to", R::Navigation, true),
    ("breadcrumb", R::Navigation, true),
    ("navbar", R::Navigation, false),
    ("navigation", R::Navigation, false),
    ("menu", R::Navigation, false),
    ("pagination", R::Navigation, false),
    ("pager", R::Navigation, false),
    ("masthead", R::Header, false),
    ("site-header", R::Header, false),
    ("page-header", R::Header, false),
    ("topbar", R::Header, false),
    ("footer", R::Footer, false),
    ("copyright", R::Footer, false),
    ("sidebar", R::Sidebar, false),
    ("side-bar", R::Sidebar, false),
    ("rail", R::Sidebar, false),
    ("widget", R::Sidebar, false),
    // Widgets.
    ("share", R::Share, false),
    ("sharing", R::Share, false),
    ("social", R::Share, false),
    ("print", R::Share, false),
    ("rating", R::Share, false),
    ("toolbar", R::Share, false),
    ("comment", R::Comments, false),
    ("disqus", R::Comments, true),
    ("related", R::RelatedLinks, false),
    ("recommend", R::RelatedLinks, false),
    ("read-more", R::RelatedLinks, false),
    ("readmore", R::RelatedLinks, false),
    ("more-stories", R::RelatedLinks, false),
    ("most-popular", R::RelatedLinks, false),
    ("mostpopular", R::RelatedLinks, false),
    ("trending", R::RelatedLinks, false),
    ("outbrain", R::RelatedLinks, true),
    ("taboola", R::RelatedLinks, true),
    ("byline", R::Byline, false),
    ("author", R::Byline, false),
    ("dateline", R::Byline, false),
    ("timestamp", R::Timestamp, false),
    ("publish-date", R::Timestamp, false),
    ("caption", R::Caption, false),
    ("credit", R::Caption, false),
    ("newsletter", R::Newsletter, false),
    ("subscribe", R::Newsletter, false),
    ("signup", R::Newsletter, false),
    ("sign-up", R::Newsletter, false),
    ("paywall", R::Newsletter, false),
    ("advert", R::Advertisement, true),
    ("adsbygoogle", R::Advertisement, true),
    ("ad-slot", R::Advertisement, true),
    ("ad-container", R::Advertisement, true),
    ("ad-wrapper", R::Advertisement, true),
    ("ad-unit", R::Advertisement, true),
    ("dfp-", R::Advertisement, true),
    ("gpt-ad", R::Advertisement, true),
    ("sponsor", R::Advertisement, false),
    ("promo", R::Advertisement, false),
    ("popup", R::Other, false),
    ("modal", R::Other, false),
    ("tag-list", R::Metadata, false),
    ("taglist", R::Metadata, false),
    ("post-tags", R::Metadata, false),
    ("article-tags", R::Metadata, false),
    ("post-meta", R::Metadata, false),
    ("entry-meta", R::Metadata, false),
    ("article-meta", R::Metadata, false),
];

/// Whole class/id tokens (split on whitespace, `-`, `_`).
const TOKENS: &[(&str, R)] = &[
    ("ad", R::Advertisement),
    ("ads", R::Advertisement),
    ("advertisement", R::Advertisement),
    ("nav", R::Navigation),
    ("tags", R::Metadata),
    ("meta", R::Metadata),
    ("share", R::Share),
    ("date", R::Timestamp),
    ("time", R::Timestamp),
    ("tools", R::Share),
];

/// Substrings that mark the article body.
const POSITIVE: &[&str] = &[
    "articlebody",
    "article-body",
    "article__body",
    "article_body",
    "article-content",
    "article__content",
    "articlecontent",
    "article-text",
    "story-body",
    "storybody",
    "story-content",
    "post-content",
    "post-body",
    "postbody",
    "entry-content",
    "main-content",
    "body-text",
    "content-body",
    "rich-text",
    "richtext",
];

/// Class/id substrings the learned scorer reads, one bit each (see
/// [`keyword_mask`]); several substrings may share a bit.
pub(crate) const KEYWORDS: &[(&str, u32)] = &[
    ("content", 0),
    ("main", 1),
    ("article", 2),
    ("entry", 2),
    ("post", 2),
    ("story", 2),
    ("body", 3),
    ("text", 3),
    ("product", 4),
    ("description", 5),
    ("detail", 5),
    ("spec", 5),
    ("comment", 6),
    ("review", 7),
    ("forum", 8),
    ("thread", 8),
    ("topic", 8),
    ("message", 8),
    ("reply", 8),
    ("answer", 8),
    ("question", 8),
    ("item", 9),
    ("card", 9),
    ("tile", 9),
    ("result", 10),
    ("list", 10),
    ("grid", 10),
    ("catalog", 10),
    ("collection", 10),
    ("price", 11),
    ("title", 12),
    ("heading", 12),
    ("headline", 12),
    ("meta", 13),
    ("date", 13),
    ("author", 13),
    ("byline", 13),
    ("related", 14),
    ("recommend", 14),
    ("more", 14),
    ("doc", 15),
    ("markdown", 15),
    ("prose", 15),
    ("wiki", 15),
    ("nav", 16),
    ("menu", 16),
    ("breadcrumb", 16),
    ("footer", 17),
    ("header", 18),
    ("sidebar", 19),
    ("widget", 19),
    ("share", 20),
    ("social", 20),
    ("cookie", 21),
    ("consent", 21),
    ("modal", 22),
    ("popup", 22),
    ("hidden", 23),
    ("visually-hidden", 23),
    ("sr-only", 23),
];

/// Number of keyword bits.
pub(crate) const KEYWORD_BITS: usize = 24;

struct Matchers {
    negative: AhoCorasick,
    positive: AhoCorasick,
    keywords: AhoCorasick,
}

fn matchers() -> Option<&'static Matchers> {
    static M: OnceLock<Option<Matchers>> = OnceLock::new();
    M.get_or_init(|| {
        let negative = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(SUBSTRINGS.iter().map(|(s, _, _)| *s))
            .ok()?;
        let positive = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(POSITIVE)
            .ok()?;
        let keywords = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(KEYWORDS.iter().map(|(s, _)| *s))
            .ok()?;
        Some(Matchers {
            negative,
            positive,
            keywords,
        })
    })
    .as_ref()
}

/// What one `id` or `class` value says, whatever element carries it: the
/// page's elements share a few hundred values, so [`ValueCache`] reads each
/// once.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ValueFacts {
    /// A [`POSITIVE`] pattern occurs in it.
    positive: bool,
    /// The leftmost-longest [`SUBSTRINGS`] match: its reason and strength.
    negative: Option<(R, bool)>,
    /// The first of its tokens (split at whitespace, `-` and `_`) in [`TOKENS`].
    token: Option<R>,
    /// [`KEYWORDS`] bits.
    keywords: u32,
}

impl ValueFacts {
    /// Reads `value`; an empty value, or one over 512 bytes, says nothing.
    pub(crate) fn of(value: &str) -> ValueFacts {
        let mut f = ValueFacts::default();
        let Some(m) = matchers() else {
            return f;
        };
        if value.is_empty() || value.len() > 512 {
            return f;
        }
        f.positive = m.positive.is_match(value);
        f.negative = m.negative.find(value).map(|found| {
            let (_, r, strong) = SUBSTRINGS[found.pattern().as_usize()];
            (r, strong)
        });
        f.token = value
            .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
            .find_map(|tok| {
                TOKENS
                    .iter()
                    .find(|(t, _)| t.eq_ignore_ascii_case(tok))
                    .map(|(_, r)| *r)
            });
        for found in m.keywords.find_overlapping_iter(value) {
            f.keywords |= 1 << KEYWORDS[found.pattern().as_usize()].1;
        }
        f
    }
}

/// [`ValueFacts`] of the `id` and `class` values met so far on a page.
/// The page chooses the keys, so the hash is seeded at random (foldhash):
/// with an unkeyed one a page of crafted colliding values would make each
/// insert probe all the earlier ones. (std's SipHash is seeded too, but
/// slower on these short keys.)
#[derive(Debug, Default)]
pub(crate) struct ValueCache<'a> {
    seen: foldhash::HashMap<&'a str, ValueFacts>,
}

impl<'a> ValueCache<'a> {
    /// The facts of an element's `id` and `class`, in that order.
    pub(crate) fn facts(&mut self, attrs: &Attrs<'a>) -> [ValueFacts; 2] {
        [attrs.id, attrs.class].map(|v| {
            if v.is_empty() {
                ValueFacts::default()
            } else {
                *self.seen.entry(v).or_insert_with(|| ValueFacts::of(v))
            }
        })
    }
}

/// The [`KEYWORDS`] bits found in an element's `id` and `class`.
pub(crate) fn keyword_mask(facts: &[ValueFacts; 2]) -> u32 {
    facts[0].keywords | facts[1].keywords
}

/// A hash of an element's tag and `class`, to find repeated siblings (cards,
/// list items, posts) that share a template.
pub(crate) fn signature(name: &str, attrs: &Attrs) -> u32 {
    // FNV-1a.
    let mut h: u32 = 0x811c_9dc5;
    for b in name
        .bytes()
        .chain([b'|'])
        .chain(attrs.class.bytes().take(256))
    {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The verdict for an element (`tag` is its interned name, `""` when uncommon).
/// `facts` are those of its `id` and `class` ([`ValueCache::facts`]).
pub(crate) fn hint_for(attrs: &Attrs, tag: &'static str, facts: &[ValueFacts; 2]) -> AttrHint {
    let mut hint = AttrHint::default();
    // Tags.
    let by_tag = match tag {
        "nav" => Some(R::Navigation),
        "footer" => Some(R::Footer),
        "aside" => Some(R::Sidebar),
        "header" => Some(R::Header),
        "figcaption" => Some(R::Caption),
        "form" => None,
        _ => None,
    };
    if let Some(r) = by_tag {
        hint.reason = Some(r);
        hint.strong = tag == "nav" || tag == "figcaption";
    }
    // Hidden elements.
    if attrs.hidden {
        hint.hidden = true;
    }
    if let Some(style) = attrs.style {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            hint.hidden = true;
        }
    }
    if let Some(role) = attrs.role {
        let r = match role.trim().to_ascii_lowercase().as_str() {
            "navigation" | "menu" | "menubar" => Some(R::Navigation),
            "contentinfo" => Some(R::Footer),
            "banner" => Some(R::Header),
            "complementary" => Some(R::Sidebar),
            "alertdialog" | "dialog" => Some(R::Other),
            _ => None,
        };
        if r.is_some() {
            hint.reason = r;
            hint.strong = r == Some(R::Navigation);
        }
    }
    if let Some(ip) = attrs.itemprop {
        if ip.eq_ignore_ascii_case("articleBody") || ip.eq_ignore_ascii_case("text") {
            hint.positive = true;
        }
    }
    for f in facts {
        if f.positive {
            hint.positive = true;
        }
        if hint.reason.is_none() {
            if let Some((r, strong)) = f.negative {
                hint.reason = Some(r);
                hint.strong = strong;
            }
        }
        if hint.reason.is_none() {
            hint.reason = f.token;
        }
    }
    if hint.positive && !hint.strong {
        hint.reason = None;
    }
    hint
}
