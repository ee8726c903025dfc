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

use rayon::prelude::*;

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

const MAGIC: &[u8; 4] = b"TDGB";
const VERSION: u32 = 1;
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

/// A node of the flattened forest that prediction walks: trees in pre-order,
/// so an inner node's left child is the next node and only the right one is
/// stored (12 bytes a node instead of 20).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Flat {
    /// Feature index, or `u32::MAX` for a leaf.
    feature: u32,
    /// The threshold of an inner node, the output of a leaf.
    value: f32,
    /// Index of the right child in the flat array.
    right: u32,
}

const FLAT_LEAF: u32 = u32::MAX;

/// The trees as complete binary heaps of one depth, for batched prediction:
/// node `i`'s children are `2i + 1` and `2i + 2`, so a walk is `depth`
/// branch-free steps, and several rows walk one tree side by side. A leaf
/// shallower than `depth` is copied to every heap leaf below it, so the
/// padding nodes' tests (feature 0, threshold 0) cannot change the outcome.
#[derive(Debug, Clone, PartialEq)]
struct Heaps {
    depth: u32,
    /// `2^depth - 1` inner nodes per tree, tree after tree.
    split: Vec<Split>,
    /// `2^depth` leaves per tree.
    leaf: Vec<f32>,
    /// The largest feature index any inner node reads.
    max_feature: usize,
    /// The same trees in arrays of [`SMALL`] slots, when they are at most
    /// 6 deep: indices masked to the array's size need no bounds check.
    small: Option<Small>,
}

/// Slots of a [`Small`] tree's arrays: inner nodes (at most 63) and leaves
/// (at most 64) of a heap at most 6 deep.
const SMALL: usize = 64;

/// Features a row may have for the [`Small`] walk: each lane's row is copied
/// into an array of this size, and a feature index masked to it needs no
/// bounds check.
const SMALL_FEATURES: usize = 128;

/// [`Heaps`] trees at most 6 deep, one fixed-size array a tree.
#[derive(Debug, Clone, PartialEq)]
struct Small {
    split: Vec<[Split; SMALL]>,
    leaf: Vec<[f32; SMALL]>,
}

/// An inner node of a [`Heaps`] tree: the test, in one load.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Split {
    feature: u32,
    threshold: f32,
}

/// Deeper trees would make the heaps too large (`2^depth` leaves a tree);
/// such forests keep the pointer walk.
const MAX_HEAP_DEPTH: u32 = 10;

/// Rows walked through one tree side by side. 16 reads each tree's nodes
/// from L2 half as often as 8 did (1.53 → 1.37 µs a row on the 30,950 AEB
/// rows, best of 15 passes); 32 gains nothing more.
const LANES: usize = 16;

impl Heaps {
    /// `None` when a tree is deeper than [`MAX_HEAP_DEPTH`] (or cyclic).
    fn new(trees: &[Vec<Node>]) -> Option<Heaps> {
        fn depth_of(tree: &[Node], i: usize, d: u32) -> Option<u32> {
            if d > MAX_HEAP_DEPTH {
                return None;
            }
            match tree.get(i) {
                Some(n) if n.feature != LEAF => {
                    Some(depth_of(tree, n.left as usize, d + 1)?.max(depth_of(
                        tree,
                        n.right as usize,
                        d + 1,
                    )?))
                }
                _ => Some(d),
            }
        }
        let mut depth = 0;
        for tree in trees {
            depth = depth.max(depth_of(tree, 0, 0)?);
        }
        let inner = (1usize << depth) - 1;
        let mut h = Heaps {
            depth,
            split: vec![
                Split {
                    feature: 0,
                    threshold: 0.0
                };
                inner * trees.len()
            ],
            leaf: vec![0.0; (inner + 1) * trees.len()],
            max_feature: 0,
            small: None,
        };
        for (t, tree) in trees.iter().enumerate() {
            h.fill(tree, 0, t, 0, 0);
        }
        if inner < SMALL {
            let pad = Split {
                feature: 0,
                threshold: 0.0,
            };
            h.small = Some(Small {
                split: h
                    .split
                    .chunks_exact(inner.max(1))
                    .take(trees.len())
                    .map(|c| std::array::from_fn(|i| c.get(i).copied().unwrap_or(pad)))
                    .collect(),
                leaf: h
                    .leaf
                    .chunks_exact(inner + 1)
                    .map(|c| std::array::from_fn(|i| c.get(i).copied().unwrap_or(0.0)))
                    .collect(),
            });
        }
        Some(h)
    }

