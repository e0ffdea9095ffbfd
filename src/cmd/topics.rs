//! `communique topics`: per-topic summary of each input.

use std::io::Write;

use anyhow::Result;

use super::Batch;
use crate::cli::{Outcome, ReportArgs, ReportFormat};
use crate::output::{csv, human, json};
use crate::report;

pub(crate) fn run(args: &ReportArgs, out: &mut dyn Write) -> Result<Outcome> {
    let batch = Batch::load(&args.input)?;
    let paint = human::Paint::new(args.color.color.for_stdout());
    for (i, (input, doc)) in batch.inputs.iter().zip(batch.analyze()).enumerate() {
        let rows = report::topics(&doc);
        match args.format {
            ReportFormat::Text => {
                if i > 0 {
                    writeln!(out)?;
                }
                human::write_topics(out, &paint, &input.name, &doc, &rows)?;
            }
            ReportFormat::Json => json::write_topics(out, &input.name, &doc, &rows)?,
            ReportFormat::Jsonl => json::write_topic_rows(out, &input.name, &doc, &rows)?,
            ReportFormat::Csv => csv::write_topics(out, &input.name, &doc, &rows, i == 0)?,
        }
    }
    Ok(Outcome::Clean)
}
