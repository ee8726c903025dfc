//! Deciding each entity's canonical name within one document.

use std::collections::HashMap;

use tidings_core::{Entity, EntityLabel};

use crate::aliases::{AliasKind, Aliases};
use crate::entities::Entities;
use crate::heads::{adjective_nouns, Heads};
use crate::inflection::{
    base_keys, latin_person_base, nominative_keys, surface_stem, word_candidates,
};
use crate::key::{is_non_latin, strip_affixes};
use crate::name_words::split_words;
use crate::names::{
    acronym_of, is_acronym, person_key_tokens, person_tokens, render_person, strip_language_titles,
};
use crate::spell::Speller;
use crate::translit::transliterate;
use crate::{normalize_key, NameWords, Places};

/// How a canonical name was decided (the values of `Entity::canonical_source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// From the user's Wikidata gazetteer (`NormalizeConfig::gazetteer`).
    Gazetteer,
    /// From the CLDR place gazetteer.
    Cldr,
    /// From the large cities GeoNames names in other scripts
    /// (`models/normalize/cities.tsv`), consulted after CLDR, the aliases and
    /// the user's gazetteer.
    GeoNames,
    /// From the curated alias table.
    Alias,
    /// From the Wikidata entities compiled in
    /// (`models/normalize/wikidata.tsv`), with their Wikidata id.
    Wikidata,
    /// Linked to another mention in the same document (short name → full name,
    /// acronym ↔ full name, `Name (ABBR)`).
    Coref,
    /// English spellings of a name's words, learned from Wikidata's names
    /// (`Генри Киссинджер` → `Henry Kissinger`).
    Names,
    /// A head noun's English template around its modifier's English name
    /// (`Стэнфордского университета` → `Stanford University`,
    /// `Университет Дэлхаузи` → `Dalhousie University`;
    /// `models/normalize/heads.tsv`).
    Heads,
    /// A Latin form of a name in another script: the learned spelling model
    /// of its script ([`crate::spell`]), or a rule transliteration.
    Transliteration,
    /// The mention's own text, tidied.
    Surface,
}

impl Source {
    /// The string stored in `Entity::canonical_source`.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Gazetteer => "gazetteer",
            Source::Cldr => "cldr",
            Source::GeoNames => "geonames",
            Source::Alias => "alias",
            Source::Wikidata => "wikidata",
            Source::Coref => "coref",
            Source::Names => "names",
            Source::Heads => "heads",
            Source::Transliteration => "transliteration",
            Source::Surface => "surface",
        }
    }

    /// Found in a table (not derived from the mention itself).
    fn is_known(self) -> bool {
        matches!(
            self,
            Source::Cldr | Source::GeoNames | Source::Alias | Source::Gazetteer | Source::Wikidata
        )
    }
}

/// What the resolver may use.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tables<'a> {
    pub places: Option<&'a Places>,
    /// GeoNames' large cities ([`Places::embedded_cities`]).
    pub cities: Option<&'a Places>,
    pub aliases: &'a Aliases,
    pub coref: bool,
    pub transliterate: bool,
    /// Whether the compiled-in Wikidata entities are consulted (they are
    /// when the place tables are).
    pub entities: bool,
    #[cfg(feature = "gazetteer")]
    pub gazetteer: Option<&'a crate::gazetteer::Gazetteer>,
    #[cfg(feature = "gazetteer")]
    pub prominence: Option<f32>,
}

#[derive(Debug, Clone)]
pub(crate) struct Decision {
    pub canonical: String,
    pub source: Source,
    /// The Wikidata id, when a gazetteer or the compiled-in Wikidata entities
    /// resolved the entity.
    pub wikidata_id: Option<String>,
    /// A key the gazetteer knows but could not resolve alone: the document
    /// may settle it (`gazetteer::resolve_in_document`).
    #[cfg_attr(not(feature = "gazetteer"), allow(dead_code))]
    pub ambiguous_key: Option<String>,
    /// The curated alias table lists the name as a place (`DPRK`, `PRC`).
    pub place_alias: bool,
}

