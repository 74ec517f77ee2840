//! The catalog index: every entity of many repositories, with the relations Backstage computes,
//! in one SQLite file that queries open in well under a millisecond.
//!
//! [`build()`] writes it; [`Index`] reads it. Every command that needs the catalog (whoowns, get,
//! query, status, docs, tui) reads the same file, and none of them ever writes it.

mod build;
mod schema;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use serde_json::Value;

pub use build::{BuildRequest, BuildSummary, Progress, Silent, build, local_source};
pub use schema::SCHEMA_VERSION;

/// The index's file name in hub's data folder.
pub const INDEX_FILE_NAME: &str = "index.sqlite";

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Error {
    #[error("there is no catalog index at {}", path.display())]
    #[diagnostic(
        code(hub::index::missing),
        help("Build one with `hub catalog index <folder>...`, e.g. `hub catalog index ~/src`.")
    )]
    Missing { path: PathBuf },

    #[error("the catalog index at {} has schema {found}; this hub reads schema {expected}", path.display())]
    #[diagnostic(code(hub::index::version), help("Rebuild it with `hub catalog index --force <folder>...`."))]
    Version { path: PathBuf, found: i64, expected: i64 },

    #[error("cannot read the catalog index at {}: {message}", path.display())]
    #[diagnostic(code(hub::index::read), help("Rebuild it with `hub catalog index --force <folder>...`."))]
    Read { path: PathBuf, message: String },

    #[error("cannot write the catalog index at {}: {message}", path.display())]
    #[diagnostic(code(hub::index::write))]
    Write { path: PathBuf, message: String },

    #[error("{0}")]
    #[diagnostic(code(hub::index::request))]
    Request(String),
}

/// The default index location inside hub's data folder.
pub fn default_path(data_dir: &Path) -> PathBuf {
    data_dir.join(INDEX_FILE_NAME)
}

/// An entity as stored in the index.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Where the open index stores it: see [`Index::listing`] and [`Index::api_json`].
    pub id: i64,
    /// The canonical, lower-cased `kind:namespace/name`.
    pub entity_ref: String,
    pub kind: String,
    pub namespace: String,
    pub name: String,
    pub title: Option<String>,
    /// The catalog file it came from, its document index and the line of `metadata.name`.
    pub file: String,
    pub document: usize,
    pub line: usize,
    /// apiVersion, kind, metadata, spec: the catalog API's shape, without relations.
    pub body: Value,
}

impl Entity {
    /// A short human name: the title when there is one, else the name.
    pub fn display_name(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.name)
    }

    /// A string field of the body by dotted path, e.g. `spec.type` or `metadata.description`.
    pub fn field(&self, path: &str) -> Option<&str> {
        path.split('.').try_fold(&self.body, |v, part| v.get(part)).and_then(Value::as_str)
    }

    /// The value of one of its annotations. Keys hold dots (`backstage.io/techdocs-ref`), so
    /// they are not paths for [`Entity::field`].
    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.body.get("metadata")?.get("annotations")?.get(key)?.as_str()
    }
}

/// A relation from the entity asked about: `kind` is the relation type, `target` the other end.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Related {
    pub kind: String,
    pub target: String,
}

/// What a table of entities shows of one: see [`Index::listing`].
#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    pub kind: String,
    pub name: String,
    pub namespace: String,
    /// `spec.type` and `spec.lifecycle`, empty when absent.
    pub spec_type: String,
    pub lifecycle: String,
    /// The targets of its `ownedBy` relation and of its `partOf` relation to a System, empty when
    /// it has none.
    pub owner: String,
    pub system: String,
}

