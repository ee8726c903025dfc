//! Tokenising texts, batching their windows through the model, and putting the
//! per-token predictions back together.

use std::sync::Mutex;

use rust_tokenizers::Mask;
use tch::Tensor;
use tidings_core::{BuildError, Entity, ErrorKind, StageError};

use super::decode::{decode, softmax};
use super::model::{self, Loaded, Net, STAGE};
use super::window::{owners, windows};
use super::{Aggregation, TransformersNerConfig};

/// The model's prediction for one word-piece token of a text.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenPrediction {
    /// Byte offset into the text (the `&str` given to
    /// [`TransformersNer::predict_tokens`]) of the token's first byte.
    pub start: usize,
    /// Byte offset into the text just past the token.
    pub end: usize,
    /// The vocabulary id the model saw.
    pub token_id: i64,
    /// Whether the token begins a word (false for `##` pieces and other continuations).
    pub word_start: bool,
    /// The most likely label (`B-PER`, `O`…).
    pub label: String,
    /// Index of `label` in [`TransformersNer::labels`].
    pub label_id: usize,
    /// Softmax probability of `label`.
    pub score: f32,
    /// Raw logits, one per label, in [`TransformersNer::labels`] order.
    pub logits: Vec<f32>,
}

/// A loaded transformer token-classification model.
///
/// # Sharing across threads
/// tch tensors are `Send` but not `Sync`, so the network sits behind a
/// [`Mutex`]: one forward pass runs at a time, and each pass is parallel inside
/// libtorch (its intra-op thread pool; set [`TransformersNerConfig::threads`]).
/// The stage prefers batches, so the pipeline hands it whole chunks of documents
/// from one thread and all their windows go through the model in
/// `batch_size`-window forward passes — rayon threads never contend for the
/// model and never oversubscribe the cores that libtorch already uses.
pub struct TransformersNer {
    net: Mutex<Net>,
    inner: Loaded2,
}

/// The `Sync` part of [`Loaded`].
struct Loaded2 {
    tokenizer: rust_bert::pipelines::common::TokenizerOption,
    labels: Vec<String>,
    device: tch::Device,
    prefix: Vec<i64>,
    suffix: Vec<i64>,
    pad_id: i64,
    max_len: usize,
    stride: usize,
    batch_size: usize,
    aggregation: Aggregation,
    min_score: f32,
    tag: String,
    family: &'static str,
}

impl std::fmt::Debug for TransformersNer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TransformersNer")
            .field("model", &self.inner.tag)
            .field("labels", &self.inner.labels)
            .field("device", &self.inner.device)
            .field("max_len", &self.inner.max_len)
            .field("stride", &self.inner.stride)
            .field("batch_size", &self.inner.batch_size)
            .finish()
    }
}

/// One text, tokenised.
struct Encoded {
    ids: Vec<i64>,
    /// Byte offsets into the text.
    spans: Vec<(usize, usize)>,
    word_start: Vec<bool>,
    windows: Vec<(usize, usize)>,
}

impl TransformersNer {
    /// Loads the model described by `config` (see [`TransformersNerConfig`] for
    /// the files it reads).
    pub fn load(config: &TransformersNerConfig) -> Result<Self, BuildError> {
        let Loaded {
            net,
            tokenizer,
            family,
            labels,
            device,
            prefix,
            suffix,
            pad_id,
            max_len,
            stride,
            tag,
        } = model::load(config)?;
        Ok(TransformersNer {
            net: Mutex::new(net),
            inner: Loaded2 {
                tokenizer,
                labels,
                device,
                prefix,
                suffix,
                pad_id,
                max_len,
                stride,
                batch_size: config.batch_size,
                aggregation: config.aggregation,
                min_score: config.min_score,
                tag,
                family: family.as_str(),
            },
        })
    }

    /// The model's labels, index = label id (`config.json`'s `id2label`).
    pub fn labels(&self) -> &[String] {
        &self.inner.labels
    }

    /// The name entities carry in [`Entity::model`]: `bert:<model directory name>`.
    pub fn tag(&self) -> &str {
        &self.inner.tag
    }

    /// The model family (`bert`, `distilbert`, `roberta`, `xlm-roberta`).
    pub fn family(&self) -> &str {
        self.inner.family
    }

    /// Tokens per window (special tokens included) and the overlap of consecutive windows.
    pub fn window(&self) -> (usize, usize) {
        (self.inner.max_len, self.inner.stride)
    }

    fn encode(&self, text: &str) -> Encoded {
        let t = self.inner.tokenizer.tokenize_with_offsets(text);
        let ids = self.inner.tokenizer.convert_tokens_to_ids(&t.tokens);
        // char index -> byte offset (rust_tokenizers counts chars).
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        let last = bytes.len() - 1;
        let mut spans = Vec::with_capacity(ids.len());
        let mut prev_end = 0;
        for off in &t.offsets {
            let span = match off {
                Some(o) => {
                    let s = bytes[(o.begin as usize).min(last)];
                    let e = bytes[(o.end as usize).min(last)].max(s);
                    (s, e)
                }
                None => (prev_end, prev_end),
            };
            prev_end = span.1;
            spans.push(span);
        }
        let word_start = t.masks.iter().map(|m| *m != Mask::Continuation).collect();
        let width = self.inner.max_len - self.inner.prefix.len() - self.inner.suffix.len();
        let windows = windows(ids.len(), width, self.inner.stride);
        Encoded {
            ids,
            spans,
            word_start,
            windows,
        }
    }

