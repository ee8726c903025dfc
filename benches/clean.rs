//! Speed of boilerplate extraction on the AEB pages: tidings' clean stage vs
//! dom_smoothie (Readability port) vs the `trafilatura` crate, same pages,
//! one core, parse included. Besides criterion's per-extractor figures, it
//! prints the median ms/page of each and the ratios of medians.
//!
//! ```text
//! cargo bench -p tidings-benches --bench clean            # TIDINGS_DATA or ../shared/data
//! CLEAN_BENCH_PAGES=40 cargo bench -p tidings-benches --bench clean
//! ```

use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use tidings::clean::{extract_html, CleanConfig};

fn pages() -> Vec<String> {
    let data = tidings_testdata::data_dir();
    let dir = data.join("boilerplate/aeb/html");
    let limit: usize = std::env::var("CLEAN_BENCH_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(usize::MAX);
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("{}: {e} (CI=true)", dir.display());
            }
            eprintln!("{}: {e}; nothing to bench", dir.display());
            return Vec::new();
        }
    };
    paths.sort();
    paths
        .into_iter()
        .take(limit)
        .filter_map(|p| {
            let f = std::fs::File::open(&p).ok()?;
            let mut b = Vec::new();
            flate2::read::GzDecoder::new(f).read_to_end(&mut b).ok()?;
            Some(String::from_utf8_lossy(&b).into_owned())
        })
        .collect()
}

fn tidings_extract(html: &str, config: &CleanConfig) -> usize {
    extract_html(html, config).content.len()
}

fn smoothie_extract(html: &str) -> usize {
    dom_smoothie::Readability::new(html, None, None)
        .ok()
        .and_then(|mut r| r.parse().ok())
        .map(|a| a.text_content.len())
        .unwrap_or(0)
}

fn trafilatura_extract(html: &str, opts: &trafilatura::Options) -> usize {
    trafilatura::extract(html, opts)
        .map(|r| r.content_text.len())
        .unwrap_or(0)
}

fn median_ms(pages: &[String], f: &dyn Fn(&str) -> usize) -> f64 {
    let mut times: Vec<f64> = pages
        .iter()
        .map(|p| {
            let t = Instant::now();
            black_box(f(p));
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(|a, b| a.total_cmp(b));
    if times.is_empty() {
        0.0
    } else {
        times[times.len() / 2]
    }
}

fn bench(c: &mut Criterion) {
    let pages = pages();
    if pages.is_empty() {
        return;
    }
    let config = CleanConfig::default();
    let opts = trafilatura::Options::default();
    // Warm caches and lazies once, then a per-page median over 3 rounds each.
    let t_fn = |h: &str| tidings_extract(h, &config);
    let s_fn = |h: &str| smoothie_extract(h);
    let r_fn = |h: &str| trafilatura_extract(h, &opts);
    let mut med = [f64::MAX; 3];
    for _ in 0..3 {
        for (i, f) in [&t_fn as &dyn Fn(&str) -> usize, &s_fn, &r_fn]
            .iter()
            .enumerate()
        {
            med[i] = med[i].min(median_ms(&pages, *f));
        }
    }
    // Without the record of removals (and their offsets into the page).
    let lean = config.clone().record_boilerplate(false);
    let no_record = (0..3)
        .map(|_| median_ms(&pages, &|h: &str| tidings_extract(h, &lean)))
        .fold(f64::MAX, f64::min);
    // The floor: html5ever (through scraper) parsing alone, as tidings uses it.
    let parse_only = (0..3)
        .map(|_| {
            median_ms(&pages, &|h: &str| {
                scraper::Html::parse_document(h).tree.values().count()
            })
        })
        .fold(f64::MAX, f64::min);
    println!(
        "AEB {} pages, median ms/page: tidings {:.2} (without the removal record {:.2}; \
         html5ever parse of the raw page alone {:.2}), dom_smoothie {:.2}, \
         trafilatura {:.2}; dom_smoothie/tidings {:.2}x, trafilatura/tidings {:.2}x",
        pages.len(),
        med[0],
        no_record,
        parse_only,
        med[1],
        med[2],
        med[1] / med[0],
        med[2] / med[0]
    );
    let mut g = c.benchmark_group("aeb_all_pages");
    g.sample_size(10);
    g.bench_function("tidings", |b| {
        b.iter(|| {
            pages
                .iter()
                .map(|p| tidings_extract(p, &config))
                .sum::<usize>()
        })
    });
    g.bench_function("dom_smoothie", |b| {
        b.iter(|| pages.iter().map(|p| smoothie_extract(p)).sum::<usize>())
    });
    g.bench_function("trafilatura", |b| {
        b.iter(|| {
            pages
                .iter()
                .map(|p| trafilatura_extract(p, &opts))
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