/// An entity's body as the index stores it: compact JSON with its keys sorted, without
/// `relations`, and the byte offset where `relations` belongs among the keys, so that a reader
/// puts them there without parsing the body (see [`with_relations_text`]).
pub(crate) fn stored_body(body: Value) -> (String, usize) {
    let Value::Object(members) = body else {
        let text = serde_json::to_string(&body).unwrap_or_default();
        let at = text.len();
        return (text, at);
    };
    let (mut head, mut tail) = (serde_json::Map::new(), serde_json::Map::new());
    for (key, value) in members {
        match key.as_str().cmp("relations") {
            std::cmp::Ordering::Less => head.insert(key, value),
            std::cmp::Ordering::Greater => tail.insert(key, value),
            std::cmp::Ordering::Equal => None,
        };
    }
    let head = serde_json::to_string(&head).unwrap_or_default();
    let tail = serde_json::to_string(&tail).unwrap_or_default();
    let (head, tail) = (inside_braces(&head), inside_braces(&tail));
    let mut text = String::with_capacity(head.len() + tail.len() + 3);
    text.push('{');
    text.push_str(head);
    if !head.is_empty() && !tail.is_empty() {
        text.push(',');
    }
    let at = text.len();
    text.push_str(tail);
    text.push('}');
    (text, at)
}

fn inside_braces(object: &str) -> &str {
    object.strip_prefix('{').and_then(|o| o.strip_suffix('}')).unwrap_or_default()
}

/// A stored body (see [`stored_body`]) with `"relations":relations` put in at `at`.
fn with_relations_text(body: &str, at: usize, relations: &str) -> String {
    let Some((before, after)) = body.split_at_checked(at).filter(|_| body.starts_with('{') && at > 0) else {
        return body.to_owned();
    };
    let mut text = String::with_capacity(body.len() + relations.len() + 14);
    text.push_str(before);
    if !before.ends_with(['{', ',']) {
        text.push(',');
    }
    text.push_str("\"relations\":");
    text.push_str(relations);
    if !after.starts_with('}') {
        text.push(',');
    }
    text.push_str(after);
    text
}

/// The longest value, and the longest key, in UTF-16 units as the catalog counts them, that the
/// search table holds; the catalog's limits for its own search table.
const MAX_SEARCH_VALUE: usize = 200;

/// What the search table holds for a field that is there with no value to match: null, or a
/// value too long to search. The catalog stores null for these, which no filter value equals;
/// hub stores a NUL character, which no command-line argument can hold and which no filter value
/// is allowed to match (see [`searchable`]).
pub(crate) const NO_VALUE: &str = "\0";

/// Whether a lower-cased value (or key) is one the search table can hold, and so one a filter
/// can match.
pub(crate) fn searchable(value: &str) -> bool {
    // No more UTF-16 units than bytes: only long texts need counting.
    !value.contains('\0') && (value.len() <= MAX_SEARCH_VALUE || value.encode_utf16().count() <= MAX_SEARCH_VALUE)
}

/// The search keys of the location annotations hub gives every entity, both `file:` and the path
/// of the catalog file it was read from (mirrored sources too). They are not in the search table,
/// where they would cost two rows per file: filters on them read the files table.
pub(crate) const LOCATION_SEARCH_KEYS: [&str; 2] = [
    "metadata.annotations.backstage.io/managed-by-location",
    "metadata.annotations.backstage.io/managed-by-origin-location",
];

/// The search key of a list's string items (see `build::search_terms`): the list's key and a NUL
/// character, which no other search key holds and no command-line argument can.
pub(crate) fn list_items_key(key: &str) -> String {
    format!("{key}\0")
}

/// A SELECT of the ids of the entities whose search key is one of `key_ids` and has the value
/// `value`, or any value: both SQL expressions, `key_ids` a parenthesised list or subquery.
pub(crate) fn ids_with(key_ids: &str, value: Option<&str>) -> String {
    let mut sql = format!("SELECT j.value FROM search s, json_each(s.entities) j WHERE s.key_id IN {key_ids}");
    if let Some(value) = value {
        sql.push_str(" AND s.value = ");
        sql.push_str(value);
    }
    sql
}

/// A relation as stored (see the `relations` view).
#[derive(serde::Deserialize)]
struct StoredRelation {
    #[serde(rename = "type")]
    kind: String,
    #[serde(rename = "targetRef")]
    target_ref: String,
}

/// Each relation of the entities `s` (with bodies `r`) whose target is no entity, as (source,
/// type, target); the caller adds conditions after `DANGLING_JOIN`'s WHERE.
const DANGLING_COLUMNS: &str = "s.ref, j.value ->> 'type', j.value ->> 'targetRef'";
const DANGLING_JOIN: &str = "json_each(r.relations) j LEFT JOIN entities t ON t.ref = j.value ->> 'targetRef'
     WHERE t.id IS NULL";

