//! `communique check`: the CI gate. Compares each input's analysis with a
//! stored expectation (`--expect`, written by `--bless`) and/or evaluates a
//! rules file (`--rules`); findings end the run with exit 1.

use std::fs;
use std::io::Write;

use anyhow::{Context, Result, bail};

use super::Batch;
use crate::cli::{CheckArgs, CheckFormat, Outcome};
use crate::expect::{self, Expectation};
use crate::output::{human, json};
use crate::rules;

pub(crate) fn run(args: &CheckArgs, out: &mut dyn Write) -> Result<Outcome> {
    let batch = Batch::load(&args.input)?;
    let rules = match &args.rules {
        Some(path) => {
            let source =
                fs::read_to_string(path).with_context(|| format!("rules {}", path.display()))?;
            rules::parse(&source, batch.lexicon)
                .with_context(|| format!("rules {}", path.display()))?
        }
        None => Vec::new(),
    };
    if args.expect.is_some() && batch.inputs.len() != 1 {
        bail!(
            "--expect takes exactly one input, got {}",
            batch.inputs.len()
        );
    }
    let docs = batch.analyze();
    let mut findings = Vec::new();
    for (input, doc) in batch.inputs.iter().zip(&docs) {
        let first = findings.len();
        if let Some(path) = &args.expect {
            let actual = expect::snapshot(&input.name, doc);
            if args.bless {
                let mut text = serde_json::to_string_pretty(&actual)?;
                text.push('\n');
                fs::write(path, text).with_context(|| format!("expectation {}", path.display()))?;
                // A diagnostic, not a result: stderr, and never fatal.
                let _ = writeln!(
                    std::io::stderr(),
                    "communique: wrote {} ({} units)",
                    path.display(),
                    actual.units.len()
                );
            } else {
                let stored = fs::read_to_string(path)
                    .with_context(|| format!("expectation {}", path.display()))?;
                let expected: Expectation = serde_json::from_str(&stored)
                    .with_context(|| format!("expectation {}", path.display()))?;
                findings.extend(expect::diff(&input.name, &expected, &actual));
            }
        }
        findings.extend(rules::evaluate(&input.name, doc, &rules));
        // In text order within each input; inputs stay in the order given.
        findings[first..].sort_by_key(|f| (f.line, f.column));
    }
    match args.format {
        CheckFormat::Text | CheckFormat::Github => {
            let paint = human::Paint::new(args.color.color.for_stdout());
            human::write_findings(out, &paint, &findings, args.format == CheckFormat::Github)?;
        }
        CheckFormat::Json => json::write_check(out, batch.inputs.len(), &findings)?,
    }
    Ok(if findings.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}
