//! The one layout prediction walks, chosen when a forest is built
//! ([`Layout::new`]): fixed-size heaps for the common shallow trees, complete
//! heaps for deeper ones, and the trees flattened in pre-order for trees too
//! deep for a heap. Every layout adds the trees' outputs in tree order, so
//! all of them give the same sums, bit for bit.

use super::{Node, LEAF};

/// Slots of a [`SmallTree`]'s arrays: inner nodes (at most 63) and leaves
/// (at most 64) of a heap at most 6 deep.
pub(super) const SMALL: usize = 64;

/// Features the [`Layout::Small`] walk reads from: each lane's row is copied
/// into an array of this size, and a feature index masked to it needs no
/// bounds check.
pub(super) const SMALL_FEATURES: usize = 128;

/// Deeper trees would make the heaps too large (`2^depth` leaves a tree);
/// such forests keep the pointer walk.
pub(super) const MAX_HEAP_DEPTH: u32 = 10;

/// Rows walked through one tree side by side. 16 reads each tree's nodes
/// from L2 half as often as 8 did (1.53 → 1.37 µs a row on the 30,950 AEB
/// rows, best of 15 passes); 32 gains nothing more.
pub(super) const LANES: usize = 16;

/// How a forest is laid out for prediction.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Layout {
    /// Trees at most 6 deep reading features below [`SMALL_FEATURES`], as
    /// complete heaps in fixed-size arrays: every index is masked to its
    /// array, so the walk has no bounds checks (1.47 → 1.17 µs a row on the
    /// 30,950 AEB rows against [`Layout::Heaps`], best of 8 interleaved runs
    /// of 15 passes each).
    Small {
        /// The trees' common depth.
        depth: u32,
        /// One heap a tree.
        trees: Vec<SmallTree>,
    },
    /// Trees at most [`MAX_HEAP_DEPTH`] deep as complete binary heaps of one
    /// depth: node `i`'s children are `2i + 1` and `2i + 2`, so a walk is
    /// `depth` branch-free steps, and several rows walk one tree side by side.
    Heaps {
        /// The trees' common depth.
        depth: u32,
        /// `2^depth - 1` inner nodes a tree, tree after tree.
        split: Vec<Split>,
        /// `2^depth` leaves a tree.
        leaf: Vec<f32>,
        /// The largest feature index an inner node reads.
        max_feature: usize,
    },
    /// Deeper trees, in pre-order: an inner node's left child is the next
    /// node and only the right one is stored.
    Flat {
        /// The nodes, tree after tree.
        nodes: Vec<Flat>,
        /// Where each tree starts.
        roots: Vec<u32>,
    },
}

/// An inner node of a heap: the test, in one load. Padding nodes under a
/// shallow leaf test feature 0 against 0; every heap leaf below them holds
/// that leaf's value, so the padding cannot change the outcome.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Split {
    feature: u32,
    threshold: f32,
}

const PAD: Split = Split {
    feature: 0,
    threshold: 0.0,
};

/// One tree of a [`Layout::Small`] forest.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SmallTree {
    split: [Split; SMALL],
    leaf: [f32; SMALL],
}

/// A node of a [`Layout::Flat`] forest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Flat {
    /// Feature index, or [`FLAT_LEAF`].
    feature: u32,
    /// The threshold of an inner node, the output of a leaf.
    value: f32,
    /// Index of the right child in the flat array.
    right: u32,
}

const FLAT_LEAF: u32 = u32::MAX;

