//! Cue phrases: lines that say what they are ("Baca juga:", "Skip links",
//! "Read 357 times", "🍪 This website uses cookies…"), in many languages,
//! and date/time stamps.
//!
//! A cue only fires on a line short enough to be chrome; an article paragraph
//! that happens to mention cookies is long and is left to the density rules.

use std::sync::OnceLock;
use tidings_core::stopwords::FastMap;

use aho_corasick::AhoCorasick;
use regex::Regex;
use tidings_core::BoilerplateReason as R;

mod phrases;
use phrases::{
    CONTACT_PHRASES, COOKIE, DATE, EXACT, JOURNALIST_STEMS, PREFIXES, RIGHTS_RESERVED, STAMP_WORD,
};

/// `PREFIXES` bucketed by first character, `EXACT` as a map, and the
/// anywhere-in-the-line phrase lists as one automaton each (one pass over a
/// line instead of one search per phrase; every line of every page asks).
struct Tables {
    prefixes: FastMap<char, Vec<(&'static str, R)>>,
    exact: FastMap<&'static str, R>,
    cookie: Phrases,
    rights_reserved: Phrases,
    journalist: Phrases,
    contact: Phrases,
}

/// Whether a line contains any of a list of phrases.
struct Phrases {
    list: &'static [&'static str],
    /// `None` only if the automaton could not be built (then: one search each).
    automaton: Option<AhoCorasick>,
}

impl Phrases {
    fn new(list: &'static [&'static str]) -> Phrases {
        Phrases {
            list,
            automaton: AhoCorasick::new(list).ok(),
        }
    }

    fn any_in(&self, text: &str) -> bool {
        match &self.automaton {
            Some(a) => a.is_match(text),
            None => self.list.iter().any(|p| text.contains(p)),
        }
    }

    /// Like [`Phrases::any_in`], where a phrase that ends in a cased letter
    /// must not run on into one: "consent" is no cue inside Italian
    /// "consentono" (allow). Caseless scripts (クッキー) have no word edges
    /// to test.
    fn any_word_in(&self, text: &str) -> bool {
        let ends_word = |at: usize| {
            let before = text[..at].chars().next_back();
            let after = text[at..].chars().next();
            !(before.is_some_and(char::is_lowercase) && after.is_some_and(char::is_alphabetic))
        };
        match &self.automaton {
            Some(a) => a.find_overlapping_iter(text).any(|m| ends_word(m.end())),
            None => self.list.iter().any(|p| {
                text.match_indices(p)
                    .any(|(at, found)| ends_word(at + found.len()))
            }),
        }
    }
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let mut prefixes: FastMap<char, Vec<(&'static str, R)>> = FastMap::default();
        for &(p, r) in PREFIXES {
            if let Some(c) = p.chars().next() {
                prefixes.entry(c).or_default().push((p, r));
            }
        }
        Tables {
            prefixes,
            exact: EXACT.iter().copied().collect(),
            cookie: Phrases::new(COOKIE),
            rights_reserved: Phrases::new(RIGHTS_RESERVED),
            journalist: Phrases::new(JOURNALIST_STEMS),
            contact: Phrases::new(CONTACT_PHRASES),
        }
    })
}

fn regexes() -> Option<&'static Regexes> {
    static RE: OnceLock<Option<Regexes>> = OnceLock::new();
    RE.get_or_init(Regexes::new).as_ref()
}

/// `pattern` with every `\b` an ASCII word boundary.
fn ascii_boundaries(pattern: &str) -> String {
    pattern.replace(r"\b", r"(?-u:\b)")
}

