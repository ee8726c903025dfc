//! Which entity a mention names, when the index offers several.
//!
//! 1. **Type**: a `PER` mention takes only persons; `LOC` places, then (if no
//!    place fits) organisations; `ORG` organisations, then places (a country
//!    acting as a government); `MISC` anything.
//! 2. **The document**: a candidate whose English name shares words with the
//!    document's other names (`Paris, Texas` beside `Texas`), or that another
//!    mention of the document already resolved to, wins when it alone scores
//!    highest.
//! 3. **Prominence**: the candidate that the inputs give at least
//!    `ratio` × as many names as any other (ParaNames: labels in that many
//!    more languages) wins.
//!
//! Still ambiguous: no entity, but when every candidate has the same English
//! name, that name.

use std::collections::HashSet;

use tidings_core::EntityLabel;

use super::{EntityId, Gazetteer, Kinds};
use crate::normalize_key;

/// How many of a name's candidates (most widely named first) are weighed.
const MAX_CANDIDATES: usize = 32;

/// What the rest of the document says: the words of its names, and the
/// entities already resolved in it.
#[derive(Debug, Default)]
pub(crate) struct Context {
    pub words: HashSet<String>,
    pub ids: HashSet<EntityId>,
}

/// The outcome for one mention.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Choice {
    /// One entity.
    Entity { id: EntityId, english: String },
    /// Several entities, one English name.
    Name(String),
    /// Several entities with different names.
    Ambiguous,
    /// The index does not know the name (for this type).
    Unknown,
}

fn tiers(label: EntityLabel) -> &'static [Kinds] {
    const ANY: Kinds = Kinds(Kinds::PERSON.0 | Kinds::LOCATION.0 | Kinds::ORGANIZATION.0 | 8);
    match label {
        EntityLabel::Person => &[Kinds::PERSON],
        EntityLabel::Location => &[Kinds::LOCATION, Kinds::ORGANIZATION],
        EntityLabel::Organization => &[Kinds::ORGANIZATION, Kinds::LOCATION],
        EntityLabel::Misc => &[ANY],
    }
}

/// Chooses among the candidates of `key` for a mention of type `label`.
/// `context` is `None` on the first pass (before the document is read);
/// `prominence` is the ratio of rule 3 (`None`: rule 3 off).
pub(crate) fn choose(
    gazetteer: &Gazetteer,
    key: &str,
    label: EntityLabel,
    context: Option<&Context>,
    prominence: Option<f32>,
) -> Choice {
    // Lazily, per tier: a common name may have thousands of candidates, and
    // only the first MAX_CANDIDATES of a type are weighed.
    let Some(cands) = tiers(label)
        .iter()
        .map(|&kinds| {
            gazetteer
                .candidates_of_key(key)
                .filter(|c| c.kinds.intersects(kinds))
                .take(MAX_CANDIDATES)
                .collect::<Vec<_>>()
        })
        .find(|c| !c.is_empty())
    else {
        return Choice::Unknown;
    };
    let entity = |id: EntityId| -> Choice {
        match gazetteer.english(id) {
            Some(english) => Choice::Entity {
                id,
                english: english.to_owned(),
            },
            None => Choice::Unknown,
        }
    };
    if let [only] = cands.as_slice() {
        return entity(only.id);
    }
    if let Some(ctx) = context {
        let own: HashSet<&str> = key.split(' ').collect();
        let scores: Vec<usize> = cands
            .iter()
            .map(|c| {
                let from_id = if ctx.ids.contains(&c.id) { 2 } else { 0 };
                let english = gazetteer
                    .english(c.id)
                    .map(normalize_key)
                    .unwrap_or_default();
                from_id
                    + english
                        .split(' ')
                        .filter(|w| !own.contains(w) && ctx.words.contains(*w))
                        .count()
            })
            .collect();
        let best = scores.iter().copied().max().unwrap_or(0);
        if best > 0 && scores.iter().filter(|&&s| s == best).count() == 1 {
            if let Some(i) = scores.iter().position(|&s| s == best) {
                return entity(cands[i].id);
            }
        }
    }
    if let Some(ratio) = prominence {
        // Sorted most widely named first at build time.
        let (top, second) = (cands[0].names as f32, cands[1].names as f32);
        if top > 0.0 && top >= ratio * second {
            return entity(cands[0].id);
        }
    }
    let mut names = cands
        .iter()
        .filter_map(|c| gazetteer.english(c.id))
        .map(|e| (normalize_key(e), e));
    match names.next() {
        Some((first_key, first)) if names.all(|(k, _)| k == first_key) => {
            Choice::Name(first.to_owned())
        }
        _ => Choice::Ambiguous,
    }
}
