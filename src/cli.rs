//! The command line: clap types and dispatch. `main` parses a [`Cli`] and
//! calls [`run`]; each subcommand's glue lives in `cmd/<name>.rs`.
//!
//! `run` owns stdout: it writes to it through a buffer of its own, not the
//! standard library's line buffering, and flushes before returning, so a
//! write error (a closed pipe) comes back as an error that `main` can
//! recognise instead of being dropped.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::cmd;

const EXIT_CODES: &str = "\
Exit codes:
  0  success; for `check`, no findings; for `grep`, a match
  1  `check` found problems; `grep` matched nothing; `lexicon --check` found problems
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
    /// Segment texts and tag each sentence with its speaker, topics and evidence.
    #[command(after_help = EXIT_CODES)]
    Analyze(AnalyzeArgs),
    /// Per speaker: sentences, words, share of the text, topics spoken on.
    #[command(after_help = EXIT_CODES)]
    Speakers(ReportArgs),
    /// Per topic: sentences by speaker, with the first evidence of each.
    #[command(after_help = EXIT_CODES)]
    Topics(ReportArgs),
    /// Speaker × topic sentence counts.
    #[command(after_help = EXIT_CODES)]
    Matrix(ReportArgs),
    /// Print the sentences that match filters; exit 1 when none does.
    #[command(after_help = EXIT_CODES)]
    Grep(GrepArgs),
    /// Compare two readouts of the same meeting.
    #[command(after_help = EXIT_CODES)]
    Compare(CompareArgs),
    /// CI gate: check texts against a stored expectation and/or a rules file.
    #[command(after_help = EXIT_CODES)]
    Check(CheckArgs),
    /// Score the analysis against gold files (ANNOTATION.md format).
    #[command(after_help = EXIT_CODES)]
    Eval(EvalArgs),
    /// Print the built-in lexicon, or check a lexicon file.
    #[command(after_help = EXIT_CODES)]
    Lexicon(LexiconCmdArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the man page (roff).
    Man,
}

/// Input texts and the lexicon to tag them with.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Input files, directories (searched for *.txt) or glob patterns; `-`
    /// or none reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,
    /// Which lexicon to tag with.
    #[command(flatten)]
    pub lexicon: LexiconArgs,
    /// How the inputs are read.
    #[command(flatten)]
    pub read: ReadArgs,
}

/// How input texts are read: what to do with invalid UTF-8, and how large
/// an input may be.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Replace invalid UTF-8 with U+FFFD instead of refusing the input, and
    /// say so on stderr. Offsets then refer to the decoded text, not the file.
    #[arg(long)]
    pub lossy: bool,
    /// Refuse an input larger than this: bytes, or with a K, M or G suffix
    /// (powers of 1024).
    #[arg(long, value_name = "N", default_value = "256M", value_parser = crate::input::parse_size)]
    pub max_bytes: u64,
}

impl ReadArgs {
    /// The options these flags give.
    pub fn options(&self) -> crate::input::ReadOptions {
        crate::input::ReadOptions {
            lossy: self.lossy,
            max_bytes: self.max_bytes,
        }
    }
}

/// Arguments of `communique analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AnalyzeFormat::Json)]
    pub format: AnalyzeFormat,
    /// What the inputs hold: plain text, or JSON lines of documents
    /// (`{"id": ..., "text": "..."}`, one a line), each analysed on its own
    /// with its `id` as the output's `source`: a map step for Spark's
    /// `RDD.pipe`, Hadoop Streaming or GNU parallel.
    #[arg(long = "input", value_name = "FORMAT", value_enum, default_value_t = InputFormat::Text)]
    pub input_format: InputFormat,
    /// When to colour text output.
    #[command(flatten)]
    pub color: ColorArgs,
}

/// What `analyze` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// Each input is one text.
    Text,
    /// Each input holds JSON lines `{"id": ..., "text": "..."}`.
    Jsonl,
}

