//! Honorifics and job titles in front of a person's name ("Supreme Leader Kim
//! Jong Un", "Presiden Joko Widodo", "Herr Scholz"): the `ner` stage keeps
//! them outside the `PER` span, whatever the backend put in it, and the
//! `normalize` stage leaves them out of a person's canonical name.
//!
//! One list serves every language: a title of one language is seldom a name
//! in another. Words that are also common surnames (`Major`, `Bishop`,
//! `Judge`) are left out.

/// Lowercased titles, one or more words, without final periods. Longer
/// titles are tried first, so "vice president" wins over "vice".
const TITLES: &[&str] = &[
    // English
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "president",
    "vice president",
    "president-elect",
    "prime minister",
    "deputy prime minister",
    "minister",
    "foreign minister",
    "defence minister",
    "defense minister",
    "finance minister",
    "interior minister",
    "senator",
    "sen",
    "rep",
    "representative",
    "congressman",
    "congresswoman",
    "governor",
    "gov",
    "mayor",
    "king",
    "queen",
    "prince",
    "princess",
    "crown prince",
    "emperor",
    "empress",
    "pope",
    "cardinal",
    "archbishop",
    "rev",
    "reverend",
    "father",
    "sheikh",
    "sheik",
    "emir",
    "sultan",
    "ayatollah",
    "imam",
    "rabbi",
    "general",
    "gen",
    "lt",
    "lt gen",
    "colonel",
    "col",
    "captain",
    "capt",
    "sergeant",
    "sgt",
    "admiral",
    "commander",
    "chairman",
    "chairwoman",
    "chair",
    "chancellor",
    "secretary",
    "secretary of state",
    "secretary-general",
    "secretary general",
    "justice",
    "chief justice",
    "speaker",
    "premier",
    "ambassador",
    "envoy",
    "leader",
    "supreme leader",
    "chief executive",
    "ceo",
    "coach",
    "manager",
    "director",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "detective",
    "officer",
    "inspector",
    "superintendent",
    "deputy",
    "state councillor",
    "comrade",
    "marshal",
    "dictator",
    "chief",
    "pm",
    "supreme commander",
    "commander-in-chief",
    "first lady",
    "first secretary",
    "general secretary",
    // Indonesian and Malay
    "presiden",
    "wakil presiden",
    "wapres",
    "menteri",
    "perdana menteri",
    "menko",
    "gubernur",
    "wakil gubernur",
    "bupati",
    "wali kota",
    "walikota",
    "camat",
    "lurah",
    "pak",
    "bapak",
    "bu",
    "ibu",
    "sdr",
    "saudara",
    "saudari",
    "kapolri",
    "kapolda",
    "kapolres",
    "jenderal",
    "jendral",
    "kolonel",
    "mayor jenderal",
    "letnan",
    "brigjen",
    "irjen",
    "komjen",
    "ketua",
    "ketua umum",
    "wakil ketua",
    "direktur",
    "direktur utama",
    "dirut",
    "sekjen",
    "panglima",
    "raja",
    "ratu",
    "pangeran",
    "marsekal",
    "haji",
    "hj",
    "kh",
    "kiai",
    "kyai",
    "ustaz",
    "ustadz",
    "habib",
    "tuan",
    "nyonya",
    "dokter",
    "profesor",
    "hakim",
    "jaksa",
    "duta besar",
    "dubes",
    "pemimpin",
    "pemimpin tertinggi",
    "juru bicara",
    "jubir",
    "anggota",
    "kepala",
    "gus",
    // German, Dutch, Scandinavian
    "herr",
    "frau",
    "präsident",
    "präsidentin",
    "kanzler",
    "kanzlerin",
    "bundeskanzler",
    "bundeskanzlerin",
    "minister-president",
    "ministerpräsident",
    "meneer",
    "mevrouw",
    "statsminister",
    "kung",
    "drottning",
    "könig",
    "königin",
    // French, Spanish, Portuguese, Italian, Romanian
    "m",
    "mme",
    "mlle",
    "monsieur",
    "madame",
    "président",
    "présidente",
    "ministre",
    "premier ministre",
    "sr",
    "sra",
    "señor",
    "señora",
    "presidente",
    "ministro",
    "ministra",
    "rey",
    "reina",
    "senhor",
    "senhora",
    "signor",
    "signora",
    "domnul",
    "doamna",
    "președintele",
    // Russian, Ukrainian
    "господин",
    "госпожа",
    "г-н",
    "г-жа",
    "президент",
    "премьер-министр",
    "премьер",
    "министр",
    "председатель",
    "генерал",
    "глава",
    "лидер",
    "пан",
    "пані",
    "прем'єр-міністр",
    "міністр",
    "голова",
    "доктор",
    "д-р",
    "профессор",
    "професор",
    "академик",
    "академік",
    "сенатор",
    "губернатор",
    "канцлер",
    "мэр",
    "мер",
    "посол",
    "депутат",
    "президента",
    "президентом",
    "президенту",
    "министра",
    "генерала",
    "доктора",
    "профессора",
    // Bulgarian, Serbian, Macedonian (Cyrillic)
    "премиер",
    "министър",
    "др",
    "председник",
    "премијер",
    "министар",
    "претседател",
    // Thai (Khun, Mr, Mrs, Miss)
    "คุณ",
    "นาย",
    "นาง",
    "นางสาว",
    // Turkish ("Bayan Çiller"; "Bay", Mr, is also a surname and is
    // `normalize`'s to cut in Turkish paragraphs only)
    "bayan",
    "sayın",
    "sayin",
];

