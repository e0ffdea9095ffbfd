//! Sentence → speaker, following `ANNOTATION.md` § Speaker.
//!
//! In order of precedence, for each sentence or list item:
//! 1. **label**: a transcript speaker label (`PRESIDENT XI:`) speaks every
//!    sentence until the next label;
//! 2. **explicit** / **joint**: a party, alias or joint cue is the subject of
//!    a reporting or position verb ("The Chinese side stressed", "The two
//!    sides agreed", "China and the ROK agreed", "…,” said Wang Yi");
//! 3. **continuation**: otherwise a sentence continues the speaker of the
//!    previous sentence of the same paragraph;
//! 4. **joint_statement**: otherwise, in a text whose headline names it a
//!    joint statement, the parties speak together;
//! 5. otherwise narration: no speaker.
//!
//! Headlines and subheadings are narration. A party named anywhere else
//! (an object, a prepositional phrase) is a mention, not a speaker.
//! Works on lexicon hits computed once per unit; no I/O.

use std::borrow::Cow;
use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::document::{Evidence, Id, Paragraph, Role, Rule, Span, Speaker, SpeakerTag, joint_id};
use crate::lexicon::{Hit, Lexicon, Target, UnitHits};
use crate::segment::is_ascii_space;

/// Adverbs and auxiliaries that may stand between a subject and its verb
/// ("the Chinese side also firmly opposed", "China has always").
const SUBJECT_GAP_WORDS: &[&str] = &[
    "also",
    "further",
    "again",
    "once",
    "has",
    "have",
    "had",
    "will",
    "would",
    "both",
    "all",
    "then",
    "however",
    "in",
    "turn",
    "each",
    "jointly",
    "separately",
];

/// Nouns that head a party's subject after a possessive or an adjective
/// ("China's foreign ministry said", "the Chinese delegation stressed").
const SUBJECT_NOUNS: &[&str] = &[
    "side",
    "sides",
    "government",
    "governments",
    "foreign",
    "ministry",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "delegation",
    "officials",
    "official",
    "leader",
    "leaders",
    "president",
    "minister",
    "embassy",
    "counterpart",
    "team",
    "readout",
    "statement",
    "national",
    "security",
    "adviser",
    "advisor",
    "office",
    "affairs",
    "defense",
    "defence",
    "envoy",
    "ambassador",
    "representative",
    "representatives",
    "negotiators",
    "authorities",
];

/// At most this many words between a subject and its verb.
const SUBJECT_GAP_MAX_WORDS: usize = 6;
/// At most this many words in an appositive between commas
/// ("Wang Yi, director of the Office of …, said").
const APPOSITIVE_MAX_WORDS: usize = 16;

/// A speaker while tagging: a party by its id borrowed from the lexicon, so
/// that remembering and comparing speakers allocates nothing. It becomes a
/// [`Speaker`] only in a unit's tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who<'l> {
    /// One party, by its lexicon id.
    Party(&'l Id),
    /// The parties together.
    Joint,
}

impl<'l> Who<'l> {
    /// The party at index `i` of the lexicon.
    fn party(lexicon: &'l Lexicon, i: usize) -> Who<'l> {
        Who::Party(&lexicon.parties[i].id)
    }

    /// The id used in output, as [`Speaker::id`], as evidence holds it.
    fn cue(self) -> Id {
        match self {
            Who::Party(id) => *id,
            Who::Joint => joint_id(),
        }
    }

    fn speaker(self) -> Speaker {
        match self {
            Who::Party(id) => Speaker::Party(*id),
            Who::Joint => Speaker::Joint,
        }
    }
}

/// A possible subject in a sentence: a party alias, a joint cue, or a title
/// or pronoun resolved through what the text said before.
#[derive(Clone, Copy, Debug)]
struct Mention<'l> {
    span: Span,
    speaker: Who<'l>,
    /// For a resolved title or pronoun, the unit it was resolved through.
    antecedent: Option<usize>,
}