impl Decision {
    pub(crate) fn new(canonical: String, source: Source) -> Decision {
        Decision {
            canonical,
            source,
            wikidata_id: None,
            ambiguous_key: None,
            place_alias: false,
        }
    }
}

/// Sets `canonical` and `canonical_source` on every entity. `content` is the
/// text the entities' byte offsets index (used for `Name (ABBR)` patterns;
/// offsets that do not fit are ignored, never trusted blindly).
///
/// `languages[i]` is the language (ISO 639-1) of `entities[i]`'s paragraph,
/// which chooses the inflection rules tried (see `inflection::base_keys`);
/// shorter than `entities`, or `None`, means unknown: every rule.
pub(crate) fn resolve(
    tables: Tables<'_>,
    content: &str,
    entities: &mut [Entity],
    languages: &[Option<&str>],
) {
    // Work in document order whatever order the entities came in.
    let mut order: Vec<usize> = (0..entities.len()).collect();
    order.sort_by_key(|&i| (entities[i].start, entities[i].end));

    let mut decisions: Vec<Decision> = entities
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let language = languages.get(i).copied().flatten();
            direct(tables, e.label, strip_affixes(&e.text), language)
        })
        .collect();

    // A mention that is another name of a place the curated tables list
    // ("DPRK", "PRC", "People's Republic of China", "Korut") is a place,
    // whatever a model said (CoNLL-2003's convention: a country acting as a
    // government, or a national team, is LOC). A place's own name is left as
    // tagged ("Washington", "Beijing" may be clubs), and CLDR's names are not
    // trusted at all: a city's name is often a club's. Decided on the
    // mention's own decision, before a link gives it another's name, and
    // before the gazetteer reads the labels.
    for (e, d) in entities.iter_mut().zip(&decisions) {
        let alias_form =
            d.place_alias && normalize_key(strip_affixes(&e.text)) != normalize_key(&d.canonical);
        if alias_form && matches!(e.label, EntityLabel::Organization | EntityLabel::Misc) {
            e.label = EntityLabel::Location;
        }
    }

    if tables.coref {
        link_persons(entities, &order, &mut decisions);
        link_parentheses(content, entities, &order, &mut decisions);
        link_acronyms(entities, &order, &mut decisions);
        fold_surfaces(entities, &order, &mut decisions);
    }
    #[cfg(feature = "gazetteer")]
    if let Some(gazetteer) = tables.gazetteer {
        crate::gazetteer::resolve_in_document(
            gazetteer,
            tables.prominence,
            entities,
            &mut decisions,
        );
    }

    for (e, d) in entities.iter_mut().zip(decisions) {
        e.canonical = Some(d.canonical);
        e.canonical_source = Some(d.source.as_str().to_owned());
        e.wikidata_id = d.wikidata_id;
    }
}

/// A mention that is a country's acronym followed by a person the tables know
/// ("КНР Си Цзиньпином", the PRC's Xi Jinping) is two entities: the place,
/// then the person. Mentions of any other shape are left as they are.
pub(crate) fn split_place_and_person(
    tables: Tables<'_>,
    content: &str,
    entities: &mut Vec<Entity>,
) {
    let mut out = Vec::with_capacity(entities.len());
    for e in entities.drain(..) {
        match split_one(tables, content, &e) {
            Some((place, person)) => {
                out.push(place);
                out.push(person);
            }
            None => out.push(e),
        }
    }
    *entities = out;
}

