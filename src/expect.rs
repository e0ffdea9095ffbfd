//! Expectation snapshots for `check --expect`: the tags of every unit of a
//! text, stored as JSON, and the diff of a new analysis against them.
//!
//! Units are aligned by their text (whitespace collapsed) with a longest
//! common subsequence, so one added or removed sentence shows as that one
//! change instead of shifting every unit after it.

use serde::{Deserialize, Serialize};

use crate::document::Document;
use crate::finding::Finding;

/// The rule name of findings from an expectation.
pub const RULE: &str = "expect";

/// A stored expectation (`kind: "expectation"`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// Always 1 for this format.
    pub schema_version: u32,
    /// Always `expectation`.
    pub kind: String,
    /// The input it was made from, as given.
    pub source: String,
    /// Every unit, in order.
    pub units: Vec<ExpectedUnit>,
}

/// One unit's expected tags.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedUnit {
    /// 1-based line where the unit starts.
    pub line: usize,
    /// 1-based column (in chars) where the unit starts.
    pub column: usize,
    /// `headline`, `sentence`, `item` or `subheading`.
    pub role: String,
    /// The speaker id, or null for narration.
    pub speaker: Option<String>,
    /// Topic ids, sorted.
    pub topics: Vec<String>,
    /// The unit's text, whitespace collapsed.
    pub text: String,
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The expectation of an analysed document.
pub fn snapshot(source: &str, doc: &Document<'_>) -> Expectation {
    let lines = &doc.lines;
    Expectation {
        schema_version: 1,
        kind: "expectation".to_owned(),
        source: source.to_owned(),
        units: doc
            .units()
            .map(|u| ExpectedUnit {
                line: lines.line(u.span.start),
                column: lines.column(doc.text, u.span.start),
                role: u.role.as_str().to_owned(),
                speaker: u.speaker.as_ref().map(|s| s.speaker.id().to_owned()),
                topics: u.topics.iter().map(|t| t.topic.to_string()).collect(),
                text: collapse(doc.slice(u.span)),
            })
            .collect(),
    }
}

fn excerpt(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    }
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "-".to_owned()
    } else {
        items.join(",")
    }
}

/// Every difference between `expected` and `actual`, as findings against
/// `source`: units added or removed, and changed roles, speakers and topics.
pub fn diff(source: &str, expected: &Expectation, actual: &Expectation) -> Vec<Finding> {
    let (e, a) = (&expected.units, &actual.units);
    // LCS table over unit texts.
    let mut table = vec![vec![0usize; a.len() + 1]; e.len() + 1];
    for i in (0..e.len()).rev() {
        for j in (0..a.len()).rev() {
            table[i][j] = if e[i].text == a[j].text {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let finding = |unit: &ExpectedUnit, message: String| Finding {
        source: source.to_owned(),
        line: unit.line,
        column: unit.column,
        rule: RULE.to_owned(),
        message,
    };
    let mut findings = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < e.len() || j < a.len() {
        if i < e.len() && j < a.len() && e[i].text == a[j].text {
            let (want, got) = (&e[i], &a[j]);
            if want.role != got.role {
                findings.push(finding(
                    got,
                    format!("role changed from {} to {}", want.role, got.role),
                ));
            }
            if want.speaker != got.speaker {
                findings.push(finding(
                    got,
                    format!(
                        "speaker changed from {} to {}: {:?}",
                        want.speaker.as_deref().unwrap_or("-"),
                        got.speaker.as_deref().unwrap_or("-"),
                        excerpt(&got.text)
                    ),
                ));
            }
            if want.topics != got.topics {
                findings.push(finding(
                    got,
                    format!(
                        "topics changed from {} to {}: {:?}",
                        list(&want.topics),
                        list(&got.topics),
                        excerpt(&got.text)
                    ),
                ));
            }
            i += 1;
            j += 1;
        } else if j < a.len() && (i == e.len() || table[i][j + 1] >= table[i + 1][j]) {
            findings.push(finding(
                &a[j],
                format!("new unit: {:?}", excerpt(&a[j].text)),
            ));
            j += 1;
        } else {
            findings.push(finding(
                &e[i],
                format!(
                    "unit no longer found (expected at line {}): {:?}",
                    e[i].line,
                    excerpt(&e[i].text)
                ),
            ));
            i += 1;
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;
    use crate::lexicon::Lexicon;

    #[test]
    fn identical_analysis_has_no_findings() {
        let doc = analyze(
            "The two sides agreed. China stressed trade.",
            &Lexicon::builtin(),
        );
        let snap = snapshot("a.txt", &doc);
        assert!(diff("a.txt", &snap, &snap).is_empty());
    }

    #[test]
    fn changed_speaker_and_inserted_unit_are_reported_once_each() {
        let lexicon = Lexicon::builtin();
        let before = snapshot(
            "a.txt",
            &analyze("The two sides agreed. China stressed trade.", &lexicon),
        );
        let after = snapshot(
            "a.txt",
            &analyze(
                "The two sides agreed. A new sentence here. Japan stressed trade.",
                &lexicon,
            ),
        );
        let messages: Vec<String> = diff("a.txt", &before, &after)
            .into_iter()
            .map(|f| f.message)
            .collect();
        assert_eq!(
            messages,
            [
                "new unit: \"A new sentence here.\"",
                "new unit: \"Japan stressed trade.\"",
                "unit no longer found (expected at line 1): \"China stressed trade.\""
            ]
        );
    }
}
