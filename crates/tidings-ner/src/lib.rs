//! Named-entity recognition for tidings: people (`PER`), organisations
//! (`ORG`), places (`LOC`) and, for English, miscellaneous names (`MISC`).
//!
//! The default backend is a greedy averaged-perceptron tagger that tidings
//! trains itself (`cargo run --release -p tidings-tools --bin train_ner`) on CoNLL-2003
//! (English), the MasakhaNER 2.0 transfer corpus (22 languages) and NERP
//! (lowercased Indonesian). Its features — word, affixes, shape, casing, a ±2
//! word window, the two previous tags, CLDR place names and a
//! lowercase-vocabulary prior — are hashed into a fixed table of i16 weights.
//! Three models are compiled into the library (feature `embedded-models`, on
//! by default), so no file is needed at run time: `en` for English (with
//! MISC), `id` for Indonesian (case-aware: cased news and lowercased text
//! alike), and `multi` for every other language. Model cards:
//! `models/ner/*.md`.
//!
//! Whatever the backend, the stage keeps a person's leading titles outside
//! the name ([`title_prefix_len`]) and drops a mention that is only a title.
//!
//! ```
//! use tidings_core::{Document, Stage, EntityLabel};
//! use tidings_ner::{NerConfig, NerStage};
//!
//! # if !cfg!(feature = "embedded-models") { return; }
//! let stage = NerStage::new(NerConfig::default()).unwrap();
//! let mut doc = Document::new("d", "Kim Jong Un met Xi Jinping in Beijing on Tuesday.");
//! stage.process(&mut doc).unwrap();
//! for e in &doc.entities {
//!     // Offsets are bytes into `content`.
//!     assert_eq!(&doc.content[e.start..e.end], e.text);
//! }
//! let people: Vec<&str> = doc.entities.iter()
//!     .filter(|e| e.label == EntityLabel::Person)
//!     .map(|e| e.text.as_str())
//!     .collect();
//! assert!(people.contains(&"Xi Jinping"), "{people:?}");
//! ```
//!
//! The stage picks a model by each paragraph's language (set by the `lang`
//! stage; see [`NerConfig`]); model files written by the trainer can be used
//! instead of, or besides, the embedded ones:
//!
//! ```no_run
//! use tidings_ner::{NerConfig, NerModel};
//! let config = NerConfig::default().model("id", "models/ner/id.tdn");
//! let model = NerModel::load("models/ner/en.tdn").unwrap();
//! let found = model.find("Angela Merkel visited Paris.");
//! ```

#![warn(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

mod backend;
mod data;
mod embedded;
mod eval;
mod features;
mod hash;
mod labels;
mod model;
mod resources;
mod stage;
mod token;
mod train;

pub use backend::NerBackend;
pub use data::{cldr_place_names, keep_types, nerp_tag, read_conll, read_spans, Sentence};
pub use embedded::{embedded_model, EMBEDDED};
pub use eval::{evaluate, evaluate_raw, evaluate_with, Counts, Evaluation, RawRecords};
pub use labels::{spans_of, TokenSpan};
pub use model::{Mention, Mixture, ModelError, ModelInfo, NerModel};
pub use stage::{NerBackendConfig, NerConfig, NerStage};
pub use tidings_core::{is_only_titles, title_prefix_len};
pub use token::{sentences, tokenize, Token};
pub use train::{train, TrainConfig, TrainReport};

#[cfg(feature = "transformers")]
mod transformers;
#[cfg(feature = "transformers")]
pub use transformers::{Aggregation, TokenPrediction, TransformersNer, TransformersNerConfig};

pub use tidings_core::Device;