fn split_one(tables: Tables<'_>, content: &str, e: &Entity) -> Option<(Entity, Entity)> {
    if content.get(e.start..e.end) != Some(e.text.as_str()) {
        return None;
    }
    let first = e.text.split_whitespace().next()?;
    let acronym = (2..=5).contains(&first.chars().count())
        && first.chars().all(|c| c.is_uppercase() || c == '.');
    if !acronym {
        return None;
    }
    let first_end = e.text.find(first)? + first.len();
    let rest = e.text[first_end..].trim_start();
    let rest_start = e.text.len() - rest.len();
    if rest.is_empty() {
        return None;
    }
    known(tables, EntityLabel::Location, &normalize_key(first))?;
    let key = normalize_key(rest);
    let is_person = |k: &str| tables.aliases.lookup_key(AliasKind::Person, k).is_some();
    if !(is_person(&key) || nominative_keys(&key, None).iter().any(|k| is_person(k))) {
        return None;
    }
    let part = |a: usize, b: usize, label| Entity {
        start: e.start + a,
        end: e.start + b,
        text: e.text[a..b].to_owned(),
        label,
        score: e.score,
        model: e.model.clone(),
        canonical: None,
        canonical_source: None,
        wikidata_id: None,
    };
    Some((
        part(0, first_end, EntityLabel::Location),
        part(rest_start, e.text.len(), EntityLabel::Person),
    ))
}

/// The decision from the mention alone (tables, transliteration, surface).
fn direct(
    tables: Tables<'_>,
    label: EntityLabel,
    mention: &str,
    language: Option<&str>,
) -> Decision {
    direct_at(tables, label, mention, language, 0)
}

/// The languages whose Latin-script names `models/normalize/wikidata.tsv`
/// holds.
const ENTITY_LATIN_LANGUAGES: &[&str] = &["fr", "es", "nl", "hu", "tr", "vi"];

/// Head nouns inside head nouns are looked for this deep at most
/// ("斯坦福大学医学院": School of Medicine, then University): each level
/// names its modifier again, which must stay bounded.
const HEAD_DEPTH: u8 = 2;

