//! The transformer NER backend (cargo feature `transformers`): token
//! classification models — BERT, DistilBERT, RoBERTa, XLM-R — loaded from a
//! local directory in rust-bert's layout (`rust_model.ot` or
//! `model.safetensors`, `config.json`, the vocabulary), tokenised by
//! rust-bert's tokenizers and run by tidings' own encoder (`encoder.rs`:
//! rust-bert 0.23's networks compute GELU as five kernels).
//!
//! How it works, and why it does not call rust-bert's `TokenClassificationModel`:
//! - **Own windowing and batching.** rust-bert 0.23's
//!   `TokenClassificationModel::predict` reads the features of batch *k > 0* with
//!   the row index inside the batch (`features[sentence_idx]` instead of
//!   `features[start + sentence_idx]`, `src/pipelines/token_classification.rs`),
//!   so once the windows of one call exceed its `batch_size` (64) the labels of
//!   later windows are attached to the offsets and documents of the first batch.
//!   On the fixture (94 windows in one call) it panics inside libtorch
//!   (`select(): index 25 out of range for tensor of size [25, 1]`) because a
//!   first-batch window is longer than the second batch's padding; with other
//!   lengths it returns wrong labels silently. Called one input at a time it
//!   matches Python (test `rust_bert_predict_mislabels_inputs_past_its_batch_size`).
//!   tidings tokenises with rust-bert's tokenizers, cuts windows itself
//!   (`window.rs`, same rule as `scripts/make_ner_fixture.py`), sorts them by
//!   length, and runs the network on padded batches; the parity test runs > 64
//!   windows in one call.
//! - **Byte offsets.** rust-bert's tokenizers report offsets in chars; they are
//!   mapped to byte offsets into the text, so `&doc.content[e.start..e.end]` is
//!   the entity.
//! - **Threads.** See [`TransformersNer`]: one model behind a mutex, batched
//!   forward passes, libtorch's own intra-op threads.

mod config;
mod decode;
mod encoder;
mod family;
mod model;
mod predict;
mod window;

#[cfg(test)]
mod tests;

pub use config::{Aggregation, TransformersNerConfig};
pub use predict::{TokenPrediction, TransformersNer};

use tidings_core::StageError;

use crate::backend::NerBackend;
use crate::Mention;

/// The transformer model as a backend of the `ner` stage: the paragraphs of
/// every document in a batch go through the model together (windows sorted
/// by length and padded per forward pass).
impl NerBackend for TransformersNer {
    fn id(&self) -> &str {
        self.tag()
    }

    /// A document's paragraphs are joined with `\n` and tagged as one text
    /// (windows may span paragraphs, as they span the lines of `content`);
    /// mentions are mapped back to their paragraph, and the rare one that
    /// crosses a paragraph break is dropped.
    fn find(&self, docs: &[Vec<&str>]) -> Result<Vec<Vec<Vec<Mention>>>, StageError> {
        let joined: Vec<String> = docs.iter().map(|ps| ps.join("\n")).collect();
        let texts: Vec<&str> = joined.iter().map(String::as_str).collect();
        let found = self.entities(&texts)?;
        Ok(docs
            .iter()
            .zip(found)
            .map(|(paragraphs, entities)| {
                let mut out: Vec<Vec<Mention>> = vec![Vec::new(); paragraphs.len()];
                let mut starts = Vec::with_capacity(paragraphs.len());
                let mut at = 0;
                for p in paragraphs {
                    starts.push(at);
                    at += p.len() + 1;
                }
                for e in entities {
                    let k = starts.partition_point(|&s| s <= e.start).saturating_sub(1);
                    let (start, len) = (starts[k], paragraphs[k].len());
                    if e.end <= start + len {
                        out[k].push(Mention {
                            start: e.start - start,
                            end: e.end - start,
                            label: e.label,
                            score: e.score,
                        });
                    }
                }
                out
            })
            .collect())
    }

    fn prefers_batch(&self) -> bool {
        true
    }
}