    /// Places `tree[i]` at heap position `pos` (at `level`) of tree `t`.
    fn fill(&mut self, tree: &[Node], i: usize, t: usize, pos: usize, level: u32) {
        let inner = (1usize << self.depth) - 1;
        match tree.get(i) {
            Some(n) if n.feature != LEAF => {
                self.split[t * inner + pos] = Split {
                    feature: u32::from(n.feature),
                    threshold: n.threshold,
                };
                self.max_feature = self.max_feature.max(usize::from(n.feature));
                self.fill(tree, n.left as usize, t, 2 * pos + 1, level + 1);
                self.fill(tree, n.right as usize, t, 2 * pos + 2, level + 1);
            }
            // A leaf (a dangling child reads as a zero leaf, as in `walk`):
            // every heap leaf under `pos` gets its value.
            leaf => {
                let value = leaf.map_or(0.0, |n| n.value);
                let below = self.depth - level;
                let first = ((pos + 1) << below) - 1 - inner;
                let start = t * (inner + 1) + first;
                self.leaf[start..start + (1 << below)].fill(value);
            }
        }
    }

    /// Adds each tree's output to `out[r]` for every row, tree after tree
    /// (the order `Forest::margin` sums in, so results are identical).
    /// Every row must have more than `max_feature` features.
    ///
    /// [`LANES`] rows go through all the trees together: their features stay
    /// in L1 while the trees stream past, and their walks are independent,
    /// so the CPU overlaps their loads. A last, partial group repeats its
    /// final row in the spare lanes and drops their sums.
    fn add_all(&self, rows: &[f32], n_features: usize, out: &mut [f32]) {
        // The common depths (4 to 6) get the fixed-size walk, unrolled, one
        // copy per depth; other forests and rows wider than it takes walk
        // the heaps as they are.
        if let Some(small) = self.small.as_ref().filter(|_| n_features <= SMALL_FEATURES) {
            match self.depth {
                6 => return small.add_all::<6>(rows, n_features, out),
                5 => return small.add_all::<5>(rows, n_features, out),
                4 => return small.add_all::<4>(rows, n_features, out),
                _ => {}
            }
        }
        let depth = self.depth;
        let inner = (1usize << depth) - 1;
        let n = out.len();
        for (c, block) in out.chunks_mut(LANES).enumerate() {
            let first = c * LANES;
            let start: [usize; LANES] =
                std::array::from_fn(|k| (first + k).min(n - 1) * n_features);
            let mut sum: [f32; LANES] =
                std::array::from_fn(|k| block.get(k).copied().unwrap_or(0.0));
            for (splits, leaves) in self
                .split
                .chunks_exact(inner)
                .zip(self.leaf.chunks_exact(inner + 1))
            {
                let mut at = [0usize; LANES];
                for _ in 0..depth {
                    for k in 0..LANES {
                        let s = splits[at[k]];
                        let v = rows[start[k] + s.feature as usize];
                        // `v <= threshold` goes left, as in `walk` (NaN goes right).
                        let left = v <= s.threshold;
                        at[k] = 2 * at[k] + 1 + usize::from(!left);
                    }
                }
                for k in 0..LANES {
                    sum[k] += leaves[at[k] - inner];
                }
            }
            for (s, v) in block.iter_mut().zip(sum) {
                *s = v;
            }
        }
    }
}

impl Small {
    /// [`Heaps::add_all`] for trees `D` deep (4 to 6) and rows of at most
    /// [`SMALL_FEATURES`] features: the same walk, the same sums in the
    /// same order, but every index is masked to its fixed-size array, so
    /// the inner loop has no bounds checks: 1.47 → 1.17 µs a row on the
    /// 30,950 AEB rows (best of 8 interleaved runs of 15 passes each).
    fn add_all<const D: u32>(&self, rows: &[f32], n_features: usize, out: &mut [f32]) {
        let inner = (1usize << D) - 1;
        let n = out.len();
        // Each lane's row, zero-padded: the masks below never change an
        // index, as every split reads a feature below `n_features`.
        let mut x = [[0f32; SMALL_FEATURES]; LANES];
        for (c, block) in out.chunks_mut(LANES).enumerate() {
            let first = c * LANES;
            for (k, lane) in x.iter_mut().enumerate() {
                let r = (first + k).min(n - 1);
                lane[..n_features].copy_from_slice(&rows[r * n_features..(r + 1) * n_features]);
            }
            let mut sum: [f32; LANES] =
                std::array::from_fn(|k| block.get(k).copied().unwrap_or(0.0));
            for (splits, leaves) in self.split.iter().zip(&self.leaf) {
                let mut at = [0usize; LANES];
                for _ in 0..D {
                    for k in 0..LANES {
                        let s = splits[at[k] % SMALL];
                        let v = x[k][s.feature as usize % SMALL_FEATURES];
                        // `v <= threshold` goes left, as in `walk` (NaN goes right).
                        let left = v <= s.threshold;
                        at[k] = 2 * at[k] + 1 + usize::from(!left);
                    }
                }
                for k in 0..LANES {
                    sum[k] += leaves[at[k].wrapping_sub(inner) % SMALL];
                }
            }
            for (s, v) in block.iter_mut().zip(sum) {
                *s = v;
            }
        }
    }
}

