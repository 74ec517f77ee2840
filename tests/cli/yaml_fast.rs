//! The fast YAML parser against the saphyr path, which is the reference.
//!
//! Whenever the fast parser returns a tree, it must be the tree the saphyr path builds from the
//! same document: same values, same spans, same key order, null and empty string kept apart,
//! numbers equal to the bit. Checked on every catalog file the repository and the shared corpus
//! hold, on the benchmark's synthetic catalog, and on generated text. The tests also print how
//! many documents the fast path took, since a parser that gives up on everything would pass.

use std::path::PathBuf;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError};

use hub::catalog::yaml::{self, Node, Value};

use crate::common::{repo_root, shared_dir, yaml_files};

#[allow(dead_code)]
#[path = "../../benches/synthetic/mod.rs"]
mod synthetic;

/// Whether two trees are the same, numbers compared bit for bit (so NaN equals NaN).
fn same_tree(a: &Node, b: &Node) -> bool {
    if a.span != b.span {
        return false;
    }
    match (&a.value, &b.value) {
        (Value::Number(x), Value::Number(y)) => x.to_bits() == y.to_bits(),
        (Value::Seq(x), Value::Seq(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_tree(a, b)),
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((ka, va), (kb, vb))| same_tree(ka, kb) && same_tree(va, vb))
        }
        (x, y) => x == y,
    }
}

#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    documents: usize,
    fast: usize,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.documents += other.documents;
        self.fast += other.fast;
    }

    fn percent(&self) -> f64 {
        if self.documents == 0 { 100.0 } else { 100.0 * self.fast as f64 / self.documents as f64 }
    }
}

/// Compares both parsers on every document of `text`; `Err` describes the first difference.
fn compare(text: &str) -> Result<Tally, String> {
    let mut tally = Tally::default();
    for doc in yaml::load(text) {
        // The fast path reads YAML 1.2 only; `load` never sends it a YAML 1.1 document.
        if doc.version == yaml::YamlVersion::V1_1 {
            continue;
        }
        tally.documents += 1;
        let Some(fast) = yaml::parse_document_fast(text, doc.span) else {
            continue;
        };
        tally.fast += 1;
        let reference = yaml::parse_document_saphyr(text, doc.span);
        let same = match (&fast, &reference) {
            (None, Ok(None)) => true,
            (Some(a), Ok(Some(b))) => same_tree(a, b),
            _ => false,
        };
        if !same {
            return Err(format!(
                "document {} ({:?}) of {text:?}:\n{:?}\nfast:   {fast:?}\nsaphyr: {reference:?}",
                doc.index,
                doc.span,
                &text[doc.span.start..doc.span.end]
            ));
        }
        // What `load` returned went through the fast path too.
        if !matches!(&doc.content, Ok(c) if c.as_ref().map(|n| n.span) == fast.as_ref().map(|n| n.span)) {
            return Err(format!("load disagrees with the fast path on document {} of {text:?}", doc.index));
        }
    }
    Ok(tally)
}

fn compare_files(files: &[PathBuf]) -> (Tally, Vec<String>) {
    let mut tally = Tally::default();
    let mut problems = Vec::new();
    for file in files {
        let Ok(bytes) = std::fs::read(file) else { continue };
        let text = String::from_utf8_lossy(&bytes);
        match compare(&text) {
            Ok(t) => tally.add(t),
            Err(e) => problems.push(format!("{}: {e}", file.display())),
        }
    }
    (tally, problems)
}

