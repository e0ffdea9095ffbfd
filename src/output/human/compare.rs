//! The text report of `compare`.

use std::io::{self, Write};

use super::{Paint, collapse};
use crate::document::Document;
use crate::report::{Comparison, Counterpart, SpeakerKey};

fn speakers(map: &[(SpeakerKey, usize)]) -> String {
    if map.is_empty() {
        return "-".to_owned();
    }
    map.iter()
        .map(|(k, n)| format!("{} {n}", k.as_deref().unwrap_or("(narration)")))
        .collect::<Vec<_>>()
        .join(", ")
}

fn unmatched<'a>(
    out: &mut dyn Write,
    paint: &Paint,
    source: &str,
    doc: &Document<'_>,
    list: impl Iterator<Item = &'a Counterpart>,
) -> io::Result<usize> {
    let lines = &doc.lines;
    let units: Vec<_> = doc.units().collect();
    let mut n = 0;
    for c in list {
        let unit = units[c.unit];
        let speaker = unit.speaker.as_ref().map_or("-", |s| s.speaker.id());
        writeln!(
            out,
            "  {} [{}] {}",
            paint.location(&format!(
                "{source}:{}:{}:",
                lines.line(unit.span.start),
                lines.column(doc.text, unit.span.start)
            )),
            paint.speaker(speaker, speaker),
            collapse(doc.slice(unit.span))
        )?;
        n += 1;
    }
    if n == 0 {
        writeln!(out, "  (none)")?;
    }
    Ok(n)
}

/// The comparison of `a` and `b`, for people.
pub fn write_comparison(
    out: &mut dyn Write,
    paint: &Paint,
    (a_name, a): (&str, &Document<'_>),
    (b_name, b): (&str, &Document<'_>),
    c: &Comparison,
) -> io::Result<()> {
    writeln!(out, "A: {}", paint.location(a_name))?;
    writeln!(out, "B: {}", paint.location(b_name))?;
    writeln!(out, "similarity: {:.2}", c.similarity)?;
    writeln!(out)?;
    let join = |v: &[String]| {
        if v.is_empty() {
            "-".to_owned()
        } else {
            v.join(", ")
        }
    };
    writeln!(out, "topics only in A: {}", join(&c.only_a))?;
    writeln!(out, "topics only in B: {}", join(&c.only_b))?;
    writeln!(out)?;
    writeln!(out, "{}", paint.dim("who speaks on each topic (sentences)"))?;
    let width = c.topics.iter().map(|t| t.topic.len()).max().unwrap_or(0);
    for t in &c.topics {
        writeln!(out, "  {:<width$}  A: {}", t.topic, speakers(&t.a))?;
        writeln!(out, "  {:<width$}  B: {}", "", speakers(&t.b))?;
    }
    if c.topics.is_empty() {
        writeln!(out, "  (no topics)")?;
    }
    writeln!(out)?;
    writeln!(out, "{}", paint.dim("positions recorded in one text only"))?;
    for p in &c.one_sided {
        let (side, name, doc) = if p.in_a {
            ("A", a_name, a)
        } else {
            ("B", b_name, b)
        };
        let lines = &doc.lines;
        let start = doc.units().nth(p.unit).map_or(0, |u| u.span.start);
        writeln!(
            out,
            "  {} {} on {}: only in {side}",
            paint.location(&format!(
                "{name}:{}:{}:",
                lines.line(start),
                lines.column(doc.text, start)
            )),
            paint.speaker(&p.speaker, &p.speaker),
            p.topic,
        )?;
    }
    if c.one_sided.is_empty() {
        writeln!(out, "  (none)")?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        paint.dim("sentences of A without a counterpart in B")
    )?;
    unmatched(out, paint, a_name, a, c.unmatched_a())?;
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        paint.dim("sentences of B without a counterpart in A")
    )?;
    unmatched(out, paint, b_name, b, c.unmatched_b())?;
    Ok(())
}
