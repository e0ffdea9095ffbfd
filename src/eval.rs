//! Scoring the analysis against gold labels (`ANNOTATION.md` § Gold file
//! format): segmentation boundaries, speakers, topics.
//!
//! Gold units carry text, not offsets, so each gold unit is first located in
//! the source text: searched from the end of the previous one, ignoring
//! whitespace (the format lets whitespace differ). A unit that cannot be
//! found is reported, not guessed. Then:
//!
//! - **boundaries**: the set of unit end offsets, gold against predicted;
//! - **speakers**: each gold unit against the predicted unit that overlaps
//!   it most (accuracy, and a gold × predicted confusion matrix);
//! - **topics**: the same pairing, per topic true/false positives and false
//!   negatives, over the topics the gold files use.
//!
//! Pure: parsing and scoring take strings and documents, no I/O.

use std::collections::{BTreeMap, BTreeSet};

use crate::document::{Document, Span, Unit};

/// One labeled unit of a gold file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldUnit {
    /// 1-based line in the gold file.
    pub line: usize,
    /// The unit text as labeled.
    pub text: String,
    /// `None` for narration (`-`), else a party id or `joint`.
    pub speaker: Option<String>,
    /// Topic ids, sorted.
    pub topics: Vec<String>,
}

/// A parsed gold file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Gold {
    /// The text it labels, from a `# source: PATH` comment, if given.
    pub source: Option<String>,
    /// The units, in order.
    pub units: Vec<GoldUnit>,
}

/// Parse a gold file: `text<TAB>speaker<TAB>topics` a line, `#` comments.
/// Errors name the line.
pub fn parse(content: &str) -> Result<Gold, String> {
    let mut gold = Gold::default();
    for (i, line) in content.lines().enumerate() {
        let n = i + 1;
        let trimmed = line.trim_end_matches('\r');
        if trimmed.trim().is_empty() {
            continue;
        }
        if let Some(comment) = trimmed.strip_prefix('#') {
            if let Some(path) = comment.trim().strip_prefix("source:") {
                gold.source = Some(path.trim().to_owned());
            }
            continue;
        }
        let fields: Vec<&str> = trimmed.split('\t').collect();
        let [text, speaker, topics] = fields[..] else {
            return Err(format!(
                "line {n}: expected 3 tab-separated fields (text, speaker, topics), found {}",
                fields.len()
            ));
        };
        if text.trim().is_empty() {
            return Err(format!("line {n}: empty unit text"));
        }
        let speaker = match speaker.trim() {
            "-" => None,
            "" => return Err(format!("line {n}: empty speaker (use - for none)")),
            s => Some(s.to_owned()),
        };
        let mut topics: Vec<String> = match topics.trim() {
            "-" | "" => Vec::new(),
            list => list.split(',').map(|t| t.trim().to_owned()).collect(),
        };
        topics.sort();
        topics.dedup();
        gold.units.push(GoldUnit {
            line: n,
            text: text.to_owned(),
            speaker,
            topics,
        });
    }
    Ok(gold)
}

/// The non-whitespace chars of `text` with their byte offsets.
fn dense(text: &str) -> (Vec<char>, Vec<usize>) {
    text.char_indices()
        .filter(|(_, c)| !c.is_whitespace() && *c != '\u{feff}')
        .map(|(i, c)| (c, i))
        .unzip()
}

/// Where each gold unit is in `source`, or `None` when it cannot be found.
pub fn locate(source: &str, gold: &Gold) -> Vec<Option<Span>> {
    let (chars, offsets) = dense(source);
    let mut cursor = 0;
    gold.units
        .iter()
        .map(|unit| {
            let (needle, _) = dense(&unit.text);
            if needle.is_empty() || needle.len() > chars.len() {
                return None;
            }
            let found = (cursor..=chars.len() - needle.len())
                .find(|&i| chars[i..i + needle.len()] == needle[..])?;
            cursor = found + needle.len();
            let start = offsets[found];
            let last = offsets[found + needle.len() - 1];
            let end = last + source[last..].chars().next().map_or(1, char::len_utf8);
            Some(Span::new(start, end))
        })
        .collect()
}

/// Precision, recall and F1 from counts.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Score {
    /// Found and right.
    pub true_positives: usize,
    /// Found, not in gold.
    pub false_positives: usize,
    /// In gold, not found.
    pub false_negatives: usize,
}

