//! `communique compare A B`: two readouts of the same meeting side by side.

use std::io::Write;

use anyhow::Result;

use crate::analysis::analyze;
use crate::cli::{CompareArgs, CompareFormat, Outcome};
use crate::input;
use crate::output::{html, human, json};
use crate::report;

pub(crate) fn run(args: &CompareArgs, out: &mut dyn Write) -> Result<Outcome> {
    let lexicon = super::load_lexicon(&args.lexicon)?;
    let options = args.read.options();
    let a = input::read_with(&args.a, options)?;
    let b = input::read_with(&args.b, options)?;
    super::report_replacement(&a);
    super::report_replacement(&b);
    let (doc_a, doc_b) = rayon::join(|| analyze(&a.text, lexicon), || analyze(&b.text, lexicon));
    let comparison = report::compare(&doc_a, &doc_b);
    let sides = ((a.name.as_str(), &doc_a), (b.name.as_str(), &doc_b));
    match args.format {
        CompareFormat::Text => {
            let paint = human::Paint::new(args.color.color.for_stdout());
            human::write_comparison(out, &paint, sides.0, sides.1, &comparison)?;
        }
        CompareFormat::Json => json::write_comparison(out, sides.0, sides.1, &comparison)?,
        CompareFormat::Html => {
            html::write_comparison(out, lexicon, sides.0, sides.1, &comparison)?;
        }
    }
    Ok(Outcome::Clean)
}
