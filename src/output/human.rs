//! Text output for people: an aligned listing of the units of a document
//! with their speaker, rule and topics. Stable (no colour, no widths taken
//! from the terminal), so it can be diffed and tested.
//!
//! Unit text is shown with runs of whitespace collapsed to one space so a
//! repaired paragraph stays on one row; JSON output keeps the exact text.

use std::io::{self, Write};

use crate::document::{Document, LineIndex, Rule};

/// Write the listing of one analysed document.
pub fn write_analysis(out: &mut dyn Write, source: &str, doc: &Document<'_>) -> io::Result<()> {
    let lines = LineIndex::new(doc.text);
    let units: Vec<_> = doc.units().collect();
    writeln!(
        out,
        "{source}: {}, {}, {} repaired",
        count(units.len(), "unit"),
        count(doc.paragraphs.len(), "paragraph"),
        count(doc.repairs.len(), "paragraph"),
    )?;
    if let Some(dateline) = doc.dateline {
        writeln!(out, "dateline: {}", collapse(doc.slice(dateline)))?;
    }
    let rows: Vec<[String; 6]> = units
        .iter()
        .map(|u| {
            let (speaker, rule) =
                u.speaker
                    .as_ref()
                    .map_or(("-".to_owned(), "-".to_owned()), |s| {
                        (
                            s.speaker.id().to_owned(),
                            s.evidence.rule.as_str().to_owned(),
                        )
                    });
            let topics = if u.topics.is_empty() {
                "-".to_owned()
            } else {
                u.topics
                    .iter()
                    .map(|t| match t.evidence.rule {
                        Rule::Inherited => format!("{}^", t.topic),
                        _ => t.topic.clone(),
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            };
            [
                u.index.to_string(),
                format!(
                    "{}:{}",
                    lines.line(u.span.start),
                    lines.column(doc.text, u.span.start)
                ),
                speaker,
                rule,
                topics,
                collapse(doc.slice(u.span)),
            ]
        })
        .collect();
    let header = ["#", "line:col", "speaker", "rule", "topics", "text"].map(str::to_owned);
    let mut widths = [0usize; 5];
    for row in std::iter::once(&header).chain(rows.iter()) {
        for (w, cell) in widths.iter_mut().zip(row.iter()) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(rows.iter()) {
        writeln!(
            out,
            "{:>w0$}  {:<w1$}  {:<w2$}  {:<w3$}  {:<w4$}  {}",
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            row[5],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3],
            w4 = widths[4],
        )?;
    }
    let inherited = units
        .iter()
        .flat_map(|u| &u.topics)
        .any(|t| t.evidence.rule == Rule::Inherited);
    if inherited {
        writeln!(out, "(^ = topic inherited from the previous sentence)")?;
    }
    Ok(())
}

/// `1 unit`, `2 units`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn collapse(s: &str) -> String {
    s.split(crate::segment::is_space)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
