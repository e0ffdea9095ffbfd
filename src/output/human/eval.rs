//! The text report of `eval`.

use std::io::{self, Write};

use super::{Align, Paint, Table};
use crate::eval::{Evaluation, Score, Scored};

fn prf(s: &Score) -> [String; 3] {
    [
        format!("{:.3}", s.precision()),
        format!("{:.3}", s.recall()),
        format!("{:.3}", s.f1()),
    ]
}

/// Scores per text and in total, the speaker confusion matrix, and (with
/// `errors`) every disagreement.
pub fn write_eval(
    out: &mut dyn Write,
    paint: &Paint,
    scored: &[Scored],
    total: &Evaluation,
    errors: bool,
) -> io::Result<()> {
    let units: usize = scored.iter().map(|s| s.units).sum();
    writeln!(
        out,
        "{} gold texts, {} units ({} not found in their source)",
        scored.len(),
        units,
        total.unlocated
    )?;
    writeln!(out)?;
    let b = prf(&total.boundaries);
    let micro = total.topics_micro();
    let m = prf(&micro);
    writeln!(out, "segmentation  P {}  R {}  F1 {}", b[0], b[1], b[2])?;
    writeln!(
        out,
        "speakers      accuracy {:.3} ({}/{})",
        total.speaker_accuracy(),
        total.speakers_right,
        total.speakers_total
    )?;
    writeln!(
        out,
        "topics        micro P {}  R {}  F1 {}   macro F1 {:.3}",
        m[0],
        m[1],
        m[2],
        total.topics_macro_f1()
    )?;
    writeln!(out)?;
    let mut table = Table::new(
        &["topic", "P", "R", "F1", "tp", "fp", "fn"],
        &[
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
        ],
    );
    for (topic, s) in &total.topics {
        let [p, r, f] = prf(s);
        table.row(vec![
            (topic.clone(), None),
            (p, None),
            (r, None),
            (f, None),
            (s.true_positives.to_string(), None),
            (s.false_positives.to_string(), None),
            (s.false_negatives.to_string(), None),
        ]);
    }
    table.write(out, paint)?;
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        paint.dim("speaker confusion (rows: gold, columns: predicted)")
    )?;
    let mut labels: Vec<&String> = total
        .confusion
        .keys()
        .chain(total.confusion.values().flat_map(|r| r.keys()))
        .collect();
    labels.sort();
    labels.dedup();
    let mut header = vec!["gold"];
    header.extend(labels.iter().map(|l| l.as_str()));
    let mut aligns = vec![Align::Left];
    aligns.extend(std::iter::repeat_n(Align::Right, labels.len()));
    let mut table = Table::new(&header, &aligns);
    for (gold, row) in &total.confusion {
        let mut cells = vec![(gold.clone(), Some(gold.clone()))];
        cells.extend(
            labels
                .iter()
                .map(|l| (row.get(*l).copied().unwrap_or(0).to_string(), None)),
        );
        table.row(cells);
    }
    table.write(out, paint)?;
    writeln!(out)?;
    let mut table = Table::new(
        &[
            "gold",
            "units",
            "boundary F1",
            "speaker acc",
            "topic F1",
            "errors",
        ],
        &[
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
        ],
    );
    for s in scored {
        let e = &s.evaluation;
        table.row(vec![
            (s.gold.clone(), None),
            (s.units.to_string(), None),
            (format!("{:.3}", e.boundaries.f1()), None),
            (format!("{:.3}", e.speaker_accuracy()), None),
            (format!("{:.3}", e.topics_micro().f1()), None),
            (e.errors.len().to_string(), None),
        ]);
    }
    table.write(out, paint)?;
    if errors {
        writeln!(out)?;
        for s in scored {
            for e in &s.evaluation.errors {
                writeln!(
                    out,
                    "{} {}: {}",
                    paint.location(&format!("{}:{}:", s.gold, e.line)),
                    paint.error(e.kind),
                    e.message
                )?;
            }
        }
    }
    Ok(())
}
