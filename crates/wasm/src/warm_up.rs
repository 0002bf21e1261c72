//! Browsers run a new wasm module through a quick baseline compiler first and optimise a
//! function only after it has run for a while. Without a warm-up, a learner's first Train ran
//! at about a third of full speed for its first ~100 ms (the whole of a small lesson), and
//! MNIST's first epoch ran slower than later ones. The worker calls this in short slices for
//! about half a second once the page is idle after loading its first data set.

use ndarray::Array2;
use noriteo_core::spec::FitSpec;
use noriteo_core::{Features, FitSession, LayerSpec, Loss, Optimizer, Rng, Sequential};
use wasm_bindgen::prelude::*;

use crate::engine::now_ms;

/// Trains two throwaway models on made-up data for about `budget_ms`: an image-shaped one
/// (sparse u8 pixels, relu, softmax) and a tabular one (f32 columns, relu, sigmoid), both with Adam,
/// which between them run every hot loop of a lesson. Nothing of them is kept.
#[wasm_bindgen]
pub fn warm_up(budget_ms: f64) {
    let start = now_ms();
    let mut rng = Rng::new(7);
    // Four pixels in five dark, as in MNIST, so that the first layer takes the sparse
    // products (crates/core/src/linalg/sparse.rs) as a lesson's does.
    let pixels = Features::U8 {
        pixels: Array2::from_shape_fn((256, 64), |_| {
            if rng.uniform() < 0.8 {
                0
            } else {
                (rng.uniform() * 255.0) as u8
            }
        }),
        scale: 1.0 / 255.0,
    };
    let digits = Array2::from_shape_fn((256, 1), |_| rng.below(10) as f32);
    let columns = Features::F32(Array2::from_shape_fn((100, 17), |_| rng.uniform()));
    let labels = Array2::from_shape_fn((100, 1), |_| (rng.uniform() < 0.5) as u8 as f32);
    let image = (
        [
            LayerSpec::dense_input(64, "relu", 64),
            LayerSpec::dense(10, "softmax"),
        ],
        Loss::SparseCategoricalCrossentropy { from_logits: false },
        32,
    );
    let table = (
        [
            LayerSpec::dense_input(30, "relu", 17),
            LayerSpec::dense(1, "sigmoid"),
        ],
        Loss::BinaryCrossentropy { from_logits: false },
        10,
    );
    let half = budget_ms / 2.0;
    let _ = train_for(image, &pixels, &digits, start + half);
    let _ = train_for(table, &columns, &labels, start + budget_ms);
}

fn train_for(
    (layers, loss, batch_size): ([LayerSpec; 2], Loss, i64),
    x: &Features,
    y: &Array2<f32>,
    until_ms: f64,
) -> noriteo_core::Result<()> {
    let mut model = Sequential::with_seed(1);
    for layer in layers {
        model.add(layer)?;
    }
    model.compile(Optimizer::from_name("adam")?, loss, &["accuracy"])?;
    let spec = FitSpec {
        epochs: 1_000,
        batch_size,
        ..Default::default()
    };
    let mut session = FitSession::new(&mut model, x, y, &spec.plan(&[])?, 1, None)?;
    while now_ms() < until_ms && !session.is_done() {
        session.step(&mut model, x, y)?;
    }
    model.evaluate(x, y, batch_size as usize)?;
    Ok(())
}
