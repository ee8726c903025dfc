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
//!   the facade's dependencies as an optional one with a feature `<name>`,
//!   and add the lines `#[cfg(feature = "<name>")]` and
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
        crates { $( $(#[doc = $cdoc:literal])* #[cfg($ccfg:meta)] $([$cdefault:ident])? $cname:ident => $cvariant:ident($cconfig:ty), )* }
        files { $( $(#[doc = $fdoc:literal])* $([$fdefault:ident])? $file:ident => $fvariant:ident($fconfig:ty), )* }
    ) => {
        $( pub mod $file; )*
        stages!(@generate
            $( $(#[doc = $cdoc])* #[cfg($ccfg)] [$($cdefault)?] $cname => $cvariant($cconfig), )*
            $( $(#[doc = $fdoc])* #[cfg(all())] [$($fdefault)?] $file => $fvariant($fconfig), )*
        );
    };
    (@generate $( $(#[doc = $doc:literal])* #[cfg($cfg:meta)] [$($default:ident)?] $name:ident => $variant:ident($config:ty), )*) => {

        /// The configuration of one stage, tagged by `"type"`.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "type", rename_all = "snake_case")]
        pub enum StageConfig {
            $( $(#[doc = $doc])* #[cfg($cfg)] $variant($config), )*
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
                    $( #[cfg($cfg)] StageConfig::$variant(_) => stringify!($name), )*
                    StageConfig::Sequence { .. } => "sequence",
                    StageConfig::NerTransformers(_) => "ner_transformers",
                }
            }

            /// The default configuration of the stage called `name`.
            pub fn default_for(name: &str) -> Option<StageConfig> {
                match name {
                    $( #[cfg($cfg)] stringify!($name) => Some(StageConfig::$variant(<$config>::default())), )*
                    _ => None,
                }
            }

            /// Every registered stage name this build has, in registry order.
            pub const ALL: &'static [&'static str] = {
                const N: usize = 0 $( + cfg!($cfg) as usize )*;
                #[allow(unused_assignments, unused_mut)]
                const LIST: [&str; N] = {
                    let mut out = [""; N];
                    let mut i = 0;
                    $( if cfg!($cfg) { out[i] = stringify!($name); i += 1; } )*
                    out
                };
                &LIST
            };

            /// The stages of the default pipeline this build has, in order.
            pub const DEFAULT_PIPELINE: &'static [&'static str] = {
                const N: usize = 0 $( + (cfg!($cfg) && stages!(@is_default $($default)?)) as usize )*;
                #[allow(unused_assignments, unused_mut)]
                const LIST: [&str; N] = {
                    let mut out = [""; N];
                    let mut i = 0;
                    $( if cfg!($cfg) && stages!(@is_default $($default)?) { out[i] = stringify!($name); i += 1; } )*
                    out
                };
                &LIST
            };
        }

        impl BuildStage for StageConfig {
            fn build(&self) -> Result<Box<dyn Stage>, BuildError> {
                match self {
                    $( #[cfg($cfg)] StageConfig::$variant(c) => c.build(), )*
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
    (@is_default default) => { true };
    (@is_default) => { false };
}

const NER_TRANSFORMERS_MOVED: &str = "the `ner_transformers` stage is now a backend of `ner`: \
write {\"type\": \"ner\", \"routes\": {\"*\": {\"backend\": \"transformers\", \"dir\": \"…\"}}}";

// The registry: one line per stage. `[default]` puts it in the default pipeline.
stages! {
    // Stages with a crate of their own (`crates/tidings-<name>`).
    crates {
        /// Boilerplate stripping ([`tidings_clean::CleanConfig`]).
        #[cfg(feature = "clean")]
        [default] clean => Clean(tidings_clean::CleanConfig),
        /// Language detection ([`tidings_lang::LangConfig`]).
        #[cfg(feature = "lang")]
        [default] lang => Lang(tidings_lang::LangConfig),
        /// Named entities ([`tidings_ner::NerConfig`]).
        #[cfg(feature = "ner")]
        [default] ner => Ner(tidings_ner::NerConfig),
        /// Canonical English entity names ([`tidings_normalize::NormalizeConfig`]).
        #[cfg(feature = "normalize")]
        [default] normalize => Normalize(tidings_normalize::NormalizeConfig),
        /// Translation to English ([`tidings_translate::TranslateConfig`]).
        #[cfg(feature = "translate")]
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
