//! The trained tagger: hashed, quantised weights plus resources, and greedy
//! decoding. [`format`] reads and writes its file; [`rules`] corrects the
//! mentions it decodes.

mod format;
mod rules;

pub(crate) use format::parse_tags;
pub use format::{ModelError, ModelInfo};

use tidings_core::EntityLabel;

use crate::features::{
    history_features, static_features, tag_features, token_infos, type_code, DocStats, History,
    Templates, START_TAG,
};
use crate::labels::{spans_of_tags, Tag, TokenSpan};
use crate::resources::Resources;
use crate::token::TokInfo;
use crate::token::{sentences, tokenize};

/// A trained tagger.
#[derive(Debug, Clone)]
pub struct NerModel {
    info: ModelInfo,
    tags: Vec<Tag>,
    pub(crate) res: Resources,
    /// One bit per row: is the row stored?
    bitmap: Vec<u64>,
    /// Stored rows before each bitmap word.
    rank: Vec<u32>,
    /// Stored rows, `tags.len()` weights each.
    weights: Vec<i16>,
}

/// An entity mention found in a text: `start..end` are **byte** offsets into
/// the text given to [`NerModel::find`].
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset just past the mention.
    pub end: usize,
    /// The entity label.
    pub label: EntityLabel,
    /// Mean probability of the chosen tags over the mention, in `[0, 1]`.
    pub score: f32,
}

impl NerModel {
    /// Says whether the model was trained on documents of several sentences
    /// (see [`ModelInfo::documents`]; [`crate::train`] sets it from the data).
    pub fn set_trained_on_documents(&mut self, yes: bool) {
        self.info.documents = yes;
    }

    /// Sets the free-text training summary stored in the header.
    pub fn set_trained_note(&mut self, note: impl Into<String>) {
        self.info.trained = note.into();
    }

    /// The model's header.
    pub fn info(&self) -> &ModelInfo {
        &self.info
    }

    /// Entity labels this model can produce.
    pub fn labels(&self) -> Vec<EntityLabel> {
        let mut l: Vec<EntityLabel> = self.tags.iter().filter_map(|t| t.label).collect();
        l.sort();
        l.dedup();
        l
    }

    #[inline]
    fn add_row(&self, row: u32, scores: &mut [f32]) {
        let r = row as usize;
        let word = self.bitmap[r / 64];
        let bit = 1u64 << (r % 64);
        if word & bit == 0 {
            return;
        }
        let idx = self.rank[r / 64] as usize + (word & (bit - 1)).count_ones() as usize;
        let l = scores.len();
        for (s, &w) in scores.iter_mut().zip(&self.weights[idx * l..idx * l + l]) {
            *s += w as f32;
        }
    }

    /// Tags one sentence of words: for each word, its tag index and the
    /// probability of that tag (softmax of the scores).
    /// Tags a tokenised sentence on its own; returns the entity spans (token
    /// indices) with scores.
    pub fn tag_words(&self, words: &[&str]) -> Vec<(TokenSpan, f32)> {
        self.tag_document(&[words]).pop().unwrap_or_default()
    }

    /// Tags the tokenised sentences of one document: document-level features
    /// (how each word is cased elsewhere in the document, what was said about
    /// it before) see all of them.
    pub fn tag_document(&self, sentences: &[&[&str]]) -> Vec<Vec<(TokenSpan, f32)>> {
        tag_document_with(&[(self, 1.0)], sentences)
    }

    /// Finds the entities of a text (split into sentences and tokens here).
    /// Offsets are bytes into `text`.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        self.find_in_document(&[text]).pop().unwrap_or_default()
    }

    /// Finds the entities of the paragraphs of one document (document-level
    /// features see all of them); one list per paragraph, offsets are bytes
    /// into that paragraph.
    pub fn find_in_document(&self, paragraphs: &[&str]) -> Vec<Vec<Mention>> {
        find_in_document_with(&[(self, 1.0)], paragraphs)
    }
}

