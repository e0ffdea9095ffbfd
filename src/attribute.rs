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

/// Tag every unit of `doc` with its speaker. `hits[i]` holds the lexicon
/// hits of unit `i`, in absolute spans.
pub fn tag(doc: &mut Document<'_>, lexicon: &Lexicon, hits: &[Vec<Hit>]) {
    let text = doc.text;
    let joint_statement = doc
        .headline
        .is_some_and(|h| lexicon.is_joint_statement_title(h.slice(text)));
    let mut label_speaker: Option<(Speaker, Span)> = None;
    for paragraph in &mut doc.paragraphs {
        if let Some(label) = paragraph.label {
            label_speaker = label_party(text, label, lexicon).map(|s| (s, label));
        }
        let mut previous: Option<(Speaker, usize)> = None;
        for unit in &mut paragraph.units {
            if matches!(unit.role, Role::Headline | Role::Subheading) {
                previous = None;
                continue;
            }
            let unit_hits = hits.get(unit.index).map_or(&[][..], Vec::as_slice);
            let tag = if let Some((speaker, label)) = &label_speaker {
                Some(SpeakerTag {
                    speaker: speaker.clone(),
                    evidence: evidence(Rule::Label, Some(speaker.id()), Some(*label), None, None),
                })
            } else if let Some(tag) = explicit(text, unit_hits, lexicon) {
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

/// A speaker mention: a party alias or a joint cue.
fn mention_speaker(hit: &Hit, lexicon: &Lexicon) -> Option<Speaker> {
    match hit.target {
        Target::Party(i) => Some(Speaker::Party(lexicon.parties[i].id.clone())),
        Target::Joint => Some(Speaker::Joint),
        _ => None,
    }
}

/// The subject of the first reporting verb that has one.
fn explicit(text: &str, hits: &[Hit], lexicon: &Lexicon) -> Option<SpeakerTag> {
    for (v, verb) in hits.iter().enumerate() {
        if verb.target != Target::Verb {
            continue;
        }
        // Subject before the verb: the nearest mention, linked by a short gap.
        let before = hits[..v]
            .iter()
            .enumerate()
            .rev()
            .find(|(_, h)| mention_speaker(h, lexicon).is_some());
        if let Some((m, mention)) = before
            && subject_gap(&text[mention.span.end..verb.span.start])
        {
            return Some(subject_tag(text, &hits[..=m], verb.span, lexicon));
        }
        // Subject after the verb: `…,” said Wang Yi` / `, said the Chinese side`.
        if inverted_position(text, verb.span)
            && let Some(mention) = hits[v + 1..]
                .iter()
                .find(|h| mention_speaker(h, lexicon).is_some())
            && text[verb.span.end..mention.span.start]
                .trim_matches(char::is_whitespace)
                .split_whitespace()
                .all(|w| w.eq_ignore_ascii_case("the"))
        {
            let speaker = mention_speaker(mention, lexicon)?;
            return Some(tag_for(speaker, mention.span, verb.span));
        }
        // This verb's subject is not a party ("The Deputy Secretary
        // underscored that the United States welcomes …"): what follows is
        // its content, where parties are mentions. Go on only past an
        // introductory clause ("As I have said before, China …").
        let next = hits[v + 1..].iter().find(|h| h.target == Target::Verb);
        let Some(next) = next else { break };
        let between = &text[verb.span.end..next.span.start];
        if !between.contains(',') || between.split_whitespace().any(|w| w == "that") {
            break;
        }
    }
    None
}

fn tag_for(speaker: Speaker, term: Span, verb: Span) -> SpeakerTag {
    let rule = match speaker {
        Speaker::Joint => Rule::Joint,
        Speaker::Party(_) => Rule::Explicit,
    };
    let cue = speaker.id().to_owned();
    SpeakerTag {
        speaker,
        evidence: evidence(rule, Some(&cue), Some(term), Some(verb), None),
    }
}

/// The speaker for a subject ending at the last hit of `hits`: one party,
/// a joint cue, or two different parties joined by "and" (joint).
fn subject_tag(text: &str, hits: &[Hit], verb: Span, lexicon: &Lexicon) -> SpeakerTag {
    let last = hits[hits.len() - 1];
    let speaker = mention_speaker(&last, lexicon).unwrap_or(Speaker::Joint);
    // "China and the ROK agreed", "the United States, Japan, and the ROK
    // reaffirmed": walk back over coordinated mentions.
    let mut first = last;
    let mut parties = vec![speaker.clone()];
    for hit in hits[..hits.len() - 1].iter().rev() {
        let Some(other) = mention_speaker(hit, lexicon) else {
            break;
        };
        let gap = text[hit.span.end..first.span.start].trim();
        let gap = gap.trim_start_matches(',').trim();
        if !matches!(gap, "" | "and" | "and the" | "the" | "&") {
            break;
        }
        parties.push(other);
        first = *hit;
    }
    parties.sort();
    parties.dedup();
    let speaker = if parties.len() > 1 {
        Speaker::Joint
    } else {
        speaker
    };
    tag_for(speaker, Span::new(first.span.start, last.span.end), verb)
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
