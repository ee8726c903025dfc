//! Rules applied to a sentence's decoded mentions, each against one class of
//! error a tagger trained on news makes (a run-on headline name, a title's
//! place joined to the person it leads, a capitalised common word, a person
//! ending in "Island"). Each reads the words and the model's resources and
//! edits the spans in place.

use tidings_core::EntityLabel;

use crate::features::starts_upper;
use crate::labels::TokenSpan;
use crate::resources::Resources;
use crate::token::is_initial;

/// Applies every rule, in order: what the model's decoder returns for a
/// sentence becomes what the stage reports.
///
/// `places` holds the gazetteer marks the features computed for `words` (1
/// begins a place name, 2 goes on with it), or nothing.
pub(super) fn apply(
    words: &[&str],
    res: Option<&Resources>,
    places: &[u8],
    spans: &mut Vec<TokenSpan>,
) {
    if let Some(res) = res {
        trim_headline_words(words, res, spans);
        split_title_place_person(words, res, spans);
        drop_capitalised_common_words(words, res, spans);
        drop_uncapitalised(words, spans);
        relabel_by_head_word(words, spans);
        relabel_demonyms(words, spans);
        relabel_korean_demonyms(words, res, spans);
        add_caseless_places(words, res, places, spans);
        add_genitive_places(words, res, spans);
    }
    join_initials(words, spans);
    trim_punctuation(words, spans);
    drop_lone_letters(words, spans);
}

/// A mention that is one letter of an alphabet, an abjad or an abugida
/// (Thai `ศ` of `ค.ศ.`, A.D.; Arabic, Hebrew, Devanagari, Bengali) is an
/// abbreviation's piece, no name. One Han or kana character, Latin and
/// Cyrillic letters (`X`, a company; an initial) are left to the other
/// rules.
fn drop_lone_letters(words: &[&str], spans: &mut Vec<TokenSpan>) {
    let lone = |s: &TokenSpan| {
        let mut letters = words[s.start..s.end]
            .iter()
            .flat_map(|w| w.chars())
            .filter(|c| c.is_alphabetic());
        match (letters.next(), letters.next()) {
            (Some(c), None) => matches!(
                c as u32,
                0x0590..=0x05FF | 0x0600..=0x06FF | 0x0900..=0x09FF | 0x0E00..=0x0E7F
            ),
            _ => false,
        }
    };
    spans.retain(|s| !lone(s));
}

/// Whether `word` is written in a script without case (Arabic, Hebrew,
/// Thai, Devanagari, Bengali, Han, Hangul…): its letters are neither upper
/// nor lower case.
fn caseless(word: &str) -> bool {
    let mut letters = word.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(|c| !c.is_uppercase() && !c.is_lowercase())
}

/// In a script without case a tagger has no capital letter to go by, and a
/// model trained on local news misses the foreign places world news names. A
/// place name of the model's gazetteer (CLDR's countries and cities in every
/// locale) that no mention covers becomes a `LOC` mention, when its words
/// are caseless, with Hebrew and Arabic prefix letters or without.
fn add_caseless_places(words: &[&str], res: &Resources, places: &[u8], spans: &mut Vec<TokenSpan>) {
    add_places_where(spans, words.len(), |i, covered| {
        if covered[i] || !caseless(words[i]) {
            return 0;
        }
        match places.get(i) {
            // The features' longest match, left to right.
            Some(1) => 1 + places[i + 1..].iter().take_while(|&&g| g == 2).count(),
            Some(_) => place_with_particle_at(words, i, res),
            None => match res.place_prefix_len(&words[i..]) {
                0 => place_with_particle_at(words, i, res),
                n => n,
            },
        }
    });
}

/// Adds a `LOC` mention for each place `place_at(i, covered)` finds, left to
/// right: it returns the place's length in words at word `i` (0 for none),
/// `covered` saying which words a mention holds; a place that would overlap
/// one is left out.
fn add_places_where(
    spans: &mut Vec<TokenSpan>,
    words: usize,
    mut place_at: impl FnMut(usize, &[bool]) -> usize,
) {
    let mut covered = vec![false; words];
    for s in spans.iter() {
        covered[s.start..s.end].iter_mut().for_each(|c| *c = true);
    }
    let mut added = false;
    let mut i = 0;
    while i < words {
        let n = place_at(i, &covered);
        if n > 0 && !covered[i..i + n].iter().any(|&c| c) {
            spans.push(TokenSpan {
                start: i,
                end: i + n,
                label: EntityLabel::Location,
            });
            added = true;
            i += n;
        } else {
            i += 1;
        }
    }
    if added {
        spans.sort_by_key(|s| s.start);
    }
}