impl Layout {
    /// The layout for `trees`, which must be checked first (children after
    /// their parents, so every walk ends).
    pub(super) fn new(trees: &[Vec<Node>]) -> Layout {
        let Some(depth) = trees
            .iter()
            .try_fold(0, |d, t| Some(depth_of(t, 0, 0)?.max(d)))
        else {
            return flatten(trees);
        };
        let inner = (1usize << depth) - 1;
        let mut split = vec![PAD; inner * trees.len()];
        let mut leaf = vec![0.0; (inner + 1) * trees.len()];
        let mut max_feature = 0;
        for (t, tree) in trees.iter().enumerate() {
            let mut heap = Heap {
                depth,
                split: &mut split[t * inner..(t + 1) * inner],
                leaf: &mut leaf[t * (inner + 1)..(t + 1) * (inner + 1)],
                max_feature: &mut max_feature,
            };
            heap.fill(tree, 0, 0, 0);
        }
        if depth <= 6 && max_feature < SMALL_FEATURES {
            let trees =
                (0..trees.len())
                    .map(|t| SmallTree {
                        split: std::array::from_fn(|i| {
                            if i < inner {
                                split[t * inner + i]
                            } else {
                                PAD
                            }
                        }),
                        leaf: std::array::from_fn(|i| {
                            if i <= inner {
                                leaf[t * (inner + 1) + i]
                            } else {
                                0.0
                            }
                        }),
                    })
                    .collect();
            return Layout::Small { depth, trees };
        }
        Layout::Heaps {
            depth,
            split,
            leaf,
            max_feature,
        }
    }

    /// The heaps' depth (`None` for the pre-order layout).
    #[cfg(test)]
    pub(super) fn depth(&self) -> Option<u32> {
        match self {
            Layout::Small { depth, .. } | Layout::Heaps { depth, .. } => Some(*depth),
            Layout::Flat { .. } => None,
        }
    }

    /// `base` plus every tree's output for one row; missing trailing
    /// features read as 0.
    pub(super) fn margin(&self, base: f32, x: &[f32]) -> f32 {
        let feature = |f: u32| x.get(f as usize).copied().unwrap_or(0.0);
        let mut s = base;
        match self {
            Layout::Small { depth, trees } => {
                for tree in trees {
                    s += walk_one(tree, *depth, feature);
                }
            }
            Layout::Heaps {
                depth, split, leaf, ..
            } => {
                for tree in heap_trees(*depth, split, leaf) {
                    s += walk_one(&tree, *depth, feature);
                }
            }
            Layout::Flat { nodes, roots } => {
                for &root in roots {
                    s += walk_flat(nodes, root, feature);
                }
            }
        }
        s
    }

    /// Adds every tree's output to `out[r]` for each row of `rows`
    /// (`n_features` values a row), tree after tree: the order
    /// [`Layout::margin`] sums in, so the results are identical.
    pub(super) fn add_all(&self, rows: &[f32], n_features: usize, out: &mut [f32]) {
        match self {
            Layout::Small { depth, trees } => {
                // One copy of the walk per depth, so `D` unrolls it.
                fn walk<const D: u32>(
                    trees: &[SmallTree],
                    rows: &[f32],
                    n: usize,
                    out: &mut [f32],
                ) {
                    add_lanes(trees, D, &mut SmallLanes::default(), rows, n, out);
                }
                let walk = match depth {
                    0 => walk::<0>,
                    1 => walk::<1>,
                    2 => walk::<2>,
                    3 => walk::<3>,
                    4 => walk::<4>,
                    5 => walk::<5>,
                    _ => walk::<6>,
                };
                walk(trees, rows, n_features, out);
            }
            Layout::Heaps {
                depth,
                split,
                leaf,
                max_feature,
            } => {
                let trees: Vec<HeapSlice<'_>> = heap_trees(*depth, split, leaf).collect();
                let mut lanes = WideLanes::new(max_feature + 1);
                add_lanes(&trees, *depth, &mut lanes, rows, n_features, out);
            }
            Layout::Flat { nodes, roots } => {
                for &root in roots {
                    for (r, s) in out.iter_mut().enumerate() {
                        let x = &rows[r * n_features..(r + 1) * n_features];
                        *s += walk_flat(nodes, root, |f| x.get(f as usize).copied().unwrap_or(0.0));
                    }
                }
            }
        }
    }
}

/// The depth of the subtree at `tree[i]` (at depth `d`), `None` past
/// [`MAX_HEAP_DEPTH`].
fn depth_of(tree: &[Node], i: usize, d: u32) -> Option<u32> {
    if d > MAX_HEAP_DEPTH {
        return None;
    }
    match tree.get(i) {
        Some(n) if n.feature != LEAF => {
            let left = depth_of(tree, n.left as usize, d + 1)?;
            Some(left.max(depth_of(tree, n.right as usize, d + 1)?))
        }
        _ => Some(d),
    }
}