#[test]
fn fast_path_matches_saphyr_on_every_catalog_file() {
    let root = repo_root();
    let mut groups = vec![(
        "tests/fixtures + examples".to_owned(),
        [yaml_files(&root.join("tests/fixtures")), yaml_files(&root.join("examples"))].concat(),
    )];
    if let Some(shared) = shared_dir() {
        let corpus = shared.join("corpus");
        let mut named: Vec<PathBuf> = std::fs::read_dir(&corpus)
            .map(|entries| entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect())
            .unwrap_or_default();
        named.sort();
        for dir in named {
            let name = format!("shared corpus/{}", dir.file_name().unwrap_or_default().to_string_lossy());
            groups.push((name, yaml_files(&dir)));
        }
    }
    let mut problems = Vec::new();
    for (name, files) in &groups {
        let (tally, found) = compare_files(files);
        eprintln!(
            "fast YAML path, {name}: {} of {} documents ({:.1}%) in {} files",
            tally.fast,
            tally.documents,
            tally.percent(),
            files.len()
        );
        problems.extend(found);
        if name.ends_with("/real") {
            assert!(tally.percent() >= 90.0, "{name}: only {:.1}% of documents took the fast path", tally.percent());
        }
    }
    assert!(problems.is_empty(), "{} difference(s):\n{}", problems.len(), problems.join("\n\n"));
}

#[test]
fn fast_path_takes_and_matches_the_synthetic_catalog() {
    const FILES: usize = 600;
    let mut tally = Tally::default();
    for index in 0..FILES {
        let file = synthetic::render_file(index, FILES);
        match compare(&file.text) {
            Ok(t) => tally.add(t),
            Err(e) => panic!("synthetic file {index}: {e}"),
        }
    }
    eprintln!(
        "fast YAML path, synthetic catalog: {} of {} documents ({:.1}%)",
        tally.fast,
        tally.documents,
        tally.percent()
    );
    assert_eq!(tally.fast, tally.documents, "every synthetic document is in the fast path's subset");
}

/// Inputs that once told the parsers apart, or sit on an edge of the subset.
#[test]
fn edge_cases_agree() {
    let cases = [
        "a:\nb: 1\n",
        "a: \n",
        "a:",
        "a: x  # c\nb: \"q\" # cc\nc: 's'  \n",
        "a:\n- x\n- y\nb: 1",
        "- a: 1\n  b: 2\n- c\n",
        "a: [x, \"y\", z ]  # c\nb: []\nc: {}\n",
        "a: |\n  x\n    y\n  owner: z\n",
        "a:\n  b: >-\n    x\n\n    y\n  c: 1\n",
        "a: |\nb: 1\n",
        "a: |+\n  x\n\n\nb: 1\n",
        "a: |\n  x\n\n\n  # not a comment\nb: 1\n",
        "a:\n  -   x\n",
        "- \n- x\n",
        "-\n- x\n",
        "a:   # c\nb:\n  # c\n  c: 1\n",
        "a: [x]   \nb: [x] # c\n",
        "a: [ ]\nb: { }\n",
        "- [a, b]\n- []\n",
        "a:\n  - - x\n    - y\n",
        "\"a b\" : 1\n'k': 2\n",
        "a : 1\n",
        "a:\n- x\n...\n",
        "a:\n-   x\n",
        "a:\n-  # c\n  x: 1\n",
        "a:\n-\n  x: 1\n",
        "---\na: 1\n",
        "--- # c\na: 1\n...\n",
        "a: |\n  x",
        "a: |\n  x\n  ",
        "a: |-\n  x\n\n",
        "a: >\n  a\n  b\n\n  c\n   d\n  e\n",
        "a: [\"a\" , b ]\n",
        "k:\n-\n  a: 1\n",
        "- a: 1\n  b:\n  - x\n",
        "a: \"\\x41\\u00e9\\U0001F980\\N\\_\\L\\P\\0\\e\\/\"\n",
        "a: 'it''s'\n",
        "a: >\n\n  x\n",
        "a: |\n\n\n",
        "a: |+\n  x\n\n",
        "a: 1\r\nb: |\r\n  x\r\n\r\n  y\r\nc: \"q\"  \r\n",
        "a: 1\na: 2\n",
        "1: a\n01: b\n",
        ".nan: 1\n.NaN: 2\n",
        "a: .nan\nb: -.inf\nc: 0x1F\nd: 0o17\ne: +1.5e3\nf: ~\ng: Null\nh: FALSE\n",
        "a: b: c\n",
        "a: - b\n",
        "a: x\n  y\n",
        "a: x # c\n  y\n",
        "é: café\n日本: \"日本\"\n",
        "a: 'x'#c\n",
        "a: |#c\n  x\n",
        "a: >+\n  x\n\n  \n",
        "a: >\n  x\n   y\n  z\n\n   w\n",
        "a:\n  b: |\n    x\n  # c\n  c: 1\n",
        "a: |\n    x\n  y\n",
        "a: x # c\nb: 1\n- a # c\n",
        "- a: x # c\n  b: 1\n",
        "a: 'x'#c\n",
        "a: \"x\"   # c\n",
        "a: [a -, b]\n",
        "a: [a, -]\n",
    ];
    for text in cases {
        if let Err(e) = compare(text) {
            panic!("{e}");
        }
    }
    // Duplicates in a mapping large enough to be checked by hash, numbers compared by value.
    let keys: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
    for extra in ["", "k3: x\n", "1: a\n01: b\n", "0: a\n-0.0: b\n", ".nan: a\n.NaN: b\n", "~: a\nnull: b\n"] {
        let text = format!("{keys}{extra}");
        let tally = compare(&text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(tally.fast, usize::from(extra.is_empty()), "{extra:?}");
    }
    // Deep nesting, long keys and deep indentation.
    let deep: String = (0..80).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
    let long_key = |n: usize| format!("{}: x\n", "k".repeat(n));
    let indented = format!("a:\n{0}b: |\n{0}  x\n\n{0}  y\n{0}c: 1\n", " ".repeat(130));
    for text in [deep, long_key(999), long_key(1001), long_key(1030), indented] {
        compare(&text).unwrap_or_else(|e| panic!("{e}"));
    }
}

// ----- generated text -----

fn config() -> Config {
    Config { failure_persistence: None, ..Config::default() }
}

/// A small deterministic generator, so one `u64` drawn by proptest stands for a whole document.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const PLAIN: &[&str] = &[
    "x",
    "service",
    "team-a",
    "component:default/x",
    "backstage.io/v1alpha1",
    "https://example.com/a?b=c#d",
    "a:b",
    "a#b",
    "a b  c",
    "-1",
    "-x",
    "--",
    "1",
    "012",
    "0x1F",
    "0o17",
    "1e3",
    "-1.5",
    ".5",
    "5.",
    "1_000",
    "+12",
    ".nan",
    ".inf",
    "-.Inf",
    "true",
    "False",
    "yes",
    "null",
    "Null",
    "~",
    "é",
    "日本語",
    "🦀 crab",
    "1.0",
    "0x1",
    "0o1",
    "+1",
    "0",
    "-0",
    "0.0",
    "TRUE",
    "NULL",
    ".NaN",
];