impl Score {
    /// tp / (tp + fp), 0 when nothing was found.
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    /// tp / (tp + fn), 0 when gold is empty.
    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn add(&mut self, other: &Score) {
        self.true_positives += other.true_positives;
        self.false_positives += other.false_positives;
        self.false_negatives += other.false_negatives;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// One disagreement with the gold labels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvalError {
    /// The gold file line.
    pub line: usize,
    /// `segment`, `speaker` or `topic`.
    pub kind: &'static str,
    /// What differs.
    pub message: String,
}

/// The scores of one text (or, summed, of a set).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Evaluation {
    /// Unit end offsets.
    pub boundaries: Score,
    /// Gold units whose speaker was found right.
    pub speakers_right: usize,
    /// Gold units scored for speaker.
    pub speakers_total: usize,
    /// `confusion[gold][predicted]` = units (`-` = none).
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
    /// Per topic.
    pub topics: BTreeMap<String, Score>,
    /// Gold units that could not be located in the source.
    pub unlocated: usize,
    /// Every disagreement.
    pub errors: Vec<EvalError>,
}

impl Evaluation {
    /// Speaker accuracy, 0..=1.
    pub fn speaker_accuracy(&self) -> f64 {
        ratio(self.speakers_right, self.speakers_total)
    }

    /// Topic counts summed over topics.
    pub fn topics_micro(&self) -> Score {
        let mut total = Score::default();
        for s in self.topics.values() {
            total.add(s);
        }
        total
    }

    /// Mean per-topic F1.
    pub fn topics_macro_f1(&self) -> f64 {
        if self.topics.is_empty() {
            return 0.0;
        }
        self.topics.values().map(Score::f1).sum::<f64>() / self.topics.len() as f64
    }

    /// Add another text's counts to these (errors are kept per text).
    pub fn add(&mut self, other: &Evaluation) {
        self.boundaries.add(&other.boundaries);
        self.speakers_right += other.speakers_right;
        self.speakers_total += other.speakers_total;
        for (g, row) in &other.confusion {
            for (p, n) in row {
                *self
                    .confusion
                    .entry(g.clone())
                    .or_default()
                    .entry(p.clone())
                    .or_default() += n;
            }
        }
        for (t, s) in &other.topics {
            self.topics.entry(t.clone()).or_default().add(s);
        }
        self.unlocated += other.unlocated;
    }
}

/// One gold file's scores.
#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    /// The gold file, as named.
    pub gold: String,
    /// The text it labels.
    pub source: String,
    /// Gold units.
    pub units: usize,
    /// The scores.
    pub evaluation: Evaluation,
}

fn label(speaker: Option<&str>) -> String {
    speaker.unwrap_or("-").to_owned()
}

fn excerpt(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= 70 {
        collapsed
    } else {
        format!("{}…", collapsed.chars().take(70).collect::<String>())
    }
}

