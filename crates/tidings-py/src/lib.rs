//! `tidings._native`: the facade's [`Pipeline`] for Python, built by maturin
//! into the abi3 wheel `tidings` (`pyproject.toml` at the workspace root).
//!
//! This module is the thin native half; `python/tidings/` is the package
//! users import (`tidings.Pipeline`, `tidings.ray`, `tidings.spark`,
//! `tidings.datatrove`). Records cross the boundary two ways:
//!
//! - `NativePipeline::process_json`: one JSON object per record, read by
//!   the same [`Document::from_json_lossy`] as the command's JSON Lines input
//!   and written back as the command writes its records;
//! - `NativePipeline::process_batch`: an Arrow `RecordBatch` received
//!   through the Arrow C data interface (no copy of the columns), returned
//!   in the typed schema of [`tidings_arrow::schema`].
//!
//! Both release the GIL while the stages run. Each pipeline owns a rayon pool
//! that is created on first use *in the process that uses it*: after a
//! `fork` (multiprocessing, Spark's and Ray's workers) the child builds its
//! own pool instead of waiting forever on threads that were not copied.
//! Nothing here panics across the boundary: the stages catch their own
//! panics per document, and every other failure is a Python exception with
//! the facade's message.

#![warn(missing_docs)]
use std::sync::{Arc, Mutex, PoisonError};

use arrow_array::RecordBatch;
use arrow_pyarrow::PyArrowType;
use arrow_schema::Schema;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use rayon::prelude::*;
use rayon::{ThreadPool, ThreadPoolBuilder};
use tidings::io::sink::OutputFormat;
use tidings::io::{Input, ReadOptions};
use tidings::run::{self, RunError};
use tidings::shard::ShardSpec;
use tidings::{Document, ErrorKind, Pipeline, PipelineConfig, SizeSeen, StageError};

/// The environment variable that sizes a pipeline's pool when `threads` is
/// not given.
const THREADS_ENV: &str = "TIDINGS_THREADS";

/// The largest text a record may carry, as for the command's input.
const MAX_BYTES: usize = tidings::DEFAULT_MAX_BYTES;

/// Rows converted at a time, in parallel, by [`NativePipeline::process_batch`].
const CONVERT_ROWS: usize = 64;

/// A built pipeline (models loaded) with its lazily created thread pool.
#[pyclass(module = "tidings._native", frozen)]
struct NativePipeline {
    pipeline: Pipeline,
    /// The effective config, as `tidings config` prints it.
    config: String,
    threads: usize,
    /// The pool and the process that created it.
    pool: Mutex<Option<(u32, Arc<ThreadPool>)>>,
}