struct Regexes {
    /// Widgets with counts: "(1 Vote)", "Read 357 times", "12 comments", "Dilihat 120 kali".
    counter: Regex,
    /// Date / time pieces; a line that is mostly these is a timestamp.
    date: Regex,
    /// "2 hours ago", "3 jam lalu", "vor 5 Minuten", "il y a 2 heures", "hace 3 horas".
    relative: Regex,
    /// "Published", "Updated", "Diperbarui"… followed by a date.
    stamp_word: Regex,
    /// `date` and `stamp_word` with ASCII word boundaries, for lines whose
    /// only word characters are ASCII (where they find the same matches).
    date_ascii_b: Regex,
    stamp_word_ascii_b: Regex,
    /// A word character outside ASCII (as Unicode `\w` defines it).
    non_ascii_word: Regex,
    /// A comment's header: "Jane on May 3, 2018 at 4:47 pm said:", "Max sagt:".
    comment_head: Regex,
    /// A comment section's header: "34 responses to “Title”", "12 thoughts on …".
    comment_count: Regex,
    /// A year or a clock time, as comment headers carry.
    year_or_time: Regex,
    /// A photo credit closing a line: "(Yonhap)", "(AP Photo/Jane Doe)",
    /// "(ANTARA FOTO/…)", "… Getty Images", "… Image".
    credit_end: Regex,
    /// What captions say: "in this photo", "(center)", "pictured", "foto:".
    caption_words: Regex,
    /// A photo agency's credit anywhere: "ANTARA FOTO/", "AP Photo/".
    credit_any: Regex,
    /// "Jane Doe is one of Daily NK's full-time journalists", "X adalah
    /// wartawan …": a name, a copula, a journalist's trade.
    author_note: Regex,
    /// "Please direct any questions about her articles to", "follow him on".
    author_contact: Regex,
}

impl Regexes {
    fn new() -> Option<Regexes> {
        Some(Regexes {
            counter: Regex::new(
                r"(?i)^\(?\s*\d[\d.,]*\s*(votes?|views?|comments?|kommentare?|commentaires?|comentarios?|comentários?|komentar|shares?|likes?|reads?|times?|kali|просмотр\w*|комментари\w*)\s*\)?$|^(read|viewed|dilihat|dibaca|gelesen|lu|leído|lido)\s+\d[\d.,]*\s*(times|kali|mal|fois|veces|vezes)?$|^\d[\d.,]*\s*(min|mins|minute|minutes|menit|minuten)\s*(read|baca|lesezeit|de lecture|de lectura|de leitura)?$",
            )
            .ok()?,
            date: Regex::new(DATE).ok()?,
            date_ascii_b: Regex::new(&ascii_boundaries(DATE)).ok()?,
            relative: Regex::new(
                r"(?i)^\d+\s*(seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|detik|menit|jam|hari|minggu|bulan|tahun)\s+(ago|lalu|yang lalu)$|^(vor|il y a|hace|há)\s+\d+\s+\w+$|^\d+\s*(分钟前|小时前|天前)$|^\d+\s*(минут\w*|час\w*|дн\w*|дня)\s+назад$",
            )
            .ok()?,
            comment_head: Regex::new(
                r"(?i)\b(said|says|wrote|writes|replied|sagt|sagte|schrieb|dit|a écrit|dice|dijo|escribió|disse|escreveu|berkata|menulis|написал\w*|пишет)\s*:$",
            )
            .ok()?,
            comment_count: Regex::new(
                r"(?i)^(\d+|one|two|three)\s+(responses?|thoughts|comments?|replies|reply|kommentare?|commentaires?|comentarios?|comentários|komentar)\s+(to|on|zu|à|sur|a|em|para|untuk|pada)\b",
            )
            .ok()?,
            year_or_time: Regex::new(r"\b(19|20)\d{2}\b|\b\d{1,2}:\d{2}\b").ok()?,
            credit_end: Regex::new(
                r"(?i)(\((yonhap|ap|afp|reuters|antara|xinhua|kcna|epa|efe|ansa|tass|ria novosti|bernama|getty( images)?|ist|istimewa|dok|dokumentasi|file|handout|photo|foto|ap photo|afp photo|reuters photo|antara foto|epa-efe)\b[^()]{0,60}\)|\b(getty images|shutterstock|images?|photos?|foto|ilustrasi|illustration))\s*[.]?$",
            )
            .ok()?,
            caption_words: Regex::new(
                r"(?i)\bin this (photo|picture|image|file photo)\b|\bphoto (released|taken|provided|distributed)\b|\b(pictured|file photo|photographed)\b|\((center|centre|left|right|front|rear|back|l|r|c|kiri|kanan|tengah)\b[^()]{0,20}\)|\b(is|are) seen\b|\bfoto\s*:|\bphoto\s*:|\bdalam foto\b|\bfoto (ini|tersebut|yang)\b",
            )
            .ok()?,
            credit_any: Regex::new(r"(?i)\b(antara ?foto|ap photo|afp photo|reuters photo|epa-efe|getty images)\s*/").ok()?,
            author_note: Regex::new(
                r"^\p{Lu}[\p{L}.'’-]*(\s+\p{Lu}[\p{L}.'’-]*){0,4}\s+(is|was|adalah|merupakan|ist|est|es|é|è|är|er)\s+(one of|a|an|the|our|seorang|salah satu|ein|eine|un|une|uno|una|um|uma)?\s*.{0,80}?\b(journalists?|reporters?|correspondents?|writers?|editors?|contributors?|columnists?|wartawan|jurnalis|kontributor|koresponden|penulis|redaktur|journalist(in)?|redakteur(in)?|korrespondent(in)?|journaliste|correspondant|periodista|corresponsal|jornalista|giornalista|journalisten)\b",
            )
            .ok()?,
            author_contact: Regex::new(
                r"(?i)\b(direct (any )?questions about (his|her|their) (articles?|stories|work)|follow (him|her|them) on|(he|she) can be reached at|contact (him|her) at|email (him|her) at|hubungi penulis|dapat dihubungi)\b",
            )
            .ok()?,
            stamp_word: Regex::new(STAMP_WORD).ok()?,
            stamp_word_ascii_b: Regex::new(&ascii_boundaries(STAMP_WORD)).ok()?,
            non_ascii_word: Regex::new(r"[\w&&[^\x00-\x7F]]").ok()?,
        })
    }
}

