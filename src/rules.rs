//! Rules files for `check --rules`: assertions about who speaks on what,
//! written in TOML, and their evaluation against an analysed document.
//!
//! ```toml
//! [[rule]]
//! kind = "topic_spoken_by"     # topic taiwan must be spoken on by china
//! topic = "taiwan"
//! speaker = "china"
//!
//! [[rule]]
//! kind = "no_unattributed"     # every sentence has a speaker
//!
//! [[rule]]
//! kind = "min_sentences"       # at least 3 sentences spoken jointly
//! speaker = "joint"
//! count = 3
//! ```
//!
//! Kinds: `topic_spoken_by` (topic, speaker), `topic_present` (topic),
//! `topic_absent` (topic), `no_unattributed`, `min_sentences` (speaker,
//! count), `max_sentences` (speaker, count). Each may have an `id`, which
//! names its findings (the kind does otherwise). A speaker is a party id,
//! `joint`, or `none` for narration. Unknown keys, kinds, topics and
//! speakers are errors.

use std::fmt;

use anyhow::{Result, bail};
use serde::Deserialize;

use crate::document::{Document, Role, Unit};
use crate::finding::Finding;
use crate::lexicon::Lexicon;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(default)]
    rule: Vec<Rule>,
}

/// One rule of a rules file.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Rule {
    /// Some sentence on `topic` is spoken by `speaker`.
    TopicSpokenBy {
        /// Names the rule's findings.
        id: Option<String>,
        /// The topic id.
        topic: String,
        /// The speaker id.
        speaker: String,
    },
    /// Some sentence is on `topic`.
    TopicPresent {
        /// Names the rule's findings.
        id: Option<String>,
        /// The topic id.
        topic: String,
    },
    /// No sentence is on `topic`.
    TopicAbsent {
        /// Names the rule's findings.
        id: Option<String>,
        /// The topic id.
        topic: String,
    },
    /// Every sentence and list item has a speaker.
    NoUnattributed {
        /// Names the rule's findings.
        id: Option<String>,
    },
    /// At least `count` units are spoken by `speaker`.
    MinSentences {
        /// Names the rule's findings.
        id: Option<String>,
        /// The speaker id.
        speaker: String,
        /// The least number of units.
        count: usize,
    },
    /// At most `count` units are spoken by `speaker`.
    MaxSentences {
        /// Names the rule's findings.
        id: Option<String>,
        /// The speaker id.
        speaker: String,
        /// The greatest number of units.
        count: usize,
    },
}

impl Rule {
    fn kind(&self) -> &'static str {
        match self {
            Rule::TopicSpokenBy { .. } => "topic_spoken_by",
            Rule::TopicPresent { .. } => "topic_present",
            Rule::TopicAbsent { .. } => "topic_absent",
            Rule::NoUnattributed { .. } => "no_unattributed",
            Rule::MinSentences { .. } => "min_sentences",
            Rule::MaxSentences { .. } => "max_sentences",
        }
    }

    /// The rule's name in findings: its `id`, or its kind.
    pub fn name(&self) -> &str {
        let id = match self {
            Rule::TopicSpokenBy { id, .. }
            | Rule::TopicPresent { id, .. }
            | Rule::TopicAbsent { id, .. }
            | Rule::NoUnattributed { id }
            | Rule::MinSentences { id, .. }
            | Rule::MaxSentences { id, .. } => id,
        };
        id.as_deref().unwrap_or(self.kind())
    }

    fn topic(&self) -> Option<&str> {
        match self {
            Rule::TopicSpokenBy { topic, .. }
            | Rule::TopicPresent { topic, .. }
            | Rule::TopicAbsent { topic, .. } => Some(topic),
            _ => None,
        }
    }

    fn speaker(&self) -> Option<&str> {
        match self {
            Rule::TopicSpokenBy { speaker, .. }
            | Rule::MinSentences { speaker, .. }
            | Rule::MaxSentences { speaker, .. } => Some(speaker),
            _ => None,
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Parse a rules file and check its topics and speakers against `lexicon`.
pub fn parse(source: &str, lexicon: &Lexicon) -> Result<Vec<Rule>> {
    let file: RulesFile = toml::from_str(source).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        let line = source[..at.min(source.len())].matches('\n').count() + 1;
        anyhow::anyhow!("{line}: {}", e.message().trim())
    })?;
    let mut problems = Vec::new();
    for (n, rule) in file.rule.iter().enumerate() {
        if let Some(topic) = rule.topic()
            && !lexicon.topics.iter().any(|t| *t.id == *topic)
        {
            problems.push(format!("rule {} ({rule}): unknown topic {topic:?}", n + 1));
        }
        if let Some(speaker) = rule.speaker() {
            let known = speaker == "joint"
                || speaker == "none"
                || lexicon.parties.iter().any(|p| *p.id == *speaker);
            if !known {
                problems.push(format!(
                    "rule {} ({rule}): unknown speaker {speaker:?}",
                    n + 1
                ));
            }
        }
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("; "));
    }
    Ok(file.rule)
}

fn speaks(unit: &Unit, speaker: &str) -> bool {
    match &unit.speaker {
        Some(tag) => tag.speaker.id() == speaker,
        None => speaker == "none",
    }
}

