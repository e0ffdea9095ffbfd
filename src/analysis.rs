//! The whole analysis of one text: segment, scan each unit once against the
//! lexicon, attribute speakers, tag topics.

use crate::attribute;
use crate::document::Document;
use crate::lexicon::{Hit, Lexicon, Scratch};
use crate::segment;
use crate::topics;

/// Analyse `text` with `lexicon`.
pub fn analyze<'a>(text: &'a str, lexicon: &Lexicon) -> Document<'a> {
    let mut doc = segment::split(text);
    // Match locally, shift once: hits are found in the unit's text and moved
    // to absolute offsets here, and nowhere else.
    let mut scratch = Scratch::default();
    let hits: Vec<Vec<Hit>> = doc
        .units()
        .map(|unit| {
            lexicon
                .scan_with(unit.span.slice(text), &mut scratch)
                .into_iter()
                .map(|hit| Hit {
                    span: hit.span.shift(unit.span.start),
                    ..hit
                })
                .collect()
        })
        .collect();
    attribute::tag(&mut doc, lexicon, &hits);
    topics::tag(&mut doc, lexicon, &hits);
    doc
}
