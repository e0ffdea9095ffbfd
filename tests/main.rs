//! All integration tests, built into one binary (`autotests = false`).
//! Tests may unwrap and print their reports (clippy.toml allows unwrap only
//! inside `#[test]` functions, not in their helpers).
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod cli;
mod eval_floor;
mod golden_rules;
mod html;
mod invariants;
mod json_contract;
mod reliability;
mod seed_table;
mod support;