/// One tree's heap, being filled.
struct Heap<'a> {
    depth: u32,
    split: &'a mut [Split],
    leaf: &'a mut [f32],
    max_feature: &'a mut usize,
}

impl Heap<'_> {
    /// Places `tree[i]` at heap position `pos` (at `level`).
    fn fill(&mut self, tree: &[Node], i: usize, pos: usize, level: u32) {
        match tree.get(i) {
            Some(n) if n.feature != LEAF => {
                self.split[pos] = Split {
                    feature: u32::from(n.feature),
                    threshold: n.threshold,
                };
                *self.max_feature = (*self.max_feature).max(usize::from(n.feature));
                self.fill(tree, n.left as usize, 2 * pos + 1, level + 1);
                self.fill(tree, n.right as usize, 2 * pos + 2, level + 1);
            }
            // A leaf (a dangling child reads as a zero leaf, as in the
            // pre-order walk): every heap leaf under `pos` gets its value.
            leaf => {
                let value = leaf.map_or(0.0, |n| n.value);
                let below = self.depth - level;
                let first = ((pos + 1) << below) - (1 << self.depth);
                self.leaf[first..first + (1 << below)].fill(value);
            }
        }
    }
}

/// A heap the walks read: its tests and its leaves by heap position.
trait HeapTree {
    fn split(&self, i: usize) -> Split;
    fn leaf(&self, i: usize) -> f32;
}

impl HeapTree for SmallTree {
    #[inline(always)]
    fn split(&self, i: usize) -> Split {
        self.split[i % SMALL]
    }
    #[inline(always)]
    fn leaf(&self, i: usize) -> f32 {
        self.leaf[i % SMALL]
    }
}

/// One tree of a [`Layout::Heaps`] forest.
struct HeapSlice<'a> {
    split: &'a [Split],
    leaf: &'a [f32],
}

impl HeapTree for HeapSlice<'_> {
    #[inline(always)]
    fn split(&self, i: usize) -> Split {
        self.split[i]
    }
    #[inline(always)]
    fn leaf(&self, i: usize) -> f32 {
        self.leaf[i]
    }
}

fn heap_trees<'a>(
    depth: u32,
    split: &'a [Split],
    leaf: &'a [f32],
) -> impl Iterator<Item = HeapSlice<'a>> {
    let inner = (1usize << depth) - 1;
    (0..leaf.len() / (inner + 1)).map(move |t| HeapSlice {
        split: &split[t * inner..(t + 1) * inner],
        leaf: &leaf[t * (inner + 1)..(t + 1) * (inner + 1)],
    })
}

/// One row through one heap. `v <= threshold` goes left (NaN goes right).
#[inline(always)]
fn walk_one(tree: &impl HeapTree, depth: u32, feature: impl Fn(u32) -> f32) -> f32 {
    let mut at = 0usize;
    for _ in 0..depth {
        let s = tree.split(at);
        let left = feature(s.feature) <= s.threshold;
        at = 2 * at + 1 + usize::from(!left);
    }
    tree.leaf(at - ((1usize << depth) - 1))
}

/// One row through one tree in pre-order from `root`. Each step moves
/// forward (children follow parents), so this ends within `nodes.len()` steps.
#[inline]
fn walk_flat(nodes: &[Flat], root: u32, feature: impl Fn(u32) -> f32) -> f32 {
    let mut i = root as usize;
    while let Some(n) = nodes.get(i) {
        if n.feature == FLAT_LEAF {
            return n.value;
        }
        i = if feature(n.feature) <= n.value {
            i + 1
        } else {
            n.right as usize
        };
    }
    0.0
}

/// The rows of one group of [`LANES`], copied where the walk reads them.
trait Lanes {
    /// Copies `row` into lane `k` (zero-padded, or cut to what the trees read).
    fn load(&mut self, k: usize, row: &[f32]);
    /// Feature `f` of lane `k`.
    fn get(&self, k: usize, f: u32) -> f32;
}

/// Lanes of [`SMALL_FEATURES`] features, indexed with a mask.
struct SmallLanes([[f32; SMALL_FEATURES]; LANES]);

