//! The command line: clap types and dispatch. `main` parses a [`Cli`] and
//! calls [`run`]; each subcommand's glue lives in `cmd/<name>.rs`.
//!
//! `run` owns stdout: it locks it once, buffers it, and flushes before
//! returning, so a write error (a closed pipe) comes back as an error that
//! `main` can recognise instead of being dropped.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::cmd;

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  findings (reserved for `check` and `grep`)
  2  error: usage, unreadable or invalid input, invalid lexicon, I/O";

/// Who is speaking, and about what, in diplomatic readouts and joint statements.
#[derive(Debug, Parser)]
#[command(name = "communique", version, about, after_help = EXIT_CODES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Segment a text and tag each sentence with its speaker, topics and evidence.
    #[command(after_help = EXIT_CODES)]
    Analyze(AnalyzeArgs),
}

/// Arguments of `communique analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Input files; `-` or none reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Which lexicon to tag with.
    #[command(flatten)]
    pub lexicon: LexiconArgs,
}

/// The lexicon option shared by every subcommand that tags text.
#[derive(Debug, Args)]
pub struct LexiconArgs {
    /// Use this lexicon file (TOML) instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One JSON document per input, on one line.
    Json,
    /// One JSON object per unit, one per line.
    Jsonl,
    /// An aligned listing for people.
    Text,
}

/// How a successful run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Done; nothing to report.
    Clean,
    /// Done, and there were findings (`check`, `grep` without match).
    Findings,
}

impl Outcome {
    /// The process exit code for this outcome.
    pub fn exit_code(self) -> ExitCode {
        ExitCode::from(self.code())
    }

    /// The numeric exit code: 0 clean, 1 findings.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
        }
    }
}

/// Exit code for errors (usage, input, lexicon, I/O).
pub const ERROR_CODE: u8 = 2;

/// Run a parsed command line, writing results to stdout.
pub fn run(cli: &Cli) -> Result<Outcome> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let outcome = match &cli.command {
        Command::Analyze(args) => cmd::analyze::run(args, &mut out)?,
    };
    out.flush()?;
    Ok(outcome)
}

/// True when `err` was caused by writing to a closed pipe.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_map_to_documented_exit_codes() {
        assert_eq!(Outcome::Clean.code(), 0);
        assert_eq!(Outcome::Findings.code(), 1);
        assert_eq!(ERROR_CODE, 2);
    }

    #[test]
    fn broken_pipe_is_recognised_through_context() {
        let err = anyhow::Error::new(io::Error::from(io::ErrorKind::BrokenPipe)).context("writing");
        assert!(is_broken_pipe(&err));
        assert!(!is_broken_pipe(&anyhow::anyhow!("other")));
    }

    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
