//! `hub catalog ...`: validate catalog files.

use std::io::Read;
use std::process::ExitCode;

use super::args::{CatalogArgs, CatalogCommand, Format, ValidateArgs};
use super::{CommandError, Context, ErrorKind, exit};
use crate::catalog::{self, Input, MAX_FILE_BYTES, ValidateRequest};
use crate::output::{self, Style};

pub fn run(context: &Context, args: CatalogArgs) -> Result<ExitCode, CommandError> {
    match args.command {
        CatalogCommand::Validate(args) => validate(context, args),
    }
}

fn validate(context: &Context, args: ValidateArgs) -> Result<ExitCode, CommandError> {
    let mut inputs = Vec::new();
    for path in args.paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Bytes { name: "<stdin>".to_owned(), bytes: read_stdin()? });
        } else {
            inputs.push(Input::Path(path));
        }
    }
    let request = ValidateRequest { inputs, globs: args.glob };
    let report = catalog::validate(&request).map_err(|e| CommandError::new(ErrorKind::Usage, e))?;
    let text = match args.format {
        Format::Human => output::findings::render(&report, Style::stdout(context.color)),
        Format::Json => output::json::render(&report),
        Format::Sarif => output::sarif::render(&report),
        Format::Github => output::github::render(&report),
    };
    output::write_stdout(&text)?;
    let failed = report.error_count() > 0 || (args.strict && report.warning_count() > 0);
    // The process ends right after this; freeing tens of thousands of findings and trees one by
    // one would only delay the exit.
    std::mem::forget(report);
    Ok(ExitCode::from(if failed { exit::FINDINGS } else { exit::OK }))
}

fn read_stdin() -> Result<Vec<u8>, CommandError> {
    let mut bytes = Vec::new();
    std::io::stdin().lock().take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(CommandError::new(
            ErrorKind::Usage,
            miette::miette!(
                "standard input is over {} MiB; catalog files that large are not read",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok(bytes)
}
