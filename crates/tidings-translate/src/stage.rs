use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use tidings_core::{
    Alignment, BuildError, Document, ErrorKind, Language, Stage, StageError, Translation,
    TranslationStatus,
};

use crate::segment::{pack, sentences, split_long};
use crate::{TranslateConfig, Translator};

const NAME: &str = "translate";

/// The translate stage: sets [`Document::translation`] on every document.
///
/// English documents pass through (`skipped_english`, `text_en` = `content`);
/// documents in a language with a model are translated sentence by sentence
/// (`translated`); others are recorded as `no_model`; a model failure is
/// recorded as `failed` (and as an error on the document).
///
/// Thread safety: the stage is `Sync`. With models it prefers batches
/// ([`Stage::prefers_batch`]): the pipeline hands it whole chunks from one
/// thread, and it packs the sentences of all documents of a chunk into model
/// calls by token budget. Each rust-bert model sits behind a mutex, so calls
/// from several threads (`process` in parallel) are serialised per model
/// rather than racing on libtorch state; libtorch itself uses all cores for
/// one call.
pub struct TranslateStage {
    config: TranslateConfig,
    routes: HashMap<String, Arc<dyn Translator>>,
    fallback: Option<Arc<dyn Translator>>,
}

impl std::fmt::Debug for TranslateStage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut routes: Vec<(&String, &str)> =
            self.routes.iter().map(|(k, v)| (k, v.id())).collect();
        routes.sort();
        f.debug_struct("TranslateStage")
            .field("routes", &routes)
            .field("fallback", &self.fallback.as_ref().map(|t| t.id()))
            .finish()
    }
}

/// Where a unit's text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Content,
    Title,
}

struct Job {
    doc: usize,
    source: Source,
    span: Range<usize>,
    tokens: usize,
    output: Option<String>,
}

enum Para {
    Copy(Range<usize>),
    Jobs(Vec<usize>),
}

struct Plan {
    paras: Vec<Para>,
    title_jobs: Vec<usize>,
    error: Option<String>,
}

impl TranslateStage {
    /// Builds the stage, loading every configured model (feature
    /// `transformers`). Without the feature, a config that names models is an
    /// error ([`BuildError::FeatureDisabled`]); the default config (no models)
    /// builds everywhere and records `no_model` for non-English documents.
    pub fn new(config: TranslateConfig) -> Result<Self, BuildError> {
        config.validate()?;
        let mut stage = TranslateStage {
            config,
            routes: HashMap::new(),
            fallback: None,
        };
        if stage.config.has_models() {
            stage.load_models()?;
        }
        Ok(stage)
    }

    #[cfg(feature = "transformers")]
    fn load_models(&mut self) -> Result<(), BuildError> {
        // One loaded model per directory, shared by every route that names it.
        let mut loaded: HashMap<std::path::PathBuf, Arc<dyn Translator>> = HashMap::new();
        let mut load = |spec: &crate::ModelSpec| -> Result<Arc<dyn Translator>, BuildError> {
            if let Some(t) = loaded.get(&spec.dir) {
                return Ok(t.clone());
            }
            let t: Arc<dyn Translator> =
                Arc::new(crate::RustBertTranslator::load(spec, &self.config)?);
            loaded.insert(spec.dir.clone(), t.clone());
            Ok(t)
        };
        for (lang, spec) in &self.config.routes {
            let t = load(spec)?;
            self.routes.insert(lang.to_lowercase(), t);
        }
        if let Some(spec) = &self.config.fallback {
            self.fallback = Some(load(spec)?);
        }
        Ok(())
    }

    #[cfg(not(feature = "transformers"))]
    fn load_models(&mut self) -> Result<(), BuildError> {
        Err(BuildError::FeatureDisabled {
            stage: NAME.into(),
            feature: "transformers".into(),
        })
    }

    /// Adds (or replaces) the translator for `language` (ISO 639-1 or 639-3).
    pub fn with_translator(mut self, language: &str, translator: Arc<dyn Translator>) -> Self {
        self.routes.insert(language.to_lowercase(), translator);
        self
    }

    /// Sets the translator for languages without a route.
    pub fn with_fallback(mut self, translator: Arc<dyn Translator>) -> Self {
        self.fallback = Some(translator);
        self
    }

