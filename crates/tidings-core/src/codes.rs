//! The language code table: ISO 639-3 ↔ ISO 639-1, English names and usual
//! scripts, for every language the detector (whatlang) knows.
//!
//! Language codes belong to the record, so every stage keys its per-language
//! data (stop words, models, routes) by a [`LanguageCode`] from here, and no
//! stage needs another stage's crate to read a code.
//!
//! ```
//! use tidings_core::LanguageCode;
//!
//! let id = LanguageCode::parse("id").unwrap();
//! assert_eq!(id.iso639_3(), "ind");
//! assert_eq!(LanguageCode::parse("IND"), Some(id));
//! assert_eq!(LanguageCode::parse("zho").unwrap().iso639_1(), Some("zh"));
//! assert_eq!(id.name(), "Indonesian");
//! assert_eq!(LanguageCode::parse("xx"), None);
//! ```

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

struct Row {
    iso639_3: &'static str,
    iso639_1: &'static str,
    name: &'static str,
    script: &'static str,
}

const fn row(
    iso639_3: &'static str,
    iso639_1: &'static str,
    name: &'static str,
    script: &'static str,
) -> Row {
    Row {
        iso639_3,
        iso639_1,
        name,
        script,
    }
}

/// The table: whatlang's languages in whatlang's order, then the ones only
/// the second opinion gives. `script` is the name whatlang's script
/// detector gives the language's usual writing system.
const TABLE: &[Row] = &[
    row("epo", "eo", "Esperanto", "Latin"),
    row("eng", "en", "English", "Latin"),
    row("rus", "ru", "Russian", "Cyrillic"),
    row("cmn", "zh", "Mandarin", "Mandarin"),
    row("spa", "es", "Spanish", "Latin"),
    row("por", "pt", "Portuguese", "Latin"),
    row("ita", "it", "Italian", "Latin"),
    row("ben", "bn", "Bengali", "Bengali"),
    row("fra", "fr", "French", "Latin"),
    row("deu", "de", "German", "Latin"),
    row("ukr", "uk", "Ukrainian", "Cyrillic"),
    row("kat", "ka", "Georgian", "Georgian"),
    row("ara", "ar", "Arabic", "Arabic"),
    row("hin", "hi", "Hindi", "Devanagari"),
    row("jpn", "ja", "Japanese", "Hiragana"),
    row("heb", "he", "Hebrew", "Hebrew"),
    row("yid", "yi", "Yiddish", "Hebrew"),
    row("pol", "pl", "Polish", "Latin"),
    row("amh", "am", "Amharic", "Ethiopic"),
    row("jav", "jv", "Javanese", "Latin"),
    row("kor", "ko", "Korean", "Hangul"),
    row("nob", "nb", "Bokmal", "Latin"),
    row("dan", "da", "Danish", "Latin"),
    row("swe", "sv", "Swedish", "Latin"),
    row("fin", "fi", "Finnish", "Latin"),
    row("tur", "tr", "Turkish", "Latin"),
    row("nld", "nl", "Dutch", "Latin"),
    row("hun", "hu", "Hungarian", "Latin"),
    row("ces", "cs", "Czech", "Latin"),
    row("ell", "el", "Greek", "Greek"),
    row("bul", "bg", "Bulgarian", "Cyrillic"),
    row("bel", "be", "Belarusian", "Cyrillic"),
    row("mar", "mr", "Marathi", "Devanagari"),
    row("kan", "kn", "Kannada", "Kannada"),
    row("ron", "ro", "Romanian", "Latin"),
    row("slv", "sl", "Slovene", "Latin"),
    row("hrv", "hr", "Croatian", "Latin"),
    row("srp", "sr", "Serbian", "Cyrillic"),
    row("mkd", "mk", "Macedonian", "Cyrillic"),
    row("lit", "lt", "Lithuanian", "Latin"),
    row("lav", "lv", "Latvian", "Latin"),
    row("est", "et", "Estonian", "Latin"),
    row("tam", "ta", "Tamil", "Tamil"),
    row("vie", "vi", "Vietnamese", "Latin"),
    row("urd", "ur", "Urdu", "Arabic"),
    row("tha", "th", "Thai", "Thai"),
    row("guj", "gu", "Gujarati", "Gujarati"),
    row("uzb", "uz", "Uzbek", "Latin"),
    row("pan", "pa", "Punjabi", "Gurmukhi"),
    row("aze", "az", "Azerbaijani", "Latin"),
    row("ind", "id", "Indonesian", "Latin"),
    row("tel", "te", "Telugu", "Telugu"),
    row("pes", "fa", "Persian", "Arabic"),
    row("mal", "ml", "Malayalam", "Malayalam"),
    row("ori", "or", "Oriya", "Oriya"),
    row("mya", "my", "Burmese", "Myanmar"),
    row("nep", "ne", "Nepali", "Devanagari"),
    row("sin", "si", "Sinhalese", "Sinhala"),
    row("khm", "km", "Khmer", "Khmer"),
    row("tuk", "tk", "Turkmen", "Latin"),
    row("aka", "ak", "Akan", "Latin"),
    row("zul", "zu", "Zulu", "Latin"),
    row("sna", "sn", "Shona", "Latin"),
    row("afr", "af", "Afrikaans", "Latin"),
    row("lat", "la", "Latin", "Latin"),
    row("slk", "sk", "Slovak", "Latin"),
    row("cat", "ca", "Catalan", "Latin"),
    row("tgl", "tl", "Tagalog", "Latin"),
    row("hye", "hy", "Armenian", "Armenian"),
    row("cym", "cy", "Welsh", "Latin"),
    // Not whatlang's: the second opinion (tidings-lang's `lingua` feature)
    // tells these from the languages whatlang answers for them.
    row("msa", "ms", "Malay", "Latin"),
    row("bos", "bs", "Bosnian", "Latin"),
];