/// What the text has said so far, for resolving titles and pronouns.
#[derive(Default)]
struct Context<'l, 't> {
    /// Every run of words in the title of an official named so far,
    /// lowercased ("deputy secretary", "secretary of state", "secretary"
    /// from "Deputy Secretary of State Wendy Sherman"), to its slot in
    /// `title_slots`: the party and unit of the latest such official. A
    /// later "the Secretary" looks its title up here in one step, however
    /// long the text.
    titles: FxHashMap<String, usize>,
    title_slots: Vec<(Who<'l>, usize)>,
    /// Names of titled officials by their first and last word ("Wang",
    /// "Yi" from "Foreign Minister Wang Yi"), to their slot in `name_slots`:
    /// party and unit. A later bare "Wang said" refers to them.
    names: FxHashMap<String, usize>,
    name_slots: Vec<(Who<'l>, usize)>,
    /// What a mention with its title teaches, by its text: the range of
    /// `steps` that holds the slots to set. An official is named the same
    /// way again and again; the words are read once per distinct text.
    plans: FxHashMap<&'t str, Range<usize>>,
    /// The slots of every plan.
    steps: Vec<Slot>,
    /// The last unit spoken by one party.
    last_party: Option<(Who<'l>, usize)>,
    /// The last unit with a speaker, and that speaker.
    last_speaker: Option<(Who<'l>, usize)>,
    /// Scratch for `plan`: the words of a title, lowercased and one space
    /// apart, so that every run of them is a slice, not a new string.
    title_words: String,
    /// Scratch for `plan`: where each word of `title_words` ends.
    word_ends: Vec<usize>,
}

/// A slot that a mention sets to its party and unit.
#[derive(Clone, Copy, Debug)]
enum Slot {
    /// In `Context::name_slots`.
    Name(usize),
    /// In `Context::title_slots`.
    Title(usize),
}

impl<'l, 't> Context<'l, 't> {
    /// Remember the officials named in a unit.
    fn learn(&mut self, text: &'t str, unit: usize, hits: &[Hit], lexicon: &'l Lexicon) {
        for hit in hits {
            let Target::Party(i) = hit.target else {
                continue;
            };
            let titled = titled_name(text, hit.span);
            let steps = match self.plans.get(titled) {
                Some(steps) => steps.clone(),
                None => {
                    let steps = self.plan(titled);
                    self.plans.insert(titled, steps.clone());
                    steps
                }
            };
            let value = (Who::party(lexicon, i), unit);
            for k in steps {
                match self.steps[k] {
                    Slot::Name(slot) => self.name_slots[slot] = value,
                    Slot::Title(slot) => self.title_slots[slot] = value,
                }
            }
        }
    }

    /// The slots a titled mention sets, added to `steps`: those of the first
    /// and last word of its personal name and of every run of its title's
    /// words. None for a mention without a title ("China").
    fn plan(&mut self, titled: &str) -> Range<usize> {
        let from = self.steps.len();
        // Only a mention with a title is worth indexing ("China" is not).
        let Some(name) = personal_name(titled) else {
            return from..from;
        };
        let title = match name {
            Some(name) => {
                // `name` is trimmed: its first and last words.
                let first = name.split(char::is_whitespace).next().unwrap_or(name);
                let last = name.rsplit(char::is_whitespace).next().unwrap_or(name);
                for word in [first, last] {
                    if word.len() > 2 && word.chars().all(|c| c.is_alphabetic() || c == '-') {
                        let slot = slot(&mut self.names, &mut self.name_slots, word);
                        self.steps.push(Slot::Name(slot));
                    }
                }
                &titled[..titled.len() - name.len()]
            }
            // An alias that is itself titled ("Secretary Blinken").
            None => titled,
        };
        self.title_words.clear();
        self.word_ends.clear();
        for word in title.split_whitespace() {
            if !self.title_words.is_empty() {
                self.title_words.push(' ');
            }
            push_lowercase(&mut self.title_words, word);
            self.word_ends.push(self.title_words.len());
        }
        for first in 0..self.word_ends.len() {
            let start = if first == 0 {
                0
            } else {
                self.word_ends[first - 1] + 1
            };
            for &end in &self.word_ends[first..] {
                let key = &self.title_words[start..end];
                let slot = slot(&mut self.titles, &mut self.title_slots, key);
                self.steps.push(Slot::Title(slot));
            }
        }
        from..self.steps.len()
    }

    /// Remember who spoke a unit.
    fn spoke(&mut self, speaker: Option<Who<'l>>, unit: usize) {
        if let Some(speaker) = speaker {
            if matches!(speaker, Who::Party(_)) {
                self.last_party = Some((speaker, unit));
            }
            self.last_speaker = Some((speaker, unit));
        }
    }

    /// The party a title ("the Deputy Secretary") refers to: that of the
    /// last official named with it.
    fn title(&self, title: &str) -> Option<(Who<'l>, usize)> {
        let lower = title.to_lowercase();
        let bare = lower.strip_prefix("the ").unwrap_or(&lower).trim();
        let bare = bare.split_whitespace().collect::<Vec<_>>().join(" ");
        self.titles.get(&bare).map(|&slot| self.title_slots[slot])
    }

    /// The party and unit of the official last named `name`.
    fn name(&self, name: &str) -> Option<(Who<'l>, usize)> {
        self.names.get(name).map(|&slot| self.name_slots[slot])
    }

    /// What a pronoun refers to: "they" the last speaker if it was joint,
    /// "he"/"she" the last single-party speaker.
    fn pronoun(&self, plural: bool) -> Option<(Who<'l>, usize)> {
        if plural {
            self.last_speaker.filter(|(s, _)| *s == Who::Joint)
        } else {
            self.last_party
        }
    }
}

/// The slot of `key` in `slots`, a new one if `ids` does not have it yet.
/// The caller sets it.
fn slot<'l>(
    ids: &mut FxHashMap<String, usize>,
    slots: &mut Vec<(Who<'l>, usize)>,
    key: &str,
) -> usize {
    if let Some(&slot) = ids.get(key) {
        return slot;
    }
    slots.push((Who::Joint, 0));
    ids.insert(key.to_owned(), slots.len() - 1);
    slots.len() - 1
}

/// Append `word` lowercased to `out`, as `str::to_lowercase` would.
fn push_lowercase(out: &mut String, word: &str) {
    if word.is_ascii() {
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
    } else {
        out.push_str(&word.to_lowercase());
    }
}

/// True when `word` is in `list` (lowercase words) once lowercased.
fn lowercase_in(word: &str, list: &[&str]) -> bool {
    if word.is_ascii() {
        list.iter().any(|w| word.eq_ignore_ascii_case(w))
    } else {
        list.contains(&word.to_lowercase().as_str())
    }
}

/// At most this many words are read back from a mention for its title.
const TITLED_NAME_MAX_WORDS: usize = 8;

/// Words that end an official's title: what follows them is a name.
fn is_title_word(word: &str) -> bool {
    // All begin with an ASCII capital: most words are out at one byte.
    word.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
        && matches!(
            word,
            "President"
                | "Secretary"
                | "Minister"
                | "Advisor"
                | "Adviser"
                | "Ambassador"
                | "Councilor"
                | "Director"
                | "Premier"
                | "Chancellor"
                | "Envoy"
                | "Representative"
                | "Spokesperson"
                | "Chairman"
                | "Leader"
                | "Mr."
                | "Ms."
                | "Mrs."
                | "Dr."
        )
}

/// The personal name in a titled mention: `Some(Some("Wang Yi"))` in
/// "Chinese Foreign Minister Wang Yi", `Some(Some("Lee"))` in "President
/// Lee", `Some(None)` when a title word ends it ("the President"); `None`
/// without a title word.
fn personal_name(titled: &str) -> Option<Option<&str>> {
    let mut titled_at_all = false;
    // The start of the word after the last title word.
    let mut name_start = None;
    let mut after_title = false;
    for word in titled.split_whitespace() {
        if is_title_word(word) {
            titled_at_all = true;
            name_start = None;
            after_title = true;
        } else if after_title {
            name_start = Some(word.as_ptr() as usize - titled.as_ptr() as usize);
            after_title = false;
        }
    }
    if !titled_at_all {
        return None;
    }
    let name = name_start.map(|start| titled[start..].trim());
    Some(name.filter(|name| !name.is_empty()))
}

/// The mention with the run of capitalised words (and "of") in front of it:
/// "Deputy Secretary of State Wendy Sherman" for the alias "Sherman".
fn titled_name(text: &str, span: Span) -> &str {
    titled_name_ascii(text, span).unwrap_or_else(|| titled_name_chars(text, span))
}

/// [`titled_name`] a byte at a time, or `None` if it meets a byte that is
/// not ASCII, where [`titled_name_chars`] must decide.
fn titled_name_ascii(text: &str, span: Span) -> Option<&str> {
    let bytes = text.as_bytes();
    // `end` of the text before the mention once trimmed; `None` when a byte
    // that is not ASCII ends it.
    let trimmed = |mut end: usize| {
        while end > 0 && is_ascii_space(bytes[end - 1]) {
            end -= 1;
        }
        (end == 0 || bytes[end - 1].is_ascii()).then_some(end)
    };
    let mut start = span.start;
    let mut end = trimmed(span.start)?;
    if end == span.start {
        // Glued to what precedes it ("China-ROK"): no title in front.
        return Some(span.slice(text));
    }
    for _ in 0..TITLED_NAME_MAX_WORDS {
        let mut word_start = end;
        while word_start > 0 && !is_ascii_space(bytes[word_start - 1]) {
            if !bytes[word_start - 1].is_ascii() {
                return None;
            }
            word_start -= 1;
        }
        let word = &bytes[word_start..end];
        let capitalised = word.first().is_some_and(u8::is_ascii_uppercase)
            && word
                .iter()
                .all(|&b| b.is_ascii_alphabetic() || b == b'.' || b == b'-');
        if word.is_empty() || !(capitalised || word == b"of") {
            break;
        }
        start = word_start;
        end = trimmed(word_start)?;
    }
    let name = &text[start..span.end];
    Some(name.strip_prefix("of ").unwrap_or(name))
}

/// [`titled_name`] for any text.
fn titled_name_chars(text: &str, span: Span) -> &str {
    let mut start = span.start;
    let mut rest = text[..span.start].trim_end();
    if rest.len() == span.start {
        // Glued to what precedes it ("China-ROK"): no title in front.
        return span.slice(text);
    }
    // A title is a few words; a bound keeps adversarial text linear.
    for _ in 0..TITLED_NAME_MAX_WORDS {
        // Whitespace may be wider than a byte (U+00A0).
        let word_start = rest
            .char_indices()
            .rfind(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &rest[word_start..];
        let capitalised = word.chars().next().is_some_and(char::is_uppercase)
            && word
                .chars()
                .all(|c| c.is_alphabetic() || c == '.' || c == '-');
        if word.is_empty() || !(capitalised || word == "of") {
            break;
        }
        start = word_start;
        rest = rest[..word_start].trim_end();
    }
    let name = &text[start..span.end];
    name.strip_prefix("of ").unwrap_or(name)
}

/// Speaker attribution over one text, fed its paragraphs in order: what it
/// has learned of the text so far (officials named, the last speakers, the
/// transcript label in force) carries from one paragraph to the next, so a
/// text can be tagged and written a paragraph at a time.
pub struct Attributor<'l, 't> {
    text: &'t str,
    lexicon: &'l Lexicon,
    headline: Option<Span>,
    /// The headline names a joint statement: its body speaks jointly.
    joint_statement: bool,
    label_speaker: Option<(Who<'l>, Span)>,
    context: Context<'l, 't>,
    /// One buffer for every unit's mentions.
    mentions: Vec<Mention<'l>>,
}

impl<'l, 't> Attributor<'l, 't> {
    /// Attribution for `text`, whose headline (if any) is `headline`.
    pub fn new(text: &'t str, headline: Option<Span>, lexicon: &'l Lexicon) -> Self {
        Attributor {
            text,
            lexicon,
            headline,
            joint_statement: headline
                .is_some_and(|h| lexicon.is_joint_statement_title(h.slice(text))),
            label_speaker: None,
            context: Context::default(),
            mentions: Vec::new(),
        }
    }

    /// Tag the units of the next paragraph with their speakers.
    /// `hits.unit(k)` holds the lexicon hits of its `k`-th unit, in absolute
    /// spans.
    pub fn paragraph(&mut self, paragraph: &mut Paragraph, hits: &UnitHits) {
        let (text, lexicon, headline) = (self.text, self.lexicon, self.headline);
        let joint_statement = self.joint_statement;
        let context = &mut self.context;
        let mentions = &mut self.mentions;
        if let Some(label) = paragraph.label {
            self.label_speaker = label_party(text, label, lexicon).map(|s| (s, label));
        }
        let label_speaker = self.label_speaker;
        let mut previous: Option<(Who<'_>, usize)> = None;
        for (k, unit) in paragraph.units.iter_mut().enumerate() {
            let unit_hits = hits.unit(k);
            if matches!(unit.role, Role::Headline | Role::Subheading) {
                context.learn(text, unit.index, unit_hits, lexicon);
                previous = None;
                continue;
            }
            let framing = unit_hits.iter().any(|h| h.target == Target::Narration);
            // Without a verb there is no subject: the mentions are needed
            // only with one.
            let verb = unit_hits.iter().any(|h| h.target == Target::Verb);
            let tag = if let Some((speaker, label)) = label_speaker {
                Some((
                    speaker,
                    evidence(Rule::Label, Some(speaker.cue()), Some(label), None, None),
                ))
            } else if framing {
                None
            } else if verb
                && let Some(tag) = {
                    collect_mentions(text, unit.span, unit_hits, lexicon, context, mentions);
                    explicit(text, unit.span.start, unit_hits, mentions)
                }
            {
                Some(tag)
            } else if let Some((speaker, index)) = previous {
                Some((
                    speaker,
                    evidence(Rule::Continuation, None, None, None, Some(index)),
                ))
            } else if joint_statement {
                Some((
                    Who::Joint,
                    evidence(Rule::JointStatement, None, headline, None, None),
                ))
            } else {
                None
            };
            context.learn(text, unit.index, unit_hits, lexicon);
            let speaker = tag.as_ref().map(|(speaker, _)| *speaker);
            context.spoke(speaker, unit.index);
            previous = speaker.map(|s| (s, unit.index));
            unit.speaker = tag.map(|(speaker, evidence)| SpeakerTag {
                speaker: speaker.speaker(),
                evidence,
            });
        }
    }
}

fn evidence(
    rule: Rule,
    cue: Option<Id>,
    term: Option<Span>,
    verb: Option<Span>,
    continues: Option<usize>,
) -> Evidence {
    Evidence {
        rule,
        cue,
        term,
        verb,
        continues,
    }
}

/// The party a transcript label names: `PRESIDENT XI:` → `china`.
fn label_party<'l>(text: &str, label: Span, lexicon: &'l Lexicon) -> Option<Who<'l>> {
    let name = label.slice(text);
    let name = name.split(':').next().unwrap_or(name).trim();
    let name = name.strip_prefix("THE ").unwrap_or(name);
    // Titles in labels are upper case; aliases are matched ignoring case.
    lexicon
        .party_named(name)
        .or_else(|| {
            name.split_whitespace()
                .last()
                .and_then(|last| lexicon.party_named(last))
        })
        .map(|i| Who::party(lexicon, i))
}

/// The possible subjects of a unit, in order, into `found`: aliases and
/// joint cues as they are, titles and pronouns resolved through `context`
/// (dropped when they cannot be).
fn collect_mentions<'l>(
    text: &str,
    unit: Span,
    hits: &[Hit],
    lexicon: &'l Lexicon,
    context: &Context<'l, '_>,
    found: &mut Vec<Mention<'l>>,
) {
    found.clear();
    for hit in hits {
        let (speaker, antecedent) = match hit.target {
            Target::Party(i) => (Who::party(lexicon, i), None),
            Target::Joint => (Who::Joint, None),
            Target::Title => match context.title(hit.span.slice(text)) {
                Some((s, unit)) => (s, Some(unit)),
                None => continue,
            },
            Target::Pronoun { plural } => match context.pronoun(plural) {
                Some((s, unit)) => (s, Some(unit)),
                None => continue,
            },
            _ => continue,
        };
        found.push(Mention {
            span: hit.span,
            speaker,
            antecedent,
        });
    }
    // Bare names of officials met before ("Wang said"), where no lexicon
    // term already covers them.
    name_mentions(text, unit, hits, context, found);
    found.sort_by_key(|m| m.span.start);
}

/// The char at byte `i` of `s` and its length; ASCII without decoding.
#[inline]
fn char_at(s: &str, i: usize) -> (char, usize) {
    let b = s.as_bytes()[i];
    if b.is_ascii() {
        (char::from(b), 1)
    } else {
        let c = s[i..].chars().next().expect("i is on a char boundary");
        (c, c.len_utf8())
    }
}

/// Mentions of officials by a bare name learned earlier in the text, into
/// `out`: each capitalised word of the unit looked up in the names learned
/// so far.
fn name_mentions<'l>(
    text: &str,
    region: Span,
    hits: &[Hit],
    context: &Context<'l, '_>,
    out: &mut Vec<Mention<'l>>,
) {
    if context.names.is_empty() {
        return;
    }
    let slice = region.slice(text);
    capitalised_words(slice, |start, end| {
        let Some((speaker, unit)) = context.name(&slice[start..end]) else {
            return;
        };
        let span = Span::new(region.start + start, region.start + end);
        if !hits.iter().any(|h| h.span.overlaps(span)) {
            out.push(Mention {
                span,
                speaker,
                antecedent: Some(unit),
            });
        }
    });
}

/// True for the characters of the words names are looked up by: letters,
/// digits and '-'.
fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-'
}

/// Visit the capitalised words of `s` longer than two bytes, in order, as
/// byte ranges: maximal runs of [`is_name_char`] whose first character is
/// upper case. Only an ASCII capital or the first byte of a wider character
/// can begin one; those are found sixteen bytes at a time, so the lower-case
/// text between them (most of it) is not read a byte at a time.
fn capitalised_words(s: &str, mut visit: impl FnMut(usize, usize)) {
    let bytes = s.as_bytes();
    // The end of the last word read: a capital before it is inside it. A
    // shortcut only: `name_char_before` would turn such a capital down too.
    let mut read = 0;
    for (n, block) in bytes.chunks(16).enumerate() {
        let mut may_start = block.iter().enumerate().fold(0u16, |mask, (k, &b)| {
            mask | (u16::from(b.is_ascii_uppercase() | (b >= 0xc0)) << k)
        });
        while may_start != 0 {
            let start = 16 * n + may_start.trailing_zeros() as usize;
            may_start &= may_start - 1;
            if start < read {
                continue;
            }
            let (c, len) = char_at(s, start);
            if !(c.is_uppercase() && is_name_char(c)) || name_char_before(s, start) {
                continue;
            }
            let end = name_word_end(s, start + len);
            read = end;
            if end - start > 2 {
                visit(start, end);
            }
        }
    }
}

/// True when the character before byte `i` of `s` is an [`is_name_char`].
fn name_char_before(s: &str, i: usize) -> bool {
    match s.as_bytes()[..i].last() {
        None => false,
        Some(&b) if b.is_ascii() => BYTE_CLASS[usize::from(b)] & WORD != 0,
        Some(_) => s[..i].chars().next_back().is_some_and(is_name_char),
    }
}

/// The end of the run of [`is_name_char`] that goes on at byte `i` of `s`.
fn name_word_end(s: &str, mut i: usize) -> usize {
    let bytes = s.as_bytes();
    loop {
        while i < bytes.len() && BYTE_CLASS[usize::from(bytes[i])] & WORD != 0 {
            i += 1;
        }
        if i == bytes.len() || BYTE_CLASS[usize::from(bytes[i])] & WIDE == 0 {
            return i;
        }
        let (c, len) = char_at(s, i);
        if !is_name_char(c) {
            return i;
        }
        i += len;
    }
}

/// Byte class bit: an ASCII letter, digit or '-', part of a word.
const WORD: u8 = 1;
/// Byte class bit: past ASCII, so the char must be decoded.
const WIDE: u8 = 2;

/// The class of every byte, for reading words a byte at a time.
static BYTE_CLASS: [u8; 256] = byte_classes();

const fn byte_classes() -> [u8; 256] {
    let mut classes = [0; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        classes[i] = if !b.is_ascii() {
            WIDE
        } else if b.is_ascii_alphanumeric() || b == b'-' {
            WORD
        } else {
            0
        };
        i += 1;
    }
    classes
}

/// The subject of the first reporting verb that has one.
fn explicit<'l>(
    text: &str,
    unit_start: usize,
    hits: &[Hit],
    mentions: &[Mention<'l>],
) -> Option<(Who<'l>, Evidence)> {
    let mut verbs = hits
        .iter()
        .filter(|h| h.target == Target::Verb)
        .map(|h| h.span)
        .peekable();
    while let Some(verb) = verbs.next() {
        // Subject before the verb: the nearest mention, linked by a short gap.
        // Mentions are sorted and disjoint: binary search, not a scan.
        let before = mentions
            .partition_point(|m| m.span.end <= verb.start)
            .checked_sub(1);
        if let Some(m) = before {
            let gap = &text[mentions[m].span.end..verb.start];
            if subject_gap(gap) {
                return Some(subject_tag(text, unit_start, &mentions[..=m], verb));
            }
            // "Secretary Blinken and Director Yang discussed": a party and
            // someone the lexicon does not know, together.
            if coordinated_name(gap) {
                let term = Span::new(
                    mentions[m].span.start,
                    verb.start - (gap.len() - gap.trim_end().len()),
                );
                return Some((
                    Who::Joint,
                    evidence(Rule::Joint, Some(joint_id()), Some(term), Some(verb), None),
                ));
            }
        }
        // Subject after the verb: `…,” said Wang Yi` / `, said the Chinese side`.
        if inverted_position(text, verb)
            && let Some(mention) =
                mentions.get(mentions.partition_point(|m| m.span.start < verb.end))
        {
            let between = &text[verb.end..mention.span.start];
            if between
                .split_whitespace()
                .all(|w| w.eq_ignore_ascii_case("the"))
            {
                return Some(tag_for(mention, mention.span, verb));
            }
        }
        // This verb's subject is not a party ("The Deputy Secretary
        // underscored that the United States welcomes …" when the title is
        // unknown): what follows is its content, where parties are mentions.
        // Go on only past an introductory clause ("As I have said before,
        // China …").
        let Some(next) = verbs.peek() else {
            break;
        };
        let between = &text[verb.end..next.start];
        if !between.contains(',') || between.split_whitespace().any(|w| w == "that") {
            break;
        }
    }
    None
}

/// A gap of "and" and capitalised words: a second, unknown subject.
fn coordinated_name(gap: &str) -> bool {
    let Some(rest) = gap.trim().strip_prefix("and ") else {
        return false;
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= SUBJECT_GAP_MAX_WORDS
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase) || *w == "the" || *w == "of")
}

fn tag_for<'l>(mention: &Mention<'l>, term: Span, verb: Span) -> (Who<'l>, Evidence) {
    let rule = match (mention.speaker, mention.antecedent) {
        (_, Some(_)) => Rule::Coreference,
        (Who::Joint, None) => Rule::Joint,
        (Who::Party(_), None) => Rule::Explicit,
    };
    (
        mention.speaker,
        evidence(
            rule,
            Some(mention.speaker.cue()),
            Some(term),
            Some(verb),
            mention.antecedent,
        ),
    )
}

