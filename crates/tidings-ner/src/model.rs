//! The trained tagger: hashed, quantised weights plus resources, its file
//! format, and greedy decoding.

use std::path::Path;

use serde::{Deserialize, Serialize};
use tidings_core::EntityLabel;

use crate::features::{
    history_features, starts_upper, static_features, tag_features, token_infos, type_code,
    DocStats, History, START_TAG,
};
use crate::labels::{spans_of_tags, Tag, TokenSpan};
use crate::resources::Resources;
use crate::token::TokInfo;
use crate::token::{is_initial, sentences, tokenize};

const MAGIC: &[u8; 8] = b"TDNNER01";
const FORMAT_VERSION: u32 = 1;

/// Errors loading a model.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The model file could not be read.
    #[error("cannot read NER model {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The bytes are not a valid tidings NER model.
    #[error("NER model {name} is invalid: {message}")]
    Format {
        /// The file or embedded model name.
        name: String,
        /// What is wrong.
        message: String,
    },
}

/// What a model file says about itself (its JSON header).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelInfo {
    /// Model name (`en`, `multi`…).
    pub name: String,
    /// Languages it was trained on (ISO 639-1).
    pub languages: Vec<String>,
    /// The IOB2 tag set, `O` first.
    pub tags: Vec<String>,
    /// The weight table has `2^bits` rows.
    pub bits: u32,
    /// Quantisation step: weight = stored i16 × scale.
    pub scale: f32,
    /// Number of non-zero rows stored.
    pub rows: u32,
    /// Number of known entity names stored (0: the feature is off).
    #[serde(default)]
    pub entities: u32,
    /// Feature set: 1 = base, 2 = base + extended context templates, 3 = 2
    /// read case-aware (see [`ModelInfo::case_aware`]).
    #[serde(default = "one")]
    pub features: u32,
    /// Trained on documents of several sentences (CoNLL-2003's
    /// `-DOCSTART-`): the document-level features (casing elsewhere in the
    /// document, earlier predictions) see the whole document at decoding.
    /// When false, each sentence is decoded as a document of its own, as in
    /// training.
    #[serde(default = "yes")]
    pub documents: bool,
    /// Training summary (data, epochs, dev F1), free text.
    #[serde(default)]
    pub trained: String,
}

fn one() -> u32 {
    1
}

fn yes() -> bool {
    true
}

impl ModelInfo {
    /// Feature set 3 and later: sentences whose casing is uninformative (no
    /// capital at all, or a title-case headline) are read lowercased.
    pub fn case_aware(&self) -> bool {
        self.features >= 3
    }
}

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

fn format_err(name: &str, message: impl Into<String>) -> ModelError {
    ModelError::Format {
        name: name.to_owned(),
        message: message.into(),
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    name: &'a str,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| format_err(self.name, "file is truncated"))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64s(&mut self, n: usize) -> Result<Vec<u64>, ModelError> {
        let len = n
            .checked_mul(8)
            .ok_or_else(|| format_err(self.name, "bad length"))?;
        Ok(self
            .take(len)?
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect())
    }
}

impl NerModel {
    /// Builds a model from trained float weights (`2^bits × tags` row-major),
    /// quantising them to i16 and dropping rows that quantise to zero.
    pub(crate) fn from_dense(
        mut info: ModelInfo,
        res: Resources,
        dense: &[f32],
    ) -> Result<Self, ModelError> {
        let name = info.name.clone();
        let tags = parse_tags(&name, &info.tags)?;
        let l = tags.len();
        let max = dense.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let n_rows = 1usize << info.bits;
        let mut bitmap = vec![0u64; n_rows.div_ceil(64)];
        let mut weights = Vec::new();
        for r in 0..n_rows {
            let row = &dense[r * l..(r + 1) * l];
            let q: Vec<i16> = row.iter().map(|w| (w / scale).round() as i16).collect();
            if q.iter().any(|&x| x != 0) {
                bitmap[r / 64] |= 1 << (r % 64);
                weights.extend(q);
            }
        }
        info.scale = scale;
        info.entities = res.entities.len() as u32;
        info.rows = (weights.len() / l) as u32;
        let rank = rank_of(&bitmap);
        Ok(NerModel {
            info,
            tags,
            res,
            bitmap,
            rank,
            weights,
        })
    }

