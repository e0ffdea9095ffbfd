//! The acceptance table of the analyzer core issue: the seed readout's
//! units, in order, with speaker, topics and (where the table names one) the
//! rule. One assertion over the whole table, so a failure shows every row.

use communique::analysis::analyze;
use communique::document::{Role, Rule};
use communique::lexicon::Lexicon;

const SEED: &str = include_str!("../fixtures/china-rok-2plus2-seoul.txt");

/// The table's topics column covers the four core topics; the lexicon's
/// other topics (security, military, …) are not part of it.
const CORE_TOPICS: [&str; 4] = ["exchanges", "peninsula", "taiwan", "trade"];

/// (unit starts with, speaker, topics, speaker rule if the table names one)
const TABLE: &[(&str, &str, &[&str], Option<Rule>)] = &[
    ("China, ROK hold '2+2'", "-", &[], None),
    ("The first vice-ministerial level", "-", &[], None),
    ("The talks\n\nwere co-chaired by", "-", &[], None),
    (
        "Both sides briefed each other",
        "joint",
        &[],
        Some(Rule::Joint),
    ),
    (
        "The two sides reaffirmed the importance",
        "joint",
        &["exchanges"],
        Some(Rule::Joint),
    ),
    (
        "The two sides agreed to strengthen local and youth exchanges",
        "joint",
        &["exchanges"],
        Some(Rule::Joint),
    ),
    (
        "During the talks, the Chinese side made clear",
        "china",
        &["taiwan"],
        Some(Rule::Explicit),
    ),
    (
        "The ROK side reiterated",
        "rok",
        &["taiwan"],
        Some(Rule::Explicit),
    ),
    (
        "The Chinese side pointed out that China advocates",
        "china",
        &[],
        Some(Rule::Explicit),
    ),
    (
        "China opposes hegemonism",
        "china",
        &[],
        Some(Rule::Explicit),
    ),
    (
        "Both as beneficiaries of economic globalization",
        "china",
        &["trade"],
        Some(Rule::Continuation),
    ),
    (
        "The two sides explained their positions",
        "joint",
        &["peninsula"],
        Some(Rule::Joint),
    ),
    (
        "The Chinese side stressed",
        "china",
        &["peninsula"],
        Some(Rule::Explicit),
    ),
    (
        "The context and crux",
        "china",
        &["peninsula"],
        Some(Rule::Continuation),
    ),
    (
        "What is pressing now",
        "china",
        &["peninsula"],
        Some(Rule::Continuation),
    ),
    (
        "China has always decided its position",
        "china",
        &["peninsula"],
        None,
    ),
    (
        "The ROK side mentioned exchanges and cooperation between the Democratic People's Republic of Korea and Russia",
        "rok",
        &["peninsula"],
        Some(Rule::Explicit),
    ),
    (
        "The Chinese side said that as friendly neighbors",
        "china",
        &["peninsula"],
        Some(Rule::Explicit),
    ),
    (
        "The first \"2+2\" diplomatic and security dialogue",
        "china",
        &["peninsula"],
        Some(Rule::Continuation),
    ),
];

#[test]
fn seed_units_have_the_speakers_and_topics_of_the_acceptance_table() {
    let lexicon = Lexicon::builtin();
    let doc = analyze(SEED, &lexicon);
    let units: Vec<_> = doc.units().collect();
    let mut problems = Vec::new();
    if units.len() != TABLE.len() {
        problems.push(format!("{} units, table has {}", units.len(), TABLE.len()));
    }
    for (row, (unit, (start, speaker, topics, rule))) in units.iter().zip(TABLE).enumerate() {
        let text = doc.slice(unit.span);
        let got_speaker = unit.speaker.as_ref().map_or("-", |s| s.speaker.id());
        let got_topics: Vec<&str> = unit
            .topics
            .iter()
            .map(|t| &*t.topic)
            .filter(|t| CORE_TOPICS.contains(t))
            .collect();
        let got_rule = unit.speaker.as_ref().map(|s| s.evidence.rule);
        if !text.starts_with(start) {
            problems.push(format!(
                "row {row}: starts {:?}",
                &text[..text.len().min(50)]
            ));
        }
        if got_speaker != *speaker {
            problems.push(format!("row {row}: speaker {got_speaker}, want {speaker}"));
        }
        if got_topics != *topics {
            problems.push(format!("row {row}: topics {got_topics:?}, want {topics:?}"));
        }
        if rule.is_some() && got_rule != *rule {
            problems.push(format!("row {row}: rule {got_rule:?}, want {rule:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn seed_headline_is_unit_zero_and_broken_paragraph_is_repaired_once() {
    let doc = analyze(SEED, &Lexicon::builtin());
    let first = doc.units().next().expect("the seed has units");
    assert_eq!(first.role, Role::Headline);
    assert_eq!(doc.repairs.len(), 1);
    let repair = &doc.repairs[0];
    assert_eq!(doc.slice(repair.fragment), "The talks");
    let repaired = &doc.paragraphs[repair.paragraph];
    assert_eq!(
        repaired.units.len(),
        1,
        "the repaired paragraph is one sentence"
    );
}

#[test]
fn seed_inherited_topic_points_at_the_sentence_it_continues() {
    let doc = analyze(SEED, &Lexicon::builtin());
    let unit = doc.units().nth(14).expect("row 14 exists");
    let tag = unit
        .topics
        .iter()
        .find(|t| &*t.topic == "peninsula")
        .expect("row 14 is on the peninsula");
    assert_eq!(tag.evidence.rule, Rule::Inherited);
    assert_eq!(tag.evidence.continues, Some(13));
    let lexical = doc.units().nth(13).expect("row 13 exists");
    assert_eq!(lexical.topics[0].evidence.rule, Rule::Lexical);
    let term = lexical.topics[0]
        .evidence
        .term
        .expect("lexical tags have a term");
    assert_eq!(doc.slice(term), "Korean Peninsula");
}

#[test]
fn seed_china_speaks_ten_sentences() {
    let doc = analyze(SEED, &Lexicon::builtin());
    let china: Vec<usize> = doc
        .units()
        .filter(|u| {
            u.speaker
                .as_ref()
                .is_some_and(|s| s.speaker.id() == "china")
        })
        .map(|u| u.index)
        .collect();
    assert_eq!(china, [6, 8, 9, 10, 12, 13, 14, 15, 17, 18]);
}
