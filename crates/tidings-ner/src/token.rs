//! Tokenisation: Unicode word boundaries (UAX #29, via unicode-segmentation),
//! adjusted to the tokenisation of the training corpora; runs of Thai, Lao,
//! Khmer and Myanmar letters, which UAX #29 cuts into single letters, split
//! into words by ICU4X's dictionary segmenter (feature `segmenter`).

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
        let first = out.len() == 1;
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
            if s == "." && last.end == t.start {
                // "U.S" + "." → "U.S."; an initial "J" + "." → "J.";
                // a list number at the start, "1" + "." → "1.".
                let abbreviation = prev.len() >= 3 && prev.contains('.');
                let initial = is_initial(prev);
                let numbering = first
                    && prev.len() <= 3
                    && prev.bytes().all(|b| b.is_ascii_digit())
                    && pieces.peek().is_some();
                if abbreviation || initial || numbering {
                    last.end = t.end;
                    continue;
                }
            }
            // A clock time, "14" ":" "06" → "14:06".
            if s == ":" && last.end == t.start && prev.bytes().all(|b| b.is_ascii_digit()) {
                if let Some(next) = pieces.peek().copied() {
                    let n = &text[next.start..next.end];
                    if next.start == t.end && n.len() == 2 && n.bytes().all(|b| b.is_ascii_digit())
                    {
                        last.end = next.end;
                        pieces.next();
                        continue;
                    }
                }
            }
            // A detached possessive, "Bitar 's" → "'" + "s" → "'s".
            if (prev == "'" || prev == "\u{2019}") && last.end == t.start && s == "s" {
                let boundary = pieces.peek().is_none_or(|n| n.start > t.end);
                if boundary {
                    last.end = t.end;
                    continue;
                }
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
    unspaced_words(text, out)
}

/// Scripts written without spaces between words, which UAX #29 cuts into
/// single letters: Thai, Lao, Myanmar, Khmer.
fn unspaced_script(c: char) -> bool {
    matches!(c, '\u{0E00}'..='\u{0EFF}' | '\u{1000}'..='\u{109F}' | '\u{1780}'..='\u{17FF}')
}

/// Runs of Thai (Lao, Khmer, Myanmar) letters, which UAX #29 cuts into
/// single letters, split into words by ICU4X's dictionary segmenter.
#[cfg(feature = "segmenter")]
fn unspaced_words(text: &str, tokens: Vec<Token>) -> Vec<Token> {
    use icu_segmenter::options::WordBreakInvariantOptions;
    use icu_segmenter::{WordSegmenter, WordSegmenterBorrowed};
    use std::sync::LazyLock;
    static WORDS: LazyLock<WordSegmenterBorrowed<'static>> =
        LazyLock::new(|| WordSegmenter::new_dictionary(WordBreakInvariantOptions::default()));
    let unspaced = |t: &Token| text[t.start..t.end].chars().all(unspaced_script);
    if !tokens.iter().any(unspaced) {
        return tokens;
    }
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        if !unspaced(&tokens[i]) {
            out.push(tokens[i]);
            i += 1;
            continue;
        }
        // The run: adjacent letters of these scripts.
        let start = tokens[i].start;
        let mut end = tokens[i].end;
        i += 1;
        while i < tokens.len() && tokens[i].start == end && unspaced(&tokens[i]) {
            end = tokens[i].end;
            i += 1;
        }
        let mut at = start;
        for cut in WORDS.segment_str(&text[start..end]).filter(|&b| b > 0) {
            out.push(Token {
                start: at,
                end: start + cut,
            });
            at = start + cut;
        }
        if at < end {
            out.push(Token { start: at, end });
        }
    }
    out
}

#[cfg(not(feature = "segmenter"))]
fn unspaced_words(_text: &str, tokens: Vec<Token>) -> Vec<Token> {
    let _ = unspaced_script;
    tokens
}

/// One capital letter: an initial when a period follows ("Donald J. Trump").
pub(crate) fn is_initial(word: &str) -> bool {
    let mut c = word.chars();
    c.next().is_some_and(char::is_uppercase) && c.next().is_none()
}

/// Abbreviations (lowercased, without the period) after which a period does
/// not end a sentence: titles, ranks, months, "No.", "vs.".
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "st",
    "jr", "sr", "mt", "ft", "inc", "corp", "co", "ltd", "no", "vs", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "rev", "hon", "pres", "messrs", "bpk",
    "dra", "drs", "ir", "kh", "hj",
];