/// True when a line is a date/time stamp (and little else).
pub(crate) fn is_timestamp(line: &str) -> bool {
    let Some(re) = regexes() else { return false };
    // Every pattern needs a digit; most lines have none (cheap check first).
    if line.len() > 320 || !line.bytes().any(|b| b.is_ascii_digit()) || line.chars().count() > 80 {
        return false;
    }
    let lower = line.trim().to_lowercase();
    if re.relative.is_match(&lower) {
        return true;
    }
    // Unicode `\b` makes the regex engine leave its DFA for a backtracker on
    // any non-ASCII line. Where no character outside ASCII is a word
    // character (`’`, `–`, no-break spaces), ASCII `\b` finds the same
    // boundaries, and the DFA runs.
    let (stamp_word, date) = if lower.is_ascii() || !re.non_ascii_word.is_match(&lower) {
        (&re.stamp_word_ascii_b, &re.date_ascii_b)
    } else {
        (&re.stamp_word, &re.date)
    };
    let rest = stamp_word.replace(&lower, "");
    let had_word = rest.len() != lower.len();
    // One pass over the date pieces: their count, and the line without them
    // (as `replace_all(.., " ")` would leave it).
    let mut date_pieces = 0;
    let mut stripped = String::with_capacity(rest.len());
    let mut last = 0;
    for m in date.find_iter(&rest) {
        date_pieces += 1;
        stripped.push_str(&rest[last..m.start()]);
        stripped.push(' ');
        last = m.end();
    }
    if date_pieces == 0 {
        return false;
    }
    stripped.push_str(&rest[last..]);
    let leftover_words = stripped
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count();
    (date_pieces >= 2 || had_word) && leftover_words <= 1
}

fn lower_trimmed(line: &str) -> String {
    line.trim()
        .trim_start_matches(|c: char| !c.is_alphanumeric() && !"©(".contains(c))
        .to_lowercase()
}

/// A photo caption or credit, or a note about the author.
///
/// Each regex runs only on lines that contain what any of its matches must
/// contain (a `/`, a closing bracket or credit word at the end, a
/// journalist's trade, a contact phrase): most lines are prose and skip
/// them all, and the answers are the regexes' own.
fn caption_or_note(re: &Regexes, t: &Tables, line: &str, lower: &str, words: u32) -> Option<R> {
    if words > 60 {
        return None;
    }
    let line = line.trim();
    if lower.contains('/') && re.credit_any.is_match(lower) {
        return Some(R::Caption);
    }
    if may_end_in_credit(lower) && re.credit_end.is_match(lower) {
        // A bare credit ("… Image", "(Yonhap)") on a short line, or one that
        // says it describes a picture.
        let bare_credit = words <= 12 && !ends_sentence_text(line);
        if bare_credit || re.caption_words.is_match(lower) {
            return Some(R::Caption);
        }
    }
    if words <= 25 && lower.starts_with("foto") && re.caption_words.is_match(lower) {
        return Some(R::Caption);
    }
    if (t.journalist.any_in(lower) && re.author_note.is_match(line))
        || (t.contact.any_in(lower) && re.author_contact.is_match(lower))
    {
        return Some(R::AuthorNote);
    }
    None
}

