//! `communique analyze`: the analysis of each input, as JSON, JSONL or text.

use std::io::Write;

use anyhow::Result;

use crate::analysis::analyze;
use crate::cli::{AnalyzeArgs, Format, Outcome};
use crate::input;
use crate::output::{human, json};

pub(crate) fn run(args: &AnalyzeArgs, out: &mut dyn Write) -> Result<Outcome> {
    let lexicon = super::load_lexicon(&args.lexicon)?;
    // Read every input before writing anything, so a bad file among many
    // leaves stdout empty instead of holding part of the results.
    let inputs = super::paths(&args.paths)
        .into_iter()
        .map(input::read)
        .collect::<Result<Vec<_>>>()?;
    for (i, input) in inputs.iter().enumerate() {
        let doc = analyze(&input.text, &lexicon);
        match args.format {
            Format::Json => json::write_analysis(out, &input.name, &doc)?,
            Format::Jsonl => json::write_units(out, &input.name, &doc)?,
            Format::Text => {
                if i > 0 {
                    writeln!(out)?;
                }
                human::write_analysis(out, &input.name, &doc)?;
            }
        }
    }
    Ok(Outcome::Clean)
}
