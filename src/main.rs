//! The `hub` binary: parse arguments, install the error handler, run, map to an exit code.

use std::process::ExitCode;

use clap::Parser;
use hub::cli::{self, ErrorKind, args::Cli};

// Validation allocates many small strings on several threads at once; mimalloc serves that
// pattern markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // clap prints help and version to stdout with exit 0, usage errors to stderr with 2.
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { cli::exit::USAGE } else { cli::exit::OK });
        }
    };
    install_error_handler();
    match cli::run(cli) {
        Ok(code) => code,
        Err(error) => {
            if error.kind != ErrorKind::BrokenPipe {
                eprintln!("{:?}", error.report);
            }
            error.exit_code()
        }
    }
}

/// Graphical reports on a terminal, plain ones in pipes and CI.
fn install_error_handler() {
    let _ = miette::set_hook(Box::new(|_| {
        use std::io::IsTerminal;
        let terminal = std::io::stderr().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Box::new(
            miette::MietteHandlerOpts::new()
                .terminal_links(false)
                .unicode(terminal)
                .color(terminal && !no_color)
                .width(100)
                .build(),
        )
    }));
}
