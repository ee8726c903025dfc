//! Training: a greedy averaged perceptron (Collins 2002) that learns from its
//! own previous predictions, with the number of epochs chosen on a dev set.

use std::collections::HashMap;
use std::time::Instant;

use crate::data::{doc_runs, Sentence};
use crate::eval::evaluate;
use crate::features::{
    history_features, static_features, tag_features, token_infos, type_code, DocStats, History,
    Templates, START_TAG,
};
use crate::labels::Tag;
use crate::model::{best_valid, parse_tags, ModelError, ModelInfo, NerModel};
use crate::resources::Resources;

/// How to train a model.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Model name (`en`, `multi`…).
    pub name: String,
    /// Languages of the training data (ISO 639-1), recorded in the model.
    pub languages: Vec<String>,
    /// The entity types (`PER`, `ORG`, `LOC`, `MISC`); the tag set is `O` plus B-/I- of each.
    pub types: Vec<String>,
    /// The weight table has `2^bits` rows.
    pub bits: u32,
    /// At most this many passes over the training data.
    pub max_epochs: usize,
    /// Stop after this many epochs without a better dev F1.
    pub patience: usize,
    /// Place names for the gazetteer feature.
    pub gazetteer: Vec<String>,
    /// A word is "common in lowercase" when it appears lowercase at least this
    /// often in the training text (not sentence-initially).
    pub vocab_min_count: usize,
    /// Seed of the shuffling.
    pub seed: u64,
    /// Known-entity feature: entity names of the training data (jackknifed in
    /// training: each half of the documents sees the names of the other half).
    pub entity_gazetteer: bool,
    /// Feature set: 1 = base, 2 = base + extended context templates, 3 = 2
    /// read case-aware.
    pub features: u32,
    /// Condition on the gold previous tags during training instead of the predicted ones.
    pub gold_history: bool,
    /// Words of people's names in the model's script (the name-word
    /// feature; empty: off).
    pub name_words: Vec<String>,
    /// Letter trigrams of words in scripts without case.
    pub char_ngrams: bool,
    /// Word clusters: `(word, bit string)` pairs (the feature is off when
    /// empty).
    pub clusters: Vec<(String, String)>,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            name: "model".into(),
            languages: Vec::new(),
            types: vec!["PER".into(), "ORG".into(), "LOC".into()],
            bits: 20,
            max_epochs: 12,
            patience: 3,
            gazetteer: Vec::new(),
            vocab_min_count: 3,
            seed: 17,
            gold_history: true,
            entity_gazetteer: false,
            features: 1,
            name_words: Vec::new(),
            char_ngrams: false,
            clusters: Vec::new(),
        }
    }
}

/// What happened during training.
#[derive(Debug, Clone, Default)]
pub struct TrainReport {
    /// Dev F1 after each epoch (of the averaged, quantised model).
    pub dev_f1: Vec<f64>,
    /// The epoch kept (1-based).
    pub best_epoch: usize,
    /// Training wall time in seconds.
    pub seconds: f64,
}

/// Trains a model on `train`, choosing the epoch by F1 on `dev`. `log` receives
/// one line per epoch.
pub fn train(
    config: &TrainConfig,
    train: &[Sentence],
    dev: &[Sentence],
    mut log: impl FnMut(&str),
) -> Result<(NerModel, TrainReport), ModelError> {
    let started = Instant::now();
    let tags = TagSet::new(config)?;
    let (res, folds) = resources(config, train);
    let gold = tags.gold(train);
    // Documents = runs of consecutive sentences with the same `doc`; they are
    // shuffled, their sentences read in order, so that the prediction history
    // sees what came before.
    let mut order: Vec<(usize, usize)> = doc_runs(train);
    order.dedup();
    let documents = order.iter().any(|&(a, b)| b - a > 1);
    let mut weights = Averaged::new((1usize << config.bits) * tags.tags.len(), tags.tags.len());
    let mut rng = config.seed | 1;
    let mut report = TrainReport::default();
    let mut best: Option<NerModel> = None;
    let mut best_f1 = -1.0;
    for epoch in 1..=config.max_epochs {
        shuffle(&mut order, &mut rng);
        let pass = Pass {
            config,
            tags: &tags.tags,
            folds: &folds,
            train,
            gold: &gold,
        };
        let (errors, tokens) = pass.run(&order, &mut weights);
        let model = weights.model(config, &tags.names, &res, documents)?;
        let f1 = evaluate(&model, dev).total.f1();
        report.dev_f1.push(f1);
        log(&format!(
            "{}: epoch {epoch}: train errors {:.2}%, dev F1 {:.4}, {:.0}s",
            config.name,
            100.0 * errors as f64 / tokens.max(1) as f64,
            f1,
            started.elapsed().as_secs_f64()
        ));
        if f1 > best_f1 {
            best_f1 = f1;
            best = Some(model);
            report.best_epoch = epoch;
        } else if epoch - report.best_epoch >= config.patience {
            break;
        }
    }
    report.seconds = started.elapsed().as_secs_f64();
    let model = best.ok_or_else(|| ModelError::Format {
        name: config.name.clone(),
        message: "no epoch was trained (max_epochs = 0?)".into(),
    })?;
    Ok((model, report))
}

