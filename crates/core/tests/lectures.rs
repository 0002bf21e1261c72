//! The lecture examples, run natively: each must land where the lecture notes did.

mod support;

use ndarray::Array2;
use noriteo_core::spec::{CompileSpec, EarlyStoppingSpec, FitSpec, LossSpec, OptimizerSpec};
use noriteo_core::{Features, LayerSpec, Loss, Optimizer, OptimizerConfig, Rng, Sequential};

fn fit_spec(epochs: i64, batch_size: i64) -> FitSpec {
    FitSpec {
        epochs,
        batch_size,
        ..Default::default()
    }
}

/// 모두의 딥러닝: gradient descent on study hours → scores, lr 0.03, 2001 epochs, starting
/// from a = b = 0. The least-squares answer is a = 2.3, b = 79; the lecture prints
/// a = 2.3000, b = 78.9999.
#[test]
fn linear_regression_by_gradient_descent() {
    let x = Array2::from_shape_vec((4, 1), vec![2.0, 4.0, 6.0, 8.0]).unwrap();
    let y = Array2::from_shape_vec((4, 1), vec![81.0, 93.0, 91.0, 97.0]).unwrap();
    let mut m = Sequential::new();
    let mut dense = LayerSpec::dense_input(1, "linear", 1);
    if let LayerSpec::Dense(d) = &mut dense {
        d.kernel_initializer = "zeros".into();
    }
    m.add(dense).unwrap();
    let sgd = Optimizer::from_config(&OptimizerConfig {
        name: "sgd".into(),
        learning_rate: Some(0.03),
        ..Default::default()
    })
    .unwrap();
    m.compile(sgd, Loss::MeanSquaredError, &[]).unwrap();
    let spec = FitSpec {
        epochs: 2001,
        batch_size: 4,
        shuffle: false,
        ..Default::default()
    };
    let history = m
        .fit(&Features::F32(x), &y, &spec, 0, None, |_| {})
        .unwrap();
    let w = m.get_weights();
    let (a, b) = (w[0][0], w[1][0]);
    assert!((a - 2.3).abs() < 1e-3, "a = {a}");
    assert!((b - 78.9999).abs() < 1e-3, "b = {b}");
    // The least-squares residual: mean of (81−83.6)², (93−88.2)², (91−92.8)², (97−97.4)² = 8.3.
    let loss = history.last("loss").unwrap();
    assert!((loss - 8.3).abs() < 1e-2, "loss = {loss}");
}

/// Dense(1) with sgd and mse, batch 1, 30 epochs on y = 4X + 0.3·noise: the loss ends
/// near the noise variance, 0.3² = 0.09 (the lecture shows about 0.10).
#[test]
fn linear_regression_by_sgd_reaches_the_noise_floor() {
    let mut rng = Rng::new(7);
    let n = 200;
    let xs: Vec<f32> = (0..n).map(|i| 1.0 + i as f32 / (n - 1) as f32).collect();
    let ys: Vec<f32> = xs.iter().map(|x| 4.0 * x + 0.3 * rng.normal()).collect();
    let x = Array2::from_shape_vec((n, 1), xs).unwrap();
    let y = Array2::from_shape_vec((n, 1), ys).unwrap();
    let mut m = Sequential::with_seed(1);
    m.add(LayerSpec::dense_input(1, "linear", 1)).unwrap();
    m.compile(
        Optimizer::from_name("sgd").unwrap(),
        Loss::MeanSquaredError,
        &[],
    )
    .unwrap();
    let h = m
        .fit(&Features::F32(x), &y, &fit_spec(30, 1), 1, None, |_| {})
        .unwrap();
    let loss = h.last("loss").unwrap();
    assert!((0.06..0.14).contains(&loss), "loss = {loss}");
    let w = m.get_weights();
    assert!((w[0][0] - 4.0).abs() < 0.4, "slope {}", w[0][0]);
}

/// Reads the lecture data file NAME (found by `support`) as rows of numbers.
fn shared_csv(name: &str) -> Vec<Vec<f32>> {
    let bytes = support::dataset(name);
    let text = String::from_utf8(bytes).unwrap_or_else(|e| panic!("{name}: not UTF-8: {e}"));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            l.split(',')
                .map(|v| v.trim().parse::<f32>().unwrap_or(f32::NAN))
                .collect()
        })
        .collect()
}

