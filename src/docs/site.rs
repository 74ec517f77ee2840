//! A TechDocs site as MkDocs sees it: `mkdocs.yml` (site name, docs folder, nav) and the pages
//! under the docs folder, with the navigation tree, ordering and page titles MkDocs 1.6 builds.
//!
//! MkDocs' rules reproduced here, from `mkdocs/structure/nav.py`, `files.py` and `pages.py`:
//! - Pages are the Markdown files under `docs_dir`; names starting with `.` and the `templates`
//!   folder are left out; `README.md` stands in for `index.md` unless the folder has both.
//! - Without `nav`, pages come in `get_files` order (per folder: the index page, then the other
//!   files by name, then sub-folders by name) and folders become sections titled from their names.
//! - A page's title is the nav title, else `title:` in its front matter, else its first heading
//!   when that heading opens the page as a level-one heading, else `Home` for the top index page,
//!   else the file name with `-`/`_` as spaces, capitalised when it is all lower case.
//! - A nav entry naming a Markdown file that does not exist is an error here (MkDocs only warns,
//!   and then builds a broken link); URLs and absolute paths are links.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use miette::NamedSource;

use super::Error;
use crate::catalog::source::Span;
use crate::catalog::yaml::{self, Node, Value};

/// The file names MkDocs reads, in the order it looks for them.
pub const CONFIG_FILE_NAMES: [&str; 2] = ["mkdocs.yml", "mkdocs.yaml"];

/// File extensions MkDocs treats as Markdown pages.
const MARKDOWN_EXTENSIONS: [&str; 5] = ["md", "markdown", "mdown", "mkdn", "mkd"];

/// A loaded site.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    /// The folder holding `mkdocs.yml`.
    pub root: PathBuf,
    pub config_file: PathBuf,
    pub name: String,
    pub docs_dir: PathBuf,
    /// Every page MkDocs builds, in its file order, whether or not the nav lists it.
    pub pages: Vec<Page>,
    pub nav: Vec<NavItem>,
}

/// One Markdown page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The path under the docs folder with `/` separators, e.g. `runbooks/restart.md`.
    pub path: String,
    /// The page's title as MkDocs shows it: its nav title when the nav names one, else the
    /// title from its metadata, first heading or file name.
    pub title: String,
}

/// An entry of the navigation tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NavItem {
    /// A page, with the title the nav shows for it.
    Page {
        title: String,
        path: String,
    },
    Section {
        title: String,
        children: Vec<NavItem>,
    },
    Link {
        title: String,
        url: String,
    },
}

