//! Training: histogram gradient boosting with logistic loss.

use rayon::prelude::*;

use super::{sigmoid, Forest, Node, LEAF};

/// Rows for training: a dense feature matrix, a binary label and a weight per row.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub(super) n_features: usize,
    pub(super) x: Vec<f32>,
    pub(super) y: Vec<f32>,
    pub(super) w: Vec<f32>,
}

impl Dataset {
    /// An empty dataset of rows with `n_features` features.
    pub fn new(n_features: usize) -> Dataset {
        Dataset {
            n_features,
            ..Default::default()
        }
    }

    /// Adds one row (shorter rows are padded with 0, longer ones cut).
    pub fn push(&mut self, features: &[f32], label: bool, weight: f32) {
        let n = self.n_features;
        self.x
            .extend((0..n).map(|i| features.get(i).copied().unwrap_or(0.0)));
        self.y.push(if label { 1.0 } else { 0.0 });
        self.w.push(weight.max(0.0));
    }

    /// Adds one row whose target is a probability rather than a class (the
    /// logistic loss reads `target` in 0..=1 as is: the model learns its
    /// expected value).
    pub fn push_target(&mut self, features: &[f32], target: f32, weight: f32) {
        self.push(features, false, weight);
        if let Some(y) = self.y.last_mut() {
            *y = target.clamp(0.0, 1.0);
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.y.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }

    /// Row `i`'s features.
    pub fn row(&self, i: usize) -> &[f32] {
        &self.x[i * self.n_features..(i + 1) * self.n_features]
    }
}

/// Training options.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainParams {
    /// Number of trees.
    pub trees: usize,
    /// Maximum depth of a tree.
    pub depth: usize,
    /// Shrinkage of each tree's output.
    pub learning_rate: f32,
    /// L2 regularisation of leaf values.
    pub lambda: f64,
    /// Smallest hessian sum a child may have.
    pub min_child_weight: f64,
    /// Quantile bins per feature (at most 256).
    pub bins: usize,
}

impl Default for TrainParams {
    fn default() -> Self {
        TrainParams {
            trees: 200,
            depth: 6,
            learning_rate: 0.1,
            lambda: 1.0,
            min_child_weight: 1.0,
            bins: 64,
        }
    }
}

/// Trains a classifier on `data`; `schema` names the feature layout (stored
/// in the model and checked when it is loaded).
pub fn train(data: &Dataset, params: &TrainParams, schema: &str) -> Forest {
    let n = data.len();
    let nf = data.n_features;
    let nb = params.bins.clamp(2, 256);
    // Quantile cuts per feature, from a strided sample.
    let stride = (n / 50_000).max(1);
    let cuts: Vec<Vec<f32>> = (0..nf)
        .into_par_iter()
        .map(|f| {
            let mut v: Vec<f32> = (0..n)
                .step_by(stride)
                .map(|i| data.x[i * nf + f])
                .filter(|v| v.is_finite())
                .collect();
            v.sort_by(|a, b| a.total_cmp(b));
            v.dedup();
            if v.len() <= nb {
                // Every distinct value but the largest is a cut.
                v.pop();
                v
            } else {
                let mut c: Vec<f32> = (1..nb).map(|k| v[k * v.len() / nb]).collect();
                c.dedup();
                c
            }
        })
        .collect();
    // Column-major bins: bin(x) = number of cuts below x, so x <= cuts[b] iff bin <= b.
    let binned: Vec<Vec<u8>> = (0..nf)
        .into_par_iter()
        .map(|f| {
            let c = &cuts[f];
            (0..n)
                .map(|i| c.partition_point(|&t| t < data.x[i * nf + f]) as u8)
                .collect()
        })
        .collect();
    let wsum: f64 = data.w.iter().map(|&w| w as f64).sum();
    let pos: f64 = data
        .w
        .iter()
        .zip(&data.y)
        .map(|(&w, &y)| (w * y) as f64)
        .sum();
    let mean = (pos / wsum.max(1e-12)).clamp(1e-4, 1.0 - 1e-4);
    let base = (mean / (1.0 - mean)).ln() as f32;
    let mut margin = vec![base; n];
    let mut g = vec![0f32; n];
    let mut h = vec![0f32; n];
    let mut trees = Vec::with_capacity(params.trees);
    let grower = Grower {
        binned: &binned,
        cuts: &cuts,
        nb,
        params,
    };
    // Rows of weight 0 never enter a tree.
    let weighted: Vec<u32> = (0..n as u32)
        .filter(|&i| data.w[i as usize] > 0.0)
        .collect();
    for _ in 0..params.trees {
        g.par_iter_mut()
            .zip(h.par_iter_mut())
            .enumerate()
            .for_each(|(i, (gi, hi))| {
                let p = sigmoid(margin[i]);
                *gi = data.w[i] * (p - data.y[i]);
                *hi = (data.w[i] * p * (1.0 - p)).max(1e-6 * data.w[i]);
            });
        let rows = weighted.clone();
        let hist = grower.histogram(&rows, &g, &h);
        let mut nodes = Vec::new();
        grower.grow(&mut nodes, rows, hist, 0, &g, &h);
        // Update margins with the new tree.
        margin.par_iter_mut().enumerate().for_each(|(i, m)| {
            let mut k = 0usize;
            loop {
                let node: &Node = &nodes[k];
                if node.feature == LEAF {
                    *m += node.value;
                    break;
                }
                // The split was chosen on bins: left iff bin <= split bin,
                // which is exactly x <= threshold.
                k = if data.x[i * nf + node.feature as usize] <= node.threshold {
                    node.left as usize
                } else {
                    node.right as usize
                };
            }
        });
        trees.push(nodes);
    }
    Forest::new(schema.to_owned(), nf, base, trees)
}

