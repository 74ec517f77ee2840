//! The selectable rows of each screen: the text the filter matches and where `enter` leads.
//!
//! `update` filters and moves over these; `view` draws the same rows with more columns.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::app::{App, ListKind, ScreenKind};
use crate::catalog::clients::Member;

/// One selectable row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// What the fuzzy filter matches: the name first, then other words worth finding by.
    pub text: String,
    /// The screen `enter` opens.
    pub target: ScreenKind,
}

/// A client's members in the order the client screen lists them: modules, then the rest.
pub fn client_members<'a>(app: &'a App, client_ref: &str) -> Vec<&'a Member> {
    app.client(client_ref).map(|c| c.modules.iter().chain(&c.others).collect()).unwrap_or_default()
}

/// Every row of a screen, unfiltered.
pub fn rows(app: &App, kind: &ScreenKind) -> Vec<Row> {
    let entity = |r: &str| ScreenKind::Entity(r.to_owned());
    match kind {
        ScreenKind::List(ListKind::Clients) => app
            .scoped_clients()
            .into_iter()
            .map(|c| Row {
                text: format!("{} {} {}", c.name, c.display_name(), c.cloud.as_deref().unwrap_or("")),
                target: ScreenKind::Client(c.entity_ref.clone()),
            })
            .collect(),
        ScreenKind::List(ListKind::Modules) => app
            .scoped_clients()
            .into_iter()
            .flat_map(|c| c.modules.iter().map(move |m| (c, m)))
            .map(|(c, m)| Row { text: format!("{} {}", m.name, c.name), target: entity(&m.entity_ref) })
            .collect(),
        ScreenKind::List(ListKind::Owners) => app
            .owners
            .ready()
            .into_iter()
            .flatten()
            .map(|o| Row { text: o.name.clone(), target: entity(&o.entity_ref) })
            .collect(),
        ScreenKind::List(ListKind::Services) => app
            .services
            .ready()
            .into_iter()
            .flatten()
            .map(|s| Row { text: format!("{} {}", s.name, s.system), target: entity(&s.entity_ref) })
            .collect(),
        ScreenKind::Client(client_ref) => client_members(app, client_ref)
            .into_iter()
            .map(|m| Row { text: m.name.clone(), target: entity(&m.entity_ref) })
            .collect(),
        ScreenKind::Entity(entity_ref) => app
            .details
            .get(entity_ref)
            .and_then(|d| d.ready())
            .map(|d| {
                d.relations
                    .iter()
                    .map(|r| Row { text: format!("{} {}", r.target, r.kind), target: entity(&r.target) })
                    .collect()
            })
            .unwrap_or_default(),
        // A docs page scrolls; it has no rows to select.
        ScreenKind::Docs(..) => Vec::new(),
    }
}

/// The indices of `rows` that match `filter`, best first; all of them, in order, when it is empty.
pub fn matching(rows: &[Row], filter: &str) -> Vec<usize> {
    if filter.trim().is_empty() {
        return (0..rows.len()).collect();
    }
    let mut matcher = Matcher::new(Config::DEFAULT);
    let pattern = Pattern::parse(filter, CaseMatching::Ignore, Normalization::Smart);
    let mut buffer = Vec::new();
    let mut scored: Vec<(u32, usize)> = rows
        .iter()
        .enumerate()
        .filter_map(|(i, row)| Some((pattern.score(Utf32Str::new(&row.text, &mut buffer), &mut matcher)?, i)))
        .collect();
    // Best score first; equal scores keep the list's order.
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(text: &str) -> Row {
        Row { text: text.to_owned(), target: ScreenKind::Entity(text.to_owned()) }
    }

    #[test]
    fn an_empty_filter_keeps_every_row_in_order() {
        let rows = [row("b"), row("a")];
        assert_eq!(matching(&rows, ""), [0, 1]);
    }

    #[test]
    fn the_filter_is_fuzzy_and_ranks_best_first() {
        let rows = [row("harbor-bank azure"), row("freshbasket aws"), row("hb")];
        assert_eq!(matching(&rows, "hbank"), [0]);
        assert_eq!(matching(&rows, "fresh"), [1]);
        assert!(matching(&rows, "zzz").is_empty());
    }
}