impl Site {
    /// Loads the site whose `mkdocs.yml` is in `root`.
    pub fn load(root: &Path) -> Result<Site, Error> {
        let config_file = CONFIG_FILE_NAMES
            .iter()
            .map(|name| root.join(name))
            .find(|path| path.is_file())
            .ok_or_else(|| Error::NoMkdocsConfig { folder: root.to_path_buf() })?;
        let text = std::fs::read_to_string(&config_file)
            .map_err(|e| Error::Read { path: config_file.clone(), message: e.to_string() })?;
        let config = Config::parse(&config_file, &text)?;
        let docs_dir = root.join(config.docs_dir.as_deref().unwrap_or("docs"));
        if !docs_dir.is_dir() {
            return Err(Error::MissingDocsDir { config: config_file, docs_dir });
        }
        let mut pages = read_pages(&docs_dir)?;
        let mut nav = match &config.nav {
            Some(node) => nav_from_config(node, &pages, &Located { file: &config_file, text: &text })?,
            None => nav_from_files(&pages),
        };
        // MkDocs makes one page object per file, so a title given in the nav is the page's title,
        // and a file listed twice shows its first title both times.
        adopt_nav_titles(&mut nav, &mut pages, &mut HashMap::new());
        let name = config
            .site_name
            .unwrap_or_else(|| root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
        Ok(Site { root: root.to_path_buf(), config_file, name, docs_dir, pages, nav })
    }

    /// The page at a docs-relative path.
    pub fn page(&self, path: &str) -> Option<&Page> {
        self.pages.iter().find(|p| p.path == path)
    }

    /// The file of a page on disk.
    pub fn page_file(&self, page: &Page) -> PathBuf {
        self.docs_dir.join(&page.path)
    }

    /// Reads a page's Markdown.
    pub fn read_page(&self, page: &Page) -> Result<String, Error> {
        let path = self.page_file(page);
        std::fs::read_to_string(&path).map_err(|e| Error::Read { path, message: e.to_string() })
    }

    /// The page shown when no page is asked for: the first page of the nav, else the top index
    /// page, else the first page.
    pub fn home(&self) -> Option<&Page> {
        fn first(items: &[NavItem]) -> Option<&str> {
            items.iter().find_map(|item| match item {
                NavItem::Page { path, .. } => Some(path.as_str()),
                NavItem::Section { children, .. } => first(children),
                NavItem::Link { .. } => None,
            })
        }
        first(&self.nav)
            .and_then(|path| self.page(path))
            .or_else(|| self.pages.iter().find(|p| p.path == "index.md"))
            .or_else(|| self.pages.first())
    }

    /// The pages' paths in the order the nav lists them, each once (else in file order): the
    /// order a reader turns pages in.
    pub fn reading_order(&self) -> Vec<String> {
        fn walk(items: &[NavItem], out: &mut Vec<String>) {
            for item in items {
                match item {
                    NavItem::Page { path, .. } if !out.contains(path) => out.push(path.clone()),
                    NavItem::Section { children, .. } => walk(children, out),
                    _ => {}
                }
            }
        }
        let mut order = Vec::new();
        walk(&self.nav, &mut order);
        if order.is_empty() {
            order = self.pages.iter().map(|p| p.path.clone()).collect();
        }
        order
    }

    /// Every page with the titles it is known by (its own and any nav titles), and the nav
    /// section path above it, for matching a user's PAGE argument.
    pub fn page_names(&self) -> Vec<(&Page, Vec<String>)> {
        let mut names: Vec<(&Page, Vec<String>)> = self.pages.iter().map(|p| (p, vec![p.title.clone()])).collect();
        fn walk(items: &[NavItem], sections: &mut Vec<String>, names: &mut Vec<(&Page, Vec<String>)>) {
            for item in items {
                match item {
                    NavItem::Page { title, path } => {
                        if let Some((_, titles)) = names.iter_mut().find(|(p, _)| &p.path == path) {
                            let mut full = sections.clone();
                            full.push(title.clone());
                            titles.push(title.clone());
                            titles.push(full.join(" / "));
                        }
                    }
                    NavItem::Section { title, children } => {
                        sections.push(title.clone());
                        walk(children, sections, names);
                        sections.pop();
                    }
                    NavItem::Link { .. } => {}
                }
            }
        }
        walk(&self.nav, &mut Vec::new(), &mut names);
        for (_, titles) in &mut names {
            titles.dedup();
        }
        names
    }
}

/// The nav tree as JSON, in the shape the project's MkDocs script prints:
/// `{"page", "title"}`, `{"section", "children"}` and `{"link", "title"}`.
pub fn nav_json(items: &[NavItem]) -> serde_json::Value {
    serde_json::Value::Array(
        items
            .iter()
            .map(|item| match item {
                NavItem::Page { title, path } => serde_json::json!({ "page": path, "title": title }),
                NavItem::Section { title, children } => {
                    serde_json::json!({ "section": title, "children": nav_json(children) })
                }
                NavItem::Link { title, url } => serde_json::json!({ "link": url, "title": title }),
            })
            .collect(),
    )
}

/// Every page MkDocs builds as JSON `{"page", "title"}`, in its order.
pub fn pages_json(pages: &[Page]) -> serde_json::Value {
    pages.iter().map(|p| serde_json::json!({ "page": p.path, "title": p.title })).collect()
}

/// The keys of `mkdocs.yml` that shape the site.
struct Config {
    site_name: Option<String>,
    docs_dir: Option<String>,
    nav: Option<Node>,
}

/// A config file's name and text, for errors that point into it.
struct Located<'a> {
    file: &'a Path,
    text: &'a str,
}

