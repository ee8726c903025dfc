//! Particles written onto names. Korean case particles after them:
//! "김정은이" is the name "김정은" and the subject particle "이". Hebrew and
//! Arabic prefix letters before them: "בלונדון" is "in London". Every stage
//! that reads a name (the `ner` stage that bounds or finds a mention,
//! `normalize` that looks it up) cuts them with the same rules,
//! [`korean_particle_len`] and [`proclitic_forms`].

/// Particles that follow a syllable with a final consonant (batchim).
const AFTER_CONSONANT: &[&str] = &[
    "으로서",
    "으로",
    "이라는",
    "이라고",
    "이는",
    "이",
    "은",
    "을",
    "과",
];

/// Particles that follow a syllable without one.
const AFTER_VOWEL: &[&str] = &["라는", "라고", "가", "는", "를", "와"];

/// Particles that follow any syllable. "로" and "도" are left out: names end
/// with them ("카이로", Cairo; "홋카이도", Hokkaido).
const AFTER_ANY: &[&str] = &[
    "에서는",
    "에게서",
    "에서",
    "에게",
    "에는",
    "에도",
    "께서",
    "까지",
    "부터",
    "처럼",
    "보다",
    "과의",
    "와의",
    "의",
    "에",
    "만",
];

/// Whether a Hangul syllable ends in a consonant.
fn has_batchim(c: char) -> Option<bool> {
    let c = u32::from(c);
    (0xAC00..=0xD7A3)
        .contains(&c)
        .then(|| (c - 0xAC00) % 28 != 0)
}

/// The length in bytes of the Korean particle that ends `name`, or 0. A
/// particle is cut only after a Hangul syllable of the name, where Korean
/// would write it ("이", "은", "을", "과" after a final consonant, "가",
/// "는", "를", "와" after a vowel), or after a Latin letter or digit.
///
/// ```
/// use tidings_core::korean_particle_len;
/// fn cut(s: &str) -> &str {
///     &s[..s.len() - korean_particle_len(s)]
/// }
/// assert_eq!(cut("김정은이"), "김정은");
/// assert_eq!(cut("트럼프가"), "트럼프");
/// assert_eq!(cut("북한의"), "북한");
/// assert_eq!(cut("말레이"), "말레이"); // "이" after a vowel is no particle
/// assert_eq!(cut("카이로"), "카이로");
/// assert_eq!(cut("Seoul"), "Seoul");
/// assert_eq!(cut("NBA는"), "NBA"); // after Latin letters, any particle
/// ```
pub fn korean_particle_len(name: &str) -> usize {
    let lists = [
        (AFTER_ANY, None),
        (AFTER_CONSONANT, Some(true)),
        (AFTER_VOWEL, Some(false)),
    ];
    let mut best = 0;
    for (list, batchim) in lists {
        for p in list {
            let Some(stem) = name.strip_suffix(p) else {
                continue;
            };
            let Some(last) = stem.chars().next_back() else {
                continue;
            };
            // After Latin letters or digits ("NBA는", "FBI의") how the name
            // ends when read is unknown: any particle goes.
            let fits = match has_batchim(last) {
                Some(b) => batchim.is_none_or(|want| want == b),
                None => last.is_ascii_alphanumeric(),
            };
            if fits && p.len() > best {
                best = p.len();
            }
        }
    }
    best
}

/// Korean surnames common enough that a three-syllable person's name
/// starting with one is most likely a full name (surname + two syllables).
const SURNAMES: &str = "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄변채원천방공현함염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용";

/// Like [`korean_particle_len`], for a person's name: a full Korean name of
/// three syllables that ends in "은", a common last syllable of given names,
/// keeps it ("김정은", Kim Jong Un, is no "김정" + "은"); "김정은은", a
/// foreign name's "푸틴은", and particles that end no given name ("나달과",
/// Nadal and) are still cut.
///
/// ```
/// use tidings_core::korean_person_particle_len;
/// fn cut(s: &str) -> &str {
///     &s[..s.len() - korean_person_particle_len(s)]
/// }
/// assert_eq!(cut("김정은"), "김정은");
/// assert_eq!(cut("김정은은"), "김정은");
/// assert_eq!(cut("푸틴은"), "푸틴");
/// assert_eq!(cut("나달과"), "나달");
/// ```
pub fn korean_person_particle_len(name: &str) -> usize {
    let full_name = name.chars().count() == 3
        && name.ends_with('은')
        && name.chars().all(|c| has_batchim(c).is_some())
        && name.chars().next().is_some_and(|c| SURNAMES.contains(c));
    if full_name {
        0
    } else {
        korean_particle_len(name)
    }
}

/// Hebrew prefix letters: and, in, to, from, the, that, as.
const HEBREW_PREFIXES: &[char] = &['ו', 'ב', 'ל', 'מ', 'ה', 'ש', 'כ'];

