//! The transformer NER backend (cargo feature `transformers`): rust-bert
//! token-classification models — BERT, DistilBERT, RoBERTa, XLM-R — loaded from
//! a local directory.
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
//!   length, and calls the model's `forward_t` on padded batches; the parity test
//!   runs > 64 windows in one call.
//! - **Byte offsets.** rust-bert's tokenizers report offsets in chars; they are
//!   mapped to byte offsets into the text, so `&doc.content[e.start..e.end]` is
//!   the entity.
//! - **Threads.** See [`TransformersNer`]: one model behind a mutex, batched
//!   forward passes, libtorch's own intra-op threads.

mod config;
mod decode;
mod model;
mod predict;
mod window;

#[cfg(test)]
mod tests;

pub use config::{Aggregation, TorchDevice, TransformersNerConfig};
pub use predict::{TokenPrediction, TransformersNer};

use tidings_core::{Document, Entity, Stage, StageError};

/// The `ner` stage backed by a transformer model: fills [`Document::entities`]
/// (byte offsets into [`Document::content`]) from the document's content.
///
/// Entities this model found earlier (same [`Entity::model`]) are replaced;
/// entities of other models are kept.
#[derive(Debug)]
pub struct TransformersNerStage {
    ner: TransformersNer,
}

impl TransformersNerStage {
    /// A stage running `ner`.
    pub fn new(ner: TransformersNer) -> Self {
        TransformersNerStage { ner }
    }

    /// The loaded model.
    pub fn model(&self) -> &TransformersNer {
        &self.ner
    }

    fn store(&self, doc: &mut Document, found: Vec<Entity>) {
        let tag = self.ner.tag();
        doc.entities.retain(|e| e.model != tag);
        doc.entities.extend(found);
        doc.entities.sort_by_key(|e| (e.start, e.end));
    }
}

impl Stage for TransformersNerStage {
    fn name(&self) -> &str {
        model::STAGE
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        doc.ensure_content(self.name())?;
        let mut found = self.ner.entities(&[doc.content.as_str()])?;
        self.store(doc, found.pop().unwrap_or_default());
        Ok(())
    }

    fn process_batch(&self, docs: &mut [Document]) -> Vec<Result<(), StageError>> {
        let mut results: Vec<Result<(), StageError>> = docs
            .iter_mut()
            .map(|d| d.ensure_content(model::STAGE))
            .collect();
        let ready: Vec<usize> = (0..docs.len()).filter(|&i| results[i].is_ok()).collect();
        let texts: Vec<&str> = ready.iter().map(|&i| docs[i].content.as_str()).collect();
        match self.ner.entities(&texts) {
            Ok(found) => {
                for (i, ents) in ready.into_iter().zip(found) {
                    self.store(&mut docs[i], ents);
                }
            }
            Err(e) => {
                for i in ready {
                    results[i] = Err(StageError::new(
                        e.stage.clone(),
                        e.kind,
                        format!("{}: {}", docs[i].id, e.message),
                    ));
                }
            }
        }
        results
    }

    fn prefers_batch(&self) -> bool {
        true
    }
}