/// Greedy decoding with the weighted sum of several models' scores (one model
/// with weight 1 is plain decoding). All models must share the first model's
/// tag set; the others are skipped otherwise.
pub(crate) fn decode_mixture(
    parts: &[(&NerModel, f32)],
    words: &[&str],
    doc: &DocStats,
    hist: &mut History,
) -> Decoded {
    let Some((first, _)) = parts.first() else {
        return Decoded {
            tags: vec![None; words.len()],
            probs: vec![0.0; words.len()],
            places: Vec::new(),
        };
    };
    let tags = &first.tags;
    let mut parts: Vec<(&NerModel, f32, Vec<TokInfo>)> = parts
        .iter()
        .filter(|(m, _)| m.tags == *tags)
        .map(|&(m, w)| {
            let infos = token_infos(words, &m.res, Some(doc), m.info.case_aware());
            (m, w * m.info.scale, infos)
        })
        .collect();
    // A sentence whose casing a case-aware model finds uninformative is left
    // to the case-aware models: the others read casing that is not there.
    let caseless = |p: &(&NerModel, f32, Vec<TokInfo>)| p.2.first().is_some_and(|t| t.caseless);
    if parts.iter().any(caseless) {
        parts.retain(|p| p.0.info.case_aware());
    }
    let l = tags.len();
    let mut feats = Vec::with_capacity(64);
    let mut raw = vec![0f32; l];
    let mut scores = vec![0f32; l];
    let mut out = Vec::with_capacity(words.len());
    let mut probs = Vec::with_capacity(words.len());
    let (mut p1, mut p2) = (START_TAG, START_TAG);
    for i in 0..words.len() {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for (m, w, infos) in &parts {
            let bits = m.info.bits;
            feats.clear();
            static_features(
                words,
                infos,
                i,
                bits,
                Templates {
                    entities: m.res.has_entities(),
                    extended: m.info.features >= 2,
                    name_words: m.res.has_name_words(),
                    char_ngrams: m.info.char_ngrams,
                    clusters: m.res.has_clusters(),
                },
                &mut feats,
            );
            feats.extend(tag_features(infos, i, p1, p2, bits));
            feats.extend(history_features(infos, i, hist, bits));
            raw.iter_mut().for_each(|s| *s = 0.0);
            for &f in &feats {
                m.add_row(f, &mut raw);
            }
            for (s, r) in scores.iter_mut().zip(&raw) {
                *s += r * w;
            }
        }
        let prev = (p1 != START_TAG).then(|| tags[p1 as usize]);
        let best = best_valid(tags, &scores, prev);
        probs.push(softmax_at(tags, &scores, prev, best, 1.0));
        out.push(Some(tags[best]));
        p2 = p1;
        p1 = best as u8;
    }
    let types: Vec<u8> = out
        .iter()
        .map(|t| type_code(t.and_then(|t| t.label)))
        .collect();
    if let Some((_, _, infos)) = parts.first() {
        hist.record(words, infos, &types);
    }
    let places = parts
        .first()
        .map(|(_, _, infos)| infos.iter().map(|t| t.gaz).collect())
        .unwrap_or_default();
    Decoded {
        tags: out,
        probs,
        places,
    }
}

/// A sentence's decoding: a tag per word, the probability of each tag, and
/// the first model's gazetteer marks (`TokInfo::gaz`: 1 begins a place name,
/// 2 goes on with it; empty without a model).
pub(crate) struct Decoded {
    pub(crate) tags: Vec<Option<Tag>>,
    pub(crate) probs: Vec<f32>,
    pub(crate) places: Vec<u8>,
}

/// A weighted mixture of models with the same tag set, decoded together: at
/// each token the tag scores are the weighted sum of the models' scores
/// (e.g. a small in-language model with the multilingual one).
#[derive(Debug, Clone)]
pub struct Mixture {
    parts: Vec<(std::sync::Arc<NerModel>, f32)>,
}

impl Mixture {
    /// A mixture of `(model, weight)` parts; models whose tag set differs from
    /// the first one's are ignored when decoding.
    pub fn new(parts: Vec<(std::sync::Arc<NerModel>, f32)>) -> Self {
        Mixture { parts }
    }

    /// One model alone.
    pub fn single(model: std::sync::Arc<NerModel>) -> Self {
        Mixture::new(vec![(model, 1.0)])
    }

