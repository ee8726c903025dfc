//! The [`Pipeline`]: stages run over a bounded stream of documents in parallel.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tidings_core::{
    run_stage, run_stage_batch, run_stages_on_chunk, BuildError, BuildStage, Document, Language,
    LanguageCode, Stage,
};

use crate::config::StageConfig;

/// A serialisable pipeline description: the stages in order and how to batch.
///
/// ```json
/// {"stages": [{"type": "clean"}, {"type": "lang", "allowlist": ["en", "id"]}],
///  "chunk_size": 256}
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PipelineConfig {
    /// The stages, in the order they run.
    pub stages: Vec<StageConfig>,
    /// How many documents are read, processed in parallel and written at a time.
    /// Memory is bounded by about three chunks, whatever the input's length.
    pub chunk_size: usize,
    /// The language of every document, when the user knows it (`--lang`): set
    /// on each document ([`LanguageSource::Given`](tidings_core::LanguageSource::Given))
    /// before the first stage, so that no stage detects it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<LanguageCode>,
}

impl Default for PipelineConfig {
    /// Every registered stage with its defaults, in the default order.
    fn default() -> Self {
        PipelineConfig {
            stages: StageConfig::DEFAULT_PIPELINE
                .iter()
                .filter_map(|n| StageConfig::default_for(n))
                .collect(),
            chunk_size: 256,
            language: None,
        }
    }
}

fn unknown_stage(name: &str) -> BuildError {
    BuildError::Config {
        stage: name.to_owned(),
        message: format!(
            "unknown stage `{name}`; known stages: {}",
            StageConfig::ALL.join(", ")
        ),
    }
}

impl PipelineConfig {
    /// A config with the named stages (defaults), in the given order.
    pub fn with_stages<S: AsRef<str>>(names: &[S]) -> Result<Self, BuildError> {
        let stages = names
            .iter()
            .map(|n| StageConfig::default_for(n.as_ref()).ok_or_else(|| unknown_stage(n.as_ref())))
            .collect::<Result<_, _>>()?;
        Ok(PipelineConfig {
            stages,
            ..Default::default()
        })
    }

    /// Keeps only the named stages, in the given order (`tidings run
    /// --stages`): a stage this config already has keeps its settings, any
    /// other gets its defaults. Blank names are ignored; an unknown name, or
    /// no name at all, is an error.
    ///
    /// ```
    /// use tidings::PipelineConfig;
    ///
    /// let mut config = PipelineConfig::default();
    /// config.select(&["lang", "clean"]).unwrap();
    /// let names: Vec<_> = config.stages.iter().map(|s| s.name()).collect();
    /// assert_eq!(names, ["lang", "clean"]);
    /// assert!(config.select(&["cleen"]).unwrap_err().to_string().contains("known stages"));
    /// ```
    pub fn select<S: AsRef<str>>(&mut self, names: &[S]) -> Result<(), BuildError> {
        let mut picked = Vec::new();
        for name in names
            .iter()
            .map(|s| s.as_ref().trim())
            .filter(|s| !s.is_empty())
        {
            let stage = self
                .stages
                .iter()
                .find(|s| s.name() == name)
                .cloned()
                .or_else(|| StageConfig::default_for(name))
                .ok_or_else(|| unknown_stage(name))?;
            picked.push(stage);
        }
        if picked.is_empty() {
            return Err(BuildError::Config {
                stage: "pipeline".into(),
                message: "no stage selected".into(),
            });
        }
        self.stages = picked;
        Ok(())
    }

    /// Sets the language of every document (`tidings run --lang`); see
    /// [`PipelineConfig::language`]. An unknown code is an error.
    pub fn given_language(&mut self, code: &str) -> Result<(), BuildError> {
        self.language = Some(LanguageCode::parse(code).ok_or_else(|| BuildError::Config {
            stage: "pipeline".into(),
            message: format!("unknown language code `{code}`"),
        })?);
        Ok(())
    }

