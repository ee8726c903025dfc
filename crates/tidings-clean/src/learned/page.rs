//! The page model: what kind of page an HTML input is, and how good its
//! extraction is expected to be.
//!
//! Both read one row per page ([`page_row`]), summarised from the blocks the
//! block model scored: how much was kept, how sure the block model was of
//! each verdict (characters whose probability sits near the threshold make a
//! page uncertain), and the character-weighted means of the block features
//! over the whole page and over what was kept (link density, list items,
//! repeated templates, JSON-LD types…).
//!
//! - **Page type**: one boosted-tree classifier per WCXB type, one against the
//!   rest; the seven probabilities are normalised to sum to 1.
//! - **Confidence**: a boosted-tree regressor of the benchmark's token F1,
//!   trained with the logistic loss on F1 as a probability target, so that its
//!   output is the expected F1 of pages like this one. Its training pages are
//!   extracted by block models that never saw them (out-of-fold by domain), so
//!   the F1 it learns is the one a new page gets, not the training fit.
//!
//! - **Block threshold by type**: the block threshold that extracts pages of
//!   each estimated type best out-of-fold, where it beats the default (a
//!   listing keeps its short items at a lower probability than an article
//!   keeps its paragraphs).
//!
//! Trained by `tools/src/bin/train_clean.rs --mode page`; the file holds
//! eight forests after a `TDPM` header, then the seven thresholds.

use std::sync::{Arc, OnceLock};

use tidings_core::{ByteReader, PageType};

use super::gbdt::{train, Dataset, Forest, ModelError, TrainParams};
use super::ModelSource;
use crate::html::features::{HTML_FEATURES, HTML_N};

const MAGIC: &[u8; 4] = b"TDPM";
const VERSION: u32 = 2;

/// The page-level columns before the per-feature means.
const SUMMARY: &[&str] = &[
    "ln_blocks",
    "ln_chars",
    "ln_kept_chars",
    "kept_char_share",
    "kept_block_share",
    "p_kept",
    "p_removed",
    "uncertain_share",
    "margin",
    "kept_all",
    "ln_kept_runs",
    "p_max",
    "price_share",
];

/// Coded block columns whose values are categories, not quantities: for
/// each, the share of the page's characters under each code (0 to n - 1).
/// The tag says what the blocks are made of (`pre` for documentation, `td`
/// for specifications, `li` for listings), the chrome reason what
/// surrounds them (comments, bylines, timestamps on forums).
const HISTOGRAMS: [(&str, usize); 2] = [("tag", 16), ("chrome", 21)];

/// The index of a named block column.
fn column(name: &str) -> usize {
    HTML_FEATURES.iter().position(|&f| f == name).unwrap_or(0)
}

/// Probability band whose characters count as uncertain.
const UNCERTAIN: std::ops::Range<f32> = 0.2..0.8;

/// Columns of a page row: the summary, the category histograms, then each
/// named block feature's character-weighted mean over all blocks, then over
/// the kept ones.
pub(crate) const PAGE_N: usize =
    SUMMARY.len() + HISTOGRAMS[0].1 + HISTOGRAMS[1].1 + 2 * HTML_FEATURES.len();

/// The schema string stored in page models.
fn page_schema() -> String {
    let named = HTML_FEATURES.join(",");
    let hist: Vec<String> = HISTOGRAMS.iter().map(|(c, n)| format!("{c}*{n}")).collect();
    format!(
        "page2:{},{},all:{named},kept:{named}",
        SUMMARY.join(","),
        hist.join(",")
    )
}

