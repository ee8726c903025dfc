#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Data-driven checks of the in-document rules: each case is a text, the
//! mentions the NER would give (every whole occurrence, by byte offset), and
//! the canonical name and source expected for each distinct mention.

use tidings_core::{BuildStage, Document, Entity, EntityLabel, Stage};
use tidings_normalize::{NormalizeConfig, NormalizeStage};

use EntityLabel::{Location as LOC, Organization as ORG, Person as PER};

fn entities(content: &str, mentions: &[(&str, EntityLabel)]) -> Vec<Entity> {
    let mut out: Vec<Entity> = Vec::new();
    for &(m, label) in mentions {
        for (start, _) in content.match_indices(m) {
            let end = start + m.len();
            let whole = !content[..start].ends_with(char::is_alphanumeric)
                && !content[end..].starts_with(char::is_alphanumeric);
            if whole && !out.iter().any(|e| start < e.end && e.start < end) {
                out.push(Entity {
                    start,
                    end,
                    text: m.into(),
                    label,
                    score: 1.0,
                    model: String::new(),
                    canonical: None,
                    canonical_source: None,
                    wikidata_id: None,
                });
            }
        }
    }
    out
}

/// Runs the stage and checks `(mention, canonical, source)` for every
/// occurrence of each expected mention.
fn check(
    config: NormalizeConfig,
    content: &str,
    mentions: &[(&str, EntityLabel)],
    want: &[(&str, &str, &str)],
) {
    let mut doc = Document::new("case", content);
    doc.content = content.into();
    doc.entities = entities(content, mentions);
    config.build().unwrap().process(&mut doc).unwrap();
    for &(mention, canonical, source) in want {
        let hits: Vec<&Entity> = doc.entities.iter().filter(|e| e.text == mention).collect();
        assert!(!hits.is_empty(), "no entity `{mention}` in {content:?}");
        for e in hits {
            assert_eq!(&doc.content[e.start..e.end], mention);
            assert_eq!(
                (e.canonical.as_deref(), e.canonical_source.as_deref()),
                (Some(canonical), Some(source)),
                "`{mention}` at byte {} in {content:?}",
                e.start
            );
        }
    }
}

fn default() -> NormalizeConfig {
    NormalizeConfig::default()
}

/// Runs the stage over `content` with one mention, its paragraph in
/// `paragraph` and the document in `document` (ISO 639-1 codes, `None`:
/// unknown), and returns the entity.
fn resolve_in(
    content: &str,
    mention: &str,
    label: EntityLabel,
    paragraph: Option<&str>,
    document: Option<&str>,
) -> Entity {
    use tidings_core::{Language, LanguageCode, LanguageSource, Paragraph};
    let lang =
        |c: &str| Language::from_code(LanguageCode::parse(c).unwrap(), LanguageSource::Given);
    let mut doc = Document::new("case", content);
    doc.content = content.into();
    doc.entities = entities(content, &[(mention, label)]);
    let mut p = Paragraph::new(0, content.len());
    p.language = paragraph.map(lang);
    doc.paragraphs = vec![p];
    doc.language = document.map(lang);
    default().build().unwrap().process(&mut doc).unwrap();
    let e = doc.entities[0].clone();
    assert_eq!(&content[e.start..e.end], mention);
    e
}

/// The defaults without the Wikidata entities, for the rules they would
/// answer before.
fn without_wikidata() -> NormalizeConfig {
    NormalizeConfig {
        wikidata: false,
        ..NormalizeConfig::default()
    }
}

#[test]
fn spelling_variants_fold_without_any_table() {
    check(
        default(),
        "Lee Hsien-loong met Lee Hsien Loong's cabinet; LEE HSIEN LOONG spoke. Lee left.",
        &[
            ("Lee Hsien-loong", PER),
            ("Lee Hsien Loong's", PER),
            ("LEE HSIEN LOONG", PER),
            ("Lee", PER),
        ],
        &[
            ("Lee Hsien-loong", "Lee Hsien Loong", "surface"),
            ("Lee Hsien Loong's", "Lee Hsien Loong", "surface"),
            ("LEE HSIEN LOONG", "Lee Hsien Loong", "surface"),
            ("Lee", "Lee Hsien Loong", "coref"),
        ],
    );
}

