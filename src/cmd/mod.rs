//! One module per subcommand: glue that reads inputs, calls the library and
//! picks a renderer. Logic belongs further down. Shared here: loading the
//! lexicon, expanding input paths (files, directories, globs, stdin), and
//! analysing a batch in parallel with output in input order.
//!
//! A batch is read whole before anything is analysed or written, so a bad
//! input anywhere leaves stdout empty; each input is bounded by
//! `--max-bytes`, so memory is bounded by the batch's size (see
//! docs/reliability.md for the measured factor).

pub(crate) mod analyze;
pub(crate) mod check;
pub(crate) mod compare;
pub(crate) mod eval;
pub(crate) mod grep;
pub(crate) mod lexicon;
pub(crate) mod matrix;
pub(crate) mod speakers;
pub(crate) mod topics;

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

use crate::analysis::analyze;
use crate::cli::{InputArgs, LexiconArgs};
use crate::document::Document;
use crate::input::{self, Input};
use crate::lexicon::Lexicon;

/// A progress bar is shown on a terminal for batches at least this large.
const PROGRESS_MIN_INPUTS: usize = 50;

/// The lexicon the user asked for: `--lexicon FILE` or the built-in one.
///
/// Kept for the rest of the process, as ids are (`id.rs`): a command loads
/// one lexicon and uses it until it exits, and freeing its few thousand
/// allocations on the way out was 0.5M of the 3.7M instructions of a run
/// on one sentence, for memory the process gives back whole anyway.
pub(crate) fn load_lexicon(args: &LexiconArgs) -> Result<&'static Lexicon> {
    let lexicon = match &args.lexicon {
        None => Lexicon::builtin(),
        Some(path) => {
            let source = std::fs::read_to_string(path)
                .with_context(|| format!("lexicon {}", path.display()))?;
            Lexicon::parse(&source).with_context(|| format!("lexicon {}", path.display()))?
        }
    };
    Ok(Box::leak(Box::new(lexicon)))
}

/// Expand what the user gave into input paths, in order: `-` (or nothing)
/// is stdin, a directory gives its `*.txt` files recursively in path order,
/// a pattern with `*`, `?` or `[` that names no file is a glob.
pub(crate) fn expand(given: &[String]) -> Result<Vec<String>> {
    if given.is_empty() {
        return Ok(vec!["-".to_owned()]);
    }
    let mut paths = Vec::new();
    for arg in given {
        let path = Path::new(arg);
        if arg == "-" || path.is_file() {
            paths.push(arg.clone());
        } else if path.is_dir() {
            // Sorted once as strings below: walkdir's own sort compares
            // parsed file names, 1% of a run over 1,680 small files.
            let mut found: Vec<String> = walkdir::WalkDir::new(path)
                .into_iter()
                .filter_map(|entry| entry.ok())
                .filter(|e| e.file_type().is_file())
                .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
                .map(|e| e.path().display().to_string())
                .collect();
            found.sort();
            if found.is_empty() {
                // As a glob that matches nothing: an empty run would pass a
                // CI gate while checking nothing.
                bail!("{arg}: directory has no *.txt files");
            }
            paths.extend(found);
        } else if arg.contains(['*', '?', '[']) {
            let pattern = glob::glob(arg).with_context(|| format!("pattern {arg}"))?;
            let mut found: Vec<String> = pattern
                .filter_map(|p| p.ok())
                .filter(|p| p.is_file())
                .map(|p| p.display().to_string())
                .collect();
            if found.is_empty() {
                bail!("{arg}: pattern matches no files");
            }
            found.sort();
            paths.extend(found);
        } else {
            // Not there: reading it gives the error that names it.
            paths.push(arg.clone());
        }
    }
    Ok(paths)
}

/// With `--lossy`, one line on stderr for an input whose invalid UTF-8 was
/// replaced, saying where and how much.
pub(crate) fn report_replacement(input: &Input) {
    if let Some(r) = input.replaced {
        // Ignored if stderr is gone: the analysis is still right.
        let _ = writeln!(
            std::io::stderr(),
            "communique: {}: invalid UTF-8 at byte {} replaced with U+FFFD \
             ({} replacement{}); offsets refer to the decoded text",
            input.name,
            r.first_byte,
            r.count,
            if r.count == 1 { "" } else { "s" }
        );
    }
}

