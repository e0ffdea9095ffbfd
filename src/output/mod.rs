//! Renderers: they take the analysis model and a `&mut dyn Write`, and never
//! analyse. `json` holds the wire types and the schema contract; `human` the
//! aligned text listing; `html` the self-contained pages for a browser.

pub mod csv;
pub mod html;
pub mod human;
pub mod json;
