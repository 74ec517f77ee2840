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

pub use build::{BuildRequest, BuildSummary, Progress, Silent, build};
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
}

/// A relation from the entity asked about: `kind` is the relation type, `target` the other end.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Related {
    pub kind: String,
    pub target: String,
}

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
    "e.ref, e.kind, e.namespace, e.name, e.title, f.path, e.document, e.line, e.body";

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
            relations: count("SELECT count(*) FROM relations")?,
            errors: count("SELECT count(*) FROM problems WHERE severity = 'error'")?,
            warnings: count("SELECT count(*) FROM problems WHERE severity = 'warning'")?,
            ..BuildSummary::default()
        })
    }

    /// The entity with this ref (any case; the kind and namespace may be left out when `defaults`
    /// supplies them, as in `group:team-a` or `team-a`).
    pub fn entity(&self, entity_ref: &str) -> Result<Option<Entity>, Error> {
        let sql = format!("SELECT {ENTITY_COLUMNS} FROM entities e JOIN files f ON f.id = e.file_id WHERE e.ref = ?1");
        let mut stmt = self.db.prepare_cached(&sql).map_err(self.read_error())?;
        stmt.query_row([entity_ref.to_lowercase()], entity_from_row).optional().map_err(self.read_error())
    }

    /// The entity stored under this id (see `Index::ids_where`).
    pub fn entity_by_id(&self, id: i64) -> Result<Entity, Error> {
        let sql = format!("SELECT {ENTITY_COLUMNS} FROM entities e JOIN files f ON f.id = e.file_id WHERE e.id = ?1");
        let mut stmt = self.db.prepare_cached(&sql).map_err(self.read_error())?;
        stmt.query_row([id], entity_from_row).map_err(self.read_error())
    }

    /// Runs a SELECT of `e.id, e.ref` with parameters: the entities a query found, without
    /// reading their bodies.
    pub(crate) fn ids_where(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<(i64, String)>, Error> {
        let mut stmt = self.db.prepare(sql).map_err(self.read_error())?;
        let rows = stmt.query_map(params, |r| Ok((r.get(0)?, r.get(1)?))).map_err(self.read_error())?;
        rows.collect::<Result<_, _>>().map_err(self.read_error())
    }

    /// Entities whose name is `name`, case-insensitively, in any kind and namespace.
    pub fn entities_named(&self, name: &str) -> Result<Vec<Entity>, Error> {
        let sql = format!(
            "SELECT {ENTITY_COLUMNS} FROM entities e JOIN files f ON f.id = e.file_id WHERE lower(e.name) = ?1 ORDER BY e.ref"
        );
        self.entities_where(&sql, params![name.to_lowercase()])
    }

    /// Entities declared in one catalog file, in document order.
    pub fn entities_in_file(&self, file: &str) -> Result<Vec<Entity>, Error> {
        let sql = format!(
            "SELECT {ENTITY_COLUMNS} FROM entities e JOIN files f ON f.id = e.file_id WHERE f.path = ?1 ORDER BY e.document"
        );
        self.entities_where(&sql, params![file])
    }

    /// Every entity's ref, name and title, for fuzzy matching.
    pub fn names(&self) -> Result<Vec<(String, String, Option<String>)>, Error> {
        let mut stmt = self.db.prepare("SELECT ref, name, title FROM entities").map_err(self.read_error())?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).map_err(self.read_error())?;
        rows.collect::<Result<_, _>>().map_err(self.read_error())
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
        let mut stmt = self
            .db
            .prepare_cached("SELECT type, target FROM relations WHERE source = ?1 ORDER BY type, target")
            .map_err(self.read_error())?;
        let rows = stmt
            .query_map([entity_ref.to_lowercase()], |r| Ok(Related { kind: r.get(0)?, target: r.get(1)? }))
            .map_err(self.read_error())?;
        rows.collect::<Result<_, _>>().map_err(self.read_error())
    }

    /// The targets of one relation type from an entity, e.g. its `ownedBy`.
    pub fn related(&self, entity_ref: &str, kind: &str) -> Result<Vec<String>, Error> {
        let mut stmt = self
            .db
            .prepare_cached("SELECT target FROM relations WHERE source = ?1 AND type = ?2 ORDER BY target")
            .map_err(self.read_error())?;
        let rows =
            stmt.query_map([entity_ref.to_lowercase(), kind.to_owned()], |r| r.get(0)).map_err(self.read_error())?;
        rows.collect::<Result<_, _>>().map_err(self.read_error())
    }

    /// The entity in the catalog API's shape: the body plus `relations` as `{type, targetRef}`.
    pub fn api_entity(&self, entity: &Entity) -> Result<Value, Error> {
        self.with_relations(entity.clone())
    }

    /// [`Index::api_entity`], taking the entity rather than copying its body.
    pub fn with_relations(&self, entity: Entity) -> Result<Value, Error> {
        let mut body = entity.body;
        let relations: Vec<Value> = self
            .relations(&entity.entity_ref)?
            .into_iter()
            .map(|r| serde_json::json!({ "type": r.kind, "targetRef": r.target }))
            .collect();
        if let Some(object) = body.as_object_mut() {
            object.insert("relations".to_owned(), Value::Array(relations));
        }
        Ok(body)
    }

    /// Relations from catalog entities to refs that are not in the catalog: dangling owners,
    /// systems, domains, parents, members, dependencies and APIs.
    pub fn dangling(&self) -> Result<Vec<(String, String, String)>, Error> {
        let sql = "SELECT r.source, r.type, r.target FROM relations r
                   JOIN entities s ON s.ref = r.source
                   LEFT JOIN entities t ON t.ref = r.target
                   WHERE t.id IS NULL ORDER BY r.source, r.type, r.target";
        let mut stmt = self.db.prepare(sql).map_err(self.read_error())?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).map_err(self.read_error())?;
        rows.collect::<Result<_, _>>().map_err(self.read_error())
    }

    /// The dangling relations from the given entities: (source, type, target) with no entity
    /// behind the target. Each source is looked up by the relations' key, so the cost follows
    /// the number of sources, not the size of the catalog.
    pub fn dangling_from(&self, sources: &[&str]) -> Result<Vec<(String, String, String)>, Error> {
        let sql = "SELECT r.source, r.type, r.target FROM relations r
                   LEFT JOIN entities t ON t.ref = r.target
                   WHERE r.source = ?1 AND t.id IS NULL ORDER BY r.type, r.target";
        let mut stmt = self.db.prepare_cached(sql).map_err(self.read_error())?;
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
            "SELECT {ENTITY_COLUMNS} FROM entities e JOIN files f ON f.id = e.file_id
             WHERE lower(e.kind) IN ('component', 'api', 'resource')
               AND e.ref NOT IN (SELECT source FROM relations WHERE type = 'partOf' AND target LIKE 'system:%')
             ORDER BY e.ref"
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
