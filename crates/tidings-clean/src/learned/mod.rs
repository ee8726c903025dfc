//! The learned scorers: a small gradient-boosted tree classifier ([`gbdt`]),
//! the block models built on it for the HTML and text paths ([`model`]:
//! where a model comes from, training, embedding), and the page model
//! ([`page`]: page type and expected F1).

pub(crate) mod gbdt;
pub(crate) mod model;
pub(crate) mod page;

pub use model::{BlockModel, LabelledPage, LoadError, ModelKind, ModelSource};
pub use page::{PageEstimate, PageModel, PageSample};

/// The text blocks of a page and their feature rows, for training a
/// [`BlockModel`] (see `tools/src/bin/train_clean.rs`).
#[derive(Debug, Clone, Default)]
pub struct BlockRows {
    /// Each block's whitespace-collapsed visible text, in document order
    /// (the `<title>` excluded).
    pub texts: Vec<String>,
    /// One row of [`BlockRows::n_features`] values per block, flattened.
    pub rows: Vec<f32>,
    /// Columns per row.
    pub n_features: usize,
}

impl BlockRows {
    /// Number of blocks.
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    /// Whether the page has no blocks.
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// Row `i`.
    pub fn row(&self, i: usize) -> &[f32] {
        &self.rows[i * self.n_features..(i + 1) * self.n_features]
    }
}
