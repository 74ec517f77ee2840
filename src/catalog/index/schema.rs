//! The index's SQLite schema. Bump [`SCHEMA_VERSION`] with any change: readers refuse an index
//! of another version and ask for a rebuild, which is cheap, rather than migrate.

pub const SCHEMA_VERSION: i64 = 4;

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
-- one file the last document does). The rows are narrow so that lookups and scans of many
-- entities read few pages; each body lives in `bodies` under the entity's id.
CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    ref TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    namespace TEXT NOT NULL,
    name TEXT NOT NULL,
    title TEXT,
    file_id INTEGER NOT NULL,
    document INTEGER NOT NULL,
    line INTEGER NOT NULL
);

-- The entity in the catalog API's JSON shape (compact, keys sorted), without `relations`, and
-- the byte offset where they belong, so that whole entities are printed without parsing.
CREATE TABLE bodies (entity_id INTEGER PRIMARY KEY, body TEXT NOT NULL, relations_at INTEGER NOT NULL);

-- Relations as the catalog stores them: both directions, deduplicated, kept even when the
-- other end does not exist. One row per source holds all of its relations as the catalog API
-- lists them, `[{targetRef, type}]` sorted by type then target: reading an entity's
-- relations is one lookup, and the text goes into JSON output as it is.
CREATE TABLE relations (source TEXT PRIMARY KEY, relations TEXT NOT NULL) WITHOUT ROWID;

-- Lower-cased leaf values of each entity for filter queries, like the catalog's own search table,
-- but for `kind`, `metadata.name` and `metadata.namespace`, which filters read from `entities`.
-- Keys are numbered: a few dozen keys repeat over millions of values. Each row lists the ids of
-- the entities with that value, as a JSON array in ascending order, so a million terms take a
-- few hundred thousand rows.
CREATE TABLE search_keys (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
CREATE TABLE search (
    key_id INTEGER NOT NULL,
    value TEXT NOT NULL,
    entities TEXT NOT NULL,
    PRIMARY KEY (key_id, value)
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
