//! The index's SQLite schema. Bump [`SCHEMA_VERSION`] with any change: readers refuse an index
//! of another version and ask for a rebuild, which is cheap, rather than migrate.

pub const SCHEMA_VERSION: i64 = 3;

/// Tables, created empty before the bulk insert.
pub const TABLES: &str = "
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

-- Every catalog file read, with what decides whether it changed since.
CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    errors INTEGER NOT NULL,
    warnings INTEGER NOT NULL
);

-- One row per valid entity that the catalog keeps (the first file to declare a ref wins; within
-- one file the last document does). `body` is the entity in the catalog API's JSON shape,
-- without `relations`, which live in their own table.
CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    ref TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    namespace TEXT NOT NULL,
    name TEXT NOT NULL,
    title TEXT,
    file_id INTEGER NOT NULL,
    document INTEGER NOT NULL,
    line INTEGER NOT NULL,
    body TEXT NOT NULL
);

-- Relations as the catalog stores them: both directions, deduplicated, kept even when the
-- other end does not exist.
CREATE TABLE relations (
    source TEXT NOT NULL,
    type TEXT NOT NULL,
    target TEXT NOT NULL,
    PRIMARY KEY (source, type, target)
) WITHOUT ROWID;

-- Lower-cased leaf values of each entity for filter queries, like the catalog's own search table,
-- but for `kind`, `metadata.name` and `metadata.namespace`, which filters read from `entities`.
-- Keys are numbered: a few hundred keys repeat over millions of rows.
CREATE TABLE search_keys (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
CREATE TABLE search (
    key_id INTEGER NOT NULL,
    value TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    PRIMARY KEY (key_id, value, entity_id)
) WITHOUT ROWID;

-- Findings of the last run, for `hub catalog doctor` and the summary.
CREATE TABLE problems (
    file TEXT NOT NULL,
    document INTEGER,
    line INTEGER NOT NULL,
    column INTEGER NOT NULL,
    severity TEXT NOT NULL,
    code TEXT NOT NULL,
    path TEXT NOT NULL,
    message TEXT NOT NULL
);
";

/// Indexes, created after the bulk insert, which is faster than maintaining them row by row.
/// Relations need no index by target: each is stored in both directions, so the entities with
/// a relation to X are the targets of X's reverse relation.
pub const INDEXES: &str = "
CREATE INDEX entities_name ON entities (lower(name));
CREATE INDEX entities_kind ON entities (lower(kind));
CREATE INDEX entities_file ON entities (file_id);
";