    #[cfg(feature = "normalize")]
    /// Points every `normalize` stage at a gazetteer index built by
    /// `tidings gazetteer build` (`tidings run --gazetteer DIR`); an error when
    /// the pipeline has no `normalize` stage.
    pub fn use_gazetteer(&mut self, dir: impl Into<std::path::PathBuf>) -> Result<(), BuildError> {
        let dir = dir.into();
        let mut found = false;
        for stage in &mut self.stages {
            if let StageConfig::Normalize(n) = stage {
                n.gazetteer = Some(dir.clone());
                found = true;
            }
        }
        if found {
            Ok(())
        } else {
            Err(BuildError::Config {
                stage: "normalize".into(),
                message: format!(
                    "gazetteer {}: the pipeline has no normalize stage",
                    dir.display()
                ),
            })
        }
    }

    /// Reads a configuration from a JSON file (`tidings run --config FILE`);
    /// the error names the file.
    pub fn from_path(path: &std::path::Path) -> Result<PipelineConfig, BuildError> {
        let error = |message: String| BuildError::File {
            stage: "pipeline".into(),
            path: path.display().to_string(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| error(e.to_string()))?;
        serde_json::from_str(&text).map_err(|e| error(format!("invalid configuration: {e}")))
    }

    /// Builds the pipeline (loads models, compiles tables).
    pub fn build(&self) -> Result<Pipeline, BuildError> {
        let stages = self
            .stages
            .iter()
            .map(|s| s.build())
            .collect::<Result<_, _>>()?;
        let mut pipeline = Pipeline::new(stages).chunk_size(self.chunk_size);
        pipeline.language = self.language.map(Language::given);
        Ok(pipeline)
    }
}

/// Counts from one [`Pipeline::run`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RunStats {
    /// Documents read and written (always equal: no document is lost).
    pub documents: u64,
    /// Documents that carry at least one error.
    pub with_errors: u64,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// True when the run was stopped by its stop flag
    /// ([`Pipeline::run_until`]) before the input was exhausted.
    pub interrupted: bool,
}

impl RunStats {
    /// Documents per second over the whole run.
    pub fn docs_per_sec(&self) -> f64 {
        self.documents as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Stages applied to documents, in parallel on the current rayon pool.
///
/// ```
/// use tidings::{Document, Pipeline, PipelineConfig};
///
/// let pipeline = PipelineConfig::with_stages(&["lang"]).unwrap().build().unwrap();
/// let docs = vec![
///     Document::new("en", "The minister said on Tuesday that the talks would continue next week."),
///     Document::new("id", "Menteri mengatakan pada hari Selasa bahwa pembicaraan akan dilanjutkan."),
/// ];
/// let mut out = Vec::new();
/// let stats = pipeline.run(docs, |d| { out.push(d); Ok::<_, std::io::Error>(()) }).unwrap();
/// assert_eq!(stats.documents, 2);
/// assert_eq!(out[0].language.as_ref().unwrap().iso639_1.as_deref(), Some("en"));
/// assert_eq!(out[1].language.as_ref().unwrap().iso639_1.as_deref(), Some("id"));
/// ```
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
    chunk_size: usize,
    language: Option<Language>,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline")
            .field("stages", &self.stage_names())
            .field("chunk_size", &self.chunk_size)
            .finish()
    }
}

impl Pipeline {
    /// A pipeline of `stages` run in order.
    pub fn new(stages: Vec<Box<dyn Stage>>) -> Self {
        Pipeline {
            stages,
            chunk_size: 256,
            language: None,
        }
    }

    /// Sets the language every document is given before the first stage
    /// ([`PipelineConfig::language`]).
    pub fn language(mut self, code: Option<LanguageCode>) -> Self {
        self.language = code.map(Language::given);
        self
    }

    fn prepare(&self, doc: &mut Document) {
        if let Some(given) = &self.language {
            doc.language = Some(given.clone());
        }
    }

    /// Sets how many documents are processed together (at least 1).
    pub fn chunk_size(mut self, n: usize) -> Self {
        self.chunk_size = n.max(1);
        self
    }

    /// Appends a stage.
    pub fn push(&mut self, stage: Box<dyn Stage>) {
        self.stages.push(stage);
    }

    /// The stage names, in order.
    pub fn stage_names(&self) -> Vec<&str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// Runs every stage on one document, on the calling thread.
    pub fn process(&self, doc: &mut Document) {
        self.prepare(doc);
        for stage in &self.stages {
            if stage.prefers_batch() {
                run_stage_batch(stage.as_ref(), std::slice::from_mut(doc));
            } else {
                run_stage(stage.as_ref(), doc);
            }
        }
    }