/// Plain text that is an error, another construct, or outside the fast parser's subset.
const ODD_PLAIN: &[&str] = &[
    "a: b", "a #b", "x:", "#x", "- x", "&a x", "*a", "!t x", "?x", ":x", "%x", "@x", "[x", "x]", "{x}", "a,b", "'",
    "'x'", "\"x\"", "|", ">-", "<<", "...", "---", "--- x",
];

const QUOTED: &[&str] = &[
    "''",
    "\"\"",
    "'x'",
    "'it''s'",
    "'a # b'",
    "'a: b'",
    "'  spaced  '",
    "\"x\"",
    "\"a\\\"b\"",
    "\"tab\\there\"",
    "\"\\u00e9\\x41\\U0001F980\"",
    "\"\\/\\\\\\n\\0\\a\\b\\v\\f\\r\\e\\ \\N\\_\\L\\P\"",
    "\"é日\"",
];

const ODD_QUOTED: &[&str] =
    &["'x'#c", "\"x\"# c", "\"\\q\"", "\"\\uD800\"", "\"\\x4\"", "'unterminated", "\"unterminated", "\"a\" b", "'a'b"];

const FLOW: &[&str] = &[
    "[]",
    "[ ]",
    "{}",
    "{ }",
    "[a]",
    "[a, b]",
    "[ a , 'b' , \"c\" ]",
    "[java, \"c++\", 'x y']",
    "[1, true, null, ~, .nan]",
    "[a,b]",
    "[http://x]",
    "[-a]",
    "[a b , c:d, 'e' ]  # c",
];