/// [`direct`], `depth` head nouns into the mention.
fn direct_at(
    tables: Tables<'_>,
    label: EntityLabel,
    mention: &str,
    language: Option<&str>,
    depth: u8,
) -> Decision {
    let mention = if label == EntityLabel::Person {
        strip_language_titles(mention, language)
    } else {
        mention
    };
    let key = normalize_key(mention);
    if let Some(d) = known(tables, label, &key) {
        return d;
    }
    // "в Пекине", "בלונדון", "Almanya'ya": a case form, or a name after a
    // prefix letter, that the tables know.
    let bases = base_keys(mention, &key, language);
    for base in &bases {
        if let Some(d) = known(tables, label, base) {
            return d;
        }
    }
    // The user's gazetteer, after the curated tables: a name it resolves
    // alone, or the first key it knows but cannot resolve without the rest of
    // the document.
    #[cfg(feature = "gazetteer")]
    let mut ambiguous: Option<Decision> = None;
    #[cfg(feature = "gazetteer")]
    if let Some(g) = tables.gazetteer {
        for k in std::iter::once(&key).chain(&bases) {
            if let Some(d) = crate::gazetteer::first_pass(g, tables.prominence, label, k) {
                if d.ambiguous_key.is_none() || d.source == Source::Gazetteer {
                    return d;
                }
                ambiguous.get_or_insert(d);
            }
        }
    }
    // A large city CLDR lacks, by its name in another script (`Мюнхен`), as
    // written or in a base form; never for a person (`Jordan`, `Washington`).
    if let Some(cities) = tables.cities.filter(|_| label != EntityLabel::Person) {
        for k in std::iter::once(&key).chain(&bases) {
            if let Some(city) = cities.lookup_key(k) {
                return Decision::new(city.to_owned(), Source::GeoNames);
            }
        }
    }
    // A Wikidata entity the compiled-in table names (`Unión Soviética`,
    // `Муссолини`), as written or in a base form, of the mention's kind (a
    // person for a person, else no person); never in English text, whose
    // names are English already.
    // Latin-script names only in the Latin-script languages the table holds
    // (another's "Sénat" or "Avenger" is no entity of theirs).
    let table_language =
        is_non_latin(mention) || language.is_some_and(|l| ENTITY_LATIN_LANGUAGES.contains(&l));
    if tables.entities && language != Some("en") && table_language {
        let person = label == EntityLabel::Person;
        let entities = Entities::embedded();
        for k in std::iter::once(&key).chain(&bases) {
            if let Some(e) = entities.lookup_key(k).filter(|e| e.person == person) {
                return Decision {
                    wikidata_id: Some(e.qid.clone()),
                    ..Decision::new(e.english.clone(), Source::Wikidata)
                };
            }
        }
    }
    if label != EntityLabel::Person && depth < HEAD_DEPTH {
        if let Some(d) = with_head_noun(tables, mention, language, depth) {
            return d;
        }
    }
    let mention = surface_stem(mention, language);
    let person = label == EntityLabel::Person;
    // "Johna Granta": a person in a language that inflects names, in the
    // base form English knows its words in.
    if person && !is_non_latin(mention) {
        let base = Speller::embedded()
            .and_then(|s| latin_person_base(mention, language, |k| s.is_name_word(k)));
        if let Some(base) = base {
            #[allow(unused_mut)]
            let mut decision = known(tables, label, &normalize_key(&base))
                .unwrap_or_else(|| Decision::new(render_person(&base), Source::Surface));
            #[cfg(feature = "gazetteer")]
            if let Some(a) = ambiguous.filter(|_| decision.ambiguous_key.is_none()) {
                decision.ambiguous_key = a.ambiguous_key;
            }
            return decision;
        }
    }
    #[allow(unused_mut)]
    let mut decision = if tables.transliterate && is_non_latin(mention) {
        learned(mention, person).or_else(|| {
            spell(mention, person).map(|latin| Decision::new(latin, Source::Transliteration))
        })
    } else {
        None
    }
    .unwrap_or_else(|| {
        let canonical = if person {
            render_person(mention)
        } else {
            mention.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        Decision::new(canonical, Source::Surface)
    });
    #[cfg(feature = "gazetteer")]
    if let Some(a) = ambiguous {
        decision.ambiguous_key = a.ambiguous_key;
    }
    decision
}

/// A place or organisation named by a head noun and a modifier ("斯坦福大学",
/// "Стэнфордского университета", "Университет Дэлхаузи", "جامعة ستانفورد",
/// "Universidad de Stanford"): the modifier's English name in the head's
/// template ([`Heads`]). The modifier is named as a place would be; an
/// adjective in `-ск-` by the noun the tables know it from ("Стэнфордского"
/// → Стэнфорд → Stanford), else not at all. A head of one letter or syllable
/// ("州", "섬") needs a modifier the tables know as a place, or one of three
/// letters or more whose every word the name table knows ("德克萨斯州").
fn with_head_noun(
    tables: Tables<'_>,
    mention: &str,
    language: Option<&str>,
    depth: u8,
) -> Option<Decision> {
    // Names are short; a run-on mention is not looked into (each head tried
    // names the rest again, which must stay linear in the input).
    if mention.len() > 200 || mention.split_whitespace().nth(12).is_some() {
        return None;
    }
    let heads = Heads::embedded()?;
    let first_word_forms = |w: &str| tidings_core::proclitic_forms(&normalize_key(w));
    let is_place =
        |d: &Decision| matches!(d.source, Source::Cldr | Source::GeoNames) || d.place_alias;
    // A modifier whose English name is a place's, though no table found it
    // as one ("Universidad de Virginia": Spanish writes Virginia as English
    // does, so it is no key), takes the place template, unless that template
    // refuses places (`!`: a river named after a place the tables know).
    let named_like_place = |d: &Decision| {
        tables
            .places
            .is_some_and(|p| p.is_english_name(&d.canonical))
    };
    for split in heads.splits(mention, first_word_forms) {
        // In Latin letters a modifier is a name, every word capitalised: not
        // "Nacional Autónoma de México" (the name goes on after the head).
        let lowercase_word = split
            .modifier
            .split_whitespace()
            .any(|w| !w.chars().next().is_some_and(char::is_uppercase));
        if !is_non_latin(split.modifier) && lowercase_word {
            continue;
        }
        let nouns = adjective_nouns(split.modifier);
        let named = if nouns.is_empty() {
            let d = direct_at(
                tables,
                EntityLabel::Location,
                split.modifier,
                language,
                depth + 1,
            );
            let long_name = d.source == Source::Names && split.modifier.chars().count() >= 3;
            if split.short && !(is_place(&d) || long_name) {
                continue;
            }
            d
        } else {
            let found = nouns.iter().find_map(|n| {
                let d = direct_at(tables, EntityLabel::Location, n, language, depth + 1);
                (d.source.is_known() || d.source == Source::Names).then_some(d)
            });
            match found {
                Some(d) => d,
                None => continue,
            }
        };
        let place = is_place(&named) || (named_like_place(&named) && split.place_template != "!");
        let template = if place {
            split.place_template
        } else {
            split.template
        };
        if template == "!" {
            continue;
        }
        // "Chatham Islands" with 島 after it stays "Chatham Islands"; a name
        // that ends in its head already does not take it twice.
        let (before, after) = template.split_once("{}").unwrap_or((template, ""));
        let canonical = &named.canonical;
        let english = if same_noun(
            after.split_whitespace().last(),
            canonical.split_whitespace().last(),
        ) || same_noun(
            before.split_whitespace().next(),
            canonical.split_whitespace().next(),
        ) {
            canonical.clone()
        } else {
            format!("{before}{canonical}{after}")
        };
        return Some(Decision::new(english, Source::Heads));
    }
    None
}

/// A Latin form of a name no table knows: each word (split at spaces,
/// hyphens and name dots) as the learned spelling model of its script spells
/// it ([`Speller`]: `Уайтхолл` → Whitehall), else by rule ([`transliterate`]).
/// A person's name that reads as a Chinese one ([`is_chinese_name`]) is
/// written in pinyin by rule, as English does (`马英九` → Ma Yingjiu).
fn spell(mention: &str, person: bool) -> Option<String> {
    let Some(speller) = Speller::embedded() else {
        return transliterate(mention, person);
    };
    let mut out = String::with_capacity(mention.len());
    for word in mention.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if person && is_chinese_name(word) {
            out.push_str(&transliterate(word, person)?);
            continue;
        }
        for (i, (part, sep)) in split_words(word).into_iter().enumerate() {
            if i > 0 {
                out.push(sep);
            }
            match spell_base(speller, &normalize_key(part)) {
                Some(english) => out.push_str(&english),
                None => out.push_str(&transliterate(part, person).unwrap_or_default()),
            }
        }
    }
    let out = out.trim().to_owned();
    (!out.is_empty()).then_some(out)
}