/// Scandinavian, German and Dutch write a place's genitive with `-s` on its
/// last word ("Nya Zeelands polis", "Singapores Grand Prix",
/// "Deutschlands"), which the gazetteer does not list and the model, having
/// seen few of them, misses. A capitalised run that no mention covers and
/// that is a gazetteer place with its last word's `s` taken off becomes a
/// `LOC` mention (the `normalize` stage takes the `s` off again). A word
/// whose `s` belongs to it in English ("Athens", "Brussels") is a place
/// either way.
fn add_genitive_places(words: &[&str], res: &Resources, spans: &mut Vec<TokenSpan>) {
    add_places_where(spans, words.len(), |i, covered| {
        (1..=3)
            .rev()
            .find(|&n| {
                let Some(run) = words.get(i..i + n) else {
                    return false;
                };
                if covered[i..i + n].iter().any(|&c| c) || !run.iter().all(|w| starts_upper(w)) {
                    return false;
                }
                let last = run[n - 1];
                let Some(stem) = last.strip_suffix('s') else {
                    return false;
                };
                // "Islands" is no genitive of Island (Iceland in German and
                // Swedish): a word the text writes in lowercase is a common noun.
                if stem.chars().count() < 3
                    || stem.ends_with(['s', '\'', '’'])
                    || res.is_common_lower(&last.to_lowercase())
                    || res.is_common_lower(&stem.to_lowercase())
                {
                    return false;
                }
                let candidate = run[..n - 1].iter().copied().chain(std::iter::once(stem));
                res.place_len(candidate) == n
            })
            .unwrap_or(0)
    });
}

/// The length in words of the place name that begins at `words[i]` with a
/// Korean particle after a one-word name, or with Hebrew or Arabic prefix
/// letters off its first word ("בלונדון", in London: the mention keeps them,
/// as the tagger's do, and `normalize` takes them off again); 0 when none
/// does.
fn place_with_particle_at(words: &[&str], i: usize, res: &Resources) -> usize {
    // A one-word name with a Korean particle ("베를린에서", in Berlin): the
    // stage bounds the mention before the particle, as it does the tagger's.
    let word = words[i];
    let particle = tidings_core::korean_particle_len(word);
    if particle > 0 && res.place_prefix_len(&[&word[..word.len() - particle]]) == 1 {
        return 1;
    }
    let rest = &words[i + 1..];
    tidings_core::proclitic_forms(word)
        .iter()
        .map(|form| res.place_len(std::iter::once(form.as_str()).chain(rest.iter().copied())))
        .find(|&n| n > 0)
        .unwrap_or(0)
}

/// In a title-case headline ("Kim Jong-Un Seek Support from Russia") the
/// common words after a name are capitalised too and a tagger trained on
/// cased text runs the name on into them: a person's name ends before its
/// trailing common lowercase words ("Seek Support").
fn trim_headline_words(words: &[&str], res: &Resources, spans: &mut [TokenSpan]) {
    let person = spans.iter().any(|s| s.label == EntityLabel::Person);
    if !person || !crate::features::is_title_case(words, res) {
        return;
    }
    for s in spans.iter_mut() {
        if s.label != EntityLabel::Person {
            continue;
        }
        while s.end > s.start + 1 && res.is_common_lower(&words[s.end - 1].to_lowercase()) {
            s.end -= 1;
        }
    }
}

/// The number of words at the start of `words` that are a title
/// (`tidings_core::is_only_titles`: "Pemimpin", "Prime Minister"); 0 if none.
fn title_words_at(words: &[&str]) -> usize {
    (1..=3.min(words.len()))
        .rev()
        .find(|&n| tidings_core::is_only_titles(&words[..n].join(" ")))
        .unwrap_or(0)
}

