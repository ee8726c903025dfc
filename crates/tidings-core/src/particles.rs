//! Korean case particles after names: "김정은이" is the name "김정은" and the
//! subject particle "이". Every stage that reads a name (the `ner` stage that
//! bounds a mention, `normalize` that looks it up) cuts them with the same
//! rule, [`korean_particle_len`].

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
/// particle is cut only after at least one Hangul syllable of the name, and
/// only where Korean would write it: "이", "은", "을", "과" after a final
/// consonant, "가", "는", "를", "와" after a vowel.
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
            let Some(b) = has_batchim(last) else {
                continue;
            };
            if batchim.is_none_or(|want| want == b) && p.len() > best {
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
/// three syllables keeps its last one even where it looks like a particle
/// ("김정은", Kim Jong Un, is no "김정" + "은"); "김정은은" and a foreign
/// name's "푸틴은" are still cut.
///
/// ```
/// use tidings_core::korean_person_particle_len;
/// fn cut(s: &str) -> &str {
///     &s[..s.len() - korean_person_particle_len(s)]
/// }
/// assert_eq!(cut("김정은"), "김정은");
/// assert_eq!(cut("김정은은"), "김정은");
/// assert_eq!(cut("푸틴은"), "푸틴");
/// ```
pub fn korean_person_particle_len(name: &str) -> usize {
    let full_name = name.chars().count() == 3
        && name.chars().all(|c| has_batchim(c).is_some())
        && name.chars().next().is_some_and(|c| SURNAMES.contains(c));
    if full_name {
        0
    } else {
        korean_particle_len(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