fn value_error(e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// `threads`, else `TIDINGS_THREADS`, else the CPUs this process may run on
/// (its affinity mask and cgroup quota, which is what Ray, Slurm and
/// containers give a worker).
fn resolve_threads(threads: Option<usize>) -> PyResult<usize> {
    let n = match threads {
        Some(n) => n,
        None => match std::env::var(THREADS_ENV) {
            Ok(s) if !s.trim().is_empty() => s.trim().parse::<usize>().map_err(|_| {
                value_error(format!(
                    "{THREADS_ENV}={s:?} is not a number of threads (a positive integer)"
                ))
            })?,
            _ => std::thread::available_parallelism().map_or(1, |n| n.get()),
        },
    };
    if n == 0 {
        return Err(value_error("threads must be at least 1"));
    }
    Ok(n)
}

/// `config` (the JSON of `tidings config`; None: the default) with `stages`
/// selected like `tidings run --stages`.
fn parse_config(config: Option<&str>, stages: Option<Vec<String>>) -> PyResult<PipelineConfig> {
    let mut cfg: PipelineConfig = match config {
        Some(json) => {
            serde_json::from_str(json).map_err(|e| value_error(format!("tidings config: {e}")))?
        }
        None => PipelineConfig::default(),
    };
    if let Some(names) = stages {
        cfg.select(&names).map_err(value_error)?;
    }
    Ok(cfg)
}

impl NativePipeline {
    /// The pool for this process, created on first use (and again in a
    /// forked child, whose copy of the parent's pool has no threads).
    fn pool(&self) -> PyResult<Arc<ThreadPool>> {
        let pid = std::process::id();
        let mut slot = self.pool.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((owner, pool)) = slot.as_ref() {
            if *owner == pid {
                return Ok(Arc::clone(pool));
            }
            // Inherited through fork: its worker threads do not exist here.
            // Dropping it would signal threads that are not there; leak it.
            if let Some((_, inherited)) = slot.take() {
                std::mem::forget(inherited);
            }
        }
        let pool = ThreadPoolBuilder::new()
            .num_threads(self.threads)
            .thread_name(|i| format!("tidings-{i}"))
            .build()
            .map_err(|e| PyRuntimeError::new_err(format!("tidings: thread pool: {e}")))?;
        let pool = Arc::new(pool);
        *slot = Some((pid, Arc::clone(&pool)));
        Ok(pool)
    }

    /// A batch through the pipeline on the current (this pipeline's) pool.
    /// The conversions to and from documents run in parallel slices of
    /// [`CONVERT_ROWS`] rows, so that they do not serialise a multi-core run.
    fn process_record_batch(
        &self,
        batch: &RecordBatch,
    ) -> Result<RecordBatch, tidings_arrow::ArrowError> {
        let slices: Vec<(usize, RecordBatch)> = (0..batch.num_rows())
            .step_by(CONVERT_ROWS)
            .map(|at| (at, batch.slice(at, CONVERT_ROWS.min(batch.num_rows() - at))))
            .collect();
        let mut docs: Vec<Document> = slices
            .par_iter()
            .map(|(at, slice)| {
                tidings_arrow::documents_from_batch_at(slice, "batch", *at, MAX_BYTES)
            })
            .flatten_iter()
            .collect();
        self.pipeline.process_chunk(&mut docs);
        let out = docs
            .par_chunks(CONVERT_ROWS)
            .map(tidings_arrow::documents_to_batch)
            .collect::<Result<Vec<_>, _>>()?;
        match <[RecordBatch; 1]>::try_from(out) {
            Ok([one]) => Ok(one),
            Err(many) => tidings_arrow::concat_batches(&many),
        }
    }

    fn run(&self, docs: &mut [Document]) -> PyResult<()> {
        let pool = self.pool()?;
        pool.install(|| self.pipeline.process_chunk(docs));
        Ok(())
    }
}

/// Reading options for the file runs: the library's defaults, `max_bytes`
/// aside.
fn run_options(max_bytes: Option<usize>) -> run::RunOptions<'static> {
    let mut read = ReadOptions::default();
    if let Some(n) = max_bytes {
        read.max_bytes = n;
    }
    run::RunOptions {
        read,
        ..Default::default()
    }
}

/// A refused or malformed run is a `ValueError`; a failed one an `OSError`.
fn run_error(e: RunError) -> PyErr {
    match e {
        RunError::Refused(_) | RunError::Usage(_) | RunError::Input(_) => {
            PyValueError::new_err(e.to_string())
        }
        other => pyo3::exceptions::PyOSError::new_err(other.to_string()),
    }
}

/// One record for `NativePipeline::process_json`: its JSON text, or the
/// id and reason of a record Python could not serialise.
#[derive(FromPyObject)]
enum Row {
    Json(String),
    Unreadable(String, String),
}

#[pymethods]
impl NativePipeline {
    /// Builds the pipeline: `config` is the JSON of `tidings config` (None:
    /// every stage with its defaults), `stages` keeps and orders stages like
    /// `tidings run --stages`. Bad configs raise `ValueError`.
    #[new]
    #[pyo3(signature = (config=None, stages=None, threads=None))]
    fn new(
        py: Python<'_>,
        config: Option<&str>,
        stages: Option<Vec<String>>,
        threads: Option<usize>,
    ) -> PyResult<Self> {
        let cfg = parse_config(config, stages)?;
        let threads = resolve_threads(threads)?;
        let config = serde_json::to_string(&cfg).map_err(value_error)?;
        // Loading models takes a while: let other Python threads run.
        let pipeline = py.detach(|| cfg.build()).map_err(value_error)?;
        Ok(NativePipeline {
            pipeline,
            config,
            threads,
            pool: Mutex::new(None),
        })
    }