/// After a title, news writes the place a person leads and then the person
/// ("Pemimpin Korea Utara Kim Jong-un", "Presiden Rusia Vladimir Putin"), and
/// a tagger often runs the two into one mention. A mention that a title
/// precedes or opens, and that goes on with a known place name (the model's
/// gazetteer), is that place (`LOC`) and, when capitalised words follow, the
/// person (`PER`): "Pemimpin Korea Utara" → "Korea Utara" LOC. The title
/// itself stays outside both.
fn split_title_place_person(words: &[&str], res: &Resources, spans: &mut Vec<TokenSpan>) {
    let mut out: Vec<TokenSpan> = Vec::with_capacity(spans.len());
    for s in spans.drain(..) {
        let inner = title_words_at(&words[s.start..s.end]);
        let before = (1..=3.min(s.start))
            .any(|n| tidings_core::is_only_titles(&words[s.start - n..s.start].join(" ")));
        if inner == 0 && !before {
            out.push(s);
            continue;
        }
        let at = s.start + inner;
        let place = res.place_prefix_len(&words[at..s.end]);
        if place == 0 {
            out.push(s);
            continue;
        }
        let rest = at + place;
        let named = rest < s.end
            && words[rest]
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase()));
        if rest < s.end && !named {
            // "Presiden Amerika Serikat terpilih …": not a place and a name.
            out.push(s);
            continue;
        }
        out.push(TokenSpan {
            start: at,
            end: rest,
            label: EntityLabel::Location,
        });
        if named {
            out.push(TokenSpan {
                start: rest,
                end: s.end,
                label: EntityLabel::Person,
            });
        }
    }
    *spans = out;
}

/// A word capitalised only because it opens a sentence or a quotation
/// ("Furthermore, …", titled “Unique diplomacy”) is no name: a one-word
/// mention there is dropped when the training text writes the word in
/// lowercase mid-sentence and never as a name.
fn drop_capitalised_common_words(words: &[&str], res: &Resources, spans: &mut Vec<TokenSpan>) {
    let opening = |w: &str| {
        w.chars().all(|c| {
            matches!(
                c,
                '"' | '“' | '‘' | '«' | '„' | '(' | '[' | '\'' | '-' | '—' | '–'
            )
        })
    };
    spans.retain(|s| {
        if s.end != s.start + 1 {
            return true;
        }
        let quoted = s.start > 0 && opening(words[s.start - 1]);
        let first = s.start == 0 || quoted;
        let w = words[s.start];
        // A quoted title goes on in lowercase (“Unique diplomacy”): there
        // even a word the training text knows as a name is the title's.
        let title = quoted
            && words
                .get(s.end)
                .is_some_and(|n| n.chars().next().is_some_and(char::is_lowercase));
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        !(first
            && capital
            && (res.is_common_lower(&w.to_lowercase()) && (title || !res.is_known_entity(&[w]))
                || opening_adverb(words, s.start, res)))
    });
}

/// In a script with capitals, a name has one: a mention written in lowercase
/// letters only ("американцев", "polizia", "mama") is dropped, in a sentence
/// that writes capitals elsewhere (a sentence in lowercase only, as chat or
/// lowercased corpora write, is left to the model).
fn drop_uncapitalised(words: &[&str], spans: &mut Vec<TokenSpan>) {
    let upper = |w: &str| w.chars().any(char::is_uppercase);
    if !words.iter().skip(1).any(|w| upper(w)) {
        return;
    }
    spans.retain(|s| {
        let mut letters = words[s.start..s.end]
            .iter()
            .flat_map(|w| w.chars())
            .filter(|c| c.is_alphabetic())
            .peekable();
        let cased = letters.peek().is_some_and(|c| c.is_lowercase());
        !(cased && letters.all(|c| c.is_lowercase()))
    });
}

/// An English adverb opening a sentence ("Interestingly, …", "Unfortunately,
/// …"): a word in `-ly` before a comma, with an adverb's ending no surname in
/// `-ly` has ("-ingly", "-ately", "-ously"…; not Reilly, Connolly, Kimberly),
/// or whose stem the training text writes in lowercase ("happy" for
/// "Happily"); never a place of the gazetteer (Italy).
fn opening_adverb(words: &[&str], i: usize, res: &Resources) -> bool {
    const ADVERB_ENDINGS: &[&str] = &[
        "ingly", "ately", "ously", "fully", "ively", "edly", "ently", "antly", "ibly", "ably",
        "ically", "ionally",
    ];
    let w = words[i].to_ascii_lowercase();
    let Some(stem) = w.strip_suffix("ly").filter(|s| s.len() >= 4) else {
        return false;
    };
    let y_stem = stem.strip_suffix('i').map(|s| format!("{s}y"));
    let adverb = ADVERB_ENDINGS.iter().any(|e| w.ends_with(e))
        || res.is_common_lower(stem)
        || y_stem.is_some_and(|s| res.is_common_lower(&s));
    words[i].is_ascii()
        && words.get(i + 1) == Some(&",")
        && adverb
        && res.place_prefix_len(&words[i..i + 1]) == 0
}

