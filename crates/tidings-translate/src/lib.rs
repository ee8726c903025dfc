//! Translation to English for tidings, and the metrics to judge it.
//!
//! The [`TranslateStage`] sets [`Document::translation`](tidings_core::Document::translation)
//! on every document:
//!
//! - English documents pass through: `skipped_english`, `text_en` = `content`;
//! - documents in a language routed to a model are translated: the cleaned
//!   content is cut into sentences (unicode-segmentation), sentences longer
//!   than the model accepts are split at word boundaries (never truncated),
//!   sentences are packed into batches by a token budget, and the English text
//!   is reassembled paragraph by paragraph (`\n` between paragraphs) with one
//!   [`Alignment`](tidings_core::Alignment) per sentence: byte offsets into
//!   `content` on the source side and into `text_en` on the English side;
//!   paragraphs already in English are copied;
//! - otherwise the record says `no_model` (or `failed`, with the error).
//!
//! Models are rust-bert Marian (opus-mt), M2M100 and NLLB loaded from local
//! directories only ([`ModelSpec`]), behind the cargo feature `transformers`
//! (needs libtorch: `scripts/setup-libtorch.sh`). Without it, the default stage
//! still runs and records `no_model` for non-English documents:
//!
//! ```
//! use tidings_core::{Document, Language, Stage, TranslationStatus};
//! use tidings_translate::{TranslateConfig, TranslateStage};
//!
//! let stage = TranslateStage::new(TranslateConfig::default()).unwrap();
//! let lang = |code: &str| Language {
//!     iso639_3: code.into(), iso639_1: None, name: String::new(), script: None,
//!     confidence: 1.0, reliable: true, source: Default::default(),
//! };
//! let mut id = Document::new("id", "Korea Utara meluncurkan rudal.");
//! id.language = Some(lang("ind"));
//! let mut en = Document::new("en", "North Korea launched a missile.");
//! en.language = Some(lang("eng"));
//! stage.process(&mut id).unwrap();
//! stage.process(&mut en).unwrap();
//! assert_eq!(id.translation.unwrap().status,
//!            TranslationStatus::NoModel { language: Some("ind".into()) });
//! let t = en.translation.unwrap();
//! assert_eq!(t.status, TranslationStatus::SkippedEnglish);
//! assert_eq!(t.text_en.as_deref(), Some("North Korea launched a missile."));
//! ```
//!
//! A config routing Indonesian to a local opus-mt and everything else to NLLB
//! (JSON, as in a pipeline file):
//!
//! ```json
//! {"type": "translate",
//!  "routes": {"id": {"kind": "marian", "dir": "models/opus-mt-id-en"}},
//!  "fallback": {"kind": "nllb", "dir": "models/nllb-200-distilled-600M"},
//!  "batch_tokens": 4096, "max_length": 256, "device": "auto", "num_beams": 1}
//! ```
//!
//! Other backends plug in through the [`Translator`] trait
//! ([`TranslateStage::with_translator`]).
//!
//! # Metrics
//!
//! [`corpus_bleu`] and [`corpus_chrf`] follow sacreBLEU 2.x's defaults (BLEU:
//! `13a` tokenizer, `exp` smoothing; chrF2: character 6-grams, beta 2):
//!
//! ```
//! use tidings_translate::{corpus_bleu, corpus_chrf};
//! let refs = ["The cat sat on the mat."];
//! assert!((corpus_bleu(&["The cat sat on the mat."], &refs) - 100.0).abs() < 1e-9);
//! assert!(corpus_chrf(&["The cat sat on a mat."], &refs) < 100.0);
//! ```

#![warn(missing_docs)]
mod config;
#[cfg(feature = "transformers")]
mod rust_bert_backend;
mod score;
mod segment;
mod stage;
mod translator;

pub use config::{Device, ModelKind, ModelSpec, TranslateConfig, WEIGHT_FILES};
#[cfg(feature = "transformers")]
pub use rust_bert_backend::RustBertTranslator;
pub use score::{corpus_bleu, corpus_chrf, tokenize_13a, BleuStats, ChrfStats};
pub use stage::TranslateStage;
pub use translator::{TranslateError, Translator};
