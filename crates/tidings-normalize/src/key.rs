//! The matching key: how two spellings of a name are compared.

use unicode_normalization::UnicodeNormalization;

/// The lookup key of a name: two names match when their keys are equal.
///
/// Steps, in order:
/// 1. Unicode NFKC (full-width letters, ligatures and compatibility forms fold:
///    `ＵＳＡ` → `USA`);
/// 2. lower case (Rust's full Unicode lowercase mapping; `ß` → `ss`), as a
///    case fold;
/// 3. Latin/Greek/Cyrillic diacritics removed (canonical decomposition, the
///    combining marks U+0300–U+036F dropped, recomposed with NFC; Hangul, Indic
///    and other scripts keep their marks);
/// 4. apostrophes and full stops removed (`N. Korea` → `n korea`,
///    `Workers’` → `workers`, `U.S.` → `us`);
/// 5. separators (whitespace, hyphens, dashes, brackets, commas and other
///    punctuation of any script) become a single space; leading and trailing
///    spaces are trimmed.
///
/// ```
/// use tidings_normalize::normalize_key;
/// assert_eq!(normalize_key("Kim Jong-Un"), normalize_key("kim  jong un"));
/// assert_eq!(normalize_key("Côte d’Ivoire"), "cote divoire");
/// assert_eq!(normalize_key("N. Korea"), "n korea");
/// assert_eq!(normalize_key("Северная Корея"), "северная корея");
/// assert_eq!(normalize_key("북한"), "북한");
/// ```
pub fn normalize_key(name: &str) -> String {
    // ASCII is already NFKC and free of diacritics: skip the Unicode passes.
    let stripped: String = if name.is_ascii() {
        name.to_ascii_lowercase()
    } else {
        let folded: String = name
            .nfkc()
            .flat_map(char::to_lowercase)
            .collect::<String>()
            .replace('ß', "ss");
        folded
            .nfd()
            .filter(|c| !('\u{0300}'..='\u{036f}').contains(c))
            .nfc()
            .collect()
    };
    let mut out = String::with_capacity(stripped.len());
    let mut pending_space = false;
    for c in stripped.chars() {
        if is_dropped(c) {
            continue;
        }
        if !is_separator(c) {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else {
            pending_space = true;
        }
    }
    out
}

/// Apostrophes and full stops vanish from keys rather than splitting words.
fn is_dropped(c: char) -> bool {
    matches!(
        c,
        '\'' | '’'
            | '‘'
            | 'ʼ'
            | 'ʻ'
            | 'ʹ'
            | '`'
            | '´'
            | '.'
            | '·'
            | '。'
            | '・'
            | '\u{05f3}'
            | '\u{05f4}'
    )
}

/// Characters that separate words: whitespace, controls, ASCII punctuation and
/// symbols, and the punctuation blocks and marks of the scripts CLDR names use.
/// Everything else (letters, digits, combining marks of any script) is part of
/// a word.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || c.is_ascii_punctuation()
        || matches!(c,
            '\u{00a1}'..='\u{00bf}'
            | '\u{00d7}'
            | '\u{00f7}'
            | '\u{037e}'
            | '\u{0387}'
            | '\u{055a}'..='\u{055f}'
            | '\u{0589}'..='\u{058a}'
            | '\u{05be}'
            | '\u{05c0}'
            | '\u{05c3}'
            | '\u{05c6}'
            | '\u{060c}'..='\u{060d}'
            | '\u{061b}'
            | '\u{061e}'..='\u{061f}'
            | '\u{066a}'..='\u{066d}'
            | '\u{06d4}'
            | '\u{0964}'..='\u{0965}'
            | '\u{0e4f}'
            | '\u{0e5a}'..='\u{0e5b}'
            | '\u{104a}'..='\u{104f}'
            | '\u{2000}'..='\u{206f}'
            | '\u{2190}'..='\u{2bff}'
            | '\u{3000}'..='\u{3003}'
            | '\u{3008}'..='\u{3011}'
            | '\u{3014}'..='\u{301f}'
            | '\u{fe10}'..='\u{fe6f}'
            | '\u{ff01}'..='\u{ff0f}'
        )
}

/// Strips what a mention may carry around the name itself: a trailing
/// possessive (`China’s` → `China`), a leading English article
/// (`the DPRK` → `DPRK`) and surrounding quotes or brackets.
pub(crate) fn strip_affixes(mention: &str) -> &str {
    let mut s = mention.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '“' | '”' | '«' | '»' | '(' | ')' | ',' | ';' | ':')
    });
    for suffix in ["'s", "’s", "'S", "’S"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest;
            break;
        }
    }
    for prefix in ["the ", "The ", "THE "] {
        if let Some(rest) = s.strip_prefix(prefix) {
            if !rest.trim().is_empty() {
                s = rest;
            }
            break;
        }
    }
    s.trim()
}

/// Whether a name is written (mostly) in a script other than Latin, so that it
/// needs a transliteration when no English name is known.
pub(crate) fn is_non_latin(name: &str) -> bool {
    let mut latin = 0usize;
    let mut other = 0usize;
    for c in name.chars().filter(|c| c.is_alphabetic()) {
        if c.is_ascii()
            || ('\u{00c0}'..='\u{024f}').contains(&c)
            || ('\u{1e00}'..='\u{1eff}').contains(&c)
        {
            latin += 1;
        } else {
            other += 1;
        }
    }
    other > latin
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_name_share_a_key() {
        let k = normalize_key("Kim Jong Un");
        for v in [
            "Kim Jong-un",
            "Kim Jong-Un",
            "KIM JONG UN",
            " kim\tjong–un ",
        ] {
            assert_eq!(normalize_key(v), k, "{v}");
        }
        assert_ne!(normalize_key("Kim Jong Il"), k);
    }

    #[test]
    fn diacritics_fold_but_hangul_survives() {
        assert_eq!(normalize_key("Pjöngjang"), "pjongjang");
        assert_eq!(normalize_key("Türkiye"), "turkiye");
        assert_eq!(normalize_key("Ｕ.Ｓ.Ａ."), "usa");
        assert_eq!(normalize_key("평양"), "평양");
        assert_eq!(normalize_key("Weißrussland"), "weissrussland");
    }

    #[test]
    fn affixes_are_stripped() {
        assert_eq!(strip_affixes("China’s"), "China");
        assert_eq!(strip_affixes("the DPRK"), "DPRK");
        assert_eq!(strip_affixes("“Korut”"), "Korut");
        assert_eq!(strip_affixes("The"), "The");
    }

    #[test]
    fn scripts() {
        assert!(is_non_latin("김정은"));
        assert!(is_non_latin("Ким Чен Ын"));
        assert!(!is_non_latin("Kim Jong-un"));
        assert!(!is_non_latin("Pjöngjang"));
    }
}
