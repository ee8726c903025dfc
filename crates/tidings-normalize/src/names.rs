//! Name shapes: person-name tokens and rendering, acronyms.

use crate::normalize_key;

/// Particles that stay lower case inside a person's name (`Charles de Gaulle`).
const PARTICLES: &[&str] = &[
    "al", "bin", "binti", "da", "das", "de", "del", "della", "der", "di", "do", "dos", "du", "la",
    "le", "ten", "ter", "van", "von", "y",
];

/// Function words skipped when forming an acronym (`Workers’ Party of Korea` → WPK),
/// in English and Indonesian.
const STOPWORDS: &[&str] = &[
    "&", "and", "at", "dan", "dari", "de", "der", "des", "di", "du", "for", "in", "ke", "la", "le",
    "of", "on", "pada", "the", "to", "untuk",
];

/// Strips leading titles (`Mr.`, `President`, `Presiden`, `Pak`; the table
/// is [`tidings_core::title_prefix_len`]'s) from a person mention; a mention
/// that is only a title is left alone.
pub(crate) fn strip_titles(mention: &str) -> &str {
    let rest = mention.trim_start();
    &rest[tidings_core::title_prefix_len(rest)..]
}

/// Titles of one language that are names in others ("Bay" is Turkish for
/// Mr and an English surname; "Pan" Polish and Czech for Mr and a Chinese
/// surname): cut only in a paragraph of their language, in any letter case
/// (written here in lowercase).
const LANGUAGE_TITLES: &[(&str, &[&str])] = &[
    ("tr", &["bay"]),
    ("pl", &["pan", "pani"]),
    ("cs", &["pan", "paní"]),
    ("sk", &["pán", "pani"]),
];

/// [`strip_titles`], then a title of the paragraph's `language` that other
/// languages write as a name ([`LANGUAGE_TITLES`]) before a name.
pub(crate) fn strip_language_titles<'a>(mention: &'a str, language: Option<&str>) -> &'a str {
    let mention = strip_titles(mention);
    let Some((_, titles)) = LANGUAGE_TITLES.iter().find(|(l, _)| Some(*l) == language) else {
        return mention;
    };
    match mention.split_once(char::is_whitespace) {
        // Polish and Czech write them in lowercase within a sentence.
        Some((first, rest))
            if titles.contains(&first.to_lowercase().as_str()) && !rest.trim().is_empty() =>
        {
            rest.trim_start()
        }
        _ => mention,
    }
}

/// The words of a person's name: split at whitespace and hyphens (so the
/// romanisation variants `Jong-un`, `Jong-Un`, `Jong Un` give the same words).
pub(crate) fn person_tokens(name: &str) -> Vec<&str> {
    name.split(|c: char| c.is_whitespace() || matches!(c, '-' | '‐' | '‑' | '–' | '—'))
        .map(|t| t.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '"' | '“' | '”')))
        .filter(|t| !t.is_empty())
        .collect()
}

/// Whether a token is an initial (`J.`, `J`).
pub(crate) fn is_initial(token: &str) -> bool {
    let t = token.trim_end_matches('.');
    t.chars().count() == 1 && t.chars().all(char::is_alphabetic)
}

/// The matching words of a person's name: normalised, initials left out, so
/// `Donald J. Trump` and `Donald Trump` match.
pub(crate) fn person_key_tokens(name: &str) -> Vec<String> {
    person_tokens(name)
        .into_iter()
        .filter(|t| !is_initial(t))
        .map(normalize_key)
        .filter(|k| !k.is_empty())
        .collect()
}

/// Renders a person's name from its surface form: words joined by single
/// spaces (hyphens become spaces: `Kim Jong-un` → `Kim Jong Un`), each word
/// capitalised when written all lower or all upper case (`KIM` → `Kim`,
/// `un` → `Un`), mixed case kept (`McDonald`), particles after the first word
/// lower case (`Charles de Gaulle`), initials with a full stop (`Donald J. Trump`).
pub fn render_person(name: &str) -> String {
    let tokens = person_tokens(name);
    let mut out = String::with_capacity(name.len());
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let lower = t.to_lowercase();
        if i > 0 && PARTICLES.contains(&lower.as_str()) {
            out.push_str(&lower);
        } else if is_initial(t) {
            out.extend(t.trim_end_matches('.').chars().flat_map(char::to_uppercase));
            out.push('.');
        } else if t.chars().any(char::is_lowercase) && t.chars().skip(1).any(char::is_uppercase)
            || !t.chars().next().is_some_and(char::is_alphabetic)
        {
            out.push_str(t);
        } else {
            let mut chars = lower.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        }
    }
    out
}

/// Whether a mention looks like an acronym: 2–8 letters, all upper case
/// (`KCNA`, `WPK`; full stops allowed: `U.N.`).
pub(crate) fn is_acronym(mention: &str) -> bool {
    let letters: Vec<char> = mention.chars().filter(|&c| c != '.').collect();
    (2..=8).contains(&letters.len())
        && letters
            .iter()
            .all(|c| c.is_alphabetic() && c.is_uppercase())
}

/// The acronym of a multi-word name: first letters of its words, function
/// words skipped (`Korean Central News Agency` → `KCNA`). `None` for one word.
pub(crate) fn acronym_of(name: &str) -> Option<String> {
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < 2 {
        return None;
    }
    let acronym: String = words
        .iter()
        .filter(|w| !STOPWORDS.contains(&w.to_lowercase().as_str()))
        .filter_map(|w| w.chars().find(|c| c.is_alphabetic()))
        .flat_map(char::to_uppercase)
        .collect();
    (acronym.chars().count() >= 2).then_some(acronym)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn person_rendering_folds_romanisation_variants() {
        for v in [
            "Kim Jong-un",
            "Kim Jong-Un",
            "Kim Jong Un",
            "KIM JONG UN",
            "kim jong un",
        ] {
            assert_eq!(render_person(v), "Kim Jong Un", "{v}");
        }
        assert_eq!(render_person("Donald J. Trump"), "Donald J. Trump");
        assert_eq!(render_person("charles DE gaulle"), "Charles de Gaulle");
        assert_eq!(render_person("Ronald McDonald"), "Ronald McDonald");
        assert_eq!(
            person_key_tokens("Donald J. Trump"),
            person_key_tokens("Donald Trump")
        );
    }

    #[test]
    fn titles() {
        assert_eq!(strip_titles("President Xi Jinping"), "Xi Jinping");
        assert_eq!(strip_titles("Mr. Kim"), "Kim");
        assert_eq!(strip_titles("Presiden Joko Widodo"), "Joko Widodo");
        assert_eq!(strip_titles("President"), "President");
        assert_eq!(strip_titles("Pakistan Khan"), "Pakistan Khan");
    }

    #[test]
    fn acronyms() {
        assert_eq!(
            acronym_of("Korean Central News Agency").as_deref(),
            Some("KCNA")
        );
        assert_eq!(
            acronym_of("Workers’ Party of Korea").as_deref(),
            Some("WPK")
        );
        assert_eq!(
            acronym_of("Communist Party of China").as_deref(),
            Some("CPC")
        );
        assert_eq!(acronym_of("Reuters"), None);
        assert!(is_acronym("KCNA") && is_acronym("U.N.") && !is_acronym("Kim") && !is_acronym("K"));
    }
}
