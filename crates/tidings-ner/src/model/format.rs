//! The model file: a magic number and version, a JSON header
//! ([`ModelInfo`]), the resources (gazetteer, vocabulary, entity names, name
//! words), the
//! bitmap of stored weight rows and the quantised `i16` weights, all
//! little-endian.

use std::path::Path;

use serde::{Deserialize, Serialize};
use tidings_core::{ByteReader, Truncated};

use super::NerModel;
use crate::labels::Tag;
use crate::resources::Resources;

const MAGIC: &[u8; 8] = b"TDNNER01";
/// Version 2 adds the name words, letter trigrams and word clusters; a model
/// without them is still written as version 1, which older readers decode
/// as it was trained.
const FORMAT_VERSION: u32 = 2;

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
    /// Letter trigrams of words in scripts without case (see
    /// `features::static_features`).
    #[serde(default)]
    pub char_ngrams: bool,
    /// Number of name words stored (0: the feature is off).
    #[serde(default)]
    pub name_words: u32,
    /// Number of words with a cluster stored (0: the feature is off).
    #[serde(default)]
    pub clusters: u32,
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
    /// The format version the model is written in: 2 when it uses the name
    /// words, letter trigrams or word clusters, else 1.
    pub fn format_version(&self) -> u32 {
        if self.name_words > 0 || self.char_ngrams || self.clusters > 0 {
            FORMAT_VERSION
        } else {
            1
        }
    }

    /// Feature set 3 and later: sentences whose casing is uninformative (no
    /// capital at all, or a title-case headline) are read lowercased.
    pub fn case_aware(&self) -> bool {
        self.features >= 3
    }
}

fn format_err(name: &str, message: impl Into<String>) -> ModelError {
    ModelError::Format {
        name: name.to_owned(),
        message: message.into(),
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
        info.name_words = res.name_words.len() as u32;
        info.clusters = res.clusters.len() as u32;
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
        let mut r = ByteReader::new(bytes);
        let truncated = |e: Truncated| format_err(name, format!("file is {e}"));
        if r.take(8).map_err(truncated)? != MAGIC {
            return Err(format_err(
                name,
                "not a tidings NER model (bad magic bytes)",
            ));
        }
        let version = r.u32().map_err(truncated)?;
        if !(1..=FORMAT_VERSION).contains(&version) {
            return Err(format_err(
                name,
                format!("format version {version}, expected 1 to {FORMAT_VERSION}"),
            ));
        }
        let header_len = r.u32().map_err(truncated)? as usize;
        let info: ModelInfo = serde_json::from_slice(r.take(header_len).map_err(truncated)?)
            .map_err(|e| format_err(name, format!("header: {e}")))?;
        if info.format_version() > version {
            return Err(format_err(
                name,
                format!("format version {version} cannot hold the features its header names"),
            ));
        }
        if !(8..=26).contains(&info.bits) {
            return Err(format_err(
                name,
                format!("bits = {} out of range", info.bits),
            ));
        }
        let tags = parse_tags(name, &info.tags)?;
        let gaz = r.u32().map_err(truncated)? as usize;
        let vocab = r.u32().map_err(truncated)? as usize;
        let res = Resources {
            gazetteer: r.u64s(gaz).map_err(truncated)?,
            vocab: r.u64s(vocab).map_err(truncated)?,
            entities: r.u64s(info.entities as usize).map_err(truncated)?,
            name_words: r.u64s(info.name_words as usize).map_err(truncated)?,
            clusters: r.u64s(info.clusters as usize).map_err(truncated)?,
        };
        let bitmap = r
            .u64s((1usize << info.bits).div_ceil(64))
            .map_err(truncated)?;
        let rank = rank_of(&bitmap);
        let stored: u32 = bitmap.iter().map(|w| w.count_ones()).sum();
        if stored != info.rows {
            return Err(format_err(
                name,
                format!("bitmap has {stored} rows, header says {}", info.rows),
            ));
        }
        let n = info.rows as usize * tags.len();
        let weights = r.i16s(n).map_err(truncated)?;
        if !r.is_done() {
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
        out.extend_from_slice(&self.info.format_version().to_le_bytes());
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
            .chain(&self.res.name_words)
            .chain(&self.res.clusters)
            .chain(&self.bitmap)
        {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for w in &self.weights {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
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
    use tidings_core::EntityLabel;

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
    fn name_words_trigrams_and_clusters_survive_serialisation() {
        let data = vec![
            sent("נדאל ניצח את פדרר .", "B-PER O O B-PER O"),
            sent("פדרר הפסיד .", "B-PER O O"),
            sent("הוא ניצח .", "O O O"),
        ];
        let config = TrainConfig {
            bits: 12,
            max_epochs: 5,
            name_words: vec!["נדאל".into(), "פדרר".into(), "ג'וקוביץ'".into()],
            char_ngrams: true,
            clusters: vec![("פדרר".into(), "0110".into()), ("ניצח".into(), "10".into())],
            ..TrainConfig::default()
        };
        let m = train(&config, &data, &data, |_| {}).unwrap().0;
        assert_eq!(m.info().name_words, 3);
        assert!(m.info().char_ngrams);
        let back = NerModel::from_bytes("hebrew", &m.to_bytes()).unwrap();
        assert_eq!(back.info(), m.info());
        assert_eq!(back.res.name_words, m.res.name_words);
        assert_eq!((back.info().clusters, back.res.clusters.len()), (2, 2));
        // Written as version 2; a model without the new features stays 1.
        assert_eq!(m.to_bytes()[8..12], 2u32.to_le_bytes());
        assert_eq!(tiny().to_bytes()[8..12], 1u32.to_le_bytes());
        assert_eq!(back.res.clusters, m.res.clusters);
        let text = "נדאל ניצח שוב .";
        assert_eq!(back.find(text), m.find(text));
        // A model written before the name words loads as one without them:
        // its header has neither field.
        let header =
            r#"{"name":"old","languages":["he"],"tags":["O"],"bits":8,"scale":1.0,"rows":0}"#;
        let info: ModelInfo = serde_json::from_str(header).unwrap();
        assert_eq!(
            (info.name_words, info.char_ngrams, info.clusters),
            (0, false, 0)
        );
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
