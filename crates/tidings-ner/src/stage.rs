//! The `ner` stage and its configuration: one stage, several backends
//! ([`NerBackend`]), routed by paragraph language.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tidings_core::{
    is_only_titles, korean_particle_len, korean_person_particle_len, title_prefix_len, BuildError,
    BuildStage, Document, Entity, EntityLabel, Language, LanguageCode, Stage, StageError,
};

use crate::backend::{NerBackend, Perceptron};
use crate::embedded::{has_embedded, Lazy, EMBEDDED};
use crate::model::{Mixture, NerModel};

/// Where one route's entities come from, tagged by `"backend"`:
///
/// ```json
/// {"backend": "embedded"}
/// {"backend": "file", "path": "models/ner/id.tdn"}
/// {"backend": "transformers", "dir": "/models/bert-ner", "device": "cpu"}
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "backend", rename_all = "snake_case")]
pub enum NerBackendConfig {
    /// The model compiled into the library for the language (`en`, `id`, else
    /// `multi`; feature `embedded-models`, on by default).
    Embedded,
    /// A perceptron model file written by `train_ner`.
    File {
        /// The `.tdn` file.
        path: String,
    },
    /// A rust-bert token-classification model from a local directory
    /// ([`crate::TransformersNerConfig`]; feature `transformers`).
    #[cfg(feature = "transformers")]
    Transformers(crate::TransformersNerConfig),
    /// A rust-bert model: this build lacks the `transformers` feature, so
    /// building it is an error that says so.
    #[cfg(not(feature = "transformers"))]
    Transformers(serde_json::Map<String, serde_json::Value>),
}

#[cfg(feature = "transformers")]
impl From<crate::TransformersNerConfig> for NerBackendConfig {
    fn from(c: crate::TransformersNerConfig) -> Self {
        NerBackendConfig::Transformers(c)
    }
}

/// Options of the `ner` stage. Every field has a default; a config file may
/// name only the ones it changes.
///
/// Which backend tags a paragraph, for its language (matched on the ISO
/// 639-1 or 639-3 code; see [`NerConfig::paragraph_language`]):
/// 1. its entry in `routes`, else in `models`;
/// 2. the embedded model for it (see [`crate::EMBEDDED`]: `en`, `id`, `ko`…), when
///    `embedded` is on;
/// 3. the `*` entry of `routes`, else of `models`;
/// 4. the embedded multilingual model.
///
/// ```
/// use tidings_ner::{NerBackendConfig, NerConfig};
///
/// let config: NerConfig = serde_json::from_str(r#"{"routes": {
///     "id": {"backend": "file", "path": "models/ner/id.tdn"},
///     "*":  {"backend": "embedded"}}}"#).unwrap();
/// assert_eq!(config.routes["*"], NerBackendConfig::Embedded);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NerConfig {
    /// Backends by language code (`en`, `ind`, …, or `*` for every other
    /// language).
    pub routes: BTreeMap<String, NerBackendConfig>,
    /// Model files by language code: shorthand for `file` routes (a route for
    /// the same code wins).
    pub models: BTreeMap<String, String>,
    /// Use the models compiled into the library for languages without a route
    /// (needs the `embedded-models` feature, on by default).
    pub embedded: bool,
    /// Entities scoring below this are dropped.
    pub min_score: f32,
    /// Choose the backend by each paragraph's language (true) or by the
    /// document's language only (false).
    pub paragraph_language: bool,
}

impl Default for NerConfig {
    fn default() -> Self {
        NerConfig {
            routes: BTreeMap::new(),
            models: BTreeMap::new(),
            embedded: true,
            min_score: 0.0,
            paragraph_language: true,
        }
    }
}

impl NerConfig {
    /// Routes language `code` (`*` for all others) to `backend`.
    pub fn route(mut self, code: impl Into<String>, backend: impl Into<NerBackendConfig>) -> Self {
        self.routes.insert(code.into(), backend.into());
        self
    }

    /// Uses the model file at `path` for language `code` (`*` for all others).
    pub fn model(mut self, code: impl Into<String>, path: impl Into<String>) -> Self {
        self.models.insert(code.into(), path.into());
        self
    }