/// Arguments of the report subcommands (`speakers`, `topics`, `matrix`).
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// When to colour text output.
    #[command(flatten)]
    pub color: ColorArgs,
}

/// Arguments of `communique grep`.
#[derive(Debug, Args)]
pub struct GrepArgs {
    /// The inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Keep sentences by this speaker (a party id, `joint`, or `none` for
    /// narration); repeat for several.
    #[arg(long, value_name = "ID")]
    pub speaker: Vec<String>,
    /// Keep sentences on this topic; repeat for several.
    #[arg(long, value_name = "ID")]
    pub topic: Vec<String>,
    /// Keep sentences with a tag decided by this rule (`explicit`,
    /// `coreference`, `joint`, `joint_statement`, `continuation`, `label`,
    /// `lexical`, `inherited`, `negated`).
    #[arg(long, value_name = "RULE", value_parser = RULES)]
    pub rule: Vec<String>,
    /// Keep sentences whose text matches this regular expression.
    #[arg(short = 'e', long = "regex", value_name = "REGEX")]
    pub regex: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GrepFormat::Text)]
    pub format: GrepFormat,
    /// When to colour text output.
    #[command(flatten)]
    pub color: ColorArgs,
}

/// The rule names `--rule` accepts.
pub const RULES: [&str; 9] = [
    "explicit",
    "coreference",
    "joint",
    "joint_statement",
    "continuation",
    "label",
    "lexical",
    "inherited",
    "negated",
];

/// Arguments of `communique compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The first readout (`-` for standard input).
    #[arg(value_name = "A")]
    pub a: String,
    /// The second readout.
    #[arg(value_name = "B")]
    pub b: String,
    /// Which lexicon to tag with.
    #[command(flatten)]
    pub lexicon: LexiconArgs,
    /// How the two readouts are read.
    #[command(flatten)]
    pub read: ReadArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
    pub format: CompareFormat,
    /// When to colour text output.
    #[command(flatten)]
    pub color: ColorArgs,
}

/// Arguments of `communique check`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("checks").required(true).multiple(true).args(["expect", "rules"]))]
pub struct CheckArgs {
    /// The inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Compare the analysis with this expectation file (one input only).
    #[arg(long, value_name = "FILE")]
    pub expect: Option<PathBuf>,
    /// Write the current analysis to the `--expect` file instead of checking it.
    #[arg(long, requires = "expect")]
    pub bless: bool,
    /// Check the analysis against the rules in this TOML file.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// When to colour text output.
    #[command(flatten)]
    pub color: ColorArgs,
}

/// Arguments of `communique eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Gold files (`.tsv`) or directories of them. Each names its text in a
    /// `# source: PATH` line, or has the `.txt` beside it.
    #[arg(value_name = "GOLD", required = true)]
    pub gold: Vec<PathBuf>,
    /// Which lexicon to tag with.
    #[command(flatten)]
    pub lexicon: LexiconArgs,
    /// List every disagreement as `gold:line: kind: message`.
    #[arg(long)]
    pub errors: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EvalFormat::Text)]
    pub format: EvalFormat,
    /// When to colour text output.
    #[command(flatten)]
    pub color: ColorArgs,
}

/// Formats of `eval`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    /// Tables for people.
    Text,
    /// One JSON document.
    Json,
}

/// Arguments of `communique lexicon`.
#[derive(Debug, Args)]
pub struct LexiconCmdArgs {
    /// Check this lexicon file: errors, duplicate and shadowed terms, and
    /// its examples. Without it, print the built-in lexicon.
    #[arg(long, value_name = "FILE")]
    pub check: Option<PathBuf>,
}

/// Arguments of `communique completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// The lexicon option shared by every subcommand that tags text.
#[derive(Debug, Args)]
pub struct LexiconArgs {
    /// Use this lexicon file (TOML) instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
}

