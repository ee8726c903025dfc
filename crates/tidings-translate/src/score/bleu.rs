//! Corpus BLEU as sacreBLEU 2.x computes it by default: the `13a` tokenizer,
//! n-grams up to 4, one reference per segment, `exp` smoothing, brevity penalty.

use std::collections::HashMap;

const MAX_ORDER: usize = 4;

/// Sufficient statistics of corpus BLEU (they add up over segments).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BleuStats {
    /// Clipped n-gram matches, orders 1..=4.
    pub correct: [u64; MAX_ORDER],
    /// Hypothesis n-grams, orders 1..=4.
    pub total: [u64; MAX_ORDER],
    /// Hypothesis length in tokens.
    pub sys_len: u64,
    /// Reference length in tokens.
    pub ref_len: u64,
}

impl BleuStats {
    /// Statistics of one segment (both sides are tokenized with `13a` here).
    pub fn segment(hypothesis: &str, reference: &str) -> BleuStats {
        let hyp = tokenize_13a(hypothesis.trim_end());
        let refr = tokenize_13a(reference.trim_end());
        let hyp: Vec<&str> = hyp.split(' ').filter(|t| !t.is_empty()).collect();
        let refr: Vec<&str> = refr.split(' ').filter(|t| !t.is_empty()).collect();
        let mut stats = BleuStats {
            sys_len: hyp.len() as u64,
            ref_len: refr.len() as u64,
            ..Default::default()
        };
        for n in 1..=MAX_ORDER {
            let ref_counts = ngram_counts(&refr, n);
            let hyp_counts = ngram_counts(&hyp, n);
            for (gram, count) in hyp_counts {
                let r = ref_counts.get(&gram).copied().unwrap_or(0);
                stats.correct[n - 1] += count.min(r);
            }
            stats.total[n - 1] += hyp.len().saturating_sub(n - 1) as u64;
        }
        stats
    }

    /// Adds another segment's statistics.
    pub fn add(&mut self, other: &BleuStats) {
        for n in 0..MAX_ORDER {
            self.correct[n] += other.correct[n];
            self.total[n] += other.total[n];
        }
        self.sys_len += other.sys_len;
        self.ref_len += other.ref_len;
    }

    /// The BLEU score (0–100) of these statistics.
    pub fn score(&self) -> f64 {
        // sacreBLEU: no matches at all is 0 (early stop, sacrebleu#141).
        if self.sys_len == 0 || self.correct.iter().all(|&c| c == 0) {
            return 0.0;
        }
        let mut precisions = [0.0f64; MAX_ORDER];
        let mut smooth = 1.0f64;
        for (p, (&correct, &total)) in precisions
            .iter_mut()
            .zip(self.correct.iter().zip(&self.total))
        {
            if total == 0 {
                break;
            }
            if correct == 0 {
                smooth *= 2.0;
                *p = 100.0 / (smooth * total as f64);
            } else {
                *p = 100.0 * correct as f64 / total as f64;
            }
        }
        let bp = if self.sys_len < self.ref_len {
            (1.0 - self.ref_len as f64 / self.sys_len as f64).exp()
        } else {
            1.0
        };
        let log_sum: f64 = precisions
            .iter()
            .map(|&p| if p == 0.0 { -9_999_999_999.0 } else { p.ln() })
            .sum();
        bp * (log_sum / MAX_ORDER as f64).exp()
    }
}

fn ngram_counts<'a>(tokens: &[&'a str], n: usize) -> HashMap<Vec<&'a str>, u64> {
    let mut counts = HashMap::new();
    if tokens.len() >= n {
        for w in tokens.windows(n) {
            *counts.entry(w.to_vec()).or_insert(0) += 1;
        }
    }
    counts
}

/// Corpus BLEU of `hypotheses` against one reference each (sacreBLEU's default
/// `13a` tokenization, `exp` smoothing). Extra lines on either side are ignored;
/// callers should check that the lengths match.
pub fn corpus_bleu<H: AsRef<str>, R: AsRef<str>>(hypotheses: &[H], references: &[R]) -> f64 {
    let mut stats = BleuStats::default();
    for (h, r) in hypotheses.iter().zip(references) {
        stats.add(&BleuStats::segment(h.as_ref(), r.as_ref()));
    }
    stats.score()
}

