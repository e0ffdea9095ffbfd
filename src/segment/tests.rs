//! Segmentation cases, snapshotted inline. Refresh with
//! `SNAPSHOTS=overwrite cargo test` and review the diff.

use snapbox::{assert_data_eq, str};

use super::*;

/// Hand `check` every text made of three of `pieces` and one of `ends`, in
/// turn: the texts that hold a hand-written matcher to its regex.
pub(super) fn each_text_of(pieces: &[&str], ends: &[&str], mut check: impl FnMut(&str)) {
    let mut text = String::new();
    for &a in pieces {
        for &b in pieces {
            for &c in pieces {
                for &d in ends {
                    text.clear();
                    text.extend([a, b, c, d]);
                    check(&text);
                }
            }
        }
    }
}

/// `"text"` with line breaks shown as `⏎` (snapbox turns backslashes into
/// slashes, so `{:?}` escapes would not survive).
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace("\r\n", "⏎").replace(['\n', '\r'], "⏎"))
}

/// One line per paragraph, unit and structure element, in input order.
fn listing(text: &str) -> String {
    let doc = split(text);
    let mut rows: Vec<(usize, String)> = Vec::new();
    for s in &doc.structure {
        rows.push((
            s.span.start,
            format!("{} {}", s.kind.as_str(), quoted(s.span.slice(text))),
        ));
    }
    for p in &doc.paragraphs {
        for (k, u) in p.units.iter().enumerate() {
            let lead = if k == 0 {
                format!("¶{}", p.index)
            } else {
                "  ".to_owned()
            };
            rows.push((
                u.span.start,
                format!("{lead} {} {}", u.role.as_str(), quoted(u.span.slice(text))),
            ));
        }
    }
    for r in &doc.repairs {
        rows.push((
            r.gap.start,
            format!(
                "repair ¶{} after {}",
                r.paragraph,
                quoted(r.fragment.slice(text))
            ),
        ));
    }
    rows.sort_by_key(|(at, _)| *at);
    rows.into_iter().map(|(_, row)| row + "\n").collect()
}

#[test]
fn dateline_and_slug_are_structure_and_the_first_sentence_follows() {
    assert_data_eq!(
        listing(
            "(LEAD) Lee departs for Beijing\n\n(LEAD) Lee-China(ATTN: UPDATES)By Kim Eun-jung SEOUL, Jan. 4 (Yonhap) -- President Lee Jae Myung departed for China on Sunday. He will meet Xi.\n"
        ),
        str![[r#"
¶0 headline "(LEAD) Lee departs for Beijing"
slug "(LEAD) Lee-China(ATTN: UPDATES)By Kim Eun-jung"
dateline "SEOUL, Jan. 4 (Yonhap) --"
¶1 sentence "President Lee Jae Myung departed for China on Sunday."
   sentence "He will meet Xi."

"#]]
    );
}

#[test]
fn fragment_before_lowercase_paragraph_is_repaired() {
    assert_data_eq!(
        listing("Talks held\n\nThe talks\n\nwere co-chaired by Mr. Sun. Both sides spoke.\n"),
        str![[r#"
¶0 headline "Talks held"
¶1 sentence "The talks⏎⏎were co-chaired by Mr. Sun."
repair ¶1 after "The talks"
   sentence "Both sides spoke."

"#]]
    );
}

#[test]
fn numbered_and_lettered_items_keep_markers_as_structure() {
    assert_data_eq!(
        listing(
            "Cable\n\n2. Please give the text. It is final.\n\n(a) Recognition. (b) Embassies.\n\n• First point\n• Second point\n"
        ),
        str![[r#"
¶0 headline "Cable"
marker "2."
¶1 item "Please give the text."
   item "It is final."
marker "(a)"
¶2 item "Recognition."
marker "(b)"
   item "Embassies."
marker "•"
¶3 item "First point"
marker "•"
   item "Second point"

"#]]
    );
}

#[test]
fn transcript_labels_and_separators_are_structure() {
    assert_data_eq!(
        listing(
            "Remarks\n\nRoosevelt Room\n\nPRESIDENT XI:  (As interpreted.)  Good to see you, Mr. President.  Thank you.\n\nI. SECURE THE INDO-PACIFIC AND BEYOND\n\n###\n"
        ),
        str![[r####"
¶0 headline "Remarks"
¶1 subheading "Roosevelt Room"
label "PRESIDENT XI:  (As interpreted.)"
¶2 sentence "Good to see you, Mr. President."
   sentence "Thank you."
¶3 subheading "I. SECURE THE INDO-PACIFIC AND BEYOND"
separator "###"

"####]]
    );
}

#[test]
fn crlf_bom_and_lone_cr_are_line_breaks_and_spans_stay_in_the_input() {
    assert_data_eq!(
        listing("\u{feff}Headline here\r\n\r\nFirst one. Second one.\r\rThird one.\r\n"),
        str![[r#"
¶0 headline "Headline here"
¶1 sentence "First one."
   sentence "Second one."
¶2 sentence "Third one."

"#]]
    );
}

#[test]
fn single_block_has_no_headline() {
    assert_data_eq!(
        listing("Hello World. My name is Jonas."),
        str![[r#"
¶0 sentence "Hello World."
   sentence "My name is Jonas."

"#]]
    );
}

/// Texts made of the pieces segmentation looks for: headlines, datelines,
/// list markers, transcript labels, separators, fragments continued in
/// lower case, line breaks of every kind, a BOM.
pub(crate) const STRUCTURED: &str = "(\u{feff}|SEOUL, Jan\\. 4 \\(Yonhap\\) -- |BEIJING — |1\\. |a\\) |• |- |Q: |MR\\. WANG: |---|\\* \\* \\*|\n\n|\n|\r\n|\r|[A-Z][a-z]{0,6}|[a-z]{1,6}|[0-9]{1,3}|\\. |, |: | ){0,60}";

/// What `outline` must give: `split` without the paragraphs.
fn assert_outline_is_split_less_paragraphs(text: &str) {
    let mut whole = split(text);
    whole.paragraphs.clear();
    assert_eq!(outline(text), whole, "{text:?}");
}

#[test]
fn the_outline_of_each_fixture_and_of_edge_cases_is_its_split_less_paragraphs() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut texts: Vec<String> = ["", "\n\n", "Headline only", "Headline only\n"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    for dir in [root.clone(), root.join("corpus")] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|x| x == "txt") {
                texts.push(std::fs::read_to_string(path).unwrap());
            }
        }
    }
    assert!(texts.len() > 20, "fixtures not found");
    for text in &texts {
        assert_outline_is_split_less_paragraphs(text);
    }
}

proptest::proptest! {
    #[test]
    fn the_outline_is_the_split_less_paragraphs(text in STRUCTURED) {
        assert_outline_is_split_less_paragraphs(&text);
    }
}
