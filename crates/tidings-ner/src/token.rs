//! Tokenisation: Unicode word boundaries (UAX #29, via unicode-segmentation),
//! adjusted to the tokenisation of the training corpora.

use unicode_segmentation::UnicodeSegmentation;

/// A token of a text: `start..end` are **byte** offsets into the text that was
/// tokenised, so `&text[t.start..t.end]` is the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the token's first byte.
    pub start: usize,
    /// Byte offset just past the token.
    pub end: usize,
}

fn is_hyphen(s: &str) -> bool {
    matches!(s, "-" | "\u{2010}" | "\u{2011}")
}

fn wordish(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_alphanumeric)
}

/// Splits `text` into tokens (whitespace is dropped).
///
/// On top of UAX #29 word boundaries, like CoNLL-2003 and the MasakhaNER
/// transfer corpus: hyphenated words stay one token (`Jong-un`, `DPRK-US`),
/// an abbreviation keeps its final period (`U.S.`), and the possessive `'s`
/// is its own token (`China` `’s`).
///
/// ```
/// let text = "Kim Jong-un met China’s envoy in the U.S. today.";
/// let words: Vec<&str> = tidings_ner::tokenize(text).iter().map(|t| &text[t.start..t.end]).collect();
/// assert_eq!(words, ["Kim", "Jong-un", "met", "China", "’s", "envoy", "in", "the", "U.S.", "today", "."]);
/// ```
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut pieces = text
        .split_word_bound_indices()
        .filter(|(_, s)| !s.chars().all(char::is_whitespace))
        .map(|(i, s)| Token {
            start: i,
            end: i + s.len(),
        })
        .peekable();
    while let Some(t) = pieces.next() {
        let s = &text[t.start..t.end];
        if let Some(last) = out.last_mut() {
            let prev = &text[last.start..last.end];
            // word-hyphen-word glued together: one token.
            if is_hyphen(s) && last.end == t.start && wordish(prev) {
                if let Some(next) = pieces.peek().copied() {
                    if next.start == t.end && wordish(&text[next.start..next.end]) {
                        last.end = next.end;
                        pieces.next();
                        continue;
                    }
                }
            }
            // "U.S" + "." → "U.S."
            if s == "." && last.end == t.start && prev.len() >= 3 && prev.contains('.') {
                last.end = t.end;
                continue;
            }
        }
        // Possessive 's / ’s split off.
        let lower_s = s.ends_with("'s") || s.ends_with("\u{2019}s");
        if lower_s && s.chars().count() > 2 {
            let cut = s.len() - if s.ends_with("'s") { 2 } else { 4 };
            out.push(Token {
                start: t.start,
                end: t.start + cut,
            });
            out.push(Token {
                start: t.start + cut,
                end: t.end,
            });
            continue;
        }
        out.push(t);
    }
    out
}

/// Splits a paragraph into sentences (UAX #29 sentence boundaries), as byte
/// ranges into `text`, trimmed of surrounding whitespace; blank ones dropped.
pub(crate) fn sentences(text: &str) -> Vec<(usize, usize)> {
    text.split_sentence_bound_indices()
        .filter_map(|(i, s)| {
            let lead = s.len() - s.trim_start().len();
            let body = s.trim();
            (!body.is_empty()).then(|| (i + lead, i + lead + body.len()))
        })
        .collect()
}

/// Per-token facts the feature templates read (filled by
/// `features::token_infos`, marked by [`crate::resources::Resources`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct TokInfo {
    pub(crate) lower: String,
    pub(crate) shape: String,
    pub(crate) short: String,
    /// Gazetteer mark: 0 none, 1 begins a match, 2 inside a match.
    pub(crate) gaz: u8,
    /// Known-entity mark: type bits, 16 first token, 32 inside (0 none).
    pub(crate) ent: u8,
    /// Capitalised word whose lowercase form is a common lowercase word.
    pub(crate) common_lower: bool,
    /// Document code (see `DocStats::code`), plus 4 when the sentence is in capitals.
    pub(crate) doc: u8,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text)
            .iter()
            .map(|t| &text[t.start..t.end])
            .collect()
    }

    #[test]
    fn offsets_are_bytes_and_exact_on_non_ascii() {
        let text = "  Łódź — 北京市 Müller's «Zürich»\n Jong-un";
        for t in tokenize(text) {
            assert!(!text[t.start..t.end].trim().is_empty());
            assert_eq!(text[t.start..t.end].trim(), &text[t.start..t.end]);
        }
        assert_eq!(words(text)[..2], ["Łódź", "—"]);
        assert!(words(text).contains(&"Müller"));
        assert!(words(text).contains(&"'s"));
        assert_eq!(words(text).last(), Some(&"Jong-un"));
    }

    #[test]
    fn dangling_hyphens_stay_separate() {
        assert_eq!(
            words("pre- and post-war -x"),
            ["pre", "-", "and", "post-war", "-", "x"]
        );
    }

    #[test]
    fn sentences_cover_the_text() {
        let text = "Kim met Xi. They talked!  Then left";
        let s: Vec<&str> = sentences(text).iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(s, ["Kim met Xi.", "They talked!", "Then left"]);
    }
}