    /// Whether to use the embedded models.
    pub fn embedded(mut self, yes: bool) -> Self {
        self.embedded = yes;
        self
    }

    /// Drops entities scoring below `score`.
    pub fn min_score(mut self, score: f32) -> Self {
        self.min_score = score;
        self
    }

    /// Chooses backends per paragraph language (true) or per document (false).
    pub fn paragraph_language(mut self, yes: bool) -> Self {
        self.paragraph_language = yes;
        self
    }
}

impl BuildStage for NerConfig {
    fn build(&self) -> Result<Box<dyn Stage>, BuildError> {
        Ok(Box::new(NerStage::new(self.clone())?))
    }
}

/// The `ner` stage: finds people, organisations, places (and MISC where the
/// model has it) in [`Document::content`], paragraph by paragraph, and appends
/// them to [`Document::entities`] with byte offsets into `content`.
#[derive(Debug)]
pub struct NerStage {
    config: NerConfig,
    /// Backends by language code, both ISO 639-1 and 639-3 keys where known.
    by_lang: BTreeMap<String, Arc<dyn NerBackend>>,
    fallback: Option<Arc<dyn NerBackend>>,
    batch: bool,
    /// The ids of every backend, whose earlier entities a rerun replaces.
    ids: Vec<String>,
}

fn build_err(message: String) -> BuildError {
    BuildError::Config {
        stage: "ner".into(),
        message,
    }
}

/// The keys a route's code is stored under: its 639-3 and 639-1 codes when
/// the code table knows it, else the code itself, lower-cased.
fn keys(code: &str) -> Vec<String> {
    match LanguageCode::parse(code) {
        Some(l) => std::iter::once(l.iso639_3())
            .chain(l.iso639_1())
            .map(str::to_owned)
            .collect(),
        None => vec![code.trim().to_ascii_lowercase()],
    }
}

/// The embedded perceptron models, one backend each per stage, shared by
/// routes; each parses its model the first time it tags a paragraph.
#[derive(Default)]
struct Embedded {
    by_name: BTreeMap<&'static str, Option<Arc<dyn NerBackend>>>,
}

impl Embedded {
    fn get(&mut self, name: &'static str) -> Result<Option<Arc<dyn NerBackend>>, BuildError> {
        if let Some(b) = self.by_name.get(name) {
            return Ok(b.clone());
        }
        let backend = has_embedded(name).then(|| Arc::new(Lazy::new(name)) as Arc<dyn NerBackend>);
        self.by_name.insert(name, backend.clone());
        Ok(backend)
    }

    /// The embedded model that serves `code` (`multi` when none is its own).
    fn name_for(code: &str) -> &'static str {
        let three = LanguageCode::parse(code).map(LanguageCode::iso639_3);
        EMBEDDED
            .iter()
            .find(|(_, langs)| three.is_some_and(|t| langs.contains(&t)))
            .map_or("multi", |(name, _)| name)
    }
}

fn build_backend(
    code: &str,
    config: &NerBackendConfig,
    embedded: &mut Embedded,
) -> Result<Option<Arc<dyn NerBackend>>, BuildError> {
    Ok(match config {
        NerBackendConfig::Embedded => embedded.get(Embedded::name_for(code))?,
        NerBackendConfig::File { path } => {
            let model = NerModel::load(path).map_err(|e| BuildError::File {
                stage: "ner".into(),
                path: path.clone(),
                message: e.to_string(),
            })?;
            Some(Arc::new(Perceptron {
                id: format!("file:{path}"),
                model: Mixture::single(Arc::new(model)),
            }))
        }
        #[cfg(feature = "transformers")]
        NerBackendConfig::Transformers(c) => Some(Arc::new(crate::TransformersNer::load(c)?)),
        #[cfg(not(feature = "transformers"))]
        NerBackendConfig::Transformers(_) => {
            return Err(BuildError::FeatureDisabled {
                stage: "ner".into(),
                feature: "transformers".into(),
            })
        }
    })
}

