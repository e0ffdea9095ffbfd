//! The lexicon's examples, run: every cue's examples must produce its tag
//! with the evidence span the `[brackets]` mark, and its counterexamples
//! must not produce the tag. Each example runs twice, the second time behind
//! a narration sentence, so a span that was not shifted to absolute offsets
//! fails. Library code, so a user's `--lexicon` file can be checked the same
//! way as the built-in one.

use crate::analysis::analyze;
use crate::document::{Span, Speaker, Unit};
use crate::lexicon::{Expectation, Lexicon};

/// A narration sentence put in front of each example on its second run.
const PREFIX: &str = "The text follows here. ";

/// One example that did not do what it says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExampleFailure {
    /// The line of the example in the lexicon file.
    pub line: usize,
    /// What the cue should produce (`speaker china`, `topic taiwan`).
    pub expected: String,
    /// The example as written.
    pub example: String,
    /// What the analysis gave instead.
    pub got: String,
}

/// Run every example and counterexample of `lexicon`; return the failures.
pub fn run(lexicon: &Lexicon) -> Vec<ExampleFailure> {
    let mut failures = Vec::new();
    for cue in lexicon.examples() {
        for (line, example) in &cue.examples {
            // The shifted run is reported only when the plain one passes, so
            // a broken example is one failure, not two.
            for prefix in ["", PREFIX] {
                if let Some(got) = check(lexicon, &cue.expects, example, prefix, true) {
                    failures.push(failure(*line, &cue.expects, example, prefix, got));
                    break;
                }
            }
        }
        for (line, example) in &cue.counterexamples {
            if let Some(got) = check(lexicon, &cue.expects, example, "", false) {
                failures.push(failure(*line, &cue.expects, example, "", got));
            }
        }
    }
    failures
}

fn failure(
    line: usize,
    expects: &Expectation,
    example: &str,
    prefix: &str,
    got: String,
) -> ExampleFailure {
    let expected = match expects {
        Expectation::Speaker(id) => format!("speaker {id}"),
        Expectation::Joint => "speaker joint".to_owned(),
        Expectation::Topic(id) => format!("topic {id}"),
    };
    ExampleFailure {
        line,
        expected,
        example: format!("{prefix}{example}"),
        got,
    }
}

/// `None` when the example behaves; otherwise what it produced.
fn check(
    lexicon: &Lexicon,
    expects: &Expectation,
    example: &str,
    prefix: &str,
    positive: bool,
) -> Option<String> {
    let (plain, marked) = unmark(example);
    let text = format!("{prefix}{plain}");
    let marked = marked.map(|s| s.shift(prefix.len()));
    let doc = analyze(&text, lexicon);
    let unit = doc.units().find(|u| u.span.end > prefix.len())?;
    let found = evidence_of(unit, expects);
    let ok = match (positive, found, marked) {
        (true, Some(span), Some(want)) => span == Some(want),
        (true, Some(_), None) => true,
        (true, None, _) => false,
        (false, found, _) => found.is_none(),
    };
    if ok {
        return None;
    }
    Some(match found {
        Some(Some(span)) => format!("tag with evidence [{}]", span.slice(&text)),
        Some(None) => "tag without a term".to_owned(),
        None => format!(
            "speaker {}, topics [{}]",
            unit.speaker.as_ref().map_or("-", |s| s.speaker.id()),
            unit.topics
                .iter()
                .map(|t| &*t.topic)
                .collect::<Vec<_>>()
                .join(",")
        ),
    })
}

/// If `unit` has the expected tag, its evidence span.
fn evidence_of(unit: &Unit, expects: &Expectation) -> Option<Option<Span>> {
    match expects {
        Expectation::Speaker(id) => unit
            .speaker
            .as_ref()
            .filter(|s| matches!(&s.speaker, Speaker::Party(p) if **p == **id))
            .map(|s| s.evidence.term),
        Expectation::Joint => unit
            .speaker
            .as_ref()
            .filter(|s| s.speaker == Speaker::Joint)
            .map(|s| s.evidence.term),
        Expectation::Topic(id) => unit
            .topics
            .iter()
            .find(|t| *t.topic == **id)
            .map(|t| t.evidence.term),
    }
}

/// The example without its brackets, and the span they marked.
fn unmark(example: &str) -> (String, Option<Span>) {
    match (example.find('['), example.find(']')) {
        (Some(open), Some(close)) if open < close => {
            let plain = format!(
                "{}{}{}",
                &example[..open],
                &example[open + 1..close],
                &example[close + 1..]
            );
            (plain, Some(Span::new(open, close - 1)))
        }
        _ => (example.to_owned(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_example_passes() {
        let failures = run(&Lexicon::builtin());
        let report: Vec<String> = failures
            .iter()
            .map(|f| {
                format!(
                    "line {}: {}: {:?} got {}",
                    f.line, f.expected, f.example, f.got
                )
            })
            .collect();
        assert!(report.is_empty(), "{}", report.join("\n"));
    }

    #[test]
    fn unmark_finds_the_bracketed_span() {
        let (plain, span) = unmark("a [bc] d");
        assert_eq!(plain, "a bc d");
        assert_eq!(span.map(|s| s.slice(&plain)), Some("bc"));
    }
}
