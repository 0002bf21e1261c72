//! Metrics as `compile(metrics=[...])` accepts them. `"accuracy"`/`"acc"` is resolved to
//! binary, categorical or sparse-categorical accuracy from the loss and output shape, as
//! Keras does, and the History key keeps the user's spelling (`acc` stays `acc`).
//! Each metric accumulates over an epoch; its value is the mean over samples seen.

use crate::losses::Loss;
use crate::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricKind {
    BinaryAccuracy,
    CategoricalAccuracy,
    SparseCategoricalAccuracy,
    MeanSquaredError,
    MeanAbsoluteError,
    Auc,
    Precision,
    Recall,
    R2Score,
}

/// Keras' AUC default.
pub const AUC_THRESHOLDS: usize = 200;

const NAMES: &[&str] = &[
    "accuracy",
    "acc",
    "binary_accuracy",
    "categorical_accuracy",
    "sparse_categorical_accuracy",
    "mse",
    "mean_squared_error",
    "mae",
    "mean_absolute_error",
    "auc",
    "precision",
    "recall",
    "r2_score",
];

/// A metric with its running totals for the current epoch.
#[derive(Debug, Clone, PartialEq)]
pub struct Metric {
    /// The History key: the user's spelling, lower-cased as Keras names its metric objects.
    pub name: String,
    pub kind: MetricKind,
    sum: f64,
    count: f64,
    // AUC: true/false positives per threshold, and positives/negatives seen.
    tp: Vec<f64>,
    fp: Vec<f64>,
    positives: f64,
    negatives: f64,
    // R²: Σy, Σy², Σ(y−ŷ)².
    sum_y: f64,
    sum_y2: f64,
}

impl Metric {
    /// Resolves a metric name for a model compiled with `loss` whose output has `units`.
    pub fn resolve(name: &str, loss: &Loss, units: usize) -> Result<Metric> {
        let key = name.trim().to_ascii_lowercase();
        let kind = match key.as_str() {
            "accuracy" | "acc" => match loss {
                Loss::BinaryCrossentropy { .. } => MetricKind::BinaryAccuracy,
                Loss::CategoricalCrossentropy { .. } => MetricKind::CategoricalAccuracy,
                Loss::SparseCategoricalCrossentropy { .. } => MetricKind::SparseCategoricalAccuracy,
                // Other losses: Keras decides from the output width.
                _ if units == 1 => MetricKind::BinaryAccuracy,
                _ => MetricKind::CategoricalAccuracy,
            },
            "binary_accuracy" => MetricKind::BinaryAccuracy,
            "categorical_accuracy" => MetricKind::CategoricalAccuracy,
            "sparse_categorical_accuracy" => MetricKind::SparseCategoricalAccuracy,
            "mse" | "mean_squared_error" => MetricKind::MeanSquaredError,
            "mae" | "mean_absolute_error" => MetricKind::MeanAbsoluteError,
            "auc" => MetricKind::Auc,
            "precision" => MetricKind::Precision,
            "recall" => MetricKind::Recall,
            "r2_score" | "r2score" => MetricKind::R2Score,
            _ => {
                return Err(Error::UnknownName {
                    kind: "metric",
                    name: name.to_string(),
                    valid: NAMES.to_vec(),
                })
            }
        };
        let key = if key == "r2score" {
            "r2_score".to_string()
        } else {
            key
        };
        let mut m = Metric {
            name: key,
            kind,
            sum: 0.0,
            count: 0.0,
            tp: Vec::new(),
            fp: Vec::new(),
            positives: 0.0,
            negatives: 0.0,
            sum_y: 0.0,
            sum_y2: 0.0,
        };
        m.reset();
        Ok(m)
    }

