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

use std::collections::HashMap;

use crate::document::{Document, Evidence, Role, Rule, Span, Speaker, SpeakerTag};
use crate::lexicon::{Hit, Lexicon, Target};

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

/// A possible subject in a sentence: a party alias, a joint cue, or a title
/// or pronoun resolved through what the text said before.
#[derive(Clone, Debug)]
struct Mention {
    span: Span,
    speaker: Speaker,
    /// For a resolved title or pronoun, the unit it was resolved through.
    antecedent: Option<usize>,
}

/// What the text has said so far, for resolving titles and pronouns.
#[derive(Default)]
struct Context {
    /// Every run of words in the title of an official named so far,
    /// lowercased ("deputy secretary", "secretary of state", "secretary"
    /// from "Deputy Secretary of State Wendy Sherman"), to the party and
    /// unit of the latest such official: a later "the Secretary" looks its
    /// title up here in one step, however long the text.
    titles: HashMap<String, (Speaker, usize)>,
    /// Names of titled officials by their first and last word ("Wang",
    /// "Yi" from "Foreign Minister Wang Yi"), with party and unit: a later
    /// bare "Wang said" refers to them.
    names: HashMap<String, (Speaker, usize)>,
    /// The last unit spoken by one party.
    last_party: Option<(Speaker, usize)>,
    /// The last unit with a speaker, and that speaker.
    last_speaker: Option<(Speaker, usize)>,
}

impl Context {
    /// Remember the officials named in a unit.
    fn learn(&mut self, text: &str, unit: usize, hits: &[Hit], lexicon: &Lexicon) {
        for hit in hits {
            if let Target::Party(i) = hit.target {
                let titled = titled_name(text, hit.span);
                let party = Speaker::Party(lexicon.parties[i].id.clone());
                let title = match personal_name(titled) {
                    Some(name) => {
                        let words: Vec<&str> = name.split_whitespace().collect();
                        for word in [words.first(), words.last()].into_iter().flatten() {
                            if word.len() > 2 && word.chars().all(|c| c.is_alphabetic() || c == '-')
                            {
                                self.names.insert((*word).to_owned(), (party.clone(), unit));
                            }
                        }
                        &titled[..titled.len() - name.len()]
                    }
                    // An alias that is itself titled ("Secretary Blinken").
                    None => titled,
                };
                // Only a mention with a title is worth indexing ("China" is not).
                if !title.split_whitespace().any(|w| TITLE_WORDS.contains(&w)) {
                    continue;
                }
                let words: Vec<String> = title.split_whitespace().map(str::to_lowercase).collect();
                for from in 0..words.len() {
                    for to in from + 1..=words.len() {
                        self.titles
                            .insert(words[from..to].join(" "), (party.clone(), unit));
                    }
                }
            }
        }
    }

    /// Remember who spoke a unit.
    fn spoke(&mut self, speaker: Option<&Speaker>, unit: usize) {
        if let Some(speaker) = speaker {
            if matches!(speaker, Speaker::Party(_)) {
                self.last_party = Some((speaker.clone(), unit));
            }
            self.last_speaker = Some((speaker.clone(), unit));
        }
    }

    /// The party a title ("the Deputy Secretary") refers to: that of the
    /// last official named with it.
    fn title(&self, title: &str) -> Option<(Speaker, usize)> {
        let lower = title.to_lowercase();
        let bare = lower.strip_prefix("the ").unwrap_or(&lower).trim();
        let bare = bare.split_whitespace().collect::<Vec<_>>().join(" ");
        self.titles.get(&bare).cloned()
    }

    /// What a pronoun refers to: "they" the last speaker if it was joint,
    /// "he"/"she" the last single-party speaker.
    fn pronoun(&self, plural: bool) -> Option<(Speaker, usize)> {
        if plural {
            self.last_speaker
                .clone()
                .filter(|(s, _)| *s == Speaker::Joint)
        } else {
            self.last_party.clone()
        }
    }
}

/// At most this many words are read back from a mention for its title.
const TITLED_NAME_MAX_WORDS: usize = 8;

/// Words that end an official's title: what follows them is a name.
const TITLE_WORDS: &[&str] = &[
    "President",
    "Secretary",
    "Minister",
    "Advisor",
    "Adviser",
    "Ambassador",
    "Councilor",
    "Director",
    "Premier",
    "Chancellor",
    "Envoy",
    "Representative",
    "Spokesperson",
    "Chairman",
    "Leader",
    "Mr.",
    "Ms.",
    "Mrs.",
    "Dr.",
];

