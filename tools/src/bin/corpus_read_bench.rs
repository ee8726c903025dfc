//! What reading from a WARC file or a Parquet file costs beside `.html`
//! files: the same AEB pages, cleaned by the same pipeline on one thread.
//!
//! ```text
//! cargo run --release -p tidings-tools --bin corpus_read_bench [-- --data DIR] [--pages 181] [--copies 8] [--repeats 5] [--stages clean]
//! ```
//! `--copies` repeats the pages (new ids) so that a run spans several chunks:
//! the pipeline reads the next chunk while it processes one, as on a corpus.
//! The pages are written three ways into a temporary directory: one `.html`
//! file each (their raw bytes), one `.warc.gz` with a gzip member per record
//! (HTTP head, raw bytes), the same `.warc` uncompressed, and one `.parquet`
//! (id and decoded html, zstd).
//! Each run reads, decodes and cleans every page; the three are interleaved
//! `--repeats` times and the medians and the ratios to `.html` are printed.

#[path = "support/data.rs"]
mod data;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use tidings::io::{expand_inputs, read_documents, Input, ReadOptions};
use tidings::{Document, Format, Pipeline, PipelineConfig};

fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes)?;
    Ok(gz.finish()?)
}

fn warc_response(i: usize, body: &[u8]) -> Vec<u8> {
    let mut http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    http.extend_from_slice(body);
    let mut rec = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:page-{i:05}>\r\nWARC-Date: 2026-12-03T00:00:00Z\r\nWARC-Target-URI: https://example.org/{i}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    rec.extend_from_slice(&http);
    rec.extend_from_slice(b"\r\n\r\n");
    rec
}

/// Reads `input` alone (no stage); returns seconds.
fn time_read(input: &Path) -> Result<f64> {
    let inputs = expand_inputs(&[Input::Path(input.to_path_buf())])?;
    let started = Instant::now();
    let bytes: usize = read_documents(inputs, ReadOptions::default())
        .map(|d| d.text.len())
        .sum();
    anyhow::ensure!(bytes > 0, "nothing read from {}", input.display());
    Ok(started.elapsed().as_secs_f64())
}

/// Reads `input` and runs the pipeline over it; returns seconds and pages.
fn time_run(pipeline: &Pipeline, input: &Path) -> Result<(f64, usize)> {
    let inputs = expand_inputs(&[Input::Path(input.to_path_buf())])?;
    let started = Instant::now();
    let mut n = 0usize;
    let mut chars = 0usize;
    pipeline.run(read_documents(inputs, ReadOptions::default()), |d| {
        n += 1;
        chars += d.content.len().max(d.text.len());
        Ok::<_, std::io::Error>(())
    })?;
    let secs = started.elapsed().as_secs_f64();
    anyhow::ensure!(chars > 0, "nothing was extracted from {}", input.display());
    Ok((secs, n))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let (mut data_arg, mut pages, mut repeats, mut stages, mut copies) = (
        None::<PathBuf>,
        181usize,
        5usize,
        "clean".to_owned(),
        8usize,
    );
    while let Some(a) = args.next() {
        match a.as_str() {
            "--data" => data_arg = args.next().map(Into::into),
            "--pages" => pages = args.next().context("--pages needs a value")?.parse()?,
            "--repeats" => repeats = args.next().context("--repeats needs a value")?.parse()?,
            "--stages" => stages = args.next().context("--stages needs a value")?,
            "--copies" => copies = args.next().context("--copies needs a value")?.parse()?,
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    let src = data::data_dir(data_arg).join("boilerplate/aeb/html");
    data::require(&src)?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&src)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    files.truncate(pages);
    let files: Vec<PathBuf> = (0..copies.max(1))
        .flat_map(|_| files.iter().cloned())
        .collect();

    let tmp = tempfile::tempdir()?;
    let html_dir = tmp.path().join("html");
    std::fs::create_dir(&html_dir)?;
    let mut warc = Vec::new();
    let mut plain_warc = Vec::new();
    let mut rows = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let mut raw = Vec::new();
        flate2::read::MultiGzDecoder::new(std::fs::File::open(f)?).read_to_end(&mut raw)?;
        std::fs::write(html_dir.join(format!("{i:05}.html")), &raw)?;
        let record = warc_response(i, &raw);
        warc.extend(gzip(&record)?);
        plain_warc.extend(record);
        let decoded = tidings::io::document_from_bytes(
            format!("page-{i:05}"),
            &raw,
            Some(Format::Html),
            usize::MAX,
            None,
        );
        rows.push(Document::html(decoded.id, decoded.text));
    }
    let warc_path = tmp.path().join("pages.warc.gz");
    std::fs::write(&warc_path, &warc)?;
    let plain_warc_path = tmp.path().join("pages.warc");
    std::fs::write(&plain_warc_path, &plain_warc)?;
    let parquet_path = tmp.path().join("pages.parquet");
    let mut w = tidings_arrow::ParquetWriter::new(
        std::fs::File::create(&parquet_path)?,
        tidings_arrow::DEFAULT_ROW_GROUP_BYTES,
    )?;
    w.write(&rows)?;
    w.finish()?;

    let names: Vec<&str> = stages.split(',').collect();
    let pipeline = PipelineConfig::with_stages(&names)?.build()?;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build()?;
    let inputs = [
        (".html files", html_dir.as_path()),
        (".warc.gz", warc_path.as_path()),
        (".warc", plain_warc_path.as_path()),
        (".parquet", parquet_path.as_path()),
    ];
    // One warm-up pass of each, then interleaved timed passes.
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); inputs.len()];
    let mut reads: Vec<Vec<f64>> = vec![Vec::new(); inputs.len()];
    for round in 0..=repeats {
        for (k, (name, path)) in inputs.iter().enumerate() {
            let (secs, n) = pool.install(|| time_run(&pipeline, path))?;
            anyhow::ensure!(
                n == files.len(),
                "{name}: {n} pages read of {}",
                files.len()
            );
            let read = time_read(path)?;
            if round > 0 {
                times[k].push(secs);
                reads[k].push(read);
            }
        }
    }
    let base = median(times[0].clone());
    println!(
        "{} AEB pages ({pages} x {copies}), stages {stages}, 1 worker thread, median of {repeats} interleaved runs",
        files.len()
    );
    for (((name, _), t), r) in inputs.iter().zip(times).zip(reads) {
        let m = median(t);
        println!(
            "  {name:<12} {:>8.1} ms  {:>7.1} pages/s  {:.3}x .html   (reading alone: {:>6.1} ms, {:.2} ms/page)",
            m * 1e3,
            files.len() as f64 / m,
            m / base,
            median(r.clone()) * 1e3,
            median(r) * 1e3 / files.len() as f64
        );
    }
    Ok(())
}
