//! Fuzz the lexicon loader: any string either compiles into a lexicon or is
//! refused with located problems (line and column at least 1), and a
//! lexicon that compiles can scan and analyse text without panicking.
#![no_main]

use communique::analysis::analyze;
use communique::lexicon::Lexicon;
use libfuzzer_sys::fuzz_target;

const PROBE: &str =
    "China, ROK hold talks\n\nThe Chinese side said the two sides agreed on trade. It added more.";

fuzz_target!(|source: &str| {
    match Lexicon::parse(source) {
        Ok(lexicon) => {
            let _ = analyze(PROBE, &lexicon);
            let _ = analyze(source, &lexicon);
        }
        Err(e) => {
            assert!(
                !e.problems.is_empty(),
                "an error names at least one problem"
            );
            for p in &e.problems {
                assert!(p.line >= 1 && p.column >= 1, "located: {p:?}");
                assert!(
                    !p.message.is_empty() && !p.message.contains('\n'),
                    "one line: {p:?}"
                );
            }
        }
    }
    if let Ok(problems) = communique::lexicon::lint(source) {
        assert!(problems.iter().all(|p| p.line >= 1 && p.column >= 1));
    }
});