const ODD_FLOW: &[&str] =
    &["[a, ]", "[a,, b]", "[a, [b]]", "[a: b]", "[-]", "[a #b]", "{a: 1}", "[a]x", "[a]#c", "[\"a\":b]"];

const BLOCK_HEADERS: &[&str] = &["|", "|-", "|+", ">", ">-", ">+", "| # c", ">- #c"];
const ODD_BLOCK_HEADERS: &[&str] = &["|2", ">1-", "|+2", "|x", "|#c"];

const WORDS: &[&str] =
    &["openapi: 3.0.0", "info:", "- item", "text", "a  b", "# not a comment", "é", "x", "\"q\"", "{a}"];

struct Gen {
    rng: Rng,
    out: String,
    eol: &'static str,
}

impl Gen {
    fn line_end(&mut self) {
        if self.rng.chance(12) {
            let comment = self.rng.pick(&[" # c", "  #c é", " #"]);
            self.out.push_str(comment);
        } else if self.rng.chance(20) {
            self.out.push_str("  ");
        }
        self.out.push_str(self.eol);
        while self.rng.chance(10) {
            let spaces = self.rng.below(6);
            self.out.push_str(&" ".repeat(spaces));
            if self.rng.chance(2) {
                self.out.push_str("# comment");
            }
            self.out.push_str(self.eol);
        }
    }

    fn step(&mut self) -> usize {
        [1, 2, 2, 2, 3, 4][self.rng.below(6)]
    }

    /// Mostly `usual`, now and then `odd`.
    fn either(&mut self, usual: &[&str], odd: &[&str]) -> String {
        if self.rng.chance(40) { self.rng.pick(odd) } else { self.rng.pick(usual) }.to_owned()
    }

    fn scalar(&mut self) -> String {
        match self.rng.below(10) {
            0..=5 => self.either(PLAIN, ODD_PLAIN),
            6..=7 => self.either(QUOTED, ODD_QUOTED),
            _ => self.either(FLOW, ODD_FLOW),
        }
    }

    fn key(&mut self) -> String {
        match self.rng.below(12) {
            0 => self.either(QUOTED, ODD_QUOTED),
            1 => self.either(PLAIN, ODD_PLAIN),
            2 => format!("{} ", self.rng.pick(&["k", "'k'", "\"k\""])),
            _ => format!("k{}", self.rng.below(12)),
        }
    }

    fn block_scalar(&mut self, column: usize) {
        let header = self.either(BLOCK_HEADERS, ODD_BLOCK_HEADERS);
        self.out.push_str(&header);
        self.out.push_str(self.eol);
        let base = column + self.step();
        for _ in 0..self.rng.below(5) {
            match self.rng.below(6) {
                0 => {
                    let spaces = self.rng.below(base + 3);
                    self.out.push_str(&" ".repeat(spaces));
                }
                1 => {
                    let extra = self.rng.below(3);
                    self.out.push_str(&" ".repeat(base + extra));
                    let word = self.rng.pick(WORDS);
                    self.out.push_str(word);
                }
                2 if self.rng.chance(4) => {
                    // Less indented than the content, which ends the scalar or is an error.
                    let spaces = self.rng.below(base);
                    self.out.push_str(&" ".repeat(spaces));
                    let word = self.rng.pick(WORDS);
                    self.out.push_str(word);
                }
                _ => {
                    self.out.push_str(&" ".repeat(base));
                    let word = self.rng.pick(WORDS);
                    self.out.push_str(word);
                }
            }
            self.out.push_str(self.eol);
        }
    }

