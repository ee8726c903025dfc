//! Learned back-transliteration: how English spells the words of names
//! written in Cyrillic, Arabic, Persian, Hebrew, Greek, Bengali, Devanagari,
//! Thai, Chinese, Japanese and Korean script.
//!
//! A rule transliteration gives `Генри Киссинджер` → `Genri Kissindzher`;
//! English writes `Henry Kissinger`. The table compiled in from
//! `models/normalize/names.fst` holds 462,139 name words paired with their
//! English spelling in Wikidata's names and a few other lists (see the model
//! card for each source and licence), and
//! a name is looked up word by word:
//! - each word in its lookup key ([`normalize_key`]), or a base form of it
//!   when it is inflected (`Киссинджера` → `Киссинджер`, `Бобом` → `Боб`; the
//!   case endings of [`crate::inflection`]); the written form wins unless a
//!   base form is ten times as common;
//! - words are split at spaces, hyphens and the name dots of Chinese and
//!   Japanese (`·`, `・`); a Chinese or Japanese name written without them
//!   (`唐纳德特朗普`) is split into known words of two characters or more when
//!   they cover it whole.

use std::sync::OnceLock;

use crate::inflection::word_candidates;
use crate::normalize_key;

/// The learned table.
#[derive(Debug)]
pub struct NameWords {
    map: fst::Map<&'static [u8]>,
    words: &'static str,
}

/// Low bits of a value: how often Wikidata pairs the two spellings.
const COUNT_BITS: u64 = 24;

impl NameWords {
    /// The table compiled in (`None` without the `embedded-models` feature, or
    /// if the compiled-in bytes are not an fst map, which a test rules out).
    pub fn embedded() -> Option<&'static NameWords> {
        static TABLE: OnceLock<Option<NameWords>> = OnceLock::new();
        TABLE
            .get_or_init(|| {
                let map = fst::Map::new(crate::EMBEDDED_NAMES_FST).ok()?;
                (!map.is_empty()).then_some(NameWords {
                    map,
                    words: crate::EMBEDDED_NAME_WORDS,
                })
            })
            .as_ref()
    }

    /// How many native words the table knows.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The English spelling of one word, by its lookup key, and how often
    /// Wikidata pairs them.
    pub fn lookup_key(&self, key: &str) -> Option<(&'static str, u32)> {
        let value = self.map.get(key)?;
        let start = usize::try_from(value >> COUNT_BITS).ok()?;
        let rest = self.words.get(start..)?;
        let word = rest.split('\n').next()?;
        Some((word, (value & ((1 << COUNT_BITS) - 1)) as u32))
    }

    /// The English spelling of a word as written (inflected or not), and the
    /// ending taken off when a base form gave it (`Диланом` → `ом`).
    fn word(&self, word: &str) -> Option<(&'static str, Option<String>)> {
        let key = normalize_key(word);
        if key.is_empty() || key.contains(' ') {
            return None;
        }
        self.word_key(&key)
            .or_else(|| self.word_key(&table_spelling(&key)?))
    }

    /// [`NameWords::word`] for a word's lookup key.
    fn word_key(&self, key: &str) -> Option<(&'static str, Option<String>)> {
        let written = self.lookup_key(key);
        let base = word_candidates(key)
            .into_iter()
            .filter_map(|k| self.lookup_key(&k).map(|found| (k, found)))
            .max_by_key(|(_, (_, count))| *count);
        let ending = |base: &str| {
            // Only a plain cut (`Диланом` → `Дилан`) says which ending to cut
            // from the name's other words.
            key.strip_prefix(base)
                .filter(|e| !e.is_empty())
                .map(str::to_owned)
        };
        match (written, base) {
            (Some(w), Some((k, b))) if b.1 >= w.1.saturating_mul(10) => Some((b.0, ending(&k))),
            (Some(w), _) => Some((w.0, None)),
            (None, Some((k, b))) => Some((b.0, ending(&k))),
            (None, None) => None,
        }
    }

    /// The English spelling of a whole name, word by word, with the
    /// separator before each word; `None` when no word is known. Unknown words
    /// come back as `None` for the caller to transliterate, without the case
    /// ending the known words of the name lost (the words of a Russian name
    /// share their case: `Никласом Бекстрёмом` → `Niklas` + `Бекстрём`).
    pub(crate) fn name(&self, mention: &str) -> Option<Vec<(String, Option<&'static str>)>> {
        let mut parts: Vec<(char, String, Option<&'static str>)> = Vec::new();
        let mut endings: Vec<Option<String>> = Vec::new();
        for (word, sep) in split_words(mention) {
            match self.word(word) {
                Some((english, ending)) => {
                    endings.push(ending);
                    parts.push((sep, word.to_owned(), Some(english)));
                }
                None => match self.segment(word) {
                    Some(segs) => {
                        for (i, (w, e)) in segs.into_iter().enumerate() {
                            parts.push((if i == 0 { sep } else { ' ' }, w, e));
                        }
                    }
                    None => parts.push((sep, word.to_owned(), None)),
                },
            }
        }
        if parts.iter().all(|(_, _, e)| e.is_none()) {
            return None;
        }
        // One ending cut from every known word that had one, and at least one.
        let cut: Option<String> = match endings.iter().flatten().collect::<Vec<_>>().as_slice() {
            [first, rest @ ..] if rest.iter().all(|e| e == first) => Some((*first).clone()),
            _ => None,
        };
        Some(
            parts
                .into_iter()
                .map(|(sep, word, english)| {
                    let word = match (&cut, english) {
                        (Some(end), None) => cut_ending(&word, end),
                        _ => word,
                    };
                    (format!("{sep}{word}"), english)
                })
                .collect(),
        )
    }

    /// A Chinese or Japanese word as known words of two characters or more
    /// that cover it whole (fewest pieces), if any.
    fn segment(&self, word: &str) -> Option<Vec<(String, Option<&'static str>)>> {
        let chars: Vec<char> = word.chars().collect();
        let cjk = |c: &char| matches!(*c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF);
        if chars.len() < 4 || chars.len() > 24 || !chars.iter().all(cjk) {
            return None;
        }
        // best[i]: fewest pieces covering chars[..i], and where the last starts.
        let mut best: Vec<Option<(usize, usize)>> = vec![None; chars.len() + 1];
        best[0] = Some((0, 0));
        for end in 2..=chars.len() {
            for start in 0..=end - 2 {
                let Some((n, _)) = best[start] else { continue };
                let piece: String = chars[start..end].iter().collect();
                if self.lookup_key(&normalize_key(&piece)).is_some()
                    && best[end].is_none_or(|(m, _)| n + 1 < m)
                {
                    best[end] = Some((n + 1, start));
                }
            }
        }
        best[chars.len()]?;
        let mut pieces = Vec::new();
        let mut end = chars.len();
        while end > 0 {
            let (_, start) = best[end]?;
            let piece: String = chars[start..end].iter().collect();
            let english = self.lookup_key(&normalize_key(&piece)).map(|(e, _)| e);
            pieces.push((piece, english));
            end = start;
        }
        pieces.reverse();
        Some(pieces)
    }
}