/// How many inputs [`Batch::map_in_order`] analyses in parallel before
/// handing their results on: enough to keep every thread busy, few enough
/// that their rendered output stays small.
const MAP_CHUNK: usize = 64;

/// Inputs read and decoded, and the lexicon to tag them with. Every input is
/// read before any output is written, so a bad file leaves stdout empty.
pub(crate) struct Batch {
    pub(crate) lexicon: &'static Lexicon,
    pub(crate) inputs: Vec<Input>,
}

impl Batch {
    /// Load the lexicon and read every input named by `args`. With
    /// `--lossy`, each input whose invalid UTF-8 was replaced gets one line
    /// on stderr saying where and how much.
    pub(crate) fn load(args: &InputArgs) -> Result<Batch> {
        let options = args.read.options();
        let paths = expand(&args.paths)?;
        // The lexicon compiles while the inputs are read, and the inputs are
        // read in parallel: with many small files, these serial steps would
        // otherwise cap what a second thread gives. Errors are reported in
        // input order, whichever thread met them first. One input with the
        // built-in lexicon is read on this thread: starting the pool cost
        // more (0.35 ms) than that lexicon takes to load from its snapshot.
        let (lexicon, inputs) = if let [path] = &paths[..]
            && args.lexicon.lexicon.is_none()
        {
            (
                load_lexicon(&args.lexicon),
                vec![input::read_with(path, options)],
            )
        } else {
            rayon::join(
                || load_lexicon(&args.lexicon),
                || {
                    paths
                        .par_iter()
                        .map(|p| input::read_with(p, options))
                        .collect::<Vec<_>>()
                },
            )
        };
        let lexicon = lexicon?;
        let inputs = inputs.into_iter().collect::<Result<Vec<_>>>()?;
        inputs.iter().for_each(report_replacement);
        Ok(Batch { lexicon, inputs })
    }

    /// Analyse every input, in parallel, returning documents in input order.
    /// A progress bar goes to stderr for large batches on a terminal.
    pub(crate) fn analyze(&self) -> Vec<Document<'_>> {
        self.map(|_, doc| doc)
    }

    /// Analyse every input and apply `f` to it, in parallel, returning the
    /// results in input order (so rendering can run in parallel too). A
    /// progress bar goes to stderr for large batches on a terminal.
    pub(crate) fn map<'b, T: Send>(
        &'b self,
        f: impl Fn(&'b Input, Document<'b>) -> T + Sync,
    ) -> Vec<T> {
        let mut results = Vec::with_capacity(self.inputs.len());
        self.map_in_order(f, |result| {
            results.push(result);
            Ok::<(), std::convert::Infallible>(())
        })
        .unwrap_or_else(|never| match never {});
        results
    }

    /// Analyse every input and apply `f` to it in parallel, and hand each
    /// result to `sink` in input order, a chunk of inputs at a time: memory
    /// holds one chunk's results, not the whole batch's, and freed buffers
    /// are reused instead of new pages faulted in. Stops at the first error
    /// of `sink`. A progress bar goes to stderr for large batches on a
    /// terminal.
    pub(crate) fn map_in_order<'b, T: Send, E>(
        &'b self,
        f: impl Fn(&'b Input, Document<'b>) -> T + Sync,
        mut sink: impl FnMut(T) -> Result<(), E>,
    ) -> Result<(), E> {
        let progress =
            if self.inputs.len() >= PROGRESS_MIN_INPUTS && std::io::stderr().is_terminal() {
                indicatif::ProgressBar::new(self.inputs.len() as u64)
            } else {
                indicatif::ProgressBar::hidden()
            };
        for chunk in self.inputs.chunks(MAP_CHUNK) {
            let results: Vec<T> = chunk
                .par_iter()
                .map(|input| {
                    let result = f(input, analyze(&input.text, self.lexicon));
                    progress.inc(1);
                    result
                })
                .collect();
            results.into_iter().try_for_each(&mut sink)?;
        }
        progress.finish_and_clear();
        Ok(())
    }
}