    /// The effective config as JSON (what a pickled `Pipeline` carries).
    fn config_json(&self) -> &str {
        &self.config
    }

    /// The number of threads this pipeline's pool runs.
    #[getter]
    fn threads(&self) -> usize {
        self.threads
    }

    /// The stages, in order.
    fn stage_names(&self) -> Vec<String> {
        self.pipeline
            .stage_names()
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    /// Runs the pipeline over records given as JSON texts (a row that is a
    /// `(id, reason)` pair becomes a rejected record with that reason), and
    /// returns each finished record as JSON, in order: one out per row in.
    fn process_json(&self, py: Python<'_>, rows: Vec<Row>) -> PyResult<Vec<String>> {
        py.detach(|| {
            let mut docs: Vec<Document> = rows
                .into_iter()
                .enumerate()
                .map(|(i, row)| match row {
                    Row::Json(json) => {
                        let origin = format!("records[{i}]");
                        let mut doc = Document::from_json_lossy(&origin, &json);
                        if doc.text.len() > MAX_BYTES && !doc.rejected {
                            let err = StageError::too_large(
                                format_args!("{origin}: text"),
                                SizeSeen::Bytes(doc.text.len() as u64),
                                MAX_BYTES,
                            );
                            doc = Document::rejected(doc.id, err);
                        }
                        doc
                    }
                    Row::Unreadable(id, reason) => Document::rejected(
                        id,
                        StageError::read(
                            ErrorKind::MalformedRecord,
                            format!("records[{i}]: {reason}"),
                        ),
                    ),
                })
                .collect();
            self.run(&mut docs)?;
            docs.iter()
                .map(|d| {
                    serde_json::to_string(d).map_err(|e| PyRuntimeError::new_err(e.to_string()))
                })
                .collect()
        })
    }

    /// Runs the pipeline over an Arrow record batch with `id` and `text` or
    /// `html` (optional `url`, `source`, `format`, `metadata`; other columns
    /// go to `metadata`) and returns one row per input row, in order, in the
    /// schema of [`tidings_arrow::schema`]. A bad row is a row with `errors`.
    fn process_batch(
        &self,
        py: Python<'_>,
        batch: PyArrowType<RecordBatch>,
    ) -> PyResult<PyArrowType<RecordBatch>> {
        let batch = batch.0;
        py.detach(|| {
            let pool = self.pool()?;
            pool.install(|| self.process_record_batch(&batch))
                .map(PyArrowType)
                .map_err(|e| PyRuntimeError::new_err(format!("tidings: output batch: {e}")))
        })
    }

    /// Runs the pipeline over files and directories into one output file
    /// (`tidings run INPUTS --out OUT`, with its guarantees: the output is
    /// staged and committed, an input that is the output is refused). Returns
    /// the report as JSON.
    #[pyo3(signature = (inputs, out, max_bytes=None))]
    fn run_files(
        &self,
        py: Python<'_>,
        inputs: Vec<String>,
        out: std::path::PathBuf,
        max_bytes: Option<usize>,
    ) -> PyResult<String> {
        let inputs: Vec<Input> = inputs.iter().map(|s| Input::parse(s)).collect();
        let options = run_options(max_bytes);
        py.detach(|| {
            let pool = self.pool()?;
            let report = pool
                .install(|| {
                    run::run_files(
                        &self.pipeline,
                        &inputs,
                        run::Destination::File(out.clone()),
                        &options,
                    )
                })
                .map_err(run_error)?;
            Ok(serde_json::json!({
                "documents": report.stats.documents,
                "with_errors": report.stats.with_errors,
                "interrupted": report.stats.interrupted,
                "written": report.written,
                "skipped": report.skipped,
            })
            .to_string())
        })
    }

    /// Runs one rank of a corpus job into `out_dir` (`tidings run INPUTS
    /// --out-dir OUT_DIR --rank R --world-size N`): shards, stats, then the
    /// completion marker; a rank with its marker is skipped unless
    /// `overwrite`. Returns the report as JSON.
    #[pyo3(signature = (inputs, out_dir, rank=None, world_size=None, out_format="jsonl.zst", max_file_size=0, overwrite=false, max_bytes=None))]
    #[allow(clippy::too_many_arguments)]
    fn run_rank(
        &self,
        py: Python<'_>,
        inputs: Vec<String>,
        out_dir: std::path::PathBuf,
        rank: Option<usize>,
        world_size: Option<usize>,
        out_format: &str,
        max_file_size: u64,
        overwrite: bool,
        max_bytes: Option<usize>,
    ) -> PyResult<String> {
        let inputs: Vec<Input> = inputs.iter().map(|s| Input::parse(s)).collect();
        let format = OutputFormat::parse(out_format)
            .map_err(|e| PyValueError::new_err(format!("out_format {e}")))?;
        let spec = ShardSpec::resolve(rank, world_size).map_err(value_error)?;
        let rank = run::RankOptions {
            spec,
            format,
            max_file_size,
            overwrite,
        };
        let options = run_options(max_bytes);
        py.detach(|| {
            let pool = self.pool()?;
            let report = pool
                .install(|| run::run_rank(&self.pipeline, &inputs, &out_dir, &rank, &options))
                .map_err(run_error)?;
            let value = match report {
                run::RankReport::AlreadyComplete { marker } => serde_json::json!({
                    "rank": spec.rank,
                    "world_size": spec.world_size,
                    "status": "already_complete",
                    "marker": marker,
                    "documents": 0,
                }),
                run::RankReport::Ran {
                    stats,
                    files_in,
                    shards,
                    partial,
                    marker,
                    ..
                } => serde_json::json!({
                    "rank": spec.rank,
                    "world_size": spec.world_size,
                    "status": if marker.is_some() { "complete" } else { "interrupted" },
                    "marker": marker,
                    "documents": stats.documents,
                    "with_errors": stats.with_errors,
                    "files_in": files_in,
                    "shards": shards,
                    "partial": partial,
                }),
            };
            Ok(value.to_string())
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "NativePipeline(stages={:?}, threads={})",
            self.pipeline.stage_names(),
            self.threads
        )
    }
}

/// A Python file object (anything with `read(n)` returning bytes) as a
/// [`Read`](std::io::Read): how `read_batches` streams an engine's file
/// handle without reading it whole first. Each read takes the GIL.
struct PyReader(Py<PyAny>);

impl std::io::Read for PyReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        Python::attach(|py| {
            let chunk = self
                .0
                .bind(py)
                .call_method1("read", (buf.len(),))
                .map_err(std::io::Error::other)?;
            let bytes: std::borrow::Cow<'_, [u8]> = chunk.extract().map_err(|_| {
                std::io::Error::other("the file object's read() did not return bytes")
            })?;
            let n = bytes.len().min(buf.len());
            buf[..n].copy_from_slice(&bytes[..n]);
            Ok(n)
        })
    }
}

