//! `communique eval GOLD...`: score the analysis against gold files.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};

use crate::analysis::analyze;
use crate::cli::{EvalArgs, EvalFormat, Outcome};
use crate::eval::{self, Evaluation, Scored};
use crate::input;
use crate::output::{human, json};

/// The topics always scored, whether or not a gold file uses them.
const CORE_TOPICS: [&str; 4] = ["exchanges", "peninsula", "taiwan", "trade"];

/// Gold files named by `given`: files as they are, directories searched
/// for `*.tsv`, in path order.
fn gold_paths(given: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in given {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_file())
                .filter(|e| e.path().extension().is_some_and(|x| x == "tsv"))
                .map(|e| e.path().to_path_buf())
                .collect();
            found.sort();
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    out
}

/// The text a gold file labels: its `# source:` path as given, or relative
/// to the gold file's directory and its ancestors; else the `.txt` beside it.
fn source_of(gold_path: &Path, declared: Option<&str>) -> Result<PathBuf> {
    let Some(declared) = declared else {
        let beside = gold_path.with_extension("txt");
        return if beside.is_file() {
            Ok(beside)
        } else {
            Err(anyhow!(
                "no `# source:` line and no {} beside it",
                beside.display()
            ))
        };
    };
    let direct = PathBuf::from(declared);
    if direct.is_file() {
        return Ok(direct);
    }
    gold_path
        .ancestors()
        .skip(1)
        .map(|dir| dir.join(declared))
        .find(|p| p.is_file())
        .ok_or_else(|| anyhow!("source {declared} not found"))
}

pub(crate) fn run(args: &EvalArgs, out: &mut dyn Write) -> Result<Outcome> {
    let lexicon = super::load_lexicon(&args.lexicon)?;
    let mut loaded = Vec::new();
    for path in gold_paths(&args.gold) {
        let name = path.display().to_string();
        let content = std::fs::read_to_string(&path).with_context(|| format!("gold {name}"))?;
        let gold = eval::parse(&content)
            .map_err(|e| anyhow!(e))
            .with_context(|| format!("gold {name}"))?;
        let source =
            source_of(&path, gold.source.as_deref()).with_context(|| format!("gold {name}"))?;
        let text = input::read(&source.display().to_string())?;
        loaded.push((name, text, gold));
    }
    let mut topics: BTreeSet<String> = CORE_TOPICS.iter().map(|t| (*t).to_owned()).collect();
    for (_, _, gold) in &loaded {
        topics.extend(gold.units.iter().flat_map(|u| u.topics.iter().cloned()));
    }
    let scored: Vec<Scored> = loaded
        .iter()
        .map(|(name, text, gold)| {
            let doc = analyze(&text.text, lexicon);
            Scored {
                gold: name.clone(),
                source: text.name.clone(),
                units: gold.units.len(),
                evaluation: eval::evaluate(&doc, gold, &topics),
            }
        })
        .collect();
    let mut total = Evaluation::default();
    for s in &scored {
        total.add(&s.evaluation);
    }
    match args.format {
        EvalFormat::Text => {
            let paint = human::Paint::new(args.color.color.for_stdout());
            human::write_eval(out, &paint, &scored, &total, args.errors)?;
        }
        EvalFormat::Json => json::write_eval(out, &scored, &total)?,
    }
    Ok(Outcome::Clean)
}