    /// Reads a model file.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, ModelError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| ModelError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_bytes(&path.display().to_string(), &bytes)
    }

    /// Parses a model from its bytes; `name` (a path or `embedded:en`) is used in errors.
    pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Self, ModelError> {
        let mut r = Reader {
            bytes,
            pos: 0,
            name,
        };
        if r.take(8)? != MAGIC {
            return Err(format_err(
                name,
                "not a tidings NER model (bad magic bytes)",
            ));
        }
        let version = r.u32()?;
        if version != FORMAT_VERSION {
            return Err(format_err(
                name,
                format!("format version {version}, expected {FORMAT_VERSION}"),
            ));
        }
        let header_len = r.u32()? as usize;
        let info: ModelInfo = serde_json::from_slice(r.take(header_len)?)
            .map_err(|e| format_err(name, format!("header: {e}")))?;
        if !(8..=26).contains(&info.bits) {
            return Err(format_err(
                name,
                format!("bits = {} out of range", info.bits),
            ));
        }
        let tags = parse_tags(name, &info.tags)?;
        let gaz = r.u32()? as usize;
        let vocab = r.u32()? as usize;
        let res = Resources {
            gazetteer: r.u64s(gaz)?,
            vocab: r.u64s(vocab)?,
            entities: r.u64s(info.entities as usize)?,
        };
        let bitmap = r.u64s((1usize << info.bits).div_ceil(64))?;
        let rank = rank_of(&bitmap);
        let stored: u32 = bitmap.iter().map(|w| w.count_ones()).sum();
        if stored != info.rows {
            return Err(format_err(
                name,
                format!("bitmap has {stored} rows, header says {}", info.rows),
            ));
        }
        let n = info.rows as usize * tags.len();
        let weights = r
            .take(n * 2)?
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]))
            .collect();
        if r.pos != bytes.len() {
            return Err(format_err(name, "trailing bytes after the weights"));
        }
        Ok(NerModel {
            info,
            tags,
            res,
            bitmap,
            rank,
            weights,
        })
    }

    /// Serialises the model (the format [`NerModel::from_bytes`] reads).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.weights.len() * 2 + self.bitmap.len() * 8 + 4096);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        let header = serde_json::to_vec(&self.info).unwrap_or_default();
        out.extend_from_slice(&(header.len() as u32).to_le_bytes());
        out.extend_from_slice(&header);
        out.extend_from_slice(&(self.res.gazetteer.len() as u32).to_le_bytes());
        out.extend_from_slice(&(self.res.vocab.len() as u32).to_le_bytes());
        for v in self
            .res
            .gazetteer
            .iter()
            .chain(&self.res.vocab)
            .chain(&self.res.entities)
            .chain(&self.bitmap)
        {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for w in &self.weights {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

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
) -> (Vec<Option<Tag>>, Vec<f32>) {
    let Some((first, _)) = parts.first() else {
        return (vec![None; words.len()], vec![0.0; words.len()]);
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
                m.res.has_entities(),
                m.info.features >= 2,
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
    (out, probs)
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
            let (tags, probs) = decode_mixture(parts, words, stats, &mut hist);
            let mut spans = spans_of_tags(&tags);
            if let Some((m, _)) = parts.first() {
                trim_headline_words(words, &m.res, &mut spans);
                split_title_place_person(words, &m.res, &mut spans);
                drop_capitalised_common_words(words, &m.res, &mut spans);
                relabel_by_head_word(words, &mut spans);
            }
            join_initials(words, &mut spans);
            trim_punctuation(words, &mut spans);
            spans
                .into_iter()
                .map(|s| {
                    let p = &probs[s.start..s.end];
                    (s, p.iter().sum::<f32>() / p.len() as f32)
                })
                .collect()
        })
        .collect()
}

