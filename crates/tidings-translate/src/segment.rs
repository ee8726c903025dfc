//! Cutting content into translatable units and packing them into batches.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// A piece of source text translated in one model call: a sentence, or a part
/// of a sentence too long for the model. Offsets are bytes into the text the
/// unit was cut from (`Document::content`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unit {
    pub span: Range<usize>,
    pub tokens: usize,
}

/// The sentences of `text[range]` (unicode-segmentation sentence bounds),
/// trimmed, empty ones dropped. Offsets are bytes into `text`.
pub(crate) fn sentences(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let Some(slice) = text.get(range.clone()) else {
        return Vec::new();
    };
    slice
        .split_sentence_bound_indices()
        .filter_map(|(i, s)| {
            trim_span(s).map(|r| range.start + i + r.start..range.start + i + r.end)
        })
        .collect()
}

fn trim_span(s: &str) -> Option<Range<usize>> {
    let start = s.len() - s.trim_start().len();
    let end = s.trim_end().len();
    (start < end).then_some(start..end)
}

/// Cuts `text[span]` into pieces of at most `max_tokens` tokens (as counted by
/// `count`), at word boundaries, or at character boundaries inside a word that
/// is longer than the limit on its own. Nothing is dropped: the pieces cover
/// every non-space character of the span.
pub(crate) fn split_long(
    text: &str,
    span: Range<usize>,
    max_tokens: usize,
    count: &dyn Fn(&str) -> usize,
) -> Vec<Unit> {
    let whole = &text[span.clone()];
    let n = count(whole);
    if n <= max_tokens {
        return vec![Unit { span, tokens: n }];
    }
    // Words with their byte spans (absolute).
    let words: Vec<Range<usize>> = whole
        .split_word_bound_indices()
        .filter(|(_, w)| !w.trim().is_empty())
        .map(|(i, w)| span.start + i..span.start + i + w.len())
        .collect();
    let mut out = Vec::new();
    let mut cur: Option<Range<usize>> = None;
    for w in words {
        let candidate = match &cur {
            Some(c) => c.start..w.end,
            None => w.clone(),
        };
        let t = count(&text[candidate.clone()]);
        if t <= max_tokens {
            cur = Some(candidate);
            continue;
        }
        if let Some(c) = cur.take() {
            let tokens = count(&text[c.clone()]);
            out.push(Unit { span: c, tokens });
        }
        let t = count(&text[w.clone()]);
        if t <= max_tokens {
            cur = Some(w);
        } else {
            out.extend(split_chars(text, w, max_tokens, count));
        }
    }
    if let Some(c) = cur {
        let tokens = count(&text[c.clone()]);
        out.push(Unit { span: c, tokens });
    }
    out
}

fn split_chars(
    text: &str,
    span: Range<usize>,
    max_tokens: usize,
    count: &dyn Fn(&str) -> usize,
) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut start = span.start;
    let mut last_ok: Option<usize> = None;
    for (i, c) in text[span.clone()].char_indices() {
        let end = span.start + i + c.len_utf8();
        if count(&text[start..end]) <= max_tokens {
            last_ok = Some(end);
            continue;
        }
        let cut = last_ok.unwrap_or(end); // one character is always a unit
        out.push(Unit {
            span: start..cut,
            tokens: count(&text[start..cut]),
        });
        start = cut;
        last_ok = (cut < end).then_some(end);
    }
    if start < span.end {
        out.push(Unit {
            span: start..span.end,
            tokens: count(&text[start..span.end]),
        });
    }
    out
}

/// Packs units (indices into `units`, in order) into batches whose padded size
/// (`longest × count`) stays within `budget` tokens. A unit larger than the
/// budget on its own gets a batch of its own.
pub(crate) fn pack(tokens: &[usize], budget: usize) -> Vec<Range<usize>> {
    let mut batches = Vec::new();
    let mut start = 0;
    let mut longest = 0;
    for (i, &t) in tokens.iter().enumerate() {
        let new_longest = longest.max(t);
        if i > start && new_longest * (i - start + 1) > budget {
            batches.push(start..i);
            start = i;
            longest = t;
        } else {
            longest = new_longest;
        }
    }
    if start < tokens.len() {
        batches.push(start..tokens.len());
    }
    batches
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> usize {
        s.split_whitespace().count()
    }

    #[test]
    fn sentences_have_byte_offsets_into_the_text() {
        let text = "Intro.\nKorea Utara meluncurkan rudal. Presiden bertemu menteri!  ";
        let sents = sentences(text, 7..text.len());
        let got: Vec<&str> = sents.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(
            got,
            [
                "Korea Utara meluncurkan rudal.",
                "Presiden bertemu menteri!"
            ]
        );
    }

    #[test]
    fn long_sentences_are_split_without_losing_words() {
        let text = "satu dua tiga empat lima enam tujuh delapan sembilan sepuluh";
        let units = split_long(text, 0..text.len(), 3, &words);
        assert!(units.iter().all(|u| u.tokens <= 3));
        let joined: Vec<&str> = units.iter().map(|u| &text[u.span.clone()]).collect();
        assert_eq!(joined.join(" "), text);
    }

    #[test]
    fn an_overlong_word_is_split_by_characters() {
        let text = "abcdefghij";
        let units = split_long(text, 0..10, 3, &|s: &str| s.chars().count());
        let parts: Vec<&str> = units.iter().map(|u| &text[u.span.clone()]).collect();
        assert_eq!(parts, ["abc", "def", "ghi", "j"]);
    }

    #[test]
    fn batches_respect_the_padded_token_budget() {
        let tokens = [5, 5, 5, 20, 1, 1, 50];
        let batches = pack(&tokens, 20);
        assert_eq!(batches, [0..3, 3..4, 4..6, 6..7]);
        for b in &batches {
            let longest = tokens[b.clone()].iter().max().copied().unwrap_or(0);
            assert!(longest * b.len() <= 20 || b.len() == 1);
        }
        // Every unit is in exactly one batch, in order.
        let flat: Vec<usize> = batches.into_iter().flatten().collect();
        assert_eq!(flat, (0..tokens.len()).collect::<Vec<_>>());
    }
}
