#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A `{"type": "sequence"}` stage batches like the pipeline: a batch stage
//! inside it gets whole chunks, and the per-document stages around it still
//! run on every document.

use std::sync::Mutex;

use tidings::{Document, Pipeline, Sequence, Stage, StageError};

/// A batch stage that records the size of every batch it is given.
#[derive(Default)]
struct BatchProbe {
    batches: Mutex<Vec<usize>>,
}

impl Stage for BatchProbe {
    fn name(&self) -> &str {
        "probe"
    }
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        self.process_batch(std::slice::from_mut(doc)).remove(0)
    }
    fn process_batch(&self, docs: &mut [Document]) -> Vec<Result<(), StageError>> {
        self.batches.lock().unwrap().push(docs.len());
        docs.iter_mut()
            .for_each(|d| d.content.push_str(" [probed]"));
        docs.iter().map(|_| Ok(())).collect()
    }
    fn prefers_batch(&self) -> bool {
        true
    }
}

/// A per-document stage.
struct Shout;

impl Stage for Shout {
    fn name(&self) -> &str {
        "shout"
    }
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        doc.content = doc.text.to_uppercase();
        Ok(())
    }
}

#[test]
fn a_batch_stage_inside_a_sequence_gets_whole_chunks() {
    let probe = std::sync::Arc::new(BatchProbe::default());
    let sequence = Sequence::new(vec![Box::new(Shout), Box::new(probe.clone())]);
    assert!(sequence.prefers_batch());
    let pipeline = Pipeline::new(vec![Box::new(sequence)]).chunk_size(4);
    let docs: Vec<Document> = (0..10)
        .map(|i| Document::new(format!("d{i}"), format!("text {i}")))
        .collect();
    let mut out = Vec::new();
    pipeline
        .run(docs, |d| {
            out.push(d);
            Ok::<_, std::io::Error>(())
        })
        .unwrap();
    assert_eq!(*probe.batches.lock().unwrap(), [4, 4, 2]);
    let contents: Vec<&str> = out.iter().map(|d| d.content.as_str()).collect();
    assert_eq!(contents[0], "TEXT 0 [probed]");
    assert_eq!(contents[9], "TEXT 9 [probed]");
    // Each inner stage is timed on each document, inside the sequence's own timing.
    let stages: Vec<&str> = out[3].timings.iter().map(|t| t.stage.as_str()).collect();
    assert_eq!(stages, ["shout", "probe", "sequence"]);
}

#[test]
fn a_sequence_of_per_document_stages_does_not_batch() {
    let sequence = Sequence::new(vec![Box::new(Shout)]);
    assert!(!sequence.prefers_batch());
}