    /// The translator that serves `language`, if any.
    pub fn translator_for(&self, language: &Language) -> Option<&Arc<dyn Translator>> {
        language
            .iso639_1
            .as_deref()
            .and_then(|c| self.routes.get(c))
            .or_else(|| self.routes.get(language.iso639_3.as_str()))
            .or(self.fallback.as_ref())
    }

    fn has_translators(&self) -> bool {
        !self.routes.is_empty() || self.fallback.is_some()
    }

    /// Sets the status of documents that need no model; returns the indices of
    /// those that do, with their translator.
    fn triage(&self, docs: &mut [Document]) -> Vec<(usize, Arc<dyn Translator>)> {
        let mut todo = Vec::new();
        for (i, doc) in docs.iter_mut().enumerate() {
            let status = match &doc.language {
                None => Some(TranslationStatus::NoModel { language: None }),
                Some(l) if l.is_english() => {
                    doc.translation = Some(Translation {
                        status: TranslationStatus::SkippedEnglish,
                        text_en: Some(doc.content.clone()),
                        title_en: doc.title.clone(),
                        alignments: Vec::new(),
                    });
                    continue;
                }
                Some(l) => match self.translator_for(l) {
                    Some(t) => {
                        todo.push((i, t.clone()));
                        None
                    }
                    None => Some(TranslationStatus::NoModel {
                        language: Some(l.iso639_3.clone()),
                    }),
                },
            };
            if let Some(status) = status {
                doc.translation = Some(Translation {
                    status,
                    text_en: None,
                    title_en: None,
                    alignments: Vec::new(),
                });
            }
        }
        todo
    }

    /// Translates documents that all use `translator`: cut them into
    /// sentence jobs, translate the jobs in length-sorted batches, reassemble
    /// each document's English text with its alignments.
    fn translate_docs(
        &self,
        translator: &dyn Translator,
        docs: &mut [&mut Document],
    ) -> Vec<Result<(), StageError>> {
        let (mut jobs, mut plans) = self.plan(translator, docs);
        self.run_jobs(translator, docs, &mut jobs, &mut plans);
        docs.iter_mut()
            .zip(plans)
            .enumerate()
            .map(|(d, (doc, plan))| assemble(translator, doc, d, plan, &jobs))
            .collect()
    }

    /// One job per sentence (long sentences split to the model's input limit)
    /// of every non-English paragraph, and of the title; and each document's
    /// plan for putting the outputs back together.
    fn plan(&self, translator: &dyn Translator, docs: &[&mut Document]) -> (Vec<Job>, Vec<Plan>) {
        let max_in = translator.max_input_tokens().max(1);
        let count = |s: &str| translator.count_tokens(s);
        let mut jobs: Vec<Job> = Vec::new();
        let mut plans: Vec<Plan> = Vec::with_capacity(docs.len());
        for (d, doc) in docs.iter().enumerate() {
            let mut plan = Plan {
                paras: Vec::new(),
                title_jobs: Vec::new(),
                error: None,
            };
            let mut add = |source: Source, text: &str, span: Range<usize>| -> Vec<usize> {
                let mut ids = Vec::new();
                for s in sentences(text, span) {
                    for u in split_long(text, s, max_in, &count) {
                        ids.push(jobs.len());
                        jobs.push(Job {
                            doc: d,
                            source,
                            span: u.span,
                            tokens: u.tokens,
                            output: None,
                        });
                    }
                }
                ids
            };
            for p in &doc.paragraphs {
                if doc.content.get(p.start..p.end).is_none() {
                    continue;
                }
                let english = p.language.as_ref().is_some_and(Language::is_english);
                if english {
                    plan.paras.push(Para::Copy(p.start..p.end));
                } else {
                    plan.paras.push(Para::Jobs(add(
                        Source::Content,
                        &doc.content,
                        p.start..p.end,
                    )));
                }
            }
            if self.config.translate_title {
                if let Some(title) = &doc.title {
                    plan.title_jobs = add(Source::Title, title, 0..title.len());
                }
            }
            plans.push(plan);
        }

        (jobs, plans)
    }

