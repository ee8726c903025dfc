use serde::{Deserialize, Serialize};

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
    /// True when this is English.
    pub fn is_english(&self) -> bool {
        self.iso639_3 == "eng"
    }
}
