//! Aggregate views over analysed documents: per-speaker and per-topic
//! summaries, the speaker × topic matrix, unit filters (`grep`), and the
//! comparison of two readouts. Pure functions of [`Document`]s; no I/O, no
//! formatting. Speakers are keyed by id, with `None` for narration; every
//! map is ordered, so output built from these is deterministic.

use std::collections::{BTreeMap, BTreeSet};

use regex::Regex;
use unicode_segmentation::UnicodeSegmentation;

use crate::document::{Document, Role, Rule, Span, Unit};

/// A speaker key: a party id or `joint`, or `None` for narration.
pub type SpeakerKey = Option<String>;

/// The order speakers are listed in every report: parties by id, then
/// `joint`, then narration.
pub fn speaker_rank(key: &SpeakerKey) -> (u8, &str) {
    match key.as_deref() {
        None => (2, ""),
        Some("joint") => (1, "joint"),
        Some(id) => (0, id),
    }
}

/// A map's entries in speaker order.
fn ranked<V>(map: BTreeMap<SpeakerKey, V>) -> Vec<(SpeakerKey, V)> {
    let mut entries: Vec<(SpeakerKey, V)> = map.into_iter().collect();
    entries.sort_by(|a, b| speaker_rank(&a.0).cmp(&speaker_rank(&b.0)));
    entries
}

fn speaker_key(unit: &Unit) -> SpeakerKey {
    unit.speaker.as_ref().map(|s| s.speaker.id().to_owned())
}

/// Words in a text, by Unicode word boundaries (UAX #29).
pub fn word_count(text: &str) -> usize {
    text.unicode_words().count()
}

/// One speaker's share of a document.
#[derive(Clone, Debug, PartialEq)]
pub struct SpeakerRow {
    /// The speaker, or `None` for narration.
    pub speaker: SpeakerKey,
    /// Units spoken.
    pub sentences: usize,
    /// Words in those units.
    pub words: usize,
    /// `words` over all words of the document's units (0 when empty).
    pub share: f64,
    /// Topics spoken on, with the number of units for each.
    pub topics: BTreeMap<String, usize>,
}

/// Per-speaker summary of `doc`: named speakers sorted by id, then joint,
/// then narration last. Headlines and subheadings count as narration.
pub fn speakers(doc: &Document<'_>) -> Vec<SpeakerRow> {
    let mut rows: BTreeMap<SpeakerKey, SpeakerRow> = BTreeMap::new();
    let mut total = 0;
    for unit in doc.units() {
        let key = speaker_key(unit);
        let words = word_count(doc.slice(unit.span));
        total += words;
        let row = rows.entry(key.clone()).or_insert_with(|| SpeakerRow {
            speaker: key,
            sentences: 0,
            words: 0,
            share: 0.0,
            topics: BTreeMap::new(),
        });
        row.sentences += 1;
        row.words += words;
        for t in &unit.topics {
            *row.topics.entry(t.topic.to_string()).or_default() += 1;
        }
    }
    ranked(rows)
        .into_iter()
        .map(|(_, mut row)| {
            row.share = if total == 0 {
                0.0
            } else {
                row.words as f64 / total as f64
            };
            row
        })
        .collect()
}

/// Where a speaker first spoke on a topic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirstMention {
    /// The unit.
    pub unit: usize,
    /// The evidence term (lexical), or the unit itself (inherited).
    pub span: Span,
    /// How the topic was tagged there.
    pub rule: Rule,
}

/// One speaker's part in a topic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicSpeaker {
    /// Units on the topic by this speaker.
    pub sentences: usize,
    /// The first of them.
    pub first: FirstMention,
}

/// One topic of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicRow {
    /// The topic id.
    pub topic: String,
    /// Units on the topic.
    pub sentences: usize,
    /// By speaker (`None` = narration), in speaker order.
    pub speakers: Vec<(SpeakerKey, TopicSpeaker)>,
}