/// A trained boosted-tree binary classifier.
#[derive(Debug, Clone, PartialEq)]
pub struct Forest {
    schema: String,
    n_features: usize,
    base: f32,
    trees: Vec<Vec<Node>>,
    /// The trees flattened for prediction, and where each starts.
    flat: Vec<Flat>,
    roots: Vec<u32>,
    /// The trees as heaps for batched prediction (`None`: too deep).
    heaps: Option<Heaps>,
}

/// Lays the trees out in pre-order. Trees must be checked first: children
/// after their parents, so the walk ends.
fn flatten(trees: &[Vec<Node>]) -> (Vec<Flat>, Vec<u32>) {
    let mut flat = Vec::with_capacity(trees.iter().map(Vec::len).sum());
    let mut roots = Vec::with_capacity(trees.len());
    // (node in its tree, flat parent whose right child it is).
    let mut stack: Vec<(usize, Option<usize>)> = Vec::new();
    for tree in trees {
        roots.push(flat.len() as u32);
        stack.push((0, None));
        while let Some((i, right_of)) = stack.pop() {
            let at = flat.len();
            if let Some(parent) = right_of {
                let p: &mut Flat = &mut flat[parent];
                p.right = at as u32;
            }
            let Some(n) = tree.get(i) else {
                // A dangling child reads as a zero leaf.
                flat.push(Flat {
                    feature: FLAT_LEAF,
                    value: 0.0,
                    right: 0,
                });
                continue;
            };
            if n.feature == LEAF {
                flat.push(Flat {
                    feature: FLAT_LEAF,
                    value: n.value,
                    right: 0,
                });
            } else {
                flat.push(Flat {
                    feature: u32::from(n.feature),
                    value: n.threshold,
                    right: 0,
                });
                stack.push((n.right as usize, Some(at)));
                stack.push((n.left as usize, None));
            }
        }
    }
    (flat, roots)
}

impl Forest {
    fn new(schema: String, n_features: usize, base: f32, trees: Vec<Vec<Node>>) -> Self {
        let (flat, roots) = flatten(&trees);
        let heaps = Heaps::new(&trees);
        Forest {
            schema,
            n_features,
            base,
            trees,
            flat,
            roots,
            heaps,
        }
    }

    /// Adds one tree's output for row `x` (pre-order walk from `root`).
    #[inline]
    fn walk(&self, root: u32, x: &[f32]) -> f32 {
        let mut i = root as usize;
        // Each step moves forward (children follow parents in pre-order), so
        // this ends within `flat.len()` steps.
        while let Some(n) = self.flat.get(i) {
            if n.feature == FLAT_LEAF {
                return n.value;
            }
            let v = x.get(n.feature as usize).copied().unwrap_or(0.0);
            i = if v <= n.value {
                i + 1
            } else {
                n.right as usize
            };
        }
        0.0
    }

    /// Number of trees.
    pub fn n_trees(&self) -> usize {
        self.trees.len()
    }

    /// The raw score (log-odds) of one row. Missing trailing features read as 0.
    pub fn margin(&self, x: &[f32]) -> f32 {
        // Summed in the same order as `predict_rows`, so both agree exactly.
        let mut s = self.base;
        for &root in &self.roots {
            s += self.walk(root, x);
        }
        s
    }

    /// The probability that a row is of the positive class.
    pub fn predict(&self, x: &[f32]) -> f32 {
        sigmoid(self.margin(x))
    }

    /// The probabilities of many rows, `rows` holding `n_features` values
    /// per row, flattened (a trailing partial row is ignored).
    ///
    /// Equal to calling [`Forest::predict`] on each row, bit for bit, but
    /// walks each tree over all rows before the next, so one tree stays in
    /// cache instead of the whole forest streaming past every row; and it
    /// walks the trees laid out as complete heaps, eight rows side by side,
    /// without a branch per node.
    pub fn predict_rows(&self, rows: &[f32], n_features: usize) -> Vec<f32> {
        if n_features == 0 {
            return Vec::new();
        }
        let n = rows.len() / n_features;
        let mut out = vec![self.base; n];
        match &self.heaps {
            Some(h) if h.max_feature < n_features => h.add_all(rows, n_features, &mut out),
            _ => {
                for &root in &self.roots {
                    for (r, s) in out.iter_mut().enumerate() {
                        *s += self.walk(root, &rows[r * n_features..(r + 1) * n_features]);
                    }
                }
            }
        }
        out.into_iter().map(sigmoid).collect()
    }

