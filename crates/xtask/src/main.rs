//! `cargo xtask serve | test | dist | bench`: every command a user or CI needs, each
//! installing what it is missing first (see `toolchain`).

mod build;
mod datasets;
mod serve;
mod toolchain;

use std::path::{Path, PathBuf};
use std::process::{exit, Command};

const USAGE: &str = "usage: cargo xtask <command>

  serve [--port N]   build everything and serve the playground on http://127.0.0.1:8080
  test               run every test (format, lints, native, wasm in Chromium, end to end)
  dist               write a static site to dist/ for any static host (GitHub Pages, ...)
  bench [--quick] [--ours]
                     compare training speed with TensorFlow.js in the same browser
                     (--quick: one run each, as CI does; --ours: skip TensorFlow.js)";

/// A command line that parsed: one command and its options.
#[derive(Debug, PartialEq)]
enum Task {
    Serve { port: u16 },
    Test,
    Dist,
    Bench { quick: bool, ours: bool },
    Help,
}

fn main() {
    let task = match parse_args(std::env::args_os().skip(1)) {
        Ok(task) => task,
        Err(e) => {
            eprintln!("xtask: {e}\n\n{USAGE}");
            exit(2);
        }
    };
    let root = repo_root();
    let result = match task {
        Task::Serve { port } => toolchain::ensure(&root, false)
            .and_then(|_| build::web(&root))
            .and_then(|_| serve::forever(&root.join("web"), port)),
        Task::Dist => toolchain::ensure(&root, false)
            .and_then(|_| build::web(&root))
            .and_then(|_| build::dist(&root)),
        Task::Test => check_datasets(&root)
            .and_then(|_| toolchain::ensure(&root, true))
            .and_then(|_| test(&root)),
        Task::Bench { quick, ours } => check_datasets(&root)
            .and_then(|_| toolchain::ensure(&root, true))
            .and_then(|_| bench(&root, quick, ours)),
        Task::Help => {
            println!("{USAGE}");
            Ok(())
        }
    };
    if let Err(e) = result {
        eprintln!("\nxtask: {e}");
        exit(1);
    }
}

/// Reads `<command> [options]`; a bad port, an unknown option or an unknown command is an
/// error that names it (main exits with status 2).
fn parse_args<I>(args: I) -> Result<Task, String>
where
    I: IntoIterator,
    I::Item: Into<std::ffi::OsString>,
{
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let command = match parser.next().map_err(|e| e.to_string())? {
        Some(Value(v)) => v.string().map_err(|e| e.to_string())?,
        Some(Long("help") | Short('h')) => return Ok(Task::Help),
        Some(other) => return Err(other.unexpected().to_string()),
        None => return Err("no command given".into()),
    };
    let mut task = match command.as_str() {
        "serve" => Task::Serve { port: 8080 },
        "test" => Task::Test,
        "dist" => Task::Dist,
        "bench" => Task::Bench {
            quick: false,
            ours: false,
        },
        "help" => Task::Help,
        other => return Err(format!("unknown command '{other}'")),
    };
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match (&mut task, arg) {
            (Task::Serve { port }, Long("port")) => {
                let value = parser.value().map_err(|e| e.to_string())?;
                let text = value.to_string_lossy();
                *port = match text.parse::<u16>() {
                    Ok(p) if p > 0 => p,
                    _ => {
                        return Err(format!(
                            "invalid port '{text}' for --port: expected a number from 1 to 65535"
                        ))
                    }
                };
            }
            (Task::Bench { quick, .. }, Long("quick")) => *quick = true,
            (Task::Bench { ours, .. }, Long("ours")) => *ours = true,
            (_, Long("help") | Short('h')) => return Ok(Task::Help),
            (_, Value(v)) => {
                return Err(format!(
                    "unexpected argument '{}' for '{command}'",
                    v.to_string_lossy()
                ))
            }
            (_, other) => return Err(format!("{} for '{command}'", other.unexpected())),
        }
    }
    Ok(task)
}