/// The learned spelling of one word (a lookup key), in the base form English
/// writes as a name word when the word as written spells none: `Харварду`
/// (in Harvard) → Harvard, not Harvardu; `בלונדון` → London. The candidates
/// are the word's case forms and prefix letters ([`word_candidates`]).
fn spell_base(speller: &Speller, key: &str) -> Option<String> {
    let written = speller.spell(key)?;
    if speller.is_name_word(&written.to_lowercase()) {
        return Some(written);
    }
    // Stems of four letters or more: a short name's last letter is too often
    // its own (`Оаху`, Oahu; `Мачу`, Machu).
    let base = word_candidates(key)
        .into_iter()
        .filter(|k| k.chars().count() >= 4)
        // The nearest few: each is a beam search of its own.
        .take(4)
        .filter_map(|k| speller.spell(&k))
        .find(|s| speller.is_name_word(&s.to_lowercase()));
    Some(base.unwrap_or(written))
}

/// Common Chinese surnames, the first character of a Chinese name, in
/// Simplified and Traditional characters.
const CHINESE_SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤习温连赖洪\
張劉陳楊黃趙吳孫馬鄭謝許韓馮鄧彭蕭葉蘇呂盧鍾譚陸賈韋鄒邱閆賀顧龔萬錢嚴湯溫連賴羅";

