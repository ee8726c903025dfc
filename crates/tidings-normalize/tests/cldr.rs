#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Checks against the CLDR data in `$TIDINGS_DATA/cldr` (default
//! `../shared/data` from the repository root). Without the data the tests are
//! skipped, except under `CI=true`, where missing data is a failure.

use std::path::PathBuf;

use tidings_normalize::{derive_places, AliasKind, Aliases, Places, EMBEDDED_PLACES};

fn data_dir() -> Option<PathBuf> {
    tidings_testdata::data("cldr/territories.tsv")?;
    Some(tidings_testdata::data_dir().join("cldr"))
}

#[test]
fn shipped_gazetteer_is_what_the_generator_derives() {
    let Some(cldr) = data_dir() else { return };
    let (derived, stats) = derive_places(&cldr).unwrap();
    assert_eq!(stats.locales, 62);
    assert!(
        derived == EMBEDDED_PLACES,
        "models/normalize/places.tsv is stale: run `cargo run -p tidings-tools --bin build_gazetteer`"
    );
}

#[test]
fn every_cldr_territory_name_resolves_to_its_english_name() {
    let Some(cldr) = data_dir() else { return };
    let places = Places::embedded().unwrap();
    let text = std::fs::read_to_string(cldr.join("territories.tsv")).unwrap();
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect();
    // A territory's English names: CLDR's `en` name, its short form and its
    // variant (`Türkiye`, `Turkey`), `&` written `and` as the table writes it.
    let english = |code: &str| -> Vec<String> {
        rows.iter()
            .filter(|r| r[0] == "en" && r[1] == code)
            .map(|r| r[3].replace(" & ", " and "))
            .collect()
    };
    let (mut total, mut same) = (0usize, 0usize);
    for r in rows.iter().filter(|r| r[2].is_empty()) {
        total += 1;
        // The key is a fixed point: normalising a key changes nothing.
        let key = tidings_normalize::normalize_key(r[3]);
        assert_eq!(tidings_normalize::normalize_key(&key), key, "{}", r[3]);
        let want = english(r[1]);
        // Territories whose English name is shortened (Hong Kong SAR China → Hong Kong).
        if places
            .lookup(r[3])
            .is_some_and(|got| want.iter().any(|w| w.contains(got)))
        {
            same += 1;
        }
    }
    eprintln!("{same} of {total} CLDR territory names resolve to their English name");
    // A few names are shared by two territories across locales; nearly all resolve.
    assert!(same * 1000 >= total * 995, "{same} of {total} resolved");
}

#[test]
fn city_names_resolve_to_their_english_name() {
    let Some(cldr) = data_dir() else { return };
    let places = Places::embedded().unwrap();
    let text = std::fs::read_to_string(cldr.join("cities.tsv")).unwrap();
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect();
    let english: std::collections::HashMap<&str, &str> = rows
        .iter()
        .filter(|r| r[0] == "en")
        .map(|r| (r[1], r[2]))
        .collect();
    let same = rows
        .iter()
        .filter(|r| {
            places.lookup(r[2]).is_some() && places.lookup(r[2]) == english.get(r[1]).copied()
        })
        .count();
    eprintln!(
        "{same} of {} CLDR city names resolve to their English name",
        rows.len()
    );
    // The rest share a name with a territory (Djibouti, Kuwait, Algiers/Algeria…).
    assert!(
        same * 100 >= rows.len() * 98,
        "{same} of {} resolved",
        rows.len()
    );
}

#[test]
fn the_issue_examples() {
    let places = Places::embedded().unwrap();
    for (name, want) in [
        ("Korea Utara", "North Korea"),
        ("북한", "North Korea"),
        ("КНДР", "North Korea"),
        ("北朝鮮", "North Korea"),
        ("Tiongkok", "China"),
        ("China", "China"),
        ("中国", "China"),
        ("평양", "Pyongyang"),
        ("Pjöngjang", "Pyongyang"),
        ("Amerika Serikat", "United States"),
        ("Korea Selatan", "South Korea"),
        ("Hong Kong SAR China", "Hong Kong"),
        ("Myanmar (Burma)", "Myanmar"),
        ("Singapura", "Singapore"),
    ] {
        assert_eq!(places.lookup(name), Some(want), "{name}");
    }
}

#[test]
fn place_aliases_add_what_cldr_lacks() {
    let places = Places::embedded().unwrap();
    let aliases = Aliases::embedded().unwrap();
    let mut redundant: Vec<&str> = aliases
        .entries(AliasKind::Place)
        .filter(|&(key, name)| tidings_normalize::normalize_key(name) != key)
        .filter(|&(key, name)| places.lookup_key(key) == Some(name))
        .map(|(key, _)| key)
        .collect();
    redundant.sort_unstable();
    assert!(
        redundant.is_empty(),
        "place aliases that repeat CLDR (drop them from aliases.tsv): {redundant:?}"
    );
    for (_, name) in aliases.entries(AliasKind::Place) {
        let own_row = aliases.lookup(AliasKind::Place, name) == Some(name);
        assert!(
            own_row || places.lookup(name) == Some(name),
            "place alias target `{name}` is neither a CLDR English name nor has its own row"
        );
    }
}
