//! Head nouns of place and organisation names (`models/normalize/heads.tsv`):
//! "斯坦福大学", "Университет Дэлхаузи", "جامعة ستانفورد" and "Universidad de
//! Stanford" are each a modifier and a head noun, written in English with the
//! head's template ("{} University", or "University of {}" after a place).
//!
//! This module finds the head and the modifier; `resolve` names the modifier
//! with its tables and fills the template.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Where a head stands in the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    After,
    Before,
    Either,
}

/// One row of the table: the English templates of a head noun.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Head {
    position: Position,
    template: String,
    /// The template after a place the tables know; `None`: `template`.
    place_template: Option<String>,
}

/// A name cut into its head noun and its modifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    /// The modifier as written ("Стэнфордского", "Дэлхаузи", "斯坦福").
    pub modifier: &'a str,
    /// The English template for a modifier that is no known place.
    pub template: &'a str,
    /// The English template for a modifier that is a known place.
    pub place_template: &'a str,
    /// A head of one letter or syllable ("州", "섬"), or a Thai one, which
    /// ends or begins many other words: only a modifier the tables know makes
    /// it a head.
    pub short: bool,
}

/// The head-noun table.
#[derive(Debug, Default)]
pub(crate) struct Heads {
    heads: Vec<Head>,
    /// Whole-word forms (lower case) → rows.
    words: HashMap<String, Vec<usize>>,
    /// Forms in scripts without spaces (Han, kana, Hangul, Thai), longest
    /// first: matched at the end or the start of the name.
    affixes: Vec<(String, usize)>,
    /// Words between a head and the modifier after it ("de", "του").
    links: HashSet<String>,
}

/// Whether `c` is a letter of a script written without spaces between words
/// (or, for Hangul, whose compounds are written with or without one).
fn unspaced(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0E7F}'          // Thai
        | '\u{3040}'..='\u{30FF}'        // kana
        | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' // Han
        | '\u{AC00}'..='\u{D7AF}') // Hangul
}

impl Heads {
    /// Reads the table (`#` comments; `link` rows; then `languages`,
    /// `after`/`before`/`either`, the English template, the place template or
    /// `-`, and the forms, tab-separated). The languages say whom a row is
    /// written for; its forms are looked for in any text, their scripts
    /// keeping them apart.
    pub(crate) fn parse(text: &str) -> Heads {
        let mut t = Heads::default();
        for line in text.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.first() == Some(&"link") {
                t.links
                    .extend(fields.iter().skip(4).map(|w| w.to_lowercase()));
                continue;
            }
            let [_, position, template, place, forms @ ..] = fields.as_slice() else {
                continue;
            };
            let position = match *position {
                "after" => Position::After,
                "before" => Position::Before,
                _ => Position::Either,
            };
            let row = t.heads.len();
            t.heads.push(Head {
                position,
                template: (*template).to_owned(),
                place_template: (*place != "-").then(|| (*place).to_owned()),
            });
            for form in forms.iter().filter(|f| !f.is_empty()) {
                if form.chars().all(unspaced) {
                    t.affixes.push(((*form).to_owned(), row));
                } else {
                    t.words.entry(form.to_lowercase()).or_default().push(row);
                }
            }
        }
        t.affixes
            .sort_by_key(|a| std::cmp::Reverse(a.0.chars().count()));
        t
    }

    /// The compiled-in table, or `None` without the `embedded-models` feature.
    pub(crate) fn embedded() -> Option<&'static Heads> {
        #[cfg(feature = "embedded-models")]
        {
            static HEADS: OnceLock<Heads> = OnceLock::new();
            Some(HEADS.get_or_init(|| Heads::parse(tidings_model_normalize::HEADS)))
        }
        #[cfg(not(feature = "embedded-models"))]
        {
            // Without the models only the tests read a table.
            let _ = (OnceLock::<Heads>::new, Heads::parse);
            None
        }
    }

    fn split_at<'a>(&'a self, row: usize, modifier: &'a str, short: bool) -> Option<Split<'a>> {
        let modifier = modifier.trim_matches(|c: char| c.is_whitespace() || c == '-' || c == '・');
        if modifier.is_empty() {
            return None;
        }
        let head = &self.heads[row];
        Some(Split {
            modifier,
            template: &head.template,
            place_template: head.place_template.as_deref().unwrap_or(&head.template),
            short,
        })
    }

    /// The ways `name` is a modifier and a head noun, the longest head first.
    /// `first_word_forms` gives the other forms of the first word to try as a
    /// head (a Hebrew or Arabic word without its prefix letters).
    pub(crate) fn splits<'a>(
        &'a self,
        name: &'a str,
        first_word_forms: impl Fn(&str) -> Vec<String>,
    ) -> Vec<Split<'a>> {
        let mut out = Vec::new();
        let name = name.trim();
        // Scripts without spaces: the head is the end or the start of the name.
        for (form, row) in &self.affixes {
            // Thai writes no spaces between words, so its heads also begin
            // other words (`รัฐ`, state, begins `รัฐสภา`, parliament).
            let thai = form.chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c));
            let short = form.chars().count() == 1 || thai;
            let head = &self.heads[*row];
            if head.position != Position::Before {
                if let Some(m) = name.strip_suffix(form.as_str()) {
                    out.extend(self.split_at(*row, m, short));
                }
            }
            if head.position != Position::After {
                if let Some(m) = name.strip_prefix(form.as_str()) {
                    out.extend(self.split_at(*row, m, short));
                }
            }
        }
        // Spaced scripts: the head is the first or the last word.
        let words: Vec<&str> = name.split_whitespace().collect();
        if words.len() < 2 {
            return out;
        }
        let last = words[words.len() - 1].to_lowercase();
        for &row in self.words.get(&last).into_iter().flatten() {
            if self.heads[row].position != Position::Before {
                let end = name.len() - words[words.len() - 1].len();
                out.extend(self.split_at(row, &name[..end], false));
            }
        }
        // Two-word heads ("شبه جزيرة") and one-word heads, then link words.
        let first = words[0].to_lowercase();
        let mut firsts: Vec<(String, usize)> = vec![(first.clone(), 1)];
        if words.len() > 2 {
            firsts.insert(0, (format!("{first} {}", words[1].to_lowercase()), 2));
        }
        for form in first_word_forms(&first) {
            firsts.push((form, 1));
        }
        for (form, n) in firsts {
            for &row in self.words.get(&form).into_iter().flatten() {
                if self.heads[row].position == Position::After {
                    continue;
                }
                let mut rest = &words[n..];
                while rest.len() > 1 && self.links.contains(&rest[0].to_lowercase()) {
                    rest = &rest[1..];
                }
                let start = rest[0].as_ptr() as usize - name.as_ptr() as usize;
                out.extend(self.split_at(row, &name[start..], false));
            }
        }
        out
    }
}

