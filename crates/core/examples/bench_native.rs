//! Native training speed (a benchmark, not a test): steps per second for the lessons'
//! two typical models. `cargo run --release -p noriteo-core --example bench_native`
//! Prints one JSON line per workload after the table, for `cargo xtask bench`.

use std::time::Instant;

use ndarray::Array2;
use noriteo_core::spec::FitSpec;
use noriteo_core::{Features, FitSession, LayerSpec, Loss, Optimizer, Rng, Sequential};

struct Workload {
    name: &'static str,
    layers: Vec<LayerSpec>,
    inputs: usize,
    classes: usize,
    rows: usize,
    batch: i64,
    steps: usize,
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let workloads = [
        Workload {
            name: "tabular 17-30-1, batch 10",
            layers: vec![
                LayerSpec::dense_input(30, "relu", 17),
                LayerSpec::dense(1, "sigmoid"),
            ],
            inputs: 17,
            classes: 1,
            rows: 470,
            batch: 10,
            steps: if quick { 2_000 } else { 20_000 },
        },
        Workload {
            name: "mnist-mlp 784-128-10, batch 32",
            layers: vec![
                LayerSpec::dense_input(128, "relu", 784),
                LayerSpec::dense(10, "softmax"),
            ],
            inputs: 784,
            classes: 10,
            rows: 6_400,
            batch: 32,
            steps: if quick { 200 } else { 1_875 },
        },
    ];
    println!(
        "{:<34} {:>10} {:>12} {:>14} {:>10}",
        "workload", "steps", "seconds", "steps/s", "GFLOP/s"
    );
    for w in workloads {
        let mut rng = Rng::new(1);
        let x = Features::U8 {
            pixels: Array2::from_shape_fn((w.rows, w.inputs), |_| (rng.uniform() * 255.0) as u8),
            scale: 1.0 / 255.0,
        };
        let y = if w.classes == 1 {
            Array2::from_shape_fn((w.rows, 1), |_| (rng.uniform() < 0.5) as u8 as f32)
        } else {
            Array2::from_shape_fn((w.rows, 1), |_| rng.below(w.classes) as f32)
        };
        let loss = if w.classes == 1 {
            Loss::BinaryCrossentropy { from_logits: false }
        } else {
            Loss::SparseCategoricalCrossentropy { from_logits: false }
        };
        let mut m = Sequential::with_seed(1);
        for l in w.layers {
            m.add(l).unwrap();
        }
        m.compile(Optimizer::from_name("adam").unwrap(), loss, &["accuracy"])
            .unwrap();
        let spec = FitSpec {
            epochs: 100_000,
            batch_size: w.batch,
            ..Default::default()
        };
        let mut s = FitSession::new(&mut m, &x, &y, &spec, 1, None).unwrap();
        // Warm up caches and buffers before timing.
        for _ in 0..20 {
            s.step(&mut m, &x, &y).unwrap();
        }
        let start = Instant::now();
        for _ in 0..w.steps {
            s.step(&mut m, &x, &y).unwrap();
        }
        let secs = start.elapsed().as_secs_f64();
        // Forward 2·b·params, backward about twice that (no input gradient for the first layer).
        let params = m.count_params() as f64;
        let flops = 6.0 * w.batch as f64 * params * w.steps as f64;
        println!(
            "{:<34} {:>10} {:>12.3} {:>14.0} {:>10.2}",
            w.name,
            w.steps,
            secs,
            w.steps as f64 / secs,
            flops / secs / 1e9
        );
        println!(
            "JSON {{\"workload\":\"{}\",\"engine\":\"noriteo-native\",\"steps\":{},\"seconds\":{:.6},\"steps_per_s\":{:.1},\"gflops\":{:.3}}}",
            w.name,
            w.steps,
            secs,
            w.steps as f64 / secs,
            flops / secs / 1e9
        );
    }
}
