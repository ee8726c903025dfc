//! Times the default pipeline on adversarial input shapes — the ones that make
//! parsers and classifiers quadratic — and prints µs per KB next to a normal
//! page's, so that a super-linear path shows as a large ratio.
//!
//! ```text
//! cargo run --release -p tidings-tools --bin adversarial -- [--mb N] [--max-ratio R]
//! ```
//! Each shape is built in memory at about `--mb` MiB (default 4) and run once
//! through `Pipeline::process` on one thread (all default stages: clean, lang,
//! ner, normalize, translate); the normal pages (the shipped samples in
//! `examples/docs/`) are run until half a second has passed and their median
//! taken. `--max-ratio R` exits non-zero when any shape costs more than R
//! times the normal page of its format, per KB. CI runs it with `--max-ratio 20`.

use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use tidings::{Document, Format, Pipeline, PipelineConfig};

struct Shape {
    name: &'static str,
    format: Format,
    build: fn(usize) -> String,
}

fn repeat_to(unit: &str, bytes: usize) -> String {
    unit.repeat((bytes / unit.len()).max(1))
}

const SHAPES: &[Shape] = &[
    Shape {
        name: "many attributes (one tag)",
        format: Format::Html,
        build: |n| {
            let mut s = String::from("<html><body><div");
            let mut i = 0;
            while s.len() < n {
                s.push_str(&format!(" a{i}=\"v\""));
                i += 1;
            }
            s + "><p>The minister said on Tuesday that talks would go on.</p></div></body></html>"
        },
    },
    Shape {
        name: "deep nesting (unclosed <div>)",
        format: Format::Html,
        build: |n| {
            format!(
                "<html><body>{}<p>deep text</p></body></html>",
                repeat_to("<div>", n)
            )
        },
    },
    Shape {
        // Each `class` is swapped for a number, then dropped with its tag
        // past the depth limit: the swaps must stay linear too.
        name: "deep nesting (unclosed <div class>)",
        format: Format::Html,
        build: |n| {
            format!(
                "<html><body>{}<p>deep text</p></body></html>",
                repeat_to("<div class=\"c\">", n)
            )
        },
    },
    Shape {
        name: "deep nesting (closed <span>)",
        format: Format::Html,
        build: |n| {
            let half = n / 2;
            format!(
                "<html><body><p>{}text{}</p></body></html>",
                repeat_to("<span>", half),
                repeat_to("</span>", half)
            )
        },
    },
    Shape {
        name: "one huge word (HTML)",
        format: Format::Html,
        build: |n| format!("<html><body><p>{}</p></body></html>", "a".repeat(n)),
    },
    Shape {
        name: "a million tiny paragraphs",
        format: Format::Html,
        build: |n| format!("<html><body>{}</body></html>", repeat_to("<p>x</p>", n)),
    },
    Shape {
        name: "run of '<'",
        format: Format::Html,
        build: |n| "<".repeat(n),
    },
    Shape {
        name: "unclosed comments and scripts",
        format: Format::Html,
        build: |n| repeat_to("<!-- <script> <style> <title> ", n),
    },
    Shape {
        name: "unclosed <svg>s",
        format: Format::Html,
        build: |n| repeat_to("<svg><path d=\"M0\"/>", n),
    },
    Shape {
        name: "<svg>s that break out",
        format: Format::Html,
        build: |n| repeat_to("<svg><svg><g><p>x</p>", n),
    },
    Shape {
        name: "whitespace runs",
        format: Format::Html,
        build: |n| {
            format!(
                "<html><body><p>{}</p></body></html>",
                repeat_to("x  \n ", n)
            )
        },
    },
    Shape {
        name: "many links",
        format: Format::Html,
        build: |n| {
            format!(
                "<html><body><nav>{}</nav></body></html>",
                repeat_to("<a href=\"/x\">Home</a> ", n)
            )
        },
    },
    Shape {
        name: "one huge word (text)",
        format: Format::Text,
        build: |n| "a".repeat(n),
    },
    Shape {
        name: "a million lines",
        format: Format::Text,
        build: |n| repeat_to("word\n", n),
    },
    Shape {
        name: "one line of many words",
        format: Format::Text,
        build: |n| repeat_to("Kim Jong Un met Xi Jinping in Beijing ", n),
    },
    Shape {
        name: "run of '.'",
        format: Format::Text,
        build: |n| ".".repeat(n),
    },
    Shape {
        name: "repeated cue lines",
        format: Format::Text,
        build: |n| repeat_to("Baca juga: Korea Utara gelar parade militer\n", n),
    },
    Shape {
        name: "long prose, one paragraph per line",
        format: Format::Text,
        build: |n| {
            repeat_to("Presiden Joko Widodo meresmikan Bendungan Jlantah di Karanganyar, Jawa Tengah, pada Senin, kata pejabat setempat kepada wartawan.\n", n)
        },
    },
];

