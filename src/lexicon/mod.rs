//! The lexicon: parties and their aliases, joint cues, reporting verbs, and
//! topics with their terms, patterns and guards.
//!
//! Loading has two stages. [`LexiconFile`] mirrors the TOML file with serde
//! (`deny_unknown_fields`, spans kept for error messages); [`Lexicon::compile`]
//! checks it (ids unique and non-empty, terms non-empty, regexes valid) and
//! builds the matchers, returning every problem with its line and column.
//! A [`Lexicon`] cannot be invalid: nothing downstream checks again.
//!
//! Matching ([`Lexicon::scan`]) is one pass per sentence: a byte trie of all
//! literal terms, ASCII case-insensitive, walked from each word start (see
//! `matcher.rs`), with terms such as `ROK` then checked for their exact
//! case; plus the topic regexes, each compiled once and run only on
//! sentences holding the literal its matches need (`pattern.rs`). A hit
//! counts only on word boundaries; overlapping hits resolve leftmost-longest,
//! so `one-China principle` hides the party `China`, and a guard such as
//! `exchange of views` hides the topic term inside it.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::document::{Id, LineIndex, Paragraph, Span};
use lent::Lent;
use matcher::{Terms, on_word_boundaries};
use pattern::{Pattern, PatternError};

/// The built-in lexicon's source text: the hand-written `default.toml`
/// followed by `countries.toml`, the UN member and observer states and the
/// EU, generated from the `world-countries` dataset by
/// `scripts/countries/generate.py` (see `COUNTRIES.md`).
pub const BUILTIN: &str = concat!(
    include_str!("default.toml"),
    "\n",
    include_str!("countries.toml")
);

/// The lexicon file, as written (stage one).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconFile {
    #[serde(default)]
    party: Vec<PartyEntry>,
    #[serde(default)]
    joint: CueEntry,
    #[serde(default)]
    verbs: CueEntry,
    #[serde(default)]
    anaphora: CueEntry,
    #[serde(default)]
    titles: CueEntry,
    #[serde(default)]
    pronouns: PronounEntry,
    #[serde(default)]
    narration: CueEntry,
    #[serde(default)]
    joint_statement: TitleEntry,
    #[serde(default)]
    topic: Vec<TopicEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PartyEntry {
    id: Spanned<String>,
    name: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    exact: Vec<Spanned<String>>,
    #[serde(default)]
    guards: Vec<Spanned<String>>,
    #[serde(default)]
    examples: Vec<Spanned<String>>,
    #[serde(default)]
    counterexamples: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CueEntry {
    #[serde(default)]
    terms: Vec<Spanned<String>>,
    #[serde(default)]
    guards: Vec<Spanned<String>>,
    #[serde(default)]
    exact: Vec<Spanned<String>>,
    #[serde(default)]
    examples: Vec<Spanned<String>>,
    #[serde(default)]
    counterexamples: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PronounEntry {
    #[serde(default)]
    singular: Vec<Spanned<String>>,
    #[serde(default)]
    plural: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TitleEntry {
    #[serde(default)]
    titles: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicEntry {
    id: Spanned<String>,
    name: Spanned<String>,
    #[serde(default)]
    terms: Vec<Spanned<String>>,
    #[serde(default)]
    exact: Vec<Spanned<String>>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    guards: Vec<Spanned<String>>,
    #[serde(default)]
    examples: Vec<Spanned<String>>,
    #[serde(default)]
    counterexamples: Vec<Spanned<String>>,
}

/// One problem in a lexicon file, with its 1-based line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in chars.
    pub column: usize,
    /// What is wrong, lower-case, no trailing period.
    pub message: String,
}

/// Every problem found in a lexicon file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexiconError {
    /// The problems, in file order.
    pub problems: Vec<Problem>,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{}:{}: {}", p.line, p.column, p.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for LexiconError {}

/// What a lexicon term stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Target {
    /// A mention of the party at this index of [`Lexicon::parties`].
    Party(usize),
    /// A joint cue ("the two sides").
    Joint,
    /// A reporting or position verb.
    Verb,
    /// A phrase pointing back to the previous sentence's subject.
    Anaphor,
    /// An official's title used alone ("the Deputy Secretary"): refers to
    /// the party of the last official named with that title.
    Title,
    /// A personal pronoun: singular ("he") refers to the last single-party
    /// speaker, plural ("they") to the last joint one.
    Pronoun {
        /// "they" rather than "he"/"she".
        plural: bool,
    },
    /// A framing cue ("Begin Text.", "The following is"): the sentence is
    /// the reporter's, whoever it mentions.
    Narration,
    /// A term of the topic at this index of [`Lexicon::topics`].
    Topic(usize),
    /// A guard: text that hides the terms it overlaps.
    Guard,
}

/// A term found in a text, sentence-relative until shifted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Where it is.
    pub span: Span,
    /// What it stands for.
    pub target: Target,
}

/// A party: a country or organisation that can speak.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// Lowercase short id (`china`, `rok`).
    pub id: Id,
    /// Display name.
    pub name: String,
}

