//! `communique analyze`: the analysis of each input, as JSON, JSONL or text.

use std::io::Write;

use anyhow::Result;

use super::Batch;
use crate::cli::{AnalyzeArgs, AnalyzeFormat, Outcome};
use crate::output::{human, json};

pub(crate) fn run(args: &AnalyzeArgs, out: &mut dyn Write) -> Result<Outcome> {
    let batch = Batch::load(&args.input)?;
    let paint = human::Paint::new(args.color.color.for_stdout());
    for (i, (input, doc)) in batch.inputs.iter().zip(batch.analyze()).enumerate() {
        match args.format {
            AnalyzeFormat::Json => json::write_analysis(out, &input.name, &doc)?,
            AnalyzeFormat::Jsonl => json::write_units(out, &input.name, &doc)?,
            AnalyzeFormat::Text => {
                if i > 0 {
                    writeln!(out)?;
                }
                human::write_analysis(out, &paint, &input.name, &doc)?;
            }
        }
    }
    Ok(Outcome::Clean)
}