/// In a title-case headline ("Kim Jong-Un Seek Support from Russia") the
/// common words after a name are capitalised too and a tagger trained on
/// cased text runs the name on into them: a person's name ends before its
/// trailing common lowercase words ("Seek Support").
fn trim_headline_words(words: &[&str], res: &Resources, spans: &mut [TokenSpan]) {
    let person = spans.iter().any(|s| s.label == EntityLabel::Person);
    if !person || !crate::features::is_title_case(words, res) {
        return;
    }
    for s in spans.iter_mut() {
        if s.label != EntityLabel::Person {
            continue;
        }
        while s.end > s.start + 1 && res.is_common_lower(&words[s.end - 1].to_lowercase()) {
            s.end -= 1;
        }
    }
}

/// The number of words at the start of `words` that are a title
/// (`tidings_core::is_only_titles`: "Pemimpin", "Prime Minister"); 0 if none.
fn title_words_at(words: &[&str]) -> usize {
    (1..=3.min(words.len()))
        .rev()
        .find(|&n| tidings_core::is_only_titles(&words[..n].join(" ")))
        .unwrap_or(0)
}

/// After a title, news writes the place a person leads and then the person
/// ("Pemimpin Korea Utara Kim Jong-un", "Presiden Rusia Vladimir Putin"), and
/// a tagger often runs the two into one mention. A mention that a title
/// precedes or opens, and that goes on with a known place name (the model's
/// gazetteer), is that place (`LOC`) and, when capitalised words follow, the
/// person (`PER`): "Pemimpin Korea Utara" → "Korea Utara" LOC. The title
/// itself stays outside both.
fn split_title_place_person(words: &[&str], res: &Resources, spans: &mut Vec<TokenSpan>) {
    let mut out: Vec<TokenSpan> = Vec::with_capacity(spans.len());
    for s in spans.drain(..) {
        let inner = title_words_at(&words[s.start..s.end]);
        let before = (1..=3.min(s.start))
            .any(|n| tidings_core::is_only_titles(&words[s.start - n..s.start].join(" ")));
        if inner == 0 && !before {
            out.push(s);
            continue;
        }
        let at = s.start + inner;
        let place = res.place_prefix_len(&words[at..s.end]);
        if place == 0 {
            out.push(s);
            continue;
        }
        let rest = at + place;
        let named = rest < s.end
            && words[rest]
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase()));
        if rest < s.end && !named {
            // "Presiden Amerika Serikat terpilih …": not a place and a name.
            out.push(s);
            continue;
        }
        out.push(TokenSpan {
            start: at,
            end: rest,
            label: EntityLabel::Location,
        });
        if named {
            out.push(TokenSpan {
                start: rest,
                end: s.end,
                label: EntityLabel::Person,
            });
        }
    }
    *spans = out;
}

/// A word capitalised only because it opens a sentence or a quotation
/// ("Furthermore, …", titled “Unique diplomacy”) is no name: a one-word
/// mention there is dropped when the training text writes the word in
/// lowercase mid-sentence and never as a name.
fn drop_capitalised_common_words(words: &[&str], res: &Resources, spans: &mut Vec<TokenSpan>) {
    let opening = |w: &str| {
        w.chars().all(|c| {
            matches!(
                c,
                '"' | '“' | '‘' | '«' | '„' | '(' | '[' | '\'' | '-' | '—' | '–'
            )
        })
    };
    spans.retain(|s| {
        if s.end != s.start + 1 {
            return true;
        }
        let first = s.start == 0 || opening(words[s.start - 1]);
        let w = words[s.start];
        !(first
            && w.chars().next().is_some_and(char::is_uppercase)
            && res.is_common_lower(&w.to_lowercase())
            && !res.is_known_entity(&[w]))
    });
}

/// Last words that make a name a place or an organisation, not a person
/// (English, lowercased).
const PLACE_HEADS: &[&str] = &[
    "island",
    "islands",
    "river",
    "street",
    "square",
    "avenue",
    "road",
    "bridge",
    "mountain",
    "mountains",
    "lake",
    "bay",
    "sea",
    "ocean",
    "valley",
    "airport",
    "station",
    "province",
    "county",
    "district",
    "peninsula",
    "strait",
    "canal",
    "harbour",
    "harbor",
    "desert",
    "coast",
];
const ORG_HEADS: &[&str] = &[
    "party",
    "committee",
    "council",
    "ministry",
    "university",
    "company",
    "corporation",
    "agency",
    "association",
    "bank",
    "army",
    "navy",
    "government",
    "parliament",
    "commission",
    "institute",
    "federation",
    "union",
    "league",
    "club",
    "department",
    "foundation",
];