impl Located<'_> {
    fn error(&self, span: Span, message: impl Into<String>) -> Error {
        Error::Config {
            message: message.into(),
            source_code: NamedSource::new(self.file.display().to_string(), self.text.to_owned()),
            span: span.into(),
        }
    }
}

impl Config {
    fn parse(file: &Path, text: &str) -> Result<Config, Error> {
        let at = Located { file, text };
        let mut documents = yaml::load(text);
        let root = match documents.first_mut().map(|d| std::mem::replace(&mut d.content, Ok(None))) {
            None | Some(Ok(None)) => return Ok(Config { site_name: None, docs_dir: None, nav: None }),
            Some(Ok(Some(node))) => node,
            Some(Err(errors)) => {
                let first = errors.into_iter().next();
                let span = first.as_ref().map(|e| e.span).unwrap_or_default();
                return Err(at.error(span, first.map_or_else(|| "invalid YAML".to_owned(), |e| e.message)));
            }
        };
        if root.as_map().is_none() {
            return Err(at.error(root.span, "mkdocs.yml must be a mapping of settings"));
        }
        let string = |key: &str| -> Result<Option<String>, Error> {
            match root.get(key) {
                None => Ok(None),
                Some(Node { value: Value::Null, .. }) => Ok(None),
                Some(Node { value: Value::String(s), .. }) => Ok(Some(s.to_string())),
                Some(node) => Err(at.error(node.span, format!("`{key}` must be a string"))),
            }
        };
        let nav = match root.get("nav") {
            None | Some(Node { value: Value::Null, .. }) => None,
            Some(node) if node.as_seq().is_some() => Some(node.clone()),
            Some(node) => return Err(at.error(node.span, "`nav` must be a list of pages and sections")),
        };
        Ok(Config { site_name: string("site_name")?, docs_dir: string("docs_dir")?, nav })
    }
}

/// The `docs_dir` a `mkdocs.yml` names, `docs` when it names none.
pub fn configured_docs_dir(config_file: &Path, text: &str) -> Result<String, Error> {
    Ok(Config::parse(config_file, text)?.docs_dir.unwrap_or_else(|| "docs".to_owned()))
}

/// Whether MkDocs treats a file of this name as a Markdown page.
pub fn is_markdown(name: &str) -> bool {
    Path::new(name).extension().and_then(|e| e.to_str()).is_some_and(|e| MARKDOWN_EXTENSIONS.contains(&e))
}

/// MkDocs' `_file_sort_key`: the folder parts, then the index page first, then the name.
fn sort_key(path: &str) -> (Vec<&str>, bool, &str) {
    let mut parts: Vec<&str> = path.split('/').collect();
    let name = parts.pop().unwrap_or_default();
    (parts, stem(name) != "index", name)
}

/// A file's name without its extension, with `README` counted as `index`, as MkDocs does.
fn stem(name: &str) -> &str {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    if stem == "README" { "index" } else { stem }
}