#[test]
fn short_mentions_link_to_the_full_name_before_them() {
    check(
        default(),
        "Trump said so. Donald J. Trump met Mike Pompeo. Later Trump and Pompeo left; Donald Trump waved.",
        &[("Donald J. Trump", PER), ("Donald Trump", PER), ("Mike Pompeo", PER), ("Trump", PER), ("Pompeo", PER)],
        &[
            // The first `Trump` comes before any full name: it still links, to
            // the only full name in the document.
            ("Trump", "Donald J. Trump", "coref"),
            ("Donald Trump", "Donald J. Trump", "surface"),
            ("Pompeo", "Mike Pompeo", "coref"),
        ],
    );
    // Titles are not part of the name.
    check(
        default(),
        "President Joko Widodo met Presiden Prabowo Subianto. Mr. Widodo left.",
        &[
            ("President Joko Widodo", PER),
            ("Presiden Prabowo Subianto", PER),
            ("Mr. Widodo", PER),
        ],
        &[
            ("President Joko Widodo", "Joko Widodo", "surface"),
            ("Presiden Prabowo Subianto", "Prabowo Subianto", "surface"),
            ("Mr. Widodo", "Joko Widodo", "coref"),
        ],
    );
}

#[test]
fn a_short_name_links_to_the_most_mentioned_then_the_nearest_full_name() {
    // Mentioned as often as each other: the nearest before it.
    check(
        default(),
        "Kim Jong Un and his sister Kim Yo Jong arrived. Kim spoke first.",
        &[("Kim Jong Un", PER), ("Kim Yo Jong", PER), ("Kim", PER)],
        &[
            ("Kim Jong Un", "Kim Jong Un", "alias"),
            ("Kim Yo Jong", "Kim Yo Jong", "alias"),
            ("Kim", "Kim Yo Jong", "coref"),
        ],
    );
    // The one mentioned most wins over the nearest.
    check(
        default().aliases(false),
        "Moon Jae-in met Moon Hee-sang. Moon Jae-in said Moon Hee-sang agreed. Moon Jae-in left. Moon smiled.",
        &[("Moon Jae-in", PER), ("Moon Hee-sang", PER), ("Moon", PER)],
        &[
            ("Moon", "Moon Jae In", "coref"),
            ("Moon Hee-sang", "Moon Hee Sang", "surface"),
        ],
    );
    // None before it (a headline's `Moon`): the nearest after it.
    check(
        default().aliases(false),
        "Moon smiled. Moon Jae-in met Moon Hee-sang.",
        &[("Moon Jae-in", PER), ("Moon Hee-sang", PER), ("Moon", PER)],
        &[("Moon", "Moon Jae In", "coref")],
    );
}

#[test]
fn acronyms_link_to_their_full_names() {
    check(
        default(),
        "The Korea Institute for National Unification said... KINU experts added. \
         The Korea Development Institute (KDI) disagreed.",
        &[
            ("Korea Institute for National Unification", ORG),
            ("KINU", ORG),
            ("Korea Development Institute", ORG),
            ("KDI", ORG),
        ],
        &[
            ("KINU", "Korea Institute for National Unification", "coref"),
            ("KDI", "Korea Development Institute", "coref"),
        ],
    );
    // An acronym found in the table names the full form the table lacks.
    check(
        default(),
        "Menurut KCNA, Korean Central News Agency melaporkan...",
        &[("KCNA", ORG), ("Korean Central News Agency", ORG)],
        &[(
            "Korean Central News Agency",
            "Korean Central News Agency",
            "alias",
        )],
    );
}

#[test]
fn name_in_brackets_links_both_ways() {
    check(
        default(),
        "Badan Intelijen Negara (BIN) dan Palang Merah Indonesia (PMI) serta Komisi X (UNHCR).",
        &[
            ("Badan Intelijen Negara", ORG),
            ("BIN", ORG),
            ("Komisi X", ORG),
            ("UNHCR", ORG),
        ],
        &[
            ("BIN", "Badan Intelijen Negara", "coref"),
            ("Komisi X", "Komisi X", "surface"),
        ],
    );
}

