//! `communique lexicon`: print the built-in lexicon, or check a file with
//! `--check` (errors, duplicate and shadowed terms, and its examples), each
//! problem as a finding.

use std::io::Write;

use anyhow::{Context, Result};

use crate::cli::{LexiconCmdArgs, Outcome};
use crate::examples;
use crate::finding::Finding;
use crate::lexicon::{self, BUILTIN, Lexicon};
use crate::output::human;

pub(crate) fn run(args: &LexiconCmdArgs, out: &mut dyn Write) -> Result<Outcome> {
    let Some(path) = &args.check else {
        out.write_all(BUILTIN.as_bytes())?;
        return Ok(Outcome::Clean);
    };
    let source =
        std::fs::read_to_string(path).with_context(|| format!("lexicon {}", path.display()))?;
    let name = path.display().to_string();
    let finding = |line, column, rule: &str, message: String| Finding {
        source: name.clone(),
        line,
        column,
        rule: rule.to_owned(),
        message,
    };
    // An invalid lexicon is an error (exit 2), as everywhere else; a valid
    // one's weaknesses are findings (exit 1).
    let lexicon = Lexicon::parse(&source).with_context(|| format!("lexicon {name}"))?;
    let mut findings = Vec::new();
    if let Ok(problems) = lexicon::lint(&source) {
        findings.extend(
            problems
                .into_iter()
                .map(|p| finding(p.line, p.column, "term", p.message)),
        );
    }
    findings.extend(examples::run(&lexicon).into_iter().map(|f| {
        finding(
            f.line,
            1,
            "example",
            format!("{}: {:?} gave {}", f.expected, f.example, f.got),
        )
    }));
    findings.sort();
    human::write_findings(out, &human::Paint::new(false), &findings, false)?;
    Ok(if findings.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}
