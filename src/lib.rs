//! `communique` reads diplomatic press releases, readouts and joint
//! statements and tells, sentence by sentence, who is speaking and about
//! what, with the evidence for every tag.
//!
//! The analysis is pure: [`analysis::analyze`] takes a `&str` and a
//! [`lexicon::Lexicon`] and returns a [`document::Document`] whose spans are
//! byte ranges into that text. Rendering lives in [`output`]; the command
//! line in [`cli`]. Imports go one way: cli → cmd → output → attribute/topics
//! → segment/lexicon → document.

pub mod analysis;
pub mod attribute;
pub mod cli;
pub(crate) mod cmd;
pub mod document;
pub mod eval;
pub mod examples;
pub mod expect;
pub mod finding;
pub mod id;
pub mod input;
pub mod lexicon;
pub mod output;
pub mod report;
pub mod rules;
pub mod segment;
pub mod topics;
