//! `communique matrix`: speaker × topic counts of each input.

use std::collections::BTreeSet;
use std::io::Write;

use anyhow::Result;

use super::Batch;
use crate::cli::{Outcome, ReportArgs, ReportFormat};
use crate::output::{csv, human, json};
use crate::report;

pub(crate) fn run(args: &ReportArgs, out: &mut dyn Write) -> Result<Outcome> {
    let batch = Batch::load(&args.input)?;
    let paint = human::Paint::new(args.color.color.for_stdout());
    let docs = batch.analyze();
    let matrices: Vec<report::Matrix> = docs.iter().map(report::matrix).collect();
    // CSV has one header for all inputs: the union of their topic columns,
    // "no topic" last.
    let named: BTreeSet<&String> = matrices
        .iter()
        .flat_map(|m| m.topics.iter().flatten())
        .collect();
    let mut columns: Vec<Option<String>> = named.into_iter().cloned().map(Some).collect();
    if matrices.iter().any(|m| m.topics.contains(&None)) {
        columns.push(None);
    }
    for (i, (input, matrix)) in batch.inputs.iter().zip(&matrices).enumerate() {
        match args.format {
            ReportFormat::Text => {
                if i > 0 {
                    writeln!(out)?;
                }
                human::write_matrix(out, &paint, &input.name, matrix)?;
            }
            ReportFormat::Json => json::write_matrix(out, &input.name, matrix)?,
            ReportFormat::Jsonl => json::write_matrix_rows(out, &input.name, matrix)?,
            ReportFormat::Csv => csv::write_matrix(out, &input.name, matrix, &columns, i == 0)?,
        }
    }
    Ok(Outcome::Clean)
}