/// Per-topic summary of `doc`, sorted by topic id; topics absent from the
/// text are left out.
pub fn topics(doc: &Document<'_>) -> Vec<TopicRow> {
    let mut rows: BTreeMap<String, (usize, BTreeMap<SpeakerKey, TopicSpeaker>)> = BTreeMap::new();
    for unit in doc.units() {
        for tag in &unit.topics {
            let (sentences, speakers) = rows.entry(tag.topic.to_string()).or_default();
            *sentences += 1;
            let cell = speakers
                .entry(speaker_key(unit))
                .or_insert_with(|| TopicSpeaker {
                    sentences: 0,
                    first: FirstMention {
                        unit: unit.index,
                        span: tag.evidence.term.unwrap_or(unit.span),
                        rule: tag.evidence.rule,
                    },
                });
            cell.sentences += 1;
        }
    }
    rows.into_iter()
        .map(|(topic, (sentences, speakers))| TopicRow {
            topic,
            sentences,
            speakers: ranked(speakers),
        })
        .collect()
}

/// Speaker × topic unit counts. Rows and columns are those present in the
/// documents; a unit with no topic counts in the `None` column.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Matrix {
    /// Row keys: speakers in speaker order (narration, `None`, last).
    pub speakers: Vec<SpeakerKey>,
    /// Column keys: topic ids, sorted, then `None` for "no topic".
    pub topics: Vec<Option<String>>,
    /// `counts[row][column]`.
    pub counts: Vec<Vec<usize>>,
}

/// The speaker × topic matrix of `doc`.
pub fn matrix(doc: &Document<'_>) -> Matrix {
    let mut cells: BTreeMap<(SpeakerKey, Option<String>), usize> = BTreeMap::new();
    let mut speakers = BTreeSet::new();
    let mut topics = BTreeSet::new();
    for unit in doc.units() {
        let speaker = speaker_key(unit);
        speakers.insert(speaker.clone());
        if unit.topics.is_empty() {
            topics.insert(None);
            *cells.entry((speaker.clone(), None)).or_default() += 1;
        }
        for tag in &unit.topics {
            topics.insert(Some(tag.topic.to_string()));
            *cells
                .entry((speaker.clone(), Some(tag.topic.to_string())))
                .or_default() += 1;
        }
    }
    // BTreeSet puts None first; narration and "no topic" read better last.
    let last_none = |set: BTreeSet<Option<String>>| {
        let has_none = set.contains(&None);
        let mut v: Vec<Option<String>> = set.into_iter().flatten().map(Some).collect();
        if has_none {
            v.push(None);
        }
        v
    };
    let mut speakers: Vec<SpeakerKey> = speakers.into_iter().collect();
    speakers.sort_by(|a, b| speaker_rank(a).cmp(&speaker_rank(b)));
    let topics = last_none(topics);
    let counts = speakers
        .iter()
        .map(|s| {
            topics
                .iter()
                .map(|t| cells.get(&(s.clone(), t.clone())).copied().unwrap_or(0))
                .collect()
        })
        .collect();
    Matrix {
        speakers,
        topics,
        counts,
    }
}

/// What `grep` keeps. Every given filter must hold.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Speaker ids to keep (`joint`, a party id, or `none` for narration).
    pub speakers: Vec<String>,
    /// Topic ids; a unit must have at least one of them.
    pub topics: Vec<String>,
    /// Rule names (`continuation`, `inherited`, …); a unit must have a tag
    /// decided by one of them.
    pub rules: Vec<String>,
    /// A regex the unit's text must match.
    pub pattern: Option<Regex>,
}

