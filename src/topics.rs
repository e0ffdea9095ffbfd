//! Sentence → topics, following `ANNOTATION.md` § Topics.
//!
//! A topic is **lexical** when one of its terms or patterns occurs in the unit
//! (after guards and leftmost-longest overlap resolution in the lexicon); the
//! evidence is the first such term. A unit keeps the topics of the previous
//! unit of its paragraph that it does not name or negate itself, marked
//! **inherited**, when it continues that unit: its speaker continues the previous one (by
//! continuation, or the same speaker by transcript label or joint
//! statement; not a new "He …" or "The Secretary …" sentence, which
//! usually turns to a new point), or it points back with an anaphor ("the
//! situation", "the two countries").
//! A term negated in its clause ("did not discuss Taiwan", "no tariffs") does
//! not tag its topic; it is recorded in `Unit::negated` with rule
//! **negated**, so the evidence shows it and the counts stay clean.
//! No I/O; works on lexicon hits computed once per unit.

use std::collections::BTreeMap;

use crate::document::{Document, Evidence, Role, Rule, Span, TopicTag, Unit};
use crate::lexicon::{Hit, Lexicon, Target};

/// Tag every unit of `doc` with its topics. Run after `attribute::tag`:
/// inheritance follows continued speech.
pub fn tag(doc: &mut Document<'_>, lexicon: &Lexicon, hits: &[Vec<Hit>]) {
    let text = doc.text;
    for paragraph in &mut doc.paragraphs {
        let mut previous: Option<(usize, Vec<String>, Option<String>)> = None;
        for unit in &mut paragraph.units {
            let unit_hits = hits.get(unit.index).map_or(&[][..], Vec::as_slice);
            (unit.topics, unit.negated) = lexical(text, unit.span, unit_hits, lexicon);
            // A unit that continues the previous one keeps its topics, except
            // those it names itself or negates.
            if let Some((index, topics, speaker)) = &previous
                && continues(unit, unit_hits, speaker.as_deref())
            {
                let own: Vec<String> = unit
                    .topics
                    .iter()
                    .chain(&unit.negated)
                    .map(|t| t.topic.clone())
                    .collect();
                unit.topics
                    .extend(
                        topics
                            .iter()
                            .filter(|t| !own.contains(t))
                            .map(|topic| TopicTag {
                                topic: topic.clone(),
                                evidence: Evidence {
                                    rule: Rule::Inherited,
                                    cue: None,
                                    term: None,
                                    verb: None,
                                    continues: Some(*index),
                                },
                            }),
                    );
                unit.topics.sort_by(|a, b| a.topic.cmp(&b.topic));
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

/// Words that negate a topic term after them in the same clause.
const NEGATORS: &[&str] = &[
    "not", "never", "no", "without", "neither", "nor", "didn't", "did't",
];

/// At most this many words between a negator and the term it negates.
const NEGATION_WINDOW: usize = 4;

/// True when the term at `at` is negated: "did not discuss Taiwan", "no
/// tariffs", but not "not only trade".
fn negated(text: &str, unit: Span, at: usize) -> bool {
    let before = &text[unit.start..at];
    let clause = before
        .rsplit([',', ';', ':', '—', '('])
        .next()
        .unwrap_or(before);
    // The last few words only: a long clause must not cost a long scan.
    let mut words: Vec<String> = clause
        .split_whitespace()
        .rev()
        .take(NEGATION_WINDOW)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
                .to_lowercase()
        })
        .collect();
    words.reverse();
    words.iter().enumerate().any(|(k, w)| {
        NEGATORS.contains(&w.as_str()) && words.get(k + 1).is_none_or(|next| next != "only")
    })
}

/// One tag per topic whose term occurs un-negated, with the first such
/// occurrence as evidence, sorted by topic id; and one `negated` record per
/// topic whose every occurrence is negated.
fn lexical(
    text: &str,
    unit: Span,
    hits: &[Hit],
    lexicon: &Lexicon,
) -> (Vec<TopicTag>, Vec<TopicTag>) {
    let mut first: BTreeMap<&str, Span> = BTreeMap::new();
    let mut negations: BTreeMap<&str, Span> = BTreeMap::new();
    for hit in hits {
        if let Target::Topic(i) = hit.target {
            let topic = lexicon.topics[i].id.as_str();
            if negated(text, unit, hit.span.start) {
                negations.entry(topic).or_insert(hit.span);
            } else {
                first.entry(topic).or_insert(hit.span);
            }
        }
    }
    negations.retain(|topic, _| !first.contains_key(topic));
    let tags = |map: BTreeMap<&str, Span>, rule: Rule| -> Vec<TopicTag> {
        map.into_iter()
            .map(|(topic, span)| TopicTag {
                topic: topic.to_owned(),
                evidence: Evidence {
                    rule,
                    cue: Some(topic.to_owned()),
                    term: Some(span),
                    verb: None,
                    continues: None,
                },
            })
            .collect()
    };
    (tags(first, Rule::Lexical), tags(negations, Rule::Negated))
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
            // Same speaker by label or joint statement: the same speech goes on.
            // A pronoun or title subject ("He also raised ...") usually turns
            // to a new point, so it does not inherit.
            Rule::Label | Rule::JointStatement => Some(s.speaker.id()) == previous_speaker,
            _ => false,
        });
    continued_speech || hits.iter().any(|h| h.target == Target::Anaphor)
}

#[cfg(test)]
mod tests {
    use crate::analysis::analyze;
    use crate::lexicon::Lexicon;

    fn topics(text: &str) -> Vec<(Vec<String>, Vec<String>)> {
        analyze(text, &Lexicon::builtin())
            .units()
            .map(|u| {
                (
                    u.topics.iter().map(|t| t.topic.clone()).collect(),
                    u.negated.iter().map(|t| t.topic.clone()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn negated_topic_is_recorded_not_tagged() {
        assert_eq!(
            topics(
                "The two sides did not discuss Taiwan. They agreed on no new tariffs but not only trade."
            ),
            [
                (vec![], vec!["taiwan".to_owned()]),
                (vec!["trade".to_owned()], vec![]),
            ]
        );
    }

    #[test]
    fn a_negation_in_another_clause_does_not_count() {
        assert_eq!(
            topics("Nothing was agreed, but the sides discussed Taiwan."),
            [(vec!["taiwan".to_owned()], vec![])]
        );
    }
}
