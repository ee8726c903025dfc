//! The gazetteer's part in deciding a document's canonical names
//! (`crate::resolve`): a first pass per mention, and a pass over the whole
//! document for what the first could not settle alone.

use std::collections::HashMap;

use tidings_core::{Entity, EntityLabel};

use super::{choose, Choice, Context, EntityId, Gazetteer};
use crate::normalize_key;
use crate::resolve::{Decision, Source};

/// The decision for one lookup key of a mention, before the document is read:
/// an entity (canonical name and id), a name without an id (several entities
/// share it), or only a mark that the key is ambiguous. `None`: the index does
/// not know the key for this type.
pub(crate) fn first_pass(
    gazetteer: &Gazetteer,
    prominence: Option<f32>,
    label: EntityLabel,
    key: &str,
) -> Option<Decision> {
    let mut d = match choose(gazetteer, key, label, None, prominence) {
        Choice::Entity { id, english } => {
            let mut d = Decision::new(english, Source::Gazetteer);
            d.wikidata_id = id.wikidata();
            return Some(d);
        }
        Choice::Name(english) => Decision::new(english, Source::Gazetteer),
        Choice::Ambiguous => Decision::new(String::new(), Source::Surface),
        Choice::Unknown => return None,
    };
    d.ambiguous_key = Some(key.to_owned());
    Some(d)
}

/// Words too common in names to say which entity is meant.
const COMMON: &[&str] = &[
    "the", "and", "for", "von", "der", "des", "del", "les", "los", "las",
];

/// With the whole document read: settles the mentions the first pass left
/// ambiguous, gives curated names (CLDR, aliases) their Wikidata id, and
/// passes an id to every mention with the same canonical name.
pub(crate) fn resolve_in_document(
    gazetteer: &Gazetteer,
    prominence: Option<f32>,
    entities: &[Entity],
    decisions: &mut [Decision],
) {
    let mut ctx = Context::default();
    let mut add_words = |text: &str| {
        for w in normalize_key(text).split(' ') {
            if w.chars().count() >= 3 && !COMMON.contains(&w) {
                ctx.words.insert(w.to_owned());
            }
        }
    };
    for (e, d) in entities.iter().zip(decisions.iter()) {
        add_words(&e.text);
        add_words(&d.canonical);
    }
    ctx.ids = decisions
        .iter()
        .filter_map(|d| d.wikidata_id.as_deref().and_then(EntityId::parse_wikidata))
        .collect();

    for (e, d) in entities.iter().zip(decisions.iter_mut()) {
        if d.wikidata_id.is_some() {
            continue;
        }
        match d.source {
            Source::Cldr | Source::GeoNames | Source::Alias | Source::Heads => {
                // The curated (or composed) name stays; the gazetteer gives its id.
                let key = normalize_key(&d.canonical);
                if let Choice::Entity { id, .. } =
                    choose(gazetteer, &key, e.label, Some(&ctx), prominence)
                {
                    d.wikidata_id = id.wikidata();
                }
            }
            Source::Gazetteer | Source::Surface | Source::Transliteration | Source::Names => {
                let Some(key) = d.ambiguous_key.as_deref() else {
                    continue;
                };
                if let Choice::Entity { id, english } =
                    choose(gazetteer, key, e.label, Some(&ctx), prominence)
                {
                    d.canonical = english;
                    d.source = Source::Gazetteer;
                    d.wikidata_id = id.wikidata();
                }
            }
            Source::Coref | Source::Wikidata => {}
        }
    }

    // One canonical name, one entity, within a document: `Kim` linked to
    // `Kim Jong Un` takes its id. A name with two ids is left alone.
    let mut ids: HashMap<&str, Option<&str>> = HashMap::new();
    for d in decisions.iter() {
        if let Some(id) = d.wikidata_id.as_deref() {
            ids.entry(d.canonical.as_str())
                .and_modify(|seen| {
                    if *seen != Some(id) {
                        *seen = None;
                    }
                })
                .or_insert(Some(id));
        }
    }
    let ids: HashMap<String, String> = ids
        .into_iter()
        .filter_map(|(name, id)| Some((name.to_owned(), id?.to_owned())))
        .collect();
    for d in decisions.iter_mut() {
        if d.wikidata_id.is_none() {
            d.wikidata_id = ids.get(&d.canonical).cloned();
        }
    }
}