impl Filter {
    /// True when `unit` of `doc` passes every filter.
    pub fn keeps(&self, doc: &Document<'_>, unit: &Unit) -> bool {
        if matches!(unit.role, Role::Headline | Role::Subheading)
            && self.speakers.is_empty()
            && self.rules.is_empty()
            && self.topics.is_empty()
            && self.pattern.is_none()
        {
            return true;
        }
        let speaker = speaker_key(unit);
        let speaker_ok = self.speakers.is_empty()
            || self.speakers.iter().any(|s| {
                Some(s.as_str()) == speaker.as_deref() || (s == "none" && speaker.is_none())
            });
        let topic_ok = self.topics.is_empty()
            || unit
                .topics
                .iter()
                .any(|t| self.topics.iter().any(|x| **x == *t.topic));
        let rule_ok = self.rules.is_empty() || {
            let rules = unit
                .speaker
                .iter()
                .map(|s| s.evidence.rule)
                .chain(unit.topics.iter().map(|t| t.evidence.rule))
                .chain(unit.negated.iter().map(|t| t.evidence.rule));
            rules
                .into_iter()
                .any(|r| self.rules.iter().any(|want| want == r.as_str()))
        };
        let pattern_ok = self
            .pattern
            .as_ref()
            .is_none_or(|re| re.is_match(doc.slice(unit.span)));
        speaker_ok && topic_ok && rule_ok && pattern_ok
    }
}

/// The units of `doc` that `filter` keeps.
pub fn grep<'d>(doc: &'d Document<'_>, filter: &Filter) -> Vec<&'d Unit> {
    doc.units().filter(|u| filter.keeps(doc, u)).collect()
}

/// Word-overlap similarity at or above which two sentences count as
/// counterparts.
pub const COUNTERPART_THRESHOLD: f64 = 0.3;

/// Lowercased content words of a text: words of three or more letters that
/// are not on the stop list.
fn content_words(text: &str) -> BTreeSet<String> {
    const STOP: &[&str] = &[
        "the", "and", "for", "with", "that", "this", "their", "its", "his", "her", "our", "they",
        "was", "were", "are", "has", "have", "had", "will", "would", "not", "but", "from", "into",
        "on", "of", "to", "in", "a", "an", "as", "at", "by", "be", "is", "it", "also", "both",
        "two", "all", "any", "which", "who", "on",
    ];
    text.unicode_words()
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 3 && !STOP.contains(&w.as_str()))
        .collect()
}

/// Jaccard similarity of two word sets (0 when both are empty).
fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        0.0
    } else {
        a.intersection(b).count() as f64 / union as f64
    }
}

/// A unit's best counterpart in the other text.
#[derive(Clone, Debug, PartialEq)]
pub struct Counterpart {
    /// The unit.
    pub unit: usize,
    /// The most similar unit of the other text, if any shares a word.
    pub best: Option<usize>,
    /// Their similarity, 0..=1.
    pub score: f64,
}

/// Who speaks on one topic in each text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicSides {
    /// The topic id.
    pub topic: String,
    /// Speakers on it in A, with unit counts, in speaker order.
    pub a: Vec<(SpeakerKey, usize)>,
    /// Speakers on it in B, with unit counts, in speaker order.
    pub b: Vec<(SpeakerKey, usize)>,
}

/// A party's position on a topic recorded in one text only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OneSidedPosition {
    /// The party (or `joint`).
    pub speaker: String,
    /// The topic.
    pub topic: String,
    /// True when it is in A only; false when in B only.
    pub in_a: bool,
    /// The first unit recording it.
    pub unit: usize,
}

/// The comparison of two readouts.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// Topics present in A only.
    pub only_a: Vec<String>,
    /// Topics present in B only.
    pub only_b: Vec<String>,
    /// Every topic present in either, with who speaks on it in each.
    pub topics: Vec<TopicSides>,
    /// Speaker-topic positions recorded in one text only.
    pub one_sided: Vec<OneSidedPosition>,
    /// Best counterparts of A's units in B.
    pub a_to_b: Vec<Counterpart>,
    /// Best counterparts of B's units in A.
    pub b_to_a: Vec<Counterpart>,
    /// Mean best-counterpart similarity over the units of both texts.
    pub similarity: f64,
}

impl Comparison {
    /// A's units without a counterpart in B.
    pub fn unmatched_a(&self) -> impl Iterator<Item = &Counterpart> {
        self.a_to_b
            .iter()
            .filter(|c| c.score < COUNTERPART_THRESHOLD)
    }

    /// B's units without a counterpart in A.
    pub fn unmatched_b(&self) -> impl Iterator<Item = &Counterpart> {
        self.b_to_a
            .iter()
            .filter(|c| c.score < COUNTERPART_THRESHOLD)
    }
}