    /// Translates the jobs grouped by source language, sorted by length (less
    /// padding) and packed into batches of at most `batch_tokens`; a failed
    /// batch records its error on the plans of its documents.
    fn run_jobs(
        &self,
        translator: &dyn Translator,
        docs: &[&mut Document],
        jobs: &mut [Job],
        plans: &mut [Plan],
    ) {
        let mut by_lang: HashMap<String, Vec<usize>> = HashMap::new();
        for (j, job) in jobs.iter().enumerate() {
            let code = docs[job.doc]
                .language
                .as_ref()
                .map(|l| l.iso639_3.clone())
                .unwrap_or_default();
            by_lang.entry(code).or_default().push(j);
        }
        let mut groups: Vec<(String, Vec<usize>)> = by_lang.into_iter().collect();
        groups.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, mut ids) in groups {
            ids.sort_by_key(|&j| jobs[j].tokens);
            let Some(language) = docs[jobs[ids[0]].doc].language.clone() else {
                continue;
            };
            let tokens: Vec<usize> = ids.iter().map(|&j| jobs[j].tokens).collect();
            for batch in pack(&tokens, self.config.batch_tokens) {
                let batch_ids = &ids[batch];
                let texts: Vec<&str> = batch_ids
                    .iter()
                    .map(|&j| {
                        let job = &jobs[j];
                        let doc = &docs[job.doc];
                        let text = match job.source {
                            Source::Content => doc.content.as_str(),
                            Source::Title => doc.title.as_deref().unwrap_or(""),
                        };
                        text.get(job.span.clone()).unwrap_or("")
                    })
                    .collect();
                let result = translator.translate(&texts, &language).and_then(|out| {
                    if out.len() == texts.len() {
                        Ok(out)
                    } else {
                        Err(crate::TranslateError::new(
                            translator.id(),
                            format!("returned {} outputs for {} inputs", out.len(), texts.len()),
                        ))
                    }
                });
                match result {
                    Ok(out) => {
                        for (&j, o) in batch_ids.iter().zip(out) {
                            jobs[j].output = Some(o);
                        }
                    }
                    Err(e) => {
                        for &j in batch_ids {
                            plans[jobs[j].doc]
                                .error
                                .get_or_insert_with(|| e.to_string());
                        }
                    }
                }
            }
        }
    }
}

/// Reassembles one document, paragraph by paragraph, into its translation
/// (or its failure).
fn assemble(
    translator: &dyn Translator,
    doc: &mut Document,
    d: usize,
    plan: Plan,
    jobs: &[Job],
) -> Result<(), StageError> {
    if let Some(error) = plan.error {
        let message = format!("{}: {error}", doc.id);
        doc.translation = Some(Translation {
            status: TranslationStatus::Failed { error },
            text_en: None,
            title_en: None,
            alignments: Vec::new(),
        });
        return Err(StageError::new(NAME, ErrorKind::Model, message));
    }
    let mut text_en = String::new();
    let mut alignments = Vec::new();
    for (k, para) in plan.paras.iter().enumerate() {
        if k > 0 {
            text_en.push('\n');
        }
        match para {
            Para::Copy(r) => {
                let en_start = text_en.len();
                text_en.push_str(&doc.content[r.clone()]);
                alignments.push(Alignment {
                    src_start: r.start,
                    src_end: r.end,
                    en_start,
                    en_end: text_en.len(),
                });
            }
            Para::Jobs(ids) => {
                for (n, &j) in ids.iter().enumerate() {
                    let job = &jobs[j];
                    debug_assert_eq!(job.doc, d);
                    let out = job.output.as_deref().unwrap_or("").trim();
                    if n > 0 && !out.is_empty() {
                        text_en.push(' ');
                    }
                    let en_start = text_en.len();
                    text_en.push_str(out);
                    alignments.push(Alignment {
                        src_start: job.span.start,
                        src_end: job.span.end,
                        en_start,
                        en_end: text_en.len(),
                    });
                }
            }
        }
    }
    let title_en = (!plan.title_jobs.is_empty()).then(|| {
        plan.title_jobs
            .iter()
            .filter_map(|&j| jobs[j].output.as_deref().map(str::trim))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    });
    doc.translation = Some(Translation {
        status: TranslationStatus::Translated {
            model: translator.id().to_owned(),
        },
        text_en: Some(text_en),
        title_en,
        alignments,
    });
    Ok(())
}

impl Stage for TranslateStage {
    fn name(&self) -> &str {
        NAME
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        self.process_batch(std::slice::from_mut(doc))
            .pop()
            .unwrap_or(Ok(()))
    }