/// The speaker for a subject ending at the last of `mentions`: one party,
/// a joint cue, or several parties joined by "and" (joint).
fn subject_tag<'l>(
    text: &str,
    unit_start: usize,
    mentions: &[Mention<'l>],
    verb: Span,
) -> (Who<'l>, Evidence) {
    let last = &mentions[mentions.len() - 1];
    // "China and the ROK agreed", "the United States, the Republic of Korea
    // (ROK), and Japan condemned": walk back over coordinated mentions.
    let mut first = last;
    // Whether the walk met a speaker other than the last one.
    let mut several = false;
    for mention in mentions[..mentions.len() - 1].iter().rev() {
        // One term that names two parties gives two mentions of one span:
        // not a list (found by fuzzing; fuzz/regressions/lexicon/).
        if mention.span.end > first.span.start {
            continue;
        }
        let gap = without_parentheses(&text[mention.span.end..first.span.start]);
        // A list needs "and" before its last member: "A, B, and C" or "A and
        // B"; a bare comma next to the subject is an introductory phrase
        // ("On Burma, the Secretary stressed").
        let joined = if std::ptr::eq(first, last) {
            has_and(&gap) && coordination_gap(&gap)
        } else {
            coordination_gap(&gap)
        };
        if !joined {
            break;
        }
        several |= mention.speaker != last.speaker;
        first = mention;
    }
    // "The Vice Foreign Ministers and the Deputy Secretary condemned": a
    // group the lexicon does not know, joined to the first mention.
    let lead = &text[unit_start..first.span.start];
    let clause = lead.rsplit([',', ';', ':']).next().unwrap_or(lead);
    let joined_group = clause.trim_end().strip_suffix("and").is_some_and(|group| {
        let mut words = group.split_whitespace().peekable();
        words.peek().is_some()
            && words.all(|w| w == "the" || w.chars().next().is_some_and(char::is_uppercase))
    });
    let term = Span::new(first.span.start, last.span.end);
    if several || joined_group {
        (
            Who::Joint,
            evidence(Rule::Joint, Some(joint_id()), Some(term), Some(verb), None),
        )
    } else {
        tag_for(last, term, verb)
    }
}

