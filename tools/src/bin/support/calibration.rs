//! How well `clean.confidence` predicts the F1 a page scores: pages grouped
//! in bands of confidence (one below 0.5, then 0.1 wide), and the expected
//! calibration error (ECE), the page-weighted mean gap between a band's mean
//! confidence and its mean F1. Shared by `train_clean --mode page` and
//! `clean_eval`.

/// Lower edges of the bands; the last band ends at 1 inclusive.
const EDGES: [f64; 7] = [0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01];

/// One band of confidence.
pub struct Band {
    pub lo: f64,
    pub hi: f64,
    pub pages: usize,
    pub confidence: f64,
    pub f1: f64,
}

/// The non-empty bands of (confidence, F1) pairs.
pub fn bands(pairs: &[(f64, f64)]) -> Vec<Band> {
    EDGES
        .windows(2)
        .filter_map(|w| {
            let inside: Vec<&(f64, f64)> = pairs
                .iter()
                .filter(|p| (w[0]..w[1]).contains(&p.0))
                .collect();
            let n = inside.len();
            (n > 0).then(|| Band {
                lo: w[0],
                hi: w[1].min(1.0),
                pages: n,
                confidence: inside.iter().map(|p| p.0).sum::<f64>() / n as f64,
                f1: inside.iter().map(|p| p.1).sum::<f64>() / n as f64,
            })
        })
        .collect()
}

/// The expected calibration error of (confidence, F1) pairs.
pub fn ece(pairs: &[(f64, f64)]) -> f64 {
    let n = pairs.len().max(1) as f64;
    bands(pairs)
        .iter()
        .map(|b| b.pages as f64 / n * (b.confidence - b.f1).abs())
        .sum()
}