/// Characters Chinese writes foreign names with and its own given names
/// hardly ever take (`罗杰斯`, Rogers; `罗伯茨`, Roberts).
const FOREIGN_NAME_CHARS: &str = "斯茨尔姆丝奥普夫森顿蒂兹瑟伯特诺科基塔拉乔芙尼";

/// Whether a one-word person's name in Han characters is a Chinese name:
/// two or three characters, the first a common surname, none of the
/// characters Chinese spells foreign names with (`马英九`, `李克强`; not
/// `罗杰斯`, Rogers, nor `拉奥尼奇`, Raonic).
fn is_chinese_name(word: &str) -> bool {
    let han = word.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
    let n = word.chars().count();
    han && (2..=3).contains(&n)
        && word
            .chars()
            .next()
            .is_some_and(|c| CHINESE_SURNAMES.contains(c))
        && !word.chars().skip(1).any(|c| FOREIGN_NAME_CHARS.contains(c))
}

/// Whether a template's English head noun and a name's word are one noun,
/// singular or plural ("Island", "Islands").
fn same_noun(head: Option<&str>, word: Option<&str>) -> bool {
    head.zip(word).is_some_and(|(h, w)| {
        let h = h.trim_end_matches('s');
        !h.is_empty() && h == w.trim_end_matches('s')
    })
}

/// The English spelling of a name in another script from the learned name
/// words ([`NameWords`]): every word known → [`Source::Names`]; a person with
/// some words known → those words, the others transliterated. `None` when no
/// word is known, or when a place or organisation has an unknown word.
fn learned(mention: &str, person: bool) -> Option<Decision> {
    let parts = NameWords::embedded()?.name(mention)?;
    let all = parts.iter().all(|(_, e)| e.is_some());
    // The parts of a name written with a name dot (`亚历克斯·奥韦`) are a
    // foreign name's, never a Chinese name of their own.
    let dotted = mention.contains(['·', '・']);
    if !person && !all {
        return None;
    }
    let mut out = String::new();
    for (word, english) in parts {
        let mut chars = word.chars();
        let sep = chars.next().unwrap_or(' ');
        let word = chars.as_str();
        if !out.is_empty() {
            out.push(sep);
        }
        match english {
            Some(e) => out.push_str(e),
            None => {
                out.push_str(&spell(word, person && !dotted).unwrap_or_else(|| word.to_owned()))
            }
        }
    }
    let source = if all {
        Source::Names
    } else {
        Source::Transliteration
    };
    Some(Decision::new(out, source))
}

/// The decision of the tables for a lookup key, if they know it.
fn known(tables: Tables<'_>, label: EntityLabel, key: &str) -> Option<Decision> {
    let alias = |kind| {
        tables.aliases.lookup_key(kind, key).map(|c| Decision {
            place_alias: kind == AliasKind::Place,
            ..Decision::new(c.to_owned(), Source::Alias)
        })
    };
    let place = || {
        tables
            .places
            .and_then(|p| p.lookup_key(key))
            .map(|c| Decision::new(c.to_owned(), Source::Cldr))
    };
    // A place alias that names the place as it is written (`Moon`, `Sun`,
    // `Washington`: a row the table keeps so that the other names have an
    // English name to go to) says nothing about a person or an organisation
    // of that name (Moon Jae-in, Sun Yang, The Sun).
    let renaming_place = || alias(AliasKind::Place).filter(|d| normalize_key(&d.canonical) != key);
    match label {
        // A weak NER may tag `Korut` or `KCNA` as a person: the curated tables
        // are safe to consult (CLDR is not: `Jordan`, `Chad`, `Georgia`).
        EntityLabel::Person => alias(AliasKind::Person)
            .or_else(renaming_place)
            .or_else(|| alias(AliasKind::Org)),
        EntityLabel::Location => alias(AliasKind::Place)
            .or_else(place)
            .or_else(|| alias(AliasKind::Org)),
        // NER often tags a country acting as a government as ORG.
        EntityLabel::Organization => alias(AliasKind::Org).or_else(renaming_place).or_else(place),
        // MISC is where NER puts what it is unsure of (`delegasi Rusia`).
        EntityLabel::Misc => alias(AliasKind::Place)
            .or_else(place)
            .or_else(|| alias(AliasKind::Org)),
    }
}