fn speakers_by_topic(doc: &Document<'_>) -> BTreeMap<String, BTreeMap<SpeakerKey, usize>> {
    let mut map: BTreeMap<String, BTreeMap<SpeakerKey, usize>> = BTreeMap::new();
    for unit in doc.units() {
        for tag in &unit.topics {
            *map.entry(tag.topic.to_string())
                .or_default()
                .entry(speaker_key(unit))
                .or_default() += 1;
        }
    }
    map
}

fn first_unit(doc: &Document<'_>, speaker: &str, topic: &str) -> usize {
    doc.units()
        .find(|u| {
            speaker_key(u).as_deref() == Some(speaker)
                && u.topics.iter().any(|t| *t.topic == *topic)
        })
        .map_or(0, |u| u.index)
}

fn counterparts(
    from: &[BTreeSet<String>],
    to: &[BTreeSet<String>],
    units: &[usize],
) -> Vec<Counterpart> {
    from.iter()
        .zip(units)
        .map(|(words, &unit)| {
            let best = to
                .iter()
                .enumerate()
                .map(|(j, other)| (j, jaccard(words, other)))
                .filter(|(_, s)| *s > 0.0)
                .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)));
            Counterpart {
                unit,
                best: best.map(|(j, _)| j),
                score: best.map_or(0.0, |(_, s)| s),
            }
        })
        .collect()
}

