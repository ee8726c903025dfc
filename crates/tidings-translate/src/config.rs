use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use tidings_core::{BuildError, BuildStage, Stage};

pub use tidings_core::Device;

use crate::TranslateStage;

/// The architecture of a translation model directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    /// Marian / opus-mt: `config.json`, `vocab.json`, `source.spm`, `target.spm`
    /// (read but unused: rust-bert decodes through `vocab.json`), and weights.
    Marian,
    /// M2M100: `config.json`, `vocab.json`, `sentencepiece.bpe.model`, weights.
    M2m100,
    /// NLLB-200: `config.json`, `tokenizer.json`, `sentencepiece.bpe.model`, weights.
    Nllb,
}

impl ModelKind {
    /// The tokenizer files this kind needs, besides `config.json` and the weights.
    pub fn tokenizer_files(self) -> &'static [&'static str] {
        match self {
            ModelKind::Marian => &["vocab.json", "source.spm", "target.spm"],
            ModelKind::M2m100 => &["vocab.json", "sentencepiece.bpe.model"],
            ModelKind::Nllb => &["tokenizer.json", "sentencepiece.bpe.model"],
        }
    }

    /// Whether one model serves many source languages (and needs the source
    /// language as a prefix token).
    pub fn is_multilingual(self) -> bool {
        !matches!(self, ModelKind::Marian)
    }
}

/// Weight file names tried in a model directory, in order.
pub const WEIGHT_FILES: &[&str] = &[
    "rust_model.ot",
    "rust_model.safetensors",
    "model.safetensors",
];

/// One local model directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSpec {
    /// Architecture.
    pub kind: ModelKind,
    /// Directory with `config.json`, the tokenizer files and the weights
    /// (`rust_model.ot`, `rust_model.safetensors` or `model.safetensors`).
    pub dir: PathBuf,
    /// Identifier recorded in [`tidings_core::TranslationStatus::Translated`];
    /// defaults to the directory's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl ModelSpec {
    /// A model of `kind` in `dir`.
    pub fn new(kind: ModelKind, dir: impl Into<PathBuf>) -> Self {
        ModelSpec {
            kind,
            dir: dir.into(),
            id: None,
        }
    }

    /// The identifier recorded on translated documents.
    pub fn model_id(&self) -> String {
        self.id.clone().unwrap_or_else(|| {
            self.dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| self.dir.display().to_string())
        })
    }
}

/// Options of the translate stage. Every field has a default; a config file may
/// name only the ones it changes. The default has no models: every non-English
/// document is recorded as `no_model`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TranslateConfig {
    /// Source language (ISO 639-1 like `id` or 639-3 like `ind`) → model.
    pub routes: BTreeMap<String, ModelSpec>,
    /// A multilingual model (M2M100 or NLLB) for languages without a route.
    pub fallback: Option<ModelSpec>,
    /// Token budget of one model call: the sentences of a batch, padded to the
    /// longest, hold at most this many source tokens.
    pub batch_tokens: usize,
    /// Most tokens generated for one sentence (including the start and end tokens).
    pub max_length: usize,
    /// Where the models run.
    pub device: Device,
    /// Beam size; 1 is greedy decoding.
    pub num_beams: usize,
    /// Also translate the document's title into `title_en`.
    pub translate_title: bool,
}

impl Default for TranslateConfig {
    fn default() -> Self {
        TranslateConfig {
            routes: BTreeMap::new(),
            fallback: None,
            batch_tokens: 4096,
            max_length: 256,
            device: Device::Auto,
            num_beams: 1,
            translate_title: true,
        }
    }
}

impl TranslateConfig {
    /// Routes `language` (ISO 639-1 or 639-3) to `model`.
    pub fn route(mut self, language: impl Into<String>, model: ModelSpec) -> Self {
        self.routes.insert(language.into(), model);
        self
    }

    /// Uses `model` for languages without a route.
    pub fn fallback(mut self, model: ModelSpec) -> Self {
        self.fallback = Some(model);
        self
    }

    /// Sets the token budget of one model call.
    pub fn batch_tokens(mut self, tokens: usize) -> Self {
        self.batch_tokens = tokens;
        self
    }

    /// Sets the most tokens generated per sentence.
    pub fn max_length(mut self, tokens: usize) -> Self {
        self.max_length = tokens;
        self
    }

    /// Sets the device.
    pub fn device(mut self, device: Device) -> Self {
        self.device = device;
        self
    }

    /// Sets the beam size (1 = greedy).
    pub fn num_beams(mut self, beams: usize) -> Self {
        self.num_beams = beams;
        self
    }

    /// Whether any model is configured.
    pub fn has_models(&self) -> bool {
        !self.routes.is_empty() || self.fallback.is_some()
    }

    pub(crate) fn validate(&self) -> Result<(), BuildError> {
        let bad = |message: String| BuildError::Config {
            stage: "translate".into(),
            message,
        };
        if self.batch_tokens == 0 {
            return Err(bad("batch_tokens must be at least 1".into()));
        }
        if self.max_length < 2 {
            return Err(bad("max_length must be at least 2".into()));
        }
        if self.num_beams == 0 {
            return Err(bad("num_beams must be at least 1".into()));
        }
        if let Some(f) = &self.fallback {
            if !f.kind.is_multilingual() {
                return Err(bad(format!(
                    "the fallback model {} must be multilingual (m2m100 or nllb), not marian",
                    f.dir.display()
                )));
            }
        }
        Ok(())
    }
}

impl BuildStage for TranslateConfig {
    fn build(&self) -> Result<Box<dyn Stage>, BuildError> {
        Ok(Box::new(TranslateStage::new(self.clone())?))
    }
}