fn time_once(pipeline: &Pipeline, doc: &Document) -> Duration {
    let mut d = doc.clone();
    let t = Instant::now();
    pipeline.process(&mut d);
    t.elapsed()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() -> Result<()> {
    let mut mb = 4.0f64;
    let mut max_ratio = None::<f64>;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut val = || it.next().with_context(|| format!("{a} needs a value"));
        match a.as_str() {
            "--mb" => mb = val()?.parse().context("--mb")?,
            "--max-ratio" => max_ratio = Some(val()?.parse().context("--max-ratio")?),
            other => bail!("unknown argument {other}"),
        }
    }
    let pipeline = PipelineConfig::default().build()?;
    let docs_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/docs");
    let mut normal = std::collections::HashMap::new();
    for (file, format) in [
        ("01-harbour-news.html", Format::Html),
        ("02-berita.txt", Format::Text),
    ] {
        let text = std::fs::read_to_string(docs_dir.join(file))
            .with_context(|| format!("read examples/docs/{file}"))?;
        let doc = Document {
            format,
            ..Document::new(file, text.clone())
        };
        let started = Instant::now();
        let mut runs = Vec::new();
        while runs.len() < 5
            || (started.elapsed() < Duration::from_millis(500) && runs.len() < 10_000)
        {
            runs.push(time_once(&pipeline, &doc).as_secs_f64() * 1e6);
        }
        let us_per_kb = median(runs) / (text.len() as f64 / 1024.0);
        println!(
            "normal {format:?} page ({file}, {:.1} KB): {us_per_kb:.1} µs/KB",
            text.len() as f64 / 1024.0
        );
        normal.insert(format, us_per_kb);
    }
    println!();
    println!("| shape | format | size | time | µs/KB | × normal |");
    println!("|---|---|---|---|---|---|");
    let bytes = (mb * 1024.0 * 1024.0) as usize;
    let mut failed = Vec::new();
    for shape in SHAPES {
        let text = (shape.build)(bytes);
        let doc = Document {
            format: shape.format,
            ..Document::new(shape.name, text)
        };
        let t = time_once(&pipeline, &doc);
        let kb = doc.text.len() as f64 / 1024.0;
        let us_per_kb = t.as_secs_f64() * 1e6 / kb;
        let ratio = us_per_kb / normal[&shape.format];
        println!(
            "| {} | {:?} | {:.1} MB | {:.2} s | {:.1} | {:.2} |",
            shape.name,
            shape.format,
            kb / 1024.0,
            t.as_secs_f64(),
            us_per_kb,
            ratio
        );
        if max_ratio.is_some_and(|m| ratio > m) {
            failed.push(format!("{} ({ratio:.1}×)", shape.name));
        }
    }
    if !failed.is_empty() {
        bail!(
            "adversarial: over {}× the normal page per KB: {}",
            max_ratio.unwrap_or_default(),
            failed.join(", ")
        );
    }
    Ok(())
}
