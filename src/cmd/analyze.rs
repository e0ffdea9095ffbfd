//! `communique analyze`: the analysis of each input, as JSON, JSONL, text or
//! one HTML page.

use std::io::Write;

use anyhow::Result;

use super::Batch;
use crate::cli::{AnalyzeArgs, AnalyzeFormat, Outcome};
use crate::output::{html, human, json};

pub(crate) fn run(args: &AnalyzeArgs, out: &mut dyn Write) -> Result<Outcome> {
    let batch = Batch::load(&args.input)?;
    let docs = batch.analyze();
    let named = batch.inputs.iter().map(|i| i.name.as_str()).zip(&docs);
    match args.format {
        AnalyzeFormat::Json => {
            for (name, doc) in named {
                json::write_analysis(out, name, doc)?;
            }
        }
        AnalyzeFormat::Jsonl => {
            for (name, doc) in named {
                json::write_units(out, name, doc)?;
            }
        }
        AnalyzeFormat::Text => {
            let paint = human::Paint::new(args.color.color.for_stdout());
            for (i, (name, doc)) in named.enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                human::write_analysis(out, &paint, name, doc)?;
            }
        }
        // One page for the whole batch: several inputs become articles of
        // one file, since stdout is one file.
        AnalyzeFormat::Html => {
            html::write_analysis(out, &batch.lexicon, &named.collect::<Vec<_>>())?
        }
    }
    Ok(Outcome::Clean)
}
