//! **tidings** turns scraped multilingual web documents — raw HTML, or plain
//! text with one paragraph per line, still wrapped in site chrome — into clean,
//! language-tagged, entity-annotated, English-normalised records, in parallel,
//! without losing a document.
//!
//! A [`Pipeline`] runs [`Stage`]s over a stream of [`Document`]s on a rayon
//! pool. The stages live in their own crates and are re-exported here:
//!
//! | stage | module | what it fills |
//! |---|---|---|
//! | `clean` | [`clean`] | `title`, `content`, `paragraphs`, `boilerplate` |
//! | `lang` | [`lang`] | `language`, each paragraph's language |
//! | `ner` | [`ner`] | `entities` |
//! | `normalize` | [`normalize`] | each entity's `canonical` name |
//! | `translate` | [`translate`] | `translation` (`text_en`, status, alignment) |
//!
//! # Example
//!
//! ```
//! use tidings::{Document, PipelineConfig};
//!
//! // Pipelines are built from code or from a serde config (JSON).
//! let config: PipelineConfig = serde_json::from_str(
//!     r#"{"stages": [{"type": "lang", "min_paragraph_chars": 30}]}"#).unwrap();
//! let pipeline = config.build().unwrap();
//!
//! let mut doc = Document::new("seed", "Pemimpin Korea Utara Kim Jong-un bertemu dengan delegasi China di Pyongyang.");
//! pipeline.process(&mut doc);
//! assert_eq!(doc.language.unwrap().iso639_3, "ind");
//! ```
//!
//! Reading files, directories, JSON Lines (plain, gzip, zstd), WARC and
//! Parquet, and writing JSON Lines or Parquet, is in [`io`]; corpus runs
//! split into ranks (shards, completion markers, per-rank stats) are in
//! [`shard`]; the Arrow schema is the `tidings-arrow` crate (feature
//! `parquet`, on by default). The `tidings` command wraps all of it.

#![warn(missing_docs)]
/// The README's snippets, compiled and run by `cargo test --doc`.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;

/// The guide's snippets (`docs/guide.md`), compiled and run by `cargo test --doc`.
#[cfg(doctest)]
#[doc = include_str!("../../../docs/guide.md")]
pub struct GuideDoctests;

/// The architecture page's snippets (`docs/architecture.md`).
#[cfg(doctest)]
#[doc = include_str!("../../../docs/architecture.md")]
pub struct ArchitectureDoctests;

pub mod bench;
pub mod config;
pub mod io;
mod pipeline;
pub mod run;
pub mod shard;
pub mod stages;

pub use config::StageConfig;
pub use pipeline::{Pipeline, PipelineConfig, RunStats};
// The record and the stage API, by name; the core's helpers (stop words,
// title and particle tables, text utilities) stay one path away, in `core`.
pub use tidings_core as core;
pub use tidings_core::{
    panic_message, run_stage, run_stage_batch, run_stages_on_chunk, Alignment, Boilerplate,
    BoilerplateReason, BuildError, BuildStage, CleanReport, Device, Document, EncodingSource,
    Entity, EntityLabel, ErrorKind, Format, KeptAll, Language, LanguageCode, LanguageOrigin,
    LanguageSource, Paragraph, RecordError, Sequence, SizeSeen, Stage, StageError, StageTiming,
    TextEncoding, Translation, TranslationStatus, DEFAULT_MAX_BYTES, READ_STAGE,
};

#[cfg(feature = "clean")]
pub use tidings_clean as clean;
#[cfg(feature = "lang")]
pub use tidings_lang as lang;
#[cfg(feature = "ner")]
pub use tidings_ner as ner;
#[cfg(feature = "normalize")]
pub use tidings_normalize as normalize;
#[cfg(feature = "translate")]
pub use tidings_translate as translate;
