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
            if stage.prefers_batch() {
                run_stage_batch(stage.as_ref(), std::slice::from_mut(doc));
            } else {
                run_stage(stage.as_ref(), doc);
            }
        }
        Ok(())
    }

    /// Runs the inner stages on the chunk as a pipeline does
    /// ([`run_stages_on_chunk`]): a batch stage inside gets the whole chunk.
    fn process_batch(&self, docs: &mut [Document]) -> Vec<Result<(), StageError>> {
        run_stages_on_chunk(&self.stages, docs);
        docs.iter().map(|_| Ok(())).collect()
    }

    /// A sequence batches when any stage in it does.
    fn prefers_batch(&self) -> bool {
        self.stages.iter().any(|s| s.prefers_batch())
    }
}

/// Runs `stages` on a chunk of documents, in parallel on the current rayon
/// pool: consecutive per-document stages run back to back on each document; a
/// batch stage ([`Stage::prefers_batch`]) gets the whole chunk at once. Errors
/// and panics are recorded on their documents ([`run_stage`],
/// [`run_stage_batch`]).
pub fn run_stages_on_chunk(stages: &[Box<dyn Stage>], docs: &mut [Document]) {
    use rayon::prelude::*;
    let mut i = 0;
    while i < stages.len() {
        if stages[i].prefers_batch() {
            run_stage_batch(stages[i].as_ref(), docs);
            i += 1;
            continue;
        }
        let j = (i..stages.len())
            .find(|&k| stages[k].prefers_batch())
            .unwrap_or(stages.len());
        let segment = &stages[i..j];
        docs.par_iter_mut().with_max_len(1).for_each(|doc| {
            for stage in segment {
                run_stage(stage.as_ref(), doc);
            }
        });
        i = j;
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
    finish(
        stage.name(),
        doc,
        result,
        started.elapsed().as_micros() as u64,
    );
}

/// Runs a batch stage on a chunk of documents. Rejected documents are left out
/// of the batch. If the batch call panics, each document is retried alone, from
/// a copy taken before the batch (a panicking batch may have half-written some
/// documents), so that the panic is pinned on the document that causes it.
/// The copy costs one clone of the chunk per batch stage; batch stages are model
/// inference, which dwarfs it.
pub fn run_stage_batch(stage: &dyn Stage, docs: &mut [Document]) {
    let started = Instant::now();
    let mut live: Vec<usize> = (0..docs.len()).filter(|&i| !docs[i].rejected).collect();
    if live.is_empty() {
        return;
    }
    // Move the live documents into one contiguous batch.
    let mut batch: Vec<Document> = live.iter().map(|&i| std::mem::take(&mut docs[i])).collect();
    let backup = batch.clone();
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
            for (slot, mut doc) in live.drain(..).zip(backup) {
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
            let what = panic_message(payload.as_ref()).unwrap_or("unknown panic");
            let msg = format!("{}: stage {name} panicked: {what}", doc.id);
            doc.push_error(StageError::new(name, ErrorKind::Panic, msg));
        }
    }
    doc.timings.push(StageTiming {
        stage: name.to_owned(),
        micros,
    });
}

/// The message of a panic payload (`panic!("…")` gives a `&str` or a
/// `String`), if it has one.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> Option<&str> {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
}