    pub fn names() -> Vec<&'static str> {
        NAMES.to_vec()
    }

    /// Forgets the totals (start of an epoch or an evaluation).
    pub fn reset(&mut self) {
        self.sum = 0.0;
        self.count = 0.0;
        self.positives = 0.0;
        self.negatives = 0.0;
        self.sum_y = 0.0;
        self.sum_y2 = 0.0;
        let n = if self.kind == MetricKind::Auc {
            AUC_THRESHOLDS
        } else {
            0
        };
        self.tp = vec![0.0; n];
        self.fp = vec![0.0; n];
    }

    /// Adds a batch: `pred` is rows × cols model output, `y` rows × cols (rows × 1 sparse).
    pub fn update(&mut self, pred: &[f32], y: &[f32], rows: usize, cols: usize) {
        let y_cols = y.len().checked_div(rows).unwrap_or(cols);
        match self.kind {
            MetricKind::BinaryAccuracy => {
                for (&p, &t) in pred.iter().zip(y) {
                    let hit = (p > 0.5) == (t > 0.5);
                    self.sum += hit as u8 as f64;
                }
                self.count += (rows * cols) as f64;
            }
            MetricKind::CategoricalAccuracy | MetricKind::SparseCategoricalAccuracy => {
                for r in 0..rows {
                    let p = &pred[r * cols..(r + 1) * cols];
                    let truth = if y_cols == 1 && cols > 1 {
                        y[r] as usize
                    } else {
                        argmax(&y[r * y_cols..(r + 1) * y_cols])
                    };
                    self.sum += (argmax(p) == truth) as u8 as f64;
                }
                self.count += rows as f64;
            }
            MetricKind::MeanSquaredError | MetricKind::MeanAbsoluteError => {
                for r in 0..rows {
                    let p = &pred[r * cols..(r + 1) * cols];
                    let t = &y[r * cols..(r + 1) * cols];
                    let s: f32 = if self.kind == MetricKind::MeanSquaredError {
                        p.iter().zip(t).map(|(a, b)| (a - b) * (a - b)).sum()
                    } else {
                        p.iter().zip(t).map(|(a, b)| (a - b).abs()).sum()
                    };
                    self.sum += (s / cols as f32) as f64;
                }
                self.count += rows as f64;
            }
            MetricKind::Auc => {
                let thresholds = auc_thresholds();
                for (&p, &t) in pred.iter().zip(y) {
                    let positive = t > 0.5;
                    if positive {
                        self.positives += 1.0;
                    } else {
                        self.negatives += 1.0;
                    }
                    for (i, &th) in thresholds.iter().enumerate() {
                        if p > th {
                            if positive {
                                self.tp[i] += 1.0;
                            } else {
                                self.fp[i] += 1.0;
                            }
                        }
                    }
                }
            }
            MetricKind::Precision | MetricKind::Recall => {
                for (&p, &t) in pred.iter().zip(y) {
                    let predicted = p > 0.5;
                    let actual = t > 0.5;
                    // sum: true positives; count: predicted positives (precision) or actual
                    // positives (recall).
                    if predicted && actual {
                        self.sum += 1.0;
                    }
                    let counts = if self.kind == MetricKind::Precision {
                        predicted
                    } else {
                        actual
                    };
                    if counts {
                        self.count += 1.0;
                    }
                }
            }
            MetricKind::R2Score => {
                for (&p, &t) in pred.iter().zip(y) {
                    self.sum += ((t - p) as f64).powi(2);
                    self.sum_y += t as f64;
                    self.sum_y2 += (t as f64).powi(2);
                    self.count += 1.0;
                }
            }
        }
    }

    /// The metric's value over everything seen since the last reset.
    pub fn result(&self) -> f32 {
        let div = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
        match self.kind {
            MetricKind::Auc => {
                // ROC with Keras' "interpolation" summation: trapezoids between thresholds.
                let tpr: Vec<f64> = self.tp.iter().map(|&tp| div(tp, self.positives)).collect();
                let fpr: Vec<f64> = self.fp.iter().map(|&fp| div(fp, self.negatives)).collect();
                (0..AUC_THRESHOLDS - 1)
                    .map(|i| (fpr[i] - fpr[i + 1]) * (tpr[i] + tpr[i + 1]) / 2.0)
                    .sum::<f64>() as f32
            }
            MetricKind::R2Score => {
                let mean = div(self.sum_y, self.count);
                let total = self.sum_y2 - self.count * mean * mean;
                if total <= 0.0 {
                    0.0
                } else {
                    (1.0 - self.sum / total) as f32
                }
            }
            _ => div(self.sum, self.count) as f32,
        }
    }
}

/// Keras' AUC thresholds: just below 0, 198 evenly spaced inside (0, 1), just above 1.
fn auc_thresholds() -> [f32; AUC_THRESHOLDS] {
    let mut t = [0.0f32; AUC_THRESHOLDS];
    t[0] = -1e-7;
    for (i, v) in t.iter_mut().enumerate().take(AUC_THRESHOLDS - 1).skip(1) {
        *v = i as f32 / (AUC_THRESHOLDS - 1) as f32;
    }
    t[AUC_THRESHOLDS - 1] = 1.0 + 1e-7;
    t
}

