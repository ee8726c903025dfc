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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
