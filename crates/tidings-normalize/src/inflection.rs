//! Inflected names: "в Пекине" (locative), "с Си Цзиньпином" (instrumental),
//! Polish "Pakistanu", Hebrew "בלונדון", Bengali "পাকিস্তানের", Turkish
//! "Almanya'ya" must reach the tables' "Пекин", "Си Цзиньпин", "Pakistan"…
//!
//! No dictionary: each word of a lookup key (see [`crate::normalize_key`],
//! where `й` is already `и`) is also tried with the noun case endings of
//! Russian and Ukrainian (Cyrillic keys) or of Polish, Czech, Slovak,
//! Croatian and Slovene (Latin keys) replaced by the nominative ones; Hebrew
//! and Arabic prefix letters and Bengali case endings come off; and a
//! candidate counts only when a table knows it. Latin, Greek and Turkish
//! endings are tried only when the mention's paragraph is in a language that
//! has them (every rule when its language is unknown).

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
    // Ukrainian `-ія` stems: `ї` is `і` in a key (Австралії → австраліі).
    ("іі", "ія"),
    ("ію", "ія"),
    ("ією", "ія"),
    ("я", "ь"),
    ("ю", "ь"),
    ("и", "ь"),
    ("ью", "ь"),
    ("еи", "я"),
    ("е", "я"),
    ("ю", "я"),
    // -я stems' genitive (Земли, Землі: Земля)
    ("и", "я"),
    ("і", "я"),
    // neuter -е stems (Солнца, Сонця: Солнце, Сонце)
    ("а", "е"),
    ("я", "е"),
    ("у", "е"),
    ("ю", "е"),
    ("ои", "ая"),
    // -й stems: `й` is `и` in a key (Китай → китаи: Китая, Китаю, Китаем,
    // Китае; Сергей → сергеи: Сергея).
    ("я", "и"),
    ("ю", "и"),
    ("ем", "и"),
    ("е", "и"),
    // …and Ukrainian's (Китаєм, Китаєві).
    ("єм", "и"),
    ("єві", "и"),
    // Serbian feminine adjectives, as its country names are (Мађарска:
    // у Мађарској, са Мађарском).
    ("ој", "а"),
    ("ом", "а"),
    ("ого", "ыи"),
    ("ого", "ии"),
    ("ому", "ыи"),
    ("ом", "ыи"),
];

/// The same for West and South Slavic names in Latin script, in key form
/// (diacritics gone: "Polskę" is "polske"): Polish, Czech, Slovak, Croatian
/// and Slovene genitive, dative, locative and accusative endings ("Pakistanu",
/// "Barcelony", "Sewilli", "Katalonii", "w Warszawie", "Raonicowi").
const LATIN_ENDINGS: &[(&str, &str)] = &[
    ("owi", ""),
    ("iem", ""),
    ("em", ""),
    ("u", ""),
    ("a", ""),
    ("ii", "ia"),
    ("ie", "a"),
    ("y", "a"),
    ("i", "a"),
    ("e", "a"),
    ("u", "a"),
    ("ou", "a"),
    // soft stems (Ziemi: Ziemia), neuters (Słońca: Słońce), adjectives
    // (Nowej: Nowa) and plurals (Stanów, Stanach Zjednoczonych: Stany
    // Zjednoczone)
    ("i", "ia"),
    ("a", "e"),
    ("ej", "a"),
    ("ow", "y"),
    ("ach", "y"),
    ("ych", "e"),
];

/// German adjectives before a name's last word, inflected ("der Vereinigten
/// Staaten", "der Europäischen Union"), in key form: the nominative's `-e`.
const GERMAN_ADJECTIVE_ENDINGS: &[(&str, &str)] =
    &[("en", "e"), ("er", "e"), ("em", "e"), ("es", "e")];