/// A topic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    /// Lowercase id (`taiwan`).
    pub id: Id,
    /// Display name.
    pub name: String,
}

/// Examples and counterexamples of one cue, for the example runner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CueExamples {
    /// Which cue: what it should produce.
    pub expects: Expectation,
    /// The file line of each example.
    pub examples: Vec<(usize, String)>,
    /// The file line of each counterexample.
    pub counterexamples: Vec<(usize, String)>,
}

/// A lexicon's cue examples: its own, or the built-in snapshot's bytes of
/// them, read when first asked for. Only `lexicon --check` and the tests
/// ask, and reading them was 78 µs of every start (2,000 strings).
#[derive(Clone)]
struct Examples {
    read: OnceLock<Vec<CueExamples>>,
    /// The examples as the snapshot holds them (postcard), until read.
    encoded: Option<Lent>,
}

/// The examples if read, else the size of their encoding, not its bytes.
impl fmt::Debug for Examples {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.read.get(), &self.encoded) {
            (Some(read), _) => read.fmt(f),
            (None, Some(encoded)) => write!(f, "<{} bytes, not read yet>", encoded.len()),
            (None, None) => f.write_str("[]"),
        }
    }
}

impl Examples {
    fn new(examples: Vec<CueExamples>) -> Examples {
        Examples {
            read: OnceLock::from(examples),
            encoded: None,
        }
    }

    /// Examples to read from `encoded`, a snapshot's bytes of them.
    fn encoded(encoded: Lent) -> Examples {
        Examples {
            read: OnceLock::new(),
            encoded: Some(encoded),
        }
    }

    fn get(&self) -> &[CueExamples] {
        self.read.get_or_init(|| {
            // The snapshot's bytes were written by the tests from the same
            // source (its hash is checked at load); should they not read
            // back, the source itself is compiled again for its examples.
            self.encoded
                .as_deref()
                .and_then(|bytes| postcard::from_bytes(bytes).ok())
                .unwrap_or_else(|| Lexicon::builtin_from_source().examples().to_vec())
        })
    }
}

/// What a cue's examples should produce.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Expectation {
    /// The sentence's speaker is this party id.
    Speaker(String),
    /// The sentence's speaker is `joint`.
    Joint,
    /// The sentence has this topic id.
    Topic(String),
}

/// Working memory for [`UnitHits::scan_paragraph`], kept between calls.
#[derive(Debug, Default)]
pub struct Scratch {
    /// For each topic pattern, whether the paragraph being scanned holds
    /// the literal its matches need (or it needs none).
    possible: Vec<bool>,
}

/// A validated, compiled lexicon (stage two). Not `Deserialize`: that would
/// let any bytes make one; the built-in snapshot goes through
/// `snapshot.rs`, which reads only what the tests wrote.
#[derive(Clone, Debug)]
pub struct Lexicon {
    /// The parties, in file order.
    pub parties: Vec<Party>,
    /// The topics, in file order.
    pub topics: Vec<Topic>,
    /// Headline phrases that mark a joint statement ("joint statement").
    joint_statement_titles: Vec<String>,
    /// Every cue's examples ([`Lexicon::examples`]).
    examples: Examples,
    terms: Terms,
    patterns: Vec<(Pattern, Target)>,
    /// For each pattern, the first pattern that needs the same literal
    /// (itself if none before it does): one search answers for all.
    literal_owners: Vec<usize>,
}

