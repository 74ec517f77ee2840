//! Catalog queries in Backstage's filter syntax, answered from the index.
//!
//! A filter is `key=value` conditions joined by commas, all of which must hold; several filters
//! match an entity when any one does (`kind=component,spec.type=service` OR `kind=api`). Keys
//! are dotted paths into the entity (`metadata.tags`, `spec.owner`, `metadata.annotations.x`)
//! or `relations.<type>`; a key alone means "has this field". Keys and values compare
//! case-insensitively, as in the catalog API.

use serde_json::Value;

use super::index::{self, Entity, Error, Index};
use super::model::RELATION_FIELDS;

/// One `key[=value]` condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub key: String,
    pub value: Option<String>,
}

/// Conditions that must all hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub conditions: Vec<Condition>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[error("invalid filter `{filter}`: {reason}")]
#[diagnostic(
    code(hub::query::filter),
    help("Write filters as key=value pairs joined by commas, e.g. `kind=component,spec.type=service`.")
)]
pub struct FilterError {
    pub filter: String,
    pub reason: String,
}

impl Filter {
    pub fn parse(text: &str) -> Result<Filter, FilterError> {
        let fail = |reason: &str| FilterError { filter: text.to_owned(), reason: reason.to_owned() };
        let mut conditions = Vec::new();
        for part in text.split(',') {
            let part = part.trim();
            if part.is_empty() {
                return Err(fail("an empty condition"));
            }
            let (key, value) = match part.split_once('=') {
                Some((k, v)) => (k.trim(), Some(v.trim().to_lowercase())),
                None => (part, None),
            };
            if key.is_empty() {
                return Err(fail("a condition with no key"));
            }
            conditions.push(Condition { key: key.to_lowercase(), value });
        }
        Ok(Filter { conditions })
    }
}

/// How to order results: a dotted field, ascending unless `descending`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sort {
    pub field: String,
    pub descending: bool,
}

impl Sort {
    /// `metadata.name`, `metadata.name:desc` or `-metadata.name`.
    pub fn parse(text: &str) -> Sort {
        let (field, descending) = match text.strip_suffix(":desc").or_else(|| text.strip_prefix('-')) {
            Some(field) => (field, true),
            None => (text.strip_suffix(":asc").unwrap_or(text), false),
        };
        Sort { field: field.to_owned(), descending }
    }
}

/// The relation type spelled as stored (`ownedBy`), from a lower-cased filter key, and its reverse
/// (`ownerOf`).
fn relation_type(lower: &str) -> Option<(&'static str, &'static str)> {
    RELATION_FIELDS
        .iter()
        .flat_map(|f| [(f.forward, f.reverse), (f.reverse, f.forward)])
        .find(|(t, _)| t.to_lowercase() == lower)
}

/// The column of `entities`, as its indexes have it, that holds a field kept out of the search
/// table.
fn entity_column(key: &str) -> Option<&'static str> {
    match key {
        "kind" => Some("lower(kind)"),
        "metadata.name" => Some("lower(name)"),
        "metadata.namespace" => Some("lower(namespace)"),
        _ => None,
    }
}

/// Entities matching any of the filters (all entities when there are none), sorted.
pub fn run(index: &Index, filters: &[Filter], sort: Option<&Sort>) -> Result<Vec<Entity>, Error> {
    ids(index, filters, sort)?.into_iter().map(|id| index.entity_by_id(id)).collect()
}

