//! The layouts prediction walks: the trees flattened in pre-order (one row
//! at a time), and as complete binary heaps (many rows side by side).

use super::{Node, LEAF};

/// A node of the flattened forest that prediction walks: trees in pre-order,
/// so an inner node's left child is the next node and only the right one is
/// stored (12 bytes a node instead of 20).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Flat {
    /// Feature index, or `u32::MAX` for a leaf.
    pub(super) feature: u32,
    /// The threshold of an inner node, the output of a leaf.
    pub(super) value: f32,
    /// Index of the right child in the flat array.
    pub(super) right: u32,
}

pub(super) const FLAT_LEAF: u32 = u32::MAX;

/// The trees as complete binary heaps of one depth, for batched prediction:
/// node `i`'s children are `2i + 1` and `2i + 2`, so a walk is `depth`
/// branch-free steps, and several rows walk one tree side by side. A leaf
/// shallower than `depth` is copied to every heap leaf below it, so the
/// padding nodes' tests (feature 0, threshold 0) cannot change the outcome.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Heaps {
    pub(super) depth: u32,
    /// `2^depth - 1` inner nodes per tree, tree after tree.
    pub(super) split: Vec<Split>,
    /// `2^depth` leaves per tree.
    pub(super) leaf: Vec<f32>,
    /// The largest feature index any inner node reads.
    pub(super) max_feature: usize,
    /// The same trees in arrays of [`SMALL`] slots, when they are at most
    /// 6 deep: indices masked to the array's size need no bounds check.
    pub(super) small: Option<Small>,
}

/// Slots of a [`Small`] tree's arrays: inner nodes (at most 63) and leaves
/// (at most 64) of a heap at most 6 deep.
pub(super) const SMALL: usize = 64;

/// Features a row may have for the [`Small`] walk: each lane's row is copied
/// into an array of this size, and a feature index masked to it needs no
/// bounds check.
pub(super) const SMALL_FEATURES: usize = 128;

/// [`Heaps`] trees at most 6 deep, one fixed-size array a tree.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Small {
    split: Vec<[Split; SMALL]>,
    leaf: Vec<[f32; SMALL]>,
}

/// An inner node of a [`Heaps`] tree: the test, in one load.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Split {
    feature: u32,
    threshold: f32,
}

/// Deeper trees would make the heaps too large (`2^depth` leaves a tree);
/// such forests keep the pointer walk.
pub(super) const MAX_HEAP_DEPTH: u32 = 10;

/// Rows walked through one tree side by side. 16 reads each tree's nodes
/// from L2 half as often as 8 did (1.53 → 1.37 µs a row on the 30,950 AEB
/// rows, best of 15 passes); 32 gains nothing more.
pub(super) const LANES: usize = 16;

impl Heaps {
    /// `None` when a tree is deeper than [`MAX_HEAP_DEPTH`] (or cyclic).
    pub(super) fn new(trees: &[Vec<Node>]) -> Option<Heaps> {
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
    pub(super) fn add_all(&self, rows: &[f32], n_features: usize, out: &mut [f32]) {
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

/// Lays the trees out in pre-order. Trees must be checked first: children
/// after their parents, so the walk ends.
pub(super) fn flatten(trees: &[Vec<Node>]) -> (Vec<Flat>, Vec<u32>) {
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
