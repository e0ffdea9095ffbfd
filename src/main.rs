//! The `communique` binary: parse arguments, run, map the result to an exit
//! code. Nothing else lives here.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use communique::cli::{self, Cli};

// mimalloc instead of the system allocator: the analysis allocates small
// vectors per unit and per tag, and glibc's malloc and free were 5–10% of
// the instructions. Measured with both builds in one `hyperfine` run: 100 MB
// jsonl 1.07–1.15x faster, 1,680 small files 1.08x (one thread) and 1.16x
// (two); peak RSS on 100 MB 133 -> 186 MB (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
