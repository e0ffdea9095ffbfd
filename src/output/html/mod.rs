//! HTML pages for people: `analyze --format html` and `compare --format
//! html`. Each page is one self-contained file: the stylesheet
//! (`report.css`) is inlined, the charts are inline SVG, and there are no
//! scripts, fonts or other resources to fetch, so it opens offline and
//! prints.
//!
//! Markup is built with `maud`, which escapes every spliced value, in text
//! and in attributes alike: input text can never become markup. Nothing
//! here concatenates markup by hand, and no input-derived value goes into
//! the stylesheet (speakers get palette classes, not inline colours).
//!
//! Contract the browser test (`tests/browser/`) relies on: each unit is one
//! element with `data-index`, `data-speaker` (party id, `joint` or `none`),
//! `data-topics` (space-separated ids), `data-rule` (the speaker rule, or
//! `none`) and `data-role`; the legend is `ul.legend`; the charts are
//! `svg.chart`.
//!
//! Like every renderer, this takes the analysis model and never analyses.
//! Evidence spans are byte offsets into the input; a span that is out of
//! range or not on char boundaries is shown without its text rather than
//! sliced (`str::get`), so a bad span can't panic the renderer.

use std::collections::BTreeSet;
use std::io::{self, Write};

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::document::{Document, Evidence, LineIndex, Rule, Span, Speaker, Unit};
use crate::lexicon::Lexicon;
use crate::report::{self, Comparison, Counterpart, SpeakerKey, speaker_rank};

const CSS: &str = include_str!("report.css");

/// Palette classes for parties (`sp-p0`…): the six Okabe–Ito colours other
/// than the one kept for `joint` and black. Parties beyond six reuse them,
/// in order; the speaker chip on every unit still names the party.
const PARTY_CLASSES: usize = 6;

/// Speakers' classes and display names for one page or article.
struct Palette<'l> {
    lexicon: &'l Lexicon,
    /// Party ids that speak, sorted: the index picks the palette class.
    parties: Vec<String>,
}

impl<'l> Palette<'l> {
    fn new<'d>(lexicon: &'l Lexicon, docs: impl IntoIterator<Item = &'d Document<'d>>) -> Self {
        let mut parties = BTreeSet::new();
        for doc in docs {
            for unit in doc.units() {
                if let Some(tag) = &unit.speaker
                    && let Speaker::Party(id) = &tag.speaker
                {
                    parties.insert(id.to_string());
                }
            }
        }
        Palette {
            lexicon,
            parties: parties.into_iter().collect(),
        }
    }

    /// The CSS class of a speaker (`None` = narration).
    fn class(&self, key: Option<&str>) -> String {
        match key {
            None => "sp-none".to_owned(),
            Some("joint") => "sp-joint".to_owned(),
            Some(id) => {
                let i = self.parties.iter().position(|p| p == id).unwrap_or(0);
                format!("sp-p{}", i % PARTY_CLASSES)
            }
        }
    }

    /// The display name of a speaker.
    fn name(&self, key: Option<&str>) -> String {
        match key {
            None => "Narration".to_owned(),
            Some("joint") => "Joint (the sides together)".to_owned(),
            Some(id) => self
                .lexicon
                .parties
                .iter()
                .find(|p| *p.id == *id)
                .map_or_else(|| id.to_owned(), |p| p.name.clone()),
        }
    }

    fn topic_name(&self, id: &str) -> String {
        self.lexicon
            .topics
            .iter()
            .find(|t| *t.id == *id)
            .map_or_else(|| id.to_owned(), |t| t.name.clone())
    }
}

/// The `data-speaker` value: a party id, `joint`, or `none`.
fn speaker_attr(unit: &Unit) -> &str {
    unit.speaker.as_ref().map_or("none", |s| s.speaker.id())
}

fn speaker_key(unit: &Unit) -> Option<&str> {
    unit.speaker.as_ref().map(|s| s.speaker.id())
}

/// `text[span]` when the span is in range and on char boundaries.
fn slice(text: &str, span: Span) -> Option<&str> {
    text.get(span.start..span.end)
}

fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// What a page's units need besides the unit: where ids start, and in
/// `compare`, the other side.
struct Side<'c> {
    /// Prefix of element ids (`""`, `a-`, `b-`, `t2-`).
    prefix: &'c str,
    /// The other text's letter and id prefix, in `compare`.
    other: Option<(&'c str, &'c str)>,
    /// This side's best counterparts, in `compare`.
    counterparts: &'c [Counterpart],
    /// Topics present only in this text, in `compare`.
    only_here: &'c [String],
}