/// Older and alternative codes, mapped to the table's ISO 639-3 code.
const ALIASES: &[(&str, &str)] = &[
    ("zho", "cmn"),
    ("chi", "cmn"),
    ("zh-cn", "cmn"),
    ("zh-tw", "cmn"),
    ("fas", "pes"),
    ("per", "pes"),
    ("no", "nob"),
    ("nor", "nob"),
    ("nno", "nob"),
    ("nn", "nob"),
    ("ger", "deu"),
    ("fre", "fra"),
    ("dut", "nld"),
    ("cze", "ces"),
    ("gre", "ell"),
    ("rum", "ron"),
    ("slo", "slk"),
    ("arm", "hye"),
    ("geo", "kat"),
    ("bur", "mya"),
    ("wel", "cym"),
    ("zsm", "msa"),
    ("may", "msa"),
];

/// One language of the code table. Serialised as its ISO 639-3 code.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LanguageCode(u8);

impl LanguageCode {
    /// Parses a code: ISO 639-3 as the table spells it (`eng`, `cmn`, `pes`),
    /// ISO 639-1 (`en`, `zh`, `fa`), and common aliases (`zho`/`chi` →
    /// Mandarin, `fas`/`per` → Persian, `no`/`nor` → Bokmål, `zsm` → Malay).
    /// Case and surrounding spaces are ignored. `msa`/`ms` (Malay) are *not*
    /// Indonesian.
    pub fn parse(code: &str) -> Option<LanguageCode> {
        let c = code.trim().to_ascii_lowercase();
        let c = ALIASES
            .iter()
            .find(|(alias, _)| *alias == c)
            .map_or(c.as_str(), |(_, to)| to);
        TABLE
            .iter()
            .position(|r| r.iso639_3 == c || r.iso639_1 == c)
            .map(|i| LanguageCode(i as u8))
    }

    /// The language with this exact ISO 639-3 code (no aliases, no 639-1).
    pub fn from_iso639_3(code: &str) -> Option<LanguageCode> {
        TABLE
            .iter()
            .position(|r| r.iso639_3 == code)
            .map(|i| LanguageCode(i as u8))
    }

    /// Every language of the table.
    pub fn all() -> impl ExactSizeIterator<Item = LanguageCode> {
        (0..TABLE.len()).map(|i| LanguageCode(i as u8))
    }

    fn row(self) -> &'static Row {
        &TABLE[self.0 as usize]
    }

    /// ISO 639-3 code (`eng`, `ind`, `cmn`).
    pub fn iso639_3(self) -> &'static str {
        self.row().iso639_3
    }

    /// ISO 639-1 code (`en`, `id`, `zh`), where the language has one.
    pub fn iso639_1(self) -> Option<&'static str> {
        Some(self.row().iso639_1).filter(|c| !c.is_empty())
    }

    /// English name (`Indonesian`).
    pub fn name(self) -> &'static str {
        self.row().name
    }

    /// Usual script, as whatlang names scripts (`Latin`, `Cyrillic`, `Mandarin`).
    pub fn script(self) -> &'static str {
        self.row().script
    }
}

impl fmt::Debug for LanguageCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LanguageCode({})", self.iso639_3())
    }
}

impl fmt::Display for LanguageCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.iso639_3())
    }
}

impl Serialize for LanguageCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.iso639_3())
    }
}

impl<'de> Deserialize<'de> for LanguageCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        LanguageCode::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown language code `{s}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_a_two_letter_code_that_parses_back() {
        assert_eq!(LanguageCode::all().len(), 72);
        for l in LanguageCode::all() {
            let two = l
                .iso639_1()
                .unwrap_or_else(|| panic!("{l:?} has no 639-1 code"));
            assert_eq!(LanguageCode::parse(two), Some(l), "{two}");
            assert_eq!(LanguageCode::parse(l.iso639_3()), Some(l));
            assert_eq!(LanguageCode::from_iso639_3(l.iso639_3()), Some(l));
        }
    }

    #[test]
    fn codes_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for l in LanguageCode::all() {
            assert!(seen.insert(l.iso639_3()), "{l:?}");
            assert!(seen.insert(l.iso639_1().unwrap_or_default()), "{l:?}");
        }
    }

    #[test]
    fn aliases() {
        let p = |c| LanguageCode::parse(c).map(LanguageCode::iso639_3);
        assert_eq!(p("ID"), Some("ind"));
        assert_eq!(p(" zho "), Some("cmn"));
        assert_eq!(p("no"), Some("nob"));
        assert_eq!(p("ger"), Some("deu"));
        assert_eq!(p("xx"), None);
        assert_eq!(p("ms"), Some("msa"));
        assert_eq!(p("zsm"), Some("msa"));
        assert_eq!(LanguageCode::from_iso639_3("id"), None);
    }

    #[test]
    fn serde_uses_the_three_letter_code() {
        let id = LanguageCode::parse("id").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), r#""ind""#);
        assert_eq!(serde_json::from_str::<LanguageCode>(r#""id""#).unwrap(), id);
        assert!(serde_json::from_str::<LanguageCode>(r#""qq""#).is_err());
    }
}