/// Index of the largest value; the first one wins ties, as numpy's argmax.
pub fn argmax(v: &[f32]) -> usize {
    let mut best = 0;
    for (i, &x) in v.iter().enumerate() {
        if x > v[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metric(name: &str, loss: Loss, units: usize) -> Metric {
        Metric::resolve(name, &loss, units).unwrap()
    }

    #[test]
    fn accuracy_resolves_like_keras_and_keeps_spelling() {
        let bce = Loss::BinaryCrossentropy { from_logits: false };
        let scce = Loss::SparseCategoricalCrossentropy { from_logits: true };
        assert_eq!(metric("acc", bce, 1).kind, MetricKind::BinaryAccuracy);
        assert_eq!(metric("acc", bce, 1).name, "acc");
        assert_eq!(
            metric("accuracy", scce, 10).kind,
            MetricKind::SparseCategoricalAccuracy
        );
        assert_eq!(
            metric("accuracy", Loss::MeanSquaredError, 3).kind,
            MetricKind::CategoricalAccuracy
        );
        assert_eq!(metric("AUC", bce, 1).name, "auc");
        assert!(Metric::resolve("f1", &bce, 1)
            .unwrap_err()
            .to_string()
            .contains("precision"));
    }

    #[test]
    fn accuracies_count_hits() {
        let mut m = metric(
            "accuracy",
            Loss::BinaryCrossentropy { from_logits: false },
            1,
        );
        m.update(&[0.9, 0.2, 0.6, 0.4], &[1.0, 0.0, 0.0, 0.0], 4, 1);
        assert_eq!(m.result(), 0.75);
        let mut s = metric(
            "accuracy",
            Loss::SparseCategoricalCrossentropy { from_logits: false },
            3,
        );
        s.update(&[0.1, 0.8, 0.1, 0.5, 0.3, 0.2], &[1.0, 2.0], 2, 3);
        assert_eq!(s.result(), 0.5);
        let mut c = metric(
            "accuracy",
            Loss::CategoricalCrossentropy { from_logits: false },
            3,
        );
        c.update(
            &[0.1, 0.8, 0.1, 0.5, 0.3, 0.2],
            &[0., 1., 0., 1., 0., 0.],
            2,
            3,
        );
        assert_eq!(c.result(), 1.0);
        c.reset();
        assert_eq!(c.result(), 0.0);
    }

    #[test]
    fn auc_matches_hand_computed_roc() {
        // Scores separate the classes perfectly → AUC 1; reversed → 0; the textbook
        // example (0.1, 0.4, 0.35, 0.8 for 0,0,1,1) has AUC 0.75.
        let bce = Loss::BinaryCrossentropy { from_logits: false };
        let mut m = metric("auc", bce, 1);
        m.update(&[0.1, 0.4, 0.35, 0.8], &[0., 0., 1., 1.], 4, 1);
        assert!((m.result() - 0.75).abs() < 1e-6, "{}", m.result());
        let mut p = metric("auc", bce, 1);
        p.update(&[0.1, 0.2, 0.8, 0.9], &[0., 0., 1., 1.], 4, 1);
        assert!((p.result() - 1.0).abs() < 1e-6);
    }

    #[test]
    fn precision_recall_r2() {
        let bce = Loss::BinaryCrossentropy { from_logits: false };
        let (pred, y) = ([0.9, 0.8, 0.2, 0.7], [1.0, 0.0, 1.0, 1.0]);
        let mut p = metric("precision", bce, 1);
        p.update(&pred, &y, 4, 1);
        assert!((p.result() - 2.0 / 3.0).abs() < 1e-6);
        let mut r = metric("recall", bce, 1);
        r.update(&pred, &y, 4, 1);
        assert!((r.result() - 2.0 / 3.0).abs() < 1e-6);
        // y = 1,2,3; ŷ = 1,2,4: SS_res 1, SS_tot 2 → R² 0.5.
        let mut r2 = metric("r2_score", Loss::MeanSquaredError, 1);
        r2.update(&[1.0, 2.0, 4.0], &[1.0, 2.0, 3.0], 3, 1);
        assert!((r2.result() - 0.5).abs() < 1e-6);
        let mut mse = metric("mse", Loss::MeanSquaredError, 1);
        mse.update(&[1.0, 2.0, 4.0], &[1.0, 2.0, 3.0], 3, 1);
        assert!((mse.result() - 1.0 / 3.0).abs() < 1e-6);
    }
}