/// Last words that make a name a place or an organisation, not a person
/// (English, lowercased).
const PLACE_HEADS: &[&str] = &[
    "island",
    "islands",
    "river",
    "street",
    "square",
    "avenue",
    "road",
    "bridge",
    "mountain",
    "mountains",
    "lake",
    "bay",
    "sea",
    "ocean",
    "valley",
    "airport",
    "station",
    "province",
    "county",
    "district",
    "peninsula",
    "strait",
    "canal",
    "harbour",
    "harbor",
    "desert",
    "coast",
];
const ORG_HEADS: &[&str] = &[
    "party",
    "committee",
    "council",
    "ministry",
    "university",
    "company",
    "corporation",
    "agency",
    "association",
    "bank",
    "army",
    "navy",
    "government",
    "parliament",
    "commission",
    "institute",
    "federation",
    "union",
    "league",
    "club",
    "department",
    "foundation",
];

/// A person's name does not end in "Island" or "Committee": a `PER` mention
/// whose last word is a place's or an organisation's head noun ("Sentosa
/// Island") takes that type.
///
/// A place or a `MISC` name that ends in an organisation's head noun is that
/// organisation ("Russian Federation Council", "Korean People's Army"),
/// unless the noun also ends places ("Soviet Union", "Russian Federation",
/// "West Bank": [`PLACE_TOO`]).
fn relabel_by_head_word(words: &[&str], spans: &mut [TokenSpan]) {
    for s in spans.iter_mut() {
        if s.label == EntityLabel::Organization || s.end < s.start + 2 {
            continue;
        }
        let last = words[s.end - 1];
        if !last.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        let last = last.to_lowercase();
        let org_head = ORG_HEADS.contains(&last.as_str());
        if s.label == EntityLabel::Person {
            if PLACE_HEADS.contains(&last.as_str()) {
                s.label = EntityLabel::Location;
            } else if org_head {
                s.label = EntityLabel::Organization;
            }
        } else if org_head && !PLACE_TOO.contains(&last.as_str()) {
            s.label = EntityLabel::Organization;
        }
    }
}

/// A place's name used for its people or its language is no place (CoNLL's
/// `MISC`, as "German" or "Greeks" are in English): Chinese and Japanese
/// write them with 人 (people) or 语/語 (language) after the name ("挪威人",
/// Norwegian; "英语"), Indonesian and Malay with "orang", "bangsa", "suku" or
/// "bahasa" before it ("orang Jerman"), Thai with ชาว or ภาษา before it. A
/// place so written becomes `MISC`; one that took the 人 in becomes `MISC`
/// without it. Persons are left alone (菅直人, Naoto Kan), and so is a place
/// before a word that starts with 人 without naming its people: 人口
/// (population), 人民, 人权, 人大, 人士, 人员, 人物, 人质.
fn relabel_demonyms(words: &[&str], spans: &mut [TokenSpan]) {
    const AFTER: &[&str] = &["人", "语", "語"];
    const NOT_PEOPLE: &[&str] = &[
        "口", "民", "权", "權", "大", "士", "员", "員", "物", "质", "質",
    ];
    const BEFORE: &[&str] = &["orang", "bangsa", "suku", "bahasa", "ชาว", "ภาษา"];
    let han = |w: &str| {
        w.chars()
            .all(|c| matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}'))
    };
    for s in spans.iter_mut() {
        if s.label != EntityLabel::Location {
            continue;
        }
        let last = words[s.end - 1];
        let compound = |at: usize| words.get(at).is_some_and(|w| NOT_PEOPLE.contains(w));
        if s.end - s.start >= 2 && AFTER.contains(&last) && han(words[s.end - 2]) {
            if !compound(s.end) {
                s.end -= 1;
                s.label = EntityLabel::Misc;
            }
            continue;
        }
        let after = words.get(s.end).copied();
        let people_after =
            after.is_some_and(|w| AFTER.contains(&w)) && han(last) && !compound(s.end + 1);
        let people_before = s.start > 0 && BEFORE.contains(&words[s.start - 1]);
        if people_after || people_before {
            s.label = EntityLabel::Misc;
        }
    }
}