/// People: full names with the same words fold to one canonical name; a short
/// mention (`Kim`, `Trump`, `Jong Un`) links to the full name whose words it
/// starts or ends: when several fit, the one the document mentions most, then
/// the one mentioned nearest before it (or, with none before, nearest after).
fn link_persons(entities: &[Entity], order: &[usize], decisions: &mut [Decision]) {
    struct Group {
        tokens: Vec<String>,
        /// The decision the group's members take.
        best: Decision,
        raw_len: usize,
        /// Where its mentions start (bytes), in document order.
        starts: Vec<usize>,
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut index: HashMap<Vec<String>, usize> = HashMap::new();
    for &i in order {
        if entities[i].label != EntityLabel::Person {
            continue;
        }
        let d = &decisions[i];
        let tokens = person_key_tokens(&d.canonical);
        if tokens.len() < 2 {
            continue;
        }
        let raw_len = person_tokens(&d.canonical).len();
        let known = d.source.is_known();
        match index.get(&tokens) {
            Some(&g) => {
                let g = &mut groups[g];
                g.starts.push(entities[i].start);
                // A table's name wins; else the fullest spelling seen first.
                let g_known = g.best.source.is_known();
                if (known && !g_known) || (known == g_known && raw_len > g.raw_len) {
                    g.best = d.clone();
                    g.raw_len = raw_len;
                }
            }
            None => {
                index.insert(tokens.clone(), groups.len());
                groups.push(Group {
                    tokens,
                    best: d.clone(),
                    raw_len,
                    starts: vec![entities[i].start],
                });
            }
        }
    }
    for &i in order {
        if entities[i].label != EntityLabel::Person {
            continue;
        }
        let tokens = person_key_tokens(&decisions[i].canonical);
        if tokens.is_empty() {
            continue;
        }
        if let Some(&g) = index.get(&tokens) {
            if decisions[i].canonical != groups[g].best.canonical {
                decisions[i] = groups[g].best.clone();
            }
            continue;
        }
        // A one-word name the big gazetteer resolved alone (by prominence)
        // still yields to a full name in the document: `Trump` beside
        // `Ivanka Trump`.
        let source = decisions[i].source;
        if source.is_known() && !(source == Source::Gazetteer && tokens.len() == 1) {
            continue;
        }
        let fits = |g: &Group| {
            g.tokens.len() > tokens.len()
                && (g.tokens.starts_with(&tokens) || g.tokens.ends_with(&tokens))
        };
        let start = entities[i].start;
        // (mentions, nearness before the short one, nearness after it): larger wins.
        let rank = |g: &Group| {
            let before = g.starts.iter().rev().find(|&&s| s < start);
            let after = g.starts.iter().find(|&&s| s > start);
            (
                g.starts.len(),
                before.map_or(0, |&s| usize::MAX - (start - s)),
                after.map_or(0, |&s| usize::MAX - (s - start)),
            )
        };
        let mut ranked: Vec<(_, &Group)> = groups
            .iter()
            .filter(|g| fits(g))
            .map(|g| (rank(g), g))
            .collect();
        ranked.sort_by_key(|(r, _)| std::cmp::Reverse(*r));
        let chosen = match ranked.as_slice() {
            [(_, only)] => Some(*only),
            [(a, first), (b, _), ..] if a != b => Some(*first),
            _ => None,
        };
        if let Some(g) = chosen {
            decisions[i] = Decision {
                source: Source::Coref,
                ambiguous_key: None,
                ..g.best.clone()
            };
        }
    }
}

/// `Name (ABBR)`: an entity written in brackets right after another one names
/// the same thing; the one found in a table gives its name to the other. A
/// place links only to an abbreviation (`Halifax (Nova Scotia)` is two places).
fn link_parentheses(
    content: &str,
    entities: &[Entity],
    order: &[usize],
    decisions: &mut [Decision],
) {
    for pair in order.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let (ea, eb) = (&entities[a], &entities[b]);
        if ea.label == EntityLabel::Person || eb.label == EntityLabel::Person {
            continue;
        }
        let Some(between) = content.get(ea.end..eb.start) else {
            continue;
        };
        let closes = content
            .get(eb.end..)
            .is_some_and(|rest| rest.trim_start().starts_with(')'));
        if between.trim() != "(" || !closes {
            continue;
        }
        // `Halifax (Nova Scotia)`: a place in brackets after a place is where
        // it lies, not its other name. A place links only to an abbreviation.
        let place = |e: &Entity| e.label == EntityLabel::Location;
        let abbreviation =
            |e: &Entity| is_acronym(strip_affixes(&e.text)) || e.text.chars().count() <= 3;
        if (place(ea) || place(eb)) && !(abbreviation(ea) || abbreviation(eb)) {
            continue;
        }
        let (ka, kb) = (
            decisions[a].source.is_known(),
            decisions[b].source.is_known(),
        );
        let linked = |d: &Decision| Decision {
            source: Source::Coref,
            ambiguous_key: None,
            ..d.clone()
        };
        if ka && !kb {
            decisions[b] = linked(&decisions[a]);
        } else if kb && !ka {
            decisions[a] = linked(&decisions[b]);
        }
    }
}