/// The colour option of text output.
#[derive(Debug, Args)]
pub struct ColorArgs {
    /// Colour text output: `auto` colours on a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// When to colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether to colour, given whether stdout is a terminal and the value
    /// of NO_COLOR.
    pub fn enabled(self, terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal && no_color.is_none_or(|v| v.is_empty()),
        }
    }

    /// Whether to colour stdout now.
    pub fn for_stdout(self) -> bool {
        use std::io::IsTerminal;
        self.enabled(
            io::stdout().is_terminal(),
            std::env::var_os("NO_COLOR").as_deref(),
        )
    }
}

/// Formats of `analyze`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AnalyzeFormat {
    /// One JSON document per input, on one line.
    Json,
    /// One JSON object per unit, one per line.
    Jsonl,
    /// An aligned listing for people.
    Text,
    /// One self-contained HTML page (inline CSS and SVG, no scripts).
    Html,
}

/// Formats of the reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Aligned tables for people.
    Text,
    /// One JSON document per input.
    Json,
    /// One JSON object per row.
    Jsonl,
    /// CSV with a header row.
    Csv,
}

/// Formats of `grep`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GrepFormat {
    /// `path:line:col: [speaker] [topics] sentence`.
    Text,
    /// One JSON object per matching unit.
    Jsonl,
}

/// Formats of `compare`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    /// A readable report.
    Text,
    /// One JSON document.
    Json,
    /// One self-contained HTML page, the two texts side by side.
    Html,
}

/// Formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// `path:line:col: rule: message`.
    Text,
    /// One JSON document.
    Json,
    /// GitHub Actions annotations.
    Github,
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

/// Standard output, to be written to without the standard library's line
/// buffering: `Stdout` looks for the last newline of every write, which for
/// a JSON document (one line) is a scan of all of it (5.2M instructions, 6%
/// of a run on the 1 MB corpus). On Unix this is a duplicate of the
/// descriptor as a `File`; elsewhere, or when it cannot be duplicated,
/// `Stdout` itself. Nothing else writes to stdout, so nothing can be out of
/// order.
fn unbuffered_stdout() -> Box<dyn Write> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = io::stdout().as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    Box::new(io::stdout().lock())
}

/// Run a parsed command line, writing results to stdout.
pub fn run(cli: &Cli) -> Result<Outcome> {
    let mut out = BufWriter::new(unbuffered_stdout());
    let outcome = match &cli.command {
        Command::Analyze(args) => cmd::analyze::run(args, &mut out)?,
        Command::Speakers(args) => cmd::speakers::run(args, &mut out)?,
        Command::Topics(args) => cmd::topics::run(args, &mut out)?,
        Command::Matrix(args) => cmd::matrix::run(args, &mut out)?,
        Command::Grep(args) => cmd::grep::run(args, &mut out)?,
        Command::Compare(args) => cmd::compare::run(args, &mut out)?,
        Command::Check(args) => cmd::check::run(args, &mut out)?,
        Command::Eval(args) => cmd::eval::run(args, &mut out)?,
        Command::Lexicon(args) => cmd::lexicon::run(args, &mut out)?,
        Command::Completions(args) => {
            clap_complete::generate(args.shell, &mut Cli::command(), "communique", &mut out);
            Outcome::Clean
        }
        Command::Man => {
            clap_mangen::Man::new(Cli::command()).render(&mut out)?;
            Outcome::Clean
        }
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
        Cli::command().debug_assert();
    }

    #[test]
    fn color_auto_needs_a_terminal_and_no_no_color() {
        use std::ffi::OsStr;
        assert!(ColorChoice::Auto.enabled(true, None));
        assert!(ColorChoice::Auto.enabled(true, Some(OsStr::new(""))));
        assert!(!ColorChoice::Auto.enabled(true, Some(OsStr::new("1"))));
        assert!(!ColorChoice::Auto.enabled(false, None));
        assert!(ColorChoice::Always.enabled(false, Some(OsStr::new("1"))));
        assert!(!ColorChoice::Never.enabled(true, None));
    }
}