/// Compare two readouts of the same meeting. Headlines and subheadings are
/// left out of the sentence matching.
pub fn compare(a: &Document<'_>, b: &Document<'_>) -> Comparison {
    let ta = speakers_by_topic(a);
    let tb = speakers_by_topic(b);
    let only_a = ta
        .keys()
        .filter(|t| !tb.contains_key(*t))
        .cloned()
        .collect();
    let only_b = tb
        .keys()
        .filter(|t| !ta.contains_key(*t))
        .cloned()
        .collect();
    let all: BTreeSet<&String> = ta.keys().chain(tb.keys()).collect();
    let topics: Vec<TopicSides> = all
        .into_iter()
        .map(|t| TopicSides {
            topic: t.clone(),
            a: ranked(ta.get(t).cloned().unwrap_or_default()),
            b: ranked(tb.get(t).cloned().unwrap_or_default()),
        })
        .collect();
    let mut one_sided = Vec::new();
    for sides in &topics {
        for (map, other, in_a, doc) in [
            (&sides.a, &sides.b, true, a),
            (&sides.b, &sides.a, false, b),
        ] {
            for speaker in map.iter().filter_map(|(k, _)| k.as_ref()) {
                if !other.iter().any(|(k, _)| k.as_ref() == Some(speaker)) {
                    one_sided.push(OneSidedPosition {
                        speaker: speaker.clone(),
                        topic: sides.topic.clone(),
                        in_a,
                        unit: first_unit(doc, speaker, &sides.topic),
                    });
                }
            }
        }
    }
    let body = |doc: &Document<'_>| -> (Vec<usize>, Vec<BTreeSet<String>>) {
        doc.units()
            .filter(|u| !matches!(u.role, Role::Headline | Role::Subheading))
            .map(|u| (u.index, content_words(doc.slice(u.span))))
            .unzip()
    };
    let (units_a, words_a) = body(a);
    let (units_b, words_b) = body(b);
    let mut a_to_b = counterparts(&words_a, &words_b, &units_a);
    let mut b_to_a = counterparts(&words_b, &words_a, &units_b);
    // `best` indexes the body list; map it back to unit indexes.
    for c in &mut a_to_b {
        c.best = c.best.map(|j| units_b[j]);
    }
    for c in &mut b_to_a {
        c.best = c.best.map(|j| units_a[j]);
    }
    let scores: Vec<f64> = a_to_b.iter().chain(&b_to_a).map(|c| c.score).collect();
    let similarity = if scores.is_empty() {
        0.0
    } else {
        scores.iter().sum::<f64>() / scores.len() as f64
    };
    Comparison {
        only_a,
        only_b,
        topics,
        one_sided,
        a_to_b,
        b_to_a,
        similarity,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;
    use crate::lexicon::Lexicon;

    const SEED: &str = include_str!("../fixtures/china-rok-2plus2-seoul.txt");

    #[test]
    fn speakers_of_the_seed_add_up_and_narration_comes_last() {
        let doc = analyze(SEED, &Lexicon::builtin());
        let rows = speakers(&doc);
        let keys: Vec<_> = rows.iter().map(|r| r.speaker.clone()).collect();
        assert_eq!(
            keys,
            [
                Some("china".into()),
                Some("rok".into()),
                Some("joint".into()),
                None
            ]
        );
        let counts: Vec<usize> = rows.iter().map(|r| r.sentences).collect();
        assert_eq!(counts, [10, 2, 4, 3]);
        let share: f64 = rows.iter().map(|r| r.share).sum();
        assert!((share - 1.0).abs() < 1e-9);
        assert_eq!(rows[0].topics.get("peninsula"), Some(&6));
    }

    #[test]
    fn topic_rows_name_each_speakers_first_evidence() {
        let doc = analyze(SEED, &Lexicon::builtin());
        let rows = topics(&doc);
        let taiwan = rows.iter().find(|r| r.topic == "taiwan").unwrap();
        assert_eq!(taiwan.sentences, 2);
        let china = &taiwan.speakers[0].1;
        assert_eq!(taiwan.speakers[0].0.as_deref(), Some("china"));
        assert_eq!(doc.slice(china.first.span), "Taiwan question");
    }

    #[test]
    fn matrix_counts_units_without_topic_in_the_last_column() {
        let doc = analyze(SEED, &Lexicon::builtin());
        let m = matrix(&doc);
        assert_eq!(m.topics.last(), Some(&None));
        assert_eq!(m.speakers.last(), Some(&None));
        // Of the three narration units, only the broken-paragraph one (row 2)
        // has no topic: the headline and row 1 are on security.
        let narration_row = m.counts.last().unwrap();
        assert_eq!(narration_row.last(), Some(&1));
    }

    #[test]
    fn grep_keeps_only_units_passing_every_filter() {
        let doc = analyze(SEED, &Lexicon::builtin());
        let filter = Filter {
            speakers: vec!["china".into()],
            rules: vec!["continuation".into()],
            ..Filter::default()
        };
        let kept: Vec<usize> = grep(&doc, &filter).iter().map(|u| u.index).collect();
        assert_eq!(kept, [10, 13, 14, 18]);
    }

    #[test]
    fn comparing_a_text_with_itself_finds_no_difference() {
        let lexicon = Lexicon::builtin();
        let a = analyze(SEED, &lexicon);
        let b = analyze(SEED, &lexicon);
        let c = compare(&a, &b);
        assert!(c.only_a.is_empty() && c.only_b.is_empty() && c.one_sided.is_empty());
        assert_eq!(c.unmatched_a().count(), 0);
        assert!((c.similarity - 1.0).abs() < 1e-9);
    }

    #[test]
    fn comparison_finds_topics_and_positions_in_one_text_only() {
        let lexicon = Lexicon::builtin();
        let a = analyze(
            "The Chinese side stressed its position on Taiwan. The two sides agreed to expand youth exchanges.",
            &lexicon,
        );
        let b = analyze(
            "The two sides agreed to expand youth exchanges. The ROK side raised trade.",
            &lexicon,
        );
        let c = compare(&a, &b);
        assert_eq!(c.only_a, ["taiwan"]);
        assert_eq!(c.only_b, ["trade"]);
        let one_sided: Vec<(&str, &str, bool)> = c
            .one_sided
            .iter()
            .map(|p| (p.speaker.as_str(), p.topic.as_str(), p.in_a))
            .collect();
        assert_eq!(
            one_sided,
            [("china", "taiwan", true), ("rok", "trade", false)]
        );
        assert_eq!(c.unmatched_a().map(|u| u.unit).collect::<Vec<_>>(), [0]);
    }
}