/// What every match of `credit_end` ends with (before spaces and one `.`):
/// a closing bracket or one of its credit words.
fn may_end_in_credit(lower: &str) -> bool {
    let end = lower.trim_end();
    let end = end.strip_suffix('.').unwrap_or(end).trim_end();
    end.ends_with(')')
        || [
            "image",
            "images",
            "photo",
            "photos",
            "foto",
            "ilustrasi",
            "illustration",
            "shutterstock",
        ]
        .iter()
        .any(|w| end.ends_with(w))
}

/// Whether a line ends like a sentence of prose.
fn ends_sentence_text(line: &str) -> bool {
    line.trim_end()
        .ends_with(['.', '!', '?', '。', '！', '？', '"', '”', '»'])
}

/// The boilerplate kind a line announces, if any.
///
/// `words` is the number of word tokens in the line; cues only fire on lines
/// short enough to be chrome.
pub(crate) fn cue(line: &str, words: u32) -> Option<R> {
    let chars = line.chars().count();
    if chars > 400 {
        return None;
    }
    let lower = lower_trimmed(line);
    let bare = lower.trim_matches(|c: char| !c.is_alphanumeric());
    let tables = tables();
    if let Some(r) = tables.exact.get(bare) {
        return Some(*r);
    }
    if chars <= 250 && tables.cookie.any_word_in(&lower) {
        return Some(R::CookieBanner);
    }
    // Longer consent texts: "This website uses cookies to improve your experience…".
    if lower.contains("cookie")
        && [
            "website",
            "this site",
            "browser",
            "consent",
            "your experience",
            "navigate",
        ]
        .iter()
        .any(|w| lower.contains(w))
    {
        return Some(R::CookieBanner);
    }
    // Markup that leaked into text (a <noscript> body, a shortcode).
    if (lower.starts_with('<') && (lower.contains("src=") || lower.contains("href=")))
        || (lower.starts_with('[') && lower.contains("link="))
    {
        return Some(R::Hidden);
    }
    if let Some(re) = regexes() {
        if chars <= 60 && bare.bytes().any(|b| b.is_ascii_digit()) && re.counter.is_match(bare) {
            return Some(R::Share);
        }
        let counted = lower.starts_with(|c: char| c.is_ascii_digit())
            || ["one ", "two ", "three "]
                .iter()
                .any(|w| lower.starts_with(w));
        if words <= 30 && counted && re.comment_count.is_match(&lower) {
            return Some(R::Comments);
        }
        // With a year or a time in it: "the minister said:" before a quote
        // is prose.
        if words <= 16
            && lower.ends_with(':')
            && re.comment_head.is_match(&lower)
            && re.year_or_time.is_match(&lower)
        {
            return Some(R::Comments);
        }
    }
    let candidates = lower
        .chars()
        .next()
        .and_then(|c| tables.prefixes.get(&c))
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    for (p, r) in candidates {
        if lower.starts_with(p) {
            let limit = match r {
                // "By Jane Doe" — a byline is a handful of words.
                R::Byline => 10,
                R::Caption => 40,
                R::RelatedLinks => 30,
                R::Newsletter | R::Share | R::Comments => 25,
                R::Advertisement => 4,
                _ => 30,
            };
            if words <= limit {
                return Some(*r);
            }
        }
    }
    if let Some(re) = regexes() {
        if let Some(r) = caption_or_note(re, tables, line, &lower, words) {
            return Some(r);
        }
    }
    if tables.rights_reserved.any_in(&lower) {
        return Some(R::Footer);
    }
    if is_timestamp(line) {
        return Some(R::Timestamp);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_cues(cases: &[(&str, R)]) {
        for &(line, want) in cases {
            let words = line.split_whitespace().count() as u32;
            assert_eq!(cue(line, words), Some(want), "{line}");
        }
    }

    #[test]
    fn a_cookie_word_inside_another_word_is_no_banner() {
        assert_cues(&[
            ("Manage consent", R::CookieBanner),
            ("We use cookies.", R::CookieBanner),
            ("Cookie-Einstellungen", R::CookieBanner),
            ("クッキーの設定", R::CookieBanner),
        ]);
        // Italian "consentire" (allow) and a cookie jar's name are prose.
        for line in [
            "Intersecandosi, i fattori naturali possono produrre condizioni ideali che consentono a queste alghe di moltiplicarsi.",
            "La decisione ha consentito al governo di rinviare il voto.",
        ] {
            let words = line.split_whitespace().count() as u32;
            assert_ne!(cue(line, words), Some(R::CookieBanner), "{line}");
        }
    }

    /// `is_timestamp` as written before its ASCII-boundary fast path: the
    /// Unicode regexes, `find_iter` then `replace_all`.
    fn is_timestamp_reference(line: &str) -> bool {
        let re = regexes().expect("the cue regexes compile");
        if line.len() > 320
            || !line.bytes().any(|b| b.is_ascii_digit())
            || line.chars().count() > 80
        {
            return false;
        }
        let lower = line.trim().to_lowercase();
        if re.relative.is_match(&lower) {
            return true;
        }
        let rest = re.stamp_word.replace(&lower, "");
        let had_word = rest.len() != lower.len();
        let date_pieces = re.date.find_iter(&rest).count();
        if date_pieces == 0 {
            return false;
        }
        let stripped = re.date.replace_all(&rest, " ");
        let leftover_words = stripped
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .count();
        (date_pieces >= 2 || had_word) && leftover_words <= 1
    }

    #[test]
    fn timestamps_with_ascii_boundaries_equal_the_unicode_ones() {
        assert!(regexes().is_some(), "a cue regex does not compile");
        let words = [
            "12",
            "2024",
            "3",
            "03.05.2024",
            "4:47",
            "pm",
            "wib",
            "mai",
            "März",
            "märz",
            "января",
            "2024年3月5日",
            "Updated:",
            "Veröffentlicht",
            "on",
            "’",
            "–",
            "\u{a0}",
            "·",
            "|",
            "é",
            "x2020",
            "é2020",
            "2020é",
            "_",
            "\u{212a}",
            "ſ",
            "٣",
            "12th",
            "sept.",
            "jan",
            "3rd",
            "Mon",
            "ago",
            "hours",
            "vor",
            "Minuten",
            "(",
            ")",
            "Foto",
            "5",
            "\u{200d}",
            "\u{301}",
            "‿",
            "fri",
        ];
        let mut lines = vec![
            "02 December 2024 16:27 WIB".to_owned(),
            "Updated: March 3, 2024 · 4:47 pm".to_owned(),
            "3. März 2024 – 14:02".to_owned(),
            "5 января 2024".to_owned(),
            "é2020 12".to_owned(),
            "2020é 12:00".to_owned(),
        ];
        // Every pair and triple of the pieces above, joined three ways.
        for a in words {
            for b in words {
                for sep in [" ", "", "\u{a0}"] {
                    lines.push(format!("{a}{sep}{b}"));
                    for c in ["12", "2024", "’", "é", "pm"] {
                        lines.push(format!("{a}{sep}{b} {c}"));
                    }
                }
            }
        }
        let mut yes = 0;
        for line in &lines {
            let want = is_timestamp_reference(line);
            assert_eq!(is_timestamp(line), want, "{line:?}");
            yes += usize::from(want);
        }
        // Both answers occur, or the comparison would prove little.
        assert!(
            yes > 100 && yes < lines.len() / 2,
            "{yes} of {}",
            lines.len()
        );
    }

    #[test]
    fn cues_in_several_languages() {
        let cases = [
            (
                "Baca juga: Korea Utara gelar parade militer",
                R::RelatedLinks,
            ),
            ("Sumber: Yonhap-OANA", R::Metadata),
            ("Berita Lainnya", R::RelatedLinks),
            ("Lesen Sie auch: Die Lage in Nordkorea", R::RelatedLinks),
            ("À lire aussi : la visite du président", R::RelatedLinks),
            ("Читайте также: визит в Пхеньян", R::RelatedLinks),
            ("Skip links", R::Navigation),
            ("Print this page", R::Share),
            ("Rate this item", R::Share),
            ("(1 Vote)", R::Share),
            ("Read 357 times", R::Share),
            (
                "🍪 This website uses cookies to improve your web experience.",
                R::CookieBanner,
            ),
            (
                "Wir verwenden Cookies, um Ihnen das beste Erlebnis zu bieten.",
                R::CookieBanner,
            ),
            ("02 December 2024 16:27 WIB", R::Timestamp),
            ("Updated: March 3, 2024", R::Timestamp),
            ("3 jam lalu", R::Timestamp),
            ("By Jane Doe and John Smith", R::Byline),
            (
                "Milan Griffes on September 12, 2018 at 4:47 pm said:",
                R::Comments,
            ),
            ("Max Mustermann am 3. Mai 2020 um 14:02 sagte:", R::Comments),
            (
                "34 responses to “Anthony Lynn: “We needed to win this game””",
                R::Comments,
            ),
            ("12 thoughts on “Open thread”", R::Comments),
            ("Click to share on Twitter (Opens in new window)", R::Share),
            ("Latest Headlines", R::RelatedLinks),
            ("© 2024 Example Media. All rights reserved.", R::Footer),
        ];
        assert_cues(&cases);
    }

    #[test]
    fn captions_author_notes_and_bylines_in_english_and_indonesian() {
        let cases = [
            (
                "Kim Jong Un (center, rear) presides over a meeting of the Political Bureau in this photo released by the Korean Central News Agency on June 30. (Yonhap)",
                R::Caption,
            ),
            ("North Korean leader Kim Jong Un Image", R::Caption),
            ("Satellite view of the Sohae launch site (AP Photo/Maxar)", R::Caption),
            (
                "Presiden Joko Widodo meresmikan Bendungan Jlantah di Karanganyar, Jawa Tengah. ANTARA FOTO/Mohammad Ayudha/rwa.",
                R::Caption,
            ),
            ("Foto: Presiden Joko Widodo saat meninjau bendungan", R::Caption),
            (
                "Warga melintasi jalan yang tergenang banjir di Jakarta, Senin. (ANTARA/Aprillio Akbar)",
                R::Caption,
            ),
            (
                "Ha Yoon Ah is one of Daily NK's full-time journalists. Please direct any questions about her articles to",
                R::AuthorNote,
            ),
            ("Please direct any questions about his articles to dailynk@dailynk.com", R::AuthorNote),
            ("Jane Doe is a staff reporter covering North Korea for the Herald.", R::AuthorNote),
            ("Budi Santoso adalah wartawan senior Antara di Jakarta.", R::AuthorNote),
            ("Pewarta: Aji Cakti", R::Byline),
            ("Editor: Rahmad Nasution", R::Byline),
            ("Penulis: Dewi Fajriani", R::Byline),
            ("Redaktur: Rizal Fahmi", R::Byline),
        ];
        assert_cues(&cases);
    }

    #[test]
    fn article_sentences_are_not_cues() {
        for line in [
            "Kim bertemu dengan delegasi Rusia pada Rabu (26/7).",
            "He received Thomas Bach, president of the International Olympic Committee, and his entourage on their visit to Pyongyang in March.",
            "By the end of the year, the company had sold more than two million units across the region and expanded into three new markets.",
            "Selama pertemuan pada Jumat (28/7), kedua belah pihak menegaskan kembali komitmen mereka.",
            "In a statement, the company said:",
            "On Monday, 3 May, the minister said:",
            "Seoul (ANTARA) - Pemimpin Korea Utara (Korut) Kim Jong-un bertemu dengan delegasi China, sehari setelah merayakan 70 tahun gencatan senjata Perang Korea, kata media pemerintah Korut pada Sabtu.",
            "Kim Jong Un, Chairman of the Workers’ Party of Korea, made an unofficial visit to China at the invitation of Xi Jinping.",
            "The Iranian Ilna carried a special write-up, titled, “Unique diplomacy” together with his photos on its website on November 26.",
            "Smith, who is a reporter for the local paper, said the mayor would resign.",
            "The agency released satellite images.",
        ] {
            let words = line.split_whitespace().count() as u32;
            assert_eq!(cue(line, words), None, "{line}");
        }
    }
}
