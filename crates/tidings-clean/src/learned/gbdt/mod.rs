//! A small gradient-boosted decision-tree classifier (logistic loss,
//! histogram splits, depth-wise growth) — the learned block scorer of the HTML
//! and plain-text paths.
//!
//! Prediction walks `trees` fixed-depth trees over a dense `f32` feature row,
//! so scoring a block costs a few hundred comparisons. Training
//! ([`train`]) bins every feature into at most 255 quantile buckets, builds
//! gradient histograms per node (the larger child by subtraction) and runs the
//! features in parallel with rayon. Models serialise to a compact
//! little-endian format that names its feature schema, so a model can never be
//! applied to rows it was not trained on.
//!
//! The code is split by concern: [`layout`] (the one layout prediction walks,
//! chosen when the forest is built), [`format`] (the bytes on disk),
//! [`train`] (histogram boosting).

mod format;
mod layout;
mod train;

use layout::Layout;
pub use train::{train, Dataset, TrainParams};

/// Why a model could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// The bytes are not a tidings boosted-tree model, or are cut short.
    #[error("not a tidings block model: {0}")]
    Format(String),
    /// The model was trained on another feature schema.
    #[error("model feature schema `{found}` does not match this build's `{expected}`")]
    Schema {
        /// The schema this build computes.
        expected: String,
        /// The schema stored in the model.
        found: String,
    },
    /// This build has no embedded models (feature `embedded-models` is off).
    #[error("this build has no embedded block models (enable the `embedded-models` feature, or use `\"heuristic\"` or a model file)")]
    NotEmbedded,
}

const LEAF: u16 = u16::MAX;

#[derive(Debug, Clone, Copy, PartialEq)]
struct Node {
    /// Feature index, or [`LEAF`].
    feature: u16,
    /// Rows with `x[feature] <= threshold` go left.
    threshold: f32,
    left: u32,
    right: u32,
    /// Leaf output (learning rate included).
    value: f32,
}

/// A trained boosted-tree binary classifier.
#[derive(Debug, Clone, PartialEq)]
pub struct Forest {
    schema: String,
    n_features: usize,
    base: f32,
    trees: Vec<Vec<Node>>,
    /// The layout prediction walks, chosen here for these trees.
    layout: Layout,
}

impl Forest {
    fn new(schema: String, n_features: usize, base: f32, trees: Vec<Vec<Node>>) -> Self {
        let layout = Layout::new(&trees);
        Forest {
            schema,
            n_features,
            base,
            trees,
            layout,
        }
    }

    /// Number of trees.
    pub fn n_trees(&self) -> usize {
        self.trees.len()
    }

    /// The raw score (log-odds) of one row. Missing trailing features read as 0.
    pub fn margin(&self, x: &[f32]) -> f32 {
        self.layout.margin(self.base, x)
    }

    /// The probability that a row is of the positive class.
    pub fn predict(&self, x: &[f32]) -> f32 {
        sigmoid(self.margin(x))
    }

    /// The probabilities of many rows, `rows` holding `n_features` values
    /// per row, flattened (a trailing partial row is ignored).
    ///
    /// Equal to calling [`Forest::predict`] on each row, bit for bit, but
    /// walks each tree over groups of rows before the next, so one tree stays
    /// in cache instead of the whole forest streaming past every row; and
    /// trees laid out as heaps are walked sixteen rows side by side, without
    /// a branch per node.
    pub fn predict_rows(&self, rows: &[f32], n_features: usize) -> Vec<f32> {
        if n_features == 0 {
            return Vec::new();
        }
        let n = rows.len() / n_features;
        let mut out = vec![self.base; n];
        self.layout.add_all(rows, n_features, &mut out);
        out.into_iter().map(sigmoid).collect()
    }
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

#[cfg(test)]
mod tests {
    use super::layout::{MAX_HEAP_DEPTH, SMALL_FEATURES};
    use super::*;

