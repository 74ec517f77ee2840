//! The index's SQLite schema. Bump [`SCHEMA_VERSION`] with any change: readers refuse an index
//! of another version and ask for a rebuild, which is cheap, rather than migrate.

pub const SCHEMA_VERSION: i64 = 6;

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
-- one file the last document does). Ids follow the refs' order, so that entities read in id
-- order come out sorted and lie in the file in the order they are read. The rows are narrow so
-- that lookups and scans of many entities read few pages; each body lives in `bodies` under the
-- entity's id. They also hold what a table of entities shows (`spec.type`, `spec.lifecycle`
-- when they are strings, and the targets of the entity's `ownedBy` and `partOf` a System
-- relations, which only the entity itself declares), so that a table lists thousands of entities
-- from these rows alone.
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
    spec_type TEXT,
    lifecycle TEXT,
    owner TEXT,
    system TEXT
);

-- Each entity as the catalog API prints it, in one row so that printing it is one lookup: its
-- body in the API's JSON shape (compact, keys sorted) without `relations`, its relations, and
-- the byte offset in the body where they belong, so that whole entities are printed without
-- parsing.
-- Relations are as the catalog stores them: both directions, deduplicated, kept even when the
-- other end does not exist, listed as the catalog API lists them, `[{targetRef, type}]`
-- sorted by type then target.
CREATE TABLE bodies (
    entity_id INTEGER PRIMARY KEY,
    body TEXT NOT NULL,
    relations_at INTEGER NOT NULL,
    relations TEXT NOT NULL
);

-- The relations whose source is no entity: the reverse relations of refs to entities that are
-- not in the catalog, which filters read to find the entities that point at them.
CREATE TABLE missing_sources (source TEXT PRIMARY KEY, relations TEXT NOT NULL) WITHOUT ROWID;

-- Every ref's relations, whether the ref is an entity or not: reading them is one lookup.
CREATE VIEW relations (source, relations) AS
    SELECT e.ref, b.relations FROM entities e JOIN bodies b ON b.entity_id = e.id
    UNION ALL SELECT source, relations FROM missing_sources;

-- Lower-cased leaf values of each entity for filter queries, as in the catalog's own search table
-- (a list's string items under the list's key and a NUL character, one row serving both ways the
-- catalog finds them, `metadata.tags=java` and `metadata.tags.java`; fields with no value to
-- match under the value NUL),
-- but for `kind`, `metadata.name` and `metadata.namespace`, which filters read from `entities`,
-- and the location annotations, read from `files`.
-- Keys are numbered: most keys repeat over many values. Each row lists the ids of
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