/// The workspace root (two levels above this crate).
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The lecture data files the tests and the benchmark read (never copied into the
/// repository): `$NORITEO_DATASETS`, relative to the workspace root, or by default
/// `../shared/datasets` beside it. The Rust tests (crates/core/tests/support), the
/// end-to-end harness and the native benchmark look in the same place.
fn datasets_dir(root: &Path) -> PathBuf {
    match std::env::var_os("NORITEO_DATASETS").filter(|d| !d.is_empty()) {
        Some(dir) => root.join(dir),
        None => root.join("../shared/datasets"),
    }
}

/// Fails at once, naming the folder, when the lecture data files are not where the tests
/// and the benchmark will look (rather than after the builds).
fn check_datasets(root: &Path) -> Result<(), String> {
    let dir = datasets_dir(root);
    if dir.is_dir() {
        Ok(())
    } else {
        Err(format!(
            "the lecture datasets folder {} is missing: put the shared datasets beside the \
             repository or point NORITEO_DATASETS at their folder",
            dir.display()
        ))
    }
}

/// Runs a command in `dir`, failing with its name when it fails.
pub fn run(what: &str, dir: &Path, cmd: &mut Command) -> Result<(), String> {
    println!("\n==> {what}");
    let status = cmd
        .current_dir(dir)
        .status()
        .map_err(|e| format!("could not start {what}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

fn test(root: &Path) -> Result<(), String> {
    let cargo = || Command::new("cargo");
    run(
        "cargo fmt --check",
        root,
        cargo().args(["fmt", "--all", "--", "--check"]),
    )?;
    run(
        "cargo clippy (native)",
        root,
        cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    run(
        "cargo clippy (wasm32)",
        root,
        cargo().args([
            "clippy",
            "-p",
            "noriteo-wasm",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    // The notebook page's build adds the interpreter and the figure renderer to the adapter.
    run(
        "cargo clippy (wasm32, notebook build)",
        root,
        cargo().args([
            "clippy",
            "-p",
            "noriteo-wasm",
            "--features",
            "notebook",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    // The lesson notebooks' test loads MNIST and Fashion-MNIST from the bundled web/data.
    datasets::build(root)?;
    run(
        "cargo test (native)",
        root,
        cargo().args(["test", "--workspace"]),
    )?;
    // The figure renderer's pixel tests (plotters' bitmap backend) exist in the notebook build.
    run(
        "cargo test (native, the notebook build's charts)",
        root,
        cargo().args(["test", "-p", "noriteo-wasm", "--features", "notebook"]),
    )?;
    build::test_wasm(root)?;
    run(
        "page module tests (node --test tests/unit)",
        root,
        Command::new("node").args(["--test", "tests/unit/"]),
    )?;
    build::web(root)?;
    let (port, _server) = serve::background(&root.join("web"))?;
    run(
        "end-to-end tests (node --test, playwright-core, Debian chromium)",
        root,
        Command::new("node")
            .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
            .args(e2e_files(root)?)
            .env("NORITEO_URL", format!("http://127.0.0.1:{port}/")),
    )?;
    // The benchmark's quick version proves it still runs (its figures are not asserted).
    bench(root, true, false)?;
    println!("\nall tests passed");
    Ok(())
}

fn e2e_files(root: &Path) -> Result<Vec<String>, String> {
    let dir = root.join("tests/e2e");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .map(|p| p.to_string_lossy().to_string())
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no end-to-end tests in {}", dir.display()));
    }
    Ok(files)
}

fn bench(root: &Path, quick: bool, ours_only: bool) -> Result<(), String> {
    let out_dir = root.join("target/bench");
    std::fs::create_dir_all(&out_dir)
        .map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    run(
        "cargo build bench_native (the native benchmark, run by the browser benchmark)",
        root,
        Command::new("cargo").args([
            "build",
            "--release",
            "-q",
            "-p",
            "noriteo-core",
            "--example",
            "bench_native",
        ]),
    )?;
    build::web(root)?;
    // The bench page imports the page's modules (/web), TensorFlow.js (/node_modules) and the
    // lung-surgery table (/shared, the fixtures beside the repository).
    let shared = datasets_dir(root);
    let (port, _server) = serve::background_mounts(vec![
        ("/".into(), root.to_path_buf()),
        ("/shared/".into(), shared),
    ])?;
    run(
        "browser benchmark (our wasm in its worker and TensorFlow.js, Debian chromium)",
        root,
        Command::new("node")
            .arg("tests/bench/run.mjs")
            .env("NORITEO_BENCH_URL", format!("http://127.0.0.1:{port}/"))
            .env("NORITEO_BENCH_QUICK", if quick { "1" } else { "0" })
            .env("NORITEO_BENCH_OURS", if ours_only { "1" } else { "0" })
            .env(
                "NORITEO_NATIVE_BIN",
                root.join("target/release/examples/bench_native"),
            )
            .env("NORITEO_BENCH_OUT", out_dir.join("latest.json")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Result<Task, String> {
        parse_args(line.split_whitespace())
    }

    #[test]
    fn commands_and_their_options_parse() {
        assert_eq!(parse("serve"), Ok(Task::Serve { port: 8080 }));
        assert_eq!(parse("serve --port 9000"), Ok(Task::Serve { port: 9000 }));
        assert_eq!(parse("serve --port=9001"), Ok(Task::Serve { port: 9001 }));
        assert_eq!(parse("test"), Ok(Task::Test));
        assert_eq!(parse("dist"), Ok(Task::Dist));
        let bench = |quick, ours| Ok(Task::Bench { quick, ours });
        assert_eq!(parse("bench"), bench(false, false));
        assert_eq!(parse("bench --quick"), bench(true, false));
        assert_eq!(parse("bench --ours --quick"), bench(true, true));
        assert_eq!(parse("--help"), Ok(Task::Help));
        assert_eq!(parse("serve -h"), Ok(Task::Help));
    }

    #[test]
    fn bad_arguments_are_named() {
        for (line, named) in [
            ("serve --port abc", "'abc'"),
            ("serve --port 0", "'0'"),
            ("serve --port 70000", "'70000'"),
            ("serve --port=-1", "'-1'"),
            ("serve --port", "--port"),
            ("serve --verbose", "--verbose"),
            ("serve 9000", "'9000'"),
            ("test --port 9000", "--port"),
            ("bench --fast", "--fast"),
            ("dist -x", "-x"),
            ("srve", "'srve'"),
            ("--quick", "--quick"),
        ] {
            let e = parse(line).expect_err(line);
            assert!(e.contains(named), "{line}: {e}");
        }
        assert!(parse("").is_err());
    }
}