/// [`Lexicon::literal_owners`] of `patterns`.
fn literal_owners(patterns: &[(Pattern, Target)]) -> Vec<usize> {
    (0..patterns.len())
        .map(|i| {
            (0..i)
                .find(|&k| patterns[i].0.same_literal(&patterns[k].0))
                .unwrap_or(i)
        })
        .collect()
}

struct Compiler<'s> {
    lines: Lines<'s>,
    problems: Vec<Problem>,
}

impl Compiler<'_> {
    fn problem(&mut self, span: Range<usize>, message: String) {
        let (line, column) = self.lines.at(span.start);
        self.problems.push(Problem {
            line,
            column,
            message,
        });
    }

    fn id(&mut self, id: &Spanned<String>, kind: &str, seen: &mut BTreeMap<String, usize>) {
        let value = id.get_ref();
        if value.trim().is_empty() {
            self.problem(id.span(), format!("empty {kind} id"));
        } else if value != &value.to_lowercase() || value.contains(char::is_whitespace) {
            self.problem(
                id.span(),
                format!("{kind} id {value:?} must be lowercase without spaces"),
            );
        } else if let Some(line) = seen.get(value) {
            self.problem(
                id.span(),
                format!("duplicate {kind} id {value:?} (first on line {line})"),
            );
        } else {
            let (line, _) = self.lines.at(id.span().start);
            seen.insert(value.clone(), line);
        }
    }

    fn terms(
        &mut self,
        terms: &[Spanned<String>],
        owner: &str,
        target: Target,
        into: &mut BTreeMap<String, Vec<Target>>,
    ) {
        for term in terms {
            let value = term.get_ref().trim();
            if value.is_empty() {
                self.problem(term.span(), format!("empty term in {owner}"));
                continue;
            }
            let targets = into.entry(value.to_owned()).or_default();
            if !targets.contains(&target) {
                targets.push(target);
            }
        }
    }

    fn examples(&self, list: &[Spanned<String>]) -> Vec<(usize, String)> {
        list.iter()
            .map(|e| (self.lines.at(e.span().start).0, e.get_ref().clone()))
            .collect()
    }
}

/// 1-based line and char column of byte `offset` in `source`.
fn line_column(source: &str, offset: usize) -> (usize, usize) {
    Lines::new(source).at(offset)
}

/// Line starts of a lexicon source, computed once: the compiler asks for the
/// place of every id and example, and rescanning per question made loading
/// the built-in lexicon quadratic in its size.
struct Lines<'s> {
    source: &'s str,
    index: LineIndex,
}

impl<'s> Lines<'s> {
    fn new(source: &'s str) -> Lines<'s> {
        Lines {
            source,
            index: LineIndex::new(source),
        }
    }

    /// 1-based line and char column of byte `offset`.
    fn at(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.source.len());
        while !self.source.is_char_boundary(offset) {
            offset -= 1;
        }
        (
            self.index.line(offset),
            self.index.column(self.source, offset),
        )
    }
}

impl Lexicon {
    /// The built-in lexicon, read from its compiled snapshot when that is
    /// current (`snapshot.rs`), else compiled from [`BUILTIN`]. Its topic
    /// patterns are compiled on first use: the tests compile them, so
    /// there is nothing to report at load.
    pub fn builtin() -> Lexicon {
        snapshot::load().unwrap_or_else(Lexicon::builtin_from_source)
    }

    /// The built-in lexicon compiled from its TOML source.
    fn builtin_from_source() -> Lexicon {
        read_file(BUILTIN)
            .and_then(|file| Lexicon::build(BUILTIN, file, Patterns::OnFirstUse))
            .expect("the built-in lexicon is valid (tested)")
    }

