//! JSON wire types of `eval` (schema in `super`'s docs).

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{SCHEMA_VERSION, round, write_line};
use crate::eval::{Evaluation, Score, Scored};

#[derive(Serialize)]
struct ScoreJson {
    precision: f64,
    recall: f64,
    f1: f64,
    true_positives: usize,
    false_positives: usize,
    false_negatives: usize,
}

impl From<&Score> for ScoreJson {
    fn from(s: &Score) -> Self {
        ScoreJson {
            precision: round(s.precision()),
            recall: round(s.recall()),
            f1: round(s.f1()),
            true_positives: s.true_positives,
            false_positives: s.false_positives,
            false_negatives: s.false_negatives,
        }
    }
}

#[derive(Serialize)]
struct ScoresJson<'a> {
    unlocated: usize,
    boundaries: ScoreJson,
    speaker_accuracy: f64,
    speakers_right: usize,
    speakers_total: usize,
    topics: BTreeMap<&'a str, ScoreJson>,
    topics_micro: ScoreJson,
    topics_macro_f1: f64,
}

impl<'a> From<&'a Evaluation> for ScoresJson<'a> {
    fn from(e: &'a Evaluation) -> Self {
        ScoresJson {
            unlocated: e.unlocated,
            boundaries: (&e.boundaries).into(),
            speaker_accuracy: round(e.speaker_accuracy()),
            speakers_right: e.speakers_right,
            speakers_total: e.speakers_total,
            topics: e
                .topics
                .iter()
                .map(|(t, s)| (t.as_str(), s.into()))
                .collect(),
            topics_micro: (&e.topics_micro()).into(),
            topics_macro_f1: round(e.topics_macro_f1()),
        }
    }
}

#[derive(Serialize)]
struct TextJson<'a> {
    gold: &'a str,
    source: &'a str,
    units: usize,
    #[serde(flatten)]
    scores: ScoresJson<'a>,
}

#[derive(Serialize)]
struct TotalJson<'a> {
    #[serde(flatten)]
    scores: ScoresJson<'a>,
    confusion: &'a BTreeMap<String, BTreeMap<String, usize>>,
}

#[derive(Serialize)]
struct ErrorJson<'a> {
    gold: &'a str,
    line: usize,
    kind: &'static str,
    message: &'a str,
}

#[derive(Serialize)]
struct EvalDoc<'a> {
    schema_version: u32,
    kind: &'static str,
    total: TotalJson<'a>,
    texts: Vec<TextJson<'a>>,
    errors: Vec<ErrorJson<'a>>,
}

/// `kind: "eval"`.
pub fn write_eval(out: &mut dyn Write, scored: &[Scored], total: &Evaluation) -> io::Result<()> {
    write_line(
        out,
        &EvalDoc {
            schema_version: SCHEMA_VERSION,
            kind: "eval",
            total: TotalJson {
                scores: total.into(),
                confusion: &total.confusion,
            },
            texts: scored
                .iter()
                .map(|s| TextJson {
                    gold: &s.gold,
                    source: &s.source,
                    units: s.units,
                    scores: (&s.evaluation).into(),
                })
                .collect(),
            errors: scored
                .iter()
                .flat_map(|s| {
                    s.evaluation.errors.iter().map(move |e| ErrorJson {
                        gold: &s.gold,
                        line: e.line,
                        kind: e.kind,
                        message: &e.message,
                    })
                })
                .collect(),
        },
    )
}
