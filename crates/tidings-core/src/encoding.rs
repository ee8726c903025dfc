use serde::{Deserialize, Serialize};

/// The character encoding an input was decoded from, and how it was found.
///
/// Set by the readers on documents they decode from raw bytes (files, WARC
/// bodies); JSON Lines records are UTF-8 by definition and carry none unless
/// their file had a byte-order mark for another encoding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextEncoding {
    /// The WHATWG name of the encoding (`UTF-8`, `UTF-16LE`, `windows-1252`, …).
    pub name: String,
    /// How the encoding was decided.
    pub source: EncodingSource,
}

/// How a [`TextEncoding`] was decided, in the order the readers try them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EncodingSource {
    /// A byte-order mark at the start of the input (UTF-8, UTF-16LE/BE).
    Bom,
    /// The HTTP `Content-Type` header's `charset` (WARC responses).
    Http,
    /// The page's own `<meta charset>` or `<meta http-equiv="Content-Type">`,
    /// or an XML declaration's `encoding`.
    Declared,
    /// The bytes are valid UTF-8 (and nothing declared otherwise).
    Utf8,
    /// Guessed from the bytes (chardetng), nothing being declared.
    Detected,
}

impl TextEncoding {
    /// An encoding found by `source`.
    pub fn new(name: impl Into<String>, source: EncodingSource) -> Self {
        TextEncoding {
            name: name.into(),
            source,
        }
    }
}

/// What the clean stage reports about a document beyond its removals.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CleanReport {
    /// The language whose stop words the cleaner used, if it used any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<crate::LanguageCode>,
    /// Where that language came from: the document (a user's `--lang`, or a
    /// stage before `clean`), the stage's config, or the cleaner's own estimate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_from: Option<LanguageOrigin>,
    /// Set when the cleaner kept the whole text although its classifier would
    /// have removed most of it, because nothing in the text looks like chrome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kept_all: Option<KeptAll>,
    /// What kind of page an HTML input is (the seven WCXB types), estimated
    /// from the page's blocks and markup; `None` for plain text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_type: Option<PageType>,
    /// The estimate's probability, 0 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_type_confidence: Option<f32>,
    /// How good the extraction of an HTML input is expected to be: the
    /// benchmark's token F1 predicted for this page, 0 to 1, calibrated on
    /// pages the models never saw (a page scored 0.9 extracts at about 0.9 F1
    /// on average). Route pages below a threshold to another extractor or to
    /// review. `None` for plain text, and when no page model is loaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
}

/// The kind of page an HTML input is: the seven page types of the WCXB
/// benchmark, whose main content differs in shape (an article's prose, a
/// forum's posts, a listing's items).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageType {
    /// A news story, blog post or essay: one body of prose.
    Article,
    /// A discussion thread: posts by several authors.
    Forum,
    /// One product: its name, price, description and specifications.
    Product,
    /// A curated set of items (a category page, a gallery, a playlist).
    Collection,
    /// A list of items that each lead elsewhere (search results, an index).
    Listing,
    /// Technical documentation or reference pages.
    Documentation,
    /// A page about a service, an organisation or how to reach it.
    Service,
}

impl PageType {
    /// Every type, in the order of their index (the page model's classes).
    pub const ALL: [PageType; 7] = [
        PageType::Article,
        PageType::Forum,
        PageType::Product,
        PageType::Collection,
        PageType::Listing,
        PageType::Documentation,
        PageType::Service,
    ];

    /// The type's name as records write it (`article`, `forum`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            PageType::Article => "article",
            PageType::Forum => "forum",
            PageType::Product => "product",
            PageType::Collection => "collection",
            PageType::Listing => "listing",
            PageType::Documentation => "documentation",
            PageType::Service => "service",
        }
    }

    /// The type a name gives (as [`PageType::as_str`] writes it).
    pub fn parse(name: &str) -> Option<PageType> {
        PageType::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

/// Where the clean stage's language came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LanguageOrigin {
    /// It was on the document before the stage ran (given by the user, or
    /// decided by an earlier stage): the stage did not detect.
    Document,
    /// The stage's own config named it (`CleanConfig::language`).
    Config,
    /// The stage estimated it from the raw input and recorded the estimate on
    /// the document ([`crate::LanguageSource::Estimated`]).
    Estimated,
}

/// Why the clean stage kept a whole document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeptAll {
    /// No cue phrase, list, repeated line, menu-like run of short lines or
    /// chrome markup was found: the text is all content (a headline, a tweet,
    /// one paragraph, prose in a language the classifier reads poorly).
    NoBoilerplateFound,
}
