//! The catalog User behind a signed-in email, as Backstage's
//! `emailMatchingUserEntityProfileEmail` resolver finds it, with the user's groups and what the
//! user and those groups own.

use serde::Serialize;

use crate::catalog::index::{Error, Index};
use crate::catalog::owners::{self, GroupHoldings, Owned, TeamHoldings};
use crate::catalog::query::{self, Condition, Filter};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CatalogUser {
    #[serde(rename = "ref")]
    pub entity_ref: String,
    pub name: String,
    /// Group refs from the user's `memberOf` relations.
    pub groups: Vec<String>,
    /// What the user and their groups own (each entity once).
    pub owns: Vec<Owned>,
}

/// The User whose `spec.profile.email` equals `email` (ignoring case), or `None`.
pub fn find(index: &Index, email: &str) -> Result<Option<CatalogUser>, Error> {
    let filter = Filter {
        conditions: vec![
            Condition { key: "kind".into(), value: Some("user".into()) },
            Condition { key: "spec.profile.email".into(), value: Some(email.to_lowercase()) },
        ],
    };
    let Some(user) = query::run(index, &[filter], None)?.into_iter().next() else { return Ok(None) };
    let groups = index.related(&user.entity_ref, "memberOf")?;
    let mut owns: Vec<Owned> = Vec::new();
    for owner in std::iter::once(&user.entity_ref).chain(&groups) {
        for item in owners::owned_by(index, owner)? {
            if !owns.iter().any(|o| o.entity_ref == item.entity_ref) {
                owns.push(item);
            }
        }
    }
    let name = user.field("spec.profile.displayName").unwrap_or(user.display_name()).to_owned();
    Ok(Some(CatalogUser { entity_ref: user.entity_ref, name, groups, owns }))
}

/// Everything the user owns directly and through their groups (each group's tree, as
/// `hub whoowns --team` walks it), for `hub whoowns --mine`.
pub fn holdings(index: &Index, user_ref: &str) -> Result<TeamHoldings, Error> {
    let mut groups = vec![GroupHoldings { group_ref: user_ref.to_owned(), owns: owners::owned_by(index, user_ref)? }];
    for group in index.related(user_ref, "memberOf")? {
        let Some(entity) = index.entity(&group)? else { continue };
        for held in owners::team_holdings(index, &entity)?.groups {
            if !groups.iter().any(|g| g.group_ref == held.group_ref) {
                groups.push(held);
            }
        }
    }
    Ok(TeamHoldings { team: owners::owner(index, user_ref)?, groups })
}
