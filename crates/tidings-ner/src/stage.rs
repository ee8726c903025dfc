//! The `ner` stage and its configuration.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tidings_core::{BuildError, BuildStage, Document, Entity, Language, Stage, StageError};

use crate::embedded::{embedded_model, EMBEDDED};
use crate::model::{Mixture, NerModel};

/// Options of the `ner` stage. Every field has a default; a config file may
/// name only the ones it changes.
///
/// Which model tags a paragraph: the model configured in `models` for its
/// language (matched on the ISO 639-1 or 639-3 code), else the embedded model
/// for it (`en` for English), else the `*` entry of `models`, else the
/// embedded multilingual model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NerConfig {
    /// Model files by language code (`en`, `ind`, …, or `*` for every other
    /// language), used before the embedded models.
    pub models: BTreeMap<String, String>,
    /// Use the models compiled into the library (needs the `embedded-models`
    /// feature, on by default).
    pub embedded: bool,
    /// Entities scoring below this are dropped.
    pub min_score: f32,
    /// Choose the model by each paragraph's language (true) or by the
    /// document's language only (false).
    pub paragraph_language: bool,
}

impl Default for NerConfig {
    fn default() -> Self {
        NerConfig {
            models: BTreeMap::new(),
            embedded: true,
            min_score: 0.0,
            paragraph_language: true,
        }
    }
}

impl NerConfig {
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

    /// Chooses models per paragraph language (true) or per document (false).
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

/// A loaded model and the id written into [`Entity::model`].
#[derive(Debug, Clone)]
struct Loaded {
    id: String,
    model: Mixture,
}

/// The `ner` stage: finds people, organisations, places (and MISC where the
/// model has it) in [`Document::content`], paragraph by paragraph, and appends
/// them to [`Document::entities`] with byte offsets into `content`.
#[derive(Debug)]
pub struct NerStage {
    config: NerConfig,
    /// Models by language code, both ISO 639-1 and 639-3 keys where known.
    by_lang: BTreeMap<String, Loaded>,
    fallback: Option<Loaded>,
}

fn build_err(message: String) -> BuildError {
    BuildError::Config {
        stage: "ner".into(),
        message,
    }
}

impl NerStage {
    /// Loads the configured and embedded models.
    pub fn new(config: NerConfig) -> Result<Self, BuildError> {
        let mut by_lang = BTreeMap::new();
        let mut fallback = None;
        for (code, path) in &config.models {
            let model = NerModel::load(path).map_err(|e| BuildError::File {
                stage: "ner".into(),
                path: path.clone(),
                message: e.to_string(),
            })?;
            let loaded = Loaded {
                id: format!("file:{path}"),
                model: Mixture::single(Arc::new(model)),
            };
            if code == "*" {
                fallback = Some(loaded);
            } else {
                by_lang.insert(code.to_ascii_lowercase(), loaded);
            }
        }
        if config.embedded {
            let multi = embedded_model("multi").map_err(|e| build_err(e.to_string()))?;
            for (name, langs) in EMBEDDED {
                let Some(model) = embedded_model(name).map_err(|e| build_err(e.to_string()))?
                else {
                    continue;
                };
                // A one-language model with the multilingual one's tag set is
                // decoded mixed with it (weights 1:1, chosen on xling/id dev).
                let mixed = match &multi {
                    Some(m) if *name != "multi" && m.info().tags == model.info().tags => {
                        Some(m.clone())
                    }
                    _ => None,
                };
                let loaded = match mixed {
                    Some(m) => Loaded {
                        id: format!("embedded:{name}+multi"),
                        model: Mixture::new(vec![(model, 1.0), (m, 1.0)]),
                    },
                    None => Loaded {
                        id: format!("embedded:{name}"),
                        model: Mixture::single(model),
                    },
                };
                for l in *langs {
                    by_lang
                        .entry((*l).to_owned())
                        .or_insert_with(|| loaded.clone());
                }
                if langs.is_empty() && fallback.is_none() {
                    fallback = Some(loaded);
                }
            }
        }

        if by_lang.is_empty() && fallback.is_none() {
            return Err(build_err(
                "no model: this build has no embedded models (feature `embedded-models`) and none is configured in `models`"
                    .into(),
            ));
        }
        Ok(NerStage {
            config,
            by_lang,
            fallback,
        })
    }

    fn pick(&self, lang: Option<&Language>) -> Option<&Loaded> {
        lang.and_then(|l| {
            self.by_lang
                .get(&l.iso639_3)
                .or_else(|| l.iso639_1.as_ref().and_then(|c| self.by_lang.get(c)))
        })
        .or(self.fallback.as_ref())
        .or_else(|| self.by_lang.values().next())
    }

    /// The id of the model that would tag text of this language (e.g. `embedded:en`).
    pub fn model_for(&self, lang: Option<&Language>) -> Option<&str> {
        self.pick(lang).map(|l| l.id.as_str())
    }
}

impl Stage for NerStage {
    fn name(&self) -> &str {
        "ner"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        doc.ensure_content(self.name())?;
        let ours: Vec<&str> = self
            .by_lang
            .values()
            .chain(&self.fallback)
            .map(|l| l.id.as_str())
            .collect();
        // Running twice replaces this stage's entities instead of doubling them.
        doc.entities.retain(|e| !ours.contains(&e.model.as_str()));
        // Paragraphs grouped by the model that tags them; each group is tagged
        // as one document (document-level features see all of it).
        let mut groups: Vec<(&Loaded, Vec<usize>)> = Vec::new();
        for (k, p) in doc.paragraphs.iter().enumerate() {
            let lang = if self.config.paragraph_language {
                p.language.as_ref().or(doc.language.as_ref())
            } else {
                doc.language.as_ref()
            };
            let Some(loaded) = self.pick(lang) else {
                continue;
            };
            match groups.iter_mut().find(|(l, _)| l.id == loaded.id) {
                Some((_, ks)) => ks.push(k),
                None => groups.push((loaded, vec![k])),
            }
        }
        let mut found = Vec::new();
        for (loaded, ks) in groups {
            let spans: Vec<(usize, usize)> = ks
                .iter()
                .map(|&k| (doc.paragraphs[k].start, doc.paragraphs[k].end))
                .filter(|&(a, b)| doc.content.get(a..b).is_some())
                .collect();
            let texts: Vec<&str> = spans.iter().map(|&(a, b)| &doc.content[a..b]).collect();
            for ((start, _), mentions) in spans.iter().zip(loaded.model.find_in_document(&texts)) {
                for m in mentions {
                    let (a, b) = (start + m.start, start + m.end);
                    let Some(text) = doc.content.get(a..b) else {
                        continue;
                    };
                    if m.score < self.config.min_score {
                        continue;
                    }
                    found.push(Entity {
                        start: a,
                        end: b,
                        text: text.to_owned(),
                        label: m.label,
                        score: m.score,
                        model: loaded.id.clone(),
                        canonical: None,
                        canonical_source: None,
                    });
                }
            }
        }
        doc.entities.extend(found);
        doc.entities.sort_by_key(|e| (e.start, e.end));
        Ok(())
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