    /// Every cue's examples and counterexamples, in file order, for the
    /// example runner (`lexicon --check`).
    pub fn examples(&self) -> &[CueExamples] {
        self.examples.get()
    }

    /// Parse and compile a lexicon from TOML source.
    pub fn parse(source: &str) -> Result<Lexicon, LexiconError> {
        Lexicon::compile(source, read_file(source)?)
    }

    /// Check a parsed lexicon file and build its matchers.
    pub fn compile(source: &str, file: LexiconFile) -> Result<Lexicon, LexiconError> {
        Lexicon::build(source, file, Patterns::Now)
    }

    /// [`Lexicon::compile`], with the topic patterns compiled `when` says.
    fn build(source: &str, file: LexiconFile, when: Patterns) -> Result<Lexicon, LexiconError> {
        let mut c = Compiler {
            lines: Lines::new(source),
            problems: Vec::new(),
        };
        let mut insensitive: BTreeMap<String, Vec<Target>> = BTreeMap::new();
        let mut sensitive: BTreeMap<String, Vec<Target>> = BTreeMap::new();
        let mut patterns = Vec::new();
        let mut examples = Vec::new();
        let mut party_ids = BTreeMap::new();
        let mut parties = Vec::new();
        for (i, p) in file.party.iter().enumerate() {
            c.id(&p.id, "party", &mut party_ids);
            let owner = format!("party {:?}", p.id.get_ref());
            if p.aliases.is_empty() && p.exact.is_empty() {
                c.problem(p.id.span(), format!("{owner} has no aliases"));
            }
            c.terms(&p.aliases, &owner, Target::Party(i), &mut insensitive);
            c.terms(&p.exact, &owner, Target::Party(i), &mut sensitive);
            c.terms(&p.guards, &owner, Target::Guard, &mut insensitive);
            parties.push(Party {
                id: Id::from(p.id.get_ref().as_str()),
                name: p.name.get_ref().clone(),
            });
            examples.push(CueExamples {
                expects: Expectation::Speaker(p.id.get_ref().clone()),
                examples: c.examples(&p.examples),
                counterexamples: c.examples(&p.counterexamples),
            });
        }
        c.terms(&file.joint.terms, "joint", Target::Joint, &mut insensitive);
        c.terms(&file.joint.exact, "joint", Target::Joint, &mut sensitive);
        examples.push(CueExamples {
            expects: Expectation::Joint,
            examples: c.examples(&file.joint.examples),
            counterexamples: c.examples(&file.joint.counterexamples),
        });
        c.terms(&file.verbs.terms, "verbs", Target::Verb, &mut insensitive);
        c.terms(&file.verbs.exact, "verbs", Target::Verb, &mut sensitive);
        for cue in [
            &file.joint,
            &file.verbs,
            &file.anaphora,
            &file.titles,
            &file.narration,
        ] {
            c.terms(&cue.guards, "guards", Target::Guard, &mut insensitive);
        }
        c.terms(
            &file.anaphora.terms,
            "anaphora",
            Target::Anaphor,
            &mut insensitive,
        );
        c.terms(
            &file.anaphora.exact,
            "anaphora",
            Target::Anaphor,
            &mut sensitive,
        );
        c.terms(
            &file.titles.terms,
            "titles",
            Target::Title,
            &mut insensitive,
        );
        c.terms(&file.titles.exact, "titles", Target::Title, &mut sensitive);
        c.terms(
            &file.narration.terms,
            "narration",
            Target::Narration,
            &mut insensitive,
        );
        c.terms(
            &file.narration.exact,
            "narration",
            Target::Narration,
            &mut sensitive,
        );
        c.terms(
            &file.pronouns.singular,
            "pronouns",
            Target::Pronoun { plural: false },
            &mut insensitive,
        );
        c.terms(
            &file.pronouns.plural,
            "pronouns",
            Target::Pronoun { plural: true },
            &mut insensitive,
        );
        let mut topic_ids = BTreeMap::new();
        let mut topics = Vec::new();
        for (i, t) in file.topic.iter().enumerate() {
            c.id(&t.id, "topic", &mut topic_ids);
            let owner = format!("topic {:?}", t.id.get_ref());
            if t.terms.is_empty() && t.exact.is_empty() && t.patterns.is_empty() {
                c.problem(t.id.span(), format!("{owner} has no terms or patterns"));
            }
            c.terms(&t.terms, &owner, Target::Topic(i), &mut insensitive);
            c.terms(&t.exact, &owner, Target::Topic(i), &mut sensitive);
            c.terms(&t.guards, &owner, Target::Guard, &mut insensitive);
            for pattern in &t.patterns {
                let compiled = match when {
                    Patterns::Now => Pattern::compile(pattern.get_ref()),
                    Patterns::OnFirstUse => Ok(Pattern::deferred(pattern.get_ref())),
                };
                match compiled {
                    Ok(compiled) => patterns.push((compiled, Target::Topic(i))),
                    Err(PatternError::MatchesEmpty) => c.problem(
                        pattern.span(),
                        format!("pattern in {owner} matches the empty string"),
                    ),
                    Err(PatternError::Invalid(problem)) => c.problem(
                        pattern.span(),
                        format!("invalid pattern in {owner}: {problem}"),
                    ),
                }
            }
            topics.push(Topic {
                id: Id::from(t.id.get_ref().as_str()),
                name: t.name.get_ref().clone(),
            });
            examples.push(CueExamples {
                expects: Expectation::Topic(t.id.get_ref().clone()),
                examples: c.examples(&t.examples),
                counterexamples: c.examples(&t.counterexamples),
            });
        }
        for title in &file.joint_statement.titles {
            if title.get_ref().trim().is_empty() {
                c.problem(title.span(), "empty joint statement title".to_owned());
            }
        }
        if !c.problems.is_empty() {
            c.problems.sort_by_key(|p| (p.line, p.column));
            return Err(LexiconError {
                problems: c.problems,
            });
        }
        Ok(Lexicon {
            parties,
            topics,
            joint_statement_titles: file
                .joint_statement
                .titles
                .iter()
                .map(|t| t.get_ref().trim().to_lowercase())
                .collect(),
            examples: Examples::new(examples),
            terms: Terms::build(insensitive, sensitive),
            literal_owners: literal_owners(&patterns),
            patterns,
        })
    }