    /// Like [`NerModel::tag_document`], with the mixture.
    pub fn tag_document(&self, sentences: &[&[&str]]) -> Vec<Vec<(TokenSpan, f32)>> {
        let parts: Vec<(&NerModel, f32)> =
            self.parts.iter().map(|(m, w)| (m.as_ref(), *w)).collect();
        tag_document_with(&parts, sentences)
    }

    /// Like [`NerModel::find_in_document`], with the mixture.
    pub fn find_in_document(&self, paragraphs: &[&str]) -> Vec<Vec<Mention>> {
        let parts: Vec<(&NerModel, f32)> =
            self.parts.iter().map(|(m, w)| (m.as_ref(), *w)).collect();
        find_in_document_with(&parts, paragraphs)
    }
}

fn tag_document_with(
    parts: &[(&NerModel, f32)],
    sentences: &[&[&str]],
) -> Vec<Vec<(TokenSpan, f32)>> {
    // A model trained on one-sentence documents (MasakhaNER, NERP) never saw
    // document-level evidence: it reads each sentence alone, as in training.
    let per_sentence = parts.first().is_some_and(|(m, _)| !m.info.documents);
    let whole = (!per_sentence).then(|| DocStats::new(sentences.iter().copied()));
    let mut hist = History::default();
    sentences
        .iter()
        .map(|words| {
            let own;
            let stats = match &whole {
                Some(stats) => stats,
                None => {
                    hist = History::default();
                    own = DocStats::new(std::iter::once(*words));
                    &own
                }
            };
            let Decoded {
                tags,
                probs,
                places,
            } = decode_mixture(parts, words, stats, &mut hist);
            let mut spans = spans_of_tags(&tags);
            rules::apply(
                words,
                parts.first().map(|(m, _)| &m.res),
                &places,
                &mut spans,
            );
            spans
                .into_iter()
                .map(|s| {
                    let p = &probs[s.start..s.end];
                    let mean = p.iter().sum::<f32>() / p.len() as f32;
                    // A mention a rule made where the model read only `O`
                    // scores the model's belief that these words are a
                    // name: what it left to the other tags.
                    let outside = tags[s.start..s.end]
                        .iter()
                        .all(|t| t.is_some_and(|t| t.label.is_none()));
                    (s, if outside { 1.0 - mean } else { mean })
                })
                .collect()
        })
        .collect()
}

fn find_in_document_with(parts: &[(&NerModel, f32)], paragraphs: &[&str]) -> Vec<Vec<Mention>> {
    // (paragraph, sentence start, tokens relative to the sentence)
    let mut sents: Vec<(usize, usize, Vec<crate::token::Token>)> = Vec::new();
    for (p, text) in paragraphs.iter().enumerate() {
        for (a, b) in sentences(text) {
            sents.push((p, a, tokenize(&text[a..b])));
        }
    }
    let words: Vec<Vec<&str>> = sents
        .iter()
        .map(|(p, a, toks)| {
            toks.iter()
                .map(|t| &paragraphs[*p][a + t.start..a + t.end])
                .collect()
        })
        .collect();
    let refs: Vec<&[&str]> = words.iter().map(Vec::as_slice).collect();
    let mut out = vec![Vec::new(); paragraphs.len()];
    for ((p, a, toks), spans) in sents.iter().zip(tag_document_with(parts, &refs)) {
        for (span, score) in spans {
            out[*p].push(Mention {
                start: a + toks[span.start].start,
                end: a + toks[span.end - 1].end,
                label: span.label,
                score,
            });
        }
    }
    out
}

/// The highest-scoring tag that may follow `prev`.
pub(crate) fn best_valid(tags: &[Tag], scores: &[f32], prev: Option<Tag>) -> usize {
    let mut best = 0;
    let mut best_score = f32::NEG_INFINITY;
    for (k, (t, &s)) in tags.iter().zip(scores).enumerate() {
        if s > best_score && t.may_follow(prev) {
            best = k;
            best_score = s;
        }
    }
    best
}

fn softmax_at(tags: &[Tag], scores: &[f32], prev: Option<Tag>, at: usize, scale: f32) -> f32 {
    let top = scores[at];
    let mut z = 0f32;
    for (t, &s) in tags.iter().zip(scores) {
        if t.may_follow(prev) {
            z += ((s - top) * scale).exp();
        }
    }
    if z > 0.0 {
        1.0 / z
    } else {
        0.0
    }
}