/// Whether a text shows a price: a currency sign next to a digit (`$12`,
/// `12,99 €`, `₹ 500`), spaces between allowed.
pub(crate) fn has_price(text: &str) -> bool {
    fn is_currency(c: char) -> bool {
        matches!(
            c,
            '$' | '€'
                | '£'
                | '¥'
                | '₹'
                | '₽'
                | '₩'
                | '₺'
                | '₫'
                | '฿'
                | '₱'
                | '₪'
                | '₴'
                | '₦'
        )
    }
    // Every block of every page passes here: an ASCII text without `$`,
    // the common case, is settled by two vectorised scans.
    if text.is_ascii() && !text.contains('$') {
        return false;
    }
    const SPACES: [char; 2] = [' ', '\u{a0}'];
    text.char_indices()
        .filter(|&(_, c)| is_currency(c))
        .any(|(i, c)| {
            let before = text[..i].trim_end_matches(SPACES).chars().next_back();
            let after = text[i + c.len_utf8()..]
                .trim_start_matches(SPACES)
                .chars()
                .next();
            before.is_some_and(|p| p.is_ascii_digit()) || after.is_some_and(|n| n.is_ascii_digit())
        })
}

/// One page's blocks as the page row reads them: flattened block rows of
/// [`HTML_N`] columns, each block's probability of being content, whether it
/// was kept, and its length in characters.
pub(crate) struct PageBlocks<'a> {
    pub rows: &'a [f32],
    pub p: &'a [f32],
    pub kept: &'a [bool],
    pub chars: &'a [u32],
    /// Whether each block shows a price ([`has_price`]).
    pub priced: &'a [bool],
    pub kept_all: bool,
}

/// The page row of [`PAGE_N`] columns.
pub(crate) fn page_row(b: &PageBlocks<'_>) -> Vec<f32> {
    let ln = crate::html::features::ln;
    let n = b.p.len().min(b.kept.len()).min(b.chars.len());
    let n = n.min(b.rows.len() / HTML_N.max(1));
    let named = HTML_FEATURES.len();
    let mut all = vec![0f64; named];
    let mut kept_means = vec![0f64; named];
    let (mut total, mut kept_w, mut kept_chars, mut kept_blocks) = (0f64, 0f64, 0f64, 0usize);
    let (mut p_kept, mut p_removed, mut uncertain, mut margin) = (0f64, 0f64, 0f64, 0f64);
    let (mut runs, mut p_max, mut priced) = (0usize, 0f32, 0f64);
    let mut hist: Vec<Vec<f64>> = HISTOGRAMS.iter().map(|(_, k)| vec![0.0; *k]).collect();
    let hist_cols: Vec<usize> = HISTOGRAMS.iter().map(|(c, _)| column(c)).collect();
    for i in 0..n {
        // Every block weighs at least one character, so that a page of empty
        // blocks still has means.
        let w = f64::from(b.chars[i]) + 1.0;
        let p = b.p[i];
        let row = &b.rows[i * HTML_N..i * HTML_N + named];
        total += w;
        margin += w * f64::from((2.0 * p - 1.0).abs());
        if UNCERTAIN.contains(&p) {
            uncertain += w;
        }
        p_max = p_max.max(p);
        if b.priced.get(i).copied().unwrap_or(false) {
            priced += w;
        }
        for (h, &c) in hist.iter_mut().zip(&hist_cols) {
            let code = (row[c].max(0.0) as usize).min(h.len() - 1);
            h[code] += w;
        }
        for (m, &x) in all.iter_mut().zip(row) {
            *m += w * f64::from(x);
        }
        if b.kept[i] {
            kept_w += w;
            kept_chars += f64::from(b.chars[i]);
            kept_blocks += 1;
            p_kept += w * f64::from(p);
            runs += usize::from(i == 0 || !b.kept[i - 1]);
            for (m, &x) in kept_means.iter_mut().zip(row) {
                *m += w * f64::from(x);
            }
        } else {
            p_removed += w * f64::from(p);
        }
    }
    let div = |x: f64, d: f64| if d > 0.0 { (x / d) as f32 } else { 0.0 };
    let mut out = Vec::with_capacity(PAGE_N);
    out.extend([
        ln(n as f32),
        ln((total - n as f64) as f32),
        ln(kept_chars as f32),
        div(kept_w, total),
        div(kept_blocks as f64, n as f64),
        div(p_kept, kept_w),
        div(p_removed, total - kept_w),
        div(uncertain, total),
        div(margin, total),
        f32::from(u8::from(b.kept_all)),
        ln(runs as f32),
        p_max,
        div(priced, total),
    ]);
    for h in &hist {
        out.extend(h.iter().map(|&m| div(m, total)));
    }
    out.extend(all.iter().map(|&m| div(m, total)));
    out.extend(kept_means.iter().map(|&m| div(m, kept_w)));
    out
}