/// A person's name does not end in "Island" or "Committee": a `PER` mention
/// whose last word is a place's or an organisation's head noun ("Sentosa
/// Island") takes that type.
fn relabel_by_head_word(words: &[&str], spans: &mut [TokenSpan]) {
    for s in spans.iter_mut() {
        if s.label != EntityLabel::Person || s.end < s.start + 2 {
            continue;
        }
        let last = words[s.end - 1];
        if !last.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        let last = last.to_lowercase();
        if PLACE_HEADS.contains(&last.as_str()) {
            s.label = EntityLabel::Location;
        } else if ORG_HEADS.contains(&last.as_str()) {
            s.label = EntityLabel::Organization;
        }
    }
}

/// A name neither starts nor ends with a bracket, a quote or a dash
/// ("ANTARA )" → "ANTARA"); a span of punctuation only is dropped.
fn trim_punctuation(words: &[&str], spans: &mut Vec<TokenSpan>) {
    let bare = |w: &str| !w.chars().any(char::is_alphanumeric);
    for s in spans.iter_mut() {
        while s.start < s.end && bare(words[s.start]) {
            s.start += 1;
        }
        while s.end > s.start && bare(words[s.end - 1]) {
            s.end -= 1;
        }
    }
    spans.retain(|s| s.start < s.end);
}

