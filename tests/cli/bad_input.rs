//! Hostile and broken input through the real binary: hub must never panic, must stay within
//! bounded memory, and must say which file was the problem.
//!
//! Every test here checks the exit code exactly (a panic exits with 101, a stack overflow or an
//! allocation failure with a signal) and that stderr carries no panic message. None of them
//! asserts on elapsed time: a test that finishes at all has shown that the input is bounded.

use std::fs::File;
use std::io::Write as _;
use std::path::Path;

use serde_json::Value;

use crate::common::TestEnv;

const VALID: &str = "apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: NAME
spec:
  type: service
  lifecycle: production
  owner: team-a
";

fn entity(name: &str) -> String {
    VALID.replace("NAME", name)
}

/// What one run of `hub catalog validate --format json` produced.
struct Run {
    code: i32,
    lines: Vec<Value>,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The JSON lines about one file, in order.
    fn for_file(&self, file: &str) -> Vec<&Value> {
        self.lines.iter().filter(|l| l["file"] == file).collect()
    }

    /// Every error and warning of every line, as (code, message) pairs.
    fn findings(&self, kind: &str) -> Vec<(String, String)> {
        self.lines
            .iter()
            .flat_map(|l| l[kind].as_array().cloned().unwrap_or_default())
            .map(|f| (f["code"].as_str().unwrap_or("").to_owned(), f["message"].as_str().unwrap_or("").to_owned()))
            .collect()
    }
}

fn finish(output: &std::process::Output) -> Run {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let Some(code) = output.status.code() else {
        panic!("hub was killed by a signal ({:?}); stderr:\n{stderr}", output.status);
    };
    assert!(!stderr.contains("panicked"), "hub panicked:\n{stderr}");
    assert!(matches!(code, 0..=2), "unexpected exit code {code}; stderr:\n{stderr}");
    let lines = stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line: {l:?}: {e}")))
        .collect();
    Run { code, lines, stdout, stderr }
}

/// Runs `hub catalog validate --format json ARGS...` in the test folder.
fn validate_json(env: &TestEnv, args: &[&str]) -> Run {
    let output = env.hub().args(["catalog", "validate", "--format", "json"]).args(args).output().expect("run hub");
    finish(&output)
}

/// Like `validate_json`, reading standard input.
fn validate_stdin(env: &TestEnv, input: impl Into<Vec<u8>>) -> Run {
    let output = env
        .hub()
        .args(["catalog", "validate", "--format", "json", "-"])
        .write_stdin(input.into())
        .output()
        .expect("run hub");
    finish(&output)
}

/// Runs the human format too, so the renderer sees every hostile input as well.
fn validate_human(env: &TestEnv, args: &[&str]) -> Run {
    let output = env.hub().args(["catalog", "validate"]).args(args).output().expect("run hub");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let code = output.status.code().unwrap_or_else(|| panic!("killed by a signal: {:?}\n{stderr}", output.status));
    assert!(!stderr.contains("panicked"), "hub panicked:\n{stderr}");
    Run { code, lines: Vec::new(), stdout, stderr }
}

/// Bytes that look like a compiled binary: a fixed pseudo-random stream (so failures reproduce),
/// with NULs and an ELF-like header so the file cannot be mistaken for text.
fn binary_bytes(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut bytes = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0".to_vec();
    while bytes.len() < len {
        // xorshift64*
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        let word = state.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes();
        bytes.extend_from_slice(&word);
        bytes.push(0);
    }
    bytes.truncate(len);
    bytes
}