/// What the page model says of one page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageEstimate {
    /// The most probable type.
    pub page_type: PageType,
    /// Its probability (the seven sum to 1).
    pub type_probability: f32,
    /// The expected token F1 of the extraction.
    pub confidence: f32,
    /// The block threshold for pages of this type, when it has its own.
    pub block_threshold: Option<f32>,
}

/// One training page of the page model: its row ([`crate::html_page_row`]),
/// its type when known, and the F1 its extraction scored.
#[derive(Debug, Clone)]
pub struct PageSample {
    /// The page row.
    pub row: Vec<f32>,
    /// The page's type (pages without one train only the confidence).
    pub page_type: Option<PageType>,
    /// The benchmark's token F1 of the page's extraction, 0 to 1.
    pub f1: f32,
}

/// The page-type classifiers and the confidence regressor.
#[derive(Debug, Clone, PartialEq)]
pub struct PageModel {
    /// One forest per [`PageType::ALL`] entry, that type against the rest.
    types: Vec<Forest>,
    /// The expected F1.
    confidence: Forest,
    /// The block threshold per [`PageType::ALL`] entry (`None`: the config's).
    thresholds: [Option<f32>; 7],
}

impl PageModel {
    /// Trains both parts on `pages`.
    pub fn train(pages: &[PageSample], params: &TrainParams) -> PageModel {
        let schema = page_schema();
        let types = PageType::ALL
            .iter()
            .map(|&t| {
                let mut d = Dataset::new(PAGE_N);
                for p in pages {
                    if let Some(pt) = p.page_type {
                        d.push(&p.row, pt == t, 1.0);
                    }
                }
                train(&d, params, &schema)
            })
            .collect();
        let mut d = Dataset::new(PAGE_N);
        for p in pages {
            d.push_target(&p.row, p.f1, 1.0);
        }
        PageModel {
            types,
            confidence: train(&d, params, &schema),
            thresholds: [None; 7],
        }
    }

    /// The model with a block threshold per page type (`None`: the config's
    /// `model_threshold`), in the order of [`PageType::ALL`].
    pub fn with_thresholds(mut self, thresholds: [Option<f32>; 7]) -> PageModel {
        self.thresholds = thresholds.map(|t| t.filter(|t| (0.0..=1.0).contains(t)));
        self
    }

    /// The block threshold of each page type.
    pub fn thresholds(&self) -> [Option<f32>; 7] {
        self.thresholds
    }

    /// The estimate for a page row.
    pub fn predict(&self, row: &[f32]) -> PageEstimate {
        let probs: Vec<f32> = self.types.iter().map(|f| f.predict(row)).collect();
        let sum: f32 = probs.iter().sum();
        let (best, p) = probs
            .iter()
            .copied()
            .enumerate()
            .fold(
                (0, f32::MIN),
                |acc, (i, p)| if p > acc.1 { (i, p) } else { acc },
            );
        PageEstimate {
            page_type: PageType::ALL
                .get(best)
                .copied()
                .unwrap_or(PageType::Article),
            type_probability: if sum > 0.0 { p / sum } else { 0.0 },
            confidence: self.confidence.predict(row),
            block_threshold: self.thresholds.get(best).copied().flatten(),
        }
    }