/// The personal name in a titled mention: "Wang Yi" in "Chinese Foreign
/// Minister Wang Yi", "Lee" in "President Lee"; `None` without a title.
fn personal_name(titled: &str) -> Option<&str> {
    let words: Vec<(usize, &str)> = titled
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - titled.as_ptr() as usize, w))
        .collect();
    let last_title = words.iter().rposition(|(_, w)| TITLE_WORDS.contains(w))?;
    let (start, _) = words.get(last_title + 1)?;
    let name = titled[*start..].trim();
    (!name.is_empty()).then_some(name)
}

/// The mention with the run of capitalised words (and "of") in front of it:
/// "Deputy Secretary of State Wendy Sherman" for the alias "Sherman".
fn titled_name(text: &str, span: Span) -> &str {
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

/// Tag every unit of `doc` with its speaker. `hits[i]` holds the lexicon
/// hits of unit `i`, in absolute spans.
pub fn tag(doc: &mut Document<'_>, lexicon: &Lexicon, hits: &[Vec<Hit>]) {
    let text = doc.text;
    let joint_statement = doc
        .headline
        .is_some_and(|h| lexicon.is_joint_statement_title(h.slice(text)));
    let mut label_speaker: Option<(Speaker, Span)> = None;
    let mut context = Context::default();
    for paragraph in &mut doc.paragraphs {
        if let Some(label) = paragraph.label {
            label_speaker = label_party(text, label, lexicon).map(|s| (s, label));
        }
        let mut previous: Option<(Speaker, usize)> = None;
        for unit in &mut paragraph.units {
            let unit_hits = hits.get(unit.index).map_or(&[][..], Vec::as_slice);
            if matches!(unit.role, Role::Headline | Role::Subheading) {
                context.learn(text, unit.index, unit_hits, lexicon);
                previous = None;
                continue;
            }
            let framing = unit_hits.iter().find(|h| h.target == Target::Narration);
            let mentions = mentions(text, unit.span, unit_hits, lexicon, &context);
            let tag = if let Some((speaker, label)) = &label_speaker {
                Some(SpeakerTag {
                    speaker: speaker.clone(),
                    evidence: evidence(Rule::Label, Some(speaker.id()), Some(*label), None, None),
                })
            } else if framing.is_some() {
                None
            } else if let Some(tag) = explicit(text, unit.span.start, unit_hits, &mentions) {
                Some(tag)
            } else if let Some((speaker, index)) = &previous {
                Some(SpeakerTag {
                    speaker: speaker.clone(),
                    evidence: evidence(Rule::Continuation, None, None, None, Some(*index)),
                })
            } else if joint_statement {
                Some(SpeakerTag {
                    speaker: Speaker::Joint,
                    evidence: evidence(Rule::JointStatement, None, doc.headline, None, None),
                })
            } else {
                None
            };
            context.learn(text, unit.index, unit_hits, lexicon);
            context.spoke(tag.as_ref().map(|t| &t.speaker), unit.index);
            previous = tag.as_ref().map(|t| (t.speaker.clone(), unit.index));
            unit.speaker = tag;
        }
    }
}

fn evidence(
    rule: Rule,
    cue: Option<&str>,
    term: Option<Span>,
    verb: Option<Span>,
    continues: Option<usize>,
) -> Evidence {
    Evidence {
        rule,
        cue: cue.map(str::to_owned),
        term,
        verb,
        continues,
    }
}

/// The party a transcript label names: `PRESIDENT XI:` → `china`.
fn label_party(text: &str, label: Span, lexicon: &Lexicon) -> Option<Speaker> {
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
        .map(|i| Speaker::Party(lexicon.parties[i].id.clone()))
}

/// The possible subjects of a unit, in order: aliases and joint cues as
/// they are, titles and pronouns resolved through `context` (dropped when
/// they cannot be).
fn mentions(
    text: &str,
    unit: Span,
    hits: &[Hit],
    lexicon: &Lexicon,
    context: &Context,
) -> Vec<Mention> {
    let mut found: Vec<Mention> = hits
        .iter()
        .filter_map(|hit| {
            let (speaker, antecedent) = match hit.target {
                Target::Party(i) => (Speaker::Party(lexicon.parties[i].id.clone()), None),
                Target::Joint => (Speaker::Joint, None),
                Target::Title => {
                    let (s, unit) = context.title(hit.span.slice(text))?;
                    (s, Some(unit))
                }
                Target::Pronoun { plural } => {
                    let (s, unit) = context.pronoun(plural)?;
                    (s, Some(unit))
                }
                _ => return None,
            };
            Some(Mention {
                span: hit.span,
                speaker,
                antecedent,
            })
        })
        .collect();
    // Bare names of officials met before ("Wang said"), where no lexicon
    // term already covers them.
    found.extend(name_mentions(text, unit, hits, context));
    found.sort_by_key(|m| m.span.start);
    found
}

/// Mentions of officials by a bare name learned earlier in the text.
/// One pass over the unit's words, each capitalised one looked up in the
/// names learned so far.
fn name_mentions(text: &str, region: Span, hits: &[Hit], context: &Context) -> Vec<Mention> {
    let mut out = Vec::new();
    if context.names.is_empty() {
        return out;
    }
    let slice = region.slice(text);
    let is_word = |c: char| c.is_alphanumeric() || c == '-';
    let mut chars = slice.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !is_word(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, c)) = chars.peek() {
            if !is_word(c) {
                break;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        if !c.is_uppercase() {
            continue;
        }
        let Some((speaker, unit)) = context.names.get(&slice[start..end]) else {
            continue;
        };
        let span = Span::new(region.start + start, region.start + end);
        if !hits.iter().any(|h| h.span.overlaps(span)) {
            out.push(Mention {
                span,
                speaker: speaker.clone(),
                antecedent: Some(*unit),
            });
        }
    }
    out
}

/// The subject of the first reporting verb that has one.
fn explicit(
    text: &str,
    unit_start: usize,
    hits: &[Hit],
    mentions: &[Mention],
) -> Option<SpeakerTag> {
    let verbs: Vec<Span> = hits
        .iter()
        .filter(|h| h.target == Target::Verb)
        .map(|h| h.span)
        .collect();
    for (v, &verb) in verbs.iter().enumerate() {
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
                return Some(SpeakerTag {
                    speaker: Speaker::Joint,
                    evidence: evidence(Rule::Joint, Some("joint"), Some(term), Some(verb), None),
                });
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
        let Some(&next) = verbs.get(v + 1) else {
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

fn tag_for(mention: &Mention, term: Span, verb: Span) -> SpeakerTag {
    let rule = match (&mention.speaker, mention.antecedent) {
        (_, Some(_)) => Rule::Coreference,
        (Speaker::Joint, None) => Rule::Joint,
        (Speaker::Party(_), None) => Rule::Explicit,
    };
    let cue = mention.speaker.id().to_owned();
    SpeakerTag {
        speaker: mention.speaker.clone(),
        evidence: evidence(rule, Some(&cue), Some(term), Some(verb), mention.antecedent),
    }
}

/// The speaker for a subject ending at the last of `mentions`: one party,
/// a joint cue, or several parties joined by "and" (joint).
fn subject_tag(text: &str, unit_start: usize, mentions: &[Mention], verb: Span) -> SpeakerTag {
    let last = &mentions[mentions.len() - 1];
    // "China and the ROK agreed", "the United States, the Republic of Korea
    // (ROK), and Japan condemned": walk back over coordinated mentions.
    let mut first = last;
    let mut parties = vec![last.speaker.clone()];
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
        parties.push(mention.speaker.clone());
        first = mention;
    }
    parties.sort();
    parties.dedup();
    // "The Vice Foreign Ministers and the Deputy Secretary condemned": a
    // group the lexicon does not know, joined to the first mention.
    let lead = &text[unit_start..first.span.start];
    let clause = lead.rsplit([',', ';', ':']).next().unwrap_or(lead);
    let joined_group = clause.trim_end().strip_suffix("and").is_some_and(|group| {
        let words: Vec<&str> = group.split_whitespace().collect();
        !words.is_empty()
            && words
                .iter()
                .all(|w| *w == "the" || w.chars().next().is_some_and(char::is_uppercase))
    });
    let term = Span::new(first.span.start, last.span.end);
    if parties.len() > 1 || joined_group {
        SpeakerTag {
            speaker: Speaker::Joint,
            evidence: evidence(Rule::Joint, Some("joint"), Some(term), Some(verb), None),
        }
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
fn without_parentheses(gap: &str) -> String {
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
    out
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
        w.chars().next().is_some_and(char::is_uppercase)
            || SUBJECT_NOUNS.contains(&w.to_lowercase().as_str())
    };
    if possessive && !words.iter().any(is_head) {
        return false;
    }
    words.len() <= SUBJECT_GAP_MAX_WORDS
        && words.iter().all(|w| {
            is_head(w)
                || SUBJECT_GAP_WORDS.contains(&w.to_lowercase().as_str())
                || w.ends_with("ly")
        })
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