/// True when `gap` joins two subjects: a comma and/or "and", then at most
/// a title ("and Foreign Minister", ", and the").
fn coordination_gap(gap: &str) -> bool {
    let gap = gap.trim().trim_start_matches(',').trim();
    let rest = gap
        .strip_prefix("and")
        .or_else(|| gap.strip_prefix('&'))
        .unwrap_or(gap);
    if rest.len() == gap.len() && !gap.is_empty() && gap != "the" {
        return false;
    }
    rest.split_whitespace().all(|w| {
        w == "the" || w.chars().next().is_some_and(char::is_uppercase) && !w.ends_with(',')
    })
}

/// True when `gap` holds the word "and" (or "&").
fn has_and(gap: &str) -> bool {
    gap.split(|c: char| !c.is_alphanumeric() && c != '&')
        .any(|w| w == "and" || w == "&")
}

/// `gap` without parenthesised asides: "(ROK), and" → ", and".
fn without_parentheses(gap: &str) -> Cow<'_, str> {
    if !gap.contains(['(', ')']) {
        return Cow::Borrowed(gap);
    }
    let mut out = String::new();
    let mut depth = 0usize;
    for c in gap.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    Cow::Owned(out)
}

/// True when `gap`, the text between a mention and a verb, keeps the mention
/// as the verb's subject: titles, names, adverbs and auxiliaries, a
/// possessive with its head noun, and at most one appositive between commas
/// ("Wang Yi, director of the Office …, said").
fn subject_gap(gap: &str) -> bool {
    let trimmed = gap.trim();
    if let Some(rest) = trimmed.strip_prefix(',') {
        let Some(close) = rest.rfind(',') else {
            return false;
        };
        let (inner, tail) = (&rest[..close], &rest[close + 1..]);
        return inner.split_whitespace().count() <= APPOSITIVE_MAX_WORDS
            && !inner.contains(['.', ';', '"', '“', '”'])
            && subject_tail(tail.trim());
    }
    subject_tail(trimmed)
}