    fn process_batch(&self, docs: &mut [Document]) -> Vec<Result<(), StageError>> {
        let mut results: Vec<Result<(), StageError>> =
            docs.iter_mut().map(|d| d.ensure_content(NAME)).collect();
        let todo = self.triage(docs);
        // Group documents by translator (one model call stream per model).
        let mut groups: Vec<(Arc<dyn Translator>, Vec<usize>)> = Vec::new();
        for (i, t) in todo {
            if results[i].is_err() {
                continue;
            }
            match groups.iter_mut().find(|(g, _)| Arc::ptr_eq(g, &t)) {
                Some((_, v)) => v.push(i),
                None => groups.push((t, vec![i])),
            }
        }
        for (t, idx) in groups {
            let mut refs: Vec<&mut Document> = Vec::with_capacity(idx.len());
            let mut want = idx.iter().peekable();
            for (i, d) in docs.iter_mut().enumerate() {
                if want.peek() == Some(&&i) {
                    refs.push(d);
                    want.next();
                }
            }
            for (&i, r) in idx.iter().zip(self.translate_docs(t.as_ref(), &mut refs)) {
                results[i] = r;
            }
        }
        results
    }

    fn prefers_batch(&self) -> bool {
        self.has_translators()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::TranslateError;
    use std::sync::Mutex;
    use tidings_core::{LanguageSource, Paragraph};

    /// Upper-cases each input; one token per word (+1 for the end token);
    /// records the batches it was called with; fails on inputs containing "BOOM".
    struct Shout {
        max_in: usize,
        calls: Mutex<Vec<Vec<String>>>,
    }

    impl Shout {
        fn new(max_in: usize) -> Arc<Shout> {
            Arc::new(Shout {
                max_in,
                calls: Mutex::new(Vec::new()),
            })
        }
    }

    impl Translator for Shout {
        fn id(&self) -> &str {
            "shout"
        }
        fn count_tokens(&self, text: &str) -> usize {
            text.split_whitespace().count() + 1
        }
        fn max_input_tokens(&self) -> usize {
            self.max_in
        }
        fn translate(&self, texts: &[&str], _: &Language) -> Result<Vec<String>, TranslateError> {
            self.calls
                .lock()
                .unwrap()
                .push(texts.iter().map(|s| s.to_string()).collect());
            if texts.iter().any(|t| t.contains("BOOM")) {
                return Err(TranslateError::new("shout", "exploded"));
            }
            Ok(texts.iter().map(|t| t.to_uppercase()).collect())
        }
    }

    fn lang(code: &str) -> Language {
        Language {
            iso639_3: code.into(),
            iso639_1: None,
            name: String::new(),
            script: None,
            confidence: 1.0,
            reliable: true,
            source: LanguageSource::Detected,
        }
    }

    fn doc(id: &str, text: &str, code: &str) -> Document {
        let mut d = Document::new(id, text);
        d.language = Some(lang(code));
        d
    }

    fn stage(t: Arc<Shout>) -> TranslateStage {
        TranslateStage::new(TranslateConfig::default().batch_tokens(12))
            .unwrap()
            .with_translator("ind", t)
    }

    #[test]
    fn no_model_and_english_without_models() {
        let s = TranslateStage::new(TranslateConfig::default()).unwrap();
        assert!(!s.prefers_batch());
        let mut docs = vec![
            doc("a", "Korea Utara.", "ind"),
            doc("b", "North Korea.", "eng"),
            Document::new("c", "no language"),
        ];
        let results = s.process_batch(&mut docs);
        assert!(results.iter().all(Result::is_ok));
        let st: Vec<_> = docs
            .iter()
            .map(|d| d.translation.as_ref().unwrap().status.clone())
            .collect();
        assert_eq!(
            st,
            [
                TranslationStatus::NoModel {
                    language: Some("ind".into())
                },
                TranslationStatus::SkippedEnglish,
                TranslationStatus::NoModel { language: None },
            ]
        );
        assert_eq!(
            docs[1].translation.as_ref().unwrap().text_en.as_deref(),
            Some("North Korea.")
        );
    }

    #[test]
    fn configured_models_without_the_feature_are_an_error() {
        let config = TranslateConfig::default().route(
            "id",
            crate::ModelSpec::new(crate::ModelKind::Marian, "/nonexistent/opus-mt-id-en"),
        );
        let err = TranslateStage::new(config).unwrap_err().to_string();
        if cfg!(feature = "transformers") {
            assert!(err.contains("/nonexistent/opus-mt-id-en"), "{err}");
        } else {
            assert!(err.contains("transformers"), "{err}");
        }
    }

    #[test]
    fn alignments_slice_source_and_english_paragraph_by_paragraph() {
        let t = Shout::new(100);
        let s = stage(t.clone());
        let mut d = doc(
            "d",
            "Korea Utara meluncurkan rudal. Presiden marah!\nThe UN condemned it.\nHari ini hujan.",
            "ind",
        );
        d.ensure_content("test").unwrap();
        assert_eq!(d.paragraphs, Paragraph::split_lines(&d.content));
        d.paragraphs[1].language = Some(lang("eng"));
        d.title = Some("Rudal baru".into());
        s.process(&mut d).unwrap();
        let tr = d.translation.clone().unwrap();
        assert_eq!(
            tr.status,
            TranslationStatus::Translated {
                model: "shout".into()
            }
        );
        let en = tr.text_en.as_deref().unwrap();
        assert_eq!(
            en,
            "KOREA UTARA MELUNCURKAN RUDAL. PRESIDEN MARAH!\nThe UN condemned it.\nHARI INI HUJAN."
        );
        assert_eq!(tr.title_en.as_deref(), Some("RUDAL BARU"));
        let pairs: Vec<(&str, &str)> = tr
            .alignments
            .iter()
            .map(|a| {
                (
                    &d.content[a.src_start..a.src_end],
                    &en[a.en_start..a.en_end],
                )
            })
            .collect();
        assert_eq!(
            pairs,
            [
                (
                    "Korea Utara meluncurkan rudal.",
                    "KOREA UTARA MELUNCURKAN RUDAL."
                ),
                ("Presiden marah!", "PRESIDEN MARAH!"),
                ("The UN condemned it.", "The UN condemned it."),
                ("Hari ini hujan.", "HARI INI HUJAN."),
            ]
        );
        // The English paragraph never reached the model.
        let calls = t.calls.lock().unwrap();
        assert!(calls.iter().flatten().all(|s| !s.contains("UN")));
    }

    #[test]
    fn long_sentences_are_split_not_truncated_and_batches_fit_the_budget() {
        let t = Shout::new(4);
        let s = stage(t.clone());
        let long = "satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas.";
        let mut d = doc("d", long, "ind");
        s.process(&mut d).unwrap();
        let en = d.translation.unwrap().text_en.unwrap();
        assert_eq!(en, long.to_uppercase());
        for batch in t.calls.lock().unwrap().iter() {
            let longest = batch.iter().map(|s| t.count_tokens(s)).max().unwrap();
            assert!(batch.iter().all(|s| t.count_tokens(s) <= 4), "{batch:?}");
            assert!(longest * batch.len() <= 12 || batch.len() == 1, "{batch:?}");
        }
    }

    #[test]
    fn a_failing_batch_marks_only_its_documents_failed() {
        let t = Shout::new(100);
        // Budget 3 tokens: every sentence is its own batch.
        let s = TranslateStage::new(TranslateConfig::default().batch_tokens(3))
            .unwrap()
            .with_translator("ind", t);
        let mut docs = vec![doc("ok", "Aman.", "ind"), doc("bad", "BOOM.", "ind")];
        let results = s.process_batch(&mut docs);
        assert!(results[0].is_ok());
        let err = results[1].as_ref().unwrap_err();
        assert!(
            err.message.contains("bad") && err.message.contains("exploded"),
            "{err}"
        );
        assert_eq!(
            docs[1].translation.as_ref().unwrap().status,
            TranslationStatus::Failed {
                error: "model shout: exploded".into()
            }
        );
        assert_eq!(
            docs[0].translation.as_ref().unwrap().text_en.as_deref(),
            Some("AMAN.")
        );
    }

    #[test]
    fn routes_accept_either_iso_code_and_fall_back() {
        let t = Shout::new(100);
        let s = TranslateStage::new(TranslateConfig::default())
            .unwrap()
            .with_fallback(t);
        let mut d = doc("ko", "안녕하세요.", "kor");
        s.process(&mut d).unwrap();
        assert_eq!(
            d.translation.unwrap().status,
            TranslationStatus::Translated {
                model: "shout".into()
            }
        );
    }
}
