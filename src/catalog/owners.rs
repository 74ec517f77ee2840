//! Who owns what: the answers behind `hub whoowns`, from the index's relations.
//!
//! An entity's owner is its `ownedBy` relation (a Group or a User). For a group we gather the
//! people to call: its profile and links, its members (from `spec.members` and from Users'
//! `spec.memberOf`, which both become `hasMember`), and the `childOf` chain to escalate along.
//! The owners of the entity's System and that System's Domain come along too.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use serde::Serialize;

use super::index::{Entity, Error, Index};
use super::model::parse_entity_ref;

/// A way to reach someone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contact {
    #[serde(rename = "ref")]
    pub entity_ref: String,
    pub name: String,
    pub email: Option<String>,
}

/// A link from an entity's `metadata.links`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub title: Option<String>,
    pub url: String,
}

/// One owner, with everything on-call needs to reach them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Owner {
    #[serde(rename = "ref")]
    pub entity_ref: String,
    /// `Group`, `User`, or `null` when the owner is not in the catalog (a dangling ref).
    pub kind: Option<String>,
    pub name: String,
    pub email: Option<String>,
    pub links: Vec<Link>,
    pub members: Vec<Contact>,
    /// Parent groups, nearest first: who to escalate to.
    pub escalation: Vec<Contact>,
}

/// The owners of an entity, its System and the System's Domain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ownership {
    #[serde(rename = "ref")]
    pub entity_ref: String,
    pub kind: String,
    pub name: String,
    pub title: Option<String>,
    #[serde(rename = "type")]
    pub entity_type: Option<String>,
    pub lifecycle: Option<String>,
    pub file: String,
    pub owners: Vec<Owner>,
    pub system: Option<Part>,
    pub domain: Option<Part>,
}

/// A System or Domain the entity belongs to, and who owns it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    #[serde(rename = "ref")]
    pub entity_ref: String,
    pub owners: Vec<Contact>,
}

/// Why an entity could not be pinned down.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum LookupError {
    #[error("no entity named `{query}` in the catalog index")]
    #[diagnostic(code(hub::whoowns::not_found))]
    NotFound {
        query: String,
        #[help]
        suggestions: Option<String>,
    },
    #[error("`{query}` names several entities: {}", candidates.join(", "))]
    #[diagnostic(code(hub::whoowns::ambiguous), help("Give the full ref, e.g. `{}`.", candidates.first().map_or("", String::as_str)))]
    Ambiguous { query: String, candidates: Vec<String> },
    #[error("no catalog entity governs {path}: no indexed catalog file in it or any folder above it")]
    #[diagnostic(
        code(hub::whoowns::no_catalog_file),
        help("Index the repository with `hub catalog index <folder>`, or name the entity.")
    )]
    NoCatalogFile { path: String },
    #[error(transparent)]
    #[diagnostic(transparent)]
    Index(#[from] Error),
}

fn profile(entity: &Entity) -> (String, Option<String>) {
    let name =
        entity.field("spec.profile.displayName").map(str::to_owned).unwrap_or_else(|| entity.display_name().to_owned());
    (name, entity.field("spec.profile.email").map(str::to_owned))
}

fn contact(index: &Index, entity_ref: &str) -> Result<Contact, Error> {
    Ok(match index.entity(entity_ref)? {
        Some(entity) => {
            let (name, email) = profile(&entity);
            Contact { entity_ref: entity.entity_ref, name, email }
        }
        None => Contact { entity_ref: entity_ref.to_owned(), name: ref_name(entity_ref).to_owned(), email: None },
    })
}

fn ref_name(entity_ref: &str) -> &str {
    entity_ref.rsplit('/').next().unwrap_or(entity_ref)
}

fn links(entity: &Entity) -> Vec<Link> {
    entity.body["metadata"]["links"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| {
            Some(Link { url: l["url"].as_str()?.to_owned(), title: l["title"].as_str().map(str::to_owned) })
        })
        .collect()
}

