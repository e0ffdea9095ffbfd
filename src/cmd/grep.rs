//! `communique grep`: the units that pass every filter; exit 1 when none does.

use std::io::Write;

use anyhow::{Context, Result};
use regex::Regex;

use super::Batch;
use crate::cli::{GrepArgs, GrepFormat, Outcome};
use crate::output::{human, json};
use crate::report::{self, Filter};

pub(crate) fn run(args: &GrepArgs, out: &mut dyn Write) -> Result<Outcome> {
    let pattern = args
        .regex
        .as_deref()
        .map(|re| Regex::new(re).with_context(|| format!("--regex {re:?}")))
        .transpose()?;
    let filter = Filter {
        speakers: args.speaker.clone(),
        topics: args.topic.clone(),
        rules: args.rule.clone(),
        pattern,
    };
    let batch = Batch::load(&args.input)?;
    let paint = human::Paint::new(args.color.color.for_stdout());
    let mut matched = false;
    for (input, doc) in batch.inputs.iter().zip(batch.analyze()) {
        let units = report::grep(&doc, &filter);
        matched |= !units.is_empty();
        match args.format {
            GrepFormat::Text => human::write_grep(out, &paint, &input.name, &doc, &units)?,
            GrepFormat::Jsonl => {
                json::write_units_where(out, &input.name, &doc, |u| filter.keeps(&doc, u))?
            }
        }
    }
    Ok(if matched {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}
