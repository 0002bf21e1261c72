//! The ten lesson notebooks in `web/notebooks/` run top to bottom in the kernel, in slices and
//! answering file requests as the page runs them: no cell raises, the last cell draws the lesson's figure, and
//! the lesson reaches its number (iris accuracy above 0.9, the line a ≈ 2.3, b ≈ 79, ...).
//!
//! The cells' requests for lecture URLs are answered from the shared datasets folder by file
//! name, and `keras.datasets`' from the page's bundled `web/data/` (built by `cargo xtask`); a
//! missing file fails the test, naming where it looked.

use std::path::{Path, PathBuf};

use noriteo_core::messages::Lang;
use noriteo_notebook::eval::FileSource;
use noriteo_notebook::source::cells_from_ipynb;
use noriteo_notebook::{Kernel, Poll};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/notebook sits two levels below the workspace root")
        .to_path_buf()
}

/// `$NORITEO_DATASETS` (relative to the workspace) or `../shared/datasets`, as
/// crates/core/tests/support and the xtask look for them.
fn datasets_dir() -> PathBuf {
    let root = workspace();
    match std::env::var_os("NORITEO_DATASETS") {
        Some(dir) if !dir.is_empty() => root.join(dir),
        _ => root.join("../shared/datasets"),
    }
}

/// What the page's fetches reach: the lecture repositories' raw URLs and the bundled data.
struct LectureFiles {
    datasets: PathBuf,
    bundled: PathBuf,
}

/// The two lecture repositories; blackdew's files sit in the datasets folder as `ko-NAME`
/// because both repositories have an `iris.csv`.
const GILBUT: &str = "https://raw.githubusercontent.com/gilbutITbook/080228/";
const BLACKDEW: &str = "https://raw.githubusercontent.com/blackdew/tensorflow1/";

impl LectureFiles {
    fn new() -> Self {
        LectureFiles {
            datasets: datasets_dir(),
            bundled: workspace().join("web/data"),
        }
    }

    fn local(&self, path: &str) -> Option<PathBuf> {
        let name = path.rsplit('/').next()?;
        if path.starts_with(GILBUT) {
            Some(self.datasets.join(name))
        } else if path.starts_with(BLACKDEW) {
            Some(self.datasets.join(format!("ko-{name}")))
        } else if !path.contains('/') && name.ends_with(".idx.gz") {
            Some(self.bundled.join(name))
        } else {
            None
        }
    }
}

impl FileSource for LectureFiles {
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        // A lesson notebook reads only what the lecture reads: anything else is a mistake in
        // the notebook, and a file that should be here but is not fails the test outright.
        let local = self
            .local(path)
            .unwrap_or_else(|| panic!("a lesson notebook asked for {path}, not a lecture file"));
        Ok(std::fs::read(&local).unwrap_or_else(|e| {
            panic!(
                "{path}: {} cannot be read ({e}). The lecture CSVs come from ../shared/datasets \
                 (or $NORITEO_DATASETS); MNIST and Fashion-MNIST from web/data, which \
                 `cargo xtask serve` or `cargo xtask test` builds",
                local.display()
            )
        }))
    }
}

/// A lesson notebook run up to its last cell, the figure.
struct Lesson {
    file: &'static str,
    kernel: Kernel,
    figure_cell: String,
    /// The figure cell's place among the code cells, for messages.
    figure_index: usize,
}

/// Runs one cell as the page does: in slices (`start_cell`, `poll`), answering each file the
/// cell asks for (`Poll::NeedFile`) from the lecture files.
fn run_cell(kernel: &mut Kernel, files: &LectureFiles, file: &str, i: usize, cell: &str) -> String {
    kernel.start_cell(cell);
    let result = loop {
        match kernel.poll(50.0) {
            Poll::Done(result) => break result,
            Poll::Running => {}
            Poll::NeedFile { path } => {
                let bytes = files.read(&path);
                kernel.provide_file(&path, bytes);
            }
        }
    };
    if let Some(e) = &result.error {
        panic!(
            "{file}, code cell {i} raised:\n{}\n--- cell ---\n{cell}\n--- printed ---\n{}",
            e.traceback(Lang::En),
            result.stdout()
        );
    }
    serde_json::Value::Array(result.outputs_json()).to_string()
}