/// Everything about one owner ref.
pub fn owner(index: &Index, owner_ref: &str) -> Result<Owner, Error> {
    let Some(entity) = index.entity(owner_ref)? else {
        return Ok(Owner {
            entity_ref: owner_ref.to_owned(),
            kind: None,
            name: ref_name(owner_ref).to_owned(),
            email: None,
            links: Vec::new(),
            members: Vec::new(),
            escalation: Vec::new(),
        });
    };
    let (name, email) = profile(&entity);
    let members =
        index.related(&entity.entity_ref, "hasMember")?.iter().map(|m| contact(index, m)).collect::<Result<_, _>>()?;
    let mut escalation = Vec::new();
    let mut seen: HashSet<String> = HashSet::from([entity.entity_ref.clone()]);
    let mut current = entity.entity_ref.clone();
    // Groups normally have one parent; a cycle in bad data must not loop forever.
    while let Some(parent) = index.related(&current, "childOf")?.into_iter().next() {
        if !seen.insert(parent.clone()) {
            break;
        }
        escalation.push(contact(index, &parent)?);
        current = parent;
    }
    Ok(Owner {
        entity_ref: entity.entity_ref.clone(),
        kind: Some(entity.kind.clone()),
        name,
        email,
        links: links(&entity),
        members,
        escalation,
    })
}

fn part(index: &Index, entity_ref: &str, kind: &str) -> Result<Option<Part>, Error> {
    let Some(target) = index.related(entity_ref, "partOf")?.into_iter().find(|r| r.starts_with(&format!("{kind}:")))
    else {
        return Ok(None);
    };
    let owners = index.related(&target, "ownedBy")?.iter().map(|o| contact(index, o)).collect::<Result<_, _>>()?;
    Ok(Some(Part { entity_ref: target, owners }))
}

/// The ownership answer for one entity.
pub fn ownership(index: &Index, entity: &Entity) -> Result<Ownership, Error> {
    let owners =
        index.related(&entity.entity_ref, "ownedBy")?.iter().map(|o| owner(index, o)).collect::<Result<_, _>>()?;
    let system = part(index, &entity.entity_ref, "system")?;
    // A System belongs to a Domain; a Domain's own domain is its parent domain.
    let domain_of = system.as_ref().map_or(entity.entity_ref.clone(), |s| s.entity_ref.clone());
    let domain = part(index, &domain_of, "domain")?;
    Ok(Ownership {
        entity_ref: entity.entity_ref.clone(),
        kind: entity.kind.clone(),
        name: entity.name.clone(),
        title: entity.title.clone(),
        entity_type: entity.field("spec.type").map(str::to_owned),
        lifecycle: entity.field("spec.lifecycle").map(str::to_owned),
        file: entity.file.clone(),
        owners,
        system,
        domain,
    })
}

/// Finds the entity a user means: a ref (`component:payments-ledger`, `default/x`), a path
/// inside an indexed repository, or a name (case-insensitive), with suggestions on a miss.
pub fn lookup(index: &Index, query: &str) -> Result<Entity, LookupError> {
    let path = Path::new(query);
    if path.exists() {
        return governing_entity(index, path);
    }
    if query.contains(':') || query.contains('/') {
        if let Ok(parsed) = parse_entity_ref(query, None, "default") {
            if let Some(entity) = index.entity(&parsed.canonical())? {
                return Ok(entity);
            }
        } else if let Ok(parsed) = parse_entity_ref(query, Some("component"), "default") {
            // `namespace/name` without a kind: any kind with that namespace and name.
            let matches: Vec<Entity> = index
                .entities_named(&parsed.name)?
                .into_iter()
                .filter(|e| e.namespace.eq_ignore_ascii_case(&parsed.namespace))
                .collect();
            return pick(query, matches, index);
        }
    }
    let named = index.entities_named(query)?;
    pick(query, named, index)
}

fn pick(query: &str, mut matches: Vec<Entity>, index: &Index) -> Result<Entity, LookupError> {
    match matches.len() {
        0 => Err(LookupError::NotFound {
            query: query.to_owned(),
            suggestions: suggest(index, query, 5)?.map(|s| format!("Did you mean {s}?")),
        }),
        1 => Ok(matches.remove(0)),
        _ => {
            // On-call asks about services: a Component wins over a same-named API or Resource.
            let components: Vec<usize> =
                (0..matches.len()).filter(|&i| matches[i].kind.eq_ignore_ascii_case("component")).collect();
            if let [only] = components.as_slice() {
                return Ok(matches.remove(*only));
            }
            Err(LookupError::Ambiguous {
                query: query.to_owned(),
                candidates: matches.into_iter().map(|e| e.entity_ref).collect(),
            })
        }
    }
}

