//! Every case in `reference/cases.txt`, run in the notebook and compared with what real
//! Python printed, showed and raised (`reference/expected.json`, written by
//! `reference/make_expected.py`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use noriteo_notebook::Kernel;
use serde_json::Value as Json;

fn reference_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/reference")
}

/// The cases as `make_expected.py` reads them: `### name` starts a case, `#%%` a new cell.
fn read_cases(file: &str) -> BTreeMap<String, Vec<String>> {
    let path = reference_dir().join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut cases = BTreeMap::new();
    let mut name: Option<String> = None;
    let mut body = String::new();
    for line in text.split_inclusive('\n') {
        if let Some(n) = line.strip_prefix("### ") {
            if let Some(prev) = name.take() {
                cases.insert(prev, std::mem::take(&mut body));
            }
            name = Some(n.trim().to_string());
        } else {
            body.push_str(line);
        }
    }
    if let Some(prev) = name {
        cases.insert(prev, body);
    }
    cases
        .into_iter()
        .map(|(k, v)| (k, v.split("#%%\n").map(str::to_string).collect()))
        .collect()
}

#[test]
fn cells_print_show_and_fail_as_in_python() {
    check("cases.txt", "expected.json", 70);
}

/// The numpy cases, against real numpy 2 (`numpy_cases.txt`, `numpy_expected.json`).
#[test]
fn numpy_cells_print_show_and_fail_as_numpy() {
    check("numpy_cases.txt", "numpy_expected.json", 50);
}

/// The pandas and scikit-learn cases, against real pandas 3 and scikit-learn 1.9
/// (`pandas_cases.txt`, `pandas_expected.json`), reading the lecture data files by name.
#[test]
fn pandas_cells_print_show_and_fail_as_pandas() {
    check("pandas_cases.txt", "pandas_expected.json", 60);
}

/// The lecture data folder, as the engine's tests find it: `$NORITEO_DATASETS` (relative
/// to the workspace root) or `../shared/datasets` beside the workspace.
fn datasets_dir() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    match std::env::var_os("NORITEO_DATASETS") {
        Some(d) if !d.is_empty() => root.join(d),
        _ => root.join("../shared/datasets"),
    }
}

/// Files by name from the lecture data folder; a missing file fails loudly.
struct Datasets;

impl noriteo_notebook::eval::FileSource for Datasets {
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        let full = datasets_dir().join(path);
        std::fs::read(&full).map_err(|e| {
            panic!(
                "lecture data file {} cannot be read ({e}): put the shared datasets beside \
                 the workspace or point NORITEO_DATASETS at them",
                full.display()
            )
        })
    }
}

fn check(cases_file: &str, expected_file: &str, min_cells: usize) {
    let path = reference_dir().join(expected_file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "missing {} ({e}): run python3 crates/notebook/tests/reference/make_expected.py",
            path.display()
        )
    });
    let expected: Json = serde_json::from_str(&text).expect("expected.json is JSON");
    let cases = read_cases(cases_file);
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, cells) in &cases {
        let want = expected["cases"][name]
            .as_array()
            .unwrap_or_else(|| panic!("case {name} is not in expected.json: run make_expected.py"));
        assert_eq!(
            want.len(),
            cells.len(),
            "case {name}: cell count; rerun make_expected.py"
        );
        let mut kernel = Kernel::new();
        kernel.set_file_source(std::rc::Rc::new(Datasets));
        for (i, (cell, w)) in cells.iter().zip(want).enumerate() {
            let got = kernel.run_cell(cell);
            checked += 1;
            let where_ = format!("{name} cell {}", i + 1);
            if got.stdout() != w["stdout"].as_str().unwrap_or_default() {
                failures.push(format!(
                    "{where_}: printed\n{}\nPython printed\n{}",
                    got.stdout(),
                    w["stdout"].as_str().unwrap_or_default()
                ));
            }
            if got.shown() != w["shown"].as_str() {
                failures.push(format!(
                    "{where_}: showed {:?}, Python showed {:?}",
                    got.shown(),
                    w["shown"].as_str()
                ));
            }
            let got_err = got
                .error
                .as_ref()
                .map(|e| (e.ename.to_string(), e.line().map(i64::from)));
            let want_err = w["error"].as_object().map(|e| {
                (
                    e["ename"].as_str().unwrap_or_default().to_string(),
                    e["line"].as_i64(),
                )
            });
            if got_err != want_err {
                failures.push(format!(
                    "{where_}: error {:?} ({}), Python raised {:?}",
                    got_err,
                    got.error
                        .as_ref()
                        .map(|e| e.text(noriteo_core::messages::Lang::En))
                        .unwrap_or_default(),
                    want_err
                ));
            }
        }
    }
    assert!(checked > min_cells, "only {checked} cells checked");
    assert!(
        failures.is_empty(),
        "{} of {checked} cells differ from Python:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
