//! All integration tests, built into one binary (`autotests = false`).

mod cli;
mod golden_rules;
mod invariants;
mod json_contract;
mod seed_table;