    /// Serialises the model.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        let forests: Vec<&Forest> = self.types.iter().chain([&self.confidence]).collect();
        out.extend_from_slice(&(forests.len() as u32).to_le_bytes());
        for f in forests {
            let bytes = f.to_bytes();
            out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
            out.extend_from_slice(&bytes);
        }
        for t in self.thresholds {
            // A negative threshold is none.
            out.extend_from_slice(&t.unwrap_or(-1.0).to_le_bytes());
        }
        out
    }

    /// Reads a model, refusing one trained on another page-row schema.
    pub fn from_bytes(bytes: &[u8]) -> Result<PageModel, ModelError> {
        let mut r = ByteReader::new(bytes);
        if r.take(4)? != MAGIC {
            return Err(ModelError::Format("not a page model (bad magic)".into()));
        }
        let version = r.u32()?;
        if version != VERSION {
            return Err(ModelError::Format(format!(
                "unsupported page model version {version}"
            )));
        }
        let n = r.u32()? as usize;
        if n != PageType::ALL.len() + 1 {
            return Err(ModelError::Format(format!("{n} forests, not 8")));
        }
        let schema = page_schema();
        let mut forests = Vec::with_capacity(n);
        for _ in 0..n {
            let len = r.u32()? as usize;
            forests.push(Forest::from_bytes(r.take(len)?, Some(&schema))?);
        }
        let mut thresholds = [None; 7];
        for t in &mut thresholds {
            let v = r.f32()?;
            *t = (0.0..=1.0).contains(&v).then_some(v);
        }
        if !r.is_done() {
            return Err(ModelError::Format("trailing bytes".into()));
        }
        let confidence = forests
            .pop()
            .ok_or_else(|| ModelError::Format("empty".into()))?;
        Ok(PageModel {
            types: forests,
            confidence,
            thresholds,
        })
    }

    /// The model compiled into the library, parsed once per process.
    pub fn embedded() -> Result<Arc<PageModel>, ModelError> {
        static SLOT: OnceLock<Result<Arc<PageModel>, ModelError>> = OnceLock::new();
        SLOT.get_or_init(|| match embedded_bytes() {
            Some(bytes) => PageModel::from_bytes(bytes).map(Arc::new),
            None => Err(ModelError::NotEmbedded),
        })
        .clone()
    }

    /// The page model a source names (`None` for [`ModelSource::Heuristic`]:
    /// no page type or confidence is recorded). A file is read once per
    /// process.
    pub fn load(source: &ModelSource) -> Result<Option<Arc<PageModel>>, super::LoadError> {
        match source {
            ModelSource::Heuristic => Ok(None),
            ModelSource::Embedded => {
                PageModel::embedded()
                    .map(Some)
                    .map_err(|source| super::LoadError::Model {
                        what: "embedded page model".into(),
                        source,
                    })
            }
            ModelSource::File(path) => {
                super::model::load_file(path, "page", PageModel::from_bytes).map(Some)
            }
        }
    }
}

/// The bytes of the embedded page model (from `tidings-model-clean`).
#[cfg(feature = "embedded-models")]
fn embedded_bytes() -> Option<&'static [u8]> {
    Some(tidings_model_clean::PAGE)
}

