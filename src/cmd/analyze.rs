//! `communique analyze`: the analysis of each input, as JSON, JSONL, text or
//! one HTML page.

use std::io::{self, Write};

use anyhow::Result;

use super::Batch;
use crate::analysis::{analyze, analyze_paragraphs};
use crate::cli::{AnalyzeArgs, AnalyzeFormat, InputFormat, Outcome};
use crate::document::Document;
use crate::input;
use crate::output::{html, human, json};
use crate::segment;

pub(crate) fn run(args: &AnalyzeArgs, out: &mut dyn Write) -> Result<Outcome> {
    let mut batch = Batch::load(&args.input)?;
    if args.input_format == InputFormat::Jsonl {
        // A document stream: every record is an input of its own.
        let mut documents = Vec::new();
        for input in &batch.inputs {
            documents.extend(input::records(input)?);
        }
        batch.inputs = documents;
    }
    if args.format == AnalyzeFormat::Html {
        // One page for the whole batch: several inputs become articles of
        // one file, since stdout is one file.
        let docs = batch.analyze();
        let named: Vec<_> = batch
            .inputs
            .iter()
            .map(|i| i.name.as_str())
            .zip(&docs)
            .collect();
        html::write_analysis(out, batch.lexicon, &named)?;
        return Ok(Outcome::Clean);
    }
    let paint = human::Paint::new(args.color.color.for_stdout());
    let render = |out: &mut dyn Write, name: &str, doc: &Document<'_>| match args.format {
        AnalyzeFormat::Json => json::write_analysis(out, name, doc),
        AnalyzeFormat::Jsonl => json::write_units(out, name, doc),
        AnalyzeFormat::Text | AnalyzeFormat::Html => human::write_analysis(out, &paint, name, doc),
    };
    if let [input] = &batch.inputs[..] {
        // One input: straight to stdout, never the whole output in memory;
        // JSON lines and the JSON document are written a paragraph at a
        // time as it is analysed, so not even the whole analysis is.
        if args.format == AnalyzeFormat::Jsonl {
            let mut lines = json::UnitLines::new(out, &input.name, &input.text);
            analyze_paragraphs(&input.text, batch.lexicon, |doc, p| {
                lines.paragraph(doc, p, |_| true)
            })?;
            lines.finish()?;
        } else if args.format == AnalyzeFormat::Json {
            // The structure and repairs go before the paragraphs: a pass of
            // segmentation finds them first.
            let outline = segment::outline(&input.text);
            let mut json = json::AnalysisJson::new(out, &input.name, &outline)?;
            drop(outline);
            analyze_paragraphs(&input.text, batch.lexicon, |doc, p| json.paragraph(doc, p))?;
            json.finish()?;
        } else {
            render(out, &input.name, &analyze(&input.text, batch.lexicon))?;
        }
        return Ok(Outcome::Clean);
    }
    // Many inputs: each is analysed and rendered into its own buffer in
    // parallel, and the buffers are written in input order.
    let mut first = true;
    batch.map_in_order(
        |input, doc| -> io::Result<Vec<u8>> {
            let mut buf = Vec::with_capacity(input.text.len() * 5);
            render(&mut buf, &input.name, &doc)?;
            Ok(buf)
        },
        |buf| -> io::Result<()> {
            if !first && args.format == AnalyzeFormat::Text {
                writeln!(out)?;
            }
            first = false;
            out.write_all(&buf?)
        },
    )?;
    Ok(Outcome::Clean)
}