/// A finding recorded by the last build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub document: Option<usize>,
    pub line: usize,
    pub column: usize,
    pub severity: String,
    pub code: String,
    pub path: String,
    pub message: String,
}

/// A file's modification time in nanoseconds and its size: what says it changed.
pub(crate) type Stamp = (i64, i64);

/// A read-only view of the index file.
pub struct Index {
    db: Connection,
    path: PathBuf,
}

pub(crate) const ENTITY_COLUMNS: &str =
    "e.ref, e.kind, e.namespace, e.name, e.title, f.path, e.document, e.line, b.body, e.id";

/// The tables [`ENTITY_COLUMNS`] come from.
pub(crate) const ENTITY_TABLES: &str =
    "entities e JOIN files f ON f.id = e.file_id JOIN bodies b ON b.entity_id = e.id";

fn entity_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Entity> {
    let body: String = row.get(8)?;
    Ok(Entity {
        entity_ref: row.get(0)?,
        kind: row.get(1)?,
        namespace: row.get(2)?,
        name: row.get(3)?,
        title: row.get(4)?,
        file: row.get(5)?,
        document: row.get::<_, i64>(6).map(|d| usize::try_from(d).unwrap_or(0))?,
        line: row.get::<_, i64>(7).map(|d| usize::try_from(d).unwrap_or(0))?,
        body: serde_json::from_str(&body).unwrap_or(Value::Null),
        id: row.get(9)?,
    })
}