/// Every Markdown page under the docs folder, in MkDocs' order, with titles.
fn read_pages(docs_dir: &Path) -> Result<Vec<Page>, Error> {
    let mut paths = Vec::new();
    let mut folders = vec![(docs_dir.to_path_buf(), String::new())];
    while let Some((folder, prefix)) = folders.pop() {
        let entries =
            std::fs::read_dir(&folder).map_err(|e| Error::Read { path: folder.clone(), message: e.to_string() })?;
        let mut names_here = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::Read { path: folder.clone(), message: e.to_string() })?;
            let name = entry.file_name().to_string_lossy().into_owned();
            // MkDocs' default `exclude_docs`: dot files and folders, and `templates/` at the top.
            if name.starts_with('.') || (prefix.is_empty() && name == "templates") {
                continue;
            }
            let path = entry.path();
            if path.is_dir() {
                folders.push((path, format!("{prefix}{name}/")));
            } else if is_markdown(&name) {
                names_here.push(name);
            }
        }
        // README.md is the folder's index page only when there is no index.md beside it.
        let has_index = names_here.iter().any(|n| n.rsplit_once('.').is_some_and(|(s, _)| s == "index"));
        paths.extend(
            names_here
                .into_iter()
                .filter(|n| !(has_index && n.rsplit_once('.').is_some_and(|(s, _)| s == "README")))
                .map(|n| format!("{prefix}{n}")),
        );
    }
    paths.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    paths
        .into_iter()
        .map(|path| {
            let file = docs_dir.join(&path);
            let text = std::fs::read_to_string(&file)
                .map_err(|e| Error::Read { path: file.clone(), message: e.to_string() })?;
            let title = page_title(&path, &text);
            Ok(Page { path, title })
        })
        .collect()
}

/// The title MkDocs gives a page that its nav entry does not name.
pub fn page_title(path: &str, markdown: &str) -> String {
    let (meta, body) = super::markdown::split_front_matter(markdown);
    let meta_title = match meta {
        Some(super::markdown::Meta::Yaml(yaml)) => front_matter_title(yaml),
        Some(super::markdown::Meta::MultiMarkdown(lines)) => super::markdown::multimarkdown_title(lines),
        None => None,
    };
    if let Some(title) = meta_title {
        return title;
    }
    if let Some(title) = super::markdown::leading_h1(body) {
        return title;
    }
    if path.rsplit_once('.').is_some_and(|(s, _)| s == "index" || s == "README") && !path.contains('/') {
        return "Home".to_owned();
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    title_from_name(stem(name))
}

fn front_matter_title(meta: &str) -> Option<String> {
    let documents = yaml::load(meta);
    let root = documents.into_iter().next()?.content.ok()??;
    match &root.get("title")?.value {
        Value::String(s) => Some(s.to_string()),
        Value::Number(n) => Some(yaml::js_number(*n)),
        Value::Bool(b) => Some(if *b { "True" } else { "False" }.to_owned()),
        _ => None,
    }
}

/// MkDocs' `dirname_to_title`: dashes and underscores become spaces, and an all-lower-case
/// name gets a capital first letter.
pub fn title_from_name(name: &str) -> String {
    let title = name.replace(['-', '_'], " ");
    if title.to_lowercase() == title {
        let mut chars = title.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => title,
        }
    } else {
        title
    }
}

fn adopt_nav_titles(items: &mut [NavItem], pages: &mut [Page], seen: &mut HashMap<String, String>) {
    for item in items {
        match item {
            NavItem::Page { title, path } => {
                if let Some(first) = seen.get(path) {
                    title.clone_from(first);
                } else {
                    seen.insert(path.clone(), title.clone());
                    if let Some(page) = pages.iter_mut().find(|p| p.path == *path) {
                        page.title.clone_from(title);
                    }
                }
            }
            NavItem::Section { children, .. } => adopt_nav_titles(children, pages, seen),
            NavItem::Link { .. } => {}
        }
    }
}

/// MkDocs' `nest_paths`: the nav made from the page list when `mkdocs.yml` has none.
fn nav_from_files(pages: &[Page]) -> Vec<NavItem> {
    let mut nav = Vec::new();
    for page in pages {
        let mut branch = &mut nav;
        let folders: Vec<&str> = page.path.split('/').collect();
        for folder in &folders[..folders.len() - 1] {
            let title = title_from_name(folder);
            let position = branch
                .iter()
                .position(|item| matches!(item, NavItem::Section { title: t, .. } if *t == title))
                .unwrap_or_else(|| {
                    branch.push(NavItem::Section { title: title.clone(), children: Vec::new() });
                    branch.len() - 1
                });
            branch = match &mut branch[position] {
                NavItem::Section { children, .. } => children,
                _ => return nav_flat(pages),
            };
        }
        branch.push(NavItem::Page { title: page.title.clone(), path: page.path.clone() });
    }
    nav
}

