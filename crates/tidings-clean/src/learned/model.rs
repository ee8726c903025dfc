//! The learned block scorers: where a model comes from ([`ModelSource`]),
//! the embedded one, and loading from a file.

use std::any::Any;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use serde::{Deserialize, Serialize};

use super::gbdt::{train, Dataset, Forest, ModelError, TrainParams};
use super::BlockRows;
use crate::html::features::{html_schema, HTML_N};
use crate::text::features::{text_schema, TEXT_N};

/// Which block model a path uses.
///
/// In JSON: `"embedded"`, `"heuristic"` or `{"file": "path/to/model.tgb"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelSource {
    /// The models compiled into the library (trained on WCXB-dev pages, and
    /// on those pages rendered to text, by `tools/src/bin/train_clean.rs`).
    #[default]
    Embedded,
    /// No model: the heuristics the models' features start from (HTML: the
    /// blocks of the best-scoring element; text: jusText's smoothed classes).
    Heuristic,
    /// A model file written by [`BlockModel::to_bytes`].
    File(PathBuf),
}

/// A trained block scorer: a boosted-tree classifier over the feature rows
/// of one [`ModelKind`].
#[derive(Debug, Clone, PartialEq)]
pub struct BlockModel {
    kind: ModelKind,
    forest: Forest,
}

/// What a [`BlockModel`] scores: blocks of HTML pages or lines of plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ModelKind {
    /// Text blocks of a parsed page ([`crate::html_block_rows`]).
    Html,
    /// Lines of plain text ([`crate::text_line_rows`]).
    Text,
}

impl ModelKind {
    fn width(self) -> usize {
        match self {
            ModelKind::Html => HTML_N,
            ModelKind::Text => TEXT_N,
        }
    }

    fn schema(self) -> String {
        match self {
            ModelKind::Html => html_schema(),
            ModelKind::Text => text_schema(),
        }
    }
}

/// One training page: its blocks ([`crate::html_block_rows`]), whether each
/// is main content, and each block's weight.
#[derive(Debug, Clone)]
pub struct LabelledPage {
    /// The blocks and their features.
    pub rows: BlockRows,
    /// One label per block.
    pub labels: Vec<bool>,
    /// One weight per block.
    pub weights: Vec<f32>,
}

impl BlockModel {
    /// Reads a model of `kind`, refusing one trained on another feature schema.
    pub fn from_bytes(kind: ModelKind, bytes: &[u8]) -> Result<BlockModel, ModelError> {
        Ok(BlockModel {
            kind,
            forest: Forest::from_bytes(bytes, Some(&kind.schema()))?,
        })
    }

    /// Serialises the model.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.forest.to_bytes()
    }

    /// Trains a model on labelled pages.
    pub fn train(kind: ModelKind, pages: &[LabelledPage], params: &TrainParams) -> BlockModel {
        let mut d = Dataset::new(kind.width());
        for page in pages {
            for (i, (&l, &w)) in page.labels.iter().zip(&page.weights).enumerate() {
                d.push(page.rows.row(i), l, w);
            }
        }
        BlockModel {
            kind,
            forest: train(&d, params, &kind.schema()),
        }
    }

    /// The probability that each block of a page is main content.
    pub fn predict_page(&self, rows: &BlockRows) -> Vec<f32> {
        if rows.n_features == 0 {
            return (0..rows.len()).map(|_| self.forest.predict(&[])).collect();
        }
        let n = rows.len() * rows.n_features;
        self.forest
            .predict_rows(&rows.rows[..n.min(rows.rows.len())], rows.n_features)
    }

    /// The probabilities of flattened rows of `n_features` columns each.
    pub(crate) fn predict_flat(&self, rows: &[f32], n_features: usize) -> Vec<f32> {
        self.forest.predict_rows(rows, n_features)
    }

    /// What the model scores.
    pub fn kind(&self) -> ModelKind {
        self.kind
    }

    /// Number of trees.
    pub fn n_trees(&self) -> usize {
        self.forest.n_trees()
    }

    /// The model of `kind` compiled into the library, parsed once per process.
    pub fn embedded(kind: ModelKind) -> Result<Arc<BlockModel>, ModelError> {
        type Slot = OnceLock<Result<Arc<BlockModel>, ModelError>>;
        static HTML: Slot = OnceLock::new();
        static TEXT: Slot = OnceLock::new();
        let (slot, bytes): (&Slot, Option<&[u8]>) = match kind {
            ModelKind::Html => (&HTML, embedded_bytes(ModelKind::Html)),
            ModelKind::Text => (&TEXT, embedded_bytes(ModelKind::Text)),
        };
        let Some(bytes) = bytes else {
            return Err(ModelError::NotEmbedded);
        };
        slot.get_or_init(|| BlockModel::from_bytes(kind, bytes).map(Arc::new))
            .clone()
    }
}

/// The bytes of the embedded model of `kind` (from `tidings-model-clean`).
#[cfg(feature = "embedded-models")]
fn embedded_bytes(kind: ModelKind) -> Option<&'static [u8]> {
    Some(match kind {
        ModelKind::Html => tidings_model_clean::HTML,
        ModelKind::Text => tidings_model_clean::TEXT,
    })
}

#[cfg(not(feature = "embedded-models"))]
fn embedded_bytes(_kind: ModelKind) -> Option<&'static [u8]> {
    None
}

/// Why a model source could not be resolved.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("clean model {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The bytes are not a usable model.
    #[error("clean model {what}: {source}")]
    Model {
        /// The file, or `embedded`.
        what: String,
        /// The cause.
        source: ModelError,
    },
}

impl ModelSource {
    /// The model of `kind` this source names (`None` for
    /// [`ModelSource::Heuristic`]).
    pub fn load(&self, kind: ModelKind) -> Result<Option<Arc<BlockModel>>, LoadError> {
        match self {
            ModelSource::Heuristic => Ok(None),
            ModelSource::Embedded => {
                BlockModel::embedded(kind)
                    .map(Some)
                    .map_err(|source| LoadError::Model {
                        what: "embedded".into(),
                        source,
                    })
            }
            ModelSource::File(path) => {
                load_file(path, kind, |bytes| BlockModel::from_bytes(kind, bytes)).map(Some)
            }
        }
    }
}

/// A model file, parsed once per process for each path and `tag` (the
/// model's kind), so that a model given to `extract_html` is not re-read on
/// every page; an unreadable or unusable file is an error naming it.
pub(crate) fn load_file<T, K>(
    path: &Path,
    tag: K,
    parse: impl FnOnce(&[u8]) -> Result<T, ModelError>,
) -> Result<Arc<T>, LoadError>
where
    T: Send + Sync + 'static,
    K: std::fmt::Debug,
{
    type Cache = Mutex<HashMap<(PathBuf, String), Arc<dyn Any + Send + Sync>>>;
    static LOADED: OnceLock<Cache> = OnceLock::new();
    let cache = LOADED.get_or_init(Default::default);
    let key = (path.to_owned(), format!("{tag:?}"));
    let cached = cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
        .cloned();
    if let Some(model) = cached.and_then(|m| m.downcast::<T>().ok()) {
        return Ok(model);
    }
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_owned(),
        source,
    })?;
    let model = parse(&bytes)
        .map(Arc::new)
        .map_err(|source| LoadError::Model {
            what: path.display().to_string(),
            source,
        })?;
    cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(key, Arc::clone(&model) as Arc<dyn Any + Send + Sync>);
    Ok(model)
}
