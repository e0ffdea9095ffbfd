//! Text output for people: aligned tables and `path:line:col:` lines,
//! coloured only when asked (`--color`, resolved by the caller). Column
//! widths come from the data, never from the terminal, so output is stable
//! and can be diffed and tested.
//!
//! Unit text is shown with runs of whitespace collapsed to one space, so a
//! repaired paragraph stays on one row; JSON output keeps the exact text.

mod check;
mod compare;
mod eval;
mod reports;

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use crate::document::{Document, Rule, Unit};

pub use check::write_findings;
pub use compare::write_comparison;
pub use eval::write_eval;
pub use reports::{write_grep, write_matrix, write_speakers, write_topics};

/// Colours for text output, or none.
#[derive(Clone, Copy, Debug)]
pub struct Paint {
    enabled: bool,
}

impl Paint {
    /// Colour when `enabled`.
    pub fn new(enabled: bool) -> Paint {
        Paint { enabled }
    }

    fn apply(&self, style: Style, text: &str) -> String {
        if self.enabled && !text.trim().is_empty() {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_owned()
        }
    }

    /// A speaker id (or `-`), each party in its own colour.
    pub fn speaker(&self, text: &str, id: &str) -> String {
        const PALETTE: [AnsiColor; 5] = [
            AnsiColor::Red,
            AnsiColor::Blue,
            AnsiColor::Magenta,
            AnsiColor::Cyan,
            AnsiColor::Yellow,
        ];
        let style = match id {
            "-" | "" => Style::new().dimmed(),
            "joint" => Style::new().fg_color(Some(AnsiColor::Green.into())).bold(),
            _ => {
                let hash = id
                    .bytes()
                    .fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(b.into()));
                Style::new().fg_color(Some(PALETTE[hash % PALETTE.len()].into()))
            }
        };
        self.apply(style, text)
    }

    /// A file location (`path:line:col:`).
    pub fn location(&self, text: &str) -> String {
        self.apply(Style::new().bold(), text)
    }

    /// Secondary text (headers, legends).
    pub fn dim(&self, text: &str) -> String {
        self.apply(Style::new().dimmed(), text)
    }

    /// A problem.
    pub fn error(&self, text: &str) -> String {
        self.apply(
            Style::new().fg_color(Some(AnsiColor::Red.into())).bold(),
            text,
        )
    }
}

/// Column alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Align {
    Left,
    Right,
}

/// An aligned table: widths from the plain text, colour added after padding.
struct Table {
    aligns: Vec<Align>,
    rows: Vec<Vec<(String, Option<String>)>>,
}

impl Table {
    fn new(header: &[&str], aligns: &[Align]) -> Table {
        Table {
            aligns: aligns.to_vec(),
            rows: vec![header.iter().map(|h| ((*h).to_owned(), None)).collect()],
        }
    }

    /// Add a row of cells: plain text, and the speaker id to colour it by.
    fn row(&mut self, cells: Vec<(String, Option<String>)>) {
        self.rows.push(cells);
    }

    fn write(&self, out: &mut dyn Write, paint: &Paint) -> io::Result<()> {
        let columns = self.aligns.len();
        let mut widths = vec![0; columns];
        for row in &self.rows {
            for (w, (cell, _)) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        for (r, row) in self.rows.iter().enumerate() {
            let mut line = String::new();
            for (c, (cell, speaker)) in row.iter().enumerate() {
                let last = c + 1 == columns;
                let pad = widths[c].saturating_sub(cell.chars().count());
                let padded = match (self.aligns[c], last) {
                    (Align::Left, true) => cell.clone(),
                    (Align::Left, false) => format!("{cell}{}", " ".repeat(pad)),
                    (Align::Right, _) => format!("{}{cell}", " ".repeat(pad)),
                };
                let painted = match (r, speaker) {
                    (0, _) => paint.dim(&padded),
                    (_, Some(id)) => paint.speaker(&padded, id),
                    _ => padded,
                };
                if c > 0 {
                    line.push_str("  ");
                }
                line.push_str(&painted);
            }
            writeln!(out, "{}", line.trim_end())?;
        }
        Ok(())
    }
}

/// `1 unit`, `2 units`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Whitespace runs collapsed to one space, for display.
fn collapse(s: &str) -> String {
    s.split(crate::segment::is_space)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The speaker id of a unit, or `-`.
fn speaker_id(unit: &Unit) -> &str {
    unit.speaker.as_ref().map_or("-", |s| s.speaker.id())
}

/// A unit's topics as `a,b^` (`^` = inherited), or `-`.
fn topic_list(unit: &Unit) -> String {
    if unit.topics.is_empty() {
        return "-".to_owned();
    }
    unit.topics
        .iter()
        .map(|t| match t.evidence.rule {
            Rule::Inherited => format!("{}^", t.topic),
            _ => t.topic.to_string(),
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Write the listing of one analysed document.
pub fn write_analysis(
    out: &mut dyn Write,
    paint: &Paint,
    source: &str,
    doc: &Document<'_>,
) -> io::Result<()> {
    let lines = &doc.lines;
    let units: Vec<_> = doc.units().collect();
    writeln!(
        out,
        "{}: {}, {}, {} repaired",
        paint.location(source),
        count(units.len(), "unit"),
        count(doc.paragraphs.len(), "paragraph"),
        count(doc.repairs.len(), "paragraph"),
    )?;
    if let Some(dateline) = doc.dateline {
        writeln!(out, "dateline: {}", collapse(doc.slice(dateline)))?;
    }
    let mut table = Table::new(
        &["#", "line:col", "speaker", "rule", "topics", "text"],
        &[
            Align::Right,
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Left,
        ],
    );
    for u in &units {
        let speaker = speaker_id(u).to_owned();
        let rule = u.speaker.as_ref().map_or("-", |s| s.evidence.rule.as_str());
        table.row(vec![
            (u.index.to_string(), None),
            (
                format!(
                    "{}:{}",
                    lines.line(u.span.start),
                    lines.column(doc.text, u.span.start)
                ),
                None,
            ),
            (speaker.clone(), Some(speaker)),
            (rule.to_owned(), None),
            (topic_list(u), None),
            (collapse(doc.slice(u.span)), None),
        ]);
    }
    table.write(out, paint)?;
    let inherited = units
        .iter()
        .flat_map(|u| &u.topics)
        .any(|t| t.evidence.rule == Rule::Inherited);
    if inherited {
        writeln!(
            out,
            "{}",
            paint.dim("(^ = topic inherited from the previous sentence)")
        )?;
    }
    Ok(())
}