/// Finnish, Estonian, Hungarian, Lithuanian and Latvian case suffixes, in key
/// form, tried on the last word of a Latin key only (these languages inflect a
/// name's last word: "Los Angelesin", "Santa Fen"): Finnish genitive,
/// inessive, elative, illative, adessive, allative ("Kiinan", "Belgiassa",
/// "Pariisiin"; consonant gradation "Islannin" → Islanti, "Helsingissä" →
/// Helsinki), Estonian ("Tallinnas"), Hungarian ("Budapesten", "Londonban",
/// "Párizsba"), Lithuanian ("Vilniuje" → Vilnius, "Egipto" → Egiptas) and
/// Latvian ("Rīgā" → Rīga).
const LAST_WORD_ENDINGS: &[(&str, &str)] = &[
    // Indonesian and Malay possessive "-nya" written on the name
    ("nya", ""),
    // Finnish
    ("ngissa", "nki"),
    ("ngista", "nki"),
    ("ngiin", "nki"),
    ("ngin", "nki"),
    ("nnissa", "nti"),
    ("nnista", "nti"),
    ("nnin", "nti"),
    ("ssa", ""),
    ("sta", ""),
    ("lla", ""),
    ("lta", ""),
    ("lle", ""),
    ("ksi", ""),
    ("in", ""),
    ("n", ""),
    // Estonian
    ("as", ""),
    ("ast", ""),
    ("asse", ""),
    // Hungarian
    ("ban", ""),
    ("ben", ""),
    ("ba", ""),
    ("be", ""),
    ("bol", ""),
    ("rol", ""),
    ("tol", ""),
    ("hoz", ""),
    ("hez", ""),
    ("nak", ""),
    ("nek", ""),
    ("val", ""),
    ("vel", ""),
    ("ra", ""),
    ("re", ""),
    ("on", ""),
    ("en", ""),
    // Lithuanian
    ("uje", "us"),
    ("yje", "is"),
    ("oje", "a"),
    ("o", "as"),
    ("io", "is"),
    ("aus", "us"),
    ("os", "a"),
    ("es", "e"),
    ("ui", "as"),
    // Latvian
    ("as", "a"),
    ("a", "as"),
    ("u", "us"),
];

/// The same for Greek, in key form (accents gone; a final sigma as written,
/// `ς`, or from capitals, `σ`): genitive "της Ελλάδας" → "Ελλάδα",
/// "του Λονδίνου" → "Λονδίνο", "του Λιβάνου" → "Λίβανος".
const GREEK_ENDINGS: &[(&str, &str)] = &[
    ("ας", "α"),
    ("ασ", "α"),
    ("ης", "η"),
    ("ησ", "η"),
    ("ου", "ο"),
    ("ου", "ος"),
    ("ων", "ες"),
];

/// Languages (ISO 639-1) whose names take [`LATIN_ENDINGS`].
const SLAVIC_LATIN: &[&str] = &["pl", "cs", "sk", "hr", "sl", "bs", "sr"];
/// Languages whose names take [`LAST_WORD_ENDINGS`] (and the Indonesian and
/// Malay possessive).
const LAST_WORD_LANGUAGES: &[&str] = &["fi", "et", "hu", "lt", "lv", "id", "ms"];
/// Languages whose names take a genitive `-s` on their last word
/// ("Sydamerikas", "Maldivernes", "Deutschlands").
const GENITIVE_S: &[&str] = &["da", "sv", "nb", "nn", "no", "de", "nl", "is", "fo", "lb"];
/// Languages that write a case suffix after an apostrophe.
const TURKIC: &[&str] = &["tr", "az"];

/// Whether a mention in `language` (ISO 639-1, or another code when it has
/// none) takes the endings of `languages`. A mention whose language is
/// unknown takes every language's: the Latin endings are only tried in the
/// languages that have them, so that English "Latin" is not Estonian "Läti"
/// (Latvia) in the genitive, nor "Russian" Finnish "Russia" in it.
fn speaks(language: Option<&str>, languages: &[&str]) -> bool {
    language.is_none_or(|l| languages.contains(&l))
}

/// At most this many words in a mention are inflected (the candidates grow
/// as the product of each word's forms).
const MAX_WORDS: usize = 3;

fn is_cyrillic(key: &str) -> bool {
    key.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
}

/// The possible nominative forms of a word (the word itself first).
fn word_forms(word: &str, endings: &[(&str, &str)], min_stem: usize) -> Vec<String> {
    word_forms_with(word, endings, min_stem, false)
}