    /// Every term of this lexicon in `text`, after word-boundary checks and
    /// leftmost-longest overlap resolution, in order. Guards are dropped
    /// after they have hidden what they overlap.
    pub fn scan(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        self.scan_into(text, &mut hits);
        hits
    }

    /// [`Lexicon::scan`], appending the hits to `hits` (what it held before
    /// is left as it was), so that one buffer serves many texts.
    pub fn scan_into(&self, text: &str, hits: &mut Vec<Hit>) {
        self.scan_where(text, |_| true, hits);
    }

    /// For each topic pattern, whether `region` holds the literal its
    /// matches need (or it needs none), into `possible`. Patterns that need
    /// the same literal share one search.
    fn possible_in(&self, region: &str, possible: &mut Vec<bool>) {
        possible.clear();
        for (i, (pattern, _)) in self.patterns.iter().enumerate() {
            let owner = self.literal_owners[i];
            let answer = if owner < i {
                possible[owner]
            } else {
                pattern.may_match(region)
            };
            possible.push(answer);
        }
    }

    /// [`Lexicon::scan_into`], running only the patterns for which
    /// `possible` (given a pattern's index) is true.
    fn scan_where(&self, text: &str, possible: impl Fn(usize) -> bool, hits: &mut Vec<Hit>) {
        let from = hits.len();
        self.terms.hits(text, hits);
        for (i, (pattern, target)) in self.patterns.iter().enumerate() {
            if !possible(i) || !pattern.may_match(text) {
                continue;
            }
            for m in pattern.find_iter(text) {
                if !m.is_empty() && on_word_boundaries(text, m.clone()) {
                    hits.push(Hit {
                        span: Span::new(m.start, m.end),
                        target: *target,
                    });
                }
            }
        }
        resolve_overlaps(hits, from);
    }