/// [`run`]'s answer as ids for [`Index::entity_by_id`], so that a long answer can be read and
/// printed one entity at a time.
///
/// Each condition is a SELECT of the ids it matches, found through the search table, the
/// relations or an index of `entities`, so that no entity row is read to find the answer; a
/// filter is the INTERSECT of its conditions, and the answer the UNION of the filters, in id
/// order, which is the refs' order.
pub fn ids(index: &Index, filters: &[Filter], sort: Option<&Sort>) -> Result<Vec<i64>, Error> {
    let mut args: Vec<String> = Vec::new();
    let alternatives: Vec<String> = filters
        .iter()
        .map(|filter| {
            let all: Vec<String> = filter.conditions.iter().map(|c| condition_ids(c, &mut args)).collect();
            format!("SELECT * FROM ({})", all.join(" INTERSECT "))
        })
        .collect();
    let sql = if alternatives.is_empty() {
        "SELECT id FROM entities ORDER BY id".to_owned()
    } else {
        format!("SELECT * FROM ({}) ORDER BY 1", alternatives.join(" UNION "))
    };
    let found = index.ids_where(&sql, rusqlite::params_from_iter(args.iter()))?;
    let Some(sort) = sort else { return Ok(found) };
    let mut keyed = found
        .into_iter()
        .map(|id| {
            let entity = index.entity_by_id(id)?;
            Ok((field_text(&entity.body, &sort.field).unwrap_or_default().to_lowercase(), id))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    // Stable: entities with the same key stay in ref order.
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    if sort.descending {
        keyed.reverse();
    }
    Ok(keyed.into_iter().map(|(_, id)| id).collect())
}

/// A SELECT of the ids of the entities that meet one condition; its values go to `args`,
/// numbered as SQL parameters.
fn condition_ids(condition: &Condition, args: &mut Vec<String>) -> String {
    let mut arg = |value: &str| {
        args.push(value.to_owned());
        format!("?{}", args.len())
    };
    if let Some(kind) = condition.key.strip_prefix("relations.") {
        // Unknown relation types match nothing, as in the catalog.
        let Some((kind, reverse)) = relation_type(kind) else { return "SELECT id FROM entities WHERE 0".to_owned() };
        return match &condition.value {
            // Relations are stored both ways: those with `kind` to the value are the value's
            // `reverse` relations, found by the table's key.
            Some(value) => format!(
                "SELECT e.id FROM relations r, json_each(r.relations) j JOIN entities e ON e.ref = j.value ->> 'targetRef'
                 WHERE r.source = {} AND j.value ->> 'type' = {}",
                arg(value),
                arg(reverse)
            ),
            None => format!(
                "SELECT b.entity_id FROM bodies b
                 WHERE EXISTS (SELECT 1 FROM json_each(b.relations) j WHERE j.value ->> 'type' = {})",
                arg(kind)
            ),
        };
    }
    if let Some(column) = entity_column(&condition.key) {
        return match &condition.value {
            Some(value) => format!("SELECT id FROM entities WHERE {column} = {}", arg(value)),
            // Every entity has a kind, a name and a namespace.
            None => "SELECT id FROM entities".to_owned(),
        };
    }
    let key_id = format!("(SELECT id FROM search_keys WHERE key = {})", arg(&condition.key));
    let value = condition.value.as_deref().map(&mut arg);
    index::ids_with(&key_id, value.as_deref())
}

/// A field's value as text, for sorting and tables: strings as they are, lists joined.
pub fn field_text(body: &Value, path: &str) -> Option<String> {
    let value = path.split('.').try_fold(body, |v, part| v.get(part))?;
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => {
            Some(items.iter().filter_map(|i| i.as_str().map(str::to_owned)).collect::<Vec<_>>().join(", "))
        }
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// Keeps only the listed dotted fields of an entity, like the catalog API's `fields` parameter.
pub fn project(entity: &Value, fields: &[String]) -> Value {
    let mut out = Value::Object(serde_json::Map::new());
    for field in fields {
        let parts: Vec<&str> = field.split('.').collect();
        let Some(value) = parts.iter().try_fold(entity, |v, part| v.get(*part)) else { continue };
        let mut slot = &mut out;
        for (i, part) in parts.iter().enumerate() {
            let Some(object) = slot.as_object_mut() else { break };
            if i + 1 == parts.len() {
                object.insert((*part).to_owned(), value.clone());
                break;
            }
            slot = object.entry((*part).to_owned()).or_insert_with(|| Value::Object(serde_json::Map::new()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_backstage_filters() {
        let filter = Filter::parse("kind=Component, spec.type=terraform-module,metadata.tags")
            .unwrap_or(Filter { conditions: vec![] });
        assert_eq!(
            filter.conditions,
            [
                Condition { key: "kind".into(), value: Some("component".into()) },
                Condition { key: "spec.type".into(), value: Some("terraform-module".into()) },
                Condition { key: "metadata.tags".into(), value: None },
            ]
        );
        assert!(Filter::parse("kind=a,,b=c").is_err());
        assert!(Filter::parse("=x").is_err());
    }

    #[test]
    fn relation_types_are_spelled_as_stored() {
        assert_eq!(relation_type("ownedby"), Some(("ownedBy", "ownerOf")));
        assert_eq!(relation_type("apiprovidedby"), Some(("apiProvidedBy", "providesApi")));
        assert_eq!(relation_type("nope"), None);
    }

    #[test]
    fn projects_fields() {
        let entity =
            serde_json::json!({"kind": "Component", "metadata": {"name": "a", "tags": ["x"]}, "spec": {"owner": "t"}});
        let fields = vec!["kind".to_owned(), "metadata.name".to_owned(), "spec.missing".to_owned()];
        assert_eq!(project(&entity, &fields), serde_json::json!({"kind": "Component", "metadata": {"name": "a"}}));
    }

    #[test]
    fn sort_directions() {
        assert_eq!(Sort::parse("-metadata.name"), Sort { field: "metadata.name".into(), descending: true });
        assert_eq!(Sort::parse("spec.type:desc"), Sort { field: "spec.type".into(), descending: true });
        assert_eq!(Sort::parse("kind"), Sort { field: "kind".into(), descending: false });
    }
}