#[test]
fn a_binary_file_is_an_error_naming_the_file() {
    let env = TestEnv::new();
    env.write("catalog-info.yaml", binary_bytes(8192));
    let run = validate_json(&env, &["catalog-info.yaml"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let lines = run.for_file("catalog-info.yaml");
    assert!(!lines.is_empty(), "no line names the file:\n{}", run.stdout);
    assert!(lines.iter().any(|l| l["valid"] == false), "{}", run.stdout);
    assert!(!run.findings("errors").is_empty(), "{}", run.stdout);

    let human = validate_human(&env, &["catalog-info.yaml"]);
    assert_eq!(human.code, 1);
    assert!(human.stdout.contains("catalog-info.yaml"), "{}", human.stdout);
}

#[test]
fn a_binary_file_in_a_walked_folder_does_not_hide_the_others() {
    let env = TestEnv::new();
    env.write("bin/catalog-info.yaml", binary_bytes(4096));
    env.write("ok/catalog-info.yaml", entity("fine"));
    let run = validate_json(&env, &["."]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.for_file("./bin/catalog-info.yaml").iter().any(|l| l["valid"] == false), "{}", run.stdout);
    let ok = run.for_file("./ok/catalog-info.yaml");
    assert_eq!(ok.len(), 1, "{}", run.stdout);
    assert_eq!(ok[0]["valid"], true);
    assert_eq!(ok[0]["entity"], "component:default/fine");
}

#[test]
fn invalid_utf8_in_a_value_is_valid_with_an_encoding_warning() {
    let env = TestEnv::new();
    // A Latin-1 "é" and a lone continuation byte in metadata.description: Backstage reads both
    // as U+FFFD and accepts the entity.
    let mut bytes = entity("cafe").replace("spec:\n", "  description: \"DESC\"\nspec:\n").into_bytes();
    let at = bytes.windows(4).position(|w| w == b"DESC").expect("marker");
    bytes.splice(at..at + 4, b"caf\xe9 \x80 ok".iter().copied());
    assert!(std::str::from_utf8(&bytes).is_err());
    env.write("catalog-info.yaml", &bytes);

    let run = validate_json(&env, &["catalog-info.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let lines = run.for_file("catalog-info.yaml");
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    assert_eq!(lines[0]["valid"], true);
    assert_eq!(lines[0]["entity"], "component:default/cafe");
    let warnings = run.findings("warnings");
    assert!(warnings.iter().any(|(code, _)| code == "lint::encoding"), "{}", run.stdout);
    assert!(run.findings("errors").is_empty(), "{}", run.stdout);

    // --strict turns the warning into a failure, which is how CI can insist on UTF-8.
    let output = env
        .hub()
        .args(["catalog", "validate", "--strict", "--format", "json", "catalog-info.yaml"])
        .output()
        .expect("run hub");
    assert_eq!(finish(&output).code, 1);
}

/// The classic "billion laughs": ten aliases per level, nine levels, 10^9 nodes if expanded.
fn alias_bomb() -> String {
    let mut text = String::from("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: lol\nspec:\n");
    text.push_str("  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..=9 {
        let previous = format!("*l{}", level - 1);
        let items = [previous.as_str(); 10].join(", ");
        text.push_str(&format!("  l{level}: &l{level} [{items}]\n"));
    }
    text
}

#[test]
fn an_alias_bomb_is_refused() {
    let env = TestEnv::new();
    env.write("catalog-info.yaml", alias_bomb());
    let run = validate_json(&env, &["catalog-info.yaml"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let errors = run.findings("errors");
    assert!(
        errors.iter().any(|(code, message)| code == "catalog::yaml" && message.contains("alias")),
        "{}",
        run.stdout
    );
    assert_eq!(run.for_file("catalog-info.yaml").len(), 1, "{}", run.stdout);

    assert_eq!(validate_human(&env, &["catalog-info.yaml"]).code, 1);
}

#[test]
fn an_alias_bomb_only_fails_its_own_document() {
    let env = TestEnv::new();
    env.write("catalog-info.yaml", format!("{}---\n{}", alias_bomb(), entity("after-the-bomb")));
    let run = validate_json(&env, &["catalog-info.yaml"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(run.lines.len(), 2, "{}", run.stdout);
    assert_eq!(run.lines[0]["valid"], false);
    assert_eq!(run.lines[1]["document"], 1);
    assert_eq!(run.lines[1]["valid"], true);
    assert_eq!(run.lines[1]["entity"], "component:default/after-the-bomb");
}

/// Asserts that a file was refused for its nesting, with a YAML error and no crash.
fn assert_refused_for_depth(name: &str, text: &str) {
    let env = TestEnv::new();
    env.write(name, text);
    let run = validate_json(&env, &[name]);
    assert_eq!(run.code, 1, "{name}: {}", run.stdout);
    let errors = run.findings("errors");
    // Our own guard says "nesting"; the parser stops flow collections earlier with its own
    // "recursion limit". Either way the user is told the structure is too deep.
    assert!(
        errors.iter().any(|(code, message)| code == "catalog::yaml"
            && (message.contains("nesting") || message.contains("recursion limit"))),
        "{name}: {}",
        run.stdout
    );
    assert_eq!(validate_human(&env, &[name]).code, 1, "{name}");
}

#[test]
fn ten_thousand_nested_flow_sequences_are_refused() {
    assert_refused_for_depth("catalog-info.yaml", &format!("{}{}\n", "[".repeat(10_000), "]".repeat(10_000)));
}

#[test]
fn ten_thousand_nested_flow_mappings_are_refused() {
    assert_refused_for_depth("catalog-info.yaml", &format!("a: {}x{}\n", "{a: ".repeat(10_000), "}".repeat(10_000)));
}

#[test]
fn unclosed_deep_flow_nesting_is_refused() {
    assert_refused_for_depth("catalog-info.yaml", &format!("metadata: {}\n", "[{a: ".repeat(10_000)));
}

#[test]
fn ten_thousand_nested_block_collections_are_refused() {
    // `- - - x` and `? ? ? x` nest block sequences and block mappings on one line, so ten
    // thousand levels fit in a small file.
    assert_refused_for_depth("catalog-info.yaml", &format!("{}x\n", "- ".repeat(10_000)));
    assert_refused_for_depth("catalog-info.yaml", &format!("{}x\n", "? ".repeat(10_000)));
    assert_refused_for_depth("catalog-info.yaml", &format!("spec:\n  {}x\n", "- ".repeat(10_000)));
}

#[test]
fn deeply_indented_block_mappings_are_refused() {
    // Indentation grows with depth, so ten thousand indented levels would be a 50 MB file, over
    // the size limit; 2,000 levels (2 MB) is still four times the depth limit.
    let mut text = String::new();
    for depth in 0..2_000 {
        text.push_str(&" ".repeat(depth));
        text.push_str("a:\n");
    }
    assert_refused_for_depth("catalog-info.yaml", &text);
}

#[test]
fn nesting_just_under_the_limit_is_accepted_by_the_loader() {
    // Deep but allowed: the document loads, and fails only for not being an entity.
    let depth = hub::catalog::yaml::MAX_DEPTH - 1;
    let env = TestEnv::new();
    env.write("catalog-info.yaml", format!("{}x\n", "- ".repeat(depth)));
    let run = validate_json(&env, &["catalog-info.yaml"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let errors = run.findings("errors");
    assert!(errors.iter().all(|(code, _)| code != "catalog::yaml"), "{}", run.stdout);
    assert!(errors.iter().any(|(code, _)| code == "catalog::not-a-mapping"), "{}", run.stdout);
}

/// Writes a sparse file of `size` bytes that starts like a real entity.
fn write_sparse(path: &Path, size: u64) {
    let mut file = File::create(path).expect("create");
    file.write_all(entity("huge").as_bytes()).expect("write header");
    file.set_len(size).expect("set_len");
}

const HUNDRED_MB: u64 = 100 * 1024 * 1024;

#[test]
fn a_file_over_the_size_limit_is_not_read() {
    let env = TestEnv::new();
    write_sparse(&env.path().join("catalog-info.yaml"), HUNDRED_MB);
    let run = validate_json(&env, &["catalog-info.yaml"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let lines = run.for_file("catalog-info.yaml");
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    assert_eq!(lines[0]["document"], 0);
    assert_eq!(lines[0]["valid"], false);
    let limit_mib = hub::catalog::MAX_FILE_BYTES / (1024 * 1024);
    let errors = run.findings("errors");
    assert!(
        errors.iter().any(|(code, message)| code == "catalog::file"
            && message.contains(&format!("files over {limit_mib} MiB are not read"))),
        "{}",
        run.stdout
    );

    let human = validate_human(&env, &["catalog-info.yaml"]);
    assert_eq!(human.code, 1);
    assert!(human.stdout.contains("catalog-info.yaml"), "{}", human.stdout);
    assert!(human.stdout.contains(&format!("{limit_mib} MiB")), "{}", human.stdout);
}

#[test]
fn a_file_just_over_the_size_limit_is_refused_and_one_at_it_is_read() {
    let env = TestEnv::new();
    let limit = hub::catalog::MAX_FILE_BYTES;
    write_sparse(&env.write("over/catalog-info.yaml", ""), limit + 1);
    write_sparse(&env.write("at/catalog-info.yaml", ""), limit);
    let run = validate_json(&env, &["over/catalog-info.yaml", "at/catalog-info.yaml"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let over = run.for_file("over/catalog-info.yaml");
    assert_eq!(over.len(), 1, "{}", run.stdout);
    assert_eq!(over[0]["errors"][0]["code"], "catalog::file");
    // The file at the limit is read: its trailing NULs are a YAML problem, not a size problem.
    let at = run.for_file("at/catalog-info.yaml");
    assert!(!at.is_empty(), "{}", run.stdout);
    assert!(
        at.iter().all(|l| l["errors"].as_array().is_none_or(|e| e.iter().all(|f| f["code"] != "catalog::file"))),
        "{}",
        run.stdout
    );
}

/// Proves the size check happens before reading: with the data segment capped well below the
/// file's size, reading the file whole would abort the process instead of exiting 1.
#[cfg(target_os = "linux")]
#[test]
fn a_file_over_the_size_limit_is_refused_within_bounded_memory() {
    let env = TestEnv::new();
    write_sparse(&env.path().join("catalog-info.yaml"), 512 * 1024 * 1024);
    let output =
        run_with_data_limit(&env, 256 * 1024, &["catalog", "validate", "--format", "json", "catalog-info.yaml"]);
    let run = finish(&output);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(run.findings("errors").iter().any(|(code, _)| code == "catalog::file"), "{}", run.stdout);
}

/// Runs hub with `args` under `sh -c 'ulimit -d KIB && exec hub ...'`, in the same clean
/// environment as `TestEnv::hub`. Two worker threads keep the baseline (thread stacks count
/// against the limit) the same on machines with many cores.
#[cfg(target_os = "linux")]
fn run_with_data_limit(env: &TestEnv, data_kib: u64, args: &[&str]) -> std::process::Output {
    let template = env.hub();
    let mut shell = std::process::Command::new("sh");
    shell
        .arg("-c")
        .arg(format!("ulimit -d {data_kib} && exec \"$@\""))
        .arg("sh")
        .arg(assert_cmd::cargo::cargo_bin("hub"))
        .args(args)
        .env_clear()
        .envs(template.get_envs().filter_map(|(key, value)| value.map(|v| (key, v))))
        .env("RAYON_NUM_THREADS", "2")
        .current_dir(env.path());
    shell.output().expect("run sh")
}

/// Runs `hub catalog validate --format json catalog-info.yaml` on `text` with the data segment
/// capped at 256 MiB, far above what any of these small files needs when handled in bounded
/// memory, and far below what expanding them would take.
#[cfg(target_os = "linux")]
fn validate_with_capped_memory(text: &str) -> Run {
    let env = TestEnv::new();
    env.write("catalog-info.yaml", text);
    let run = finish(&run_with_data_limit(
        &env,
        256 * 1024,
        &["catalog", "validate", "--format", "json", "catalog-info.yaml"],
    ));
    assert_eq!(run.for_file("catalog-info.yaml").len(), 1, "{}", run.stdout);
    run
}

/// Counting aliased nodes is not enough: one long scalar aliased many times is a bomb of few
/// nodes. A 1 MB string aliased 100,000 times would be 100 GB if every alias were copied.
#[cfg(target_os = "linux")]
#[test]
fn an_alias_bomb_of_long_strings_stays_within_bounded_memory() {
    let mut text = format!(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: lol\n  description: &s {}\n",
        "x".repeat(1024 * 1024)
    );
    text.push_str("spec:\n  copies: [");
    text.push_str(&vec!["*s"; 100_000].join(", "));
    text.push_str("]\n");
    let run = validate_with_capped_memory(&text);
    assert_eq!(run.code, 1, "{}", run.stdout);
}

/// An anchor on every level of a deep structure: each anchored node is a copy of everything
/// below it unless anchors share what they point at. 250 levels over 50,000 scalars is a 100 KB
/// file and, copied, 12.5 million nodes.
#[cfg(target_os = "linux")]
#[test]
fn nested_anchors_stay_within_bounded_memory() {
    let mut text =
        String::from("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: nested\nspec:\n  deep: ");
    for level in 0..250 {
        text.push_str(&format!("&a{level} ["));
    }
    text.push_str(&vec!["x"; 50_000].join(","));
    text.push_str(&"]".repeat(250));
    text.push('\n');
    let run = validate_with_capped_memory(&text);
    // Whether the loader shares what anchors point at (and the entity loads) or refuses the
    // document as too large, the run must end in a report, not with the process killed.
    assert!(matches!(run.code, 0 | 1), "{}", run.stdout);
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_named_on_the_command_line_is_an_error() {
    let env = TestEnv::new();
    std::os::unix::fs::symlink(env.path().join("gone.yaml"), env.path().join("catalog-info.yaml")).expect("symlink");
    let run = validate_json(&env, &["catalog-info.yaml"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(run.lines.len(), 1, "{}", run.stdout);
    let line = &run.lines[0];
    assert_eq!(line["file"], "catalog-info.yaml");
    assert_eq!(line["document"], 0);
    assert_eq!(line["valid"], false);
    assert_eq!(line["errors"][0]["code"], "catalog::file");
    assert!(line["errors"][0]["message"].as_str().is_some_and(|m| m.contains("cannot read")), "{line}");

    let human = validate_human(&env, &["catalog-info.yaml"]);
    assert_eq!(human.code, 1);
    assert!(human.stdout.contains("catalog-info.yaml: cannot read file"), "{}", human.stdout);
}

#[test]
fn a_path_that_does_not_exist_is_an_error_and_the_others_still_run() {
    let env = TestEnv::new();
    env.write("real/catalog-info.yaml", entity("real"));
    let run = validate_json(&env, &["missing/catalog-info.yaml", "real/catalog-info.yaml"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let missing = run.for_file("missing/catalog-info.yaml");
    assert_eq!(missing.len(), 1, "{}", run.stdout);
    assert_eq!(missing[0]["document"], 0);
    assert_eq!(missing[0]["valid"], false);
    assert_eq!(missing[0]["errors"][0]["code"], "catalog::file");
    let real = run.for_file("real/catalog-info.yaml");
    assert_eq!(real.len(), 1, "{}", run.stdout);
    assert_eq!(real[0]["valid"], true);
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_a_walked_folder_ends_the_walk_and_others_are_validated() {
    let env = TestEnv::new();
    env.write("catalog-info.yaml", entity("root"));
    env.write("a/catalog-info.yaml", entity("in-a"));
    env.write("b/catalog-info.yaml", entity("in-b"));
    std::os::unix::fs::symlink("..", env.path().join("a/loop")).expect("symlink");
    // Two folders pointing at each other form a loop only through both links.
    std::os::unix::fs::symlink("../b", env.path().join("a/to-b")).expect("symlink");
    std::os::unix::fs::symlink("../a", env.path().join("b/to-a")).expect("symlink");

    let run = validate_json(&env, &["."]);
    // A loop is skipped with a warning; every real file is valid, and each is read once (a file
    // reached twice would be a duplicate-ref error).
    assert_eq!(run.code, 0, "{}", run.stdout);
    let mut entities: Vec<&str> = run.lines.iter().filter_map(|l| l["entity"].as_str()).collect();
    entities.sort_unstable();
    assert_eq!(
        entities,
        ["component:default/in-a", "component:default/in-b", "component:default/root"],
        "{}",
        run.stdout
    );
    assert!(run.findings("errors").is_empty(), "{}", run.stdout);
    assert!(
        run.findings("warnings").iter().any(|(code, message)| code == "catalog::file" && message.contains("loop")),
        "{}",
        run.stdout
    );

    // A real finding elsewhere still fails the run.
    env.write("c/catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\n");
    let run = validate_json(&env, &["."]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.for_file("./c/catalog-info.yaml").iter().any(|l| l["valid"] == false), "{}", run.stdout);
    assert_eq!(validate_human(&env, &["."]).code, 1);
}

#[test]
fn standard_input_valid_and_invalid() {
    let env = TestEnv::new();
    let run = validate_stdin(&env, entity("from-stdin"));
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.lines.len(), 1, "{}", run.stdout);
    assert_eq!(run.lines[0]["file"], "<stdin>");
    assert_eq!(run.lines[0]["valid"], true);
    assert_eq!(run.lines[0]["entity"], "component:default/from-stdin");

    let run = validate_stdin(&env, "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: [\n");
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(run.lines.len(), 1, "{}", run.stdout);
    assert_eq!(run.lines[0]["file"], "<stdin>");
    assert_eq!(run.lines[0]["valid"], false);
    assert_eq!(run.lines[0]["errors"][0]["code"], "catalog::yaml");
}

#[test]
fn standard_input_that_is_empty_or_hostile_does_not_crash() {
    let env = TestEnv::new();
    let run = validate_stdin(&env, "");
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.lines.is_empty(), "{}", run.stdout);

    let run = validate_stdin(&env, binary_bytes(4096));
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.lines.iter().all(|l| l["file"] == "<stdin>"), "{}", run.stdout);

    assert_eq!(validate_stdin(&env, alias_bomb()).code, 1);
    assert_eq!(validate_stdin(&env, format!("{}x\n", "- ".repeat(10_000))).code, 1);
}

#[test]
fn standard_input_over_the_size_limit_is_refused() {
    let env = TestEnv::new();
    let limit = usize::try_from(hub::catalog::MAX_FILE_BYTES).expect("limit fits usize");
    let mut input = entity("big").into_bytes();
    input.resize(limit + 1024, b'\n');
    let output =
        env.hub().args(["catalog", "validate", "--format", "json", "-"]).write_stdin(input).output().expect("run hub");
    let run = finish(&output);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("16 MiB"), "{}", run.stderr);
}
