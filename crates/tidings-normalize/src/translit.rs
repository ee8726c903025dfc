//! Latin transliteration for names in other scripts, with
//! [any_ascii](https://docs.rs/any_ascii).
//!
//! any_ascii romanises Cyrillic close to BGN/PCGN (`Сергей Лавров` →
//! `Sergey Lavrov`), Hangul by Revised Romanization and Chinese by pinyin
//! without tones, one capitalised syllable per character (`김정은` →
//! `GimJeongEun`, `习近平` → `XiJinPing`). Those syllables are regrouped here the
//! way English news writes such names: a person's one-word CJK name becomes
//! surname + given name (`Xi Jinping`, `Gim Jeongeun` — the Revised
//! Romanization, not the customary `Kim Jong Un`, which the alias table gives);
//! a place or organisation becomes one word (`Pyeongyang`). Soft and hard
//! signs are dropped (`Пхеньян` → `Pkhenyan`). Abjads come out
//! without vowels (`بيونغ يانغ` → `Bywngh Yngh`): a transliteration, not an
//! English name.
//!
//! Two scripts are read before any_ascii sees them: Greek's two-letter b, d,
//! g and ou (`Μπάρτσα` → `Bartsa`), and Devanagari's inherent vowel, which
//! any_ascii leaves out (`नडाल` → `Nadal`, see `devanagari.rs`).

use crate::key::is_non_latin;

/// A readable Latin form of `name`; `person` selects the surname + given-name
/// grouping for one-word CJK names. Returns `None` when nothing Latin comes out.
pub fn transliterate(name: &str, person: bool) -> Option<String> {
    let words: Vec<String> = name
        .split_whitespace()
        .flat_map(|w| shape_word(w, person))
        .collect();
    let out = words.join(" ");
    (!out.trim().is_empty()).then_some(out)
}

/// Transliterates one whitespace-separated word of the original.
fn shape_word(word: &str, person: bool) -> Vec<String> {
    if !is_non_latin(word) {
        return vec![word.to_owned()];
    }
    let ascii = if word.chars().any(is_greek) {
        any_ascii::any_ascii(&greek_digraphs(word))
    } else if let Some(latin) = crate::devanagari::romanize(word) {
        any_ascii::any_ascii(&latin)
    } else {
        any_ascii::any_ascii(word)
    };
    let cjk = word.chars().any(is_cjk);
    if cjk {
        let syllables = split_camel(&ascii);
        if person && syllables.len() >= 2 && syllables.len() <= 4 {
            let (surname, given) = syllables.split_at(1);
            return vec![capitalise(&surname[0]), capitalise(&given.concat())];
        }
        return vec![capitalise(&syllables.concat())];
    }
    // any_ascii writes the Cyrillic soft and hard signs as apostrophes
    // (`Пхеньян` → `Pkhen'yan`); English news drops them.
    ascii
        .replace(['\'', '"'], "")
        .split_whitespace()
        .map(capitalise)
        .filter(|w| !w.is_empty())
        .collect()
}

fn is_greek(c: char) -> bool {
    ('\u{0370}'..='\u{03FF}').contains(&c) || ('\u{1F00}'..='\u{1FFF}').contains(&c)
}

/// Greek spells foreign b, d and g with two letters ("Μπάρτσα", Barça;
/// "Ντάουνινγκ", Downing) and u as "ου"; letter by letter they come out as
/// "Mpartsa" and "Ntaoyningk". Those pairs become Latin first: b, d, g at the
/// start of a word, mb, nd, ng inside it, and ou.
fn greek_digraphs(word: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    // Accents off, so that "ού" is "ου".
    let bare: Vec<char> = word
        .nfd()
        .filter(|c| !('\u{0300}'..='\u{036f}').contains(c))
        .collect();
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < bare.len() {
        let pair: String = bare[i..(i + 2).min(bare.len())]
            .iter()
            .flat_map(|c| c.to_lowercase())
            .collect();
        let upper = bare[i].is_uppercase();
        let start = i == 0;
        let latin = match pair.as_str() {
            "μπ" if start => Some("b"),
            "ντ" if start => Some("d"),
            "γκ" if start => Some("g"),
            // "νγκ" ("Ντάουνινγκ"): the n is there already.
            "γκ" if i > 0 && matches!(bare[i - 1], 'ν' | 'Ν') => Some("g"),
            "μπ" => Some("mb"),
            "ντ" => Some("nd"),
            "γκ" | "γγ" => Some("ng"),
            "ου" => Some("ou"),
            _ => None,
        };
        match latin {
            Some(l) => {
                if upper {
                    out.push_str(&capitalise(l));
                } else {
                    out.push_str(l);
                }
                i += 2;
            }
            None => {
                out.push(bare[i]);
                i += 1;
            }
        }
    }
    out
}

/// Han, Hangul, kana.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11ff}'
        | '\u{3040}'..='\u{30ff}'
        | '\u{3130}'..='\u{318f}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{ac00}'..='\u{d7af}'
        | '\u{f900}'..='\u{faff}')
}

/// Splits any_ascii's `GimJeongEun` into `[Gim, Jeong, Eun]`.
fn split_camel(s: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for c in s.chars() {
        if !c.is_ascii_alphanumeric() {
            continue;
        }
        match parts.last_mut() {
            Some(last) if !c.is_ascii_uppercase() => last.push(c),
            _ => parts.push(c.to_string()),
        }
    }
    parts
}

/// First letter upper case, the rest lower case.
fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn greek_digraphs_read_as_english_writes_them() {
        assert_eq!(transliterate("Μπάρτσα", false).as_deref(), Some("Bartsa"));
        assert_eq!(
            transliterate("Ντάουνινγκ Στριτ", false).as_deref(),
            Some("Daouning Strit")
        );
        assert_eq!(transliterate("Ναδάλ", true).as_deref(), Some("Nadal"));
        assert_eq!(
            transliterate("Λονδίνου", false).as_deref(),
            Some("Londinou")
        );
    }

    #[test]
    fn devanagari_names_keep_their_spoken_vowels() {
        assert_eq!(transliterate("नडाल", true).as_deref(), Some("Nadal"));
        assert_eq!(
            transliterate("पनामा पेपर्स", false).as_deref(),
            Some("Panama Pepars")
        );
    }

    #[test]
    fn scripts_come_out_readable() {
        assert_eq!(
            transliterate("Сергей Лавров", true).unwrap(),
            "Sergey Lavrov"
        );
        assert_eq!(transliterate("习近平", true).unwrap(), "Xi Jinping");
        assert_eq!(transliterate("李鸿忠", true).unwrap(), "Li Hongzhong");
        assert_eq!(transliterate("김정은", true).unwrap(), "Gim Jeongeun");
        assert_eq!(transliterate("평양", false).unwrap(), "Pyeongyang");
        assert_eq!(transliterate("Пхеньян", false).unwrap(), "Pkhenyan");
        assert_eq!(transliterate("Kim", true).unwrap(), "Kim");
    }
}
