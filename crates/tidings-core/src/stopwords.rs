//! Bundled stop-word lists, per language, shared by the stages that read them
//! (`clean` for its block density, `lang` to confirm a paragraph's language).
//!
//! Lists come from the `stop-words` crate (stopwords-iso merged with NLTK's):
//! 62 of the 70 languages whatlang detects have one (Norwegian Bokmål uses the
//! Norwegian list, Serbian the Croatian one when written in Latin script).
//! Scripts written without spaces (Chinese, Japanese, Thai…) have no word
//! tokens to count: [`is_unspaced`] tells them apart.
//!
//! ```
//! use tidings_core::{stopwords, LanguageCode};
//!
//! let id = stopwords::bundled(LanguageCode::parse("id").unwrap()).unwrap();
//! let (words, stops) = stopwords::count("Kim bertemu dengan delegasi Rusia pada Rabu", |w| id.contains(w));
//! assert_eq!(words, 7);
//! assert!(stops >= 2);
//! ```

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use crate::LanguageCode;

/// FNV-1a: stop-word lookups hash millions of short words; SipHash's DoS
/// resistance buys nothing for a fixed, bundled word list.
#[derive(Debug, Default, Clone, Copy)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A hash set keyed with [`Fnv`].
pub type FastSet<T> = HashSet<T, BuildHasherDefault<Fnv>>;

/// A hash map keyed with [`Fnv`]: for short keys (words, lines, small
/// tuples) hashed per block or per line, where SipHash is a visible cost.
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

fn lists() -> &'static HashMap<LanguageCode, FastSet<&'static str>> {
    static L: OnceLock<HashMap<LanguageCode, FastSet<&'static str>>> = OnceLock::new();
    L.get_or_init(|| {
        let mut m = HashMap::new();
        for lang in LanguageCode::all() {
            let code = match lang.iso639_3() {
                "nob" => Some("no"),
                "srp" => Some("hr"),
                _ => lang.iso639_1(),
            };
            if let Some(words) = code.and_then(stop_words::lookup) {
                m.insert(lang, words.iter().copied().collect());
            }
        }
        m
    })
}

/// The bundled list of `lang` (lower-case words), if there is one.
pub fn bundled(lang: LanguageCode) -> Option<&'static FastSet<&'static str>> {
    lists().get(&lang)
}

/// Whether `lang` is written without spaces between words.
pub fn is_unspaced(lang: LanguageCode) -> bool {
    matches!(lang.iso639_3(), "cmn" | "jpn" | "tha" | "khm" | "mya")
}

/// `(words, stop words)` in `text`: words are runs of letters and digits
/// (apostrophes inside them kept), lower-cased before `is_stop` sees them.
pub fn count(text: &str, is_stop: impl Fn(&str) -> bool) -> (u32, u32) {
    let mut words = 0;
    let mut stops = 0;
    let mut buf = String::new();
    for tok in text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’') {
        let tok = tok.trim_matches(|c| c == '\'' || c == '’');
        if tok.is_empty() {
            continue;
        }
        words += 1;
        let lower: &str = if tok.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
            buf.clear();
            for c in tok.chars() {
                buf.extend(c.to_lowercase());
            }
            &buf
        } else {
            tok
        };
        if is_stop(lower) {
            stops += 1;
        }
    }
    (words, stops)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_whatlang_languages_have_a_list() {
        let with = LanguageCode::all()
            .filter(|l| bundled(*l).is_some())
            .count();
        assert!(with >= 50, "only {with} lists");
        for l in ["en", "id", "de", "fr", "es", "pt", "ru", "zh", "no"] {
            assert!(bundled(LanguageCode::parse(l).unwrap()).is_some(), "{l}");
        }
    }

    #[test]
    fn count_lowercases_and_keeps_apostrophes_inside_words() {
        let en = bundled(LanguageCode::parse("en").unwrap()).unwrap();
        let (w, s) = count("THE minister's view: It IS what it is.", |w| en.contains(w));
        assert_eq!(w, 8);
        // the, it, is, what, it, is (and "minister's" is not one)
        assert_eq!(s, 6);
    }
}
