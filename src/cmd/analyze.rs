//! `communique analyze`: the analysis of each input, as JSON, JSONL or text.

use std::io::Write;

use anyhow::Result;

use crate::analysis::analyze;
use crate::cli::{AnalyzeArgs, Format, Outcome};
use crate::input;
use crate::output::{human, json};

pub(crate) fn run(args: &AnalyzeArgs, out: &mut dyn Write) -> Result<Outcome> {
    let lexicon = super::load_lexicon(&args.lexicon)?;
    for path in super::paths(&args.paths) {
        let input = input::read(path)?;
        let doc = analyze(&input.text, &lexicon);
        match args.format {
            Format::Json => json::write_analysis(out, &input.name, &doc)?,
            Format::Jsonl => json::write_units(out, &input.name, &doc)?,
            Format::Text => human::write_analysis(out, &input.name, &doc)?,
        }
    }
    Ok(Outcome::Clean)
}
