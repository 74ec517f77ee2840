//! `hub generate ...` (hidden): completions and man pages from the clap definitions.
//! The results are committed under completions/ and man/, and a test keeps them current.

use std::path::Path;
use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

use super::args::{Cli, GenerateArgs, GenerateCommand};
use super::{CommandError, ErrorKind};

pub fn run(args: &GenerateArgs) -> Result<ExitCode, CommandError> {
    match &args.command {
        GenerateCommand::Completions { dir } => completions(dir)?,
        GenerateCommand::Man { dir } => man_pages(dir)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn io_error(path: &Path, error: &std::io::Error) -> CommandError {
    CommandError::new(ErrorKind::Internal, miette::miette!("cannot write {}: {error}", path.display()))
}

fn completions(dir: &Path) -> Result<(), CommandError> {
    std::fs::create_dir_all(dir).map_err(|e| io_error(dir, &e))?;
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell, Shell::Elvish] {
        let mut command = Cli::command();
        clap_complete::generate_to(shell, &mut command, "hub", dir).map_err(|e| io_error(dir, &e))?;
    }
    Ok(())
}

fn man_pages(dir: &Path) -> Result<(), CommandError> {
    std::fs::create_dir_all(dir).map_err(|e| io_error(dir, &e))?;
    let command = Cli::command();
    write_man(dir, &command, "hub")
}

fn write_man(dir: &Path, command: &clap::Command, name: &str) -> Result<(), CommandError> {
    let page = command.clone().name(name.to_owned());
    let mut buffer = Vec::new();
    clap_mangen::Man::new(page).render(&mut buffer).map_err(|e| io_error(dir, &e))?;
    let path = dir.join(format!("{name}.1"));
    std::fs::write(&path, buffer).map_err(|e| io_error(&path, &e))?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set() && s.get_name() != "help") {
        write_man(dir, sub, &format!("{name}-{}", sub.get_name()))?;
    }
    Ok(())
}
