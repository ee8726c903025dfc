//! Feature rows for the plain-text path: one row per line, from the line
//! itself (length, stopword density, punctuation, cue phrases, timestamps),
//! jusText's verdict before and after context smoothing, and the lines around
//! it — plain text has no markup, so position and neighbours are all the
//! structure there is.

use std::collections::HashMap;

use tidings_core::BoilerplateReason as R;

use crate::classify::{Class, Features};
use crate::html::features::{class_code, ln, reason_code};

/// Column names of a line row, in order.
pub(crate) const TEXT_FEATURES: &[&str] = &[
    "ln_chars",
    "ln_words",
    "stop_density",
    "spaced",
    "class",
    "smoothed",
    "cue",
    "punct_per_word",
    "digit_ratio",
    "cap_ratio",
    "ends_sentence",
    "heading_like",
    "rel_pos",
    "rel_char_pos",
    "dup_count",
    "prev_ln_chars",
    "next_ln_chars",
    "prev2_ln_chars",
    "next2_ln_chars",
    "prev_stop",
    "next_stop",
    "prev_class",
    "next_class",
    "prev2_class",
    "next2_class",
    "win_mean_ln_chars",
    "win_max_ln_chars",
    "win_good_share",
    "dist_good_before",
    "dist_good_after",
    "before_first_good",
    "after_last_good",
    "short_run",
    "page_ln_lines",
    "page_ln_chars",
    "page_good_share",
    "max_ln_chars",
    "since_comments",
    "until_comments",
    "since_related",
    "until_related",
    "since_footer",
    "until_footer",
];

/// Number of columns.
pub(crate) const TEXT_N: usize = TEXT_FEATURES.len();

/// The schema string stored in text models.
pub(crate) fn text_schema() -> String {
    format!("text2:{}", TEXT_FEATURES.join(","))
}

/// One row per line, flattened.
pub(crate) fn text_rows(
    lines: &[&str],
    feats: &[Features],
    raw: &[Class],
    smoothed: &[Class],
    headings: &[bool],
) -> Vec<f32> {
    let n = lines.len();
    let lnc: Vec<f32> = feats.iter().map(|f| ln(f.chars as f32)).collect();
    let good: Vec<bool> = smoothed.iter().map(|c| c.is_good()).collect();
    let first_good = good.iter().position(|&g| g);
    let last_good = good.iter().rposition(|&g| g);
    let (before, after) = distances_to_good(&good);
    let run = short_runs(feats);
    let mut dups: HashMap<&str, u32> = HashMap::new();
    for l in lines {
        *dups.entry(l).or_insert(0) += 1;
    }
    let total_chars: f32 = feats.iter().map(|f| f.chars as f32).sum();
    let good_share = good.iter().filter(|&&g| g).count() as f32 / n.max(1) as f32;
    let max_ln = lnc.iter().copied().fold(0.0, f32::max);
    let at = |v: &[f32], j: isize, pad: f32| -> f32 {
        if j < 0 || j as usize >= n {
            pad
        } else {
            v[j as usize]
        }
    };
    let comments = section(raw, feats, R::Comments, 12);
    let related = section(raw, feats, R::RelatedLinks, 4);
    let footer = section(raw, feats, R::Footer, u32::MAX);
    let stop: Vec<f32> = feats.iter().map(|f| f.stop_density()).collect();
    let cls: Vec<f32> = smoothed.iter().map(|&c| class_code(c)).collect();
    let mut rows = Vec::with_capacity(n * TEXT_N);
    let mut char_pos = 0f32;
    for i in 0..n {
        let f = &feats[i];
        let (punct, digit, caps, ends) = crate::html::features::text_stats(lines[i], f.words);
        let k = i as isize;
        let (lo, hi) = (i.saturating_sub(3), (i + 4).min(n));
        let win = &lnc[lo..hi];
        let win_mean = win.iter().sum::<f32>() / win.len().max(1) as f32;
        let win_max = win.iter().copied().fold(0.0, f32::max);
        let (glo, ghi) = (i.saturating_sub(5), (i + 6).min(n));
        let win_good =
            good[glo..ghi].iter().filter(|&&g| g).count() as f32 / (ghi - glo).max(1) as f32;
        let cue = match raw[i] {
            Class::Fixed(r) => Some(r),
            _ => None,
        };
        rows.extend_from_slice(&[
            lnc[i],
            ln(f.words as f32),
            f.stop_density(),
            f32::from(u8::from(f.spaced)),
            class_code(raw[i]),
            class_code(smoothed[i]),
            reason_code(cue),
            punct,
            digit,
            caps,
            ends,
            f32::from(u8::from(headings.get(i).copied().unwrap_or(false))),
            i as f32 / n.max(1) as f32,
            char_pos / total_chars.max(1.0),
            ln(dups.get(lines[i]).copied().unwrap_or(1) as f32 - 1.0),
            at(&lnc, k - 1, 0.0),
            at(&lnc, k + 1, 0.0),
            at(&lnc, k - 2, 0.0),
            at(&lnc, k + 2, 0.0),
            at(&stop, k - 1, 0.0),
            at(&stop, k + 1, 0.0),
            at(&cls, k - 1, -2.0),
            at(&cls, k + 1, -2.0),
            at(&cls, k - 2, -2.0),
            at(&cls, k + 2, -2.0),
            win_mean,
            win_max,
            win_good,
            ln(before[i]),
            ln(after[i]),
            f32::from(u8::from(!matches!(first_good, Some(g) if i >= g))),
            f32::from(u8::from(!matches!(last_good, Some(g) if i <= g))),
            ln(run[i]),
            ln(n as f32),
            ln(total_chars),
            good_share,
            max_ln,
            comments.0[i],
            comments.1[i],
            related.0[i],
            related.1[i],
            footer.0[i],
            footer.1[i],
        ]);
        char_pos += f.chars as f32;
    }
    rows
}