/// 폐암 수술 환자 생존율: Dense(30, relu, input_dim=17) → Dense(1, sigmoid), adam, binary
/// crossentropy, 100 epochs, batch 10. The lecture prints `model.evaluate(X, Y)` accuracy
/// ≈ 0.85 after training; always answering 0 scores 400/470 = 0.851, which is the honest
/// bar to compare with. Checked over six seeds so that no lucky seed carries the test:
/// every run lands within a point of it and the mean reaches it.
#[test]
fn thoracic_surgery_reaches_the_lecture_accuracy() {
    let rows = shared_csv("ThoraricSurgery.csv");
    assert_eq!(rows.len(), 470);
    let x = Features::F32(Array2::from_shape_fn((470, 17), |(r, c)| rows[r][c]));
    let y = Array2::from_shape_fn((470, 1), |(r, _)| rows[r][17]);
    let mut accuracies = Vec::new();
    for seed in 0..6 {
        let mut m = Sequential::with_seed(seed);
        m.add(LayerSpec::dense_input(30, "relu", 17)).unwrap();
        m.add(LayerSpec::dense(1, "sigmoid")).unwrap();
        m.compile_spec(&CompileSpec {
            optimizer: OptimizerSpec::Name("adam".into()),
            loss: Some(LossSpec::Name("binary_crossentropy".into())),
            metrics: vec!["accuracy".into()],
        })
        .unwrap();
        let h = m
            .fit(&x, &y, &fit_spec(100, 10), seed, None, |_| {})
            .unwrap();
        assert_eq!(h.get("loss").unwrap().len(), 100);
        assert!(
            h.last("loss").unwrap() < 0.6,
            "seed {seed}: loss {:?}",
            h.last("loss")
        );
        let acc = m.evaluate(&x, &y, 32).unwrap()[1].1;
        assert!(acc >= 0.84, "seed {seed}: accuracy {acc}");
        accuracies.push(acc);
    }
    let mean = accuracies.iter().sum::<f32>() / accuracies.len() as f32;
    assert!(mean >= 0.85, "mean accuracy {mean} over {accuracies:?}");
}

fn xor_like(n: usize, seed: u64) -> (Array2<f32>, Array2<f32>) {
    let mut rng = Rng::new(seed);
    let x = Array2::from_shape_fn((n, 2), |_| rng.uniform_range(-1.0, 1.0));
    let y = Array2::from_shape_fn((n, 1), |(r, _)| {
        ((x[[r, 0]] * x[[r, 1]]) > 0.0) as u8 as f32
    });
    (x, y)
}

fn small_classifier(seed: u64) -> Sequential {
    let mut m = Sequential::with_seed(seed);
    m.add(LayerSpec::dense_input(16, "relu", 2)).unwrap();
    m.add(LayerSpec::dropout(0.1)).unwrap();
    m.add(LayerSpec::dense(1, "sigmoid")).unwrap();
    m.compile(
        Optimizer::from_name("adam").unwrap(),
        Loss::BinaryCrossentropy { from_logits: false },
        &["acc"],
    )
    .unwrap();
    m
}

#[test]
fn same_seed_gives_bit_identical_history_and_acc_keeps_its_spelling() {
    let (x, y) = xor_like(200, 1);
    let x = Features::F32(x);
    let spec = FitSpec {
        epochs: 5,
        batch_size: 16,
        validation_split: 0.2,
        ..Default::default()
    };
    let h1 = small_classifier(5)
        .fit(&x, &y, &spec, 9, None, |_| {})
        .unwrap();
    let h2 = small_classifier(5)
        .fit(&x, &y, &spec, 9, None, |_| {})
        .unwrap();
    assert_eq!(h1, h2);
    let keys: Vec<&str> = h1.history.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["loss", "acc", "val_loss", "val_acc"]);
    let h3 = small_classifier(6)
        .fit(&x, &y, &spec, 9, None, |_| {})
        .unwrap();
    assert_ne!(h1.get("loss"), h3.get("loss"));
    let json = serde_json::to_string(&h1).unwrap();
    assert!(json.starts_with("{\"history\":{\"loss\":["), "{json}");
    assert!(json.contains("\"epoch\":[0,1,2,3,4]"), "{json}");
}

#[test]
fn saved_and_reloaded_model_predicts_the_same_bits() {
    let (x, y) = xor_like(100, 2);
    let x = Features::F32(x);
    let mut m = small_classifier(1);
    m.fit(&x, &y, &fit_spec(3, 10), 1, None, |_| {}).unwrap();
    let json = m.to_json();
    assert!(
        json.contains("\"class_name\":\"Sequential\"")
            && json.contains("\"batch_input_shape\":[null,2]"),
        "{json}"
    );
    let weights = m.save_weights();
    let mut back = Sequential::from_json(&json, 99).unwrap();
    back.load_weights(&weights).unwrap();
    assert_eq!(back.save_weights(), weights);
    let p1 = m.predict(&x, 32).unwrap();
    let p2 = back.predict(&x, 32).unwrap();
    assert!(p1
        .iter()
        .zip(p2.iter())
        .all(|(a, b)| a.to_bits() == b.to_bits()));
    assert!(back
        .load_weights(&weights[..weights.len() - 3])
        .unwrap_err()
        .to_string()
        .contains("ends early"));
    let mut other = Sequential::new();
    other.add(LayerSpec::dense_input(3, "relu", 2)).unwrap();
    assert!(other.load_weights(&weights).is_err());
}