impl Index {
    /// Opens the index read-only. A missing file or another schema version is an error that
    /// says how to build one.
    pub fn open(path: &Path) -> Result<Index, Error> {
        if !path.is_file() {
            return Err(Error::Missing { path: path.to_path_buf() });
        }
        let read_error = |e: rusqlite::Error| Error::Read { path: path.to_path_buf(), message: e.to_string() };
        let db = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(read_error)?;
        // One read transaction for the reader's whole life: a consistent view, and no lock
        // taken and released around every statement. The file is replaced, never modified.
        // SQLite's planner may tie a plan to the values bound to a statement, which then
        // recompiles it at every new binding: that cost more than the lookups themselves when one
        // cached statement looks up the relations of thousands of entities. The plans here never
        // depend on the values.
        db.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true).map_err(read_error)?;
        // Read, not memory-mapped: mapping saves a copy per page, but every page a query touches
        // then counts in the process's memory, hundreds of megabytes for a catalog-wide query.
        db.execute_batch("BEGIN").map_err(read_error)?;
        let index = Index { db, path: path.to_path_buf() };
        let version = index.meta("schema_version")?.and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
        if version != SCHEMA_VERSION {
            return Err(Error::Version { path: path.to_path_buf(), found: version, expected: SCHEMA_VERSION });
        }
        Ok(index)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn read_error(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        move |e| Error::Read { path: self.path.clone(), message: e.to_string() }
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>, Error> {
        self.db
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(|e| Error::Read { path: self.path.clone(), message: e.to_string() })
    }

    /// Every file the index read, with its modification time and size then.
    pub(crate) fn file_stamps(&self) -> Result<Vec<(String, Stamp)>, Error> {
        let mut stmt = self.db.prepare("SELECT path, mtime_ns, size FROM files").map_err(self.read_error())?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?)))).map_err(self.read_error())?;
        rows.collect::<Result<_, _>>().map_err(self.read_error())
    }

    /// Location targets that were missing, whose appearance must trigger a rebuild.
    pub(crate) fn watched_paths(&self) -> Result<Vec<String>, Error> {
        Ok(self.meta("watched")?.and_then(|w| serde_json::from_str(&w).ok()).unwrap_or_default())
    }

    /// Counts as a build summary (for an unchanged rebuild and `hub catalog doctor`).
    pub fn summary(&self) -> Result<BuildSummary, Error> {
        let count = |sql: &str| -> Result<usize, Error> {
            self.db
                .query_row(sql, [], |r| r.get::<_, i64>(0))
                .map(|n| usize::try_from(n).unwrap_or(0))
                .map_err(self.read_error())
        };
        Ok(BuildSummary {
            files: count("SELECT count(*) FROM files")?,
            entities: count("SELECT count(*) FROM entities")?,
            relations: self.meta("relations")?.and_then(|n| n.parse().ok()).unwrap_or(0),
            errors: count("SELECT count(*) FROM problems WHERE severity = 'error'")?,
            warnings: count("SELECT count(*) FROM problems WHERE severity = 'warning'")?,
            ..BuildSummary::default()
        })
    }

    /// The entity with this ref (any case; the kind and namespace may be left out when `defaults`
    /// supplies them, as in `group:team-a` or `team-a`).
    pub fn entity(&self, entity_ref: &str) -> Result<Option<Entity>, Error> {
        let sql = format!("SELECT {ENTITY_COLUMNS} FROM {ENTITY_TABLES} WHERE e.ref = ?1");
        let mut stmt = self.db.prepare_cached(&sql).map_err(self.read_error())?;
        stmt.query_row([entity_ref.to_lowercase()], entity_from_row).optional().map_err(self.read_error())
    }

    /// The entity stored under this id (see `Index::ids_where`).
    pub fn entity_by_id(&self, id: i64) -> Result<Entity, Error> {
        let sql = format!("SELECT {ENTITY_COLUMNS} FROM {ENTITY_TABLES} WHERE e.id = ?1");
        let mut stmt = self.db.prepare_cached(&sql).map_err(self.read_error())?;
        stmt.query_row([id], entity_from_row).map_err(self.read_error())
    }

    /// Runs a SELECT of entity ids with parameters: the entities a query found, without reading
    /// them.
    pub(crate) fn ids_where(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<i64>, Error> {
        let mut stmt = self.db.prepare(sql).map_err(self.read_error())?;
        let rows = stmt.query_map(params, |r| r.get(0)).map_err(self.read_error())?;
        rows.collect::<Result<_, _>>().map_err(self.read_error())
    }

    /// Entities whose name is `name`, case-insensitively, in any kind and namespace.
    pub fn entities_named(&self, name: &str) -> Result<Vec<Entity>, Error> {
        let sql = format!("SELECT {ENTITY_COLUMNS} FROM {ENTITY_TABLES} WHERE lower(e.name) = ?1 ORDER BY e.id");
        self.entities_where(&sql, params![name.to_lowercase()])
    }

    /// Entities declared in one catalog file, in document order.
    pub fn entities_in_file(&self, file: &str) -> Result<Vec<Entity>, Error> {
        let sql = format!("SELECT {ENTITY_COLUMNS} FROM {ENTITY_TABLES} WHERE f.path = ?1 ORDER BY e.document");
        self.entities_where(&sql, params![file])
    }

    /// Every entity's ref, name and title, for fuzzy matching.
    pub fn names(&self) -> Result<Vec<(String, String, Option<String>)>, Error> {
        let mut stmt = self.db.prepare("SELECT ref, name, title FROM entities").map_err(self.read_error())?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).map_err(self.read_error())?;
        rows.collect::<Result<_, _>>().map_err(self.read_error())
    }

    /// Every entity with a string annotation `name`: (ref, catalog file, value), by ref. Reads
    /// the one value from each body inside SQLite, so that it costs little over many entities.
    pub fn annotated(&self, name: &str) -> Result<Vec<(String, String, String)>, Error> {
        let sql = format!(
            "SELECT e.ref, f.path, b.body ->> ?2 FROM {ENTITY_TABLES} WHERE e.id IN ({}) ORDER BY e.id",
            ids_with("(SELECT id FROM search_keys WHERE key = ?1)", None)
        );
        let mut stmt = self.db.prepare(&sql).map_err(self.read_error())?;
        let key = format!("metadata.annotations.{}", name.to_lowercase());
        let path = format!("$.metadata.annotations.\"{name}\"");
        let rows = stmt
            .query_map([key, path], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, Option<String>>(2)?)))
            .map_err(self.read_error())?;
        let mut found = Vec::new();
        for row in rows {
            // The search key is lower-cased; the annotation's name is not.
            if let (entity_ref, file, Some(value)) = row.map_err(self.read_error())? {
                found.push((entity_ref, file, value));
            }
        }
        Ok(found)
    }

    /// Every catalog file the index read.
    pub fn files(&self) -> Result<Vec<String>, Error> {
        let mut stmt = self.db.prepare("SELECT path FROM files ORDER BY path").map_err(self.read_error())?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(self.read_error())?;
        rows.collect::<Result<_, _>>().map_err(self.read_error())
    }

    /// The relations stored for an entity (both the ones it declares and the reverse ones
    /// others declare), as the catalog API lists them under `relations`.
    pub fn relations(&self, entity_ref: &str) -> Result<Vec<Related>, Error> {
        match self.relations_json(entity_ref)? {
            Some(listed) => self.parse_relations(entity_ref, &listed),
            None => Ok(Vec::new()),
        }
    }

    /// Relations as stored (see [`Index::relations_json`]) of the entity `entity_ref`.
    fn parse_relations(&self, entity_ref: &str, text: &str) -> Result<Vec<Related>, Error> {
        let listed: Vec<StoredRelation> = serde_json::from_str(text).map_err(|e| Error::Read {
            path: self.path.clone(),
            message: format!("the relations of {entity_ref}: {e}"),
        })?;
        Ok(listed.into_iter().map(|r| Related { kind: r.kind, target: r.target_ref }).collect())
    }

    /// A ref's relations as stored: the JSON array the catalog API has under `relations`, sorted
    /// by type then target (`[]` for an entity with none), or `None` when the ref is neither an
    /// entity nor the target of any relation.
    pub fn relations_json(&self, entity_ref: &str) -> Result<Option<String>, Error> {
        let mut stmt =
            self.db.prepare_cached("SELECT relations FROM relations WHERE source = ?1").map_err(self.read_error())?;
        stmt.query_row([entity_ref.to_lowercase()], |r| r.get(0)).optional().map_err(self.read_error())
    }

    /// The entity stored under this id in the catalog API's shape, as compact JSON text: the
    /// stored body with its relations, read without parsing either.
    pub fn api_json(&self, id: i64) -> Result<String, Error> {
        let mut stmt = self
            .db
            .prepare_cached("SELECT body, relations_at, relations FROM bodies WHERE entity_id = ?1")
            .map_err(self.read_error())?;
        stmt.query_row([id], |r| {
            let body = r.get_ref(0)?.as_str()?;
            let at = usize::try_from(r.get::<_, i64>(1)?).unwrap_or(0);
            Ok(with_relations_text(body, at, r.get_ref(2)?.as_str()?))
        })
        .map_err(self.read_error())
    }

    /// What a table of entities shows of the entity stored under this id: one narrow row.
    pub fn listing(&self, id: i64) -> Result<Listing, Error> {
        let mut stmt = self
            .db
            .prepare_cached(
                "SELECT kind, name, namespace, spec_type, lifecycle, owner, system FROM entities WHERE id = ?1",
            )
            .map_err(self.read_error())?;
        stmt.query_row([id], |r| {
            let text =
                |i: usize| -> rusqlite::Result<String> { Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default()) };
            Ok(Listing {
                kind: r.get(0)?,
                name: r.get(1)?,
                namespace: r.get(2)?,
                spec_type: text(3)?,
                lifecycle: text(4)?,
                owner: text(5)?,
                system: text(6)?,
            })
        })
        .map_err(self.read_error())
    }

    /// The targets of one relation type from an entity, e.g. its `ownedBy`.
    pub fn related(&self, entity_ref: &str, kind: &str) -> Result<Vec<String>, Error> {
        Ok(self.relations(entity_ref)?.into_iter().filter(|r| r.kind == kind).map(|r| r.target).collect())
    }

    /// The entity in the catalog API's shape: the body plus `relations` as `{type, targetRef}`.
    pub fn api_entity(&self, entity: &Entity) -> Result<Value, Error> {
        self.api_value(entity.id)
    }

    /// [`Index::api_json`] parsed, for output that reshapes the entity.
    pub fn api_value(&self, id: i64) -> Result<Value, Error> {
        serde_json::from_str(&self.api_json(id)?)
            .map_err(|e| Error::Read { path: self.path.clone(), message: format!("the entity stored as {id}: {e}") })
    }

    /// Relations from catalog entities to refs that are not in the catalog: dangling owners,
    /// systems, domains, parents, members, dependencies and APIs.
    pub fn dangling(&self) -> Result<Vec<(String, String, String)>, Error> {
        let sql = format!(
            "SELECT {DANGLING_COLUMNS} FROM entities s JOIN bodies r ON r.entity_id = s.id, {DANGLING_JOIN}
             ORDER BY 1, 2, 3"
        );
        let mut stmt = self.db.prepare(&sql).map_err(self.read_error())?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).map_err(self.read_error())?;
        rows.collect::<Result<_, _>>().map_err(self.read_error())
    }

    /// The dangling relations from the given entities: (source, type, target) with no entity
    /// behind the target. Each source is looked up by its ref, so the cost follows the number
    /// of sources, not the size of the catalog.
    pub fn dangling_from(&self, sources: &[&str]) -> Result<Vec<(String, String, String)>, Error> {
        let sql = format!(
            "SELECT {DANGLING_COLUMNS} FROM entities s JOIN bodies r ON r.entity_id = s.id, {DANGLING_JOIN} AND s.ref = ?1 ORDER BY 2, 3"
        );
        let mut stmt = self.db.prepare_cached(&sql).map_err(self.read_error())?;
        let mut found = Vec::new();
        for source in sources {
            let rows =
                stmt.query_map([source], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).map_err(self.read_error())?;
            for row in rows {
                found.push(row.map_err(self.read_error())?);
            }
        }
        Ok(found)
    }

    /// Components, APIs and resources that belong to no System.
    pub fn orphans(&self) -> Result<Vec<Entity>, Error> {
        let sql = format!(
            "SELECT {ENTITY_COLUMNS} FROM {ENTITY_TABLES}
             WHERE lower(e.kind) IN ('component', 'api', 'resource') AND e.system IS NULL ORDER BY e.id"
        );
        self.entities_where(&sql, [])
    }

    /// Runs a SELECT of [`ENTITY_COLUMNS`] with parameters.
    pub(crate) fn entities_where(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<Entity>, Error> {
        let mut stmt = self.db.prepare(sql).map_err(self.read_error())?;
        let rows = stmt.query_map(params, entity_from_row).map_err(self.read_error())?;
        rows.collect::<Result<_, _>>().map_err(self.read_error())
    }

    /// The findings recorded by the last build, errors first.
    pub fn problems(&self) -> Result<Vec<Problem>, Error> {
        let mut stmt = self
            .db
            .prepare("SELECT file, document, line, column, severity, code, path, message FROM problems ORDER BY severity, file, line")
            .map_err(self.read_error())?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Problem {
                    file: r.get(0)?,
                    document: r.get::<_, Option<i64>>(1)?.and_then(|d| usize::try_from(d).ok()),
                    line: usize::try_from(r.get::<_, i64>(2)?).unwrap_or(0),
                    column: usize::try_from(r.get::<_, i64>(3)?).unwrap_or(0),
                    severity: r.get(4)?,
                    code: r.get(5)?,
                    path: r.get(6)?,
                    message: r.get(7)?,
                })
            })
            .map_err(self.read_error())?;
        rows.collect::<Result<_, _>>().map_err(self.read_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relations_go_where_sorting_puts_them() {
        let relations = r#"[{"targetRef":"group:default/t","type":"ownedBy"}]"#;
        let parsed: Value = serde_json::from_str(relations).unwrap_or_default();
        for body in [
            serde_json::json!({"apiVersion": "v1", "kind": "Component", "metadata": {"name": "a,}\"]"}, "spec": {"x": [1, {"y": "}"}]}}),
            serde_json::json!({"apiVersion": "v1", "kind": "Component", "metadata": {"name": "a"}}),
            serde_json::json!({"apiVersion": "v1", "relations": [{"old": true}], "spec": 5}),
            serde_json::json!({"zz": "last", "aa": 1}),
            serde_json::json!({}),
        ] {
            let mut expected = body.clone();
            if let Some(object) = expected.as_object_mut() {
                object.insert("relations".to_owned(), parsed.clone());
            }
            let mut unrelated = body.clone();
            if let Some(object) = unrelated.as_object_mut() {
                object.remove("relations");
            }
            let (text, at) = stored_body(body);
            assert_eq!(text, serde_json::to_string(&unrelated).unwrap_or_default());
            assert_eq!(with_relations_text(&text, at, relations), serde_json::to_string(&expected).unwrap_or_default());
        }
    }
}
