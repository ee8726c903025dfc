//! The registry of stages: every stage the pipeline knows, one line each.
//!
//! # Adding a stage
//!
//! A stage is a config type (serde, `Default`, [`BuildStage`]) and the
//! [`Stage`] it builds. Either
//! - write it as **one file** here, `crates/tidings/src/stages/<name>.rs`
//!   (depending on `tidings-core` only; [`quality`] is one), and add **one
//!   line** to the `files { … }` list of the `stages!` registry at the bottom
//!   of this file: `<name> => <Variant>(<name>::<Config>),` (the registry
//!   declares the file's module too);
//! - or, for a stage with its own dependencies, write a crate
//!   `crates/tidings-<name>` that depends on `tidings-core` only, add it to
//!   the facade's dependencies, and add the line
//!   `<name> => <Variant>(tidings_<name>::<Config>),` to the `crates { … }` list.
//!
//! Prefix the line with `[default]` to put the stage in the default pipeline.
//! The list generates the [`StageConfig`] variant and its `"type"` tag, the
//! stage's name, its default config, [`StageConfig::ALL`] and
//! [`StageConfig::DEFAULT_PIPELINE`], and the arm that builds it.

use serde::{Deserialize, Serialize};
use tidings_core::{BuildError, BuildStage, Sequence, Stage};

/// Generates [`StageConfig`] from one line per stage (see the module docs).
macro_rules! stages {
    (
        crates { $($crates:tt)* }
        files { $( $(#[doc = $fdoc:literal])* $([$fdefault:ident])? $file:ident => $fvariant:ident($fconfig:ty), )* }
    ) => {
        $( pub mod $file; )*
        stages!(@generate $($crates)* $( $(#[doc = $fdoc])* $([$fdefault])? $file => $fvariant($fconfig), )*);
    };
    (@generate $( $(#[doc = $doc:literal])* $([$default:ident])? $name:ident => $variant:ident($config:ty), )*) => {

        /// The configuration of one stage, tagged by `"type"`.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "type", rename_all = "snake_case")]
        pub enum StageConfig {
            $( $(#[doc = $doc])* $variant($config), )*
            /// Several stages run in order, itself a stage.
            Sequence {
                /// The stages.
                stages: Vec<StageConfig>,
            },
            /// The old name of the transformer NER backend: building it is an
            /// error that says what to write instead.
            NerTransformers(serde_json::Value),
        }

        impl StageConfig {
            /// The stage's name as used in `--stages`, in records and as its `"type"`.
            pub fn name(&self) -> &'static str {
                match self {
                    $( StageConfig::$variant(_) => stringify!($name), )*
                    StageConfig::Sequence { .. } => "sequence",
                    StageConfig::NerTransformers(_) => "ner_transformers",
                }
            }

            /// The default configuration of the stage called `name`.
            pub fn default_for(name: &str) -> Option<StageConfig> {
                match name {
                    $( stringify!($name) => Some(StageConfig::$variant(<$config>::default())), )*
                    _ => None,
                }
            }

            /// Every registered stage name, in registry order.
            pub const ALL: &'static [&'static str] = &[$( stringify!($name), )*];

            /// The stages of the default pipeline, in order.
            pub const DEFAULT_PIPELINE: &'static [&'static str] =
                &[$( $( stages!(@default $default $name), )? )*];
        }

        impl BuildStage for StageConfig {
            fn build(&self) -> Result<Box<dyn Stage>, BuildError> {
                match self {
                    $( StageConfig::$variant(c) => c.build(), )*
                    StageConfig::Sequence { stages } => Ok(Box::new(Sequence::new(
                        stages.iter().map(|s| s.build()).collect::<Result<_, _>>()?,
                    ))),
                    StageConfig::NerTransformers(_) => Err(BuildError::Config {
                        stage: "ner_transformers".into(),
                        message: NER_TRANSFORMERS_MOVED.into(),
                    }),
                }
            }
        }
    };
    (@default default $name:ident) => { stringify!($name) };
}

const NER_TRANSFORMERS_MOVED: &str = "the `ner_transformers` stage is now a backend of `ner`: \
write {\"type\": \"ner\", \"routes\": {\"*\": {\"backend\": \"transformers\", \"dir\": \"…\"}}}";

// The registry: one line per stage. `[default]` puts it in the default pipeline.
stages! {
    // Stages with a crate of their own (`crates/tidings-<name>`).
    crates {
        /// Boilerplate stripping ([`tidings_clean::CleanConfig`]).
        [default] clean => Clean(tidings_clean::CleanConfig),
        /// Language detection ([`tidings_lang::LangConfig`]).
        [default] lang => Lang(tidings_lang::LangConfig),
        /// Named entities ([`tidings_ner::NerConfig`]).
        [default] ner => Ner(tidings_ner::NerConfig),
        /// Canonical English entity names ([`tidings_normalize::NormalizeConfig`]).
        [default] normalize => Normalize(tidings_normalize::NormalizeConfig),
        /// Translation to English ([`tidings_translate::TranslateConfig`]).
        [default] translate => Translate(tidings_translate::TranslateConfig),
    }
    // One-file stages: `crates/tidings/src/stages/<name>.rs`.
    files {
        /// Quality signals in `metadata.quality` ([`quality::QualityConfig`]).
        quality => Quality(quality::QualityConfig),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_registered_stage_round_trips_under_its_name() {
        assert_eq!(
            StageConfig::DEFAULT_PIPELINE,
            ["clean", "lang", "ner", "normalize", "translate"]
        );
        assert!(StageConfig::ALL.contains(&"quality"));
        for name in StageConfig::ALL {
            let config = StageConfig::default_for(name).unwrap();
            assert_eq!(config.name(), *name);
            let json = serde_json::to_value(&config).unwrap();
            assert_eq!(json["type"], *name);
            assert_eq!(serde_json::from_value::<StageConfig>(json).unwrap(), config);
        }
        assert!(StageConfig::default_for("sequence").is_none());
    }

    #[test]
    fn the_old_ner_transformers_config_says_what_to_write_instead() {
        let old: StageConfig =
            serde_json::from_str(r#"{"type": "ner_transformers", "model_dir": "/m"}"#).unwrap();
        let err = old.build().err().unwrap().to_string();
        assert!(err.contains(r#""backend": "transformers""#), "{err}");
        // …and what it says parses.
        let new: StageConfig = serde_json::from_str(
            r#"{"type": "ner", "routes": {"*": {"backend": "transformers", "dir": "/m"}}}"#,
        )
        .unwrap();
        assert_eq!(new.name(), "ner");
    }
}