/// Gradient and hessian sums per (feature, bin).
type Hist = Vec<[f64; 2]>;

struct Grower<'a> {
    binned: &'a [Vec<u8>],
    cuts: &'a [Vec<f32>],
    nb: usize,
    params: &'a TrainParams,
}

impl Grower<'_> {
    fn histogram(&self, rows: &[u32], g: &[f32], h: &[f32]) -> Hist {
        let nb = self.nb;
        let mut hist = vec![[0f64; 2]; self.binned.len() * nb];
        hist.par_chunks_mut(nb)
            .zip(self.binned.par_iter())
            .for_each(|(hf, col)| {
                for &r in rows {
                    let r = r as usize;
                    let cell = &mut hf[col[r] as usize];
                    cell[0] += g[r] as f64;
                    cell[1] += h[r] as f64;
                }
            });
        hist
    }

    /// Grows the subtree for `rows` into `nodes`; returns its root index.
    fn grow(
        &self,
        nodes: &mut Vec<Node>,
        rows: Vec<u32>,
        hist: Hist,
        depth: usize,
        g: &[f32],
        h: &[f32],
    ) -> u32 {
        let nb = self.nb;
        let lambda = self.params.lambda;
        let (gs, hs) = hist[..nb]
            .iter()
            .fold((0.0, 0.0), |(a, b), c| (a + c[0], b + c[1]));
        let me = nodes.len() as u32;
        let leaf = Node {
            feature: LEAF,
            threshold: 0.0,
            left: 0,
            right: 0,
            value: (-gs / (hs + lambda)) as f32 * self.params.learning_rate,
        };
        nodes.push(leaf);
        if depth >= self.params.depth || rows.len() < 2 {
            return me;
        }
        // Best split over all features and bins.
        let parent = gs * gs / (hs + lambda);
        let mcw = self.params.min_child_weight;
        let best = (0..self.binned.len())
            .into_par_iter()
            .map(|f| {
                let hf = &hist[f * nb..(f + 1) * nb];
                let ncut = self.cuts[f].len();
                let (mut gl, mut hl) = (0.0, 0.0);
                let mut best = (0.0f64, f, usize::MAX);
                for (b, cell) in hf.iter().enumerate().take(ncut) {
                    gl += cell[0];
                    hl += cell[1];
                    let (gr, hr) = (gs - gl, hs - hl);
                    if hl < mcw || hr < mcw {
                        continue;
                    }
                    let gain = gl * gl / (hl + lambda) + gr * gr / (hr + lambda) - parent;
                    if gain > best.0 {
                        best = (gain, f, b);
                    }
                }
                best
            })
            .reduce(
                || (0.0, 0, usize::MAX),
                |a, b| if b.0 > a.0 { b } else { a },
            );
        let (gain, f, b) = best;
        if b == usize::MAX || gain <= 1e-9 {
            return me;
        }
        let col = &self.binned[f];
        let (left, right): (Vec<u32>, Vec<u32>) = rows
            .into_iter()
            .partition(|&r| col[r as usize] as usize <= b);
        if left.is_empty() || right.is_empty() {
            return me;
        }
        // Histogram the smaller child, subtract for the larger.
        let (small_left, small) = if left.len() <= right.len() {
            (true, &left)
        } else {
            (false, &right)
        };
        let hs_small = self.histogram(small, g, h);
        let hs_large: Hist = hist
            .iter()
            .zip(&hs_small)
            .map(|(p, c)| [p[0] - c[0], p[1] - c[1]])
            .collect();
        drop(hist);
        let (hl, hr) = if small_left {
            (hs_small, hs_large)
        } else {
            (hs_large, hs_small)
        };
        let l = self.grow(nodes, left, hl, depth + 1, g, h);
        let r = self.grow(nodes, right, hr, depth + 1, g, h);
        nodes[me as usize] = Node {
            feature: f as u16,
            threshold: self.cuts[f][b],
            left: l,
            right: r,
            value: 0.0,
        };
        me
    }
}
