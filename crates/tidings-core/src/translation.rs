use serde::{Deserialize, Serialize};

/// What the translate stage did with a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum TranslationStatus {
    /// Translated by the named model.
    Translated {
        /// Identifier of the model (its directory or configured name).
        model: String,
    },
    /// The document is already English: `text_en` is `content`.
    SkippedEnglish,
    /// No model is configured (or built in) for the document's language.
    NoModel {
        /// The source language (ISO 639-3), if known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        language: Option<String>,
    },
    /// Translation was attempted and failed.
    Failed {
        /// The error.
        error: String,
    },
}

/// A source sentence and its English translation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alignment {
    /// Byte offset into `Document::content` where the source sentence starts.
    pub src_start: usize,
    /// Byte offset into `Document::content` just past the source sentence.
    pub src_end: usize,
    /// Byte offset into `Translation::text_en` where its translation starts.
    pub en_start: usize,
    /// Byte offset into `Translation::text_en` just past its translation.
    pub en_end: usize,
}

/// The English version of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Translation {
    /// What happened.
    #[serde(flatten)]
    pub status: TranslationStatus,
    /// The English text, paragraph by paragraph (`\n`-separated), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_en: Option<String>,
    /// The English title, when the document had a title and it was translated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    /// Sentence-level alignment between `content` and `text_en`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alignments: Vec<Alignment>,
}
