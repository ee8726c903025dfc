//! The [`NerBackend`] trait: what the `ner` stage routes paragraphs to.
//!
//! The stage picks a backend per paragraph language (its `routes`, see
//! [`crate::NerConfig`]) and hands each backend the paragraphs of many
//! documents at once. Two backends ship: the embedded or file perceptron
//! models ([`crate::Mixture`]) and, with the `transformers` feature, rust-bert
//! token-classification models (`TransformersNer`).

use std::fmt::Debug;

use tidings_core::StageError;

use crate::model::{Mention, Mixture};

/// A source of entity mentions.
pub trait NerBackend: Send + Sync + Debug {
    /// The id written into each entity's `model` field (`embedded:en`,
    /// `file:…`, `transformers:…`).
    fn id(&self) -> &str;

    /// The mentions of each paragraph. `docs[d]` holds the paragraphs of one
    /// document (a backend may use the whole document as context); the answer
    /// has the same shape, and each mention's offsets are bytes into its own
    /// paragraph.
    fn find(&self, docs: &[Vec<&str>]) -> Result<Vec<Vec<Vec<Mention>>>, StageError>;

    /// True when the backend is much faster on many documents at once (a
    /// transformer): the stage then asks the pipeline for whole chunks.
    fn prefers_batch(&self) -> bool {
        false
    }
}

/// A perceptron model (or mixture) with the id it writes.
#[derive(Debug, Clone)]
pub(crate) struct Perceptron {
    pub(crate) id: String,
    pub(crate) model: Mixture,
}

impl NerBackend for Perceptron {
    fn id(&self) -> &str {
        &self.id
    }

    fn find(&self, docs: &[Vec<&str>]) -> Result<Vec<Vec<Vec<Mention>>>, StageError> {
        Ok(docs
            .iter()
            .map(|paragraphs| self.model.find_in_document(paragraphs))
            .collect())
    }
}
