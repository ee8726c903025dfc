//! Speed of boilerplate extraction on the AEB pages: tidings' clean stage vs
//! dom_smoothie (Readability port) vs the `trafilatura` crate, same pages,
//! one core, parse included. Besides criterion's per-extractor figures, it
//! prints the median ms/page of each (the three run back to back on each page,
//! fastest of five rounds) and the ratios of medians.
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
    // Per page, the three extractors run back to back, five rounds; each
    // keeps its fastest time per page. Run side by side, they share the
    // machine's momentary load (other tenants), which separate passes do
    // not. The first round also warms caches and lazies.
    let t_fn = |h: &str| tidings_extract(h, &config);
    let s_fn = |h: &str| smoothie_extract(h);
    let r_fn = |h: &str| trafilatura_extract(h, &opts);
    let fns: [&dyn Fn(&str) -> usize; 3] = [&t_fn, &s_fn, &r_fn];
    let mut best = vec![[f64::MAX; 3]; pages.len()];
    for _ in 0..5 {
        for (p, page) in pages.iter().enumerate() {
            for (i, f) in fns.iter().enumerate() {
                let t = Instant::now();
                black_box(f(page));
                best[p][i] = best[p][i].min(t.elapsed().as_secs_f64() * 1e3);
            }
        }
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        v.get(v.len() / 2).copied().unwrap_or(0.0)
    };
    let med: Vec<f64> = (0..3)
        .map(|i| median(best.iter().map(|b| b[i]).collect()))
        .collect();
    // The median over pages of each page's dom_smoothie/tidings time.
    let paired = median(best.iter().map(|b| b[1] / b[0]).collect());
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
         trafilatura {:.2}; dom_smoothie/tidings {:.2}x (median of per-page ratios {:.2}x), \
         trafilatura/tidings {:.2}x",
        pages.len(),
        med[0],
        no_record,
        parse_only,
        med[1],
        med[2],
        med[1] / med[0],
        paired,
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