#[cfg(not(feature = "embedded-models"))]
fn embedded_bytes() -> Option<&'static [u8]> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(kept: &[bool], p: &[f32]) -> Vec<f32> {
        let rows = vec![0.5f32; kept.len() * HTML_N];
        page_row(&PageBlocks {
            rows: &rows,
            p,
            kept,
            chars: &vec![100; kept.len()],
            priced: &[true],
            kept_all: false,
        })
    }

    #[test]
    fn a_page_row_summarises_what_was_kept_and_how_surely() {
        let row = blocks(&[true, false, true, false], &[0.9, 0.1, 0.5, 0.3]);
        assert_eq!(row.len(), PAGE_N);
        let col = |name: &str| row[SUMMARY.iter().position(|s| *s == name).unwrap()];
        assert!((col("kept_char_share") - 0.5).abs() < 1e-6);
        assert!((col("kept_block_share") - 0.5).abs() < 1e-6);
        // 0.5 and 0.3 are inside the uncertain band, 0.9 and 0.1 are not.
        assert!((col("uncertain_share") - 0.5).abs() < 1e-6);
        assert!((col("p_kept") - 0.7).abs() < 1e-6);
        assert!((col("p_removed") - 0.2).abs() < 1e-6);
        // Two runs of kept blocks: ln(1 + 2).
        assert!((col("ln_kept_runs") - 3f32.ln()).abs() < 1e-6);
        assert!((col("p_max") - 0.9).abs() < 1e-6);
        assert!((col("price_share") - 0.25).abs() < 1e-6);
        // Every block's tag code is 0.5 -> 0: all the characters in bin 0.
        assert!((row[SUMMARY.len()] - 1.0).abs() < 1e-6);
        let hists = HISTOGRAMS[0].1 + HISTOGRAMS[1].1;
        let tag_share: f32 = row[SUMMARY.len()..SUMMARY.len() + HISTOGRAMS[0].1]
            .iter()
            .sum();
        assert!((tag_share - 1.0).abs() < 1e-6);
        // The means of a constant feature are that constant.
        assert!((row[SUMMARY.len() + hists] - 0.5).abs() < 1e-6);
        assert!((row[PAGE_N - 1] - 0.5).abs() < 1e-6);
    }

    #[test]
    fn prices_are_a_currency_sign_beside_a_number() {
        for yes in [
            "$12",
            "Price: 12,99 €",
            "₹ 500 only",
            "from £3.50",
            "12\u{a0}€",
        ] {
            assert!(has_price(yes), "{yes}");
        }
        for no in ["US$", "€uro zone", "12 apples", "cost in $ terms", ""] {
            assert!(!has_price(no), "{no}");
        }
    }

    #[test]
    fn an_empty_page_has_a_row_of_zeros() {
        let row = blocks(&[], &[]);
        assert_eq!(row.len(), PAGE_N);
        assert!(row.iter().all(|&x| x == 0.0));
    }

    #[test]
    fn a_trained_model_separates_types_and_round_trips() {
        // Type by the first summary column, F1 by the second.
        let pages: Vec<PageSample> = (0..140)
            .map(|i| {
                let t = PageType::ALL[i % 7];
                let mut row = vec![0f32; PAGE_N];
                row[0] = (i % 7) as f32;
                row[1] = if i % 2 == 0 { 1.0 } else { 0.0 };
                PageSample {
                    row,
                    page_type: Some(t),
                    f1: if i % 2 == 0 { 0.95 } else { 0.3 },
                }
            })
            .collect();
        let params = TrainParams {
            trees: 30,
            depth: 3,
            ..Default::default()
        };
        let m = PageModel::train(&pages, &params);
        for p in &pages[..14] {
            let e = m.predict(&p.row);
            assert_eq!(Some(e.page_type), p.page_type);
            assert!(e.type_probability > 0.5, "{e:?}");
            assert!((e.confidence - p.f1).abs() < 0.1, "{e:?} vs {}", p.f1);
        }
        let back = PageModel::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(back, m);
        assert!(m.predict(&pages[0].row).block_threshold.is_none());
        let mut ts = [None; 7];
        ts[0] = Some(0.3);
        ts[1] = Some(7.0); // out of range: none
        let m = m.with_thresholds(ts);
        let back = PageModel::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(back.thresholds()[..2], [Some(0.3), None]);
        assert_eq!(back.predict(&pages[0].row).block_threshold, Some(0.3));
        assert_eq!(back.predict(&pages[1].row).block_threshold, None);
        let mut cut = m.to_bytes();
        cut.truncate(cut.len() - 3);
        assert!(PageModel::from_bytes(&cut).is_err());
    }
}
