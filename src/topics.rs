//! Sentence → topics, following `ANNOTATION.md` § Topics.
//!
//! A topic is **lexical** when one of its terms or patterns occurs in the unit
//! (after guards and leftmost-longest overlap resolution in the lexicon); the
//! evidence is the first such term. A unit with no lexical topic keeps the
//! topics of the previous unit of its paragraph, marked **inherited**, when it
//! continues that unit: its speaker continues the previous one (by
//! continuation, or the same speaker by pronoun, title, transcript label or
//! joint statement), or it points back with an anaphor ("the situation",
//! "the two countries").
//! No I/O; works on lexicon hits computed once per unit.

use std::collections::BTreeMap;

use crate::document::{Document, Evidence, Role, Rule, Span, TopicTag, Unit};
use crate::lexicon::{Hit, Lexicon, Target};

/// Tag every unit of `doc` with its topics. Run after `attribute::tag`:
/// inheritance follows continued speech.
pub fn tag(doc: &mut Document<'_>, lexicon: &Lexicon, hits: &[Vec<Hit>]) {
    for paragraph in &mut doc.paragraphs {
        let mut previous: Option<(usize, Vec<String>, Option<String>)> = None;
        for unit in &mut paragraph.units {
            let unit_hits = hits.get(unit.index).map_or(&[][..], Vec::as_slice);
            unit.topics = lexical(unit_hits, lexicon);
            if unit.topics.is_empty()
                && let Some((index, topics, speaker)) = &previous
                && continues(unit, unit_hits, speaker.as_deref())
            {
                unit.topics = topics
                    .iter()
                    .map(|topic| TopicTag {
                        topic: topic.clone(),
                        evidence: Evidence {
                            rule: Rule::Inherited,
                            cue: None,
                            term: None,
                            verb: None,
                            continues: Some(*index),
                        },
                    })
                    .collect();
            }
            previous = (!matches!(unit.role, Role::Headline | Role::Subheading)).then(|| {
                (
                    unit.index,
                    unit.topics.iter().map(|t| t.topic.clone()).collect(),
                    unit.speaker.as_ref().map(|s| s.speaker.id().to_owned()),
                )
            });
        }
    }
}

/// One tag per topic whose term occurs, with the first occurrence as
/// evidence, sorted by topic id.
fn lexical(hits: &[Hit], lexicon: &Lexicon) -> Vec<TopicTag> {
    let mut first: BTreeMap<&str, Span> = BTreeMap::new();
    for hit in hits {
        if let Target::Topic(i) = hit.target {
            first
                .entry(lexicon.topics[i].id.as_str())
                .or_insert(hit.span);
        }
    }
    first
        .into_iter()
        .map(|(topic, span)| TopicTag {
            topic: topic.to_owned(),
            evidence: Evidence {
                rule: Rule::Lexical,
                cue: Some(topic.to_owned()),
                term: Some(span),
                verb: None,
                continues: None,
            },
        })
        .collect()
}

/// Whether `unit` carries on the subject of the previous unit, spoken by
/// `previous_speaker`.
fn continues(unit: &Unit, hits: &[Hit], previous_speaker: Option<&str>) -> bool {
    if matches!(unit.role, Role::Headline | Role::Subheading) {
        return false;
    }
    let continued_speech = unit
        .speaker
        .as_ref()
        .is_some_and(|s| match s.evidence.rule {
            Rule::Continuation => true,
            Rule::Coreference | Rule::Label | Rule::JointStatement => {
                Some(s.speaker.id()) == previous_speaker
            }
            _ => false,
        });
    continued_speech || hits.iter().any(|h| h.target == Target::Anaphor)
}