/// Russian, Ukrainian, Bulgarian and Serbian adjectives in `-ск-`
/// ("Стэнфордского", "Виргинского", "Нью-Йоркском") → the nouns they may
/// come from, most likely first ("Стэнфорд"; "Виргин", "Виргиния",
/// "Виргина"). Empty for any other word.
pub(crate) fn adjective_nouns(word: &str) -> Vec<String> {
    const ENDINGS: &[&str] = &[
        "ского",
        "скому",
        "ских",
        "ским",
        "скими",
        "ском",
        "ской",
        "скою",
        "скую",
        "ская",
        "ское",
        "ские",
        "ский",
        "ськ",
        "ського",
        "ському",
        "ських",
        "ськими",
        "ськім",
        "ській",
        "ська",
        "ське",
        "ські",
        "ський",
        "ську",
        "ския",
        "ската",
        "ските",
        "ско",
        "ски",
        "ска",
        "ског",
        "ском",
        "ској",
    ];
    let mut out = Vec::new();
    if word.contains(' ') || !word.chars().next().is_some_and(char::is_uppercase) {
        return out;
    }
    let longest = ENDINGS
        .iter()
        .filter(|e| word.ends_with(*e))
        .max_by_key(|e| e.len());
    if let Some(ending) = longest {
        let stem = &word[..word.len() - ending.len()];
        if stem.chars().count() >= 3 {
            out.push(stem.to_owned());
            for tail in ["ия", "ія", "ија", "а"] {
                out.push(format!("{stem}{tail}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "link\t-\t-\t-\tde\tof\n\
        ru\teither\t{} University\tUniversity of {}\tуниверситет\tуниверситета\tуниверситете\n\
        zh\tafter\t{} University\tUniversity of {}\t大学\n\
        zh\tafter\t{}\t-\t州\n\
        ar\tbefore\t{} Peninsula\t-\tشبه جزيرة\n\
        es\tbefore\t{} University\tUniversity of {}\tUniversidad\n";

    fn mods(t: &Heads, name: &str) -> Vec<(String, String, bool)> {
        t.splits(name, |_| Vec::new())
            .into_iter()
            .map(|s| (s.modifier.to_owned(), s.template.to_owned(), s.short))
            .collect()
    }

    #[test]
    fn heads_are_found_after_before_and_inside_the_name() {
        let t = Heads::parse(TABLE);
        let u = |m: &str| vec![(m.to_owned(), "{} University".to_owned(), false)];
        assert_eq!(mods(&t, "Стэнфордского университета"), u("Стэнфордского"));
        assert_eq!(mods(&t, "Университете Дэлхаузи"), u("Дэлхаузи"));
        assert_eq!(mods(&t, "斯坦福大学"), u("斯坦福"));
        assert_eq!(mods(&t, "Universidad de Stanford"), u("Stanford"));
        assert_eq!(
            mods(&t, "佛罗里达州"),
            vec![("佛罗里达".to_owned(), "{}".to_owned(), true)]
        );
        assert_eq!(
            mods(&t, "شبه جزيرة القرم"),
            vec![("القرم".to_owned(), "{} Peninsula".to_owned(), false)]
        );
        // A head alone, or a word that only starts like one, is no split.
        assert!(mods(&t, "университет").is_empty());
        assert!(mods(&t, "大学").is_empty());
        assert!(mods(&t, "Университетская Дэлхаузи").is_empty());
    }

    #[test]
    fn adjectives_in_sk_give_their_nouns() {
        assert_eq!(adjective_nouns("Стэнфордского")[0], "Стэнфорд");
        assert!(adjective_nouns("Виргинского").contains(&"Виргиния".to_owned()));
        assert_eq!(adjective_nouns("Нью-Йоркском")[0], "Нью-Йорк");
        assert_eq!(adjective_nouns("Стенфордського")[0], "Стенфорд");
        assert!(adjective_nouns("Дэлхаузи").is_empty());
        assert!(adjective_nouns("москва").is_empty());
    }
}
