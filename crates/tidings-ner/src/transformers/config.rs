use std::path::PathBuf;

use serde::{Deserialize, Serialize};
pub use tidings_core::Device;

/// How the labels of a word's word-piece tokens make the word's label
/// (the strategies of Hugging Face's token-classification pipeline).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Aggregation {
    /// No word grouping: every token keeps its own label; `B-`/`I-` tags group
    /// tokens into entities.
    Simple,
    /// A word takes the label of its first token.
    #[default]
    First,
    /// A word takes the label with the highest probability averaged over its tokens.
    Average,
    /// A word takes the label of its most confident token.
    Max,
}

/// Options of the transformer NER backend. Every field but `model_dir` has a
/// default; a config file may name only the ones it changes.
///
/// `model_dir` holds a token-classification model in Hugging Face's layout:
/// - `config.json` with `model_type` (`bert`, `distilbert`, `roberta` or
///   `xlm-roberta`) and `id2label`;
/// - the vocabulary: `vocab.txt` (BERT, DistilBERT), `vocab.json` + `merges.txt`
///   (RoBERTa) or `sentencepiece.bpe.model` (XLM-R); an optional
///   `tokenizer_config.json` gives `do_lower_case` / `strip_accents` /
///   `add_prefix_space`;
/// - the weights: `rust_model.ot` (rust-bert's format) or `model.safetensors`
///   (what `save_pretrained` writes), or the file named by `weights`.
///
/// Nothing is downloaded: a missing or unreadable file is a
/// [`BuildError::File`] naming it.
///
/// ```
/// use tidings_core::{BuildStage, Document, Stage};
/// use tidings_ner::{Device, NerConfig, TransformersNerConfig};
///
/// // The tiny random test model (its entities are noise, its offsets are not).
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/ner-tiny-bert");
/// let config = NerConfig::default()
///     .route("*", TransformersNerConfig::new(dir).device(Device::Cpu));
/// let stage = config.build().unwrap();
/// assert!(stage.prefers_batch());
/// let mut docs = vec![Document::new("a", "Kim Jong Un bertemu Xi Jinping di Pyongyang.\nMüller traf heute in Zürich ein.")];
/// let results = stage.process_batch(&mut docs);
/// assert!(results[0].is_ok());
/// for e in &docs[0].entities {
///     // byte offsets into `content`
///     assert_eq!(&docs[0].content[e.start..e.end], e.text);
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TransformersNerConfig {
    /// The model directory (`dir` in a config file is accepted too).
    #[serde(alias = "dir")]
    pub model_dir: PathBuf,
    /// The weights file, when it is not `rust_model.ot` / `model.safetensors` in
    /// `model_dir` (a relative path is taken from `model_dir`).
    pub weights: Option<PathBuf>,
    /// Windows per forward pass.
    pub batch_size: usize,
    /// Tokens per window, special tokens included. `None`: the model's maximum
    /// (its `max_position_embeddings`, at most 512).
    pub max_len: Option<usize>,
    /// Tokens shared by consecutive windows of a long text. `None`: a quarter of `max_len`.
    pub stride: Option<usize>,
    /// Where the model runs.
    pub device: Device,
    /// How word-piece labels make word labels.
    pub aggregation: Aggregation,
    /// Entities scoring below this are dropped.
    pub min_score: f32,
    /// libtorch intra-op threads on the CPU. `None`: libtorch's default (all cores).
    pub threads: Option<usize>,
    /// Lower-case the input before tokenising. `None`: `do_lower_case` from
    /// `tokenizer_config.json`, else `false`.
    pub lower_case: Option<bool>,
}

impl Default for TransformersNerConfig {
    fn default() -> Self {
        TransformersNerConfig {
            model_dir: PathBuf::new(),
            weights: None,
            batch_size: 32,
            max_len: None,
            stride: None,
            device: Device::Auto,
            aggregation: Aggregation::First,
            min_score: 0.0,
            threads: None,
            lower_case: None,
        }
    }
}

impl TransformersNerConfig {
    /// A config for the model in `model_dir`, other options at their defaults.
    pub fn new(model_dir: impl Into<PathBuf>) -> Self {
        TransformersNerConfig {
            model_dir: model_dir.into(),
            ..Default::default()
        }
    }

    /// Sets [`TransformersNerConfig::weights`].
    pub fn weights(mut self, path: impl Into<PathBuf>) -> Self {
        self.weights = Some(path.into());
        self
    }

    /// Sets [`TransformersNerConfig::batch_size`].
    pub fn batch_size(mut self, n: usize) -> Self {
        self.batch_size = n;
        self
    }

    /// Sets [`TransformersNerConfig::max_len`].
    pub fn max_len(mut self, n: usize) -> Self {
        self.max_len = Some(n);
        self
    }

    /// Sets [`TransformersNerConfig::stride`].
    pub fn stride(mut self, n: usize) -> Self {
        self.stride = Some(n);
        self
    }

    /// Sets [`TransformersNerConfig::device`].
    pub fn device(mut self, device: Device) -> Self {
        self.device = device;
        self
    }

    /// Sets [`TransformersNerConfig::aggregation`].
    pub fn aggregation(mut self, aggregation: Aggregation) -> Self {
        self.aggregation = aggregation;
        self
    }

    /// Sets [`TransformersNerConfig::min_score`].
    pub fn min_score(mut self, score: f32) -> Self {
        self.min_score = score;
        self
    }

    /// Sets [`TransformersNerConfig::threads`].
    pub fn threads(mut self, n: usize) -> Self {
        self.threads = Some(n);
        self
    }

    /// Sets [`TransformersNerConfig::lower_case`].
    pub fn lower_case(mut self, yes: bool) -> Self {
        self.lower_case = Some(yes);
        self
    }
}

/// A `ner` stage with this model as its only backend (no embedded models):
/// `NerConfig::default().embedded(false).route("*", config)`.
impl tidings_core::BuildStage for TransformersNerConfig {
    fn build(&self) -> Result<Box<dyn tidings_core::Stage>, tidings_core::BuildError> {
        crate::NerConfig::default()
            .embedded(false)
            .route("*", self.clone())
            .build()
    }
}