#[test]
fn places_in_many_languages_and_scripts() {
    check(
        default(),
        "北韓 / 북한 / КНДР / Северная Корея / Corée du Nord / N. Korea / 평양 / Pjöngjang / the DPRK / \
         Semenanjung Korea / 한반도",
        &[
            ("北韓", LOC),
            ("북한", LOC),
            ("КНДР", LOC),
            ("Северная Корея", LOC),
            ("Corée du Nord", LOC),
            ("N. Korea", LOC),
            ("평양", LOC),
            ("Pjöngjang", LOC),
            ("the DPRK", LOC),
            ("Semenanjung Korea", LOC),
            ("한반도", LOC),
        ],
        &[
            ("北韓", "North Korea", "cldr"),
            ("북한", "North Korea", "cldr"),
            ("КНДР", "North Korea", "cldr"),
            ("Северная Корея", "North Korea", "alias"),
            ("Corée du Nord", "North Korea", "cldr"),
            ("N. Korea", "North Korea", "alias"),
            ("평양", "Pyongyang", "cldr"),
            ("Pjöngjang", "Pyongyang", "cldr"),
            ("the DPRK", "North Korea", "alias"),
            ("Semenanjung Korea", "Korean Peninsula", "alias"),
            ("한반도", "Korean Peninsula", "alias"),
        ],
    );
}

#[test]
fn one_character_country_names_of_chinese_and_japanese_news() {
    // "美方", "米政府": a model tags the country's character alone.
    check(
        default(),
        "美 与 中 会谈。米 英 独 仏。",
        &[
            ("美", LOC),
            ("中", LOC),
            ("米", ORG),
            ("英", LOC),
            ("独", LOC),
            ("仏", LOC),
        ],
        &[
            ("美", "United States", "alias"),
            ("中", "China", "alias"),
            ("米", "United States", "alias"),
            ("英", "United Kingdom", "alias"),
            ("独", "Germany", "alias"),
            ("仏", "France", "alias"),
        ],
    );
}

#[test]
fn unknown_non_latin_names_are_transliterated() {
    check(
        default(),
        "Сергей Шойгу встретился с 李鸿忠. Шойгу улетел. 묘향산 시. 신의주 시. 罗伯茨, 亚历克斯·奥韦. 陳水扁, 张琳.",
        &[
            ("Сергей Шойгу", PER),
            ("李鸿忠", PER),
            ("陳水扁", PER),
            ("张琳", PER),
            ("罗伯茨", PER),
            ("亚历克斯·奥韦", PER),
            ("Шойгу", PER),
            ("묘향산", LOC),
            ("신의주", LOC),
        ],
        &[
            // `Сергей` is a name word the learned table spells `Sergei`, as
            // English news does.
            // `Шойгу`: the learned model finds the rule's spelling likely too,
            // and keeps it.
            ("Сергей Шойгу", "Sergei Shoygu", "transliteration"),
            // A Chinese person's name stays pinyin, in Simplified or
            // Traditional characters, whatever its given name.
            ("李鸿忠", "Li Hongzhong", "transliteration"),
            ("陳水扁", "Chen Shuibian", "transliteration"),
            ("张琳", "Zhang Lin", "transliteration"),
            // A foreign one of three characters is spelt as English does.
            ("罗伯茨", "Roberts", "transliteration"),
            // So is every part of a name with a name dot.
            ("亚历克斯·奥韦", "Alex Ove", "transliteration"),
            ("Шойгу", "Sergei Shoygu", "coref"),
            // The model learned from foreign names in Hangul: a Korean place
            // loses the h of its romanisation (Myohyangsan).
            ("묘향산", "Myoyangsan", "transliteration"),
            // A large city CLDR lacks: GeoNames' name, without the breve of
            // its romanisation (Sinŭiju).
            ("신의주", "Sinuiju", "geonames"),
        ],
    );
    // An inflected word no table knows is spelt in the base form English
    // writes as a name (the form as written gave Whitehollou, Harvardu).
    check(
        default(),
        "у Уайтхоллу, у Харварду",
        &[("Уайтхоллу", LOC), ("Харварду", ORG)],
        &[
            ("Уайтхоллу", "Whitehall", "transliteration"),
            ("Харварду", "Harvard", "transliteration"),
        ],
    );
    // Greek, Persian, Bengali, Devanagari and Thai have spelling models of
    // their own (the rule wrote Styanphord, Khissingechor).
    check(
        default(),
        "স্ট্যানফোর্ড. คิสซิงเจอร์.",
        &[("স্ট্যানফোর্ড", ORG), ("คิสซิงเจอร์", PER)],
        &[
            ("স্ট্যানফোর্ড", "Stanford", "transliteration"),
            ("คิสซิงเจอร์", "Kissinger", "transliteration"),
        ],
    );
    check(
        default(),
        "Ο Χένρι Κίσινγκερ.",
        &[("Χένρι Κίσινγκερ", PER)],
        &[("Χένρι Κίσινγκερ", "Henry Kissinger", "names")],
    );
    check(
        default(),
        "کیسینجر در بایدن.",
        &[("کیسینجر", PER), ("بایدن", LOC)],
        &[
            ("کیسینجر", "Kissinger", "transliteration"),
            ("بایدن", "Biden", "names"),
        ],
    );
    check(
        default().transliterate(false),
        "Сергей Шойгу",
        &[("Сергей Шойгу", PER)],
        &[("Сергей Шойгу", "Сергей Шойгу", "surface")],
    );
}

