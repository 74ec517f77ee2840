//! Catalog queries in Backstage's filter syntax, answered from the index.
//!
//! A filter is `key=value` conditions joined by commas; several filters match an entity when any
//! one does (`kind=component,spec.type=service` OR `kind=api`). Within a filter, conditions on
//! the same key are alternatives and the keys must all hold: `kind=system,kind=group,spec.owner=x`
//! is (System OR Group) AND owned by x. Keys are dotted paths into the entity (`metadata.tags`,
//! `spec.owner`, `metadata.annotations.x`) or `relations.<type>`; a key alone means "has this
//! field", and is dropped when the same key also has values. Keys and values compare
//! case-insensitively, and the value is everything after the first `=`, trimmed. This is the
//! catalog backend's own reading of its `filter` parameter, including its quirks: empty
//! conditions are skipped, and keys are grouped as written, so `kind=a,KIND=b` asks for both.

use serde_json::Value;

use super::index::{self, Entity, Error, Index};
use super::model::RELATION_FIELDS;

/// One `key[=value]` condition, as written (trimmed); case is ignored when it is matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub key: String,
    pub value: Option<String>,
}

/// Conditions that must all hold, but for those on the same key, of which one must (see
/// [`Filter::key_groups`]).
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

/// The conditions of a filter on one key: the entity has one of `values`, or, with none, has
/// the key at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyGroup<'a> {
    pub key: &'a str,
    pub values: Vec<&'a str>,
}

