//! The `communique` binary: parse arguments, run, map the result to an exit
//! code. Nothing else lives here.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use communique::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse(); // clap exits 2 on usage errors, 0 on --help
    match cli::run(&cli) {
        Ok(outcome) => outcome.exit_code(),
        Err(e) if cli::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "communique: {e:#}");
            ExitCode::from(cli::ERROR_CODE)
        }
    }
}