fn on_topic(unit: &Unit, topic: &str) -> bool {
    unit.topics.iter().any(|t| *t.topic == *topic)
}

/// Evaluate `rules` on `doc`; every failure is a finding.
pub fn evaluate(source: &str, doc: &Document<'_>, rules: &[Rule]) -> Vec<Finding> {
    let lines = &doc.lines;
    let at = |rule: &Rule, unit: Option<&Unit>, message: String| {
        let (line, column) = unit.map_or((1, 1), |u| {
            (
                lines.line(u.span.start),
                lines.column(doc.text, u.span.start),
            )
        });
        Finding {
            source: source.to_owned(),
            line,
            column,
            rule: rule.name().to_owned(),
            message,
        }
    };
    let mut findings = Vec::new();
    for rule in rules {
        match rule {
            Rule::TopicSpokenBy { topic, speaker, .. } => {
                let on: Vec<&Unit> = doc.units().filter(|u| on_topic(u, topic)).collect();
                if !on.iter().any(|u| speaks(u, speaker)) {
                    let mut who: Vec<&str> = on
                        .iter()
                        .map(|u| u.speaker.as_ref().map_or("none", |s| s.speaker.id()))
                        .collect();
                    who.sort_unstable();
                    who.dedup();
                    let message = if on.is_empty() {
                        format!("topic {topic} is not spoken on by {speaker}: the topic is absent")
                    } else {
                        format!(
                            "topic {topic} is not spoken on by {speaker} (spoken on by {})",
                            who.join(", ")
                        )
                    };
                    findings.push(at(rule, on.first().copied(), message));
                }
            }
            Rule::TopicPresent { topic, .. } => {
                if !doc.units().any(|u| on_topic(u, topic)) {
                    findings.push(at(rule, None, format!("topic {topic} is absent")));
                }
            }
            Rule::TopicAbsent { topic, .. } => {
                for unit in doc.units().filter(|u| on_topic(u, topic)) {
                    findings.push(at(rule, Some(unit), format!("topic {topic} is present")));
                }
            }
            Rule::NoUnattributed { .. } => {
                for unit in doc.units().filter(|u| {
                    matches!(u.role, Role::Sentence | Role::Item) && u.speaker.is_none()
                }) {
                    findings.push(at(rule, Some(unit), "sentence has no speaker".to_owned()));
                }
            }
            Rule::MinSentences { speaker, count, .. }
            | Rule::MaxSentences { speaker, count, .. } => {
                let n = doc.units().filter(|u| speaks(u, speaker)).count();
                let min = matches!(rule, Rule::MinSentences { .. });
                if (min && n < *count) || (!min && n > *count) {
                    let bound = if min { "fewer" } else { "more" };
                    findings.push(at(
                        rule,
                        None,
                        format!("speaker {speaker} has {n} sentences, {bound} than {count}"),
                    ));
                }
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;

    const SEED: &str = include_str!("../fixtures/china-rok-2plus2-seoul.txt");

    fn check(rules: &str) -> Vec<String> {
        let lexicon = Lexicon::builtin();
        let rules = parse(rules, &lexicon).unwrap();
        let doc = analyze(SEED, &lexicon);
        evaluate("seed.txt", &doc, &rules)
            .into_iter()
            .map(|f| format!("{}:{}: {}: {}", f.line, f.column, f.rule, f.message))
            .collect()
    }

    #[test]
    fn satisfied_rules_find_nothing() {
        let rules = "[[rule]]\nkind = \"topic_spoken_by\"\ntopic = \"taiwan\"\nspeaker = \"china\"\n\n[[rule]]\nkind = \"min_sentences\"\nspeaker = \"joint\"\ncount = 4\n";
        assert!(check(rules).is_empty());
    }

    #[test]
    fn broken_rules_report_where_and_why() {
        let rules = "[[rule]]\nid = \"trade-by-rok\"\nkind = \"topic_spoken_by\"\ntopic = \"trade\"\nspeaker = \"rok\"\n\n[[rule]]\nkind = \"no_unattributed\"\n\n[[rule]]\nkind = \"max_sentences\"\nspeaker = \"china\"\ncount = 9\n";
        assert_eq!(
            check(rules),
            [
                "17:352: trade-by-rok: topic trade is not spoken on by rok (spoken on by china)",
                "3:1: no_unattributed: sentence has no speaker",
                "5:1: no_unattributed: sentence has no speaker",
                "1:1: max_sentences: speaker china has 10 sentences, more than 9",
            ]
        );
    }

    #[test]
    fn unknown_topic_speaker_and_key_are_errors() {
        let lexicon = Lexicon::builtin();
        let err = parse(
            "[[rule]]\nkind = \"topic_spoken_by\"\ntopic = \"taiwn\"\nspeaker = \"chna\"\n",
            &lexicon,
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "rule 1 (topic_spoken_by): unknown topic \"taiwn\"; rule 1 (topic_spoken_by): unknown speaker \"chna\""
        );
        assert!(
            parse(
                "[[rule]]\nkind = \"no_unattributed\"\nextra = 1\n",
                &lexicon
            )
            .is_err()
        );
        assert!(parse("[[rule]]\nkind = \"nonsense\"\n", &lexicon).is_err());
    }
}
