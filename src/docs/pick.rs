//! Which page a user means by PAGE: a path under the docs folder (with or without `.md`), a
//! title, or a fuzzy match on titles, nav section paths and paths, with suggestions on a miss.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::{Error, Page, Site};

/// The page for `query`.
pub fn page<'s>(site: &'s Site, query: &str) -> Result<&'s Page, Error> {
    let wanted = query.trim().trim_start_matches("./").trim_end_matches('/');
    let names = site.page_names();
    let exact = names.iter().find(|(page, titles)| {
        let path = page.path.as_str();
        let without_extension = path.rsplit_once('.').map_or(path, |(stem, _)| stem);
        path == wanted
            || without_extension == wanted
            || without_extension.strip_suffix("/index") == Some(wanted)
            || titles.iter().any(|t| t.eq_ignore_ascii_case(wanted))
    });
    if let Some((page, _)) = exact {
        return Ok(page);
    }
    let mut matcher = Matcher::new(Config::DEFAULT.match_paths());
    let pattern = Pattern::parse(wanted, CaseMatching::Ignore, Normalization::Smart);
    let mut buffer = Vec::new();
    let best = names
        .iter()
        .filter_map(|(page, titles)| {
            let score = titles
                .iter()
                .map(String::as_str)
                .chain(std::iter::once(page.path.as_str()))
                .filter_map(|name| pattern.score(Utf32Str::new(name, &mut buffer), &mut matcher))
                .max()?;
            Some((score, *page))
        })
        // The highest score wins; on a tie, the page that comes first in the site.
        .fold(None::<(u32, &Page)>, |best, (score, page)| match best {
            Some((top, _)) if top >= score => best,
            _ => Some((score, page)),
        });
    if let Some((_, page)) = best {
        return Ok(page);
    }
    Err(Error::NoSuchPage { query: query.to_owned(), site: site.name.clone(), suggestions: suggestions(site, wanted) })
}

/// The closest titles by edit distance, for a query that matched nothing.
fn suggestions(site: &Site, query: &str) -> Option<String> {
    let query = query.to_lowercase();
    let mut scored: Vec<(usize, &Page)> = site
        .pages
        .iter()
        .map(|p| (crate::catalog::owners::edit_distance(&query, &p.title.to_lowercase()), p))
        .collect();
    scored.sort_by_key(|(distance, _)| *distance);
    let picks: Vec<String> = scored.into_iter().take(5).map(|(_, p)| format!("`{}` ({})", p.title, p.path)).collect();
    (!picks.is_empty()).then(|| format!("Pages include {}. `hub docs ENTITY --list` shows them all.", picks.join(", ")))
}
