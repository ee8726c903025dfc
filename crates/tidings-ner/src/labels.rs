//! IOB2 tag sets and the spans they encode.

use tidings_core::EntityLabel;

/// The position part of a tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    O,
    B,
    I,
}

/// One tag of a model's tag set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tag {
    pub(crate) kind: Kind,
    pub(crate) label: Option<EntityLabel>,
}

impl Tag {
    /// Parses `O`, `B-PER`, `I-LOC`…; `None` for anything else.
    pub(crate) fn parse(s: &str) -> Option<Tag> {
        if s == "O" {
            return Some(Tag {
                kind: Kind::O,
                label: None,
            });
        }
        let (k, l) = s.split_once('-')?;
        let kind = match k {
            "B" => Kind::B,
            "I" => Kind::I,
            _ => return None,
        };
        Some(Tag {
            kind,
            label: Some(EntityLabel::parse(l)?),
        })
    }

    /// Whether this tag may follow `prev` in IOB2 (`I-X` only after `B-X`/`I-X`).
    pub(crate) fn may_follow(self, prev: Option<Tag>) -> bool {
        match self.kind {
            Kind::I => prev.is_some_and(|p| p.kind != Kind::O && p.label == self.label),
            _ => true,
        }
    }
}

/// A labelled token span `start..end` (token indices, end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TokenSpan {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The entity label.
    pub label: EntityLabel,
}

/// Chunks of a tag sequence, the conlleval way: a chunk starts at `B-X`, or at
/// `I-X` after a tag of another type (so IOB1 input works too), and runs over
/// the following `I-X`.
pub fn spans_of<'a>(tags: impl IntoIterator<Item = &'a str>) -> Vec<TokenSpan> {
    let tags: Vec<Option<Tag>> = tags.into_iter().map(Tag::parse).collect();
    spans_of_tags(&tags)
}

pub(crate) fn spans_of_tags(tags: &[Option<Tag>]) -> Vec<TokenSpan> {
    let mut out = Vec::new();
    let mut open: Option<(usize, EntityLabel)> = None;
    for (i, t) in tags.iter().enumerate() {
        let (kind, label) = match t {
            Some(Tag {
                kind,
                label: Some(l),
            }) => (*kind, Some(*l)),
            _ => (Kind::O, None),
        };
        let continues = kind == Kind::I && open.is_some_and(|(_, l)| Some(l) == label);
        if !continues {
            if let Some((s, l)) = open.take() {
                out.push(TokenSpan {
                    start: s,
                    end: i,
                    label: l,
                });
            }
            if let Some(l) = label {
                open = Some((i, l));
            }
        }
    }
    if let Some((s, l)) = open {
        out.push(TokenSpan {
            start: s,
            end: tags.len(),
            label: l,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conlleval_chunks() {
        let s = spans_of([
            "B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-LOC", "I-ORG", "O",
        ]);
        let got: Vec<_> = s
            .iter()
            .map(|s| (s.start, s.end, s.label.as_str()))
            .collect();
        assert_eq!(
            got,
            [(0, 2, "PER"), (3, 5, "LOC"), (5, 6, "LOC"), (6, 7, "ORG")]
        );
    }
}