impl Filter {
    /// Reads a filter as the catalog backend does: conditions split at commas and trimmed, empty
    /// ones skipped (a filter of none is no filter, see [`ids`]), the value after the first `=`.
    pub fn parse(text: &str) -> Result<Filter, FilterError> {
        let mut conditions = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = match part.split_once('=') {
                Some((k, v)) => (k.trim(), Some(v.trim().to_owned())),
                None => (part, None),
            };
            if key.is_empty() {
                return Err(FilterError {
                    filter: text.to_owned(),
                    reason: format!("`{part}` has no key (write a=b, a= or a)"),
                });
            }
            conditions.push(Condition { key: key.to_owned(), value });
        }
        Ok(Filter { conditions })
    }

    /// The conditions grouped by key, in order of first appearance. Keys are grouped as written,
    /// as the catalog groups them: `kind` and `Kind` are two groups that must both hold. A key
    /// given with values and alone counts with its values only.
    pub fn key_groups(&self) -> Vec<KeyGroup<'_>> {
        let mut groups: Vec<KeyGroup<'_>> = Vec::new();
        for condition in &self.conditions {
            let index = match groups.iter().position(|g| g.key == condition.key) {
                Some(index) => index,
                None => {
                    groups.push(KeyGroup { key: &condition.key, values: Vec::new() });
                    groups.len() - 1
                }
            };
            if let Some(value) = &condition.value {
                groups[index].values.push(value);
            }
        }
        groups
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
/// relations or an index of `entities`, so that no entity row is read to find the answer; the
/// conditions on one key are the UNION of theirs, a filter the INTERSECT of its keys, and the
/// answer the UNION of the filters, in id order, which is the refs' order. Filters with no
/// conditions are left out, as the catalog leaves them out.
pub fn ids(index: &Index, filters: &[Filter], sort: Option<&Sort>) -> Result<Vec<i64>, Error> {
    let mut args: Vec<String> = Vec::new();
    let alternatives: Vec<String> = filters
        .iter()
        .filter(|filter| !filter.conditions.is_empty())
        .map(|filter| {
            let all: Vec<String> = filter.key_groups().iter().map(|group| group_ids(group, &mut args)).collect();
            format!("SELECT * FROM ({})", all.join(" INTERSECT "))
        })
        .collect();
    let sql = if alternatives.is_empty() {
        "SELECT id FROM entities ORDER BY id".to_owned()
    } else {
        // DISTINCT: a key alone finds an entity once for each of its values.
        format!("SELECT DISTINCT * FROM ({}) ORDER BY 1", alternatives.join(" UNION "))
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

/// A SELECT of the ids of the entities that meet one key's conditions: that have one of its
/// values, or the key at all.
fn group_ids(group: &KeyGroup<'_>, args: &mut Vec<String>) -> String {
    let key = group.key.to_lowercase();
    if group.values.is_empty() {
        return condition_ids(&Condition { key, value: None }, args);
    }
    let any: Vec<String> = group
        .values
        .iter()
        .map(|value| condition_ids(&Condition { key: key.clone(), value: Some(value.to_lowercase()) }, args))
        .collect();
    union(any)
}

/// A SELECT of the ids of the entities that meet one condition, with a lower-cased key and
/// value; its values go to `args`, numbered as SQL parameters.
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
    if index::LOCATION_SEARCH_KEYS.contains(&condition.key.as_str()) {
        return match &condition.value {
            Some(value) => format!(
                "SELECT e.id FROM files f JOIN entities e ON e.file_id = f.id WHERE lower('file:' || f.path) = {}",
                arg(value)
            ),
            None => "SELECT id FROM entities".to_owned(),
        };
    }
    if condition.value.as_deref().is_some_and(|v| !index::searchable(v)) {
        // Such values are never in the search table, and its stand-in for "no value" is one.
        return "SELECT id FROM entities WHERE 0".to_owned();
    }
    let key = &condition.key;
    // The key's own values, and the string items of a list under that key.
    let key_ids =
        format!("(SELECT id FROM search_keys WHERE key IN ({}, {}))", arg(key), arg(&index::list_items_key(key)));
    let value = condition.value.as_deref().map(&mut arg);
    let mut any = vec![index::ids_with(&key_ids, value.as_deref())];
    // The catalog also keys each string item of a list by itself (`metadata.tags.java`, value
    // `true`), and leaves such keys out when they are too long: `key` may be a list's key, a
    // dot and one of its items, split at any of its dots, as items may hold dots too.
    if condition.value.as_deref().is_none_or(|v| v == "true") && index::searchable(key) {
        for (at, _) in key.match_indices('.') {
            let (list, item) = (&key[..at], &key[at + 1..]);
            if !item.is_empty() {
                let key_ids = format!("(SELECT id FROM search_keys WHERE key = {})", arg(&index::list_items_key(list)));
                let item = arg(item);
                any.push(index::ids_with(&key_ids, Some(&item)));
            }
        }
    }
    union(any)
}

/// The UNION of SELECTs, wrapped as one: compound SELECTs chain from the left, and this one may
/// meet an INTERSECT.
fn union(mut selects: Vec<String>) -> String {
    if selects.len() == 1 {
        return selects.remove(0);
    }
    format!("SELECT * FROM ({})", selects.join(" UNION "))
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

    fn condition(key: &str, value: Option<&str>) -> Condition {
        Condition { key: key.into(), value: value.map(Into::into) }
    }

    fn groups(text: &str) -> Vec<(String, Vec<String>)> {
        let filter = Filter::parse(text).unwrap_or(Filter { conditions: vec![] });
        filter
            .key_groups()
            .iter()
            .map(|g| (g.key.to_owned(), g.values.iter().map(|v| (*v).to_owned()).collect()))
            .collect()
    }

    #[test]
    fn parses_backstage_filters() {
        let filter = Filter::parse("kind=Component, spec.type=terraform-module,metadata.tags")
            .unwrap_or(Filter { conditions: vec![] });
        assert_eq!(
            filter.conditions,
            [
                condition("kind", Some("Component")),
                condition("spec.type", Some("terraform-module")),
                condition("metadata.tags", None),
            ]
        );
        // The value is everything after the first `=`, trimmed; `a=` asks for an empty value.
        assert_eq!(
            Filter::parse(" metadata.annotations.x/y = a=b ,spec.x=").map(|f| f.conditions),
            Ok(vec![condition("metadata.annotations.x/y", Some("a=b")), condition("spec.x", Some(""))])
        );
        // Empty conditions are skipped, as the catalog skips them; a filter of none is no filter.
        assert_eq!(Filter::parse("kind=a,, ,b=c").map(|f| f.conditions.len()), Ok(2));
        assert_eq!(Filter::parse(" , ").map(|f| f.conditions.len()), Ok(0));
        let error = Filter::parse("kind=a,=x").err().map(|e| e.reason);
        assert_eq!(error.as_deref(), Some("`=x` has no key (write a=b, a= or a)"));
    }

    #[test]
    fn conditions_on_one_key_are_alternatives() {
        let owned = |list: &[(&str, &[&str])]| -> Vec<(String, Vec<String>)> {
            list.iter().map(|(k, vs)| ((*k).to_owned(), vs.iter().map(|v| (*v).to_owned()).collect())).collect()
        };
        assert_eq!(groups("kind=system,kind=group"), owned(&[("kind", &["system", "group"])]));
        assert_eq!(
            groups("spec.type=terraform-module,metadata.tags=kubernetes,metadata.tags=azure"),
            owned(&[("spec.type", &["terraform-module"]), ("metadata.tags", &["kubernetes", "azure"])])
        );
        // A key alone is dropped when the same key has values, wherever it stands.
        assert_eq!(groups("metadata.tags,metadata.tags=go"), owned(&[("metadata.tags", &["go"])]));
        assert_eq!(groups("metadata.tags=go,metadata.tags"), owned(&[("metadata.tags", &["go"])]));
        assert_eq!(groups("metadata.tags,metadata.tags"), owned(&[("metadata.tags", &[])]));
        // Keys are grouped as written, as the catalog groups them: both groups must hold.
        assert_eq!(groups("kind=system,KIND=group"), owned(&[("kind", &["system"]), ("KIND", &["group"])]));
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