#[test]
fn early_stopping_stops_and_restores_the_best_weights() {
    // Memorising 30 noisy labels: validation loss bottoms out early, then rises.
    let (x, y) = xor_like(60, 3);
    let mut rng = Rng::new(4);
    let y = y.mapv(|v| if rng.uniform() < 0.3 { 1.0 - v } else { v });
    let mut m = Sequential::with_seed(2);
    m.add(LayerSpec::dense_input(64, "relu", 2)).unwrap();
    m.add(LayerSpec::dense(64, "relu")).unwrap();
    m.add(LayerSpec::dense(1, "sigmoid")).unwrap();
    let adam = Optimizer::from_config(&OptimizerConfig {
        name: "adam".into(),
        learning_rate: Some(0.02),
        ..Default::default()
    })
    .unwrap();
    m.compile(
        adam,
        Loss::BinaryCrossentropy { from_logits: false },
        &["accuracy"],
    )
    .unwrap();
    let es = EarlyStoppingSpec {
        monitor: "val_loss".into(),
        patience: 5,
        restore_best_weights: true,
        ..Default::default()
    };
    let spec = FitSpec {
        epochs: 500,
        batch_size: 8,
        validation_split: 0.5,
        early_stopping: Some(es),
        ..Default::default()
    };
    let x = Features::F32(x);
    let h = m.fit(&x, &y, &spec, 2, None, |_| {}).unwrap();
    let val = h.get("val_loss").unwrap();
    assert!(val.len() < 500, "ran all epochs");
    let best = val.iter().copied().fold(f32::INFINITY, f32::min);
    let best_at = val.iter().position(|&v| v == best).unwrap();
    assert_eq!(
        val.len(),
        best_at + 6,
        "stops patience epochs after the best"
    );
    // The restored weights give the best validation loss again.
    let xv = x.select_rows(&(30..60).collect::<Vec<_>>());
    let yv = y.select(ndarray::Axis(0), &(30..60).collect::<Vec<_>>());
    let logs = m.evaluate(&xv, &yv, 8).unwrap();
    assert!((logs[0].1 - best).abs() < 1e-5, "{} vs {best}", logs[0].1);
}

#[test]
fn divergence_stops_with_a_message_and_keeps_good_weights() {
    let x = Array2::from_shape_vec((4, 1), vec![2.0, 4.0, 6.0, 8.0]).unwrap();
    let y = Array2::from_shape_vec((4, 1), vec![81.0, 93.0, 91.0, 97.0]).unwrap();
    let mut m = Sequential::new();
    m.add(LayerSpec::dense_input(1, "linear", 1)).unwrap();
    let sgd = Optimizer::from_config(&OptimizerConfig {
        name: "sgd".into(),
        learning_rate: Some(0.5),
        ..Default::default()
    })
    .unwrap();
    m.compile(sgd, Loss::MeanSquaredError, &[]).unwrap();
    let x = Features::F32(x);
    let err = m
        .fit(&x, &y, &fit_spec(1000, 1), 0, None, |_| {})
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("epoch") && err.contains("batch") && err.contains("lower learning rate"),
        "{err}"
    );
    assert!(m.get_weights().iter().flatten().all(|w| w.is_finite()));
    assert!(m.predict(&x, 4).unwrap().iter().all(|v| v.is_finite()));
}