/// The length in bytes of the titles at the start of `mention` (a `PER`
/// mention), up to the first word of the name; 0 when it starts with none, or
/// when nothing but titles would remain.
///
/// ```
/// use tidings_core::title_prefix_len;
/// let m = "Supreme Leader Kim Jong Un";
/// assert_eq!(&m[title_prefix_len(m)..], "Kim Jong Un");
/// let m = "Presiden Joko Widodo";
/// assert_eq!(&m[title_prefix_len(m)..], "Joko Widodo");
/// let m = "Sayın Reid";
/// assert_eq!(&m[title_prefix_len(m)..], "Reid");
/// assert_eq!(title_prefix_len("President"), 0);
/// ```
pub fn title_prefix_len(mention: &str) -> usize {
    title_words(mention).1
}

/// Whether `mention` is nothing but titles ("Supreme Leader", "Presiden"):
/// a description, not a name.
///
/// ```
/// assert!(tidings_core::is_only_titles("The Supreme Leader"));
/// assert!(!tidings_core::is_only_titles("Supreme Leader Kim"));
/// ```
pub fn is_only_titles(mention: &str) -> bool {
    let m = mention.trim();
    let m = ["the ", "The "]
        .iter()
        .find_map(|a| m.strip_prefix(a))
        .unwrap_or(m);
    let (n, _) = title_words(m);
    n > 0 && n == m.split_whitespace().count()
}

/// At most this many words of a text are read for its titles: no run of
/// titles is longer, and the `ner` stage asks about the rest of a paragraph,
/// which may be a whole book on one line.
const MAX_TITLE_WORDS: usize = 32;

/// (titles at the start in words, byte offset of the first word after them;
/// 0 when no word follows).
fn title_words(mention: &str) -> (usize, usize) {
    // Word start offsets (bytes) and lowercased words without a final period,
    // read only as far as the titles go: the `ner` stage asks at every
    // mention, and most start with no title at all.
    let mut rest = mention.split_whitespace().take(MAX_TITLE_WORDS).map(|w| {
        let at = w.as_ptr() as usize - mention.as_ptr() as usize;
        (at, w.trim_end_matches('.').to_lowercase())
    });
    let mut words: Vec<(usize, String)> = Vec::new();
    let mut i: usize = 0;
    'outer: loop {
        // The longest title has three words.
        words.extend(rest.by_ref().take((i + 3).saturating_sub(words.len())));
        for n in (1..=3).rev() {
            if i + n > words.len() {
                continue;
            }
            let joined = words[i..i + n]
                .iter()
                .map(|(_, w)| w.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            if TITLES.contains(&joined.as_str()) {
                i += n;
                continue 'outer;
            }
        }
        break;
    }
    let at = words
        .get(i)
        .map_or(0, |&(at, _)| if i == 0 { 0 } else { at });
    (i, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(m: &str) -> &str {
        &m[title_prefix_len(m)..]
    }

    #[test]
    fn leading_titles_leave_the_name_in_every_shipped_language() {
        assert_eq!(name("Supreme Leader Kim Jong Un"), "Kim Jong Un");
        assert_eq!(name("President Donald J. Trump"), "Donald J. Trump");
        assert_eq!(name("Mr. Kim"), "Kim");
        assert_eq!(name("Prime Minister Narendra Modi"), "Narendra Modi");
        assert_eq!(name("Presiden Joko Widodo"), "Joko Widodo");
        assert_eq!(name("Wakil Presiden Jusuf Kalla"), "Jusuf Kalla");
        assert_eq!(
            name("Ketua Umum Megawati Soekarnoputri"),
            "Megawati Soekarnoputri"
        );
        assert_eq!(name("Pak Hasto"), "Hasto");
        assert_eq!(name("Президент Владимир Путин"), "Владимир Путин");
        assert_eq!(name("Bundeskanzler Olaf Scholz"), "Olaf Scholz");
    }

    #[test]
    fn names_without_titles_and_bare_titles_are_untouched() {
        for m in [
            "Donald J. Trump",
            "Kim Jong Un",
            "John Major",
            "President",
            "Presiden",
        ] {
            assert_eq!(title_prefix_len(m), 0, "{m}");
        }
    }
}