/// Documents read by the library's readers, as Arrow batches in the output
/// schema (what `process_batch` takes back): `read_batches`' iterator.
#[pyclass(module = "tidings._native")]
struct BatchReader {
    reader: Mutex<Option<tidings::io::DocumentReader>>,
    progress: Arc<tidings::io::ReadProgress>,
    batch_rows: usize,
    documents: u64,
}

#[pymethods]
impl BatchReader {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<PyArrowType<RecordBatch>>> {
        let rows = self.batch_rows;
        let mut slot = self.reader.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(reader) = slot.as_mut() else {
            return Ok(None);
        };
        let docs: Vec<Document> = py.detach(|| reader.by_ref().take(rows).collect());
        if docs.len() < rows {
            *slot = None;
        }
        if docs.is_empty() {
            return Ok(None);
        }
        self.documents += docs.len() as u64;
        let batch = py
            .detach(|| tidings_arrow::documents_to_batch(&docs))
            .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
        Ok(Some(PyArrowType(batch)))
    }

    /// Documents read so far (one per input document, errors included).
    #[getter]
    fn documents(&self) -> u64 {
        self.documents
    }

    /// Input records that were not documents, by reason (WARC requests,
    /// revisits, non-2xx responses…), as `tidings run` reports them.
    #[getter]
    fn skipped(&self) -> std::collections::BTreeMap<String, u64> {
        self.progress.skipped()
    }

    /// Bytes read from the input so far (as stored).
    #[getter]
    fn bytes_read(&self) -> u64 {
        self.progress.bytes()
    }
}