#[test]
fn bad_input_gets_specific_messages() {
    let mut m = Sequential::new();
    m.add(LayerSpec::dense_input(8, "relu", 12)).unwrap();
    m.add(LayerSpec::dense(10, "softmax")).unwrap();
    m.compile(
        Optimizer::from_name("adam").unwrap(),
        Loss::SparseCategoricalCrossentropy { from_logits: false },
        &["accuracy"],
    )
    .unwrap();
    let x13 = Features::F32(Array2::zeros((5, 13)));
    let y = Array2::zeros((5, 1));
    let e = m
        .fit(&x13, &y, &fit_spec(1, 2), 0, None, |_| {})
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("'dense'") && e.contains("(None, 12)") && e.contains("(None, 13)"),
        "{e}"
    );
    let x = Features::F32(Array2::zeros((5, 12)));
    let mut y10 = Array2::zeros((5, 1));
    y10[[3, 0]] = 10.0;
    let e = m
        .fit(&x, &y10, &fit_spec(1, 2), 0, None, |_| {})
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("label 10 at row 3") && e.contains("10 units"),
        "{e}"
    );
    let mut xn = Array2::zeros((5, 12));
    xn[[2, 7]] = f32::NAN;
    let e = m
        .fit(&Features::F32(xn), &y, &fit_spec(1, 2), 0, None, |_| {})
        .unwrap_err()
        .to_string();
    assert!(e.contains("row 2") && e.contains("column 7"), "{e}");
    let e = m
        .fit(
            &Features::F32(Array2::zeros((0, 12))),
            &Array2::zeros((0, 1)),
            &fit_spec(1, 2),
            0,
            None,
            |_| {},
        )
        .unwrap_err();
    assert!(e.to_string().contains("empty"), "{e}");
    let e = m
        .fit(&x, &y, &fit_spec(1, 0), 0, None, |_| {})
        .unwrap_err()
        .to_string();
    assert!(e.contains("batch_size"), "{e}");
    let bad_split = FitSpec {
        validation_split: 1.0,
        ..fit_spec(1, 2)
    };
    assert!(m
        .fit(&x, &y, &bad_split, 0, None, |_| {})
        .unwrap_err()
        .to_string()
        .contains("validation_split"));
    let e = m
        .fit(&x, &Array2::zeros((4, 1)), &fit_spec(1, 2), 0, None, |_| {})
        .unwrap_err()
        .to_string();
    assert!(e.contains("5 rows") && e.contains("4 rows"), "{e}");
    assert!(Sequential::new()
        .add(LayerSpec::dense(0, "relu"))
        .unwrap_err()
        .to_string()
        .contains("units"));
    assert!(Sequential::new()
        .add(LayerSpec::dropout(1.0))
        .unwrap_err()
        .to_string()
        .contains("rate"));
    let e = Sequential::new()
        .add(LayerSpec::dense(3, "sigmod"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("sigmoid") && e.contains("'sigmod'"), "{e}");
}

#[test]
fn stop_ends_the_session_between_batches_and_keeps_weights() {
    let (x, y) = xor_like(100, 5);
    let x = Features::F32(x);
    let mut m = small_classifier(3);
    let plan = fit_spec(50, 10).plan(&[]).unwrap();
    let mut s = noriteo_core::FitSession::new(&mut m, &x, &y, &plan, 0, None).unwrap();
    for _ in 0..3 {
        assert!(!s.step(&mut m, &x, &y).unwrap().done);
    }
    let before = m.get_weights();
    s.stop();
    let o = s.step(&mut m, &x, &y).unwrap();
    assert!(o.done && s.is_done());
    assert_eq!(serde_json::to_value(o.stop_reason).unwrap(), "stopped");
    assert_eq!(m.get_weights(), before);
    assert!(m.predict(&x, 32).is_ok());
}

#[test]
fn progress_lines_look_like_keras() {
    let (x, y) = xor_like(100, 6);
    let mut m = small_classifier(4);
    let mut lines = Vec::new();
    m.fit(&Features::F32(x), &y, &fit_spec(2, 32), 0, None, |o| {
        if let Some(e) = &o.epoch_end {
            lines.push(e.progress_line.clone());
        }
    })
    .unwrap();
    assert_eq!(lines.len(), 2);
    assert!(
        lines[1].starts_with("Epoch 2/2\n4/4 [==============================] - "),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].contains("/step - loss: ") && lines[1].contains(" - acc: "),
        "{}",
        lines[1]
    );
}

#[test]
fn u8_pixels_train_like_their_f32_values() {
    let mut rng = Rng::new(8);
    let pixels = Array2::from_shape_fn((64, 2), |_| (rng.uniform() * 255.0) as u8);
    let y = Array2::from_shape_fn((64, 1), |(r, _)| (pixels[[r, 0]] > 127) as u8 as f32);
    let as_f32 = Features::F32(pixels.mapv(|p| p as f32 / 255.0));
    let as_u8 = Features::U8 {
        pixels,
        scale: 1.0 / 255.0,
    };
    let h1 = small_classifier(2)
        .fit(&as_u8, &y, &fit_spec(3, 8), 0, None, |_| {})
        .unwrap();
    let h2 = small_classifier(2)
        .fit(&as_f32, &y, &fit_spec(3, 8), 0, None, |_| {})
        .unwrap();
    assert_eq!(h1, h2);
}
