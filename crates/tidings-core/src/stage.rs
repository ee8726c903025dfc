use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use crate::{Document, ErrorKind, StageError, StageTiming};

/// One step of the pipeline: reads some fields of a [`Document`] and fills others.
///
/// A stage must be shareable across threads: the pipeline calls
/// [`Stage::process`] on many documents at once from a rayon pool. Stages that
/// run faster on batches (transformer models) override [`Stage::process_batch`]
/// and return `true` from [`Stage::prefers_batch`]; the pipeline then hands them
/// whole chunks from one thread.
///
/// A stage never panics on purpose and never drops a document: it returns an
/// error, which the pipeline records on the document (see [`run_stage`]).
pub trait Stage: Send + Sync {
    /// Short name used in timings, errors and configs (`clean`, `lang`, `ner`…).
    fn name(&self) -> &str;

    /// Processes one document in place.
    fn process(&self, doc: &mut Document) -> Result<(), StageError>;

    /// Processes a batch; the result has one entry per document, in order.
    /// The default calls [`Stage::process`] on each.
    fn process_batch(&self, docs: &mut [Document]) -> Vec<Result<(), StageError>> {
        docs.iter_mut().map(|d| self.process(d)).collect()
    }

    /// Whether the pipeline should call [`Stage::process_batch`] on whole chunks
    /// instead of [`Stage::process`] on documents in parallel.
    fn prefers_batch(&self) -> bool {
        false
    }
}

impl<S: Stage + ?Sized> Stage for Box<S> {
    fn name(&self) -> &str {
        (**self).name()
    }
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        (**self).process(doc)
    }
    fn process_batch(&self, docs: &mut [Document]) -> Vec<Result<(), StageError>> {
        (**self).process_batch(docs)
    }
    fn prefers_batch(&self) -> bool {
        (**self).prefers_batch()
    }
}

impl<S: Stage + ?Sized> Stage for std::sync::Arc<S> {
    fn name(&self) -> &str {
        (**self).name()
    }
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        (**self).process(doc)
    }
    fn process_batch(&self, docs: &mut [Document]) -> Vec<Result<(), StageError>> {
        (**self).process_batch(docs)
    }
    fn prefers_batch(&self) -> bool {
        (**self).prefers_batch()
    }
}

/// A stage that runs other stages in order; itself a [`Stage`].
#[derive(Default)]
pub struct Sequence {
    stages: Vec<Box<dyn Stage>>,
}

impl std::fmt::Debug for Sequence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.stages.iter().map(|s| s.name()))
            .finish()
    }
}

impl Sequence {
    /// A sequence of `stages`.
    pub fn new(stages: Vec<Box<dyn Stage>>) -> Self {
        Sequence { stages }
    }

    /// The stages, in order.
    pub fn stages(&self) -> &[Box<dyn Stage>] {
        &self.stages
    }
}

impl Stage for Sequence {
    fn name(&self) -> &str {
        "sequence"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        for stage in &self.stages {
            run_stage(stage.as_ref(), doc);
        }
        Ok(())
    }
}

/// Something that builds a stage: the configuration types of each stage crate
/// implement it, so that a pipeline can be described in a serde config file.
pub trait BuildStage {
    /// Builds the stage (loading models, compiling tables…).
    fn build(&self) -> Result<Box<dyn Stage>, crate::BuildError>;
}

/// Runs `stage` on one document: skips rejected documents, catches panics,
/// records any error on the document and its wall time in `timings`.
pub fn run_stage(stage: &dyn Stage, doc: &mut Document) {
    if doc.rejected {
        return;
    }
    let started = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| stage.process(doc)));
    finish(stage.name(), doc, result, started.elapsed().as_micros() as u64);
}

/// Runs a batch stage on a chunk of documents. Rejected documents are left out
/// of the batch. If the batch call panics, each document is retried alone so
/// that the panic is pinned on the document that causes it.
pub fn run_stage_batch(stage: &dyn Stage, docs: &mut [Document]) {
    let started = Instant::now();
    let mut live: Vec<usize> = (0..docs.len()).filter(|&i| !docs[i].rejected).collect();
    if live.is_empty() {
        return;
    }
    // Move the live documents into one contiguous batch.
    let mut batch: Vec<Document> = live.iter().map(|&i| std::mem::take(&mut docs[i])).collect();
    let outcome = catch_unwind(AssertUnwindSafe(|| stage.process_batch(&mut batch)));
    match outcome {
        Ok(results) if results.len() == batch.len() => {
            let each = started.elapsed().as_micros() as u64 / batch.len() as u64;
            for ((slot, mut doc), result) in live.drain(..).zip(batch).zip(results) {
                finish(stage.name(), &mut doc, Ok(result), each);
                docs[slot] = doc;
            }
        }
        Ok(results) => {
            let msg = format!(
                "batch returned {} results for {} documents",
                results.len(),
                batch.len()
            );
            for (slot, mut doc) in live.drain(..).zip(batch) {
                doc.push_error(StageError::new(stage.name(), ErrorKind::Other, msg.clone()));
                docs[slot] = doc;
            }
        }
        Err(_) => {
            // Isolate the offending document(s) by retrying one at a time.
            for (slot, mut doc) in live.drain(..).zip(batch) {
                run_stage(stage, &mut doc);
                docs[slot] = doc;
            }
        }
    }
}

fn finish(
    name: &str,
    doc: &mut Document,
    result: std::thread::Result<Result<(), StageError>>,
    micros: u64,
) {
    match result {
        Ok(Ok(())) => {}
        Ok(Err(e)) => doc.push_error(e),
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            let msg = format!("{}: stage {name} panicked: {what}", doc.id);
            doc.push_error(StageError::new(name, ErrorKind::Panic, msg));
        }
    }
    doc.timings.push(StageTiming {
        stage: name.to_owned(),
        micros,
    });
}
