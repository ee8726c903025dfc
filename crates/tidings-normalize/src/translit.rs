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
    let ascii = any_ascii::any_ascii(word);
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