impl NerStage {
    /// Loads the configured backends and the embedded models.
    pub fn new(config: NerConfig) -> Result<Self, BuildError> {
        let mut by_lang = BTreeMap::new();
        let mut fallback = None;
        let mut embedded = Embedded::default();
        let files = config.models.iter().map(|(code, path)| {
            let backend = NerBackendConfig::File { path: path.clone() };
            (code.clone(), backend)
        });
        // `models` first, so that a route for the same code replaces it.
        let explicit: BTreeMap<String, NerBackendConfig> =
            files.chain(config.routes.clone()).collect();
        for (code, backend) in &explicit {
            let built = build_backend(code, backend, &mut embedded)?;
            if code.trim() == "*" {
                fallback = built;
            } else if let Some(b) = built {
                for key in keys(code) {
                    by_lang.insert(key, b.clone());
                }
            }
        }
        if config.embedded {
            for (name, langs) in EMBEDDED {
                let Some(backend) = embedded.get(name)? else {
                    continue;
                };
                for l in *langs {
                    for key in keys(l) {
                        by_lang.entry(key).or_insert_with(|| backend.clone());
                    }
                }
                if langs.is_empty() && fallback.is_none() {
                    fallback = Some(backend);
                }
            }
        }
        if by_lang.is_empty() && fallback.is_none() {
            return Err(build_err(
                "no model: this build has no embedded models (feature `embedded-models`) and no route or model file is configured"
                    .into(),
            ));
        }
        let batch = by_lang.values().chain(&fallback).any(|b| b.prefers_batch());
        let mut ids: Vec<String> = by_lang
            .values()
            .chain(&fallback)
            .map(|b| b.id().to_owned())
            .collect();
        ids.sort();
        ids.dedup();
        Ok(NerStage {
            config,
            by_lang,
            fallback,
            batch,
            ids,
        })
    }

    fn pick(&self, lang: Option<&Language>) -> Option<&Arc<dyn NerBackend>> {
        lang.and_then(|l| {
            self.by_lang
                .get(&l.iso639_3)
                .or_else(|| l.iso639_1.as_ref().and_then(|c| self.by_lang.get(c)))
        })
        .or(self.fallback.as_ref())
        .or_else(|| self.by_lang.values().next())
    }

    /// The id of the backend that would tag text of this language (e.g. `embedded:en`).
    pub fn model_for(&self, lang: Option<&Language>) -> Option<&str> {
        self.pick(lang).map(|b| b.id())
    }
}

/// The paragraphs one backend tags: `(document, paragraph indices)`.
type Group<'a> = (&'a Arc<dyn NerBackend>, Vec<(usize, Vec<usize>)>);

impl Stage for NerStage {
    fn name(&self) -> &str {
        "ner"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        self.process_batch(std::slice::from_mut(doc))
            .pop()
            .unwrap_or(Ok(()))
    }

