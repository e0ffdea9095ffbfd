//! One module per subcommand: glue that reads inputs, calls the library and
//! picks a renderer. Logic belongs further down.

pub(crate) mod analyze;

use anyhow::{Context, Result};

use crate::cli::LexiconArgs;
use crate::lexicon::Lexicon;

/// The lexicon the user asked for: `--lexicon FILE` or the built-in one.
pub(crate) fn load_lexicon(args: &LexiconArgs) -> Result<Lexicon> {
    let Some(path) = &args.lexicon else {
        return Ok(Lexicon::builtin());
    };
    let source =
        std::fs::read_to_string(path).with_context(|| format!("lexicon {}", path.display()))?;
    Lexicon::parse(&source).with_context(|| format!("lexicon {}", path.display()))
}

/// The input paths, with none meaning stdin.
pub(crate) fn paths(given: &[String]) -> Vec<&str> {
    if given.is_empty() {
        vec!["-"]
    } else {
        given.iter().map(String::as_str).collect()
    }
}