/// Reads documents with the library's readers (those of `tidings run`):
/// `source` is a path (a file or a directory), a list of paths, `bytes`, or
/// a file object; `format` (`warc`, `jsonl`, `parquet`, `html`, `text`)
/// overrides what the name or the first bytes say. `name` names a bytes or
/// file-object source in ids and errors.
#[pyfunction]
#[pyo3(signature = (source, format=None, batch_rows=1024, max_bytes=None, name=None))]
fn read_batches(
    source: &Bound<'_, PyAny>,
    format: Option<&str>,
    batch_rows: usize,
    max_bytes: Option<usize>,
    name: Option<String>,
) -> PyResult<BatchReader> {
    use tidings::io::{expand_inputs, read_documents, read_stream, InputKind};
    if batch_rows == 0 {
        return Err(value_error("batch_rows must be at least 1"));
    }
    let kind = format
        .map(InputKind::parse)
        .transpose()
        .map_err(value_error)?;
    let options = ReadOptions {
        max_bytes: max_bytes.unwrap_or(MAX_BYTES),
        ..ReadOptions::default()
    };
    let stream = |reader: Box<dyn std::io::Read + Send>, default: &str| {
        let name = name.clone().unwrap_or_else(|| default.to_owned());
        read_stream(name, reader, kind, options.clone())
    };
    let reader = if let Ok(bytes) = source.extract::<std::borrow::Cow<'_, [u8]>>() {
        stream(
            Box::new(std::io::Cursor::new(bytes.into_owned())),
            "<bytes>",
        )
    } else if source.hasattr("read")? && !source.is_instance_of::<pyo3::types::PyString>() {
        stream(Box::new(PyReader(source.clone().unbind())), "<stream>")
    } else {
        let paths: Vec<std::path::PathBuf> = match source.extract::<std::path::PathBuf>() {
            Ok(path) => vec![path],
            Err(_) => source.extract().map_err(|_| {
                PyValueError::new_err(
                    "source must be a path, a list of paths, bytes or a file object",
                )
            })?,
        };
        match (kind, paths.as_slice()) {
            // One file read as the kind given, whatever its name says.
            (Some(_), [path]) if path.is_file() => {
                let file = std::fs::File::open(path)
                    .map_err(|e| value_error(format!("{}: {e}", path.display())))?;
                let name = name.clone().unwrap_or_else(|| path.display().to_string());
                read_stream(name, Box::new(file), kind, options.clone())
            }
            (Some(_), _) => {
                return Err(value_error(
                    "format applies to one file, bytes or a file object; files in a list or a directory are read as their names say",
                ))
            }
            (None, _) => {
                let inputs: Vec<Input> = paths.into_iter().map(Input::Path).collect();
                let files = expand_inputs(&inputs).map_err(value_error)?;
                read_documents(files, options.clone())
            }
        }
    };
    Ok(BatchReader {
        progress: reader.progress(),
        reader: Mutex::new(Some(reader)),
        batch_rows,
        documents: 0,
    })
}

/// The output record's Arrow schema (the `.parquet` output's).
#[pyfunction]
fn output_schema() -> PyArrowType<Schema> {
    PyArrowType(tidings_arrow::schema().as_ref().clone())
}

/// The effective config as JSON (`config` with `stages` selected), without
/// building the pipeline: what a Python `Pipeline` is keyed and pickled by.
#[pyfunction]
#[pyo3(signature = (config=None, stages=None))]
fn effective_config(config: Option<&str>, stages: Option<Vec<String>>) -> PyResult<String> {
    serde_json::to_string(&parse_config(config, stages)?).map_err(value_error)
}

/// The default config, as `tidings config` prints it.
#[pyfunction]
fn default_config() -> PyResult<String> {
    serde_json::to_string_pretty(&PipelineConfig::default()).map_err(value_error)
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativePipeline>()?;
    m.add_class::<BatchReader>()?;
    m.add_function(wrap_pyfunction!(read_batches, m)?)?;
    m.add_function(wrap_pyfunction!(output_schema, m)?)?;
    m.add_function(wrap_pyfunction!(default_config, m)?)?;
    m.add_function(wrap_pyfunction!(effective_config, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
