use serde::{Deserialize, Serialize};

use crate::LanguageCode;

/// How a [`Language`] was decided.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LanguageSource {
    /// Detected from this text.
    #[default]
    Detected,
    /// The text was too short or unreliable: the document's language was used.
    Fallback,
    /// Set by the user (`--lang`), not detected.
    Given,
    /// Estimated from the raw input by a stage that needed a language before
    /// the text was cleaned (`clean`, to pick its stop words). `lang` replaces
    /// it with a detection on the cleaned text, which is new evidence; a given
    /// language is never replaced.
    Estimated,
}

/// A language decision for a document or a paragraph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Language {
    /// ISO 639-3 code (`eng`, `ind`, `cmn`…).
    pub iso639_3: String,
    /// ISO 639-1 code (`en`, `id`, `zh`…) where the language has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iso639_1: Option<String>,
    /// English name of the language.
    #[serde(default)]
    pub name: String,
    /// Writing system (`Latin`, `Cyrillic`, `Hangul`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script: Option<String>,
    /// Detector confidence in `[0, 1]` (1 for [`LanguageSource::Given`]).
    pub confidence: f64,
    /// Whether the detector considers the decision reliable.
    pub reliable: bool,
    /// How it was decided.
    #[serde(default)]
    pub source: LanguageSource,
}

impl Language {
    /// The record of `code`, decided by `source`, with the table's name and
    /// usual script, confidence 1 and reliable (for given languages; a
    /// detector sets its own confidence).
    pub fn from_code(code: LanguageCode, source: LanguageSource) -> Language {
        Language {
            iso639_3: code.iso639_3().to_owned(),
            iso639_1: code.iso639_1().map(str::to_owned),
            name: code.name().to_owned(),
            script: Some(code.script().to_owned()),
            confidence: 1.0,
            reliable: true,
            source,
        }
    }

    /// A language the user gave ([`LanguageSource::Given`]).
    pub fn given(code: LanguageCode) -> Language {
        Language::from_code(code, LanguageSource::Given)
    }

    /// The code table's entry for this language, if it has one.
    pub fn code(&self) -> Option<LanguageCode> {
        LanguageCode::from_iso639_3(&self.iso639_3)
    }

    /// True when the user gave this language: no stage detects over it.
    pub fn is_given(&self) -> bool {
        self.source == LanguageSource::Given
    }

    /// True when this is English.
    pub fn is_english(&self) -> bool {
        self.iso639_3 == "eng"
    }
}