    /// The value after `key:` or `- `, the indicator already written; `column` is that of the
    /// collection holding it.
    fn value(&mut self, column: usize, depth: usize, in_map: bool) {
        let choice = if depth > 4 { self.rng.below(4) } else { self.rng.below(9) };
        match choice {
            0 | 1 => {
                let s = self.scalar();
                self.out.push_str(&s);
                self.line_end();
            }
            2 => self.block_scalar(column),
            3 => self.line_end(),
            4 | 5 => {
                self.line_end();
                let inner = column + self.step();
                self.mapping(inner, depth + 1);
            }
            6 => {
                self.line_end();
                let inner = if in_map && self.rng.chance(2) { column } else { column + self.step() };
                self.sequence(inner, depth + 1);
            }
            _ => {
                let s = self.scalar();
                self.out.push_str(&s);
                self.line_end();
            }
        }
    }

    fn mapping(&mut self, column: usize, depth: usize) {
        for _ in 0..1 + self.rng.below(4) {
            self.out.push_str(&" ".repeat(column));
            self.mapping_entry(column, depth);
        }
    }

    fn mapping_entry(&mut self, column: usize, depth: usize) {
        let key = self.key();
        self.out.push_str(&key);
        self.out.push(':');
        if self.rng.chance(8) {
            self.out.push_str(self.eol);
            self.mapping_rest(column, depth);
            return;
        }
        self.out.push_str(if self.rng.chance(6) { "   " } else { " " });
        self.value(column, depth, true);
    }

    /// The empty-valued entry just written may be followed by nested content or not at all.
    fn mapping_rest(&mut self, column: usize, depth: usize) {
        if depth < 5 && self.rng.chance(2) {
            let inner = column + self.step();
            self.mapping(inner, depth + 1);
        }
    }

    fn sequence(&mut self, column: usize, depth: usize) {
        for _ in 0..1 + self.rng.below(3) {
            self.out.push_str(&" ".repeat(column));
            self.out.push('-');
            match self.rng.below(8) {
                0 => {
                    // Empty item, maybe with content below it.
                    self.line_end();
                    if depth < 5 && self.rng.chance(2) {
                        let inner = column + self.step();
                        self.mapping(inner, depth + 1);
                    }
                }
                1 | 2 => {
                    // `- key: value` and more keys at the first key's column.
                    let gap = 1 + self.rng.below(2);
                    self.out.push_str(&" ".repeat(gap));
                    let inner = column + 1 + gap;
                    self.mapping_entry(inner, depth + 1);
                    for _ in 0..self.rng.below(3) {
                        self.out.push_str(&" ".repeat(inner));
                        self.mapping_entry(inner, depth + 1);
                    }
                }
                3 if depth < 5 => {
                    // `- - x`
                    let gap = 1 + self.rng.below(2);
                    self.out.push_str(&" ".repeat(gap));
                    self.sequence_inline(column + 1 + gap, depth + 1);
                }
                _ => {
                    self.out.push(' ');
                    self.value(column, depth, false);
                }
            }
        }
    }

    /// A sequence whose first `-` is already on the current line at `column`.
    fn sequence_inline(&mut self, column: usize, depth: usize) {
        self.out.push_str("- ");
        self.value(column, depth, false);
        for _ in 0..self.rng.below(2) {
            self.out.push_str(&" ".repeat(column));
            self.out.push_str("- ");
            self.value(column, depth, false);
        }
    }
}

/// A stream of one to three documents of block YAML, mostly in the fast parser's subset.
fn generated_yaml(seed: u64) -> String {
    let mut rng = Rng(seed | 1);
    let eol = if rng.chance(5) { "\r\n" } else { "\n" };
    let mut g = Gen { rng, out: String::new(), eol };
    let documents = 1 + g.rng.below(3);
    for i in 0..documents {
        if i > 0 || g.rng.chance(3) {
            if g.rng.chance(6) {
                g.out.push_str("# before");
                g.out.push_str(eol);
            }
            let marker = g.either(&["---", "--- ", "--- # c"], &["--- x", "---x", "--- |"]);
            g.out.push_str(&marker);
            g.out.push_str(eol);
        }
        let column = if g.rng.chance(10) { 1 } else { 0 };
        if g.rng.chance(4) {
            g.sequence(column, 0);
        } else {
            g.mapping(column, 0);
        }
        if g.rng.chance(8) {
            g.out.push_str("...");
            g.out.push_str(eol);
        }
    }
    if g.rng.chance(5) {
        let trimmed = g.out.trim_end_matches(['\r', '\n']).len();
        g.out.truncate(trimmed);
    }
    g.out
}