/// Korean writes a place's people and language as one word with 인 or 어
/// after the place ("스페인어", Spanish; "베네수엘라인", Venezuelans): a mention
/// ending in such a word whose place the gazetteer knows becomes `MISC`. A
/// place whose own name ends so ("스페인", Spain) is left alone.
fn relabel_korean_demonyms(words: &[&str], res: &Resources, spans: &mut [TokenSpan]) {
    let hangul = |w: &str| w.chars().all(|c| ('\u{AC00}'..='\u{D7AF}').contains(&c));
    for s in spans.iter_mut() {
        let last = words[s.end - 1];
        let Some(stem) = last.strip_suffix('어').or_else(|| last.strip_suffix('인')) else {
            continue;
        };
        if !stem.is_empty()
            && hangul(last)
            && res.place_prefix_len(&[last]) == 0
            && res.place_prefix_len(&[stem]) == 1
        {
            s.label = EntityLabel::Misc;
        }
    }
}

/// Organisations' head nouns that end places' names too.
const PLACE_TOO: &[&str] = &["union", "federation", "bank", "league", "government"];

/// A name neither starts nor ends with a bracket, a quote or a dash
/// ("ANTARA )" → "ANTARA"); a span of punctuation only is dropped.
fn trim_punctuation(words: &[&str], spans: &mut Vec<TokenSpan>) {
    let bare = |w: &str| !w.chars().any(char::is_alphanumeric);
    for s in spans.iter_mut() {
        while s.start < s.end && bare(words[s.start]) {
            s.start += 1;
        }
        while s.end > s.start && bare(words[s.end - 1]) {
            s.end -= 1;
        }
    }
    spans.retain(|s| s.start < s.end);
}

