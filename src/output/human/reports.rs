//! Text renderers of the reports: speakers, topics, matrix, grep.

use std::io::{self, Write};

use super::{Align, Paint, Table, collapse, count, speaker_id, topic_list};
use crate::document::{Document, LineIndex, Unit};
use crate::report::{Matrix, SpeakerKey, SpeakerRow, TopicRow, word_count};

fn key_label(key: &SpeakerKey) -> String {
    key.clone().unwrap_or_else(|| "(narration)".to_owned())
}

fn key_id(key: &SpeakerKey) -> String {
    key.clone().unwrap_or_else(|| "-".to_owned())
}

/// `path:line:col` of a byte offset.
fn location(source: &str, lines: &LineIndex, text: &str, offset: usize) -> String {
    format!(
        "{source}:{}:{}",
        lines.line(offset),
        lines.column(text, offset)
    )
}

/// The per-speaker table of one document.
pub fn write_speakers(
    out: &mut dyn Write,
    paint: &Paint,
    source: &str,
    doc: &Document<'_>,
    rows: &[SpeakerRow],
) -> io::Result<()> {
    let units = doc.units().count();
    let words: usize = doc.units().map(|u| word_count(doc.slice(u.span))).sum();
    writeln!(
        out,
        "{}: {}, {}",
        paint.location(source),
        count(units, "unit"),
        count(words, "word")
    )?;
    let mut table = Table::new(
        &["speaker", "sentences", "words", "share", "topics"],
        &[
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Left,
        ],
    );
    for row in rows {
        let topics = if row.topics.is_empty() {
            "-".to_owned()
        } else {
            row.topics
                .iter()
                .map(|(t, n)| format!("{t} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        table.row(vec![
            (key_label(&row.speaker), Some(key_id(&row.speaker))),
            (row.sentences.to_string(), None),
            (row.words.to_string(), None),
            (format!("{:.1}%", row.share * 100.0), None),
            (topics, None),
        ]);
    }
    table.write(out, paint)
}

/// The per-topic table of one document.
pub fn write_topics(
    out: &mut dyn Write,
    paint: &Paint,
    source: &str,
    doc: &Document<'_>,
    rows: &[TopicRow],
) -> io::Result<()> {
    writeln!(
        out,
        "{}: {}",
        paint.location(source),
        count(rows.len(), "topic")
    )?;
    let lines = &doc.lines;
    let mut table = Table::new(
        &[
            "topic",
            "sentences",
            "speaker",
            "sentences",
            "first",
            "evidence",
        ],
        &[
            Align::Left,
            Align::Right,
            Align::Left,
            Align::Right,
            Align::Left,
            Align::Left,
        ],
    );
    for row in rows {
        for (k, (speaker, cell)) in row.speakers.iter().enumerate() {
            let (topic, total) = if k == 0 {
                (row.topic.clone(), row.sentences.to_string())
            } else {
                (String::new(), String::new())
            };
            let first = &cell.first;
            let evidence = format!(
                "{} {:?}",
                first.rule.as_str(),
                collapse(doc.slice(first.span))
            );
            table.row(vec![
                (topic, None),
                (total, None),
                (key_label(speaker), Some(key_id(speaker))),
                (cell.sentences.to_string(), None),
                (location(source, lines, doc.text, first.span.start), None),
                (evidence, None),
            ]);
        }
    }
    table.write(out, paint)
}

/// The speaker × topic table of one document.
pub fn write_matrix(
    out: &mut dyn Write,
    paint: &Paint,
    source: &str,
    matrix: &Matrix,
) -> io::Result<()> {
    writeln!(out, "{}", paint.location(source))?;
    let mut header = vec!["speaker".to_owned()];
    header.extend(
        matrix
            .topics
            .iter()
            .map(|t| t.clone().unwrap_or_else(|| "(none)".to_owned())),
    );
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut aligns = vec![Align::Left];
    aligns.extend(std::iter::repeat_n(Align::Right, matrix.topics.len()));
    let mut table = Table::new(&header_refs, &aligns);
    for (speaker, counts) in matrix.speakers.iter().zip(&matrix.counts) {
        let mut cells = vec![(key_label(speaker), Some(key_id(speaker)))];
        cells.extend(counts.iter().map(|n| (n.to_string(), None)));
        table.row(cells);
    }
    table.write(out, paint)
}

/// Matching units as `path:line:col: [speaker] [topics] sentence`.
pub fn write_grep(
    out: &mut dyn Write,
    paint: &Paint,
    source: &str,
    doc: &Document<'_>,
    units: &[&Unit],
) -> io::Result<()> {
    let lines = &doc.lines;
    for unit in units {
        let speaker = speaker_id(unit);
        writeln!(
            out,
            "{} [{}] [{}] {}",
            paint.location(&format!(
                "{}:",
                location(source, lines, doc.text, unit.span.start)
            )),
            paint.speaker(speaker, speaker),
            topic_list(unit),
            collapse(doc.slice(unit.span))
        )?;
    }
    Ok(())
}