    /// Runs every stage on a chunk of documents, in parallel on the current rayon
    /// pool. Consecutive per-document stages run back to back on each document;
    /// a batch stage ([`Stage::prefers_batch`]) gets the whole chunk at once.
    pub fn process_chunk(&self, docs: &mut [Document]) {
        docs.iter_mut().for_each(|d| self.prepare(d));
        run_stages_on_chunk(&self.stages, docs);
    }

    /// Streams `input` through the pipeline and hands each finished document to
    /// `sink`, in input order. A reader thread pulls documents while the current
    /// chunk is processed, and the chunk before it goes to `sink` meanwhile (on
    /// the calling thread, while the pool processes); at most about four chunks
    /// are in memory at once.
    ///
    /// Every input document reaches `sink` exactly once, with its errors
    /// recorded; the run stops early only if `sink` returns an error.
    pub fn run<I, F, E>(&self, input: I, sink: F) -> Result<RunStats, E>
    where
        I: IntoIterator<Item = Document>,
        I::IntoIter: Send,
        F: FnMut(Document) -> Result<(), E>,
    {
        self.run_until(input, &AtomicBool::new(false), sink)
    }

    /// Like [`Pipeline::run`], stopping cleanly once `stop` is set (by a signal
    /// handler, a deadline…): the reader stops pulling input, a chunk that is
    /// not yet processed is dropped, and the chunk being processed is finished
    /// and handed to `sink` whole, so the sink only ever sees whole records.
    /// [`RunStats::interrupted`] then says that the input was not exhausted.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicBool, Ordering};
    /// use tidings::{Document, PipelineConfig};
    ///
    /// let pipeline = PipelineConfig::with_stages(&["lang"]).unwrap().build().unwrap().chunk_size(2);
    /// let docs = (0..10).map(|i| Document::new(i.to_string(), "Hello there, how are you?"));
    /// let stop = AtomicBool::new(false);
    /// let mut written = 0;
    /// let stats = pipeline.run_until(docs, &stop, |_| {
    ///     written += 1;
    ///     stop.store(true, Ordering::Relaxed); // as a signal handler would
    ///     Ok::<_, std::io::Error>(())
    /// }).unwrap();
    /// assert!(stats.interrupted);
    /// // The first chunk, and the second, in flight while the first was written.
    /// assert_eq!((stats.documents, written), (4, 4));
    /// ```
    pub fn run_until<I, F, E>(
        &self,
        input: I,
        stop: &AtomicBool,
        mut sink: F,
    ) -> Result<RunStats, E>
    where
        I: IntoIterator<Item = Document>,
        I::IntoIter: Send,
        F: FnMut(Document) -> Result<(), E>,
    {
        let started = Instant::now();
        let mut stats = RunStats::default();
        let chunk_size = self.chunk_size;
        let input = input.into_iter();
        let stopped = || stop.load(Ordering::Relaxed);
        std::thread::scope(|scope| {
            let (tx, rx) = sync_channel::<Vec<Document>>(1);
            scope.spawn(move || {
                let mut input = input;
                while !stopped() {
                    let chunk: Vec<Document> = input.by_ref().take(chunk_size).collect();
                    if chunk.is_empty() || tx.send(chunk).is_err() {
                        break;
                    }
                }
            });
            let mut sink_chunk = |chunk: Vec<Document>| -> Result<(), E> {
                for doc in chunk {
                    stats.documents += 1;
                    stats.with_errors += u64::from(doc.has_errors());
                    sink(doc)?;
                }
                Ok(())
            };
            // The chunk processed last, not yet handed to `sink`: it is
            // written while the next one is processed, so the pool's other
            // threads are not idle while this one writes.
            let mut done: Option<Vec<Document>> = None;
            for mut chunk in rx {
                if stopped() {
                    break;
                }
                let mut sunk = Ok(());
                rayon::in_place_scope(|scope| {
                    scope.spawn(|_| self.process_chunk(&mut chunk));
                    if let Some(prev) = done.take() {
                        sunk = sink_chunk(prev);
                    }
                });
                sunk?;
                done = Some(chunk);
            }
            if let Some(last) = done {
                sink_chunk(last)?;
            }
            Ok(())
        })?;
        // Stopped before the input ended: the reader was interrupted, or a
        // chunk it had read was dropped unprocessed.
        stats.interrupted = stopped();
        stats.elapsed = started.elapsed();
        Ok(stats)
    }
}