/// Score `doc` (the analysis of the gold's source text) against `gold`,
/// over the topics in `topic_set`.
pub fn evaluate(doc: &Document<'_>, gold: &Gold, topic_set: &BTreeSet<String>) -> Evaluation {
    let mut eval = Evaluation::default();
    let predicted: Vec<&Unit> = doc.units().collect();
    let spans = locate(doc.text, gold);
    let gold_ends: BTreeSet<usize> = spans.iter().flatten().map(|s| s.end).collect();
    let predicted_ends: BTreeSet<usize> = predicted.iter().map(|u| u.span.end).collect();
    eval.boundaries = Score {
        true_positives: gold_ends.intersection(&predicted_ends).count(),
        false_positives: predicted_ends.difference(&gold_ends).count(),
        false_negatives: gold_ends.difference(&predicted_ends).count(),
    };
    for topic in topic_set {
        eval.topics.insert(topic.clone(), Score::default());
    }
    for (unit, span) in gold.units.iter().zip(&spans) {
        let Some(span) = span else {
            eval.unlocated += 1;
            eval.errors.push(EvalError {
                line: unit.line,
                kind: "segment",
                message: format!(
                    "gold unit not found in the source: {:?}",
                    excerpt(&unit.text)
                ),
            });
            continue;
        };
        if !predicted.iter().any(|p| p.span.end == span.end) {
            eval.errors.push(EvalError {
                line: unit.line,
                kind: "segment",
                message: format!(
                    "no unit ends where this one does: {:?}",
                    excerpt(&unit.text)
                ),
            });
        }
        let best = predicted
            .iter()
            .map(|p| {
                let overlap = p
                    .span
                    .end
                    .min(span.end)
                    .saturating_sub(p.span.start.max(span.start));
                (overlap, *p)
            })
            .filter(|(overlap, _)| *overlap > 0)
            .max_by_key(|(overlap, p)| (*overlap, std::cmp::Reverse(p.index)))
            .map(|(_, p)| p);
        let got_speaker = best.and_then(|p| p.speaker.as_ref().map(|s| s.speaker.id().to_owned()));
        let (want, got) = (
            label(unit.speaker.as_deref()),
            label(got_speaker.as_deref()),
        );
        *eval
            .confusion
            .entry(want.clone())
            .or_default()
            .entry(got.clone())
            .or_default() += 1;
        eval.speakers_total += 1;
        if want == got {
            eval.speakers_right += 1;
        } else {
            eval.errors.push(EvalError {
                line: unit.line,
                kind: "speaker",
                message: format!("speaker {got}, gold {want}: {:?}", excerpt(&unit.text)),
            });
        }
        let got_topics: BTreeSet<&str> = best
            .map(|p| p.topics.iter().map(|t| &*t.topic).collect())
            .unwrap_or_default();
        let want_topics: BTreeSet<&str> = unit.topics.iter().map(String::as_str).collect();
        for topic in topic_set {
            let (w, g) = (
                want_topics.contains(topic.as_str()),
                got_topics.contains(topic.as_str()),
            );
            let score = eval.topics.entry(topic.clone()).or_default();
            match (w, g) {
                (true, true) => score.true_positives += 1,
                (false, true) => score.false_positives += 1,
                (true, false) => score.false_negatives += 1,
                (false, false) => continue,
            }
            if w != g {
                let what = if g { "extra" } else { "missing" };
                eval.errors.push(EvalError {
                    line: unit.line,
                    kind: "topic",
                    message: format!("{what} topic {topic}: {:?}", excerpt(&unit.text)),
                });
            }
        }
    }
    eval
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;
    use crate::lexicon::Lexicon;

    fn topics() -> BTreeSet<String> {
        ["exchanges", "peninsula", "taiwan", "trade"]
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn gold_lines_need_three_fields() {
        assert_eq!(
            parse("# c\nA sentence.\t-\n").unwrap_err(),
            "line 2: expected 3 tab-separated fields (text, speaker, topics), found 2"
        );
        let gold = parse("# source: x.txt\nA.\tchina\ttrade,taiwan\n").unwrap();
        assert_eq!(gold.source.as_deref(), Some("x.txt"));
        assert_eq!(gold.units[0].topics, ["taiwan", "trade"]);
    }

    #[test]
    fn gold_units_are_found_whatever_their_whitespace() {
        let gold = parse("The talks were co-chaired.\t-\t-\nBoth agreed.\tjoint\t-\n").unwrap();
        let spans = locate("The talks\n\nwere co-chaired. Both  agreed.", &gold);
        assert_eq!(spans, [Some(Span::new(0, 27)), Some(Span::new(28, 41))]);
    }

    #[test]
    fn perfect_labels_score_one_and_a_wrong_speaker_is_an_error() {
        let text = "The two sides agreed to expand youth exchanges. China stressed Taiwan.";
        let doc = analyze(text, &Lexicon::builtin());
        let right = parse("The two sides agreed to expand youth exchanges.\tjoint\texchanges\nChina stressed Taiwan.\tchina\ttaiwan\n").unwrap();
        let eval = evaluate(&doc, &right, &topics());
        assert_eq!(eval.speaker_accuracy(), 1.0);
        assert_eq!(eval.boundaries.f1(), 1.0);
        assert_eq!(eval.topics_micro().f1(), 1.0);
        assert!(eval.errors.is_empty());
        let wrong = parse("The two sides agreed to expand youth exchanges.\tjoint\t-\nChina stressed Taiwan.\trok\ttaiwan\n").unwrap();
        let eval = evaluate(&doc, &wrong, &topics());
        assert_eq!(eval.speaker_accuracy(), 0.5);
        assert_eq!(eval.topics["exchanges"].false_positives, 1);
        let kinds: Vec<&str> = eval.errors.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, ["topic", "speaker"]);
    }
}
