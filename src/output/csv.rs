//! CSV renderers of the reports: one header row, then one row per record,
//! with a `source` column so several inputs can share one file.

use std::io::{self, Write};

use crate::document::Document;
use crate::report::{Matrix, SpeakerKey, SpeakerRow, TopicRow};

fn writer(out: &mut dyn Write) -> csv::Writer<&mut dyn Write> {
    csv::Writer::from_writer(out)
}

fn key(k: &SpeakerKey) -> &str {
    k.as_deref().unwrap_or("")
}

fn flush(w: csv::Writer<&mut dyn Write>) -> io::Result<()> {
    w.into_inner()
        .map_err(|e| io::Error::new(e.error().kind(), e.to_string()))?;
    Ok(())
}

fn to_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// `source,speaker,sentences,words,share,topics` (topics as `id:n;id:n`;
/// an empty speaker is narration). `header` is written when true.
pub fn write_speakers(
    out: &mut dyn Write,
    source: &str,
    rows: &[SpeakerRow],
    header: bool,
) -> io::Result<()> {
    let mut w = writer(out);
    if header {
        w.write_record(["source", "speaker", "sentences", "words", "share", "topics"])
            .map_err(to_io)?;
    }
    for r in rows {
        let topics = r
            .topics
            .iter()
            .map(|(t, n)| format!("{t}:{n}"))
            .collect::<Vec<_>>()
            .join(";");
        w.write_record([
            source,
            key(&r.speaker),
            &r.sentences.to_string(),
            &r.words.to_string(),
            &format!("{:.4}", r.share),
            &topics,
        ])
        .map_err(to_io)?;
    }
    flush(w)
}

/// `source,topic,speaker,sentences,first_unit,first_rule,first_term,line,column`.
pub fn write_topics(
    out: &mut dyn Write,
    source: &str,
    doc: &Document<'_>,
    rows: &[TopicRow],
    header: bool,
) -> io::Result<()> {
    let lines = &doc.lines;
    let mut w = writer(out);
    if header {
        w.write_record([
            "source",
            "topic",
            "speaker",
            "sentences",
            "first_unit",
            "first_rule",
            "first_term",
            "line",
            "column",
        ])
        .map_err(to_io)?;
    }
    for r in rows {
        for (speaker, cell) in &r.speakers {
            let span = cell.first.span;
            w.write_record([
                source,
                &r.topic,
                key(speaker),
                &cell.sentences.to_string(),
                &cell.first.unit.to_string(),
                cell.first.rule.as_str(),
                doc.slice(span),
                &lines.line(span.start).to_string(),
                &lines.column(doc.text, span.start).to_string(),
            ])
            .map_err(to_io)?;
        }
    }
    flush(w)
}

/// Wide: `source,speaker,<topic>...,(none)` with the given topic columns
/// (the union over all inputs), 0 where a document lacks a topic.
pub fn write_matrix(
    out: &mut dyn Write,
    source: &str,
    m: &Matrix,
    columns: &[Option<String>],
    header: bool,
) -> io::Result<()> {
    let mut w = writer(out);
    if header {
        let mut record = vec!["source".to_owned(), "speaker".to_owned()];
        record.extend(
            columns
                .iter()
                .map(|t| t.clone().unwrap_or_else(|| "(none)".to_owned())),
        );
        w.write_record(&record).map_err(to_io)?;
    }
    for (speaker, counts) in m.speakers.iter().zip(&m.counts) {
        let mut record = vec![source.to_owned(), key(speaker).to_owned()];
        for column in columns {
            let n = m
                .topics
                .iter()
                .position(|t| t == column)
                .map_or(0, |i| counts[i]);
            record.push(n.to_string());
        }
        w.write_record(&record).map_err(to_io)?;
    }
    flush(w)
}