/// The tags of the entity types being trained: `O`, then `B-`/`I-` per type.
struct TagSet {
    names: Vec<String>,
    tags: Vec<Tag>,
}

impl TagSet {
    fn new(config: &TrainConfig) -> Result<TagSet, ModelError> {
        let mut names = vec!["O".to_owned()];
        for t in &config.types {
            names.push(format!("B-{t}"));
            names.push(format!("I-{t}"));
        }
        let tags = parse_tags(&config.name, &names)?;
        Ok(TagSet { names, tags })
    }

    /// Each sentence's gold tag indices (tags outside the set count as `O`).
    fn gold(&self, train: &[Sentence]) -> Vec<Vec<u8>> {
        let index: HashMap<&str, u8> = self
            .names
            .iter()
            .enumerate()
            .map(|(i, t)| (t.as_str(), i as u8))
            .collect();
        train
            .iter()
            .map(|s| {
                s.tags
                    .iter()
                    .map(|t| index.get(t.as_str()).copied().unwrap_or(0))
                    .collect()
            })
            .collect()
    }
}

/// The model's resources (gazetteer, vocabulary and, with
/// `entity_gazetteer`, every known entity name), and the two training folds'
/// copies, each knowing the entity names of the other half of the documents
/// only (jackknifing, so that training sees unknown names too).
fn resources(config: &TrainConfig, train: &[Sentence]) -> (Resources, [Resources; 2]) {
    let mut res = Resources::default();
    res.add_names(config.gazetteer.iter().map(String::as_str));
    res.add_name_words(config.name_words.iter().map(String::as_str));
    res.set_clusters(
        config
            .clusters
            .iter()
            .map(|(w, b)| (w.as_str(), b.as_str())),
    );
    res.set_vocab(
        common_lowercase(train, config.vocab_min_count)
            .iter()
            .map(String::as_str),
    );
    let mut folds = [res.clone(), res.clone()];
    if config.entity_gazetteer {
        let runs = doc_runs(train);
        res.add_entities(entity_names(train.iter()));
        for (k, fold) in folds.iter_mut().enumerate() {
            let other = train
                .iter()
                .zip(&runs)
                .filter(|(_, r)| r.0 % 2 != k)
                .map(|(s, _)| s);
            fold.add_entities(entity_names(other));
        }
    }
    (res, folds)
}

/// Fisher–Yates with xorshift.
fn shuffle(order: &mut [(usize, usize)], rng: &mut u64) {
    for i in (1..order.len()).rev() {
        *rng ^= *rng << 13;
        *rng ^= *rng >> 7;
        *rng ^= *rng << 17;
        order.swap(i, (*rng % (i as u64 + 1)) as usize);
    }
}

/// Averaged-perceptron weights: `l` tags per feature row, with the running
/// sums that make the average.
struct Averaged {
    w: Vec<f32>,
    u: Vec<f64>,
    c: f64,
    l: usize,
    scores: Vec<f32>,
}

impl Averaged {
    fn new(n: usize, l: usize) -> Averaged {
        Averaged {
            w: vec![0f32; n],
            u: vec![0f64; n],
            c: 1.0,
            l,
            scores: vec![0f32; l],
        }
    }

    /// The tag scores of one token's feature rows.
    fn score(&mut self, feats: &[u32]) -> &[f32] {
        let l = self.l;
        self.scores.iter_mut().for_each(|x| *x = 0.0);
        for &f in feats {
            let row = &self.w[f as usize * l..f as usize * l + l];
            for (x, &y) in self.scores.iter_mut().zip(row) {
                *x += y;
            }
        }
        &self.scores
    }

    /// Moves the weights towards `gold` and away from `pred`.
    fn update(&mut self, feats: &[u32], gold: usize, pred: usize) {
        for &f in feats {
            let b = f as usize * self.l;
            self.w[b + gold] += 1.0;
            self.u[b + gold] += self.c;
            self.w[b + pred] -= 1.0;
            self.u[b + pred] -= self.c;
        }
    }

    /// One token seen.
    fn tick(&mut self) {
        self.c += 1.0;
    }