    /// True when a headline names the text as a joint statement.
    pub fn is_joint_statement_title(&self, headline: &str) -> bool {
        let lower = headline.to_lowercase();
        self.joint_statement_titles
            .iter()
            .any(|t| lower.contains(t.as_str()))
    }

    /// The index of the party whose alias is exactly `name` (any case), as
    /// used for transcript labels ("PRESIDENT XI").
    pub fn party_named(&self, name: &str) -> Option<usize> {
        self.scan(name).into_iter().find_map(|h| match h.target {
            Target::Party(i) if h.span.start == 0 && h.span.end == name.len() => Some(i),
            _ => None,
        })
    }
}

/// When a lexicon's topic patterns are compiled.
#[derive(Clone, Copy, Debug)]
enum Patterns {
    /// With the lexicon, so that a bad one is reported at load.
    Now,
    /// At their first use, for patterns known to compile.
    OnFirstUse,
}

/// A term as `lint` sees it: its owner, its list, and the term.
type LintEntry<'f> = (String, &'static str, &'f Spanned<String>);

/// Stage one: the file as written, or its syntax or schema error with the
/// line and column.
fn read_file(source: &str) -> Result<LexiconFile, LexiconError> {
    toml::from_str(source).map_err(|e| {
        let (line, column) = e
            .span()
            .map_or((1, 1), |span| line_column(source, span.start));
        LexiconError {
            problems: vec![Problem {
                line,
                column,
                message: e.message().trim().to_owned(),
            }],
        }
    })
}

/// Duplicate, ambiguous and shadowed terms of a lexicon file: problems that
/// do not stop it from compiling but make it say less than it seems to.
/// Syntax and schema errors come back as the error.
pub fn lint(source: &str) -> Result<Vec<Problem>, LexiconError> {
    let file = read_file(source)?;
    // (owner, list, term) for every term: list is "term", "exact" or "guard".
    let mut entries: Vec<LintEntry<'_>> = Vec::new();
    for p in &file.party {
        let owner = format!("party {:?}", p.id.get_ref());
        entries.extend(p.aliases.iter().map(|t| (owner.clone(), "term", t)));
        entries.extend(p.exact.iter().map(|t| (owner.clone(), "exact", t)));
        entries.extend(p.guards.iter().map(|t| (owner.clone(), "guard", t)));
    }
    for (owner, cue) in [
        ("joint", &file.joint),
        ("verbs", &file.verbs),
        ("anaphora", &file.anaphora),
    ] {
        entries.extend(cue.terms.iter().map(|t| (owner.to_owned(), "term", t)));
        entries.extend(cue.exact.iter().map(|t| (owner.to_owned(), "exact", t)));
    }
    for t in &file.topic {
        let owner = format!("topic {:?}", t.id.get_ref());
        entries.extend(t.terms.iter().map(|x| (owner.clone(), "term", x)));
        entries.extend(t.exact.iter().map(|x| (owner.clone(), "exact", x)));
        entries.extend(t.guards.iter().map(|x| (owner.clone(), "guard", x)));
    }
    let lines = Lines::new(source);
    let mut problems = Vec::new();
    let mut seen: BTreeMap<String, Vec<LintEntry<'_>>> = BTreeMap::new();
    for (owner, list, term) in entries {
        let value = term.get_ref().trim();
        let folded = value.to_ascii_lowercase();
        let earlier = seen.entry(folded).or_default();
        for (other_owner, other_list, other) in earlier.iter() {
            let other_value = other.get_ref().trim();
            let (line, _) = lines.at(other.span().start);
            let message = if *other_owner == owner && *other_list == list && other_value == value {
                format!("duplicate {list} {value:?} in {owner} (first on line {line})")
            } else if *other_owner == owner && (list == "guard") != (*other_list == "guard") {
                format!(
                    "{value:?} in {owner} is both a term and a guard (line {line}): it never matches"
                )
            } else if *other_owner == owner && list == "exact" && *other_list == "term" {
                format!(
                    "exact term {value:?} in {owner} is shadowed by the term on line {line}, which matches it in any case"
                )
            } else if *other_owner == owner && list == "term" && *other_list == "exact" {
                format!(
                    "term {value:?} in {owner} matches in any case, so the exact term on line {line} adds nothing"
                )
            } else if owner.starts_with("party")
                && other_owner.starts_with("party")
                && *other_owner != owner
                && list != "guard"
                && *other_list != "guard"
            {
                format!(
                    "{value:?} names both {other_owner} (line {line}) and {owner}: a mention of it is both"
                )
            } else {
                continue;
            };
            let (line, column) = lines.at(term.span().start);
            problems.push(Problem {
                line,
                column,
                message,
            });
        }
        earlier.push((owner, list, term));
    }
    problems.sort_by_key(|p| (p.line, p.column));
    Ok(problems)
}

