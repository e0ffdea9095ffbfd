//! The whole analysis of one text: segment it, then for each paragraph in
//! turn scan each unit once against the lexicon, attribute speakers and tag
//! topics.
//!
//! Everything after segmentation looks only backwards (what the text has
//! said so far), so a text can be analysed and written a paragraph at a time
//! ([`analyze_paragraphs`]): memory then holds the text, its segmentation
//! and one paragraph's analysis, not the whole document's.

use crate::attribute::Attributor;
use crate::document::{Document, Paragraph};
use crate::lexicon::{Hit, Lexicon, Scratch};
use crate::segment;
use crate::topics;

/// Analyse `text` with `lexicon`.
pub fn analyze<'a>(text: &'a str, lexicon: &Lexicon) -> Document<'a> {
    let mut doc = segment::split(text);
    let mut tagger = Tagger::new(&doc, lexicon);
    for paragraph in &mut doc.paragraphs {
        tagger.paragraph(paragraph);
    }
    doc
}

/// Analyse `text` a paragraph at a time, handing each analysed paragraph to
/// `visit` in order and then dropping its units, so that memory does not
/// grow with the analysis of the whole text. Stops at `visit`'s first error.
pub fn analyze_paragraphs<E>(
    text: &str,
    lexicon: &Lexicon,
    mut visit: impl FnMut(&Paragraph) -> Result<(), E>,
) -> Result<(), E> {
    let mut doc = segment::split(text);
    let mut tagger = Tagger::new(&doc, lexicon);
    for paragraph in &mut doc.paragraphs {
        tagger.paragraph(paragraph);
        visit(paragraph)?;
        paragraph.units = Vec::new();
    }
    Ok(())
}

/// Analysis state carried from one paragraph of a text to the next.
struct Tagger<'l, 't> {
    text: &'t str,
    lexicon: &'l Lexicon,
    speakers: Attributor<'l, 't>,
    scratch: Scratch,
}

impl<'l, 't> Tagger<'l, 't> {
    fn new(doc: &Document<'t>, lexicon: &'l Lexicon) -> Self {
        Tagger {
            text: doc.text,
            lexicon,
            speakers: Attributor::new(doc.text, doc.headline, lexicon),
            scratch: Scratch::default(),
        }
    }

    /// Scan, attribute and tag the units of the next paragraph.
    fn paragraph(&mut self, paragraph: &mut Paragraph) {
        // Match locally, shift once: hits are found in the unit's text and
        // moved to absolute offsets here, and nowhere else.
        let hits: Vec<Vec<Hit>> = paragraph
            .units
            .iter()
            .map(|unit| {
                self.lexicon
                    .scan_with(unit.span.slice(self.text), &mut self.scratch)
                    .into_iter()
                    .map(|hit| Hit {
                        span: hit.span.shift(unit.span.start),
                        ..hit
                    })
                    .collect()
            })
            .collect();
        self.speakers.paragraph(paragraph, &hits);
        topics::tag_paragraph(self.text, paragraph, self.lexicon, &hits);
    }
}