    fn process_batch(&self, docs: &mut [Document]) -> Vec<Result<(), StageError>> {
        let mut results: Vec<Result<(), StageError>> = docs
            .iter_mut()
            .map(|d| d.ensure_content(self.name()))
            .collect();
        // Paragraphs grouped by the backend that tags them; a document's
        // paragraphs of one group are tagged together (document-level
        // features see all of them).
        let mut groups: Vec<Group<'_>> = Vec::new();
        for (d, doc) in docs.iter_mut().enumerate() {
            if results[d].is_err() {
                continue;
            }
            // Running twice replaces this stage's entities instead of doubling them.
            doc.entities.retain(|e| !self.ids.contains(&e.model));
            for (k, p) in doc.paragraphs.iter().enumerate() {
                if doc.content.get(p.start..p.end).is_none() {
                    continue;
                }
                let lang = if self.config.paragraph_language {
                    p.language.as_ref().or(doc.language.as_ref())
                } else {
                    doc.language.as_ref()
                };
                let Some(backend) = self.pick(lang) else {
                    continue;
                };
                let g = match groups.iter().position(|(b, _)| b.id() == backend.id()) {
                    Some(g) => g,
                    None => {
                        groups.push((backend, Vec::new()));
                        groups.len() - 1
                    }
                };
                let members = &mut groups[g].1;
                match members.last_mut() {
                    Some((last, ks)) if *last == d => ks.push(k),
                    _ => members.push((d, vec![k])),
                }
            }
        }
        for (backend, members) in groups {
            let texts: Vec<Vec<&str>> = members
                .iter()
                .map(|(d, ks)| {
                    let doc = &docs[*d];
                    ks.iter()
                        .map(|&k| &doc.content[doc.paragraphs[k].start..doc.paragraphs[k].end])
                        .collect()
                })
                .collect();
            let found = backend.find(&texts);
            drop(texts);
            match found {
                Ok(found) => {
                    for ((d, ks), per_doc) in members.into_iter().zip(found) {
                        let doc = &mut docs[d];
                        for (k, mentions) in ks.into_iter().zip(per_doc) {
                            let (start, end) = (doc.paragraphs[k].start, doc.paragraphs[k].end);
                            for m in mentions {
                                let (mut a, mut b) = (start + m.start, start + m.end);
                                let Some(mut text) = doc.content.get(a..b) else {
                                    continue;
                                };
                                // "김정은이": the particle stays outside the name.
                                let particle = if m.label == EntityLabel::Person {
                                    korean_person_particle_len(text)
                                } else {
                                    korean_particle_len(text)
                                };
                                if particle > 0 {
                                    b -= particle;
                                    text = &text[..text.len() - particle];
                                }
                                // "Supreme" in "Supreme Commander of the Korean
                                // People's Army": a piece of a title the text
                                // goes on with names no one, whatever its label.
                                let title = doc.content.get(a..end).map_or(0, title_prefix_len);
                                if title >= text.len() {
                                    continue;
                                }
                                // "Presiden Joko Widodo": the title stays outside the name.
                                if m.label == EntityLabel::Person {
                                    // "The Supreme Leader, on June 10 …" names no one.
                                    if is_only_titles(text) {
                                        continue;
                                    }
                                    let skip = title_prefix_len(text);
                                    a += skip;
                                    text = &text[skip..];
                                }
                                if m.score < self.config.min_score {
                                    continue;
                                }
                                let text = text.to_owned();
                                doc.entities.push(Entity {
                                    start: a,
                                    end: b,
                                    text,
                                    label: m.label,
                                    score: m.score,
                                    model: backend.id().to_owned(),
                                    canonical: None,
                                    canonical_source: None,
                                    wikidata_id: None,
                                });
                            }
                        }
                    }
                }
                Err(e) => {
                    for (d, _) in members {
                        results[d] = Err(StageError::new(
                            self.name(),
                            e.kind,
                            format!("{}: {} ({})", docs[d].id, e.message, backend.id()),
                        ));
                    }
                }
            }
        }
        for doc in docs.iter_mut() {
            doc.entities.sort_by_key(|e| (e.start, e.end));
        }
        results
    }

    fn prefers_batch(&self) -> bool {
        self.batch
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_round_trips_and_rejects_unknown_fields() {
        let c = NerConfig::default()
            .model("id", "x.tdn")
            .min_score(0.5)
            .paragraph_language(false);
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<NerConfig>(&json).unwrap(), c);
        assert!(serde_json::from_str::<NerConfig>(r#"{"bogus": 1}"#).is_err());
        assert_eq!(
            serde_json::from_str::<NerConfig>("{}").unwrap(),
            NerConfig::default()
        );
    }

    #[test]
    fn missing_model_file_names_the_file() {
        let err =
            NerStage::new(NerConfig::default().model("id", "/nonexistent/id.tdn")).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/id.tdn"), "{err}");
    }

    #[cfg(feature = "embedded-models")]
    #[test]
    fn entities_slice_content_and_rerun_does_not_duplicate() {
        let stage = NerStage::new(NerConfig::default()).unwrap();
        let mut doc = Document::new(
            "d",
            "Résumé: Łukasz met Angela Merkel in Berlin.\n\nThe United Nations said on Monday that Kofi Annan would visit Paris.",
        );
        stage.process(&mut doc).unwrap();
        assert!(!doc.entities.is_empty());
        for e in &doc.entities {
            assert_eq!(&doc.content[e.start..e.end], e.text);
        }
        let n = doc.entities.len();
        stage.process(&mut doc).unwrap();
        assert_eq!(doc.entities.len(), n);
        assert!(
            doc.entities.iter().any(|e| e.text == "Berlin"),
            "{:?}",
            doc.entities
        );
    }
}