impl Side<'_> {
    fn single(prefix: &str) -> Side<'_> {
        Side {
            prefix,
            other: None,
            counterparts: &[],
            only_here: &[],
        }
    }
}

/// A highlighted stretch of a unit.
struct Highlight {
    span: Span,
    class: &'static str,
    label: String,
}

/// The evidence spans that lie inside `unit`, without overlaps (the first
/// in text order wins), in text order.
fn highlights(doc: &Document<'_>, unit: &Unit) -> Vec<Highlight> {
    let mut all = Vec::new();
    if let Some(tag) = &unit.speaker {
        let who = tag.speaker.id();
        if let Some(term) = tag.evidence.term {
            all.push(Highlight {
                span: term,
                class: "speaker",
                label: format!("speaker {who}: {}", tag.evidence.rule.as_str()),
            });
        }
        if let Some(verb) = tag.evidence.verb {
            all.push(Highlight {
                span: verb,
                class: "verb",
                label: format!("reporting verb for {who}"),
            });
        }
    }
    for (tags, class) in [(&unit.topics, "topic"), (&unit.negated, "negated")] {
        for tag in tags {
            if let Some(term) = tag.evidence.term {
                all.push(Highlight {
                    span: term,
                    class,
                    label: format!("topic {}: {}", tag.topic, tag.evidence.rule.as_str()),
                });
            }
        }
    }
    all.retain(|h| {
        h.span.start >= unit.span.start
            && h.span.end <= unit.span.end
            && !h.span.is_empty()
            && slice(doc.text, h.span).is_some()
    });
    all.sort_by_key(|h| (h.span.start, std::cmp::Reverse(h.span.end)));
    let mut kept: Vec<Highlight> = Vec::new();
    for h in all {
        if kept.last().is_none_or(|k| k.span.end <= h.span.start) {
            kept.push(h);
        }
    }
    kept
}

/// The unit's text with its evidence terms in `<mark>`.
fn unit_text(doc: &Document<'_>, unit: &Unit) -> Markup {
    let marks = highlights(doc, unit);
    let mut pieces: Vec<(&str, Option<&Highlight>)> = Vec::new();
    let mut pos = unit.span.start;
    for h in &marks {
        pieces.push((doc.text.get(pos..h.span.start).unwrap_or_default(), None));
        pieces.push((slice(doc.text, h.span).unwrap_or_default(), Some(h)));
        pos = h.span.end;
    }
    pieces.push((doc.text.get(pos..unit.span.end).unwrap_or_default(), None));
    html! {
        @for (text, mark) in pieces {
            @if let Some(h) = mark {
                mark class=(h.class) title=(h.label) { (text) }
            } @else {
                (text)
            }
        }
    }
}

/// One line of evidence: rule, cue, term (quoted, with its place) and verb.
fn evidence_line(
    doc: &Document<'_>,
    lines: &LineIndex,
    prefix: &str,
    what: Markup,
    ev: &Evidence,
) -> Markup {
    let term = ev.term.and_then(|s| slice(doc.text, s).map(|t| (s, t)));
    let verb = ev.verb.and_then(|s| slice(doc.text, s));
    html! {
        li {
            (what) " — rule " code { (ev.rule.as_str()) }
            @if let Some(cue) = &ev.cue { ", cue " code { (cue) } }
            @if let Some((span, text)) = term {
                ", term “" mark { (text) } "” at line " (lines.line(span.start))
                ", col " (lines.column(doc.text, span.start))
            }
            @if let Some(verb) = verb { ", verb “" (verb) "”" }
            @if let Some(unit) = ev.continues {
                ", via unit " a href={ "#" (prefix) "u" (unit) } { (unit) }
            }
        }
    }
}

/// A short plain-text summary of a unit's tags, for its `title` tooltip.
fn unit_title(doc: &Document<'_>, palette: &Palette<'_>, unit: &Unit) -> String {
    let mut parts = Vec::new();
    match &unit.speaker {
        Some(tag) => {
            let id = tag.speaker.id();
            let mut s = format!(
                "{} ({id}), {}",
                palette.name(Some(id)),
                tag.evidence.rule.as_str()
            );
            if let Some(term) = tag.evidence.term.and_then(|t| slice(doc.text, t)) {
                s.push_str(&format!(": “{term}”"));
            }
            parts.push(s);
        }
        None => parts.push("Narration (no speaker)".to_owned()),
    }
    for tag in &unit.topics {
        let mut s = format!("{}, {}", tag.topic, tag.evidence.rule.as_str());
        if let Some(term) = tag.evidence.term.and_then(|t| slice(doc.text, t)) {
            s.push_str(&format!(": “{term}”"));
        }
        parts.push(s);
    }
    parts.join(" · ")
}

