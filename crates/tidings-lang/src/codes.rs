//! ISO 639 code tables for the languages whatlang detects.

use whatlang::Lang;

/// ISO 639-1 code of a whatlang language, where it has one.
pub fn iso639_1(lang: Lang) -> Option<&'static str> {
    Some(match lang {
        Lang::Epo => "eo",
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Ben => "bn",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ukr => "uk",
        Lang::Kat => "ka",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Jpn => "ja",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pol => "pl",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Kor => "ko",
        Lang::Nob => "nb",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Urd => "ur",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Pes => "fa",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
        Lang::Cym => "cy",
    })
}

/// Parses a language code: ISO 639-3 as whatlang spells it (`eng`, `cmn`, `pes`),
/// ISO 639-1 (`en`, `zh`, `fa`), and common aliases (`zho`/`chi` → Mandarin,
/// `fas`/`per` → Persian, `no`/`nor` → Bokmål, `msa`/`ms` are *not* Indonesian).
pub fn parse_code(code: &str) -> Option<Lang> {
    let c = code.trim().to_ascii_lowercase();
    if let Some(l) = Lang::from_code(c.as_str()) {
        return Some(l);
    }
    match c.as_str() {
        "zho" | "chi" | "zh-cn" | "zh-tw" => return Some(Lang::Cmn),
        "fas" | "per" => return Some(Lang::Pes),
        "no" | "nor" | "nno" | "nn" => return Some(Lang::Nob),
        "ger" => return Some(Lang::Deu),
        "fre" => return Some(Lang::Fra),
        "dut" => return Some(Lang::Nld),
        "cze" => return Some(Lang::Ces),
        "gre" => return Some(Lang::Ell),
        "rum" => return Some(Lang::Ron),
        "slo" => return Some(Lang::Slk),
        "arm" => return Some(Lang::Hye),
        "geo" => return Some(Lang::Kat),
        "bur" => return Some(Lang::Mya),
        "wel" => return Some(Lang::Cym),
        _ => {}
    }
    Lang::all().iter().copied().find(|&l| iso639_1(l) == Some(c.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_a_two_letter_code_that_parses_back() {
        for &l in Lang::all() {
            let two = iso639_1(l).unwrap_or_else(|| panic!("{l:?} has no 639-1 code"));
            assert_eq!(parse_code(two), Some(l), "{two}");
            assert_eq!(parse_code(l.code()), Some(l));
        }
    }

    #[test]
    fn aliases() {
        assert_eq!(parse_code("ID"), Some(Lang::Ind));
        assert_eq!(parse_code("zho"), Some(Lang::Cmn));
        assert_eq!(parse_code("no"), Some(Lang::Nob));
        assert_eq!(parse_code("xx"), None);
    }
}
