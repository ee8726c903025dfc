//! Serialisable pipeline descriptions: a [`PipelineConfig`] is a list of
//! [`StageConfig`]s, each tagged by `"type"` like Hugging Face tokenizers' stage
//! configs. Registering a new stage is one variant here (and one arm in
//! [`StageConfig::build`]).

use serde::{Deserialize, Serialize};
use tidings_core::{BuildError, BuildStage, Sequence, Stage};

/// The configuration of one stage, tagged by `"type"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum StageConfig {
    /// Boilerplate stripping ([`tidings_clean::CleanConfig`]).
    Clean(tidings_clean::CleanConfig),
    /// Language detection ([`tidings_lang::LangConfig`]).
    Lang(tidings_lang::LangConfig),
    /// Named entities ([`tidings_ner::NerConfig`]).
    Ner(tidings_ner::NerConfig),
    /// Named entities with a rust-bert token-classification model from a local
    /// directory ([`tidings_ner::TransformersNerConfig`]; feature `transformers`).
    #[cfg(feature = "transformers")]
    NerTransformers(tidings_ner::TransformersNerConfig),
    /// Named entities with a rust-bert model: this build lacks the
    /// `transformers` feature, so building it is an error that says so.
    #[cfg(not(feature = "transformers"))]
    NerTransformers(serde_json::Value),
    /// Canonical English entity names ([`tidings_normalize::NormalizeConfig`]).
    Normalize(tidings_normalize::NormalizeConfig),
    /// Translation to English ([`tidings_translate::TranslateConfig`]).
    Translate(tidings_translate::TranslateConfig),
    /// Several stages run in order, itself a stage.
    Sequence {
        /// The stages.
        stages: Vec<StageConfig>,
    },
}

impl StageConfig {
    /// The stage's name as used in `--stages` and in records.
    pub fn name(&self) -> &'static str {
        match self {
            StageConfig::Clean(_) => "clean",
            StageConfig::Lang(_) => "lang",
            StageConfig::Ner(_) => "ner",
            StageConfig::Normalize(_) => "normalize",
            StageConfig::NerTransformers(_) => "ner_transformers",
            StageConfig::Translate(_) => "translate",
            StageConfig::Sequence { .. } => "sequence",
        }
    }

    /// The default configuration of the stage called `name`.
    pub fn default_for(name: &str) -> Option<StageConfig> {
        Some(match name {
            "clean" => StageConfig::Clean(Default::default()),
            "lang" => StageConfig::Lang(Default::default()),
            "ner" => StageConfig::Ner(Default::default()),
            "normalize" => StageConfig::Normalize(Default::default()),
            "translate" => StageConfig::Translate(Default::default()),
            _ => return None,
        })
    }

    /// Names accepted by [`StageConfig::default_for`], in default pipeline order.
    pub const NAMES: &'static [&'static str] = &["clean", "lang", "ner", "normalize", "translate"];
}

impl BuildStage for StageConfig {
    fn build(&self) -> Result<Box<dyn Stage>, BuildError> {
        match self {
            StageConfig::Clean(c) => c.build(),
            StageConfig::Lang(c) => c.build(),
            StageConfig::Ner(c) => c.build(),
            StageConfig::Normalize(c) => c.build(),
            #[cfg(feature = "transformers")]
            StageConfig::NerTransformers(c) => c.build(),
            #[cfg(not(feature = "transformers"))]
            StageConfig::NerTransformers(_) => Err(BuildError::FeatureDisabled {
                stage: "ner_transformers".into(),
                feature: "transformers".into(),
            }),
            StageConfig::Translate(c) => c.build(),
            StageConfig::Sequence { stages } => Ok(Box::new(Sequence::new(
                stages.iter().map(|s| s.build()).collect::<Result<_, _>>()?,
            ))),
        }
    }
}