/// An initial with its period stays inside a person's name: "Donald J.
/// Trump" where a model (trained on text that writes initials without a
/// period, or none) found "Trump", or "Donald" and "Trump".
fn join_initials(words: &[&str], spans: &mut Vec<TokenSpan>) {
    let initial = |w: &str| w.strip_suffix('.').is_some_and(is_initial);
    spans.sort_by_key(|s| s.start);
    let mut out: Vec<TokenSpan> = Vec::with_capacity(spans.len());
    for mut s in spans.drain(..) {
        while s.label == EntityLabel::Person
            && s.start >= 2
            && initial(words[s.start - 1])
            && starts_upper(words[s.start - 2])
        {
            match out.last() {
                // The initial belongs to another mention.
                Some(p) if p.end > s.start - 1 => break,
                // "Donald" (a person) "J." "Trump": one person.
                Some(p) if p.end == s.start - 1 => {
                    if p.label != EntityLabel::Person {
                        break;
                    }
                    s.start = p.start;
                    out.pop();
                }
                _ => s.start -= 2,
            }
        }
        out.push(s);
    }
    *spans = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize, label: EntityLabel) -> TokenSpan {
        TokenSpan { start, end, label }
    }

    #[test]
    fn a_place_after_a_title_is_split_from_the_person_it_leads() {
        let mut res = Resources::default();
        res.add_names(["Korea Utara", "Rusia", "Amerika Serikat"]);
        let words: Vec<&str> = "Pemimpin Korea Utara Kim Jong - un bertemu Presiden Rusia"
            .split(' ')
            .collect();
        // One mention over place and person after the title; the title and
        // the place alone as another.
        let mut spans = vec![
            span(1, 7, EntityLabel::Location),
            span(8, 10, EntityLabel::Organization),
        ];
        split_title_place_person(&words, &res, &mut spans);
        assert_eq!(
            spans,
            vec![
                span(1, 3, EntityLabel::Location),
                span(3, 7, EntityLabel::Person),
                span(9, 10, EntityLabel::Location),
            ]
        );
        // No title before or inside: left alone ("Korea Utara Kim" stays).
        let mut spans = vec![span(1, 4, EntityLabel::Location)];
        let words: Vec<&str> = "di Korea Utara Kim".split(' ').collect();
        split_title_place_person(&words, &res, &mut spans);
        assert_eq!(spans, vec![span(1, 4, EntityLabel::Location)]);
        // A lowercase word after the place: not a place and a person.
        let words: Vec<&str> = "Presiden Amerika Serikat terpilih".split(' ').collect();
        let mut spans = vec![span(1, 4, EntityLabel::Person)];
        split_title_place_person(&words, &res, &mut spans);
        assert_eq!(spans, vec![span(1, 4, EntityLabel::Person)]);
    }

    #[test]
    fn one_letter_of_an_abjad_or_abugida_is_no_name() {
        // Thai `ค.ศ.` (A.D.) cut into letters and dots; an Arabic letter; a
        // Latin letter and a Han character are left to the other rules.
        let words = ["ค", ".", "ศ", ".", "ب", "X", "美", "ลอนดอน"];
        let mut spans = vec![
            span(2, 3, EntityLabel::Person),
            span(4, 5, EntityLabel::Location),
            span(5, 6, EntityLabel::Organization),
            span(6, 7, EntityLabel::Location),
            span(7, 8, EntityLabel::Location),
        ];
        drop_lone_letters(&words, &mut spans);
        assert_eq!(
            spans,
            vec![
                span(5, 6, EntityLabel::Organization),
                span(6, 7, EntityLabel::Location),
                span(7, 8, EntityLabel::Location),
            ]
        );
    }

    #[test]
    fn a_known_place_in_a_caseless_script_is_a_location() {
        let mut res = Resources::default();
        res.add_names([
            "ลอนดอน",
            "الصين",
            "Turkey",
            "نيويورك سيتي",
            "לונדון",
            "베를린",
        ]);
        // Thai: London, found by no mention, becomes one.
        let words = ["ผู้ชุมนุม", "ใน", "ลอนดอน"];
        let mut spans = vec![];
        add_caseless_places(&words, &res, &[], &mut spans);
        assert_eq!(spans, vec![span(2, 3, EntityLabel::Location)]);
        // The same from the features' gazetteer marks (1 begins a name, 2
        // goes on), which the tagger computed already.
        let mut spans = vec![];
        add_caseless_places(&words, &res, &[0, 1, 2], &mut spans);
        assert_eq!(spans, vec![span(1, 3, EntityLabel::Location)]);
        // Arabic: a two-word name, after a mention the model found, and a
        // place a mention already covers is left to it.
        let words = ["زار", "محمد", "نيويورك", "سيتي", "ثم", "الصين"];
        let mut spans = vec![
            span(1, 2, EntityLabel::Person),
            span(5, 6, EntityLabel::Organization),
        ];
        add_caseless_places(&words, &res, &[], &mut spans);
        assert_eq!(
            spans,
            vec![
                span(1, 2, EntityLabel::Person),
                span(2, 4, EntityLabel::Location),
                span(5, 6, EntityLabel::Organization),
            ]
        );
        // Hebrew "in London": the prefix letter stays in the mention.
        let words = ["הפגנה", "בלונדון"];
        let mut spans = vec![];
        add_caseless_places(&words, &res, &[], &mut spans);
        assert_eq!(spans, vec![span(1, 2, EntityLabel::Location)]);
        // Korean "in Berlin": the word with its particle.
        let words = ["시위는", "베를린에서", "열렸다"];
        let mut spans = vec![];
        add_caseless_places(&words, &res, &[], &mut spans);
        assert_eq!(spans, vec![span(1, 2, EntityLabel::Location)]);
        // A cased script keeps its capitals as the model's evidence: "turkey"
        // for dinner is no country.
        let words = ["roast", "turkey", "and", "Turkey"];
        let mut spans = vec![];
        add_caseless_places(&words, &res, &[], &mut spans);
        assert!(spans.is_empty());
    }

    #[test]
    fn places_in_the_genitive_s() {
        let mut res = Resources::default();
        res.add_names(["Nya Zeeland", "Singapore", "Irak"]);
        // Swedish "New Zealand's police" and "Singapore's Grand Prix".
        let words = [
            "Nya",
            "Zeelands",
            "polis",
            "och",
            "Singapores",
            "Grand",
            "Prix",
        ];
        let mut spans = vec![span(5, 7, EntityLabel::Misc)];
        add_genitive_places(&words, &res, &mut spans);
        assert_eq!(
            spans,
            vec![
                span(0, 2, EntityLabel::Location),
                span(4, 5, EntityLabel::Location),
                span(5, 7, EntityLabel::Misc),
            ]
        );
        // A common noun's plural: left alone.
        res.add_names(["Island"]);
        res.set_vocab(["island", "islands"]);
        let mut spans = vec![];
        add_genitive_places(&["Balleny", "Islands"], &res, &mut spans);
        assert!(spans.is_empty());
        // Lowercase, covered, or no place without the `s`: left alone.
        let words = ["iraks", "Iraks", "Paris", "Iraks"];
        let mut spans = vec![span(3, 4, EntityLabel::Person)];
        add_genitive_places(&words, &res, &mut spans);
        assert_eq!(
            spans,
            vec![
                span(1, 2, EntityLabel::Location),
                span(3, 4, EntityLabel::Person)
            ]
        );
    }

    #[test]
    fn a_common_word_capitalised_by_its_position_is_no_name() {
        let mut res = Resources::default();
        res.set_vocab(["furthermore", "unique"]);
        res.add_entities([(vec!["unique".to_owned()], 2)]);
        let words: Vec<&str> = "Furthermore , he met “ Unique ” and “ Furthermore ” in Oslo"
            .split(' ')
            .collect();
        let mut spans = vec![
            span(0, 1, EntityLabel::Person),
            span(5, 6, EntityLabel::Organization),
            span(9, 10, EntityLabel::Organization),
            span(12, 13, EntityLabel::Location),
        ];
        drop_capitalised_common_words(&words, &res, &mut spans);
        // "Unique" is a known name, Oslo is not common in lowercase.
        assert_eq!(
            spans,
            vec![
                span(5, 6, EntityLabel::Organization),
                span(12, 13, EntityLabel::Location),
            ]
        );
        // A quoted title that goes on in lowercase: the known name is the
        // title's first word.
        let words: Vec<&str> = "a write-up , titled , “ Unique diplomacy ” with photos"
            .split(' ')
            .collect();
        let mut spans = vec![span(6, 7, EntityLabel::Organization)];
        drop_capitalised_common_words(&words, &res, &mut spans);
        assert!(spans.is_empty());
    }

    #[test]
    fn a_korean_place_with_its_people_or_language_is_misc() {
        let mut res = Resources::default();
        res.add_names(["스페인", "베네수엘라"]);
        let words = ["스페인어", "베네수엘라인", "스페인", "라틴어"];
        let mut spans: Vec<TokenSpan> = (0..4)
            .map(|i| span(i, i + 1, EntityLabel::Location))
            .collect();
        relabel_korean_demonyms(&words, &res, &mut spans);
        let labels: Vec<EntityLabel> = spans.iter().map(|s| s.label).collect();
        assert_eq!(
            labels,
            [
                EntityLabel::Misc,
                EntityLabel::Misc,
                EntityLabel::Location,
                EntityLabel::Location
            ]
        );
    }

    #[test]
    fn a_mention_without_a_capital_is_no_name_where_capitals_are_written() {
        let words = ["Встреча", "американцев", "с", "Путиным"];
        let mut spans = vec![
            span(1, 2, EntityLabel::Person),
            span(3, 4, EntityLabel::Person),
        ];
        drop_uncapitalised(&words, &mut spans);
        assert_eq!(spans, vec![span(3, 4, EntityLabel::Person)]);
        // Text in lowercase only, and caseless scripts, are left alone.
        let words = ["pertemuan", "jokowi", "dengan", "putin"];
        let mut spans = vec![span(1, 2, EntityLabel::Person)];
        drop_uncapitalised(&words, &mut spans);
        assert_eq!(spans.len(), 1);
        let words = ["Встреча", "ในลอนดอน", "Путиным"];
        let mut spans = vec![span(1, 2, EntityLabel::Location)];
        drop_uncapitalised(&words, &mut spans);
        assert_eq!(spans.len(), 1);
    }

    #[test]
    fn an_adverb_opening_a_sentence_is_no_name() {
        let mut res = Resources::default();
        res.add_names(["Italy"]);
        res.set_vocab(["happy", "the"]);
        for adverb in ["Interestingly", "Happily"] {
            let words = [adverb, ",", "the", "team", "won"];
            let mut spans = vec![span(0, 1, EntityLabel::Person)];
            drop_capitalised_common_words(&words, &res, &mut spans);
            assert!(spans.is_empty(), "{adverb}");
        }
        // A place in -ly, a surname in -ly, or a name in -ly that no comma
        // follows, stays.
        for words in [
            ["Italy", ",", "the", "team", "won"],
            ["Reilly", ",", "45", ",", "won"],
            ["Kimberly", "said", "the", "team", "won"],
        ] {
            let mut spans = vec![span(0, 1, EntityLabel::Location)];
            drop_capitalised_common_words(&words, &res, &mut spans);
            assert_eq!(spans.len(), 1, "{words:?}");
        }
    }

    #[test]
    fn a_person_does_not_end_in_island_or_party() {
        let words: Vec<&str> = "met on Sentosa Island with Workers Party and Lee Hsien Loong"
            .split(' ')
            .collect();
        let mut spans = vec![
            span(2, 4, EntityLabel::Person),
            span(5, 7, EntityLabel::Person),
            span(8, 11, EntityLabel::Person),
        ];
        relabel_by_head_word(&words, &mut spans);
        assert_eq!(
            spans,
            vec![
                span(2, 4, EntityLabel::Location),
                span(5, 7, EntityLabel::Organization),
                span(8, 11, EntityLabel::Person),
            ]
        );
    }

    #[test]
    fn a_place_or_misc_ending_in_an_organisations_noun_is_that_organisation() {
        let words: Vec<&str> =
            "the Russian Federation Council , the Korean People’s Army , the Soviet Union and the West Bank"
                .split(' ')
                .collect();
        let mut spans = vec![
            span(1, 4, EntityLabel::Location),
            span(6, 9, EntityLabel::Misc),
            span(11, 13, EntityLabel::Location),
            span(15, 17, EntityLabel::Location),
        ];
        relabel_by_head_word(&words, &mut spans);
        assert_eq!(
            spans,
            vec![
                span(1, 4, EntityLabel::Organization),
                span(6, 9, EntityLabel::Organization),
                span(11, 13, EntityLabel::Location),
                span(15, 17, EntityLabel::Location),
            ]
        );
    }

    #[test]
    fn a_place_named_for_its_people_or_language_is_misc() {
        // 他是挪威人，会说英语，中国人口: Norwegian, English, China's population.
        let words = [
            "他", "是", "挪", "威", "人", "，", "会", "说", "英", "语", "，", "中", "国", "人",
            "口",
        ];
        let mut spans = vec![
            span(2, 4, EntityLabel::Location),
            span(8, 9, EntityLabel::Location),
            span(11, 13, EntityLabel::Location),
        ];
        relabel_demonyms(&words, &mut spans);
        assert_eq!(
            spans,
            vec![
                span(2, 4, EntityLabel::Misc),
                span(8, 9, EntityLabel::Misc),
                span(11, 13, EntityLabel::Location),
            ]
        );
        // The 人 inside a place is cut off; a person keeps it (菅直人).
        let mut spans = vec![span(2, 5, EntityLabel::Location)];
        relabel_demonyms(&words, &mut spans);
        assert_eq!(spans, vec![span(2, 4, EntityLabel::Misc)]);
        let mut spans = vec![span(2, 5, EntityLabel::Person)];
        relabel_demonyms(&words, &mut spans);
        assert_eq!(spans, vec![span(2, 5, EntityLabel::Person)]);
        // 中国人权: China's human rights, not the Chinese.
        let words = ["中", "国", "人", "权"];
        let mut spans = vec![span(0, 2, EntityLabel::Location)];
        relabel_demonyms(&words, &mut spans);
        assert_eq!(spans, vec![span(0, 2, EntityLabel::Location)]);
        // Indonesian: "orang Jerman" (Germans), but "di Jerman" (in Germany).
        let words = ["orang", "Jerman", "tinggal", "di", "Jerman"];
        let mut spans = vec![
            span(1, 2, EntityLabel::Location),
            span(4, 5, EntityLabel::Location),
        ];
        relabel_demonyms(&words, &mut spans);
        assert_eq!(
            spans,
            vec![
                span(1, 2, EntityLabel::Misc),
                span(4, 5, EntityLabel::Location)
            ]
        );
    }
}
