//! Native training speed (a benchmark, not a test): the browser benchmark's workloads
//! (`tests/bench/workloads.json`, the same data, model, settings and seeds) trained by this
//! machine's native build through the same `FitSession` the page's worker drives.
//! `cargo run --release -p noriteo-core --example bench_native [-- --quick] [--only NAME [--seed N]]`
//! Prints a table, then one JSON line per workload for `cargo xtask bench`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use noriteo_core::data::sources::{self, DataSource};
use noriteo_core::{FitSession, Sequential, TrainingSpec};

const WORKLOADS: &str = include_str!("../../../tests/bench/workloads.json");

fn main() {
    if let Err(e) = run() {
        eprintln!("bench_native: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    // One workload alone, for a profiler.
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1));
    // One run with this seed alone: the browser benchmark runs the native build between its
    // own runs, so that both sides see the machine in the same state.
    let seed = match args.iter().position(|a| a == "--seed") {
        Some(i) => Some(
            args.get(i + 1)
                .and_then(|v| v.parse::<u64>().ok())
                .ok_or("--seed needs a number")?,
        ),
        None => None,
    };
    let runs = if quick { 1 } else { 3 };
    // (seed, timed): a lone seed is trained once untimed first, as the browser's runs follow
    // its worker's warm-up and earlier runs; a first run in a fresh process was ~20% slower.
    let seeds: Vec<(u64, bool)> = seed.map_or_else(
        || (1..=runs).map(|s| (s, true)).collect(),
        |s| vec![(s, false), (s, true)],
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let workloads: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(WORKLOADS).map_err(|e| format!("workloads.json: {e}"))?;
    println!(
        "{:<18} {:>5} {:>9} {:>10} {:>12} {:>9} {:>9}",
        "workload", "runs", "min s", "median s", "samples/s", "GFLOP/s", "accuracy"
    );
    for (name, w) in &workloads {
        if only.is_some_and(|o| o != name) {
            continue;
        }
        let field = |k: &str| w.get(k).cloned().ok_or(format!("{name}: no {k}"));
        let source: DataSource =
            serde_json::from_value(field("source")?).map_err(|e| format!("{name}: {e}"))?;
        let samples = field("samples")?.as_f64().unwrap_or(0.0);
        let flop = field("flop_per_sample")?.as_f64().unwrap_or(0.0);
        let files = source
            .files()
            .map_err(|e| e.to_string())?
            .iter()
            .map(|f| read(&root, &f.url))
            .collect::<Result<Vec<_>, _>>()?;
        let loaded = sources::load(&source, files).map_err(|e| e.to_string())?;
        let d = &loaded.dataset;
        let mut seconds = Vec::new();
        let mut accuracies = Vec::new();
        // Seeds 1, 2, 3 for the runs, as the browser benchmark sets them.
        for &(seed, timed) in &seeds {
            let mut setup: TrainingSpec =
                serde_json::from_value(field("setup")?).map_err(|e| format!("{name}: {e}"))?;
            setup.seed = seed as i64;
            let plan = setup
                .plan(Some(d))
                .map_err(|e| format!("{name}: {}", noriteo_core::Error::from(e)))?;
            let mut model = Sequential::from_plan(&plan.model, seed).map_err(|e| e.to_string())?;
            model
                .compile_plan(&plan.compile)
                .map_err(|e| e.to_string())?;
            let start = Instant::now();
            let mut session =
                FitSession::new(&mut model, &d.x_train, &d.y_train, &plan.fit, seed, None)
                    .map_err(|e| e.to_string())?;
            while !session.is_done() {
                session
                    .step(&mut model, &d.x_train, &d.y_train)
                    .map_err(|e| e.to_string())?;
            }
            if !timed {
                continue;
            }
            seconds.push(start.elapsed().as_secs_f64());
            // The browser reports test accuracy where there is a test set, else the last
            // epoch's training accuracy; so does this.
            let accuracy = match (&d.x_test, &d.y_test) {
                (Some(x), Some(y)) => model.evaluate(x, y, 32).map_err(|e| e.to_string())?,
                _ => session
                    .history()
                    .last("accuracy")
                    .map(|a| vec![("accuracy".into(), a)])
                    .unwrap_or_default(),
            }
            .into_iter()
            .find(|(k, _)| k == "accuracy")
            .map(|(_, v)| v);
            accuracies.extend(accuracy);
        }
        // The median run's accuracy, as the browser benchmark reports it.
        let mut sorted_accuracies = accuracies.clone();
        sorted_accuracies.sort_by(f32::total_cmp);
        let accuracy = sorted_accuracies.get(sorted_accuracies.len() / 2);
        let mut sorted = seconds.clone();
        sorted.sort_by(f64::total_cmp);
        let (min, median) = (sorted[0], sorted[sorted.len() / 2]);
        println!(
            "{:<18} {:>5} {:>9.3} {:>10.3} {:>12.0} {:>9.2} {:>9}",
            name,
            seconds.len(),
            min,
            median,
            samples / median,
            samples * flop / median / 1e9,
            accuracy.map_or("—".into(), |a| format!("{a:.4}"))
        );
        println!(
            "JSON {}",
            serde_json::json!({ "workload": name, "engine": "noriteo-native", "seconds": seconds, "accuracies": accuracies })
        );
    }
    Ok(())
}

/// A file of the page (`data/...`, built by `cargo xtask serve`) or of the shared fixtures
/// (`/shared/...`: `$NORITEO_DATASETS`, by default ../shared/datasets beside the repository,
/// as `cargo xtask bench` serves them), as the page downloads it (`load` inflates it).
fn read(root: &Path, url: &str) -> Result<Vec<u8>, String> {
    let path: PathBuf = match url.strip_prefix("/shared/") {
        Some(rest) => match std::env::var_os("NORITEO_DATASETS").filter(|d| !d.is_empty()) {
            Some(dir) => root.join(dir).join(rest),
            None => root.join("../shared/datasets").join(rest),
        },
        None => root.join("web").join(url),
    };
    std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))
}
