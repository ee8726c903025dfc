//! Translation throughput of tidings (rust-bert) on FLORES sentences, to compare
//! with `scripts/bench_translate_hf.py` (Python transformers) on the same model,
//! sentences, batches and threads. Needs `--features transformers`.
//!
//! ```text
//! scripts/make_translate_fixtures.py bench-model target/opus-shape   # random opus-mt-shaped Marian
//! OMP_NUM_THREADS=2 cargo run --release --features transformers -p tidings-tools --bin translate_bench -- \
//!     target/opus-shape [SENTENCES=200] [MAX_LENGTH=48] [BATCH=16] [RUNS=3] [STAGE_RUNS=RUNS]
//! ```
//!
//! Sentences come from `$TIDINGS_DATA/mt/flores-dev/id-en/flores-dev.id`
//! (default `../shared/data`). Decoding is greedy with a fixed maximum length;
//! a random model rarely emits the end token, so nearly every sentence runs to
//! the maximum length on both sides. Prints the median sentences/s of RUNS
//! timed runs (after one warm-up batch), for fixed batches in file order (the
//! batches Python uses) and for the stage (token-budget batches, sorted by length).

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use tidings::translate::{
    Device, ModelKind, ModelSpec, RustBertTranslator, TranslateConfig, TranslateStage, Translator,
};
use tidings::{Document, Language, Stage};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let model = PathBuf::from(
        args.first()
            .context("usage: translate_bench MODEL_DIR [N] [MAX_LENGTH] [BATCH] [RUNS]")?,
    );
    let arg = |i: usize, d: usize| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
    let (n, max_length, batch, runs) = (arg(1, 200), arg(2, 48), arg(3, 16), arg(4, 3));
    let stage_runs = arg(5, runs);
    let data = tidings_testdata::data_dir();
    let src = data.join("mt/flores-dev/id-en/flores-dev.id");
    let text =
        std::fs::read_to_string(&src).with_context(|| format!("reading {}", src.display()))?;
    let sentences: Vec<&str> = text.lines().take(n).collect();
    let language = Language {
        iso639_3: "ind".into(),
        iso639_1: Some("id".into()),
        name: "Indonesian".into(),
        script: Some("Latin".into()),
        confidence: 1.0,
        reliable: true,
        source: Default::default(),
    };
    let config = TranslateConfig::default()
        .max_length(max_length)
        .device(Device::Auto)
        .route("id", ModelSpec::new(ModelKind::Marian, &model));
    let t = RustBertTranslator::load(&ModelSpec::new(ModelKind::Marian, &model), &config)?;
    println!(
        "model {} on {:?}; {} sentences, max_length {max_length}, batch {batch}, {runs} runs",
        model.display(),
        t,
        sentences.len()
    );
    t.translate(&sentences[..batch.min(sentences.len())], &language)?; // warm-up

    let mut rates = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let mut generated = 0usize;
        for chunk in sentences.chunks(batch) {
            generated += t
                .generate_ids(chunk, &language)?
                .iter()
                .map(Vec::len)
                .sum::<usize>();
        }
        let secs = start.elapsed().as_secs_f64();
        rates.push(sentences.len() as f64 / secs);
        println!(
            "  fixed batches: {secs:.2} s, {:.2} sentences/s, {generated} output tokens",
            sentences.len() as f64 / secs
        );
    }
    let fixed = median(rates);

    let stage = TranslateStage::new(config.batch_tokens(batch * 48))?;
    let mut rates = Vec::new();
    for _ in 0..stage_runs {
        let mut docs: Vec<Document> = sentences
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let mut d = Document::new(format!("s{i}"), *s);
                d.language = Some(language.clone());
                d
            })
            .collect();
        let start = Instant::now();
        for r in stage.process_batch(&mut docs) {
            r?;
        }
        let secs = start.elapsed().as_secs_f64();
        rates.push(sentences.len() as f64 / secs);
        println!(
            "  stage: {secs:.2} s, {:.2} sentences/s",
            sentences.len() as f64 / secs
        );
    }
    let staged = if rates.is_empty() {
        f64::NAN
    } else {
        median(rates)
    };
    println!("tidings fixed batches: median {fixed:.2} sentences/s");
    println!(
        "tidings stage (token-budget batches {}): median {staged:.2} sentences/s",
        batch * 48
    );
    Ok(())
}