#[test]
fn switches_turn_rules_off() {
    let text = "Korea Utara (Korut) dan Kim Jong-un; Kim tiba.";
    let mentions = [
        ("Korea Utara", LOC),
        ("Korut", LOC),
        ("Kim Jong-un", PER),
        ("Kim", PER),
    ];
    check(
        default().coref(false),
        text,
        &mentions,
        &[
            ("Kim", "Kim", "surface"),
            ("Kim Jong-un", "Kim Jong Un", "alias"),
        ],
    );
    check(
        default().places(false).aliases(false),
        text,
        &mentions,
        &[
            ("Korea Utara", "Korea Utara", "surface"),
            ("Kim Jong-un", "Kim Jong Un", "surface"),
            ("Kim", "Kim Jong Un", "coref"),
        ],
    );
}

#[test]
fn mislabelled_mentions_still_find_their_names() {
    check(
        default(),
        "Korut dan KCNA; Jordan Henderson; Rusia.",
        &[
            ("Korut", PER),
            ("KCNA", PER),
            ("Jordan Henderson", PER),
            ("Rusia", EntityLabel::Misc),
        ],
        &[
            ("Korut", "North Korea", "alias"),
            ("KCNA", "Korean Central News Agency", "alias"),
            ("Jordan Henderson", "Jordan Henderson", "surface"),
            ("Rusia", "Russia", "cldr"),
        ],
    );
    // A person is never looked up in CLDR.
    check(
        default(),
        "Jordan spoke.",
        &[("Jordan", PER)],
        &[("Jordan", "Jordan", "surface")],
    );
}

#[test]
fn entities_out_of_order_and_odd_offsets_do_not_panic() {
    let stage = NormalizeStage::new(default()).unwrap();
    let mut doc = Document::new("odd", "");
    doc.content = "Kim Jong Un. Kim.".into();
    let mut es = entities(&doc.content, &[("Kim Jong Un", PER), ("Kim", PER)]);
    es.reverse();
    // An entity whose offsets do not fit the content (a buggy upstream stage).
    es.push(Entity {
        start: 400,
        end: 3,
        text: "(".into(),
        ..es[0].clone()
    });
    doc.entities = es;
    stage.process(&mut doc).unwrap();
    let short = doc.entities.iter().find(|e| e.text == "Kim").unwrap();
    assert_eq!(short.canonical.as_deref(), Some("Kim Jong Un"));
    assert!(doc.entities.iter().all(|e| e.canonical.is_some()));
}