/// Keep the leftmost-longest hits that do not overlap; a span with several
/// targets (one term listed twice) keeps them all. Guards are then dropped.
fn resolve_overlaps(all: &mut Vec<Hit>, from: usize) {
    let hits = &mut all[from..];
    // The order is total (no two distinct hits compare equal), so an
    // unstable sort gives the same result.
    // Targets are compared only between hits of one span (rare).
    hits.sort_unstable_by(|a, b| {
        (a.span.start, b.span.end)
            .cmp(&(b.span.start, a.span.end))
            .then_with(|| a.target.cmp(&b.target))
    });
    // Keep, in place, each hit that does not overlap the last one kept,
    // and every meaning of a kept span.
    let mut kept: usize = 0;
    for i in 0..hits.len() {
        let hit = hits[i];
        let keep = match kept.checked_sub(1).map(|last| hits[last]) {
            Some(last) if last.span == hit.span => last.target != hit.target,
            Some(last) => !last.span.overlaps(hit.span),
            None => true,
        };
        if keep {
            hits[kept] = hit;
            kept += 1;
        }
    }
    // Then drop the guards, in place.
    let mut unguarded = 0;
    for i in 0..kept {
        if hits[i].target != Target::Guard {
            hits[unguarded] = hits[i];
            unguarded += 1;
        }
    }
    all.truncate(from + unguarded);
}

/// The lexicon hits of the units of a paragraph, in one buffer reused from
/// one paragraph to the next.
#[derive(Debug, Default)]
pub struct UnitHits {
    hits: Vec<Hit>,
    /// Where each unit's hits end in `hits`.
    ends: Vec<usize>,
}

impl UnitHits {
    /// Forget every unit's hits, keeping the memory.
    pub fn clear(&mut self) {
        self.hits.clear();
        self.ends.clear();
    }

    /// Scan the units of `paragraph` (of `text`) in order, after what was
    /// scanned before, and record their hits in absolute spans. A topic
    /// pattern's literal is looked for in the whole paragraph first, and
    /// in each unit only when the paragraph has it (one paragraph in
    /// sixteen of the corpus has "exchange").
    pub fn scan_paragraph(
        &mut self,
        lexicon: &Lexicon,
        text: &str,
        paragraph: &Paragraph,
        scratch: &mut Scratch,
    ) {
        lexicon.possible_in(paragraph.span.slice(text), &mut scratch.possible);
        for unit in &paragraph.units {
            let from = self.hits.len();
            let possible = |i: usize| scratch.possible[i];
            lexicon.scan_where(unit.span.slice(text), possible, &mut self.hits);
            for hit in &mut self.hits[from..] {
                hit.span = hit.span.shift(unit.span.start);
            }
            self.ends.push(self.hits.len());
        }
    }

    /// The hits of the `k`-th unit scanned (none past the last).
    pub fn unit(&self, k: usize) -> &[Hit] {
        let Some(&end) = self.ends.get(k) else {
            return &[];
        };
        let start = k.checked_sub(1).map_or(0, |before| self.ends[before]);
        &self.hits[start..end]
    }
}

mod lent;
mod matcher;
mod pattern;
mod snapshot;
#[cfg(test)]
mod tests;
mod words;