impl Lesson {
    /// Runs every code cell of `web/notebooks/FILE` but the last in one kernel.
    fn run(file: &'static str) -> Lesson {
        let path = workspace().join("web/notebooks").join(file);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut cells = cells_from_ipynb(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(cells.len() >= 5, "{file}: only {} code cells", cells.len());
        let figure_cell = cells.pop().unwrap_or_default();
        let mut kernel = Kernel::new();
        let files = LectureFiles::new();
        for (i, cell) in cells.iter().enumerate() {
            run_cell(&mut kernel, &files, file, i, cell);
        }
        Lesson {
            file,
            kernel,
            figure_cell,
            figure_index: cells.len(),
        }
    }

    /// The value of a Python expression in the notebook's kernel, as a float.
    fn number(&mut self, expr: &str) -> f64 {
        let r = self.kernel.run_cell(&format!("print(repr(float({expr})))"));
        if let Some(e) = &r.error {
            panic!("{}: {expr}: {}", self.file, e.traceback(Lang::En));
        }
        r.stdout()
            .trim()
            .parse()
            .unwrap_or_else(|e| panic!("{expr} printed {:?}: {e}", r.stdout()))
    }

    fn assert_within(&mut self, expr: &str, low: f64, high: f64) {
        let v = self.number(expr);
        assert!(
            (low..=high).contains(&v),
            "{}: {expr} = {v}, expected between {low} and {high}",
            self.file
        );
    }

    /// Runs the last cell, which must show a figure as the page draws it.
    fn assert_figure(mut self) {
        let cell = std::mem::take(&mut self.figure_cell);
        let files = LectureFiles::new();
        let outputs = run_cell(
            &mut self.kernel,
            &files,
            self.file,
            self.figure_index,
            &cell,
        );
        assert!(
            outputs.contains("application/vnd.noriteo.figure+json"),
            "{}: the last cell shows no figure: {outputs}",
            self.file
        );
    }
}

#[test]
fn linreg_gd_finds_the_least_squares_line_both_ways() {
    let mut l = Lesson::run("01-linreg-gd.ipynb");
    // Least squares on these four points: a = 2.3, b = 79.
    l.assert_within("keras_a", 2.25, 2.35);
    l.assert_within("keras_b", 78.7, 79.3);
    l.assert_within("a", 2.25, 2.35);
    l.assert_within("b", 78.7, 79.3);
    l.assert_figure();
}

#[test]
fn linreg_sgd_falls_to_the_noise_and_finds_the_slope() {
    let mut l = Lesson::run("02-linreg-sgd.ipynb");
    // The noise's variance is 0.3² = 0.09.
    l.assert_within("loss", 0.06, 0.15);
    l.assert_within("w[0, 0]", 3.0, 5.0);
    l.assert_figure();
}

#[test]
fn thoracic_reaches_the_baseline_accuracy() {
    let mut l = Lesson::run("03-thoracic.ipynb");
    l.assert_within("baseline", 0.8510, 0.8511);
    l.assert_within("acc", 0.80, 1.0);
    l.assert_figure();
}

#[test]
fn thoracic_deep_overfits() {
    let mut l = Lesson::run("04-thoracic-deep.ipynb");
    l.assert_within("len(history.epoch)", 1500.0, 1500.0);
    // Training loss falls; validation loss ends well above its best.
    l.assert_within("loss[-1] / loss[0]", 0.0, 0.5);
    l.assert_within("val_loss[-1] / val_loss[best]", 1.5, f64::INFINITY);
    l.assert_figure();
}

#[test]
fn iris_classifies_the_test_flowers() {
    let mut l = Lesson::run("05-iris.ipynb");
    l.assert_within("acc", 0.9, 1.0);
    l.assert_figure();
}

#[test]
fn mnist_softmax_reaches_its_accuracy() {
    let mut l = Lesson::run("06-mnist-softmax.ipynb");
    l.assert_within("test_acc", 0.9, 1.0);
    l.assert_figure();
}

#[test]
fn mnist_mlp_reaches_its_accuracy() {
    let mut l = Lesson::run("07-mnist-mlp.ipynb");
    l.assert_within("test_acc", 0.95, 1.0);
    l.assert_figure();
}

#[test]
fn fashion_reaches_its_accuracy() {
    let mut l = Lesson::run("08-fashion.ipynb");
    l.assert_within("test_acc", 0.8, 1.0);
    l.assert_figure();
}

#[test]
fn pima_stops_early_above_the_baseline() {
    let mut l = Lesson::run("09-pima.ipynb");
    l.assert_within("len(history.epoch)", 11.0, 199.0);
    l.assert_within("acc", 0.7, 1.0);
    l.assert_figure();
}

#[test]
fn boston_predicts_prices() {
    let mut l = Lesson::run("10-boston.ipynb");
    l.assert_within("test_mse", 0.05, 0.4);
    l.assert_within("r2_score(y_test, pred)", 0.6, 1.0);
    l.assert_figure();
}

#[test]
fn the_index_lists_every_lesson_in_order() {
    let path = workspace().join("web/notebooks/index.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    let index: serde_json::Value = serde_json::from_str(&text).expect("index.json is JSON");
    let ids: Vec<&str> = index
        .as_array()
        .expect("a list")
        .iter()
        .map(|e| e["id"].as_str().expect("an id"))
        .collect();
    let lessons: Vec<String> = noriteo_core::lessons::catalogue()
        .into_iter()
        .map(|l| l.id)
        .collect();
    assert_eq!(ids, lessons);
    for (entry, lesson) in index
        .as_array()
        .expect("a list")
        .iter()
        .zip(noriteo_core::lessons::catalogue())
    {
        let file = entry["file"].as_str().expect("a file");
        assert!(
            workspace().join("web/notebooks").join(file).is_file(),
            "{file}"
        );
        assert_eq!(entry["title_ko"], lesson.title_ko.as_str());
        assert_eq!(entry["title_en"], lesson.title_en.as_str());
    }
}