/// Hebrew words whose first letters look like prefixes before a place's
/// name but are the word's own: "כיוון" (direction; "מכיוון", because) is
/// no "יוון" (Greece) after `כ`.
const HEBREW_WORDS: &[&str] = &[
    "כיוון",
    "מכיוון",
    "לכיוון",
    "בכיוון",
    "שכיוון",
    "וכיוון",
    "הכיוון",
];

/// Arabic proclitics before a name, longest first, with what stays in their
/// place: "لل" (to the) leaves the article "ال".
const ARABIC_PROCLITICS: &[(&str, &str)] = &[
    ("وبال", "ال"),
    ("وال", "ال"),
    ("فال", "ال"),
    ("بال", "ال"),
    ("كال", "ال"),
    ("ولل", "ال"),
    ("لل", "ال"),
    ("و", ""),
    ("ف", ""),
    ("ب", ""),
    ("ل", ""),
    ("ك", ""),
];

/// Hebrew and Arabic write prepositions and "and" as letters before a name
/// ("בלונדון", in London; "والقاهرة", and Cairo): the forms `key` (a name,
/// or a lookup key of its words) may take with them removed from its first
/// word, nearest first, at least two letters of the word left; empty for
/// other scripts. Which candidate is the name is for a table of names to
/// say: the `ner` stage's gazetteer of places, `normalize`'s tables.
///
/// ```
/// use tidings_core::proclitic_forms;
/// assert_eq!(proclitic_forms("בלונדון"), ["לונדון", "ונדון"]);
/// assert!(proclitic_forms("للقاهرة").contains(&"القاهرة".to_owned()));
/// assert!(proclitic_forms("london").is_empty());
/// // "מכיוון" (because) is a word of its own, not Greece (יוון) after two prefixes.
/// assert!(proclitic_forms("מכיוון").is_empty());
/// ```
pub fn proclitic_forms(key: &str) -> Vec<String> {
    let Some(first) = key.chars().next() else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    let mut push = |k: String| {
        // At least two letters of the name stay.
        let first_word = k.split(' ').next().unwrap_or("");
        if first_word.chars().count() >= 2 && k != key && !out.contains(&k) {
            out.push(k);
        }
    };
    if ('\u{05D0}'..='\u{05EA}').contains(&first) {
        // "כיוון" (direction) is no prefixed "יוון" (Greece).
        let first_word = key.split(' ').next().unwrap_or(key);
        if HEBREW_WORDS.contains(&first_word) {
            return out;
        }
        let mut rest = key;
        for _ in 0..2 {
            let mut chars = rest.chars();
            match chars.next() {
                Some(c) if HEBREW_PREFIXES.contains(&c) => {
                    rest = chars.as_str();
                    push(rest.to_owned());
                }
                _ => break,
            }
        }
    } else if ('\u{0621}'..='\u{064A}').contains(&first) {
        for (clitic, stays) in ARABIC_PROCLITICS {
            if let Some(rest) = key.strip_prefix(clitic) {
                push(format!("{stays}{rest}"));
                // The article too: "بالقاهرة" → "القاهرة" → "قاهرة".
                if !stays.is_empty() {
                    push(rest.to_owned());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hebrew_and_arabic_prefix_letters_come_off_the_first_word() {
        assert_eq!(proclitic_forms("בלונדון"), ["לונדון", "ונדון"]);
        assert_eq!(proclitic_forms("בניו יורק"), ["ניו יורק"]);
        let ar = proclitic_forms("والقاهرة");
        assert_eq!(ar[0], "القاهرة");
        assert!(proclitic_forms("للقاهرة").contains(&"القاهرة".to_owned()));
        assert!(proclitic_forms("بمصر").contains(&"مصر".to_owned()));
        // Latin and Cyrillic keys, and one letter left: nothing.
        assert!(proclitic_forms("london").is_empty());
        assert!(proclitic_forms("москва").is_empty());
        assert!(proclitic_forms("בל").is_empty());
    }

    fn cut(s: &str) -> &str {
        &s[..s.len() - korean_particle_len(s)]
    }

    #[test]
    fn particles_follow_the_final_consonant_rule() {
        assert_eq!(cut("김정은은"), "김정은");
        assert_eq!(cut("김정은을"), "김정은");
        assert_eq!(cut("바이든는"), "바이든는"); // 는 after a consonant: not a particle
        assert_eq!(cut("바이든과"), "바이든");
        assert_eq!(cut("시진핑와"), "시진핑와");
        assert_eq!(cut("평양에서"), "평양");
        assert_eq!(cut("서울에서는"), "서울");
        assert_eq!(cut("워싱턴으로"), "워싱턴");
        assert_eq!(cut("홋카이도"), "홋카이도");
        assert_eq!(cut("이"), "이");
        assert_eq!(cut(""), "");
    }
}