/// A key in the spelling of the table's words of its script, when it has
/// letters the table's source language lacks; `None` otherwise. The table's
/// Cyrillic pairs come from Russian Wikidata labels and its Arabic-script
/// pairs from Arabic ones, and the neighbouring languages write most foreign
/// names with the same sounds in their own letters:
/// - Ukrainian, Belarusian, Serbian and Macedonian Cyrillic → Russian
///   (`Пітер` → `питер`, `Стів` → `стив`, `Џон` → `джон`, `Њујорк` →
///   `ньуиорк`);
/// - Persian and Urdu `ی`, `ک`, `آ` → Arabic `ي`, `ك`, `أ` (`الکس` → `الكس`;
///   `آ` wherever it stands), and Persian's own `پ`, `چ`, `ژ`, `گ` → `ب`,
///   `تش`, `ج`, `غ`, as Arabic writes those sounds in foreign names
///   (`پیتر` → `بيتر`).
pub(crate) fn table_spelling(key: &str) -> Option<String> {
    let mut out = String::with_capacity(key.len() + 4);
    let mut changed = false;
    for c in key.chars() {
        let folded = match c {
            'і' => "и",
            'є' => "е",
            'ґ' => "г",
            'ў' => "в",
            // `й` is `и` in a key, and so is its Serbian letter.
            'ј' => "и",
            'љ' => "ль",
            'њ' => "нь",
            'ћ' => "ч",
            'ђ' | 'џ' => "дж",
            'ѓ' => "гь",
            'ќ' => "кь",
            'ѕ' => "дз",
            'ی' => "ي",
            'ک' => "ك",
            // Persian writes a foreign name's first "a" with madda where
            // Arabic writes hamza (آلونسو, ألونسو).
            'آ' => "أ",
            // Persian's own letters as Arabic writes those sounds in foreign
            // names (پیتر, بيتر: Peter; گرانت, غرانت: Grant).
            'پ' => "ب",
            'چ' => "تش",
            'ژ' => "ج",
            'گ' => "غ",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(folded);
        changed = true;
    }
    changed.then_some(out)
}

/// `word` without `ending` (a key-form ending: lowercase, so it matches the
/// lowercased word) when a stem of three letters or more remains.
fn cut_ending(word: &str, ending: &str) -> String {
    let lower = word.to_lowercase();
    match lower.strip_suffix(ending) {
        Some(stem) if stem.chars().count() >= 3 && lower.len() == word.len() => {
            word[..stem.len()].to_owned()
        }
        _ => word.to_owned(),
    }
}

/// The words of a name and the separator before each (`' '` for the first):
/// spaces, hyphens (kept as `-`) and the name dots of Chinese and Japanese.
pub(crate) fn split_words(mention: &str) -> Vec<(&str, char)> {
    let mut out = Vec::new();
    let mut sep = ' ';
    let mut start = None;
    for (i, c) in mention.char_indices() {
        let boundary = if c.is_whitespace() || matches!(c, '·' | '・' | '‧' | '･' | '=' | '＝')
        {
            Some(' ')
        } else if matches!(c, '-' | '‐' | '‑') {
            Some('-')
        } else {
            None
        };
        match (boundary, start) {
            (Some(b), Some(s)) => {
                out.push((&mention[s..i], sep));
                start = None;
                sep = b;
            }
            (Some(b), None) => {
                if !out.is_empty() && sep == ' ' {
                    sep = b;
                }
            }
            (None, None) => start = Some(i),
            (None, Some(_)) => {}
        }
    }
    if let Some(s) = start {
        out.push((&mention[s..], sep));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "embedded-models")]
    #[test]
    fn the_compiled_in_table_spells_names_as_english_does() {
        let table = NameWords::embedded().expect("names.fst is an fst map");
        assert!(table.len() > 300_000, "{}", table.len());
        let english = |w: &str| table.word(w).map(|(e, _)| e);
        for (native, want) in [
            ("Киссинджер", "Kissinger"),
            ("Киссинджера", "Kissinger"),
            ("トランプ", "Trump"),
            ("ترامب", "Trump"),
            ("טראמפ", "Trump"),
            ("트럼프", "Trump"),
            ("特朗普", "Trump"),
            // Kept since `w` and `y` count as vowels at build time.
            ("ألونسو", "Alonso"),
            // Entered under its Simplified spelling at build time.
            ("费尔南多", "Fernando"),
        ] {
            assert_eq!(english(native), Some(want), "{native}");
        }
        // Ukrainian, Serbian and Persian spellings reach the Russian and
        // Arabic pairs.
        for (native, want) in [
            ("Пітер", "Peter"),
            ("Стів", "Steve"),
            ("Џон", "John"),
            ("نیکلاس", "Niklas"),
        ] {
            assert_eq!(english(native), Some(want), "{native}");
        }
        // A misaligned pair of the source (`yoritoshi` for マツダイラ) was
        // filtered out at build time.
        assert_ne!(english("マツダイラ"), Some("Yoritoshi"));
        // Too short to be one name.
        assert_eq!(english("Се"), None);
    }

    #[test]
    fn neighbouring_letters_take_the_tables_spelling() {
        assert_eq!(table_spelling("пітер").as_deref(), Some("питер"));
        assert_eq!(table_spelling("џорџ").as_deref(), Some("джордж"));
        assert_eq!(table_spelling("љубљана").as_deref(), Some("льубльана"));
        assert_eq!(table_spelling("الکس").as_deref(), Some("الكس"));
        assert_eq!(table_spelling("питер"), None);
        assert_eq!(table_spelling("peter"), None);
    }

    #[test]
    fn names_split_at_spaces_hyphens_and_name_dots() {
        let words = |m| {
            split_words(m)
                .into_iter()
                .map(|(w, s)| format!("{s}{w}"))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            words("Жан-Клод  Ван Дамм"),
            [" Жан", "-Клод", " Ван", " Дамм"]
        );
        assert_eq!(words("唐纳德·特朗普"), [" 唐纳德", " 特朗普"]);
        assert_eq!(words("ドナルド・トランプ"), [" ドナルド", " トランプ"]);
    }
}