/// Pieces inserted into generated text to reach the edges of the subset.
const FRAGMENTS: &[&str] = &[
    ":", ": ", "- ", "-", "? ", ",", "'", "''", "\"", "\\", "\n", "\r\n", "\r", "  ", "\t", " ", "#", " #", "---\n",
    "...\n", "&a ", "*a", "!!str ", "{", "}", "[", "]", "|\n", ">-\n", "é", "\u{feff}", "\0", "\u{85}", "x",
];

fn corrupted_yaml() -> impl Strategy<Value = String> {
    let edits = prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(FRAGMENTS)), 1..4);
    (any::<u64>(), edits).prop_map(|(seed, edits)| {
        let mut text = generated_yaml(seed);
        for (at, piece) in edits {
            let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let at = boundaries[at.index(boundaries.len())];
            text.insert_str(at, piece);
        }
        text
    })
}

/// The catalog files of the repository and the shared corpus, small ones only, sorted so a seed
/// picks the same file on every machine.
fn seed_files() -> Vec<String> {
    let root = repo_root();
    let mut files = [yaml_files(&root.join("tests/fixtures")), yaml_files(&root.join("examples"))].concat();
    files.extend(shared_dir().map(|shared| yaml_files(&shared.join("corpus"))).unwrap_or_default());
    files
        .iter()
        .filter_map(|f| std::fs::read(f).ok())
        .filter(|bytes| bytes.len() <= 16 * 1024)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .collect()
}

/// A real catalog file with a few fragments inserted.
fn corrupted_file() -> impl Strategy<Value = String> {
    let edits = prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(FRAGMENTS)), 1..4);
    (prop::sample::select(seed_files()), edits).prop_map(|(mut text, edits)| {
        for (at, piece) in edits {
            let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let at = boundaries[at.index(boundaries.len())];
            text.insert_str(at, piece);
        }
        text
    })
}

/// Lines of fragments and words at random indentation.
fn yaml_lines() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(FRAGMENTS).prop_map(str::to_owned),
        prop::sample::select([PLAIN, ODD_PLAIN].concat()).prop_map(str::to_owned),
        prop::sample::select([QUOTED, ODD_QUOTED].concat()).prop_map(str::to_owned),
        prop::sample::select([FLOW, ODD_FLOW].concat()).prop_map(str::to_owned)
    ];
    let line = (" {0,6}", prop::collection::vec(piece, 0..5))
        .prop_map(|(indent, parts)| format!("{indent}{}\n", parts.concat()));
    prop::collection::vec(line, 0..16).prop_map(|lines| lines.concat())
}

fn check(text: &str) -> Result<(), TestCaseError> {
    compare(text).map(|_| ()).map_err(TestCaseError::fail)
}

#[test]
fn generated_documents_mostly_take_the_fast_path() {
    let mut tally = Tally::default();
    for seed in 0..3000u64 {
        let text = generated_yaml(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        match compare(&text) {
            Ok(t) => tally.add(t),
            Err(e) => panic!("seed {seed}: {e}"),
        }
    }
    eprintln!("fast YAML path, generated documents: {} of {} ({:.1}%)", tally.fast, tally.documents, tally.percent());
    // The generator aims at the subset but also writes errors and rare syntax on purpose.
    assert!(tally.percent() > 20.0, "the generator no longer exercises the fast path");
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn fast_path_matches_saphyr_on_generated_yaml(seed in any::<u64>()) {
        check(&generated_yaml(seed))?;
    }

    #[test]
    fn fast_path_matches_saphyr_on_corrupted_yaml(text in corrupted_yaml()) {
        check(&text)?;
    }

    #[test]
    fn fast_path_matches_saphyr_on_corrupted_catalog_files(text in corrupted_file()) {
        check(&text)?;
    }

    #[test]
    fn fast_path_matches_saphyr_on_yaml_lines(text in yaml_lines()) {
        check(&text)?;
    }
}
