//! JSON wire types of the reports, `compare` and `check` (schema in
//! `super`'s docs).

use std::io::{self, Write};

use serde::Serialize;

use super::{SCHEMA_VERSION, round, write_line};
use crate::document::{Document, LineIndex};
use crate::finding::Finding;
use crate::report::{
    Comparison, Counterpart, Matrix, SpeakerKey, SpeakerRow, TopicRow, word_count,
};

#[derive(Serialize)]
struct TopicCount<'a> {
    topic: &'a str,
    sentences: usize,
}

#[derive(Serialize)]
struct SpeakerJson<'a> {
    speaker: Option<&'a str>,
    sentences: usize,
    words: usize,
    share: f64,
    topics: Vec<TopicCount<'a>>,
}

impl<'a> SpeakerJson<'a> {
    fn new(row: &'a SpeakerRow) -> Self {
        SpeakerJson {
            speaker: row.speaker.as_deref(),
            sentences: row.sentences,
            words: row.words,
            share: round(row.share),
            topics: row
                .topics
                .iter()
                .map(|(topic, &sentences)| TopicCount { topic, sentences })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct SpeakersDoc<'a> {
    schema_version: u32,
    kind: &'static str,
    source: &'a str,
    units: usize,
    words: usize,
    speakers: Vec<SpeakerJson<'a>>,
}

#[derive(Serialize)]
struct Row<'a, T: Serialize> {
    schema_version: u32,
    kind: &'static str,
    source: &'a str,
    #[serde(flatten)]
    row: T,
}

fn row<'a, T: Serialize>(kind: &'static str, source: &'a str, row: T) -> Row<'a, T> {
    Row {
        schema_version: SCHEMA_VERSION,
        kind,
        source,
        row,
    }
}

/// `kind: "speakers"`.
pub fn write_speakers(
    out: &mut dyn Write,
    source: &str,
    doc: &Document<'_>,
    rows: &[SpeakerRow],
) -> io::Result<()> {
    write_line(
        out,
        &SpeakersDoc {
            schema_version: SCHEMA_VERSION,
            kind: "speakers",
            source,
            units: doc.units().count(),
            words: doc.units().map(|u| word_count(doc.slice(u.span))).sum(),
            speakers: rows.iter().map(SpeakerJson::new).collect(),
        },
    )
}

/// `kind: "speaker"` rows.
pub fn write_speaker_rows(
    out: &mut dyn Write,
    source: &str,
    rows: &[SpeakerRow],
) -> io::Result<()> {
    for r in rows {
        write_line(out, &row("speaker", source, SpeakerJson::new(r)))?;
    }
    Ok(())
}

#[derive(Serialize)]
struct FirstJson<'a> {
    unit: usize,
    rule: &'static str,
    term: &'a str,
    start: usize,
    end: usize,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct TopicSpeakerJson<'a> {
    speaker: Option<&'a str>,
    sentences: usize,
    first: FirstJson<'a>,
}

#[derive(Serialize)]
struct TopicJson<'a> {
    topic: &'a str,
    sentences: usize,
    speakers: Vec<TopicSpeakerJson<'a>>,
}

#[derive(Serialize)]
struct TopicsDoc<'a> {
    schema_version: u32,
    kind: &'static str,
    source: &'a str,
    topics: Vec<TopicJson<'a>>,
}

fn topic_json<'a>(doc: &Document<'a>, lines: &LineIndex, r: &'a TopicRow) -> TopicJson<'a> {
    TopicJson {
        topic: &r.topic,
        sentences: r.sentences,
        speakers: r
            .speakers
            .iter()
            .map(|(speaker, cell)| TopicSpeakerJson {
                speaker: speaker.as_deref(),
                sentences: cell.sentences,
                first: FirstJson {
                    unit: cell.first.unit,
                    rule: cell.first.rule.as_str(),
                    term: doc.slice(cell.first.span),
                    start: cell.first.span.start,
                    end: cell.first.span.end,
                    line: lines.line(cell.first.span.start),
                    column: lines.column(doc.text, cell.first.span.start),
                },
            })
            .collect(),
    }
}

/// `kind: "topics"`.
pub fn write_topics(
    out: &mut dyn Write,
    source: &str,
    doc: &Document<'_>,
    rows: &[TopicRow],
) -> io::Result<()> {
    let lines = &doc.lines;
    write_line(
        out,
        &TopicsDoc {
            schema_version: SCHEMA_VERSION,
            kind: "topics",
            source,
            topics: rows.iter().map(|r| topic_json(doc, lines, r)).collect(),
        },
    )
}

#[derive(Serialize)]
struct TopicSpeakerRow<'a> {
    topic: &'a str,
    #[serde(flatten)]
    speaker: TopicSpeakerJson<'a>,
}