fn unit_block(
    doc: &Document<'_>,
    lines: &LineIndex,
    palette: &Palette<'_>,
    side: &Side<'_>,
    unit: &Unit,
) -> Markup {
    let key = speaker_key(unit);
    let topics: Vec<&str> = unit.topics.iter().map(|t| &*t.topic).collect();
    let rule = unit
        .speaker
        .as_ref()
        .map_or("none", |s| s.evidence.rule.as_str());
    let counterpart = side.counterparts.iter().find(|c| c.unit == unit.index);
    let unmatched = counterpart.is_some_and(|c| c.score < report::COUNTERPART_THRESHOLD);
    let mut class = format!("unit {} {}", palette.class(key), unit.role.as_str());
    if unmatched {
        class.push_str(" unmatched");
    }
    html! {
        div id={ (side.prefix) "u" (unit.index) } class=(class)
            data-index=(unit.index) data-role=(unit.role.as_str())
            data-speaker=(speaker_attr(unit)) data-topics=(topics.join(" "))
            data-rule=(rule) data-line=(lines.line(unit.span.start))
            data-unmatched=[unmatched.then_some("true")]
            title=(unit_title(doc, palette, unit)) {
            p.text {
                span.num { (unit.index) }
                (unit_text(doc, unit))
            }
            ul.chips {
                li.chip.who { (palette.name(key)) }
                @for tag in &unit.topics {
                    @let only = side.only_here.iter().any(|t| **t == *tag.topic);
                    li.chip.topic.inherited[tag.evidence.rule == Rule::Inherited]
                        .only[only] data-topic=(tag.topic)
                        title=(palette.topic_name(&tag.topic)) {
                        (tag.topic)
                        @if only { " (only here)" }
                    }
                }
                @if let (Some(c), Some((letter, prefix))) = (counterpart, side.other) {
                    @if unmatched {
                        li.chip.flag { "no counterpart in " (letter) }
                    } @else if let Some(best) = c.best {
                        li.chip {
                            a href={ "#" (prefix) "u" (best) } {
                                "≈ " (letter) " unit " (best) " (" (format!("{:.2}", c.score)) ")"
                            }
                        }
                    }
                }
            }
            @if unit.speaker.is_some() || !unit.topics.is_empty() || !unit.negated.is_empty() {
                details.evidence {
                    summary { "Evidence" }
                    ul {
                        @if let Some(tag) = &unit.speaker {
                            (evidence_line(doc, lines, side.prefix,
                                html! { "speaker " strong { (palette.name(Some(tag.speaker.id()))) } },
                                &tag.evidence))
                        }
                        @for tag in &unit.topics {
                            (evidence_line(doc, lines, side.prefix,
                                html! { "topic " strong { (tag.topic) } }, &tag.evidence))
                        }
                        @for tag in &unit.negated {
                            (evidence_line(doc, lines, side.prefix,
                                html! { "negated topic " strong { (tag.topic) } " (not tagged)" },
                                &tag.evidence))
                        }
                    }
                }
            }
        }
    }
}

/// The text, paragraph by paragraph.
fn body(doc: &Document<'_>, palette: &Palette<'_>, side: &Side<'_>) -> Markup {
    let lines = &doc.lines;
    html! {
        @if let Some(dateline) = doc.dateline.and_then(|s| slice(doc.text, s)) {
            p.meta { "Dateline: " (dateline) }
        }
        @for para in &doc.paragraphs {
            section.para data-paragraph=(para.index) {
                @if let Some(label) = para.label.and_then(|s| slice(doc.text, s)) {
                    p.para-label { (label) }
                }
                @for unit in &para.units {
                    (unit_block(doc, lines, palette, side, unit))
                }
            }
        }
    }
}

/// Speakers present in `docs`, in report order (parties, joint, narration).
fn speakers_of<'d>(docs: impl IntoIterator<Item = &'d Document<'d>>) -> Vec<SpeakerKey> {
    let mut keys: BTreeSet<SpeakerKey> = BTreeSet::new();
    for doc in docs {
        for unit in doc.units() {
            keys.insert(speaker_key(unit).map(str::to_owned));
        }
    }
    let mut keys: Vec<SpeakerKey> = keys.into_iter().collect();
    keys.sort_by(|a, b| speaker_rank(a).cmp(&speaker_rank(b)));
    keys
}

