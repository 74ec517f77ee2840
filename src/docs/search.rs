//! Full-text search over every indexed docs page: a SQLite FTS5 file of its own
//! (`docs-search.sqlite` beside the catalog index), rebuilt whole by `hub docs index` and after
//! `hub catalog index`, and replaced atomically so a search never sees half of one.
//!
//! Ranking is FTS5's BM25 with a page's title weighted ten times its text; stemming (`porter`)
//! lets `restarting` find `restart`.

use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use rayon::prelude::*;
use rusqlite::{Connection, OpenFlags, params};
use serde::Serialize;

use super::{Error, Site, markdown, mirror};
use crate::catalog::index::Index;

/// The search index's file name in hub's data folder.
pub const FILE_NAME: &str = "docs-search.sqlite";

/// The schema this hub writes and reads; another one means "rebuild".
const SCHEMA_VERSION: i64 = 1;

/// The search index beside a catalog index file.
pub fn path_beside(catalog_index: &Path) -> PathBuf {
    catalog_index.with_file_name(FILE_NAME)
}

/// One page to index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub entity_ref: String,
    pub page_path: String,
    pub page_title: String,
    /// The page's text without Markdown syntax.
    pub text: String,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    #[serde(rename = "entity")]
    pub entity_ref: String,
    #[serde(rename = "page")]
    pub page_path: String,
    #[serde(rename = "title")]
    pub page_title: String,
    /// A few words around the match; [`MATCH_START`] and [`MATCH_END`] surround matched terms.
    pub snippet: String,
    /// BM25 rank: lower is better.
    pub rank: f64,
}

/// Marks the start and end of a matched term in a snippet.
pub const MATCH_START: char = '\u{2}';
pub const MATCH_END: char = '\u{3}';

/// A site that could not be read while indexing; the rest are indexed anyway.
#[derive(Debug)]
pub struct Skipped {
    pub entity_ref: String,
    pub error: Error,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct Built {
    pub sites: usize,
    pub pages: usize,
    pub skipped: Vec<Skipped>,
}

/// Every page of every entity with a techdocs-ref in the catalog index: from local folders, and
/// from the mirrors of GitHub repositories as far as `hub docs` has fetched them.
pub fn collect(index: &Index, github: &mirror::GitHub) -> Result<(Vec<Document>, Built), Error> {
    let annotated = index
        .annotated(crate::catalog::model::annotations::TECHDOCS_REF)
        .map_err(|e| Error::Read { path: index.path().to_path_buf(), message: e.to_string() })?;
    // Resolving needs the index, which one thread at a time may use; reading the sites only the
    // disk, so that runs on every core: most entities of a large catalog name a folder with no
    // docs, and finding that out is a few file-system calls each.
    let folders: Vec<(String, Result<PathBuf, Error>)> = annotated
        .into_iter()
        .map(|(entity_ref, file, reference)| {
            let folder = mirror::locate_ref(index, github, &entity_ref, &file, &reference)
                .and_then(|location| mirror::mirrored_folder(location, &entity_ref));
            (entity_ref, folder)
        })
        .collect();
    let sites: Vec<(String, Result<Vec<Document>, Error>)> = folders
        .into_par_iter()
        .map(|(entity_ref, folder)| {
            let pages = folder.and_then(|folder| site_documents(&entity_ref, &folder));
            (entity_ref, pages)
        })
        .collect();
    let mut documents = Vec::new();
    let mut built = Built::default();
    for (entity_ref, pages) in sites {
        match pages {
            Ok(pages) => {
                built.sites += 1;
                built.pages += pages.len();
                documents.extend(pages);
            }
            Err(error) => built.skipped.push(Skipped { entity_ref, error }),
        }
    }
    Ok((documents, built))
}

fn site_documents(entity_ref: &str, folder: &Path) -> Result<Vec<Document>, Error> {
    let site = Site::load(folder)?;
    site.pages
        .iter()
        .map(|page| {
            let text = plain_text(&site.read_page(page)?);
            Ok(Document {
                entity_ref: entity_ref.to_owned(),
                page_path: page.path.clone(),
                page_title: page.title.clone(),
                text,
            })
        })
        .collect()
}

/// A page's words without Markdown syntax: what search matches and snippets show.
pub fn plain_text(page: &str) -> String {
    let (_, body) = markdown::split_front_matter(page);
    let source = markdown::rewrite_admonitions(body);
    let mut text = String::with_capacity(source.len());
    for event in Parser::new_ext(&source, markdown::options()) {
        match event {
            Event::Text(t) | Event::Code(t) => {
                text.push_str(t.trim_start_matches(markdown::ADMONITION_MARKER));
            }
            Event::SoftBreak | Event::HardBreak | Event::Start(Tag::TableCell) => text.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock | TagEnd::TableRow,
            ) => {
                text.push('\n');
            }
            _ => {}
        }
    }
    text.replace(markdown::ADMONITION_TITLE, " ")
}

