//! What the notebook costs on top of the engine (a benchmark, not a test: nothing is asserted):
//!
//! ```text
//! cargo run --release -p noriteo-notebook --example bench [-- --quick]
//! ```
//!
//! (a) one epoch of the MNIST MLP lesson, `model.fit(...)` called from a cell, against the
//!     playground's path (the engine's `FitSession` on the bundled pixels, scaled by 1/255 as
//!     batches are made), same model, seed and batch size; the target is at most 1.1×.
//! (b) interpreting a 30-line lecture-style cell without `fit` (imports, pandas, a split, a
//!     scaler, a model, its summary, a loop, prints), the median of many runs; the target is
//!     under 5 ms.
//!
//! MNIST is read from `web/data/`, which `cargo xtask serve` or `cargo xtask test` builds.
//! `--quick` runs each part once, to show that the benchmark still works.

use std::path::PathBuf;
use std::rc::Rc;
use std::time::Instant;

use ndarray::Array2;
use noriteo_core::data::Features;
use noriteo_core::session::fit_seed;
use noriteo_core::{FitSession, Sequential};
use noriteo_notebook::eval::FileSource;
use noriteo_notebook::modules::numpy::NdArray;
use noriteo_notebook::Kernel;

/// The page's bundled data sets, by file name.
struct Bundled(PathBuf);

impl FileSource for Bundled {
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        std::fs::read(self.0.join(path)).map_err(|e| format!("{path}: {e}"))
    }
}

const MNIST_CELLS: [&str; 2] = [
    "import tensorflow as tf\n\
     (x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()\n\
     x_train = x_train / 255.0\n",
    "tf.random.set_seed(42)\n\
     model = tf.keras.models.Sequential([\n\
         tf.keras.layers.Flatten(input_shape=(28, 28)),\n\
         tf.keras.layers.Dense(128, activation='relu'),\n\
         tf.keras.layers.Dropout(0.2),\n\
         tf.keras.layers.Dense(10, activation='softmax')\n\
     ])\n\
     model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])\n",
];

const FIT_CELL: &str = "history = model.fit(x_train, y_train, epochs=1, batch_size=32, verbose=0)";
/// The same on the unscaled bytes, which `fit` takes as they are (as the playground does), so
/// that the float64 → float32 copy of `x_train / 255.0` is left out.
const FIT_BYTES_CELL: &str =
    "history = model.fit(_bench_raw, y_train, epochs=1, batch_size=32, verbose=0)";

/// A lecture-style cell of 30 lines, everything but training.
const LECTURE_CELL: &str = "import numpy as np
import pandas as pd
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Dropout
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

