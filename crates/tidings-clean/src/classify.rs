//! jusText's block classifier, with cue phrases and link density: each block
//! (a line of plain text, or a text block of a page) is first classified on
//! its own as good / near-good / short / bad, then short and near-good blocks
//! take the class of their neighbours (context smoothing).

use tidings_core::BoilerplateReason as R;

use crate::cues;
use crate::stopwords::StopList;

/// Thresholds of the classifier (jusText's defaults, re-tuned on the benchmarks).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Thresholds {
    /// Blocks shorter than this (chars) are "short".
    pub length_low: u32,
    /// Blocks at least this long with high stopword density are "good".
    pub length_high: u32,
    /// Stopword density at or above which a block is near-good.
    pub stopwords_low: f32,
    /// Stopword density at or above which a block is good (when long).
    pub stopwords_high: f32,
    /// Link density above which a block is bad.
    pub max_link_density: f32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            length_low: 70,
            length_high: 200,
            stopwords_low: 0.20,
            stopwords_high: 0.25,
            max_link_density: 0.2,
        }
    }
}

/// The class of a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Good,
    NearGood,
    Short,
    /// Boilerplate by density or length (reason `LowTextDensity` unless a cue said more).
    Bad(R),
    /// Boilerplate by a cue phrase or markup: never revised by context.
    Fixed(R),
}

impl Class {
    pub(crate) fn is_good(self) -> bool {
        matches!(self, Class::Good)
    }
}

/// Per-block features the classifier reads.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Features {
    pub chars: u32,
    pub words: u32,
    pub stops: u32,
    /// `false` for scripts without spaces (no stopword density).
    pub spaced: bool,
    pub link_chars: u32,
}

impl Features {
    pub(crate) fn of(text: &str, stop: &StopList, link_chars: u32, chars: u32) -> Features {
        let (words, stops, spaced) = match stop.density(text) {
            Some((w, s)) => (w, s, true),
            None => (chars / 2, 0, false),
        };
        Features {
            chars,
            words,
            stops,
            spaced,
            link_chars,
        }
    }

    /// The length that says whether a block is short: its characters, each
    /// counting three in a script without spaces, where a character carries
    /// about what three do in one with them.
    pub(crate) fn weighted_chars(&self) -> u32 {
        if self.spaced {
            self.chars
        } else {
            self.chars * 3
        }
    }

    pub(crate) fn link_density(&self) -> f32 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f32 / self.chars as f32
        }
    }

    pub(crate) fn stop_density(&self) -> f32 {
        if self.words == 0 {
            0.0
        } else {
            self.stops as f32 / self.words as f32
        }
    }
}

/// Classifies one block on its own.
pub(crate) fn classify_one(text: &str, f: &Features, t: &Thresholds) -> Class {
    if let Some(r) = cues::cue(text, f.words) {
        return Class::Fixed(r);
    }
    let ld = f.link_density();
    if ld > t.max_link_density && f.chars < 300 {
        return Class::Bad(R::Navigation);
    }
    // Unspaced scripts: characters carry more; sentence punctuation marks prose.
    let chars = f.weighted_chars();
    let sd = if f.spaced {
        f.stop_density()
    } else {
        let prose = text.contains(['。', '，', '、', '！', '？', ',', '.']);
        if prose {
            0.4
        } else {
            0.1
        }
    };
    if chars < t.length_low {
        return if f.link_chars > 0 {
            Class::Bad(R::Navigation)
        } else {
            Class::Short
        };
    }
    if sd >= t.stopwords_high {
        return if chars > t.length_high {
            Class::Good
        } else {
            Class::NearGood
        };
    }
    if sd >= t.stopwords_low {
        return Class::NearGood;
    }
    Class::Bad(R::LowTextDensity)
}

/// For every block, the class of the nearest block before and after it that is
/// good or bad (and near-good unless `ignore_neargood`); `Bad` past the ends.
/// Linear time, so long runs of short lines cost nothing extra.
fn neighbours(classes: &[Class], ignore_neargood: bool) -> (Vec<Class>, Vec<Class>) {
    let edge = Class::Bad(R::LowTextDensity);
    let accept = |c: Class| match c {
        Class::Good => Some(Class::Good),
        Class::Bad(r) | Class::Fixed(r) => Some(Class::Bad(r)),
        Class::NearGood if !ignore_neargood => Some(Class::NearGood),
        _ => None,
    };
    let n = classes.len();
    let mut prev = vec![edge; n];
    let mut next = vec![edge; n];
    let mut last = edge;
    for i in 0..n {
        prev[i] = last;
        if let Some(c) = accept(classes[i]) {
            last = c;
        }
    }
    last = edge;
    for i in (0..n).rev() {
        next[i] = last;
        if let Some(c) = accept(classes[i]) {
            last = c;
        }
    }
    (prev, next)
}

/// jusText's context-sensitive pass: short and near-good blocks take the
/// class their neighbours suggest. Headings near good text are kept.
pub(crate) fn smooth(classes: &mut [Class], headings: &[bool]) {
    let initial = classes.to_vec();
    let (p_gb, n_gb) = neighbours(&initial, true);
    let (p_all, n_all) = neighbours(&initial, false);
    // Short blocks.
    for i in 0..classes.len() {
        if initial[i] != Class::Short {
            continue;
        }
        classes[i] = match (p_gb[i], n_gb[i]) {
            (Class::Good, Class::Good) => Class::Good,
            (Class::Bad(_), Class::Bad(_)) => Class::Bad(R::LowTextDensity),
            _ => {
                if p_all[i] == Class::NearGood || n_all[i] == Class::NearGood {
                    Class::Good
                } else {
                    Class::Bad(R::LowTextDensity)
                }
            }
        };
    }
    // Near-good blocks.
    let after_short = classes.to_vec();
    let (p_gb, n_gb) = neighbours(&after_short, true);
    for i in 0..classes.len() {
        if after_short[i] != Class::NearGood {
            continue;
        }
        classes[i] = match (p_gb[i], n_gb[i]) {
            (Class::Bad(_), Class::Bad(_)) => Class::Bad(R::LowTextDensity),
            _ => Class::Good,
        };
    }
    // Headings: a short heading directly followed (within 2 blocks) by good text is kept.
    for i in 0..classes.len() {
        if headings.get(i).copied().unwrap_or(false)
            && matches!(classes[i], Class::Bad(R::LowTextDensity))
            && classes[i + 1..].iter().take(2).any(|c| c.is_good())
        {
            classes[i] = Class::Good;
        }
    }
}
