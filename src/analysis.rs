//! The whole analysis of one text: segment it, then for each paragraph in
//! turn scan each unit once against the lexicon, attribute speakers and tag
//! topics.
//!
//! Everything after segmentation looks only backwards (what the text has
//! said so far), so a text can be segmented, analysed and written a
//! paragraph at a time ([`analyze_paragraphs`]): memory then holds the text,
//! its lines and blocks, and one block's paragraphs, not the whole
//! document's.

use crate::attribute::Attributor;
use crate::document::{Document, Paragraph, Span};
use crate::lexicon::{Lexicon, Scratch, UnitHits};
use crate::segment;
use crate::topics;

/// Analyse `text` with `lexicon`.
pub fn analyze<'a>(text: &'a str, lexicon: &Lexicon) -> Document<'a> {
    let mut doc = segment::split(text);
    let mut tagger = Tagger::new(text, doc.headline, lexicon);
    for paragraph in &mut doc.paragraphs {
        tagger.paragraph(paragraph);
    }
    doc
}

/// Analyse `text` a paragraph at a time, as segmentation finds them,
/// handing each analysed paragraph to `visit` in order and then dropping
/// it, so that memory does not grow with the units of the whole text (and
/// each paragraph is analysed while its units are still in cache). The
/// same paragraphs as [`analyze`]'s, each with the document so far, as
/// [`segment::split_paragraphs`] gives it (for its headline and line
/// index). Stops at `visit`'s first error.
pub fn analyze_paragraphs<E>(
    text: &str,
    lexicon: &Lexicon,
    mut visit: impl FnMut(&Document<'_>, &Paragraph) -> Result<(), E>,
) -> Result<(), E> {
    // The headline is known before the first paragraph is handed over.
    let mut tagger: Option<Tagger<'_, '_>> = None;
    segment::split_paragraphs(text, |doc, paragraph| {
        let tagger = tagger.get_or_insert_with(|| Tagger::new(text, doc.headline, lexicon));
        tagger.paragraph(paragraph);
        visit(doc, paragraph)
    })
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
    fn new(text: &'t str, headline: Option<Span>, lexicon: &'l Lexicon) -> Self {
        Tagger {
            text,
            lexicon,
            speakers: Attributor::new(text, headline, lexicon),
            scratch: Scratch::default(),
            hits: UnitHits::default(),
        }
    }

    /// Scan, attribute and tag the units of the next paragraph.
    fn paragraph(&mut self, paragraph: &mut Paragraph) {
        // Match locally, shift once: hits are found in the unit's text and
        // moved to absolute offsets as they are recorded, and nowhere else.
        self.hits.clear();
        self.hits
            .scan_paragraph(self.lexicon, self.text, paragraph, &mut self.scratch);
        self.speakers.paragraph(paragraph, &self.hits);
        topics::tag_paragraph(self.text, paragraph, self.lexicon, &self.hits);
    }
}