fn legend(palette: &Palette<'_>, keys: &[SpeakerKey]) -> Markup {
    html! {
        ul.legend {
            @for key in keys {
                @let k = key.as_deref();
                li class=(palette.class(k)) data-legend=(k.unwrap_or("none")) {
                    span.swatch aria-hidden="true" {}
                    span { (palette.name(k)) }
                    @if let Some(id) = k { code { (id) } }
                }
            }
        }
    }
}

/// Rough width of `text` in the charts' 13px font, for layout.
fn text_width(text: &str) -> usize {
    text.chars().count() * 15 / 2 + 16
}

/// Width of a chart's label column: the widest name, at most 240.
fn label_width(names: &[String]) -> usize {
    names
        .iter()
        .map(|n| text_width(n))
        .max()
        .unwrap_or(0)
        .min(240)
}

/// Horizontal bars: each speaker's share of the text's words.
fn shares_chart(palette: &Palette<'_>, doc: &Document<'_>, caption: &str) -> Markup {
    let rows = report::speakers(doc);
    let names: Vec<String> = rows
        .iter()
        .map(|r| palette.name(r.speaker.as_deref()))
        .collect();
    let label_w = label_width(&names);
    let bar_w = 300;
    let row_h = 24;
    let width = label_w + bar_w + 150;
    let height = row_h * rows.len().max(1) + 8;
    html! {
        figure {
            figcaption { (caption) }
            svg.chart.shares role="img" aria-label={ (caption) ": share of words by speaker" }
                width=(width) height=(height) viewBox={ "0 0 " (width) " " (height) } {
                @for (i, (row, name)) in rows.iter().zip(&names).enumerate() {
                    @let y = i * row_h + 4;
                    @let w = (row.share * bar_w as f64).round().max(1.0);
                    g class=(palette.class(row.speaker.as_deref())) {
                        title {
                            (name) ": " (percent(row.share)) " of words, " (row.sentences)
                            @if row.sentences == 1 { " sentence" } @else { " sentences" }
                        }
                        text x=(label_w - 6) y=(y + 16) text-anchor="end" { (name) }
                        rect.bar x=(label_w) y=(y + 2) width=(w) height=(row_h - 6) {}
                        text.muted x=(label_w as f64 + w + 6.0) y=(y + 16) {
                            (percent(row.share)) " · " (row.sentences) " sent."
                        }
                    }
                }
            }
        }
    }
}

