//! A finding of `check` or `lexicon --check`: a place and what is wrong
//! there. Findings are data, not errors: they end a run with exit 1.

/// One problem found, at a 1-based line and column of a source.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// The input's name, as given.
    pub source: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in chars.
    pub column: usize,
    /// The rule or check that found it (`expect`, a rule id, `lexicon`).
    pub rule: String,
    /// What is wrong, lower-case, no trailing period.
    pub message: String,
}