    fn xor_data() -> Dataset {
        // Label = (a > 0.5) xor (b > 0.5): no single feature separates it.
        let mut d = Dataset::new(3);
        let mut s = 12345u64;
        let mut rnd = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s % 10_000) as f32 / 10_000.0
        };
        for _ in 0..4000 {
            let (a, b, noise) = (rnd(), rnd(), rnd());
            d.push(&[a, b, noise], (a > 0.5) != (b > 0.5), 1.0);
        }
        d
    }

    #[test]
    fn learns_xor_and_round_trips() {
        let d = xor_data();
        let params = TrainParams {
            trees: 40,
            depth: 3,
            learning_rate: 0.3,
            ..Default::default()
        };
        let m = train(&d, &params, "a,b,noise");
        let correct = (0..d.len())
            .filter(|&i| (m.predict(d.row(i)) > 0.5) == (d.y[i] > 0.5))
            .count();
        assert!(correct as f64 / d.len() as f64 > 0.97, "{correct}");
        // The batched walk gives each row's own prediction.
        let batch = m.predict_rows(&d.x[..300 * 3], 3);
        assert_eq!(batch.len(), 300);
        for (i, p) in batch.iter().enumerate() {
            assert_eq!(*p, m.predict(d.row(i)), "row {i}");
        }
        let bytes = m.to_bytes();
        let back = Forest::from_bytes(&bytes, Some("a,b,noise")).unwrap();
        assert_eq!(back, m);
        assert!(matches!(
            Forest::from_bytes(&bytes, Some("other")),
            Err(ModelError::Schema { .. })
        ));
        for cut in [0, 3, 10, bytes.len() - 1] {
            assert!(Forest::from_bytes(&bytes[..cut], None).is_err());
        }
    }

    fn inner(feature: u16, threshold: f32, left: u32, right: u32) -> Node {
        Node {
            feature,
            threshold,
            left,
            right,
            value: 0.0,
        }
    }

    fn leaf(value: f32) -> Node {
        Node {
            feature: LEAF,
            threshold: 0.0,
            left: 0,
            right: 0,
            value,
        }
    }

    #[test]
    fn every_layout_equals_the_node_walk_on_uneven_trees_nan_and_dangling_children() {
        let trees = vec![
            // depth 3 on the left, a leaf at depth 1 on the right
            vec![
                inner(0, 0.5, 1, 2),
                inner(1, 0.25, 3, 4),
                leaf(-1.5),
                inner(2, 0.75, 5, 6),
                leaf(0.5),
                leaf(2.0),
                leaf(3.0),
            ],
            vec![leaf(0.125)],
            // a dangling right child (index 9) reads as a zero leaf
            vec![inner(2, 0.1, 1, 9), leaf(-0.75)],
        ];
        let m = Forest::new("x".into(), 3, 0.25, trees);
        assert_eq!(m.layout.depth(), Some(3));
        assert!(matches!(m.layout, Layout::Small { .. }));
        let vals = [0.0, 0.1, 0.25, 0.3, 0.5, 0.75, 0.9, f32::NAN, -1.0];
        let mut rows = Vec::new();
        for a in vals {
            for b in vals {
                for c in vals {
                    rows.extend([a, b, c]);
                }
            }
        }
        let n = rows.len() / 3;
        let batch = m.predict_rows(&rows, 3);
        assert_eq!(batch.len(), n);
        for (r, p) in batch.iter().enumerate() {
            let own = reference(&m, &rows[r * 3..r * 3 + 3]);
            assert_eq!(m.predict(&rows[r * 3..r * 3 + 3]).to_bits(), own.to_bits());
            assert_eq!(
                p.to_bits(),
                own.to_bits(),
                "row {r}: {:?}",
                &rows[r * 3..r * 3 + 3]
            );
        }
        // In rows narrower than a feature the trees read, missing features
        // read as 0.
        let narrow = m.predict_rows(&[0.3, 0.9, 0.3, 0.9], 2);
        assert_eq!(narrow, [m.predict(&[0.3, 0.9]), m.predict(&[0.3, 0.9])]);

        // Depth 6 takes the unrolled walk: a chain of tests down the left.
        let mut chain = Vec::new();
        for d in 0..6u32 {
            let f = (d % 3) as u16;
            chain.push(inner(f, 0.2 + 0.1 * d as f32, 2 * d + 2, 2 * d + 1));
            chain.push(leaf(d as f32 - 2.5));
        }
        // Each inner node's left child is the next test (the last one's, this
        // leaf), its right a leaf.
        chain.push(leaf(7.0));
        let mut trees = m.trees.clone();
        trees.push(chain);
        let deep = Forest::new("x".into(), 3, 0.25, trees);
        assert_eq!(deep.layout.depth(), Some(6));
        for (r, p) in deep.predict_rows(&rows, 3).iter().enumerate() {
            let own = reference(&deep, &rows[r * 3..r * 3 + 3]);
            assert_eq!(p.to_bits(), own.to_bits(), "depth 6, row {r}");
        }
        // Rows wider than the fixed-size walk reads are cut to it, with the
        // same results.
        let wide_n = SMALL_FEATURES + 2;
        let wide: Vec<f32> = rows
            .chunks_exact(3)
            .flat_map(|r| {
                r.iter()
                    .copied()
                    .chain(std::iter::repeat_n(9.0, wide_n - 3))
            })
            .collect();
        for (r, p) in deep.predict_rows(&wide, wide_n).iter().enumerate() {
            let own = reference(&deep, &rows[r * 3..r * 3 + 3]);
            assert_eq!(p.to_bits(), own.to_bits(), "depth 6, wide row {r}");
        }
    }

    /// The probability of row `x` walking the trees as trained, node by
    /// node: what every layout must give, bit for bit.
    fn reference(m: &Forest, x: &[f32]) -> f32 {
        let mut s = m.base;
        for tree in &m.trees {
            let mut i = 0;
            s += loop {
                match tree.get(i) {
                    Some(n) if n.feature != LEAF => {
                        let v = x.get(usize::from(n.feature)).copied().unwrap_or(0.0);
                        i = if v <= n.threshold { n.left } else { n.right } as usize;
                    }
                    leaf => break leaf.map_or(0.0, |n| n.value),
                }
            };
        }
        sigmoid(s)
    }

    /// A tree `d` deep: a chain of tests down the right, on features `f(k)`.
    fn chain(d: u32, f: impl Fn(u32) -> u16) -> Vec<Node> {
        let mut tree = Vec::new();
        for k in 0..d {
            tree.push(inner(f(k), 0.1 * k as f32 - 0.3, 2 * k + 1, 2 * k + 2));
            tree.push(leaf(k as f32 * 0.25 - 1.0));
        }
        tree.push(leaf(5.0));
        tree
    }

    #[test]
    fn deep_and_wide_forests_take_the_heap_or_the_pre_order_layout_with_the_same_sums() {
        let cases = [
            // depth 8: the heaps with the general walk
            (chain(8, |k| (k % 4) as u16), 4, Some(8)),
            // a feature past the fixed-size lanes: the general heap walk
            (chain(3, |k| [0, 200, 1][k as usize]), 201, Some(3)),
            // deeper than a heap holds: pre-order
            (chain(MAX_HEAP_DEPTH + 1, |k| (k % 3) as u16), 3, None),
        ];
        for (tree, n_features, depth) in cases {
            let m = Forest::new(
                "x".into(),
                n_features,
                -0.5,
                vec![tree.clone(), vec![leaf(0.5)], tree],
            );
            assert_eq!(m.layout.depth(), depth);
            let small = matches!(m.layout, Layout::Small { .. });
            assert!(!small, "{depth:?}");
            let mut s = 7u64;
            let rows: Vec<f32> = (0..37 * n_features)
                .map(|_| {
                    s = s
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((s >> 40) % 1000) as f32 / 500.0 - 1.0
                })
                .collect();
            let batch = m.predict_rows(&rows, n_features);
            assert_eq!(batch.len(), 37);
            for (r, p) in batch.iter().enumerate() {
                let x = &rows[r * n_features..(r + 1) * n_features];
                assert_eq!(p.to_bits(), reference(&m, x).to_bits(), "{depth:?} row {r}");
                assert_eq!(m.predict(x).to_bits(), p.to_bits());
            }
        }
    }

    #[test]
    fn rejects_cyclic_trees() {
        let m = Forest::new(
            "x".into(),
            1,
            0.0,
            vec![vec![Node {
                feature: 0,
                threshold: 0.5,
                left: 1,
                right: 1,
                value: 0.0,
            }]],
        );
        let mut bytes = m.to_bytes();
        // Point the root's children back at itself.
        let tail = bytes.len() - 12;
        bytes[tail..tail + 8].copy_from_slice(&[0; 8]);
        assert!(Forest::from_bytes(&bytes, None).is_err());
    }
}
