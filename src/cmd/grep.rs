//! `communique grep`: the units that pass every filter; exit 1 when none does.

use std::io::Write;

use anyhow::{Result, anyhow, bail};
use regex::Regex;

use super::Batch;
use crate::cli::{GrepArgs, GrepFormat, Outcome};
use crate::output::{human, json};
use crate::report::{self, Filter};

pub(crate) fn run(args: &GrepArgs, out: &mut dyn Write) -> Result<Outcome> {
    let pattern = args
        .regex
        .as_deref()
        .map(|re| {
            // The regex crate's message spans lines; keep its last, the cause.
            Regex::new(re).map_err(|e| {
                let text = e.to_string();
                let cause = text.lines().last().unwrap_or("invalid").trim();
                anyhow!("--regex {re:?}: {}", cause.trim_start_matches("error: "))
            })
        })
        .transpose()?;
    let filter = Filter {
        speakers: args.speaker.clone(),
        topics: args.topic.clone(),
        rules: args.rule.clone(),
        pattern,
    };
    let batch = Batch::load(&args.input)?;
    // An id the lexicon does not know would silently match nothing.
    let lexicon = batch.lexicon;
    let parties: Vec<&str> = lexicon.parties.iter().map(|p| &*p.id).collect();
    for speaker in &args.speaker {
        if !(parties.contains(&speaker.as_str()) || speaker == "joint" || speaker == "none") {
            bail!(
                "--speaker {speaker:?}: not a speaker of the lexicon (one of: {}, joint, none)",
                parties.join(", ")
            );
        }
    }
    for topic in &args.topic {
        if !lexicon.topics.iter().any(|t| *t.id == **topic) {
            let topics: Vec<&str> = lexicon.topics.iter().map(|t| &*t.id).collect();
            bail!(
                "--topic {topic:?}: not a topic of the lexicon (one of: {})",
                topics.join(", ")
            );
        }
    }
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