/// Acronym ↔ full name in one document (`KCNA` ↔ `Korean Central News Agency`,
/// `WPK` ↔ `Workers’ Party of Korea`): an acronym not found in a table takes
/// the name of the unique multi-word entity whose initials (of its surface or
/// canonical name) spell it; a full name not found in a table takes the name
/// of an acronym that is.
fn link_acronyms(entities: &[Entity], order: &[usize], decisions: &mut [Decision]) {
    // acronym -> canonical names of the full forms that spell it
    let mut spelled: HashMap<String, Vec<String>> = HashMap::new();
    // acronym text -> canonical names of acronym mentions found in a table
    let mut known_acronyms: HashMap<String, Vec<String>> = HashMap::new();
    for &i in order {
        let e = &entities[i];
        if e.label == EntityLabel::Person {
            continue;
        }
        let mention = strip_affixes(&e.text);
        let d = &decisions[i];
        if is_acronym(mention) {
            if d.source.is_known() {
                let acr: String = mention.chars().filter(|&c| c != '.').collect();
                push_unique(known_acronyms.entry(acr).or_default(), &d.canonical);
            }
            continue;
        }
        for acr in [acronym_of(mention), acronym_of(&d.canonical)]
            .into_iter()
            .flatten()
        {
            push_unique(spelled.entry(acr).or_default(), &d.canonical);
        }
    }
    for &i in order {
        let e = &entities[i];
        if e.label == EntityLabel::Person || decisions[i].source.is_known() {
            continue;
        }
        let mention = strip_affixes(&e.text);
        let link = if is_acronym(mention) {
            let acr: String = mention.chars().filter(|&c| c != '.').collect();
            spelled.get(&acr)
        } else {
            acronym_of(mention).and_then(|acr| known_acronyms.get(&acr))
        };
        if let Some([only]) = link.map(Vec::as_slice) {
            decisions[i] = Decision::new(only.clone(), Source::Coref);
        }
    }
}

/// Mentions left to their surface or transliteration that share a key take
/// the first one's canonical name.
fn fold_surfaces(entities: &[Entity], order: &[usize], decisions: &mut [Decision]) {
    let mut first: HashMap<(EntityLabel, String), usize> = HashMap::new();
    for &i in order {
        if matches!(
            decisions[i].source,
            Source::Surface | Source::Transliteration | Source::Names
        ) {
            let key = (entities[i].label, normalize_key(&decisions[i].canonical));
            match first.get(&key) {
                Some(&j) => decisions[i] = decisions[j].clone(),
                None => {
                    first.insert(key, i);
                }
            }
        }
    }
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x == s) {
        v.push(s.to_owned());
    }
}
