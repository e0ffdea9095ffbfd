//! All integration tests, built into one binary.