/// [`word_forms`]; with `shorter`, a stem may be a letter shorter than
/// `min_stem` before an ending of two letters or more (Polish "Nowej": Nowa;
/// never before one letter: "kinu" is no "kina").
fn word_forms_with(
    word: &str,
    endings: &[(&str, &str)],
    min_stem: usize,
    shorter: bool,
) -> Vec<String> {
    let mut out = vec![word.to_owned()];
    for (end, nominative) in endings {
        if let Some(stem) = word.strip_suffix(end) {
            // A stem of at least two letters: "е" alone is not an ending.
            let letters = stem.chars().count();
            let short_ok = shorter && letters + 1 >= min_stem && end.chars().count() >= 2;
            if letters >= min_stem || short_ok {
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
/// key in another script or with more than three words, and for a Latin or
/// Greek key in a language without such endings (see [`speaks`]).
pub(crate) fn nominative_keys(key: &str, language: Option<&str>) -> Vec<String> {
    let words: Vec<&str> = key.split(' ').collect();
    let latin = key.chars().all(|c| c.is_ascii_lowercase() || c == ' ');
    let last_word = latin && speaks(language, LAST_WORD_LANGUAGES);
    let genitive_s = latin && speaks(language, GENITIVE_S);
    // Latin stems need four letters: short Latin words are too often
    // another language's whole name ("kinu" is no case of "kina").
    let (endings, min_stem, shorter) = if is_cyrillic(key) {
        (ENDINGS, 2, false)
    } else if latin && speaks(language, SLAVIC_LATIN) {
        (LATIN_ENDINGS, 4, true)
    } else if latin && (last_word || genitive_s) {
        (&[][..], 4, false)
    } else if !latin
        && speaks(language, &["el"])
        && key.chars().any(|c| ('\u{0370}'..='\u{03FF}').contains(&c))
    {
        // Two letters: "Νέας" is "Νέα" (New) in the genitive.
        (GREEK_ENDINGS, 2, false)
    } else {
        return Vec::new();
    };
    if words.len() > MAX_WORDS {
        return Vec::new();
    }
    let german = latin && language == Some("de");
    let mut keys = vec![String::new()];
    for (i, w) in words.iter().enumerate() {
        let mut forms = word_forms_with(w, endings, min_stem, shorter);
        if german && i + 1 < words.len() {
            for f in word_forms(w, GERMAN_ADJECTIVE_ENDINGS, min_stem) {
                if !forms.contains(&f) {
                    forms.push(f);
                }
            }
        }
        // The endings only a name's last word takes.
        let last = [
            (last_word, LAST_WORD_ENDINGS),
            (genitive_s, &[("s", "")][..]),
        ];
        for (_, more) in last.iter().filter(|(on, _)| *on && i + 1 == words.len()) {
            for f in word_forms(w, more, min_stem) {
                if !forms.contains(&f) {
                    forms.push(f);
                }
            }
        }
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

/// The base forms one word (a lookup key without spaces) may be an inflected
/// or prefixed form of, nearest first, the word itself left out: case endings
/// for Cyrillic and Greek, prefix letters for Hebrew and Arabic.
pub(crate) fn word_candidates(word: &str) -> Vec<String> {
    let mut out = if is_cyrillic(word) {
        word_forms(word, ENDINGS, 2)
    } else if word.chars().any(|c| ('\u{0370}'..='\u{03FF}').contains(&c)) {
        word_forms(word, GREEK_ENDINGS, 3)
    } else if word.chars().any(is_hangul) {
        korean_stems(word)
    } else {
        tidings_core::proclitic_forms(word)
    };
    out.retain(|w| w != word);
    out
}

fn is_hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// What may follow a Korean name that the `ner` stage leaves on it, because
/// names end with it too ("로": "바르셀로나로", to Barcelona, but "카이로",
/// Cairo; "도": "홋카이도"), or because it is the copula ("오베츠킨입니다",
/// is Ovechkin), longest first.
const KOREAN_ENDINGS: &[&str] = &[
    "입니다",
    "이었다",
    "이라며",
    "으로",
    "이다",
    "이며",
    "이고",
    "로",
    "도",
    "와",
    "과",
];

/// The stems a Korean word (or the last word of a key) may be with what
/// follows a name taken off: the particles every stage cuts
/// ([`tidings_core::korean_particle_len`]) and [`KOREAN_ENDINGS`]; at least
/// two syllables stay. A candidate counts only when a table knows it.
fn korean_stems(key: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if !key.chars().any(is_hangul) {
        return out;
    }
    let particle = tidings_core::korean_particle_len(key);
    let cuts = std::iter::once(particle).filter(|&n| n > 0).chain(
        KOREAN_ENDINGS
            .iter()
            .filter(|e| key.ends_with(*e))
            .map(|e| e.len()),
    );
    for cut in cuts {
        let stem = &key[..key.len() - cut];
        let last = stem.rsplit(' ').next().unwrap_or(stem);
        if last.chars().filter(|&c| is_hangul(c)).count() >= 2 && !out.iter().any(|k| k == stem) {
            out.push(stem.to_owned());
        }
    }
    out
}

/// Turkish case suffixes written after an apostrophe ("Ankara'da", in
/// Ankara; "Erdoğan'ın", Erdoğan's), longest first.
const TURKISH_SUFFIXES: &[&str] = &[
    "ndan", "nden", "nın", "nin", "nun", "nün", "dan", "den", "tan", "ten", "yla", "yle", "nda",
    "nde", "daki", "deki", "taki", "teki", "yı", "yi", "yu", "yü", "ya", "ye", "da", "de", "ta",
    "te", "ın", "in", "un", "ün", "la", "le", "na", "ne", "ı", "i", "u", "ü", "a", "e",
];

/// A mention's name without a Turkish case suffix after an apostrophe
/// ("Ankara'da" → "Ankara"), with the suffix's length in letters.
fn turkish_stem<'a>(mention: &'a str, language: Option<&str>) -> Option<(&'a str, usize)> {
    if !speaks(language, TURKIC) {
        return None;
    }
    split_case_suffix(mention, |suffix| TURKISH_SUFFIXES.contains(&suffix))
        .map(|(stem, suffix)| (stem, suffix.chars().count()))
}

/// `mention` cut at its last apostrophe into a stem of two letters or more
/// that ends in a letter and a suffix `is_suffix` accepts.
fn split_case_suffix(mention: &str, is_suffix: impl Fn(&str) -> bool) -> Option<(&str, &str)> {
    let (stem, suffix) = mention.rsplit_once(['\'', '’'])?;
    let letters = stem.chars().filter(|c| c.is_alphabetic()).count();
    let after_letter = stem.chars().next_back().is_some_and(char::is_alphabetic);
    (letters >= 2 && after_letter && is_suffix(suffix)).then_some((stem, suffix))
}

/// Bengali case endings on a name (genitive "পাকিস্তানের", Pakistan's;
/// locative "চীনে", in China), longest first, in keys' NFC form (য় is
/// U+09AF U+09BC there).
const BENGALI_ENDINGS: &[&str] = &["দের", "য়ের", "কে", "তে", "ের", "য়", "র", "ে"];

/// The keys a Bengali `key` may be a case form of, its last word's ending
/// removed, nearest first; empty for other scripts. A candidate counts only
/// when a table knows it.
fn bengali_stems(key: &str) -> Vec<String> {
    let bengali = key.chars().any(|c| ('\u{0980}'..='\u{09FF}').contains(&c));
    if !bengali {
        return Vec::new();
    }
    let mut out = Vec::new();
    for ending in BENGALI_ENDINGS {
        if let Some(stem) = key.strip_suffix(ending) {
            let last = stem.rsplit(' ').next().unwrap_or(stem);
            if last.chars().count() >= 2 && !out.iter().any(|k: &String| k == stem) {
                out.push(stem.to_owned());
            }
        }
    }
    out
}

/// Endings only persons' names take in the Latin-script Slavic languages,
/// beside [`LATIN_ENDINGS`]: Polish "Giovanniego", Czech and Croatian
/// "Grantovi", Croatian "Grantom", Polish "Colbertem".
const SLAVIC_PERSON_ENDINGS: &[(&str, &str)] = &[("ego", ""), ("ovi", ""), ("om", ""), ("ym", "")];

/// A person's name in the base form English writes, in a Latin-script
/// language that inflects names ("Johna Granta" → "John Grant", Finnish
/// "John Grantin" → "John Grant", German "Richard Bransons" → "Richard
/// Branson", Polish "Jeffa Wise'a" → "Jeff Wise"); `None` when no word
/// changes. `known` says whether a word's lookup key is a name word English
/// writes: an ending comes off a word only when the word is not one and its
/// base is, and then the same ending comes off the name's unknown words
/// ("Evangelosa Kalousisa": Evangelos is known, so Kalousis). The Slavic
/// languages inflect every word of a name; the others ([`LAST_WORD_ENDINGS`],
/// the genitive `-s`) only the last. A language without such endings, or an
/// unknown one, gives `None`.
pub(crate) fn latin_person_base(
    mention: &str,
    language: Option<&str>,
    known: impl Fn(&str) -> bool,
) -> Option<String> {
    let language = language?;
    let slavic = SLAVIC_LATIN.contains(&language);
    let mut last: Vec<(&str, &str)> = Vec::new();
    if ["id", "ms"].contains(&language) {
        last.push(("nya", ""));
    } else if LAST_WORD_LANGUAGES.contains(&language) {
        last.extend_from_slice(LAST_WORD_ENDINGS);
    }
    if GENITIVE_S.contains(&language) {
        last.push(("s", ""));
    }
    if !slavic && last.is_empty() {
        return None;
    }
    let words: Vec<&str> = mention.split_whitespace().collect();
    if words.is_empty() || words.len() > 4 {
        return None;
    }
    // (base form as written, ending cut) per word; `None`: left as written.
    let mut bases: Vec<Option<(String, &str)>> = vec![None; words.len()];
    let mut unknown = vec![false; words.len()];
    let slavic_endings: Vec<(&str, &str)> = if slavic {
        LATIN_ENDINGS
            .iter()
            .chain(SLAVIC_PERSON_ENDINGS)
            .copied()
            .collect()
    } else {
        Vec::new()
    };
    for (i, word) in words.iter().enumerate() {
        let endings: &[(&str, &str)] = if slavic {
            &slavic_endings
        } else if i + 1 == words.len() {
            &last
        } else {
            continue;
        };
        // Polish writes the ending after an apostrophe on a name whose
        // spelling hides its sound ("Wise'a", "Lemieux'a").
        if slavic {
            if let Some((stem, end)) = word.rsplit_once(['\'', '’']) {
                let letters = end.chars().count();
                if (1..=3).contains(&letters)
                    && end.chars().all(char::is_lowercase)
                    && stem.chars().count() >= 2
                {
                    bases[i] = Some((stem.to_owned(), ""));
                    continue;
                }
            }
        }
        let key = crate::normalize_key(word);
        if key.is_empty() || key.contains(' ') || known(&key) {
            continue;
        }
        unknown[i] = true;
        for (end, nominative) in endings {
            let Some(stem) = key.strip_suffix(end) else {
                continue;
            };
            // Slavic stems of three letters ("Jona", Jon); elsewhere four, as
            // a short name is too often a whole one ("Benin", "Lodin").
            let min_stem = if slavic { 3 } else { 4 };
            if stem.chars().count() < min_stem || !known(&format!("{stem}{nominative}")) {
                continue;
            }
            if let Some(base) = replace_ending(word, end, nominative) {
                bases[i] = Some((base, end));
                unknown[i] = false;
                break;
            }
        }
    }
    // The ending the known words lost, when they all lost the same one.
    let cut: Vec<&str> = bases.iter().flatten().map(|(_, e)| *e).collect();
    if let [first, rest @ ..] = cut.as_slice() {
        if !first.is_empty() && rest.iter().all(|e| e == first) {
            for (i, word) in words.iter().enumerate() {
                if unknown[i] {
                    let stem_letters = crate::normalize_key(word).chars().count();
                    if stem_letters >= first.chars().count() + 3 {
                        if let Some(base) = replace_ending(word, first, "") {
                            bases[i] = Some((base, first));
                        }
                    }
                }
            }
        }
    }
    if bases.iter().all(Option::is_none) {
        return None;
    }
    let out: Vec<String> = words
        .iter()
        .zip(bases)
        .map(|(w, b)| b.map_or_else(|| (*w).to_owned(), |(base, _)| base))
        .collect();
    Some(out.join(" "))
}

/// `word` with its last `ending` (in key form: as many letters as it has)
/// replaced by `nominative`, when its key ends so (`None` otherwise).
fn replace_ending(word: &str, ending: &str, nominative: &str) -> Option<String> {
    let letters = ending.chars().count();
    let cut = word.char_indices().rev().nth(letters.checked_sub(1)?)?.0;
    let stem = &word[..cut];
    let tail = crate::normalize_key(&word[cut..]);
    (tail == ending && !stem.is_empty()).then(|| format!("{stem}{nominative}"))
}

/// Every key `mention` (whose own lookup key is `key`) may be an inflected or
/// prefixed form of, nearest first: case endings (Cyrillic, West and South
/// Slavic Latin, Greek; never for an acronym: "KINU" is no case form), Hebrew
/// and Arabic prefix letters, Bengali case endings, and a Turkish suffix after
/// an apostrophe. A candidate counts only when a table knows it.
///
/// `language` (ISO 639-1) is the mention's paragraph's; the Latin, Greek and
/// Turkish rules apply only in the languages that have them (`None`: every
/// rule).
pub(crate) fn base_keys(mention: &str, key: &str, language: Option<&str>) -> Vec<String> {
    let mut out = if crate::names::is_acronym(mention) {
        Vec::new()
    } else {
        nominative_keys(key, language)
    };
    // "USAs", "USA:s": an acronym's genitive in the languages that write one.
    if speaks(language, GENITIVE_S) {
        let stem = mention
            .strip_suffix(":s")
            .or_else(|| mention.strip_suffix('s'));
        if let Some(stem) = stem.filter(|s| crate::names::is_acronym(s)) {
            out.push(crate::normalize_key(stem));
        }
    }
    // "Jakarta-nya": the possessive after a hyphen is a word of the key.
    if let Some(stem) = key.strip_suffix(" nya").filter(|s| !s.is_empty()) {
        if speaks(language, &["id", "ms"]) {
            out.push(stem.to_owned());
        }
    }
    out.extend(tidings_core::proclitic_forms(key));
    // Persian writes a name's first "a" with madda where CLDR's Persian
    // names often do not (آفریقا, افریقا: Africa).
    if key.contains('آ') {
        out.push(key.replace('آ', "ا"));
    }
    out.extend(bengali_stems(key));
    out.extend(korean_stems(key));
    if let Some((stem, _)) = turkish_stem(mention, language) {
        out.push(crate::normalize_key(stem));
    }
    out
}

/// The form of `mention` to show when no table knows it: without a Turkish
/// suffix of two letters or more ("Ankara'da" → "Ankara"; "Sana'a" keeps its
/// own), and in a Turkish paragraph without any case suffix
/// ([`turkish_longer_suffix`]: "Reid'i" → "Reid", and "Sana'a" → "Sana").
pub(crate) fn surface_stem<'a>(mention: &'a str, language: Option<&str>) -> &'a str {
    match turkish_stem(mention, language) {
        Some((stem, letters)) if letters >= 2 => stem,
        // In a Turkish paragraph a one-letter case suffix is one too
        // ("Whitehall'a", "Reid'i"), and so is a case suffix with `-ki` and a
        // plural after it ("Utah'takiler", "Macbeth Caddesi'ndeki").
        _ if language.is_some_and(|l| TURKIC.contains(&l)) => turkish_longer_suffix(mention),
        _ => mention,
    }
}

/// `mention` without what follows its last apostrophe when that is a case
/// suffix of [`TURKISH_SUFFIXES`], possibly with `-ki` and `-ler`/`-lar`
/// after it; "Qur'an" keeps its own.
fn turkish_longer_suffix(mention: &str) -> &str {
    let case_suffix = |suffix: &str| {
        let core = ["ler", "lar"]
            .iter()
            .find_map(|p| suffix.strip_suffix(p))
            .unwrap_or(suffix);
        TURKISH_SUFFIXES.contains(&core.strip_suffix("ki").unwrap_or(core))
    };
    split_case_suffix(mention, case_suffix).map_or(mention, |(stem, _)| stem)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize_key;

    #[test]
    fn case_forms_reach_the_nominative() {
        let has = |inflected: &str, nominative: &str| {
            nominative_keys(&normalize_key(inflected), None).contains(&normalize_key(nominative))
        };
        assert!(has("Пекине", "Пекин"));
        assert!(has("Си Цзиньпином", "Си Цзиньпин"));
        assert!(has("Владимира Путина", "Владимир Путин"));
        assert!(has("Москвой", "Москва"));
        assert!(has("России", "Россия"));
        assert!(has("Южной Корее", "Южная Корея"));
        assert!(has("Україні", "Україна"));
        assert!(has("Ісландії", "Ісландія"));
        assert!(has("Австралією", "Австралія"));
        assert!(has("Китаєм", "Китай"));
        assert!(has("Мађарској", "Мађарска"));
        assert!(has("Земли", "Земля"));
        assert!(has("Сонця", "Сонце"));
        assert!(has("Ирском", "Ирска"));
    }

    #[test]
    fn persons_in_latin_script_reach_the_base_form_english_knows() {
        let english = [
            "john",
            "grant",
            "evangelos",
            "giovanni",
            "jeff",
            "branson",
            "richard",
        ];
        let known = |k: &str| english.contains(&k);
        let base = |m: &str, l: &str| latin_person_base(m, Some(l), known);
        assert_eq!(base("Johna Granta", "pl").as_deref(), Some("John Grant"));
        assert_eq!(base("Johnem Grantem", "cs").as_deref(), Some("John Grant"));
        // The known word's ending comes off the unknown one too.
        assert_eq!(
            base("Evangelosa Kalousisa", "pl").as_deref(),
            Some("Evangelos Kalousis")
        );
        assert_eq!(
            base("Giovanniego Falcone", "pl").as_deref(),
            Some("Giovanni Falcone")
        );
        assert_eq!(base("Jeffa Wise'a", "pl").as_deref(), Some("Jeff Wise"));
        // Only the last word elsewhere.
        assert_eq!(
            base("Richard Bransons", "de").as_deref(),
            Some("Richard Branson")
        );
        assert_eq!(base("John Grantin", "fi").as_deref(), Some("John Grant"));
        // Names English knows as written, other languages, an unknown one.
        assert_eq!(base("John Grant", "pl"), None);
        assert_eq!(base("Johna Granta", "en"), None);
        assert_eq!(latin_person_base("Johna Granta", None, known), None);
        // A base English does not know: left alone.
        assert_eq!(base("Kowalska", "pl"), None);
        // Short stems and Indonesian case letters that are no endings.
        let ben = |k: &str| k == "ben" || k == "uta";
        assert_eq!(latin_person_base("Benin", Some("fi"), ben), None);
        assert_eq!(latin_person_base("Carolina Utara", Some("id"), ben), None);
    }

    #[test]
    fn korean_names_lose_what_follows_them() {
        assert_eq!(word_candidates("바르셀로나로"), ["바르셀로나"]);
        assert_eq!(word_candidates("나달과"), ["나달"]);
        assert_eq!(word_candidates("오베츠킨입니다"), ["오베츠킨"]);
        // One syllable is not left alone.
        assert!(word_candidates("도로").is_empty());
        assert_eq!(
            base_keys("파키스탄 정부로", "파키스탄 정부로", None),
            ["파키스탄 정부"]
        );
    }

    #[test]
    fn long_mentions_have_no_candidates() {
        assert!(
            nominative_keys(&normalize_key("Пекин Шанхай Гуанчжоу Шэньчжэнь"), None).is_empty()
        );
    }

    #[test]
    fn turkish_suffixes_after_an_apostrophe_come_off() {
        assert_eq!(turkish_stem("Ankara'da", None), Some(("Ankara", 2)));
        assert_eq!(turkish_stem("Erdoğan’ın", None), Some(("Erdoğan", 2)));
        assert_eq!(turkish_stem("Sana'a", None), Some(("Sana", 1)));
        assert_eq!(turkish_stem("O'Neill", None), None);
        assert_eq!(turkish_stem("Côte d'Ivoire", None), None);
        assert_eq!(turkish_stem("Ankara", None), None);
    }

    #[test]
    fn case_suffixes_after_an_apostrophe_come_off_in_turkish() {
        assert_eq!(surface_stem("Whitehall'a", Some("tr")), "Whitehall");
        assert_eq!(
            surface_stem("Macbeth Caddesi'ndeki", Some("tr")),
            "Macbeth Caddesi"
        );
        assert_eq!(surface_stem("Utah'takiler", Some("tr")), "Utah");
        // In Turkish, Sana'a is Sana (the suffix is a dative's).
        assert_eq!(surface_stem("Sana'a", Some("tr")), "Sana");
        // Not in other languages, nor a name's own apostrophe.
        assert_eq!(surface_stem("Whitehall'a", Some("en")), "Whitehall'a");
        assert_eq!(surface_stem("Sana'a", None), "Sana'a");
        assert_eq!(surface_stem("O'Neill", Some("tr")), "O'Neill");
        assert_eq!(surface_stem("Qur'an", Some("tr")), "Qur'an");
        assert_eq!(surface_stem("CEO'su", Some("tr")), "CEO'su");
    }

    #[test]
    fn a_persian_madda_is_also_tried_without_it() {
        assert!(base_keys("آفریقا", "آفریقا", Some("fa")).contains(&"افریقا".to_owned()));
        assert!(!base_keys("افریقا", "افریقا", Some("fa")).contains(&"افریقا".to_owned()));
    }

    #[test]
    fn bengali_case_endings_come_off_the_last_word() {
        assert_eq!(bengali_stems("পাকিস্তানের")[0], "পাকিস্তান");
        assert!(bengali_stems("চীনে").contains(&"চীন".to_owned()));
        assert!(bengali_stems("pakistan").is_empty());
    }

    #[test]
    fn finnic_hungarian_and_baltic_suffixes_come_off_the_last_word() {
        let has = |inflected: &str, nominative: &str| {
            let keys = nominative_keys(&normalize_key(inflected), None);
            assert!(
                keys.contains(&normalize_key(nominative)),
                "{inflected}: {keys:?}"
            );
        };
        has("Helsingissä", "Helsinki");
        has("Islannin", "Islanti");
        has("Kiinan", "Kiina");
        has("Belgiassa", "Belgia");
        has("Los Angelesin", "Los Angeles");
        has("Tallinnas", "Tallinn");
        has("Budapesten", "Budapest");
        has("Londonban", "London");
        has("Vilniuje", "Vilnius");
        has("Egipto", "Egiptas");
        has("Indonesianya", "Indonesia");
        assert!(
            base_keys("Jakarta-nya", &normalize_key("Jakarta-nya"), None)
                .contains(&"jakarta".to_owned())
        );
        // Stems keep four letters: "Santa Fen" is left alone.
        assert!(!nominative_keys("santa fen", None).contains(&"santa fe".to_owned()));
    }

    #[test]
    fn endings_apply_in_the_languages_that_have_them() {
        // Estonian "Läti" (Latvia) in the genitive is "lätin", "latin" as a key.
        assert!(nominative_keys("latin", Some("et")).contains(&"lati".to_owned()));
        assert!(nominative_keys("latin", None).contains(&"lati".to_owned()));
        assert!(nominative_keys("latin", Some("en")).is_empty());
        assert!(nominative_keys("russian", Some("fr")).is_empty());
        // A genitive -s in the Germanic languages that write one.
        assert!(nominative_keys("sydamerikas", Some("da")).contains(&"sydamerika".to_owned()));
        assert!(nominative_keys("sydamerikas", None).contains(&"sydamerika".to_owned()));
        assert!(nominative_keys("athens", Some("en")).is_empty());
        // Each language its own endings: Polish, not Finnish, in Polish.
        let pl = nominative_keys("pakistanu", Some("pl"));
        assert!(pl.contains(&"pakistan".to_owned()), "{pl:?}");
        let pl = nominative_keys("stanow zjednoczonych", Some("pl"));
        assert!(pl.contains(&"stany zjednoczone".to_owned()), "{pl:?}");
        assert!(nominative_keys("nowej zelandii", Some("pl")).contains(&"nowa zelandia".to_owned()));
        // German adjectives before the last word.
        let de = nominative_keys("vereinigten staaten", Some("de"));
        assert!(de.contains(&"vereinigte staaten".to_owned()), "{de:?}");
        assert!(base_keys("USAs", "usas", Some("da")).contains(&"usa".to_owned()));
        assert!(base_keys("USA:s", "usa s", Some("sv")).contains(&"usa".to_owned()));
        assert!(!base_keys("USAs", "usas", Some("en")).contains(&"usa".to_owned()));
        assert!(!nominative_keys("kiinan", Some("pl")).contains(&"kiina".to_owned()));
        assert!(nominative_keys("kiinan", Some("fi")).contains(&"kiina".to_owned()));
        assert!(nominative_keys("ελλαδας", Some("el")).contains(&"ελλαδα".to_owned()));
        // Cyrillic keys are Cyrillic languages' whatever the code says.
        assert!(nominative_keys("пекине", Some("ru")).contains(&"пекин".to_owned()));
        // The Turkish suffix and the Indonesian possessive likewise.
        assert_eq!(turkish_stem("Ankara'da", Some("tr")), Some(("Ankara", 2)));
        assert_eq!(turkish_stem("Sana'a", Some("en")), None);
        let jakarta =
            |lang| base_keys("Jakarta-nya", "jakarta nya", lang).contains(&"jakarta".to_owned());
        assert!(jakarta(Some("id")) && !jakarta(Some("en")));
    }

    #[test]
    fn slavic_latin_case_endings_reach_the_nominative() {
        let keys = nominative_keys("pakistanu", None);
        assert!(keys.contains(&"pakistan".to_owned()), "{keys:?}");
        assert!(nominative_keys("barcelony", None).contains(&"barcelona".to_owned()));
        assert!(nominative_keys("katalonii", None).contains(&"katalonia".to_owned()));
        assert!(nominative_keys("warszawie", None).contains(&"warszawa".to_owned()));
        assert!(!nominative_keys("kinu", None).contains(&"kina".to_owned()));
        // Other scripts than Latin and Cyrillic: nothing.
        assert!(nominative_keys("北京", None).is_empty());
    }

    #[test]
    fn greek_genitives_reach_the_nominative() {
        assert!(nominative_keys("ελλαδας", None).contains(&"ελλαδα".to_owned()));
        assert!(nominative_keys("λονδινου", None).contains(&"λονδινο".to_owned()));
        assert!(nominative_keys("λιβανου", None).contains(&"λιβανος".to_owned()));
        assert!(nominative_keys("νεας ζηλανδιας", None).contains(&"νεα ζηλανδια".to_owned()));
    }
}