fn is_13a_punct(c: char) -> bool {
    // sacreBLEU: [\{-\~\[-\` -\&\(-\+\:-\@\/]
    matches!(c, '{'..='~' | '['..='`' | ' '..='&' | '('..='+' | ':'..='@' | '/')
}

/// sacreBLEU's `13a` tokenizer (mteval-v13a): returns space-separated tokens.
pub fn tokenize_13a(line: &str) -> String {
    let mut line = line
        .replace("<skipped>", "")
        .replace("-\n", "")
        .replace('\n', " ");
    if line.contains('&') {
        line = line
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">");
    }
    let line = format!(" {line} ");
    // 1. punctuation except apostrophe, period, comma, dash
    let mut s = String::with_capacity(line.len() * 2);
    for c in line.chars() {
        if is_13a_punct(c) {
            s.push(' ');
            s.push(c);
            s.push(' ');
        } else {
            s.push(c);
        }
    }
    // 2. period and comma unless preceded by a digit: ([^0-9])([\.,]) -> "\1 \2 "
    let s = sub_pairs(
        &s,
        |a, b| !a.is_ascii_digit() && matches!(b, '.' | ','),
        |a, b, out| {
            out.push(a);
            out.push(' ');
            out.push(b);
            out.push(' ');
        },
    );
    // 3. period and comma unless followed by a digit: ([\.,])([^0-9]) -> " \1 \2"
    let s = sub_pairs(
        &s,
        |a, b| matches!(a, '.' | ',') && !b.is_ascii_digit(),
        |a, b, out| {
            out.push(' ');
            out.push(a);
            out.push(' ');
            out.push(b);
        },
    );
    // 4. dash when preceded by a digit: ([0-9])(-) -> "\1 \2 "
    let s = sub_pairs(
        &s,
        |a, b| a.is_ascii_digit() && b == '-',
        |a, b, out| {
            out.push(a);
            out.push(' ');
            out.push(b);
            out.push(' ');
        },
    );
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `re.sub` for a two-character pattern: leftmost, non-overlapping matches.
fn sub_pairs(
    s: &str,
    is_match: impl Fn(char, char) -> bool,
    replace: impl Fn(char, char, &mut String),
) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 16);
    let mut i = 0;
    while i < chars.len() {
        if i + 1 < chars.len() && is_match(chars[i], chars[i + 1]) {
            replace(chars[i], chars[i + 1], &mut out);
            i += 2;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizer_13a_splits_punctuation_but_not_numbers() {
        assert_eq!(
            tokenize_13a("Hello, world! It costs $3,000.50 (approx.)."),
            "Hello , world ! It costs $ 3,000.50 ( approx . ) ."
        );
        assert_eq!(tokenize_13a("1990-2000 don't"), "1990 - 2000 don't");
        assert_eq!(tokenize_13a("a &amp; b"), "a & b");
    }

    #[test]
    fn identical_corpus_scores_100_and_disjoint_scores_0() {
        let refs = ["the cat sat on the mat .", "a dog barked loudly at night"];
        assert!((corpus_bleu(&refs, &refs) - 100.0).abs() < 1e-9);
        let hyps = ["zz yy xx ww vv uu", "qq rr ss tt"];
        assert_eq!(corpus_bleu(&hyps, &refs), 0.0);
    }

    #[test]
    fn brevity_penalty_lowers_short_hypotheses() {
        let refs = ["the cat sat on the mat today"];
        let full = corpus_bleu(&["the cat sat on the mat today"], &refs);
        let short = corpus_bleu(&["the cat sat on the mat"], &refs);
        assert!(short < full);
        // All n-grams of the short hypothesis match: the score is exactly the penalty.
        assert!((short - 100.0 * (1.0f64 - 7.0 / 6.0).exp()).abs() < 1e-9);
    }
}
