//! `hub whoowns`: who owns a service, and what a team owns.

use std::fmt::Write as _;
use std::process::ExitCode;

use super::args::{Output, WhoownsArgs};
use super::{CommandError, Context, ErrorKind};
use crate::auth::user;
use crate::catalog::index::Index;
use crate::catalog::owners::{self, Contact, Owner, Ownership, TeamHoldings};
use crate::output::{self, Style};

pub fn run(context: &Context, args: &WhoownsArgs) -> Result<ExitCode, CommandError> {
    let index = context.open_index()?;
    let style = Style::stdout(context.color);
    let text = match (&args.team, &args.entity) {
        _ if args.mine => {
            let holdings = mine(context, args, &index)?;
            match args.output {
                Output::Table => team_text("You", &holdings, style),
                Output::Json => output::json::pretty(&holdings),
                Output::Yaml => output::yaml::render(&serde_json::to_value(&holdings).unwrap_or_default()),
            }
        }
        (Some(team), _) => {
            let group = owners::lookup(&index, team)?;
            let holdings = owners::team_holdings(&index, &group)?;
            match args.output {
                Output::Table => team_text("Team", &holdings, style),
                Output::Json => output::json::pretty(&holdings),
                Output::Yaml => output::yaml::render(&serde_json::to_value(&holdings).unwrap_or_default()),
            }
        }
        (None, Some(query)) => {
            let entity = owners::lookup(&index, query)?;
            let answer = owners::ownership(&index, &entity)?;
            match args.output {
                Output::Table => ownership_text(&answer),
                Output::Json => output::json::pretty(&answer),
                Output::Yaml => output::yaml::render(&serde_json::to_value(&answer).unwrap_or_default()),
            }
        }
        (None, None) => String::new(),
    };
    output::write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn person(c: &Contact) -> String {
    match &c.email {
        Some(email) => format!("{} <{email}>", c.name),
        None => c.name.clone(),
    }
}

fn owner_lines(out: &mut String, label: &str, owner: &Owner) {
    let kind = owner.kind.as_deref().unwrap_or("not in the catalog");
    let _ = write!(out, "{label:<11}{} ({kind}, {})", owner.name, owner.entity_ref);
    if let Some(email) = &owner.email {
        let _ = write!(out, "  <{email}>");
    }
    out.push('\n');
    for link in &owner.links {
        let _ = writeln!(out, "{:<11}{}: {}", "", link.title.as_deref().unwrap_or("link"), link.url);
    }
    if !owner.members.is_empty() {
        let people: Vec<String> = owner.members.iter().map(person).collect();
        let _ = writeln!(out, "{:<11}{}", "Members", people.join(", "));
    }
    if !owner.escalation.is_empty() {
        let chain: Vec<String> = owner.escalation.iter().map(person).collect();
        let _ = writeln!(out, "{:<11}{}", "Escalate", chain.join(" -> "));
    }
}

fn ownership_text(answer: &Ownership) -> String {
    let mut out = String::new();
    let title = answer.title.as_deref().unwrap_or(&answer.name);
    let facts: Vec<&str> = [answer.entity_type.as_deref(), answer.lifecycle.as_deref()].into_iter().flatten().collect();
    let _ = writeln!(
        out,
        "{title} ({}){}",
        answer.entity_ref,
        if facts.is_empty() { String::new() } else { format!(" - {}", facts.join(", ")) }
    );
    if answer.owners.is_empty() {
        out.push_str("Owner      none declared\n");
    }
    for owner in &answer.owners {
        owner_lines(&mut out, "Owner", owner);
    }
    for (label, part) in [("System", &answer.system), ("Domain", &answer.domain)] {
        if let Some(part) = part {
            let owners: Vec<String> = part.owners.iter().map(person).collect();
            let owned = if owners.is_empty() { String::new() } else { format!(", owned by {}", owners.join(", ")) };
            let _ = writeln!(out, "{label:<11}{}{owned}", part.entity_ref);
        }
    }
    let _ = writeln!(out, "{:<11}{}", "Defined in", answer.file);
    out
}

/// What the signed-in user owns: the catalog User with the ID token's email (read from the
/// stored token, no network), then that user's and their groups' holdings.
fn mine(context: &Context, args: &WhoownsArgs, index: &Index) -> Result<TeamHoldings, CommandError> {
    let identity = super::auth::stored_identity(context, &args.profile)?;
    let Some(email) = identity.email else {
        return Err(CommandError::new(
            ErrorKind::NotFound,
            miette::miette!("the signed-in identity has no email, so no catalog User can be matched"),
        ));
    };
    let Some(found) = user::find(index, &email)? else {
        return Err(CommandError::new(
            ErrorKind::NotFound,
            miette::miette!(
                help =
                    "Backstage matches a signed-in email to a User's spec.profile.email; add it to your User entity.",
                "no User in the catalog index has spec.profile.email {email}"
            ),
        ));
    };
    Ok(user::holdings(index, &found.entity_ref)?)
}

fn team_text(label: &str, holdings: &TeamHoldings, style: Style) -> String {
    let mut out = String::new();
    owner_lines(&mut out, label, &holdings.team);
    let mut table = output::table::new(style, ["OWNER", "KIND", "NAME", "TYPE"]);
    let mut total = 0;
    for group in &holdings.groups {
        for owned in &group.owns {
            total += 1;
            table.add_row(vec![
                group.group_ref.rsplit('/').next().unwrap_or(&group.group_ref).to_owned(),
                owned.kind.clone(),
                owned.name.clone(),
                owned.entity_type.clone().unwrap_or_default(),
            ]);
        }
    }
    out.push('\n');
    out.push_str(&output::table::render(&table));
    let _ = writeln!(out, "{total} entities owned by {} groups", holdings.groups.len());
    out
}