np.random.seed(0)
data = np.random.rand(200, 9)
df = pd.DataFrame(data, columns=['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'label'])
df['label'] = (df['label'] > 0.5).astype('int')
X = df.iloc[:, 0:8].values
y = df.iloc[:, 8].values
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
scaler = StandardScaler()
X_train = scaler.fit_transform(X_train)
X_test = scaler.transform(X_test)

model = Sequential()
model.add(Dense(16, input_dim=8, activation='relu'))
model.add(Dropout(0.2))
model.add(Dense(1, activation='sigmoid'))
model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
model.summary()

total = 0
for i, row in enumerate(X_train[:20]):
    total += row.sum()
print(f'rows: {len(X_train)}, mean of sums: {total / 20:.3f}')
print(df['label'].value_counts())
";

fn run(kernel: &mut Kernel, src: &str) -> Result<(), String> {
    let r = kernel.run_cell(src);
    match r.error {
        Some(e) => Err(e.traceback(noriteo_core::messages::Lang::En)),
        None => Ok(()),
    }
}

/// Seconds of CPU this thread has used (Linux), so that other processes on a busy machine
/// do not count; `None` elsewhere. The kernel counts in ticks of 10 ms.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let after_name = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// Wall-clock and CPU seconds of `f`.
fn timed<T>(f: impl FnOnce() -> Result<T, String>) -> Result<(T, f64, f64), String> {
    let (t, c) = (Instant::now(), cpu_seconds());
    let out = f()?;
    let cpu = match (c, cpu_seconds()) {
        (Some(a), Some(b)) => b - a,
        _ => f64::NAN,
    };
    Ok((out, t.elapsed().as_secs_f64(), cpu))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// One epoch from a cell, and through the engine's session directly: (wall, CPU) seconds each.
fn mnist_epoch(
    kernel: &mut Kernel,
    x: &Features,
    y: &Array2<f32>,
) -> Result<[(f64, f64); 2], String> {
    let (cell, engine) = (cell_epoch(kernel, FIT_CELL)?, engine_epoch(x, y)?);
    Ok([cell, engine])
}

fn cell_epoch(kernel: &mut Kernel, cell: &str) -> Result<(f64, f64), String> {
    // A fresh model from the same seed, as the engine's side builds one for each round: a
    // model trained on for more epochs (or on the unscaled bytes) has other ReLU zeros, and
    // the engine skips zeros, so its epochs cost differently.
    run(kernel, MNIST_CELLS[1])?;
    let ((), wall, cpu) = timed(|| run(kernel, cell))?;
    Ok((wall, cpu))
}

/// One epoch of the lesson's model through `FitSession`, as the playground trains.
fn engine_epoch(x: &Features, y: &Array2<f32>) -> Result<(f64, f64), String> {
    let lesson = noriteo_core::lessons::find("mnist-mlp").ok_or("no mnist-mlp lesson")?;
    let mut spec = lesson.setup;
    spec.fit.epochs = 1;
    let plan = spec.plan(None).map_err(|e| format!("{e:?}"))?;
    let mut model = Sequential::from_plan(&plan.model, plan.seed).map_err(|e| e.to_string())?;
    model
        .compile_plan(&plan.compile)
        .map_err(|e| e.to_string())?;
    let ((), engine_wall, engine_cpu) = timed(|| {
        let mut s = FitSession::new(&mut model, x, y, &plan.fit, fit_seed(plan.seed, 0), None)
            .map_err(|e| e.to_string())?;
        s.run(&mut model, x, y, |_| {}).map_err(|e| e.to_string())
    })?;
    Ok((engine_wall, engine_cpu))
}

/// The training images as the playground holds them: one row of 784 bytes per image.
fn pixels(kernel: &mut Kernel) -> Result<Array2<u8>, String> {
    run(
        kernel,
        "(_bench_raw, _), _ = tf.keras.datasets.mnist.load_data()\n_bench_x = _bench_raw.reshape(60000, 784)",
    )?;
    let v = kernel.global("_bench_x").ok_or("no pixels")?;
    let a = NdArray::of(&v).ok_or("not an array")?;
    let m = a
        .to_f32_matrix()
        .map_err(|e| e.message.text(noriteo_core::messages::Lang::En))?;
    Ok(m.mapv(|p| p as u8))
}

fn main() -> Result<(), String> {
    let quick = std::env::args().any(|a| a == "--quick");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let data = root.join("web/data");

    // (b) first: it needs no data.
    let mut k = Kernel::new();
    run(&mut k, LECTURE_CELL)?;
    let runs = if quick { 5 } else { 200 };
    let times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let r = k.run_cell(LECTURE_CELL);
            assert!(r.error.is_none());
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    let lines = LECTURE_CELL.lines().count();
    println!(
        "(b) a {lines}-line lecture cell without fit: median {:.3} ms over {runs} runs (target < 5 ms)",
        median(times)
    );

    // (a)
    if !data.join("mnist-train-images.idx.gz").is_file() {
        return Err(format!(
            "{} has no MNIST: run `cargo xtask serve` or `cargo xtask test` once to build it",
            data.display()
        ));
    }
    let mut k = Kernel::new();
    k.set_file_source(Rc::new(Bundled(data)));
    for cell in MNIST_CELLS {
        run(&mut k, cell)?;
    }
    let x = Features::U8 {
        pixels: pixels(&mut k)?,
        scale: 1.0 / 255.0,
    };
    let y = NdArray::of(&k.global("y_train").ok_or("no y_train")?)
        .ok_or("y_train is not an array")?
        .to_f32_matrix()
        .map_err(|e| e.message.text(noriteo_core::messages::Lang::En))?;
    let rounds = if quick { 1 } else { 3 };
    // The cell's x_train is float64 (`/ 255.0`), which fit turns into float32 rows; the
    // engine on those same float32 rows tells the interpreter's share from the data's.
    let x32 = match &x {
        Features::U8 { pixels, scale } => Features::F32(pixels.mapv(|p| f32::from(p) * scale)),
        Features::F32(a) => Features::F32(a.clone()),
    };
    let mut runs: [Vec<f64>; 8] = Default::default();
    for _ in 0..rounds {
        let [(cw, cc), (ew, ec)] = mnist_epoch(&mut k, &x, &y)?;
        let (fw, fc) = engine_epoch(&x32, &y)?;
        let (bw, bc) = cell_epoch(&mut k, FIT_BYTES_CELL)?;
        for (v, t) in runs.iter_mut().zip([cw, cc, ew, ec, fw, fc, bw, bc]) {
            v.push(t);
        }
    }
    let [cw, cc, ew, ec, fw, fc, bw, bc] = runs.map(median);
    println!("(a) MNIST MLP, one epoch (median of {rounds}; target ≤ 1.1×):");
    println!(
        "    wall clock: from a cell {cw:.2} s, FitSession directly {ew:.2} s, ratio {:.3}×",
        cw / ew
    );
    println!(
        "    CPU time:   from a cell {cc:.2} s, FitSession directly {ec:.2} s, ratio {:.3}×",
        cc / ec
    );
    println!(
        "    FitSession on the cell's float32 rows instead of the bundled bytes: wall {fw:.2} s, \
         CPU {fc:.2} s (the cell / this, CPU: {:.3}×)",
        cc / fc
    );
    println!(
        "    from a cell on the uint8 pixels (no float64 copy): wall {bw:.2} s, CPU {bc:.2} s, \
         ratio to FitSession: wall {:.3}×, CPU {:.3}×",
        bw / ew,
        bc / ec
    );
    Ok(())
}