/// The speaker × topic matrix: a dot per cell, its area proportional to the
/// count, with the count beside it.
fn matrix_chart(palette: &Palette<'_>, doc: &Document<'_>) -> Markup {
    let m = report::matrix(doc);
    let names: Vec<String> = m
        .speakers
        .iter()
        .map(|s| palette.name(s.as_deref()))
        .collect();
    let columns: Vec<&str> = m
        .topics
        .iter()
        .map(|t| t.as_deref().unwrap_or("(none)"))
        .collect();
    let label_w = label_width(&names);
    let col_w = columns
        .iter()
        .map(|c| text_width(c))
        .max()
        .unwrap_or(0)
        .max(56);
    let row_h = 34;
    let head_h = 24;
    let width = label_w + col_w * columns.len().max(1) + 4;
    let height = head_h + row_h * m.speakers.len().max(1) + 4;
    let max = m.counts.iter().flatten().copied().max().unwrap_or(0).max(1);
    html! {
        figure {
            figcaption { "Speaker × topic (sentences)" }
            svg.chart.matrix role="img" aria-label="Speaker by topic sentence counts"
                width=(width) height=(height) viewBox={ "0 0 " (width) " " (height) } {
                @for (j, col) in columns.iter().enumerate() {
                    text x=(label_w + j * col_w + col_w / 2) y="16" text-anchor="middle" { (col) }
                }
                @for (i, (row, name)) in m.counts.iter().zip(&names).enumerate() {
                    @let y = head_h + i * row_h;
                    g class=(palette.class(m.speakers[i].as_deref())) {
                        line.grid x1="0" x2=(width) y1=(y) y2=(y) {}
                        text x=(label_w - 6) y=(y + row_h / 2 + 5) text-anchor="end" { (name) }
                        @for (j, &n) in row.iter().enumerate() {
                            @let cx = label_w + j * col_w + col_w / 2;
                            @let cy = y + row_h / 2;
                            @if n == 0 {
                                text.muted x=(cx) y=(cy + 5) text-anchor="middle" { "·" }
                            } @else {
                                @let r = 3.0 + 10.0 * (n as f64 / max as f64).sqrt();
                                g {
                                    title { (name) " × " (columns[j]) ": " (n) }
                                    circle.dot cx=(cx - 8) cy=(cy) r=(format!("{r:.1}")) {}
                                    text x=(cx + 8) y=(cy + 5) { (n) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The file name of a source path, for page titles.
fn base_name(source: &str) -> &str {
    source.rsplit(['/', '\\']).next().unwrap_or(source)
}

/// A page title of at most 60 chars, cut with `…`: tabs cut long titles,
/// and html-validate flags titles over 70 chars counting escapes.
fn short_title(title: &str) -> String {
    const MAX: usize = 60;
    if title.chars().count() <= MAX {
        title.to_owned()
    } else {
        let mut cut: String = title.chars().take(MAX - 1).collect();
        cut.push('…');
        cut
    }
}

fn page(title: &str, content: Markup) -> Markup {
    let title = short_title(title);
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                (content)
                footer {
                    "communique " (env!("CARGO_PKG_VERSION"))
                    ". Colours follow the speaker; narration is grey with a dotted edge, "
                    "joint statements green with a double edge. Open “Evidence” under a "
                    "sentence for the rule and the words behind each tag."
                }
            }
        }
    }
}

fn counts_line(doc: &Document<'_>) -> Markup {
    let units = doc.units().count();
    html! {
        p.meta {
            (units) " units, " (doc.paragraphs.len()) " paragraphs"
            @if !doc.repairs.is_empty() {
                ", " (doc.repairs.len()) " paragraph"
                @if doc.repairs.len() > 1 { "s" }
                " repaired"
            }
        }
    }
}

fn analysis_article(lexicon: &Lexicon, source: &str, doc: &Document<'_>, prefix: &str) -> Markup {
    let palette = Palette::new(lexicon, [doc]);
    let keys = speakers_of([doc]);
    html! {
        article.analysis data-source=(source) {
            header {
                h1 { (source) }
                (counts_line(doc))
            }
            section.summary aria-label="Summary" {
                h2 { "Summary" }
                (legend(&palette, &keys))
                div.charts {
                    (shares_chart(&palette, doc, "Speaker shares"))
                    (matrix_chart(&palette, doc))
                }
            }
            section.text aria-label="Text" {
                h2 { "Text" }
                (body(doc, &palette, &Side::single(prefix)))
            }
        }
    }
}

/// Write one page holding the analysis of each `(source, document)`: a
/// summary (legend, speaker shares, speaker × topic matrix) and the text,
/// each unit coloured by speaker with its topics and evidence.
pub fn write_analysis(
    out: &mut dyn Write,
    lexicon: &Lexicon,
    docs: &[(&str, &Document<'_>)],
) -> io::Result<()> {
    let title = match docs {
        [(source, _)] => format!("communique: {}", base_name(source)),
        _ => format!("communique: {} texts", docs.len()),
    };
    let content = html! {
        @for (i, (source, doc)) in docs.iter().enumerate() {
            // Ids stay unique on a page of several texts.
            @let prefix = if docs.len() == 1 { String::new() } else { format!("t{i}-") };
            (analysis_article(lexicon, source, doc, &prefix))
        }
    };
    out.write_all(page(&title, content).into_string().as_bytes())
}

fn speakers_cell(palette: &Palette<'_>, list: &[(SpeakerKey, usize)]) -> Markup {
    html! {
        @if list.is_empty() { "—" }
        @for (i, (key, n)) in list.iter().enumerate() {
            @if i > 0 { ", " }
            span class=(palette.class(key.as_deref())) { (palette.name(key.as_deref())) " " (n) }
        }
    }
}

fn topic_list(list: &[String]) -> Markup {
    html! {
        @if list.is_empty() { "none" }
        @else {
            ul.chips {
                @for t in list { li.chip.only data-topic=(t) { (t) } }
            }
        }
    }
}

/// Write the comparison of `a` and `b` as one page: the topics in one text
/// only, who speaks on each topic in each, the positions recorded in one
/// text only, and the two texts in two columns with each sentence that has
/// no counterpart in the other text marked.
pub fn write_comparison(
    out: &mut dyn Write,
    lexicon: &Lexicon,
    (a_name, a): (&str, &Document<'_>),
    (b_name, b): (&str, &Document<'_>),
    c: &Comparison,
) -> io::Result<()> {
    let palette = Palette::new(lexicon, [a, b]);
    let keys = speakers_of([a, b]);
    let side_a = Side {
        prefix: "a-",
        other: Some(("B", "b-")),
        counterparts: &c.a_to_b,
        only_here: &c.only_a,
    };
    let side_b = Side {
        prefix: "b-",
        other: Some(("A", "a-")),
        counterparts: &c.b_to_a,
        only_here: &c.only_b,
    };
    let content = html! {
        header {
            h1 { "Comparison" }
            p.meta { "A: " strong { (a_name) } }
            p.meta { "B: " strong { (b_name) } }
            p.meta {
                "Similarity " (format!("{:.2}", c.similarity))
                " (mean best word overlap); sentences below "
                (format!("{:.1}", report::COUNTERPART_THRESHOLD)) " have no counterpart."
            }
        }
        section.summary aria-label="Summary" {
            h2 { "Summary" }
            (legend(&palette, &keys))
            h3 { "Topics only in A" }
            (topic_list(&c.only_a))
            h3 { "Topics only in B" }
            (topic_list(&c.only_b))
            h3 { "Who speaks on each topic (sentences)" }
            @if c.topics.is_empty() { p { "No topics." } } @else {
                table.topics {
                    thead { tr { th scope="col" { "topic" } th scope="col" { "A" } th scope="col" { "B" } } }
                    tbody {
                        @for t in &c.topics {
                            tr data-topic=(t.topic) {
                                th scope="row" {
                                    (t.topic)
                                    @if c.only_a.contains(&t.topic) { span.badge { "A only" } }
                                    @if c.only_b.contains(&t.topic) { span.badge { "B only" } }
                                }
                                td { (speakers_cell(&palette, &t.a)) }
                                td { (speakers_cell(&palette, &t.b)) }
                            }
                        }
                    }
                }
            }
            h3 { "Positions recorded in one text only" }
            @if c.one_sided.is_empty() { p { "None." } } @else {
                ul {
                    @for p in &c.one_sided {
                        @let (letter, prefix) = if p.in_a { ("A", "a-") } else { ("B", "b-") };
                        li {
                            (palette.name(Some(&p.speaker))) " on " strong { (p.topic) }
                            ": only in " (letter) ", first in "
                            a href={ "#" (prefix) "u" (p.unit) } { "unit " (p.unit) }
                        }
                    }
                }
            }
            div.charts {
                (shares_chart(&palette, a, "Speaker shares in A"))
                (shares_chart(&palette, b, "Speaker shares in B"))
            }
        }
        div.columns {
            article.side data-side="a" data-source=(a_name) {
                h2 { "A: " (a_name) }
                (counts_line(a))
                p.meta { (c.unmatched_a().count()) " sentences without a counterpart in B" }
                (body(a, &palette, &side_a))
            }
            article.side data-side="b" data-source=(b_name) {
                h2 { "B: " (b_name) }
                (counts_line(b))
                p.meta { (c.unmatched_b().count()) " sentences without a counterpart in A" }
                (body(b, &palette, &side_b))
            }
        }
    };
    let title = format!("communique: {} vs {}", base_name(a_name), base_name(b_name));
    out.write_all(page(&title, content).into_string().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;

    fn render(text: &str) -> String {
        let lexicon = Lexicon::builtin();
        let doc = analyze(text, &lexicon);
        let mut out = Vec::new();
        write_analysis(&mut out, &lexicon, &[("t.txt", &doc)]).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn terms_are_marked_inside_their_unit() {
        let page = render(
            "The ROK side reiterated that its position on the one-China principle remains unchanged.",
        );
        assert!(page.contains(
            r#"<mark class="speaker" title="speaker rok: explicit">The ROK side</mark>"#
        ));
        assert!(page.contains(">one-China principle</mark>"));
    }

    #[test]
    fn multibyte_text_around_marks_is_kept_whole() {
        let page =
            render("“Both sides” — the Chinese side stressed that Taiwan is a core interest.");
        assert!(page.contains("“Both sides” — "));
        assert!(page.contains(">Taiwan</mark>"));
    }

    #[test]
    fn a_span_off_a_char_boundary_is_not_sliced() {
        assert_eq!(slice("“a”", Span::new(1, 3)), None);
    }
}
