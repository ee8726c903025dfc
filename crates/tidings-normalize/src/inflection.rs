//! Case endings of Cyrillic names: "в Пекине" (locative), "с Си Цзиньпином"
//! (instrumental) must reach the tables' nominative "Пекин", "Си Цзиньпин".
//!
//! No dictionary: each word of a lookup key (see [`crate::normalize_key`],
//! where `й` is already `и`) is also tried with the noun case endings of
//! Russian and Ukrainian replaced by the nominative ones, and a candidate
//! counts only when a table knows it. Latin-script languages are left alone.

/// (ending, nominative ending) pairs, in key form: for masculine stems
/// (Пекин-е, Путин-а, Цзиньпин-ом, Путин-ым), feminine `-а` stems (Москв-ы,
/// Москв-е, Москв-ой), `-ия` stems (Росси-и, Росси-ей), `-ь` stems, and
/// adjectives (Южн-ой → Южн-ая).
const ENDINGS: &[(&str, &str)] = &[
    ("ом", ""),
    ("ем", ""),
    ("ым", ""),
    ("им", ""),
    ("а", ""),
    ("у", ""),
    ("е", ""),
    ("і", ""),
    ("ові", ""),
    ("ы", "а"),
    ("е", "а"),
    ("у", "а"),
    ("и", "а"),
    ("і", "а"),
    ("ои", "а"),
    ("ою", "а"),
    ("ии", "ия"),
    ("ию", "ия"),
    ("иеи", "ия"),
    ("иею", "ия"),
    ("ії", "ія"),
    ("ію", "ія"),
    ("ією", "ія"),
    ("я", "ь"),
    ("ю", "ь"),
    ("и", "ь"),
    ("ью", "ь"),
    ("еи", "я"),
    ("е", "я"),
    ("ю", "я"),
    ("ои", "ая"),
    ("ого", "ыи"),
    ("ого", "ии"),
    ("ому", "ыи"),
    ("ом", "ыи"),
];

/// At most this many words in a mention are inflected (the candidates grow
/// as the product of each word's forms).
const MAX_WORDS: usize = 3;

fn is_cyrillic(key: &str) -> bool {
    key.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
}

/// The possible nominative forms of a word (the word itself first).
fn word_forms(word: &str) -> Vec<String> {
    let mut out = vec![word.to_owned()];
    for (end, nominative) in ENDINGS {
        if let Some(stem) = word.strip_suffix(end) {
            // A stem of at least two letters: "е" alone is not an ending.
            if stem.chars().count() >= 2 {
                let form = format!("{stem}{nominative}");
                if !out.contains(&form) {
                    out.push(form);
                }
            }
        }
    }
    out
}

/// Other keys `key` may be an inflected form of, nearest first; empty for a
/// key that is not Cyrillic or has more than three words.
pub(crate) fn nominative_keys(key: &str) -> Vec<String> {
    let words: Vec<&str> = key.split(' ').collect();
    if !is_cyrillic(key) || words.len() > MAX_WORDS {
        return Vec::new();
    }
    let mut keys = vec![String::new()];
    for (i, w) in words.iter().enumerate() {
        let forms = word_forms(w);
        keys = keys
            .iter()
            .flat_map(|k| {
                forms.iter().map(move |f| {
                    if i == 0 {
                        f.clone()
                    } else {
                        format!("{k} {f}")
                    }
                })
            })
            .collect();
    }
    keys.retain(|k| k != key);
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize_key;

    #[test]
    fn case_forms_reach_the_nominative() {
        let has = |inflected: &str, nominative: &str| {
            nominative_keys(&normalize_key(inflected)).contains(&normalize_key(nominative))
        };
        assert!(has("Пекине", "Пекин"));
        assert!(has("Си Цзиньпином", "Си Цзиньпин"));
        assert!(has("Владимира Путина", "Владимир Путин"));
        assert!(has("Москвой", "Москва"));
        assert!(has("России", "Россия"));
        assert!(has("Южной Корее", "Южная Корея"));
        assert!(has("Києві", "Києв") || has("Україні", "Україна"));
    }

    #[test]
    fn latin_and_long_mentions_have_no_candidates() {
        assert!(nominative_keys("pekine").is_empty());
        assert!(nominative_keys(&normalize_key("Пекин Шанхай Гуанчжоу Шэньчжэнь")).is_empty());
    }
}
