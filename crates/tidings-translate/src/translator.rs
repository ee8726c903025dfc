use tidings_core::Language;

/// A translation backend: turns source sentences into English.
///
/// The stage cuts documents into sentences, asks [`Translator::count_tokens`]
/// to split sentences longer than [`Translator::max_input_tokens`] and to pack
/// batches, and calls [`Translator::translate`] once per batch. All texts of one
/// call have the same source language.
///
/// Implementations must be shareable across threads; the rust-bert backend
/// (`RustBertTranslator`, feature `transformers`) serialises model
/// calls behind a mutex. Tests and users can plug in their own.
pub trait Translator: Send + Sync {
    /// The identifier recorded on translated documents.
    fn id(&self) -> &str;

    /// Number of model tokens `text` encodes to (including special tokens).
    fn count_tokens(&self, text: &str) -> usize;

    /// The longest input (in tokens) the model accepts.
    fn max_input_tokens(&self) -> usize;

    /// Translates `texts` (all in `source`) into English, one output per input.
    fn translate(&self, texts: &[&str], source: &Language) -> Result<Vec<String>, TranslateError>;
}

/// A failure of a [`Translator`] (or loading one).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("model {model}: {message}")]
pub struct TranslateError {
    /// The model's identifier.
    pub model: String,
    /// What went wrong.
    pub message: String,
}

impl TranslateError {
    /// A new error for `model`.
    pub fn new(model: impl Into<String>, message: impl Into<String>) -> Self {
        TranslateError {
            model: model.into(),
            message: message.into(),
        }
    }
}