/// Writes a new search index with these pages and puts it in place of the old one.
pub fn write(path: &Path, documents: &[Document]) -> Result<(), Error> {
    let fail = |message: String| Error::SearchIndex { path: path.to_path_buf(), message };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| fail(format!("cannot be created: {e}")))?;
    }
    let temp = path.with_extension(format!("tmp-{}", std::process::id()));
    let result = (|| -> rusqlite::Result<()> {
        let _ = std::fs::remove_file(&temp);
        let mut db = Connection::open(&temp)?;
        db.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
             CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             CREATE VIRTUAL TABLE pages USING fts5(entity UNINDEXED, path UNINDEXED, title, body, tokenize = 'porter unicode61');",
        )?;
        let tx = db.transaction()?;
        tx.execute("INSERT INTO meta (key, value) VALUES ('schema', ?1)", params![SCHEMA_VERSION.to_string()])?;
        {
            let mut insert = tx.prepare("INSERT INTO pages (entity, path, title, body) VALUES (?1, ?2, ?3, ?4)")?;
            for doc in documents {
                insert.execute(params![doc.entity_ref, doc.page_path, doc.page_title, doc.text])?;
            }
        }
        tx.execute("INSERT INTO pages (pages) VALUES ('optimize')", [])?;
        tx.commit()?;
        db.close().map_err(|(_, e)| e)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(fail(format!("cannot be written: {e}")));
    }
    std::fs::rename(&temp, path).map_err(|e| fail(format!("cannot be replaced: {e}")))
}

/// A read-only search index.
pub struct SearchIndex {
    db: Connection,
    path: PathBuf,
}

impl SearchIndex {
    pub fn open(path: &Path) -> Result<SearchIndex, Error> {
        let fail = |message: &str| Error::SearchIndex { path: path.to_path_buf(), message: message.to_owned() };
        if !path.is_file() {
            return Err(fail("does not exist"));
        }
        let db = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|e| fail(&format!("cannot be opened: {e}")))?;
        let schema: Option<String> = db
            .query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| r.get(0))
            .map_err(|e| fail(&format!("cannot be read: {e}")))?;
        if schema.as_deref() != Some(&SCHEMA_VERSION.to_string()) {
            return Err(fail("was written by another version of hub"));
        }
        Ok(SearchIndex { db, path: path.to_path_buf() })
    }

    /// The best `limit` pages for a query, best first. Every word must occur (the last one may
    /// be the start of a word); quotes keep a phrase together.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, Error> {
        let Some(expression) = match_expression(query) else { return Ok(Vec::new()) };
        let fail = |e: rusqlite::Error| Error::SearchIndex {
            path: self.path.clone(),
            message: format!("cannot be searched: {e}"),
        };
        let mut stmt = self
            .db
            .prepare_cached(
                "SELECT entity, path, title, snippet(pages, 3, char(2), char(3), '…', 16), bm25(pages, 0.0, 0.0, 10.0, 1.0) AS rank
                 FROM pages WHERE pages MATCH ?1 ORDER BY rank LIMIT ?2",
            )
            .map_err(fail)?;
        let rows = stmt
            .query_map(params![expression, i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
                Ok(Hit {
                    entity_ref: r.get(0)?,
                    page_path: r.get(1)?,
                    page_title: r.get(2)?,
                    snippet: r.get::<_, String>(3)?.replace('\n', " "),
                    rank: r.get(4)?,
                })
            })
            .map_err(fail)?;
        rows.collect::<Result<_, _>>().map_err(fail)
    }
}

/// The user's words as an FTS5 expression: each word quoted (so no character is an operator),
/// all required, the last one as a prefix; a quoted phrase stays one term.
fn match_expression(query: &str) -> Option<String> {
    let mut terms = Vec::new();
    for (i, part) in query.split('"').enumerate() {
        if i % 2 == 1 {
            if !part.trim().is_empty() {
                terms.push(format!("\"{}\"", part.trim()));
            }
        } else {
            terms.extend(part.split_whitespace().map(|w| format!("\"{}\"", w.replace('"', ""))));
        }
    }
    if !query.trim_end().ends_with('"')
        && let Some(last) = terms.last_mut()
    {
        last.push('*');
    }
    (!terms.is_empty()).then(|| terms.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_quoted_terms() {
        assert_eq!(match_expression("restart ledg").as_deref(), Some("\"restart\" \"ledg\"*"));
        assert_eq!(match_expression("\"on call\" NOT").as_deref(), Some("\"on call\" \"NOT\"*"));
        assert_eq!(match_expression("  "), None);
    }

    #[test]
    fn ranks_title_matches_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let doc = |entity: &str, title: &str, text: &str| Document {
            entity_ref: entity.to_owned(),
            page_path: "index.md".to_owned(),
            page_title: title.to_owned(),
            text: text.to_owned(),
        };
        write(
            &path,
            &[
                doc("component:default/a", "Overview", "We restart the ledger nightly."),
                doc("component:default/b", "Restarting", "How to do it safely."),
            ],
        )
        .unwrap();
        let hits = SearchIndex::open(&path).unwrap().search("restart", 10).unwrap();
        let order: Vec<&str> = hits.iter().map(|h| h.entity_ref.as_str()).collect();
        assert_eq!(order, ["component:default/b", "component:default/a"]);
        assert!(hits[1].snippet.contains("\u{2}restart\u{3}"));
    }
}