/// An initial with its period stays inside a person's name: "Donald J.
/// Trump" where a model (trained on text that writes initials without a
/// period, or none) found "Trump", or "Donald" and "Trump".
fn join_initials(words: &[&str], spans: &mut Vec<TokenSpan>) {
    let initial = |w: &str| w.strip_suffix('.').is_some_and(is_initial);
    spans.sort_by_key(|s| s.start);
    let mut out: Vec<TokenSpan> = Vec::with_capacity(spans.len());
    for mut s in spans.drain(..) {
        while s.label == EntityLabel::Person
            && s.start >= 2
            && initial(words[s.start - 1])
            && starts_upper(words[s.start - 2])
        {
            match out.last() {
                // The initial belongs to another mention.
                Some(p) if p.end > s.start - 1 => break,
                // "Donald" (a person) "J." "Trump": one person.
                Some(p) if p.end == s.start - 1 => {
                    if p.label != EntityLabel::Person {
                        break;
                    }
                    s.start = p.start;
                    out.pop();
                }
                _ => s.start -= 2,
            }
        }
        out.push(s);
    }
    *spans = out;
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

fn rank_of(bitmap: &[u64]) -> Vec<u32> {
    let mut acc = 0u32;
    bitmap
        .iter()
        .map(|w| {
            let r = acc;
            acc += w.count_ones();
            r
        })
        .collect()
}

pub(crate) fn parse_tags(name: &str, tags: &[String]) -> Result<Vec<Tag>, ModelError> {
    if tags.first().map(String::as_str) != Some("O") || tags.len() > 64 {
        return Err(format_err(
            name,
            "tag set must start with `O` and have at most 64 tags",
        ));
    }
    tags.iter()
        .map(|t| Tag::parse(t).ok_or_else(|| format_err(name, format!("unknown tag `{t}`"))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Sentence;
    use crate::train::{train, TrainConfig};

    fn sent(words: &str, tags: &str) -> Sentence {
        Sentence {
            words: words.split(' ').map(str::to_owned).collect(),
            tags: tags.split(' ').map(str::to_owned).collect(),
            doc: 0,
        }
    }

    fn span(start: usize, end: usize, label: EntityLabel) -> TokenSpan {
        TokenSpan { start, end, label }
    }

    #[test]
    fn a_place_after_a_title_is_split_from_the_person_it_leads() {
        let mut res = Resources::default();
        res.add_names(["Korea Utara", "Rusia", "Amerika Serikat"]);
        let words: Vec<&str> = "Pemimpin Korea Utara Kim Jong - un bertemu Presiden Rusia"
            .split(' ')
            .collect();
        // One mention over place and person after the title; the title and
        // the place alone as another.
        let mut spans = vec![
            span(1, 7, EntityLabel::Location),
            span(8, 10, EntityLabel::Organization),
        ];
        split_title_place_person(&words, &res, &mut spans);
        assert_eq!(
            spans,
            vec![
                span(1, 3, EntityLabel::Location),
                span(3, 7, EntityLabel::Person),
                span(9, 10, EntityLabel::Location),
            ]
        );
        // No title before or inside: left alone ("Korea Utara Kim" stays).
        let mut spans = vec![span(1, 4, EntityLabel::Location)];
        let words: Vec<&str> = "di Korea Utara Kim".split(' ').collect();
        split_title_place_person(&words, &res, &mut spans);
        assert_eq!(spans, vec![span(1, 4, EntityLabel::Location)]);
        // A lowercase word after the place: not a place and a person.
        let words: Vec<&str> = "Presiden Amerika Serikat terpilih".split(' ').collect();
        let mut spans = vec![span(1, 4, EntityLabel::Person)];
        split_title_place_person(&words, &res, &mut spans);
        assert_eq!(spans, vec![span(1, 4, EntityLabel::Person)]);
    }

    #[test]
    fn a_common_word_capitalised_by_its_position_is_no_name() {
        let mut res = Resources::default();
        res.set_vocab(["furthermore", "unique"]);
        res.add_entities([(vec!["unique".to_owned()], 2)]);
        let words: Vec<&str> = "Furthermore , he met “ Unique ” and “ Furthermore ” in Oslo"
            .split(' ')
            .collect();
        let mut spans = vec![
            span(0, 1, EntityLabel::Person),
            span(5, 6, EntityLabel::Organization),
            span(9, 10, EntityLabel::Organization),
            span(12, 13, EntityLabel::Location),
        ];
        drop_capitalised_common_words(&words, &res, &mut spans);
        // "Unique" is a known name, Oslo is not common in lowercase.
        assert_eq!(
            spans,
            vec![
                span(5, 6, EntityLabel::Organization),
                span(12, 13, EntityLabel::Location),
            ]
        );
    }

    #[test]
    fn a_person_does_not_end_in_island_or_party() {
        let words: Vec<&str> = "met on Sentosa Island with Workers Party and Lee Hsien Loong"
            .split(' ')
            .collect();
        let mut spans = vec![
            span(2, 4, EntityLabel::Person),
            span(5, 7, EntityLabel::Person),
            span(8, 11, EntityLabel::Person),
        ];
        relabel_by_head_word(&words, &mut spans);
        assert_eq!(
            spans,
            vec![
                span(2, 4, EntityLabel::Location),
                span(5, 7, EntityLabel::Organization),
                span(8, 11, EntityLabel::Person),
            ]
        );
    }

    fn tiny() -> NerModel {
        let data = vec![
            sent("Anna Berg lives in Oslo .", "B-PER I-PER O O B-LOC O"),
            sent("Oslo is big .", "B-LOC O O O"),
            sent(
                "Anna Berg works at Acme Corp .",
                "B-PER I-PER O O B-ORG I-ORG O",
            ),
        ];
        let config = TrainConfig {
            bits: 12,
            max_epochs: 5,
            ..TrainConfig::default()
        };
        train(&config, &data, &data, |_| {}).unwrap().0
    }

    #[test]
    fn trains_serialises_and_reloads_identically() {
        let m = tiny();
        let text = "Anna Berg moved to Oslo.";
        let found = m.find(text);
        assert!(found
            .iter()
            .any(|x| &text[x.start..x.end] == "Oslo" && x.label == EntityLabel::Location));
        let back = NerModel::from_bytes("tiny", &m.to_bytes()).unwrap();
        assert_eq!(back.find(text), found);
        assert_eq!(back.info(), m.info());
    }

    #[test]
    fn corrupt_bytes_are_errors_not_panics() {
        let bytes = tiny().to_bytes();
        for cut in [0, 7, 12, 40, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                NerModel::from_bytes("cut", &bytes[..cut]).is_err(),
                "cut at {cut}"
            );
        }
        let mut bad = bytes.clone();
        bad[0] = b'X';
        let err = NerModel::from_bytes("bad.tdn", &bad).unwrap_err();
        assert!(err.to_string().contains("bad.tdn"));
    }
}