    /// Runs the model over `texts` and returns, for each text, one prediction per
    /// word-piece token, with byte offsets into that text.
    ///
    /// Long texts are cut into overlapping windows (see
    /// [`TransformersNer::window`]); each token keeps the prediction of the
    /// window where it has the most context. The windows of all texts are
    /// sorted by length and sent through the model `batch_size` at a time.
    pub fn predict_tokens(&self, texts: &[&str]) -> Result<Vec<Vec<TokenPrediction>>, StageError> {
        let encoded: Vec<Encoded> = texts.iter().map(|t| self.encode(t)).collect();
        // (text, window) jobs, longest first so that batches pad little.
        let mut jobs: Vec<(usize, usize)> = encoded
            .iter()
            .enumerate()
            .flat_map(|(t, e)| (0..e.windows.len()).map(move |w| (t, w)))
            .collect();
        let len_of = |&(t, w): &(usize, usize)| {
            let (s, e) = encoded[t].windows[w];
            e - s
        };
        jobs.sort_by_key(|j| std::cmp::Reverse(len_of(j)));

        let n_labels = self.inner.labels.len();
        // logits[text][window] = content-token logits, row-major [tokens, labels].
        let mut logits: Vec<Vec<Vec<f32>>> = encoded
            .iter()
            .map(|e| vec![Vec::new(); e.windows.len()])
            .collect();
        for batch in jobs.chunks(self.inner.batch_size.max(1)) {
            let out = self.forward_batch(&encoded, batch)?;
            let cols = out.1;
            for (row, &(t, w)) in batch.iter().enumerate() {
                let n = len_of(&(t, w));
                let begin = (row * cols + self.inner.prefix.len()) * n_labels;
                logits[t][w] = out.0[begin..begin + n * n_labels].to_vec();
            }
        }

        let mut result = Vec::with_capacity(texts.len());
        for (e, win_logits) in encoded.iter().zip(&logits) {
            let own = owners(e.ids.len(), &e.windows);
            let mut preds = Vec::with_capacity(e.ids.len());
            for (i, &k) in own.iter().enumerate() {
                let at = (i - e.windows[k].0) * n_labels;
                let row = win_logits[k][at..at + n_labels].to_vec();
                let probs = softmax(&row);
                let (label_id, score) =
                    probs
                        .iter()
                        .copied()
                        .enumerate()
                        .fold(
                            (0, f32::MIN),
                            |best, (j, p)| if p > best.1 { (j, p) } else { best },
                        );
                preds.push(TokenPrediction {
                    start: e.spans[i].0,
                    end: e.spans[i].1,
                    token_id: e.ids[i],
                    word_start: e.word_start[i],
                    label: self.inner.labels[label_id].clone(),
                    label_id,
                    score,
                    logits: row,
                });
            }
            result.push(preds);
        }
        Ok(result)
    }

    /// One forward pass; returns the flat logits and the padded length.
    fn forward_batch(
        &self,
        encoded: &[Encoded],
        batch: &[(usize, usize)],
    ) -> Result<(Vec<f32>, usize), StageError> {
        let inner = &self.inner;
        let cols = batch
            .iter()
            .map(|&(t, w)| {
                let (s, e) = encoded[t].windows[w];
                inner.prefix.len() + (e - s) + inner.suffix.len()
            })
            .max()
            .unwrap_or(0);
        let mut ids = Vec::with_capacity(batch.len() * cols);
        let mut mask = Vec::with_capacity(batch.len() * cols);
        for &(t, w) in batch {
            let (s, e) = encoded[t].windows[w];
            let before = ids.len();
            ids.extend_from_slice(&inner.prefix);
            ids.extend_from_slice(&encoded[t].ids[s..e]);
            ids.extend_from_slice(&inner.suffix);
            let used = ids.len() - before;
            mask.extend(std::iter::repeat_n(1i64, used));
            ids.extend(std::iter::repeat_n(inner.pad_id, cols - used));
            mask.extend(std::iter::repeat_n(0i64, cols - used));
        }
        let shape = [batch.len() as i64, cols as i64];
        let fail = |msg: String| {
            StageError::new(
                STAGE,
                ErrorKind::Model,
                format!("model {}: forward pass failed: {msg}", inner.tag),
            )
        };
        let ids = Tensor::from_slice(&ids)
            .f_view(shape)
            .and_then(|t| t.f_to_device(inner.device))
            .map_err(|e| fail(e.to_string()))?;
        let mask = Tensor::from_slice(&mask)
            .f_view(shape)
            .and_then(|t| t.f_to_device(inner.device))
            .map_err(|e| fail(e.to_string()))?;
        // A panic while holding the lock poisons it; the network itself is
        // read-only during inference, so the guard can be taken back.
        let net = self.net.lock().unwrap_or_else(|p| p.into_inner());
        let logits = net.forward(&ids, &mask).map_err(fail)?;
        drop(net);
        let size = logits.size();
        if size != [shape[0], shape[1], inner.labels.len() as i64] {
            return Err(fail(format!(
                "logits have shape {size:?}, expected [{}, {}, {}]",
                shape[0],
                shape[1],
                inner.labels.len()
            )));
        }
        Ok((model::to_vec(&logits).map_err(fail)?, cols))
    }

    /// Finds the entities of each text: byte offsets into that text, label, score,
    /// and this model's [`TransformersNer::tag`].
    pub fn entities(&self, texts: &[&str]) -> Result<Vec<Vec<Entity>>, StageError> {
        let preds = self.predict_tokens(texts)?;
        Ok(texts
            .iter()
            .zip(&preds)
            .map(|(text, p)| {
                decode(
                    text,
                    p,
                    &self.inner.labels,
                    self.inner.aggregation,
                    self.inner.min_score,
                    &self.inner.tag,
                )
            })
            .collect())
    }
}