/// The part of a subject-verb gap outside any appositive.
fn subject_tail(tail: &str) -> bool {
    if tail.is_empty() {
        return true;
    }
    if tail.contains([',', '.', ';', ':', '"', '“', '”', '(', ')']) {
        return false;
    }
    // "China's support" is a noun phrase, "China's foreign ministry said" a
    // subject: after a possessive, a head noun or a name must follow.
    let (possessive, rest) = match tail.strip_prefix("'s").or_else(|| tail.strip_prefix("’s")) {
        Some(rest) => (true, rest.trim()),
        None => (false, tail),
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    let is_head = |w: &&str| {
        w.chars().next().is_some_and(char::is_uppercase) || lowercase_in(w, SUBJECT_NOUNS)
    };
    if possessive && !words.iter().any(is_head) {
        return false;
    }
    words.len() <= SUBJECT_GAP_MAX_WORDS
        && words
            .iter()
            .all(|w| is_head(w) || lowercase_in(w, SUBJECT_GAP_WORDS) || w.ends_with("ly"))
}

/// A verb right after a comma or closing quote: `…,” said`, `, said`.
fn inverted_position(text: &str, verb: Span) -> bool {
    let before = text[..verb.start].trim_end();
    before.ends_with(',') || before.ends_with(",”") || before.ends_with(",\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;

    fn speakers(text: &str) -> Vec<String> {
        let lexicon = Lexicon::builtin();
        analyze(text, &lexicon)
            .units()
            .map(|u| {
                u.speaker.as_ref().map_or("-".to_owned(), |s| {
                    format!("{}/{}", s.speaker.id(), s.evidence.rule.as_str())
                })
            })
            .collect()
    }

    /// The capitalised words of `s` read the slow, obvious way: every
    /// maximal run of name characters, kept when its first is upper case
    /// and it is longer than two bytes.
    fn capitalised_words_reference(s: &str) -> Vec<(usize, usize)> {
        let mut words = Vec::new();
        let mut open: Option<(usize, bool)> = None;
        for (i, c) in s.char_indices().chain([(s.len(), ' ')]) {
            match (is_name_char(c) && i < s.len(), open) {
                (true, None) => open = Some((i, c.is_uppercase())),
                (false, Some((start, capital))) => {
                    if capital && i - start > 2 {
                        words.push((start, i));
                    }
                    open = None;
                }
                _ => {}
            }
        }
        words
    }

    proptest::proptest! {
        #[test]
        fn capitalised_words_are_those_read_char_by_char(
            s in "[a-zA-Z0-9 .,'\\-\u{e9}\u{c9}\u{2019}\u{4e2d}\u{2160}]{0,60}|(?s).{0,40}"
        ) {
            let mut found = Vec::new();
            capitalised_words(&s, |start, end| found.push((start, end)));
            proptest::prop_assert_eq!(found, capitalised_words_reference(&s));
        }
    }

    #[test]
    fn party_object_is_a_mention_not_a_speaker() {
        assert_eq!(
            speakers("The Chinese side urged the ROK side to respect its concerns."),
            ["china/explicit"]
        );
    }

    #[test]
    fn coordinated_parties_speak_jointly() {
        assert_eq!(
            speakers("China and the ROK agreed to keep in touch."),
            ["joint/joint"]
        );
    }

    #[test]
    fn unattributed_sentence_continues_previous_speaker_in_paragraph() {
        assert_eq!(
            speakers(
                "The ROK side stressed its view. The context is clear.\n\nThe context is clear."
            ),
            ["rok/explicit", "rok/continuation", "-"]
        );
    }

    #[test]
    fn quote_before_said_goes_to_named_speaker() {
        assert_eq!(
            speakers("“We will not back down,” said Wang Yi."),
            ["china/explicit"]
        );
    }

    #[test]
    fn possessive_before_a_verb_like_noun_is_not_a_subject() {
        assert_eq!(
            speakers("Lee is expected to ask for China's support in improving ties."),
            ["-"]
        );
        assert_eq!(
            speakers("China's foreign ministry said the talks were useful."),
            ["china/explicit"]
        );
    }

    #[test]
    fn appositive_then_auxiliary_keeps_the_subject() {
        assert_eq!(
            speakers(
                "The Government of the People's Republic of China and the Australian Government, in conformity with the common desire of the two peoples, have decided upon mutual recognition."
            ),
            ["joint/joint"]
        );
    }

    #[test]
    fn party_inside_the_content_of_an_unknown_speaker_is_a_mention() {
        assert_eq!(
            speakers(
                "The Deputy Secretary underscored that the United States welcomes competition."
            ),
            ["-"]
        );
        assert_eq!(
            speakers("As the President noted before, China opposes hegemonism."),
            ["china/explicit"]
        );
    }

    #[test]
    fn title_alone_refers_to_the_official_named_with_it() {
        assert_eq!(
            speakers(
                "Deputy Secretary of State Wendy Sherman traveled to Tianjin.\n\nThe Deputy Secretary stressed the stakes."
            ),
            ["-", "us/coreference"]
        );
    }

    #[test]
    fn pronouns_take_the_last_speaker_of_their_number() {
        assert_eq!(
            speakers(
                "President Biden raised concerns.\n\nHe noted the stakes.\n\nThe two leaders agreed to talk.\n\nThey also discussed trade."
            ),
            [
                "us/explicit",
                "us/coreference",
                "joint/joint",
                "joint/coreference"
            ]
        );
    }

    #[test]
    fn a_party_and_an_unknown_official_speak_jointly() {
        assert_eq!(
            speakers("Secretary Blinken and Director Yang discussed the pandemic."),
            ["joint/joint"]
        );
    }

    #[test]
    fn framing_lines_of_a_joint_statement_are_narration() {
        assert_eq!(
            speakers(
                "Joint Statement of the Ministers\n\nBegin Text.\n\nWe reaffirm the alliance.\n\nEnd Text."
            ),
            ["-", "-", "joint/joint_statement", "-"]
        );
    }

    #[test]
    fn a_bare_name_refers_to_the_titled_official_named_before() {
        assert_eq!(
            speakers(
                "Chinese Foreign Minister Wang Yi met Secretary Blinken.\n\nWang said the talks were candid."
            ),
            ["-", "china/coreference"]
        );
    }

    #[test]
    fn an_unknown_group_joined_to_a_party_speaks_jointly() {
        assert_eq!(
            speakers(
                "Deputy Secretary Sherman arrived.\n\nThe Vice Foreign Ministers and the Deputy Secretary condemned the launch."
            ),
            ["-", "joint/joint"]
        );
    }

    #[test]
    fn an_introductory_phrase_naming_a_party_is_not_a_list() {
        assert_eq!(
            speakers(
                "Secretary Blinken arrived.\n\nOn Japan, the Secretary stressed the alliance."
            ),
            ["-", "us/coreference"]
        );
    }

    #[test]
    fn title_and_name_before_verb_is_the_subject() {
        assert_eq!(
            speakers("Chinese Foreign Minister Wang Yi also said the talks were useful."),
            ["china/explicit"]
        );
    }

    #[test]
    fn transcript_label_speaks_until_next_label() {
        assert_eq!(
            speakers(
                "Remarks\n\nPRESIDENT XI:  (As interpreted.)  Good to see you.\n\nIt is good.\n\nPRESIDENT BIDEN:  Thank you."
            ),
            ["-", "china/label", "china/label", "us/label"]
        );
    }

    #[test]
    fn joint_statement_body_speaks_jointly() {
        assert_eq!(
            speakers("Joint Statement of the Two Governments\n\nWe reaffirm our alliance."),
            ["-", "joint/joint_statement"]
        );
    }
}
