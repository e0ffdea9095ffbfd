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

use crate::document::{Evidence, Id, Paragraph, Role, Rule, Span, TopicTag, Unit};
use crate::lexicon::{Hit, Lexicon, Target, UnitHits};
use crate::segment::is_ascii_space;

/// Tag the units of one paragraph of `text` with their topics, after its
/// speakers (inheritance follows continued speech). `hits.unit(k)` holds the
/// lexicon hits of its `k`-th unit. Nothing
/// carries from one paragraph to the next.
pub fn tag_paragraph(text: &str, paragraph: &mut Paragraph, lexicon: &Lexicon, hits: &UnitHits) {
    for k in 0..paragraph.units.len() {
        // The previous unit is read in place, as tagged: no copies of its
        // topics or speaker.
        let (done, rest) = paragraph.units.split_at_mut(k);
        let unit = &mut rest[0];
        let unit_hits = hits.unit(k);
        (unit.topics, unit.negated) = lexical(text, unit.span, unit_hits, lexicon);
        let Some(previous) = done
            .last()
            .filter(|p| !matches!(p.role, Role::Headline | Role::Subheading))
        else {
            continue;
        };
        // A unit that continues the previous one keeps its topics, except
        // those it names itself or negates.
        let previous_speaker = previous.speaker.as_ref().map(|s| s.speaker.id());
        if !continues(unit, unit_hits, previous_speaker) {
            continue;
        }
        let own = unit.topics.len();
        for topic in &previous.topics {
            let named = unit.topics[..own]
                .iter()
                .chain(&unit.negated)
                .any(|t| t.topic == topic.topic);
            if !named {
                unit.topics.push(TopicTag {
                    topic: topic.topic,
                    evidence: Evidence {
                        rule: Rule::Inherited,
                        cue: None,
                        term: None,
                        verb: None,
                        continues: Some(previous.index),
                    },
                });
            }
        }
        if unit.topics.len() > own {
            unit.topics.sort_by_key(|t| t.topic);
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
    negated_ascii(before.as_bytes()).unwrap_or_else(|| negated_chars(before))
}

/// True for the ASCII bytes that end a clause (and '—' does too).
fn is_ascii_clause_end(b: u8) -> bool {
    matches!(b, b',' | b';' | b':' | b'(')
}

/// [`negated_chars`] a byte at a time, or `None` when the words it reads
/// are not all ASCII.
fn negated_ascii(before: &[u8]) -> Option<bool> {
    // The last few words of the clause, last first.
    let mut words: [&[u8]; NEGATION_WINDOW] = [&[]; NEGATION_WINDOW];
    let mut count = 0;
    let mut i = before.len();
    while count < NEGATION_WINDOW {
        while i > 0 && is_ascii_space(before[i - 1]) {
            i -= 1;
        }
        let end = i;
        while i > 0 && !is_ascii_space(before[i - 1]) && !is_ascii_clause_end(before[i - 1]) {
            if !before[i - 1].is_ascii() {
                return None;
            }
            i -= 1;
        }
        if i < end {
            words[count] = &before[i..end];
            count += 1;
        }
        if i == 0 || is_ascii_clause_end(before[i - 1]) {
            break;
        }
    }
    // `words[k + 1]` comes before `words[k]` in the text.
    Some((0..count).any(|k| {
        ascii_word_in(words[k], NEGATORS) && (k == 0 || !ascii_word_in(words[k - 1], &["only"]))
    }))
}

/// [`is_one_of`] for an ASCII word.
fn ascii_word_in(word: &[u8], list: &[&str]) -> bool {
    let keep = |b: &u8| b.is_ascii_alphanumeric() || *b == b'\'';
    let Some(start) = word.iter().position(keep) else {
        return list.contains(&"");
    };
    let end = word.iter().rposition(keep).map_or(start, |i| i + 1);
    let word = &word[start..end];
    list.iter().any(|w| word.eq_ignore_ascii_case(w.as_bytes()))
}

/// True when the term after `before`, the unit's text up to it, is negated.
fn negated_chars(before: &str) -> bool {
    // The last few words of the clause, last first, read backwards from the
    // term: a long clause must not cost a long scan.
    let mut words = [""; NEGATION_WINDOW];
    let mut count = 0;
    let mut word_end = None;
    let mut clause_start = 0;
    for (i, c) in before.char_indices().rev() {
        let clause_end = matches!(c, ',' | ';' | ':' | '—' | '(');
        if clause_end || c.is_whitespace() {
            if let Some(end) = word_end.take() {
                words[count] = &before[i + c.len_utf8()..end];
                count += 1;
                if count == NEGATION_WINDOW {
                    break;
                }
            }
            if clause_end {
                clause_start = i + c.len_utf8();
                break;
            }
        } else if word_end.is_none() {
            word_end = Some(i + c.len_utf8());
        }
    }
    if let Some(end) = word_end
        && count < NEGATION_WINDOW
    {
        words[count] = &before[clause_start..end];
        count += 1;
    }
    // `words[k + 1]` comes before `words[k]` in the text.
    (0..count)
        .any(|k| is_one_of(words[k], NEGATORS) && (k == 0 || !is_one_of(words[k - 1], &["only"])))
}

/// True when `word`, without the punctuation around it, is one of the
/// lowercase `list` in any case.
fn is_one_of(word: &str, list: &[&str]) -> bool {
    if word.is_ascii() {
        return ascii_word_in(word.as_bytes(), list);
    }
    let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
    list.contains(&word.to_lowercase().as_str())
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
    let mut tags: Vec<TopicTag> = Vec::new();
    let mut negations: Vec<TopicTag> = Vec::new();
    for hit in hits {
        let Target::Topic(i) = hit.target else {
            continue;
        };
        let topic = lexicon.topics[i].id;
        if tags.iter().any(|t| t.topic == topic) {
            continue;
        }
        if !negated(text, unit, hit.span.start) {
            tags.push(topic_tag(topic, hit.span, Rule::Lexical));
        } else if !negations.iter().any(|t| t.topic == topic) {
            negations.push(topic_tag(topic, hit.span, Rule::Negated));
        }
    }
    if !negations.is_empty() {
        negations.retain(|n| !tags.iter().any(|t| t.topic == n.topic));
        negations.sort_unstable_by_key(|t| t.topic);
    }
    tags.sort_unstable_by_key(|t| t.topic);
    (tags, negations)
}

fn topic_tag(topic: Id, span: Span, rule: Rule) -> TopicTag {
    TopicTag {
        topic,
        evidence: Evidence {
            rule,
            cue: Some(topic),
            term: Some(span),
            verb: None,
            continues: None,
        },
    }
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
                    u.topics.iter().map(|t| t.topic.to_string()).collect(),
                    u.negated.iter().map(|t| t.topic.to_string()).collect(),
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