#[test]
fn extra_alias_file_overrides_and_bad_file_is_named() {
    let dir = std::env::temp_dir().join(format!("tidings-normalize-alias-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("mine.tsv");
    std::fs::write(
        &good,
        "# mine\norg\tBIN\tBadan Intelijen Negara\nplace\tKorut\tDPRK\n",
    )
    .unwrap();
    check(
        default().alias_file(&good),
        "BIN dan Korut",
        &[("BIN", ORG), ("Korut", LOC)],
        &[
            ("BIN", "Badan Intelijen Negara", "alias"),
            ("Korut", "DPRK", "alias"),
        ],
    );
    let err = NormalizeStage::new(default().alias_file(dir.join("missing.tsv"))).unwrap_err();
    assert!(err.to_string().contains("missing.tsv"), "{err}");
    let bad = dir.join("bad.tsv");
    std::fs::write(&bad, "org\tonly two\n").unwrap();
    let err = NormalizeStage::new(default().alias_file(&bad)).unwrap_err();
    assert!(err.to_string().contains("bad.tsv:1"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn config_round_trips_and_rejects_unknown_fields() {
    let c = default().coref(false).alias_file("x.tsv");
    let json = serde_json::to_string(&c).unwrap();
    assert_eq!(serde_json::from_str::<NormalizeConfig>(&json).unwrap(), c);
    assert_eq!(
        serde_json::from_str::<NormalizeConfig>("{}").unwrap(),
        default()
    );
    assert!(serde_json::from_str::<NormalizeConfig>(r#"{"corref": false}"#).is_err());
}

#[test]
fn russian_case_forms_reach_the_canonical_name() {
    check(
        NormalizeConfig::default(),
        "Владимир Путин встретился в Пекине с Си Цзиньпином и прилетел из Москвы.",
        &[("Пекине", LOC), ("Си Цзиньпином", PER), ("Москвы", LOC)],
        &[
            ("Пекине", "Beijing", "cldr"),
            ("Си Цзиньпином", "Xi Jinping", "alias"),
            ("Москвы", "Moscow", "cldr"),
        ],
    );
}

#[test]
fn a_country_code_before_a_known_person_is_two_entities() {
    let content = "Путин провёл переговоры с председателем КНР Си Цзиньпином в Пекине.";
    check(
        NormalizeConfig::default(),
        content,
        &[("КНР Си Цзиньпином", ORG)],
        &[
            ("КНР", "China", "alias"),
            ("Си Цзиньпином", "Xi Jinping", "alias"),
        ],
    );
    // An acronym before a name no table knows stays one mention.
    let mut doc = Document::new("case", "Глава ФСБ Иван Петров");
    doc.content = doc.text.clone();
    doc.entities = entities(&doc.content, &[("ФСБ Иван Петров", ORG)]);
    NormalizeConfig::default()
        .build()
        .unwrap()
        .process(&mut doc)
        .unwrap();
    assert_eq!(doc.entities.len(), 1);
}

#[test]
fn a_place_never_takes_another_places_name() {
    // A region in brackets after its city is another place.
    check(
        default(),
        "Dalhousie University in Halifax (Nova Scotia) and Галифакс (Новая Шотландия) agreed.",
        &[
            ("Halifax", LOC),
            ("Nova Scotia", LOC),
            ("Галифакс", LOC),
            ("Новая Шотландия", LOC),
        ],
        &[
            ("Halifax", "Halifax", "cldr"),
            // CLDR's subdivisions (provinces, states, regions) in other
            // languages; their English names are no keys (`Central`, `Kent`).
            ("Nova Scotia", "Nova Scotia", "surface"),
            ("Галифакс", "Halifax", "cldr"),
            ("Новая Шотландия", "Nova Scotia", "cldr"),
        ],
    );
    // An abbreviation in brackets still names the place before it.
    check(
        default(),
        "Republik Demokratik Kongo (RDK) menolak.",
        &[("Republik Demokratik Kongo", LOC), ("RDK", LOC)],
        &[("RDK", "Republik Demokratik Kongo", "coref")],
    );
}

#[test]
fn names_in_other_scripts_take_the_spelling_english_gives_them() {
    check(
        without_wikidata(),
        "ドナルド・トランプ. دونالد ترامب. דונלד טראמפ. ג'ון גרנט. 도널드 트럼프. Генри Киссинджера и Бобом Диланом. \
         Никласом Бекстрёмом.",
        &[
            ("ドナルド・トランプ", PER),
            ("دونالد ترامب", PER),
            ("דונלד טראמפ", PER),
            ("ג'ון גרנט", PER),
            ("도널드 트럼프", PER),
            ("Генри Киссинджера", PER),
            ("Бобом Диланом", PER),
            ("Никласом Бекстрёмом", PER),
        ],
        &[
            ("ドナルド・トランプ", "Donald Trump", "names"),
            ("دونالد ترامب", "Donald Trump", "names"),
            ("דונלד טראמפ", "Donald Trump", "names"),
            // A geresh marks a sound: ג'ון is John.
            ("ג'ון גרנט", "John Grant", "names"),
            ("도널드 트럼프", "Donald Trump", "names"),
            // Case endings come off the words the table knows in their base form…
            ("Генри Киссинджера", "Henry Kissinger", "names"),
            ("Бобом Диланом", "Bob Dylan", "names"),
            // …and the same ending off the words it does not know.
            ("Никласом Бекстрёмом", "Niklas Bekstrem", "transliteration"),
        ],
    );
    // Places and organisations take the table's spelling only when it knows
    // every word; continents are CLDR's. A head noun is written in English
    // around its modifier (`heads.tsv`), which is transliterated when no table
    // knows it.
    check(
        default(),
        "Вашингтон и Европе, Европы; Университете Дэлхаузи.",
        &[
            ("Вашингтон", LOC),
            ("Европе", LOC),
            ("Европы", LOC),
            ("Университете Дэлхаузи", ORG),
        ],
        &[
            ("Вашингтон", "Washington", "alias"),
            ("Европе", "Europe", "cldr"),
            ("Европы", "Europe", "cldr"),
            // The modifier as the learned spelling model writes it
            // (Dalhousie; the rule wrote Delkhauzi).
            ("Университете Дэлхаузи", "Dalhausi University", "heads"),
        ],
    );
}

/// The stage reads each entity's paragraph language: a name's case endings
/// are looked for only in the languages that have them.
#[test]
fn case_endings_are_looked_for_in_the_paragraphs_language() {
    let run = |content: &str, mention: &str, paragraph: Option<&str>, document: Option<&str>| {
        resolve_in(content, mention, EntityLabel::Location, paragraph, document)
            .canonical
            .unwrap()
    };
    // Estonian "Lätin" is Läti's (Latvia's) genitive; English "Latin" is not.
    assert_eq!(run("Lätin pealinn", "Lätin", Some("et"), None), "Latvia");
    assert_eq!(
        run("the Latin language", "Latin", Some("en"), None),
        "Latin"
    );
    // The document's language stands in for a paragraph without one.
    assert_eq!(
        run("the Latin language", "Latin", None, Some("en")),
        "Latin"
    );
    // No language known: every rule, as `normalize_entities` does.
    assert_eq!(run("Lätin pealinn", "Lätin", None, None), "Latvia");
    // Polish case endings in Polish only.
    assert_eq!(
        run("w Pakistanie", "Pakistanie", Some("pl"), None),
        "Pakistan"
    );
}

/// A person's name inflected in a Latin-script language comes out in the base
/// form the English name words know, in the languages that inflect names.
#[test]
fn inflected_latin_person_names_reach_the_english_base_form() {
    let run = |content: &str, mention: &str, language: &str| {
        resolve_in(content, mention, PER, Some(language), None)
            .canonical
            .unwrap()
    };
    assert_eq!(
        run(
            "Rozmawiał z Stephenem Colbertem.",
            "Stephenem Colbertem",
            "pl"
        ),
        "Stephen Colbert"
    );
    assert_eq!(
        run("Program Johna Granta", "Johna Granta", "pl"),
        "John Grant"
    );
    assert_eq!(
        run("Richard Bransons Virgin", "Richard Bransons", "de"),
        "Richard Branson"
    );
    assert_eq!(
        run("John Grantin ohjelma", "John Grantin", "fi"),
        "John Grant"
    );
    // English keeps what it writes.
    assert_eq!(
        run("Johna Granta spoke", "Johna Granta", "en"),
        "Johna Granta"
    );
    // A title of one language only, before a name: Turkish "Bay" (Mr),
    // Polish "Pan"; elsewhere Bay and Pan are names.
    assert_eq!(run("Bay Reid dedi", "Bay Reid", "tr"), "Reid");
    assert_eq!(run("Pan Reid powiedział", "Pan Reid", "pl"), "Reid");
    assert_eq!(run("a pan Reid powiedział", "pan Reid", "pl"), "Reid");
    assert_eq!(
        run("Pan Gongsheng said", "Pan Gongsheng", "en"),
        "Pan Gongsheng"
    );
    assert_eq!(run("Michael Bay said", "Michael Bay", "en"), "Michael Bay");
}

/// The compiled-in Wikidata entities give the English name and the id, for a
/// mention of their kind, outside English text, and in Latin script only in
/// the languages the table holds.
#[test]
fn wikidata_entities_name_and_identify_what_the_tables_lack() {
    let run = |content: &str, mention: &str, label: EntityLabel, language: &str| {
        let e = resolve_in(content, mention, label, Some(language), None);
        (
            e.canonical.unwrap(),
            e.canonical_source.unwrap(),
            e.wikidata_id,
        )
    };
    let soviet = (
        "Soviet Union".to_owned(),
        "wikidata".to_owned(),
        Some("Q15180".to_owned()),
    );
    assert_eq!(
        run("当時の ソビエト連邦 では", "ソビエト連邦", LOC, "ja"),
        soviet
    );
    assert_eq!(
        run("la Unión Soviética cayó", "Unión Soviética", LOC, "es"),
        soviet
    );
    // Not in a language whose names the table does not hold, nor in English.
    assert_eq!(
        run("la Unión Soviética cayó", "Unión Soviética", LOC, "it").1,
        "surface"
    );
    assert_eq!(
        run("the Unión Soviética", "Unión Soviética", LOC, "en").1,
        "surface"
    );
    // Common nouns are no entities: a two-character alias, a one-word label
    // of an entity English names in several words.
    assert_ne!(run("国会 で", "国会", ORG, "ja").1, "wikidata");
    assert_ne!(run("政府 说", "政府", ORG, "zh").1, "wikidata");
    assert_ne!(run("le Sénat a voté", "Sénat", ORG, "fr").1, "wikidata");
    // A person's name names a person only.
    assert_eq!(run("墨索里尼 说", "墨索里尼", PER, "zh").1, "wikidata");
    assert_ne!(run("墨索里尼 说", "墨索里尼", LOC, "zh").1, "wikidata");
    // The switch turns it off.
    let mut doc = Document::new("case", "当時の ソビエト連邦 では");
    doc.content = "当時の ソビエト連邦 では".into();
    doc.entities = entities("当時の ソビエト連邦 では", &[("ソビエト連邦", LOC)]);
    let mut config = default();
    config.wikidata = false;
    config.build().unwrap().process(&mut doc).unwrap();
    assert_ne!(
        doc.entities[0].canonical_source.as_deref(),
        Some("wikidata")
    );
}

/// The Earth, the Moon and the Sun by their names in other languages; a
/// Hebrew word whose first letters look like prefixes is no place after them.
#[test]
fn the_earth_the_moon_and_the_sun_in_other_languages() {
    check(
        default(),
        "地球 и Луната. ดวงอาทิตย์. מכיוון.",
        &[
            ("地球", LOC),
            ("Луната", LOC),
            ("ดวงอาทิตย์", LOC),
            ("מכיוון", LOC),
        ],
        &[
            ("地球", "Earth", "alias"),
            ("Луната", "Moon", "alias"),
            ("ดวงอาทิตย์", "Sun", "alias"),
        ],
    );
    // A person or an organisation of the name keeps it: "Moon" is Moon Jae In.
    check(
        default(),
        "Moon Jae-in met reporters. Moon said The Sun was wrong.",
        &[("Moon Jae-in", PER), ("Moon", PER), ("The Sun", ORG)],
        &[
            ("Moon Jae-in", "Moon Jae In", "alias"),
            ("Moon", "Moon Jae In", "coref"),
            ("The Sun", "Sun", "surface"),
        ],
    );
    let mut doc = Document::new("case", "מכיוון");
    doc.content = "מכיוון".into();
    doc.entities = entities("מכיוון", &[("מכיוון", LOC)]);
    default().build().unwrap().process(&mut doc).unwrap();
    assert_ne!(doc.entities[0].canonical.as_deref(), Some("Greece"));
}

/// Another name of a place the curated alias table lists is a place, whatever
/// the tagger said; a place's own name, other tables' names and other labels
/// are left as they are.
#[test]
fn curated_place_names_tagged_org_or_misc_become_places() {
    let content = "The DPRK and the PRC met. Washington spoke, and KCNA reported it from the People’s Republic of China. Beijing beat Shanghai.";
    let mut doc = Document::new("case", content);
    doc.content = content.into();
    doc.entities = entities(
        content,
        &[
            ("DPRK", ORG),
            ("PRC", ORG),
            ("Washington", PER),
            ("KCNA", ORG),
            ("People’s Republic of China", EntityLabel::Misc),
            ("Beijing", ORG),
        ],
    );
    default().build().unwrap().process(&mut doc).unwrap();
    let got: Vec<(&str, EntityLabel, &str)> = doc
        .entities
        .iter()
        .map(|e| (e.text.as_str(), e.label, e.canonical.as_deref().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("DPRK", LOC, "North Korea"),
            ("PRC", LOC, "China"),
            ("Washington", PER, "Washington"),
            ("KCNA", ORG, "Korean Central News Agency"),
            ("People’s Republic of China", LOC, "China"),
            // A place's own name may be a club's: left as tagged.
            ("Beijing", ORG, "Beijing"),
        ]
    );
}

/// A head noun and its modifier (`models/normalize/heads.tsv`): the modifier
/// named by the tables, the head in English, "University of" after a place.
#[test]
fn head_nouns_are_written_in_english_around_their_modifier() {
    check(
        without_wikidata(),
        "Стэнфордского университета, Виргинского университета; 斯坦福大学医学院, 德克萨斯州, \
         カーボベルデ諸島; جامعة فرجينيا; Universitas Harvard, Sungai Mystic; 印度河.",
        &[
            ("Стэнфордского университета", ORG),
            ("Виргинского университета", ORG),
            ("斯坦福大学医学院", ORG),
            ("德克萨斯州", LOC),
            ("カーボベルデ諸島", LOC),
            ("جامعة فرجينيا", ORG),
            ("Universitas Harvard", ORG),
            ("Sungai Mystic", LOC),
            ("印度河", LOC),
        ],
        &[
            // An adjective in -ск- by the noun the tables know.
            ("Стэнфордского университета", "Stanford University", "heads"),
            (
                "Виргинского университета",
                "University of Virginia",
                "heads",
            ),
            // Heads inside heads; a one-letter head (州) after a known place.
            (
                "斯坦福大学医学院",
                "Stanford University School of Medicine",
                "heads",
            ),
            ("德克萨斯州", "Texas", "heads"),
            ("カーボベルデ諸島", "Cape Verde Islands", "heads"),
            ("جامعة فرجينيا", "University of Virginia", "heads"),
            ("Universitas Harvard", "Harvard University", "heads"),
            ("Sungai Mystic", "Mystic River", "heads"),
            // A river named after a country is no "India River"; the learned
            // spelling model writes it (the Indus: no table knows it).
            ("印度河", "Induha", "transliteration"),
        ],
    );
}

/// Head nouns inside head nouns are looked for two deep at most: a mention
/// made of many heads ("море море … 海海…") resolves at once (each level
/// names its modifier again; unbounded, the work would double per head).
#[test]
fn nested_head_nouns_stay_bounded() {
    let mention = format!("{}{}", "море ".repeat(6), "海".repeat(14));
    let mut doc = Document::new("heads", &mention);
    doc.content = mention.clone();
    doc.entities = entities(&mention, &[(mention.as_str(), LOC)]);
    default().build().unwrap().process(&mut doc).unwrap();
    assert_eq!(doc.entities.len(), 1);
    assert!(doc.entities[0].canonical.is_some());
}
