//! Cutting a token sequence into overlapping model windows, and choosing which
//! window's prediction each token keeps.
//!
//! The same rule is written in Python in `scripts/make_ner_fixture.py`; the
//! parity test checks that both sides agree.

/// Content-token windows `[start, end)` over `n` tokens: at most `width` tokens
/// each, consecutive windows overlapping by `stride` tokens. The last window
/// ends at `n` (and may be shorter). `n == 0` gives no window.
pub(crate) fn windows(n: usize, width: usize, stride: usize) -> Vec<(usize, usize)> {
    if n == 0 {
        return Vec::new();
    }
    let width = width.max(1);
    if n <= width {
        return vec![(0, n)];
    }
    // stride < width is checked when the config is built; stay safe anyway.
    let step = width.saturating_sub(stride).max(1);
    let mut out = Vec::new();
    let mut start = 0;
    loop {
        let end = (start + width).min(n);
        out.push((start, end));
        if end == n {
            return out;
        }
        start += step;
    }
}

/// For each of the `n` tokens, the index of the window whose prediction it
/// keeps: the window where the token is farthest from a cut edge (a window
/// edge at the text's start or end is not a cut), the earlier one on ties.
pub(crate) fn owners(n: usize, wins: &[(usize, usize)]) -> Vec<usize> {
    let mut best = vec![(0usize, -1i64); n];
    for (k, &(s, e)) in wins.iter().enumerate() {
        for (i, slot) in best.iter_mut().enumerate().take(e).skip(s) {
            let left = if s == 0 { n } else { i - s };
            let right = if e == n { n } else { e - 1 - i };
            let score = left.min(right) as i64;
            if score > slot.1 {
                *slot = (k, score);
            }
        }
    }
    best.into_iter().map(|(k, _)| k).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_one_window() {
        assert_eq!(windows(5, 10, 2), vec![(0, 5)]);
        assert_eq!(windows(0, 10, 2), vec![]);
    }

    #[test]
    fn windows_overlap_by_stride_and_cover_everything() {
        let w = windows(25, 10, 4);
        assert_eq!(w, vec![(0, 10), (6, 16), (12, 22), (18, 25)]);
        let own = owners(25, &w);
        // every token owned by a window that contains it
        for (i, &k) in own.iter().enumerate() {
            assert!(w[k].0 <= i && i < w[k].1, "token {i} window {k}");
        }
        // the overlap is split in the middle
        assert_eq!(&own[5..12], &[0, 0, 0, 1, 1, 1, 1]);
        assert_eq!(own[24], 3);
    }
}
