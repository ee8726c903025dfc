//! From per-token predictions to entities: word grouping (aggregation) and
//! B-/I- tag decoding.

use tidings_core::{Entity, EntityLabel};

use super::{Aggregation, TokenPrediction};

pub(crate) fn softmax(logits: &[f32]) -> Vec<f32> {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exps: Vec<f32> = logits.iter().map(|&x| (x - max).exp()).collect();
    let sum: f32 = exps.iter().sum();
    exps.into_iter().map(|e| e / sum).collect()
}

/// A word (or a token, for [`Aggregation::Simple`]) with its label.
struct Unit {
    start: usize,
    end: usize,
    label: usize,
    score: f32,
}

fn argmax(v: &[f32]) -> (usize, f32) {
    v.iter()
        .copied()
        .enumerate()
        .fold((0, f32::MIN), |b, (i, x)| if x > b.1 { (i, x) } else { b })
}

fn units(preds: &[TokenPrediction], aggregation: Aggregation) -> Vec<Unit> {
    if aggregation == Aggregation::Simple {
        return preds
            .iter()
            .map(|p| Unit {
                start: p.start,
                end: p.end,
                label: p.label_id,
                score: p.score,
            })
            .collect();
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < preds.len() {
        let mut j = i + 1;
        while j < preds.len() && !preds[j].word_start {
            j += 1;
        }
        let word = &preds[i..j];
        let (label, score) = match aggregation {
            Aggregation::First | Aggregation::Simple => (word[0].label_id, word[0].score),
            Aggregation::Max => word
                .iter()
                .map(|p| (p.label_id, p.score))
                .fold((0, f32::MIN), |b, x| if x.1 > b.1 { x } else { b }),
            Aggregation::Average => {
                let mut mean = vec![0.0f32; word[0].logits.len()];
                for p in word {
                    for (m, q) in mean.iter_mut().zip(softmax(&p.logits)) {
                        *m += q / word.len() as f32;
                    }
                }
                argmax(&mean)
            }
        };
        out.push(Unit {
            start: word[0].start,
            end: word.iter().map(|p| p.end).max().unwrap_or(word[0].end),
            label,
            score,
        });
        i = j;
    }
    out
}

/// Splits `B-PER` into (`B`, `PER`); a bare `PER` is (`I`, `PER`).
fn split_tag(tag: &str) -> (char, &str) {
    match tag.split_once(['-', '_']) {
        Some((p, t)) if p.len() == 1 => (p.chars().next().unwrap_or('I').to_ascii_uppercase(), t),
        _ => ('I', tag),
    }
}

/// The entities of `text` from its token predictions. `start..end` of each entity
/// are byte offsets into `text`. Entities never cross a line break.
pub(crate) fn decode(
    text: &str,
    preds: &[TokenPrediction],
    labels: &[String],
    aggregation: Aggregation,
    min_score: f32,
    model: &str,
) -> Vec<Entity> {
    struct Open {
        start: usize,
        end: usize,
        label: EntityLabel,
        scores: f32,
        n: usize,
    }
    let mut out = Vec::new();
    let mut open: Option<Open> = None;
    let close = |o: Open, out: &mut Vec<Entity>| {
        let score = o.scores / o.n as f32;
        if score >= min_score {
            if let Some(surface) = text.get(o.start..o.end) {
                out.push(Entity {
                    start: o.start,
                    end: o.end,
                    text: surface.to_owned(),
                    label: o.label,
                    score,
                    model: model.to_owned(),
                    canonical: None,
                    canonical_source: None,
                    wikidata_id: None,
                });
            }
        }
    };
    for u in units(preds, aggregation) {
        let tag = labels.get(u.label).map(String::as_str).unwrap_or("O");
        let (prefix, kind) = split_tag(tag);
        let label = if tag == "O" {
            None
        } else {
            EntityLabel::parse(kind)
        };
        let Some(label) = label else {
            if let Some(o) = open.take() {
                close(o, &mut out);
            }
            continue;
        };
        let continues = matches!(prefix, 'I' | 'E')
            && open.as_ref().is_some_and(|o| {
                o.label == label && !text.get(o.end..u.start).unwrap_or("\n").contains('\n')
            });
        if continues {
            if let Some(o) = open.as_mut() {
                o.end = o.end.max(u.end);
                o.scores += u.score;
                o.n += 1;
            }
        } else {
            if let Some(o) = open.take() {
                close(o, &mut out);
            }
            open = Some(Open {
                start: u.start,
                end: u.end,
                label,
                scores: u.score,
                n: 1,
            });
        }
        if matches!(prefix, 'E' | 'S') {
            if let Some(o) = open.take() {
                close(o, &mut out);
            }
        }
    }
    if let Some(o) = open.take() {
        close(o, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Vec<String> {
        ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-DATE"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn pred(
        text: &str,
        piece: &str,
        from: usize,
        label: usize,
        word_start: bool,
    ) -> TokenPrediction {
        let start = text[from..].find(piece).map(|i| i + from).unwrap_or(0);
        let mut logits = vec![0.0; 6];
        logits[label] = 5.0;
        TokenPrediction {
            start,
            end: start + piece.len(),
            token_id: 0,
            word_start,
            label: labels()[label].clone(),
            label_id: label,
            score: softmax(&logits)[label],
            logits,
        }
    }

    #[test]
    fn words_and_tags_make_entities_with_byte_offsets() {
        let text = "Präsident Kim Jong Un traf Müller in Zürich\nPyongyang heute 2024";
        let p = vec![
            pred(text, "Präsident", 0, 0, true),
            pred(text, "Kim", 0, 1, true),
            pred(text, "Jong", 0, 2, true),
            pred(text, "Un", 15, 2, true),
            pred(text, "traf", 0, 0, true),
            pred(text, "Mü", 0, 1, true),
            pred(text, "ller", 0, 0, false), // continuation with another label: first wins
            pred(text, "in", 35, 0, true),
            pred(text, "Zürich", 0, 4, true), // I- without B- starts an entity (IOB1)
            pred(text, "Pyongyang", 0, 4, true), // a line break ends the entity
            pred(text, "heute", 0, 0, true),
            pred(text, "2024", 0, 5, true), // unknown type: dropped
        ];
        let e = decode(text, &p, &labels(), Aggregation::First, 0.0, "bert:test");
        let got: Vec<(&str, &str)> = e
            .iter()
            .map(|e| (&text[e.start..e.end], e.label.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("Kim Jong Un", "PER"),
                ("Müller", "PER"),
                ("Zürich", "LOC"),
                ("Pyongyang", "LOC")
            ]
        );
        for ent in &e {
            assert_eq!(ent.text, &text[ent.start..ent.end]);
            assert_eq!(ent.model, "bert:test");
        }
        // Simple: the "ller" piece is O, so the entity is only "Mü".
        let e = decode(text, &p, &labels(), Aggregation::Simple, 0.0, "m");
        assert!(e.iter().any(|e| e.text == "Mü"));
        // A high threshold drops everything.
        assert!(decode(text, &p, &labels(), Aggregation::First, 1.0, "m").is_empty());
    }
}