    /// Serialises the model.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&(self.schema.len() as u32).to_le_bytes());
        out.extend_from_slice(self.schema.as_bytes());
        out.extend_from_slice(&(self.n_features as u32).to_le_bytes());
        out.extend_from_slice(&self.base.to_le_bytes());
        out.extend_from_slice(&(self.trees.len() as u32).to_le_bytes());
        for tree in &self.trees {
            out.extend_from_slice(&(tree.len() as u32).to_le_bytes());
            for n in tree {
                out.extend_from_slice(&n.feature.to_le_bytes());
                out.extend_from_slice(&n.threshold.to_le_bytes());
                out.extend_from_slice(&n.left.to_le_bytes());
                out.extend_from_slice(&n.right.to_le_bytes());
                out.extend_from_slice(&n.value.to_le_bytes());
            }
        }
        out
    }

    /// Reads a model, checking its structure and that it was trained on
    /// `schema` (pass `None` to accept any schema).
    pub fn from_bytes(bytes: &[u8], schema: Option<&str>) -> Result<Forest, ModelError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(4)? != MAGIC {
            return Err(ModelError::Format("bad magic".into()));
        }
        let version = r.u32()?;
        if version != VERSION {
            return Err(ModelError::Format(format!("unsupported version {version}")));
        }
        let len = r.u32()? as usize;
        let found = std::str::from_utf8(r.take(len)?)
            .map_err(|_| ModelError::Format("schema is not UTF-8".into()))?
            .to_owned();
        if let Some(expected) = schema {
            if expected != found {
                return Err(ModelError::Schema {
                    expected: expected.to_owned(),
                    found,
                });
            }
        }
        let n_features = r.u32()? as usize;
        let base = r.f32()?;
        let n_trees = r.u32()? as usize;
        let mut trees = Vec::with_capacity(n_trees.min(1 << 16));
        for t in 0..n_trees {
            let n_nodes = r.u32()? as usize;
            if n_nodes == 0 || n_nodes > 1 << 20 {
                return Err(ModelError::Format(format!("tree {t}: {n_nodes} nodes")));
            }
            let mut nodes = Vec::with_capacity(n_nodes);
            for i in 0..n_nodes {
                let node = Node {
                    feature: r.u16()?,
                    threshold: r.f32()?,
                    left: r.u32()?,
                    right: r.u32()?,
                    value: r.f32()?,
                };
                if node.feature != LEAF {
                    let ok = (node.feature as usize) < n_features
                        && (node.left as usize) > i
                        && (node.right as usize) > i
                        && (node.left as usize) < n_nodes
                        && (node.right as usize) < n_nodes;
                    if !ok {
                        return Err(ModelError::Format(format!("tree {t}: bad node {i}")));
                    }
                }
                nodes.push(node);
            }
            trees.push(nodes);
        }
        if r.at != bytes.len() {
            return Err(ModelError::Format("trailing bytes".into()));
        }
        Ok(Forest::new(found, n_features, base, trees))
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| ModelError::Format("truncated".into()))?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u16(&mut self) -> Result<u16, ModelError> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_bits(self.u32()?))
    }
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// Rows for training: a dense feature matrix, a binary label and a weight per row.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    n_features: usize,
    x: Vec<f32>,
    y: Vec<f32>,
    w: Vec<f32>,
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

#[cfg(test)]
mod tests {
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
    fn heap_walk_equals_the_pointer_walk_on_uneven_trees_nan_and_dangling_children() {
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
        assert_eq!(m.heaps.as_ref().map(|h| h.depth), Some(3));
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
            let own = m.predict(&rows[r * 3..r * 3 + 3]);
            assert_eq!(
                p.to_bits(),
                own.to_bits(),
                "row {r}: {:?}",
                &rows[r * 3..r * 3 + 3]
            );
        }
        // Rows narrower than a feature the trees read take the pointer walk,
        // where missing features read as 0.
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
        assert_eq!(deep.heaps.as_ref().map(|h| h.depth), Some(6));
        for (r, p) in deep.predict_rows(&rows, 3).iter().enumerate() {
            let own = deep.predict(&rows[r * 3..r * 3 + 3]);
            assert_eq!(p.to_bits(), own.to_bits(), "depth 6, row {r}");
        }
        // Rows wider than the fixed-size walk takes go through the general
        // heap walk, with the same results.
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
            let own = deep.predict(&rows[r * 3..r * 3 + 3]);
            assert_eq!(p.to_bits(), own.to_bits(), "depth 6, wide row {r}");
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