    /// The model with the averaged weights; `documents`: the training data
    /// has documents of more than one sentence.
    fn model(
        &self,
        config: &TrainConfig,
        tag_names: &[String],
        res: &Resources,
        documents: bool,
    ) -> Result<NerModel, ModelError> {
        let avg: Vec<f32> = self
            .w
            .iter()
            .zip(&self.u)
            .map(|(&w, &u)| w - (u / self.c) as f32)
            .collect();
        let info = ModelInfo {
            name: config.name.clone(),
            languages: config.languages.clone(),
            tags: tag_names.to_vec(),
            bits: config.bits,
            scale: 1.0,
            rows: 0,
            entities: 0,
            name_words: 0,
            clusters: 0,
            char_ngrams: config.char_ngrams,
            features: config.features,
            documents,
            trained: String::new(),
        };
        NerModel::from_dense(info, res.clone(), &avg)
    }
}

/// One training epoch over the documents.
struct Pass<'a> {
    config: &'a TrainConfig,
    tags: &'a [Tag],
    folds: &'a [Resources; 2],
    train: &'a [Sentence],
    gold: &'a [Vec<u8>],
}

impl Pass<'_> {
    /// Decodes every document in `order` greedily, updating `weights` on each
    /// error; returns (errors, tokens).
    fn run(&self, order: &[(usize, usize)], weights: &mut Averaged) -> (usize, usize) {
        let (mut errors, mut tokens) = (0, 0);
        let mut feats = Vec::with_capacity(64);
        for &(a, b) in order {
            let doc_words: Vec<Vec<&str>> = self.train[a..b]
                .iter()
                .map(|s| s.words.iter().map(String::as_str).collect())
                .collect();
            let stats = DocStats::new(doc_words.iter().map(Vec::as_slice));
            let mut hist = History::default();
            for (si, words) in (a..b).zip(&doc_words) {
                let words = words.as_slice();
                let infos = token_infos(
                    words,
                    &self.folds[a % 2],
                    Some(&stats),
                    self.config.features >= 3,
                );
                let mut types = Vec::with_capacity(words.len());
                let (mut p1, mut p2) = (START_TAG, START_TAG);
                for (i, &g) in self.gold[si].iter().enumerate() {
                    let g = g as usize;
                    let bits = self.config.bits;
                    feats.clear();
                    static_features(
                        words,
                        &infos,
                        i,
                        bits,
                        Templates {
                            entities: self.config.entity_gazetteer,
                            extended: self.config.features >= 2,
                            name_words: self.folds[0].has_name_words(),
                            char_ngrams: self.config.char_ngrams,
                            clusters: self.folds[0].has_clusters(),
                        },
                        &mut feats,
                    );
                    feats.extend(tag_features(&infos, i, p1, p2, bits));
                    feats.extend(history_features(&infos, i, &hist, bits));
                    let prev = (p1 != START_TAG).then(|| self.tags[p1 as usize]);
                    let pred = best_valid(self.tags, weights.score(&feats), prev);
                    if pred != g {
                        errors += 1;
                        weights.update(&feats, g, pred);
                    }
                    weights.tick();
                    tokens += 1;
                    p2 = p1;
                    // The next token sees the predicted history, as in decoding
                    // (or the gold one, with `gold_history`).
                    p1 = if self.config.gold_history {
                        g as u8
                    } else {
                        pred as u8
                    };
                    types.push(type_code(self.tags[pred].label));
                }
                hist.record(words, &infos, &types);
            }
        }
        (errors, tokens)
    }
}

/// Words seen lowercase-initial at least `min` times, not at sentence start,
/// in sentences that have capitals (in lowercased text every name would be
/// a "common lowercase word").
fn common_lowercase(train: &[Sentence], min: usize) -> Vec<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let cased = |s: &&Sentence| s.words.iter().any(|w| w.chars().any(char::is_uppercase));
    for s in train.iter().filter(cased) {
        for w in s.words.iter().skip(1) {
            if w.chars().next().is_some_and(char::is_lowercase) {
                *counts.entry(w.as_str()).or_default() += 1;
            }
        }
    }
    let mut v: Vec<String> = counts
        .into_iter()
        .filter(|&(_, n)| n >= min)
        .map(|(w, _)| w.to_lowercase())
        .collect();
    v.sort();
    v
}

/// Lowercased names and type codes of the gold entities of `sentences`.
fn entity_names<'a>(sentences: impl Iterator<Item = &'a Sentence>) -> Vec<(Vec<String>, u8)> {
    let mut out = Vec::new();
    for s in sentences {
        for span in crate::labels::spans_of(s.tags.iter().map(String::as_str)) {
            let words = s.words[span.start..span.end]
                .iter()
                .map(|w| w.to_lowercase())
                .collect();
            out.push((words, crate::features::type_code(Some(span.label))));
        }
    }
    out
}