/// Whether a sentence that ends with `body` (trimmed) may continue past its
/// final period: it ends with an initial, an abbreviation (`U.S.`, `Mr.`), or
/// it is only a list number (`1.`).
fn ends_unfinished(body: &str) -> bool {
    let Some(stem) = body.strip_suffix('.') else {
        return false;
    };
    let last = stem
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .next()
        .unwrap_or(stem);
    if last.is_empty() {
        return false;
    }
    let only = last.len() == stem.len();
    is_initial(last)
        || last.contains('.')
        || ABBREVIATIONS.contains(&last.to_lowercase().as_str())
        || (only && last.len() <= 3 && last.bytes().all(|b| b.is_ascii_digit()))
}

/// Splits a paragraph into sentences (UAX #29 sentence boundaries): **byte**
/// ranges into `text`, trimmed of surrounding whitespace; blank ones dropped.
/// A boundary after an initial, an abbreviation or a list number is not one,
/// nor is one before a lowercase word or a closing bracket.
///
/// ```
/// let text = "Donald J. Trump met Mr. Kim. They talked.";
/// let s: Vec<&str> = tidings_ner::sentences(text).iter().map(|&(a, b)| &text[a..b]).collect();
/// assert_eq!(s, ["Donald J. Trump met Mr. Kim.", "They talked."]);
/// ```
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (i, s) in text.split_sentence_bound_indices() {
        let lead = s.len() - s.trim_start().len();
        let body = s.trim();
        if body.is_empty() {
            continue;
        }
        let (a, b) = (i + lead, i + lead + body.len());
        if let Some(last) = out.last_mut() {
            let continues = body
                .chars()
                .next()
                .is_some_and(|c| c.is_lowercase() || matches!(c, ')' | ']' | ',' | ';'));
            if continues || ends_unfinished(&text[last.0..last.1]) {
                last.1 = b;
                continue;
            }
        }
        out.push((a, b));
    }
    out
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
    /// Name-word mark (see `Resources::mark_name_words`): 0 none, 1 begins
    /// a name word, 2 inside one, 3 a name word after prefix letters or
    /// before a particle.
    pub(crate) nw: u8,
    /// Word cluster code (see `Resources::cluster`; 0 none).
    pub(crate) cluster: u32,
    /// Capitalised word whose lowercase form is a common lowercase word.
    pub(crate) common_lower: bool,
    /// Document code (see `DocStats::code`), plus 4 when the sentence is in capitals.
    pub(crate) doc: u8,
    /// The sentence's casing is uninformative and it is read lowercased
    /// (feature set 3).
    pub(crate) caseless: bool,
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

    #[cfg(feature = "segmenter")]
    #[test]
    fn thai_runs_split_into_words() {
        // "North Korean leader Kim Jong Un met Xi Jinping in Beijing": one run
        // for UAX #29; the dictionary finds Beijing (ปักกิ่ง) and North
        // Korea (เกาหลีเหนือ) as words.
        let text = "ผู้นำเกาหลีเหนือคิมจองอึนพบกับสีจิ้นผิงที่ปักกิ่ง";
        let w = words(text);
        assert!(w.len() >= 6, "{w:?}");
        assert!(w.contains(&"ปักกิ่ง"), "{w:?}");
        assert!(w.contains(&"เกาหลีเหนือ"), "{w:?}");
        assert_eq!(w.concat(), text);
        // Latin text around it is tokenised as before.
        assert_eq!(words("Bangkok กรุงเทพมหานคร ok")[0], "Bangkok");
        assert_eq!(words("Bangkok กรุงเทพมหานคร ok").last(), Some(&"ok"));
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

    #[test]
    fn initials_abbreviations_and_list_numbers_stay_inside_a_sentence() {
        let text = "Donald J. Trump met Mr. Kim in the U.S. on Friday. 1. Jim Moran ( U.S. ) 23.25";
        let s: Vec<&str> = sentences(text).iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(
            s,
            [
                "Donald J. Trump met Mr. Kim in the U.S. on Friday.",
                "1. Jim Moran ( U.S. ) 23.25"
            ]
        );
    }

    #[test]
    fn initials_times_list_numbers_and_detached_possessives_are_one_token() {
        assert_eq!(
            words("Donald J. Trump arrived at 14:06 ."),
            ["Donald", "J.", "Trump", "arrived", "at", "14:06", "."]
        );
        assert_eq!(words("1. Jim Moran"), ["1.", "Jim", "Moran"]);
        assert_eq!(words("in 1996."), ["in", "1996", "."]);
        assert_eq!(words("Bitar 's goal"), ["Bitar", "'s", "goal"]);
        assert_eq!(
            words("the players ' status"),
            ["the", "players", "'", "status"]
        );
    }
}