/// `kind: "topic_speaker"` rows.
pub fn write_topic_rows(
    out: &mut dyn Write,
    source: &str,
    doc: &Document<'_>,
    rows: &[TopicRow],
) -> io::Result<()> {
    let lines = &doc.lines;
    for r in rows {
        let json = topic_json(doc, lines, r);
        for speaker in json.speakers {
            write_line(
                out,
                &row(
                    "topic_speaker",
                    source,
                    TopicSpeakerRow {
                        topic: &r.topic,
                        speaker,
                    },
                ),
            )?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct MatrixDoc<'a> {
    schema_version: u32,
    kind: &'static str,
    source: &'a str,
    speakers: &'a [SpeakerKey],
    topics: &'a [Option<String>],
    counts: &'a [Vec<usize>],
}

/// `kind: "matrix"`.
pub fn write_matrix(out: &mut dyn Write, source: &str, m: &Matrix) -> io::Result<()> {
    write_line(
        out,
        &MatrixDoc {
            schema_version: SCHEMA_VERSION,
            kind: "matrix",
            source,
            speakers: &m.speakers,
            topics: &m.topics,
            counts: &m.counts,
        },
    )
}

#[derive(Serialize)]
struct CellJson<'a> {
    speaker: Option<&'a str>,
    topic: Option<&'a str>,
    count: usize,
}

/// `kind: "matrix_cell"` rows.
pub fn write_matrix_rows(out: &mut dyn Write, source: &str, m: &Matrix) -> io::Result<()> {
    for (speaker, counts) in m.speakers.iter().zip(&m.counts) {
        for (topic, &count) in m.topics.iter().zip(counts) {
            write_line(
                out,
                &row(
                    "matrix_cell",
                    source,
                    CellJson {
                        speaker: speaker.as_deref(),
                        topic: topic.as_deref(),
                        count,
                    },
                ),
            )?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct SpeakerCount<'a> {
    speaker: Option<&'a str>,
    sentences: usize,
}

#[derive(Serialize)]
struct SidesJson<'a> {
    topic: &'a str,
    a: Vec<SpeakerCount<'a>>,
    b: Vec<SpeakerCount<'a>>,
}

#[derive(Serialize)]
struct OneSidedJson<'a> {
    speaker: &'a str,
    topic: &'a str,
    text: &'static str,
    unit: usize,
    line: usize,
}

#[derive(Serialize)]
struct UnmatchedJson<'a> {
    unit: usize,
    line: usize,
    speaker: Option<&'a str>,
    text: &'a str,
    best: Option<usize>,
    score: f64,
}

#[derive(Serialize)]
struct CompareDoc<'a> {
    schema_version: u32,
    kind: &'static str,
    a: &'a str,
    b: &'a str,
    similarity: f64,
    only_in_a: &'a [String],
    only_in_b: &'a [String],
    topics: Vec<SidesJson<'a>>,
    one_sided: Vec<OneSidedJson<'a>>,
    unmatched_a: Vec<UnmatchedJson<'a>>,
    unmatched_b: Vec<UnmatchedJson<'a>>,
}

fn counts(map: &[(SpeakerKey, usize)]) -> Vec<SpeakerCount<'_>> {
    map.iter()
        .map(|(k, n)| SpeakerCount {
            speaker: k.as_deref(),
            sentences: *n,
        })
        .collect()
}

fn unmatched<'a>(
    doc: &'a Document<'_>,
    list: impl Iterator<Item = &'a Counterpart>,
) -> Vec<UnmatchedJson<'a>> {
    let lines = &doc.lines;
    let units: Vec<_> = doc.units().collect();
    list.map(|c| {
        let unit = units[c.unit];
        UnmatchedJson {
            unit: c.unit,
            line: lines.line(unit.span.start),
            speaker: unit.speaker.as_ref().map(|s| s.speaker.id()),
            text: doc.slice(unit.span),
            best: c.best,
            score: round(c.score),
        }
    })
    .collect()
}

/// `kind: "compare"`.
pub fn write_comparison(
    out: &mut dyn Write,
    (a_name, a): (&str, &Document<'_>),
    (b_name, b): (&str, &Document<'_>),
    c: &Comparison,
) -> io::Result<()> {
    let line_of = |doc: &Document<'_>, index: usize| {
        let lines = &doc.lines;
        doc.units()
            .nth(index)
            .map_or(1, |u| lines.line(u.span.start))
    };
    let doc = CompareDoc {
        schema_version: SCHEMA_VERSION,
        kind: "compare",
        a: a_name,
        b: b_name,
        similarity: round(c.similarity),
        only_in_a: &c.only_a,
        only_in_b: &c.only_b,
        topics: c
            .topics
            .iter()
            .map(|t| SidesJson {
                topic: &t.topic,
                a: counts(&t.a),
                b: counts(&t.b),
            })
            .collect(),
        one_sided: c
            .one_sided
            .iter()
            .map(|p| OneSidedJson {
                speaker: &p.speaker,
                topic: &p.topic,
                text: if p.in_a { "a" } else { "b" },
                unit: p.unit,
                line: line_of(if p.in_a { a } else { b }, p.unit),
            })
            .collect(),
        unmatched_a: unmatched(a, c.unmatched_a()),
        unmatched_b: unmatched(b, c.unmatched_b()),
    };
    write_line(out, &doc)
}

#[derive(Serialize)]
struct FindingJson<'a> {
    source: &'a str,
    line: usize,
    column: usize,
    rule: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct CheckDoc<'a> {
    schema_version: u32,
    kind: &'static str,
    inputs: usize,
    findings: Vec<FindingJson<'a>>,
}

/// `kind: "check"`.
pub fn write_check(out: &mut dyn Write, inputs: usize, findings: &[Finding]) -> io::Result<()> {
    write_line(
        out,
        &CheckDoc {
            schema_version: SCHEMA_VERSION,
            kind: "check",
            inputs,
            findings: findings
                .iter()
                .map(|f| FindingJson {
                    source: &f.source,
                    line: f.line,
                    column: f.column,
                    rule: &f.rule,
                    message: &f.message,
                })
                .collect(),
        },
    )
}