/// A fallback that cannot really happen (a section position always holds a section).
fn nav_flat(pages: &[Page]) -> Vec<NavItem> {
    pages.iter().map(|p| NavItem::Page { title: p.title.clone(), path: p.path.clone() }).collect()
}

/// MkDocs' `_data_to_navigation` on the `nav` setting.
fn nav_from_config(node: &Node, pages: &[Page], at: &Located<'_>) -> Result<Vec<NavItem>, Error> {
    let known: HashSet<&str> = pages.iter().map(|p| p.path.as_str()).collect();
    let mut items = Vec::new();
    for entry in node.as_seq().unwrap_or_default() {
        items.push(nav_item(entry, &known, pages, at)?);
    }
    Ok(items)
}

fn nav_item(node: &Node, known: &HashSet<&str>, pages: &[Page], at: &Located<'_>) -> Result<NavItem, Error> {
    match &node.value {
        Value::String(target) => target_item(None, target, node.span, known, pages, at),
        Value::Map(entries) => {
            let [(key, value)] = entries.as_slice() else {
                return Err(at.error(node.span, "a nav entry must have exactly one `title: page` or `title: [...]`"));
            };
            let title = key.key_string().into_owned();
            match &value.value {
                Value::String(target) => target_item(Some(title), target, value.span, known, pages, at),
                Value::Seq(children) => {
                    let children = children
                        .iter()
                        .map(|child| nav_item(child, known, pages, at))
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok(NavItem::Section { title, children })
                }
                _ => Err(at.error(value.span, format!("nav entry `{title}` must name a page, a URL or a list"))),
            }
        }
        _ => Err(at.error(node.span, "a nav entry must be a page path or a `title: page` mapping")),
    }
}

fn target_item(
    title: Option<String>,
    target: &str,
    span: Span,
    known: &HashSet<&str>,
    pages: &[Page],
    at: &Located<'_>,
) -> Result<NavItem, Error> {
    let normal = normalise(target);
    if known.contains(normal.as_str()) {
        let title = title
            .unwrap_or_else(|| pages.iter().find(|p| p.path == normal).map(|p| p.title.clone()).unwrap_or_default());
        return Ok(NavItem::Page { title, path: normal });
    }
    let external = target.contains("://") || target.starts_with('/') || target.starts_with("mailto:");
    if external || !is_markdown(target.split(['#', '?']).next().unwrap_or(target)) {
        return Ok(NavItem::Link { title: title.unwrap_or_else(|| target.to_owned()), url: target.to_owned() });
    }
    Err(at.error(span, format!("nav entry `{target}` names a page that is not in the docs folder")))
}

/// A nav path as MkDocs looks it up: `PurePath(path).as_posix()`, which drops `./` and doubled
/// slashes.
fn normalise(target: &str) -> String {
    target.split('/').filter(|part| !part.is_empty() && *part != ".").collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mkdocs_orders_index_first_then_files_then_folders() {
        let mut paths = vec!["b.md", "sub/x.md", "index.md", "a.md", "sub/index.md", "B.md", "z/README.md"];
        paths.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
        assert_eq!(paths, ["index.md", "B.md", "a.md", "b.md", "sub/index.md", "sub/x.md", "z/README.md"]);
    }

    #[test]
    fn titles_from_file_names() {
        assert_eq!(title_from_name("getting-started"), "Getting started");
        assert_eq!(title_from_name("API_reference"), "API reference");
        assert_eq!(page_title("index.md", "no heading"), "Home");
        assert_eq!(page_title("sub/index.md", "no heading"), "Index");
        assert_eq!(page_title("x.md", "---\ntitle: From meta\n---\n# Heading\n"), "From meta");
        assert_eq!(page_title("x.md", "# The *real* title\n\ntext"), "The real title");
    }

    #[test]
    fn nav_paths_are_normalised() {
        assert_eq!(normalise("./a//b.md"), "a/b.md");
    }
}