impl Default for SmallLanes {
    fn default() -> Self {
        SmallLanes([[0.0; SMALL_FEATURES]; LANES])
    }
}

impl Lanes for SmallLanes {
    fn load(&mut self, k: usize, row: &[f32]) {
        let n = row.len().min(SMALL_FEATURES);
        self.0[k][..n].copy_from_slice(&row[..n]);
        self.0[k][n..].fill(0.0);
    }
    #[inline(always)]
    fn get(&self, k: usize, f: u32) -> f32 {
        self.0[k][f as usize % SMALL_FEATURES]
    }
}

/// Lanes as wide as the features the trees read.
struct WideLanes {
    width: usize,
    x: Vec<f32>,
}

impl WideLanes {
    fn new(width: usize) -> Self {
        WideLanes {
            width,
            x: vec![0.0; width * LANES],
        }
    }
}

impl Lanes for WideLanes {
    fn load(&mut self, k: usize, row: &[f32]) {
        let lane = &mut self.x[k * self.width..(k + 1) * self.width];
        let n = row.len().min(self.width);
        lane[..n].copy_from_slice(&row[..n]);
        lane[n..].fill(0.0);
    }
    #[inline(always)]
    fn get(&self, k: usize, f: u32) -> f32 {
        self.x[k * self.width + f as usize]
    }
}

/// The batched walk every heap layout shares: [`LANES`] rows go through all
/// the trees together, so their features stay in L1 while the trees stream
/// past, and their walks are independent, so the CPU overlaps their loads.
/// A last, partial group repeats its final row in the spare lanes and drops
/// their sums.
#[inline(always)]
fn add_lanes<T: HeapTree>(
    trees: &[T],
    depth: u32,
    lanes: &mut impl Lanes,
    rows: &[f32],
    n_features: usize,
    out: &mut [f32],
) {
    let inner = (1usize << depth) - 1;
    let n = out.len();
    for (c, block) in out.chunks_mut(LANES).enumerate() {
        for k in 0..LANES {
            let r = (c * LANES + k).min(n - 1);
            lanes.load(k, &rows[r * n_features..(r + 1) * n_features]);
        }
        let mut sum: [f32; LANES] = std::array::from_fn(|k| block.get(k).copied().unwrap_or(0.0));
        for tree in trees {
            let mut at = [0usize; LANES];
            for _ in 0..depth {
                for (k, at) in at.iter_mut().enumerate() {
                    let s = tree.split(*at);
                    // `v <= threshold` goes left (NaN goes right).
                    let left = lanes.get(k, s.feature) <= s.threshold;
                    *at = 2 * *at + 1 + usize::from(!left);
                }
            }
            for k in 0..LANES {
                sum[k] += tree.leaf(at[k].wrapping_sub(inner));
            }
        }
        for (s, v) in block.iter_mut().zip(sum) {
            *s = v;
        }
    }
}

/// Lays the trees out in pre-order.
fn flatten(trees: &[Vec<Node>]) -> Layout {
    let mut nodes = Vec::with_capacity(trees.iter().map(Vec::len).sum());
    let mut roots = Vec::with_capacity(trees.len());
    // (node in its tree, flat parent whose right child it is).
    let mut stack: Vec<(usize, Option<usize>)> = Vec::new();
    for tree in trees {
        roots.push(nodes.len() as u32);
        stack.push((0, None));
        while let Some((i, right_of)) = stack.pop() {
            let at = nodes.len();
            if let Some(parent) = right_of {
                let p: &mut Flat = &mut nodes[parent];
                p.right = at as u32;
            }
            match tree.get(i) {
                Some(n) if n.feature != LEAF => {
                    nodes.push(Flat {
                        feature: u32::from(n.feature),
                        value: n.threshold,
                        right: 0,
                    });
                    stack.push((n.right as usize, Some(at)));
                    stack.push((n.left as usize, None));
                }
                // A leaf; a dangling child reads as a zero leaf.
                leaf => nodes.push(Flat {
                    feature: FLAT_LEAF,
                    value: leaf.map_or(0.0, |n| n.value),
                    right: 0,
                }),
            }
        }
    }
    Layout::Flat { nodes, roots }
}
