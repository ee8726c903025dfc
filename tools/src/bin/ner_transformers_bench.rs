//! Throughput of the transformer NER stage against Python `transformers`.
//!
//! Runs a token-classification model over the first 1,000 sentences of
//! CoNLL-2003 test (one document per sentence, one `process_batch` call, as the
//! pipeline does with a chunk) and prints the median sentences/s over
//! `--repeat` runs. With `--python`, also runs scripts/bench_ner_transformers.py
//! on the same model, sentences and thread count and prints the ratios.
//!
//! ```text
//! eval "$(scripts/setup-libtorch.sh --env)"
//! python scripts/make_bench_bert.py          # random BERT-base, into bench-models/ (ignored)
//! cargo run --release --features transformers -p tidings-tools --bin ner_transformers_bench -- \
//!     --model bench-models/bert-base-ner --threads 2 --python python
//! ```
//! Data: `--data DIR` or `TIDINGS_DATA` (default `../shared/data`).
//!
//! Paired runs against Python (this example once, the script once,
//! alternating) are `scripts/bench_ner_paired.sh`; the README gives the
//! figures.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use tidings::ner::{Device, TransformersNerConfig};
use tidings::{BuildStage, Document};

struct Args {
    model: PathBuf,
    data: PathBuf,
    threads: usize,
    batch_size: usize,
    sentences: usize,
    repeat: usize,
    python: Option<String>,
}

fn parse_args() -> Result<Args> {
    let mut a = Args {
        model: PathBuf::from("bench-models/bert-base-ner"),
        data: tidings_testdata::data_dir(),
        threads: 2,
        batch_size: 32,
        sentences: 1000,
        repeat: 3,
        python: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().with_context(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--model" => a.model = value()?.into(),
            "--data" => a.data = value()?.into(),
            "--threads" => a.threads = value()?.parse()?,
            "--batch-size" => a.batch_size = value()?.parse()?,
            "--sentences" => a.sentences = value()?.parse()?,
            "--repeat" => a.repeat = value()?.parse()?,
            "--python" => a.python = Some(value()?),
            other => bail!("unknown argument {other}"),
        }
    }
    Ok(a)
}

/// The first `n` sentences of CoNLL-2003 test, tokens joined by spaces
/// (the same rule as scripts/bench_ner_transformers.py).
fn sentences(data: &std::path::Path, n: usize) -> Result<Vec<String>> {
    let path = data.join("ner/conll2003/test.txt");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for line in text.lines() {
        let mut parts = line.split_whitespace();
        match parts.next() {
            None => {
                if !cur.is_empty() {
                    out.push(cur.join(" "));
                    cur.clear();
                    if out.len() == n {
                        break;
                    }
                }
            }
            Some("-DOCSTART-") => {}
            Some(tok) => cur.push(tok),
        }
    }
    if !cur.is_empty() && out.len() < n {
        out.push(cur.join(" "));
    }
    Ok(out)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() -> Result<()> {
    let a = parse_args()?;
    let texts = sentences(&a.data, a.sentences)?;
    let config = TransformersNerConfig::new(&a.model)
        .device(Device::Cpu)
        .threads(a.threads)
        .batch_size(a.batch_size)
        .max_len(512);
    let started = Instant::now();
    let stage = config.build()?;
    println!(
        "model {} loaded in {:.2} s; {} sentences, {} torch threads, batch {}",
        a.model.display(),
        started.elapsed().as_secs_f64(),
        texts.len(),
        a.threads,
        a.batch_size
    );
    let mut rates = Vec::new();
    let mut entities = 0;
    for run in 0..a.repeat.max(1) {
        let mut docs: Vec<Document> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Document::new(format!("s{i}"), t.as_str()))
            .collect();
        let t = Instant::now();
        let results = stage.process_batch(&mut docs);
        let secs = t.elapsed().as_secs_f64();
        if let Some(Err(e)) = results.iter().find(|r| r.is_err()) {
            bail!("stage failed: {e}");
        }
        entities = docs.iter().map(|d| d.entities.len()).sum::<usize>();
        println!(
            "  run {run}: {:.2} s, {:.1} sentences/s",
            secs,
            texts.len() as f64 / secs
        );
        rates.push(texts.len() as f64 / secs);
    }
    let ours = median(rates);
    println!("tidings: {ours:.1} sentences/s (median), {entities} entities");

    if let Some(python) = &a.python {
        let out = Command::new(python)
            .arg("scripts/bench_ner_transformers.py")
            .args(["--model", &a.model.display().to_string()])
            .args(["--data", &a.data.display().to_string()])
            .args(["--threads", &a.threads.to_string()])
            .args(["--batch-size", &a.batch_size.to_string()])
            .args(["--sentences", &a.sentences.to_string()])
            .args(["--repeat", &a.repeat.to_string()])
            .output()
            .with_context(|| format!("running {python} scripts/bench_ner_transformers.py"))?;
        if !out.status.success() {
            bail!(
                "python benchmark failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let stdout = String::from_utf8_lossy(&out.stdout);
        let line = stdout
            .lines()
            .last()
            .context("python benchmark printed nothing")?;
        let v: serde_json::Value = serde_json::from_str(line)?;
        for mode in ["model", "pipeline"] {
            if let Some(py) = v[mode].as_f64() {
                println!(
                    "python transformers ({mode}): {py:.1} sentences/s (median); tidings / python = {:.2}",
                    ours / py
                );
            }
        }
    }
    Ok(())
}
