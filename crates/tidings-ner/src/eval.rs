//! Entity-level evaluation, the conlleval definition: a predicted entity counts
//! only when its span and label both match a gold entity exactly.

use std::collections::{BTreeMap, HashSet};
use std::time::Instant;

use tidings_core::EntityLabel;

use crate::data::Sentence;
use crate::labels::spans_of;
use crate::model::NerModel;

/// True positives, false positives and false negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Predicted and gold.
    pub tp: usize,
    /// Predicted, not gold.
    pub fp: usize,
    /// Gold, not predicted.
    pub fn_: usize,
}

impl Counts {
    /// tp / (tp + fp), 0 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// tp / (tp + fn), 0 when there is no gold entity.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// The result of evaluating a model on a set of sentences.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    /// Counts per label.
    pub per_label: BTreeMap<EntityLabel, Counts>,
    /// Counts over all labels (micro average, what conlleval reports).
    pub total: Counts,
    /// Tokens tagged.
    pub tokens: usize,
    /// Seconds spent tagging (one thread).
    pub seconds: f64,
}

impl Evaluation {
    /// Tokens per second.
    pub fn tokens_per_second(&self) -> f64 {
        if self.seconds > 0.0 {
            self.tokens as f64 / self.seconds
        } else {
            0.0
        }
    }
}

/// Tags the gold tokens of `sentences` with `model` (on this thread; a run of
/// consecutive sentences with the same `doc` is one document) and compares
/// entities with the gold ones.
pub fn evaluate(model: &NerModel, sentences: &[Sentence]) -> Evaluation {
    evaluate_with(|doc| model.tag_document(doc), sentences)
}

/// Like [`evaluate`], with any tagger of documents (e.g. a [`crate::Mixture`]).
pub fn evaluate_with(
    tag_document: impl Fn(&[&[&str]]) -> Vec<Vec<(crate::TokenSpan, f32)>>,
    sentences: &[Sentence],
) -> Evaluation {
    let mut ev = Evaluation::default();
    let mut predicted = Vec::with_capacity(sentences.len());
    let started = Instant::now();
    let runs = crate::data::doc_runs(sentences);
    let mut i = 0;
    while i < sentences.len() {
        let (a, b) = runs[i];
        let words: Vec<Vec<&str>> = sentences[a..b]
            .iter()
            .map(|s| s.words.iter().map(String::as_str).collect())
            .collect();
        let refs: Vec<&[&str]> = words.iter().map(Vec::as_slice).collect();
        predicted.extend(tag_document(&refs));
        ev.tokens += words.iter().map(Vec::len).sum::<usize>();
        i = b;
    }
    ev.seconds = started.elapsed().as_secs_f64();
    for (s, pred) in sentences.iter().zip(predicted) {
        let gold: HashSet<_> = spans_of(s.tags.iter().map(String::as_str))
            .into_iter()
            .collect();
        let pred: HashSet<_> = pred.into_iter().map(|(span, _)| span).collect();
        ev.tally(&gold, &pred, |s| s.label);
    }
    ev.sum();
    ev
}

impl Evaluation {
    /// Counts one unit's gold and predicted entities (exact match) per label.
    fn tally<T: Eq + std::hash::Hash>(
        &mut self,
        gold: &HashSet<T>,
        pred: &HashSet<T>,
        label: impl Fn(&T) -> EntityLabel,
    ) {
        for g in gold {
            let c = self.per_label.entry(label(g)).or_default();
            if pred.contains(g) {
                c.tp += 1;
            } else {
                c.fn_ += 1;
            }
        }
        for p in pred.difference(gold) {
            self.per_label.entry(label(p)).or_default().fp += 1;
        }
    }

    /// `total` from the per-label counts.
    fn sum(&mut self) {
        for c in self.per_label.values() {
            self.total.add(*c);
        }
    }
}

/// How [`evaluate_raw`] turns a test set into records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawRecords {
    /// Each document (a run of sentences with the same `doc`) is one record,
    /// one sentence per line.
    Document,
    /// Each sentence is a record of its own.
    Sentence,
}

/// Scores the path a user takes: the gold tokens of each record are joined by
/// single spaces into raw text (sentences one per line), each record is a
/// [`Document`](tidings_core::Document) with the given language, and `stage`
/// (e.g. the `ner` stage, tidings' own sentence splitter, tokenizer and
/// document features included) finds its entities. A found entity counts when
/// its byte span and label equal a gold entity's.
pub fn evaluate_raw(
    stage: &dyn tidings_core::Stage,
    sentences: &[Sentence],
    language: Option<tidings_core::Language>,
    records: RawRecords,
) -> Evaluation {
    use tidings_core::Document;
    let runs = crate::data::doc_runs(sentences);
    let mut docs = Vec::new();
    // Gold entities per record: (byte start, byte end, label).
    let mut gold: Vec<HashSet<(usize, usize, EntityLabel)>> = Vec::new();
    let mut ev = Evaluation::default();
    let mut i = 0;
    while i < sentences.len() {
        let b = match records {
            RawRecords::Document => runs[i].1,
            RawRecords::Sentence => i + 1,
        };
        let mut text = String::new();
        let mut spans = HashSet::new();
        for s in &sentences[i..b] {
            if !text.is_empty() {
                text.push('\n');
            }
            let mut offsets = Vec::with_capacity(s.words.len());
            for (k, w) in s.words.iter().enumerate() {
                if k > 0 {
                    text.push(' ');
                }
                offsets.push((text.len(), text.len() + w.len()));
                text.push_str(w);
            }
            for span in spans_of(s.tags.iter().map(String::as_str)) {
                spans.insert((offsets[span.start].0, offsets[span.end - 1].1, span.label));
            }
            ev.tokens += s.words.len();
        }
        let mut doc = Document::new(format!("doc-{}", docs.len()), text);
        doc.language = language.clone();
        docs.push(doc);
        gold.push(spans);
        i = b;
    }
    let started = Instant::now();
    let _ = stage.process_batch(&mut docs);
    ev.seconds = started.elapsed().as_secs_f64();
    for (doc, gold) in docs.iter().zip(&gold) {
        let pred: HashSet<(usize, usize, EntityLabel)> = doc
            .entities
            .iter()
            .map(|e| (e.start, e.end, e.label))
            .collect();
        ev.tally(gold, &pred, |g| g.2);
    }
    ev.sum();
    ev
}