/// "Did you mean" names for a miss: the best fuzzy matches among every entity's name and title.
pub fn suggest(index: &Index, query: &str, limit: usize) -> Result<Option<String>, Error> {
    let names = index.names()?;
    let mut matcher = Matcher::new(Config::DEFAULT);
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut buffer = Vec::new();
    let mut scored: Vec<(u32, &str)> = names
        .iter()
        .filter_map(|(_, name, _)| {
            let score = pattern.score(Utf32Str::new(name, &mut buffer), &mut matcher)?;
            Some((score, name.as_str()))
        })
        .collect();
    if scored.is_empty() {
        // Nothing contains the letters in order: fall back to edit distance for typos.
        let mut close: Vec<(usize, &str)> = names
            .iter()
            .map(|(_, n, _)| (edit_distance(&query.to_lowercase(), &n.to_lowercase()), n.as_str()))
            .collect();
        close.sort();
        let limit_distance = (query.chars().count() / 3).max(2);
        scored = close
            .into_iter()
            .filter(|(d, _)| *d <= limit_distance)
            .map(|(d, n)| (u32::MAX - u32::try_from(d).unwrap_or(0), n))
            .collect();
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let mut shown: BTreeSet<&str> = BTreeSet::new();
    let picks: Vec<String> =
        scored.into_iter().filter(|(_, n)| shown.insert(n)).take(limit).map(|(_, n)| format!("`{n}`")).collect();
    Ok((!picks.is_empty()).then(|| picks.join(", ")))
}

/// The Levenshtein distance between two strings, in characters: how "did you mean" ranks.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb { previous } else { 1 + previous.min(row[j]).min(current) };
            previous = current;
        }
    }
    row[b.len()]
}

/// The entity that governs a path: the one declared in the nearest indexed catalog file at or
/// above it, preferring a Component (the repository's own entry) over Locations and the rest.
fn governing_entity(index: &Index, path: &Path) -> Result<Entity, LookupError> {
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let files = index.files()?;
    let start = if absolute.is_dir() { Some(absolute.as_path()) } else { absolute.parent() };
    for dir in std::iter::successors(start, |d| d.parent()) {
        let in_dir: Vec<&String> = files.iter().filter(|f| Path::new(f).parent() == Some(dir)).collect();
        for file in in_dir {
            let mut entities = index.entities_in_file(file)?;
            let best = entities
                .iter()
                .position(|e| e.kind.eq_ignore_ascii_case("component"))
                .or_else(|| entities.iter().position(|e| !e.kind.eq_ignore_ascii_case("location")));
            if let Some(i) = best {
                return Ok(entities.swap_remove(i));
            }
        }
    }
    Err(LookupError::NoCatalogFile { path: path.display().to_string() })
}

/// What a team owns, directly and through its child groups.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamHoldings {
    pub team: Owner,
    /// Each group of the team's tree (the team first) with the entities it owns.
    pub groups: Vec<GroupHoldings>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupHoldings {
    #[serde(rename = "ref")]
    pub group_ref: String,
    pub owns: Vec<Owned>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Owned {
    #[serde(rename = "ref")]
    pub entity_ref: String,
    pub kind: String,
    pub name: String,
    #[serde(rename = "type")]
    pub entity_type: Option<String>,
}

/// What an owner (a Group or a User) owns directly, from its `ownerOf` relations; targets
/// missing from the catalog are listed by their ref.
pub fn owned_by(index: &Index, owner: &str) -> Result<Vec<Owned>, Error> {
    let mut owns = Vec::new();
    for target in index.related(owner, "ownerOf")? {
        owns.push(match index.entity(&target)? {
            Some(e) => Owned {
                entity_type: e.field("spec.type").map(str::to_owned),
                entity_ref: e.entity_ref,
                kind: e.kind,
                name: e.name,
            },
            None => Owned {
                kind: target.split(':').next().unwrap_or_default().to_owned(),
                name: ref_name(&target).to_owned(),
                entity_ref: target,
                entity_type: None,
            },
        });
    }
    Ok(owns)
}

/// Everything a group owns, walking `parentOf` down through its child groups.
pub fn team_holdings(index: &Index, team: &Entity) -> Result<TeamHoldings, Error> {
    let mut groups = Vec::new();
    let mut queue = vec![team.entity_ref.clone()];
    let mut seen = HashSet::new();
    while let Some(group) = queue.pop() {
        if !seen.insert(group.clone()) {
            continue;
        }
        let owns = owned_by(index, &group)?;
        groups.push(GroupHoldings { group_ref: group.clone(), owns });
        let mut children = index.related(&group, "parentOf")?;
        children.reverse();
        queue.extend(children);
    }
    Ok(TeamHoldings { team: owner(index, &team.entity_ref)?, groups })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("ledger", "ledgr"), 1);
        assert_eq!(edit_distance("payments", "pyaments"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