/// For each line, the distance to the nearest good line before it and after
/// it (`n` where there is none).
fn distances_to_good(good: &[bool]) -> (Vec<f32>, Vec<f32>) {
    let n = good.len();
    let mut before = vec![n as f32; n];
    let mut after = vec![n as f32; n];
    let mut last: Option<usize> = None;
    for i in 0..n {
        if let Some(l) = last {
            before[i] = (i - l) as f32;
        }
        if good[i] {
            last = Some(i);
        }
    }
    last = None;
    for i in (0..n).rev() {
        if let Some(l) = last {
            after[i] = (l - i) as f32;
        }
        if good[i] {
            last = Some(i);
        }
    }
    (before, after)
}

/// For each line, the length of the run of consecutive short lines (menus,
/// lists) it is in (0 for a long line).
fn short_runs(feats: &[Features]) -> Vec<f32> {
    let n = feats.len();
    let short: Vec<bool> = feats.iter().map(|f| f.chars < 60).collect();
    let mut run = vec![0f32; n];
    let mut i = 0;
    while i < n {
        if !short[i] {
            i += 1;
            continue;
        }
        let j = (i..n).find(|&j| !short[j]).unwrap_or(n);
        for r in run.iter_mut().take(j).skip(i) {
            *r = (j - i) as f32;
        }
        i = j;
    }
    run
}

/// Sections announced by a cue line ("Comments", "Related articles",
/// "© 2024 …"): what follows is usually the section, not the article. Only
/// headers count (cue lines of `kind` with at most `max_words` words): "Baca
/// juga: <headline>" inside an article links out without ending it, "Berita
/// Lainnya" starts a list. Returns, per line, ln(distance) since the last
/// header and until the next one (-1 where there is none).
fn section(raw: &[Class], feats: &[Features], kind: R, max_words: u32) -> (Vec<f32>, Vec<f32>) {
    let n = raw.len();
    let is = |i: usize| raw[i] == Class::Fixed(kind) && feats[i].words <= max_words;
    let mut since = vec![-1f32; n];
    let mut until = vec![-1f32; n];
    let mut last = None;
    for (i, s) in since.iter_mut().enumerate() {
        if let Some(l) = last {
            *s = ln((i - l) as f32);
        }
        if is(i) {
            last = Some(i);
        }
    }
    last = None;
    for (i, u) in until.iter_mut().enumerate().rev() {
        if let Some(l) = last {
            *u = ln((l - i) as f32);
        }
        if is(i) {
            last = Some(i);
        }
    }
    (since, until)
}
