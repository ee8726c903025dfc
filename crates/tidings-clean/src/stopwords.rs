//! Stopword lists for jusText-style density, per whatlang language.
//!
//! Lists come from the `stop-words` crate (stopwords-iso merged with NLTK's):
//! 62 of the 70 languages whatlang detects have one (Norwegian Bokmål uses the
//! Norwegian list, Serbian the Croatian one when written in Latin script). For
//! the rest (Amharic, Georgian, Khmer, Burmese…) a document's own most
//! frequent short words stand in — stopwords are, after all, the most frequent
//! words of a language. Scripts written without spaces (Chinese, Japanese,
//! Thai…) have no word tokens to count; [`StopList::density`] returns `None`
//! for them and the classifiers fall back on length and punctuation.

use std::collections::HashMap;

use tidings_core::stopwords::{self as bundled, FastSet};
use tidings_core::LanguageCode;

/// The stopwords of one language (or of one document, when derived).
#[derive(Debug, Clone)]
pub struct StopList {
    words: Words,
    /// The language is written without spaces between words.
    unspaced: bool,
}

#[derive(Debug, Clone)]
enum Words {
    Bundled(&'static FastSet<&'static str>),
    Derived(FastSet<String>),
}

/// Whether a bundled list exists for `lang`.
pub(crate) fn has_list(lang: LanguageCode) -> bool {
    bundled::bundled(lang).is_some()
}

impl StopList {
    /// The list for `lang`, or one derived from `sample` (the document) when
    /// no list is bundled.
    pub fn new(lang: Option<LanguageCode>, sample: &str) -> StopList {
        let unspaced = lang.is_some_and(bundled::is_unspaced);
        if let Some(words) = lang.and_then(bundled::bundled) {
            return StopList {
                words: Words::Bundled(words),
                unspaced,
            };
        }
        StopList {
            words: Words::Derived(derive(sample)),
            unspaced,
        }
    }

    /// True when `word` (lower-case) is a stopword.
    pub fn contains(&self, word: &str) -> bool {
        match &self.words {
            Words::Bundled(w) => w.contains(word),
            Words::Derived(w) => w.contains(word),
        }
    }

    /// `(words, stopwords)` in `text`, or `None` for unspaced scripts.
    pub fn density(&self, text: &str) -> Option<(u32, u32)> {
        if self.unspaced {
            return None;
        }
        Some(bundled::count(text, |w| self.contains(w)))
    }
}

/// The 40 most frequent words of a sample, as a stand-in stopword list.
fn derive(sample: &str) -> FastSet<String> {
    let mut counts: HashMap<String, u32> = HashMap::new();
    for tok in sample
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty() && !t.chars().all(|c| c.is_numeric()))
        .take(200_000)
    {
        *counts.entry(tok.to_lowercase()).or_default() += 1;
    }
    let mut v: Vec<(String, u32)> = counts.into_iter().filter(|(_, n)| *n >= 3).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.into_iter().take(40).map(|(w, _)| w).collect()
}

/// Detects the language of `text` cheaply (at most 2 KiB of it: plenty for
/// whatlang to be confident, and it keeps detection off the profile).
pub fn detect(text: &str) -> Option<LanguageCode> {
    whatlang::detect_lang(tidings_core::prefix_at_char_boundary(text, 1024))
        .and_then(|l| LanguageCode::from_iso639_3(l.code()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn density_counts_stopwords() {
        let s = StopList::new(LanguageCode::parse("id"), "");
        let (w, st) = s
            .density("Kim bertemu dengan delegasi Rusia pada Rabu")
            .unwrap();
        assert_eq!(w, 7);
        assert!(st >= 2, "{st}");
    }

    #[test]
    fn derived_list_for_languages_without_one() {
        let text = "ka kb ka kc ka kb kd ka kb ke ka kb";
        let s = StopList::new(None, text);
        assert!(s.contains("ka") && s.contains("kb") && !s.contains("ke"));
    }
}
