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
use crate::lexicon::{Lexicon, Scratch, UnitHits};
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
    hits: UnitHits,
}

impl<'l, 't> Tagger<'l, 't> {
    fn new(doc: &Document<'t>, lexicon: &'l Lexicon) -> Self {
        Tagger {
            text: doc.text,
            lexicon,
            speakers: Attributor::new(doc.text, doc.headline, lexicon),
            scratch: Scratch::default(),
            hits: UnitHits::default(),
        }
    }

    /// Scan, attribute and tag the units of the next paragraph.
    fn paragraph(&mut self, paragraph: &mut Paragraph) {
        // Match locally, shift once: hits are found in the unit's text and
        // moved to absolute offsets as they are recorded, and nowhere else.
        self.hits.clear();
        for unit in &paragraph.units {
            self.hits
                .scan_unit(self.lexicon, self.text, unit.span, &mut self.scratch);
        }
        self.speakers.paragraph(paragraph, &self.hits);
        topics::tag_paragraph(self.text, paragraph, self.lexicon, &self.hits);
    }
}
