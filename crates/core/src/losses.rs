//! Loss functions with Keras' names and formulas. Each returns the summed per-sample loss
//! of a batch and, when asked, the gradient of the batch *mean* with respect to the model
//! output: the value Keras reports is the mean over the batch, as `SUM_OVER_BATCH_SIZE`.
//!
//! Keras clips probabilities to [1e-7, 1 − 1e-7] before taking logs; when the output layer
//! ends in sigmoid/softmax, Keras actually computes cross-entropy from the logits behind
//! it, which is what [`Loss::on_logits`] lets the model do too.

use ndarray::ArrayView2;
use serde::{Deserialize, Serialize};

use crate::activations::{log_sum_exp, relu, sigmoid, softmax_row};
use crate::math;
use crate::{Code, Error, Message, Result};

/// Keras' `backend.epsilon()`.
pub const EPSILON: f32 = 1e-7;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "name", rename_all = "snake_case")]
pub enum Loss {
    MeanSquaredError,
    MeanAbsoluteError,
    Huber { delta: f32 },
    BinaryCrossentropy { from_logits: bool },
    CategoricalCrossentropy { from_logits: bool },
    SparseCategoricalCrossentropy { from_logits: bool },
}

const NAMES: &[&str] = &[
    "mse",
    "mean_squared_error",
    "mae",
    "mean_absolute_error",
    "huber",
    "huber_loss",
    "binary_crossentropy",
    "categorical_crossentropy",
    "sparse_categorical_crossentropy",
];

impl Loss {
    /// Looks up a Keras loss name; `from_logits` is ignored by losses that have no logits.
    pub fn from_name(name: &str, from_logits: bool) -> Result<Self> {
        Ok(match name.trim().to_ascii_lowercase().as_str() {
            "mse" | "mean_squared_error" | "meansquarederror" => Loss::MeanSquaredError,
            "mae" | "mean_absolute_error" | "meanabsoluteerror" => Loss::MeanAbsoluteError,
            "huber" | "huber_loss" => Loss::Huber { delta: 1.0 },
            "binary_crossentropy" | "binarycrossentropy" => {
                Loss::BinaryCrossentropy { from_logits }
            }
            "categorical_crossentropy" | "categoricalcrossentropy" => {
                Loss::CategoricalCrossentropy { from_logits }
            }
            "sparse_categorical_crossentropy" | "sparsecategoricalcrossentropy" => {
                Loss::SparseCategoricalCrossentropy { from_logits }
            }
            _ => {
                return Err(Error::UnknownName {
                    kind: "loss",
                    name: name.to_string(),
                    valid: NAMES.to_vec(),
                })
            }
        })
    }

    pub fn names() -> Vec<&'static str> {
        NAMES.to_vec()
    }

    /// Keras' canonical function name.
    pub fn name(&self) -> &'static str {
        match self {
            Loss::MeanSquaredError => "mean_squared_error",
            Loss::MeanAbsoluteError => "mean_absolute_error",
            Loss::Huber { .. } => "huber",
            Loss::BinaryCrossentropy { .. } => "binary_crossentropy",
            Loss::CategoricalCrossentropy { .. } => "categorical_crossentropy",
            Loss::SparseCategoricalCrossentropy { .. } => "sparse_categorical_crossentropy",
        }
    }

    pub fn from_logits(&self) -> bool {
        match self {
            Loss::BinaryCrossentropy { from_logits }
            | Loss::CategoricalCrossentropy { from_logits }
            | Loss::SparseCategoricalCrossentropy { from_logits } => *from_logits,
            _ => false,
        }
    }

    /// The same loss computed from logits, for an output layer whose activation this loss
    /// can absorb (sigmoid for binary, softmax for categorical): exact and never NaN.
    pub fn on_logits(&self, output_activation: crate::Activation) -> Option<Loss> {
        use crate::Activation::{Sigmoid, Softmax};
        match (*self, output_activation) {
            (Loss::BinaryCrossentropy { from_logits: false }, Sigmoid) => {
                Some(Loss::BinaryCrossentropy { from_logits: true })
            }
            (Loss::CategoricalCrossentropy { from_logits: false }, Softmax) => {
                Some(Loss::CategoricalCrossentropy { from_logits: true })
            }
            (Loss::SparseCategoricalCrossentropy { from_logits: false }, Softmax) => {
                Some(Loss::SparseCategoricalCrossentropy { from_logits: true })
            }
            _ => None,
        }
    }

    /// Whether labels are class indices (one column) rather than one value per output.
    pub fn is_sparse(&self) -> bool {
        matches!(self, Loss::SparseCategoricalCrossentropy { .. })
    }

    /// Checks that labels fit this loss and an output layer of `units` units named `layer`.
    pub fn check_labels(&self, y: ArrayView2<f32>, units: usize, layer: &str) -> Result<()> {
        let bad = |message: Message| Err(Error::InvalidLabels { message });
        if self.is_sparse() {
            if y.ncols() != 1 {
                return bad(Message::new(Code::SparseCeLabelColumns).with("columns", y.ncols()));
            }
            for (row, &v) in y.column(0).iter().enumerate() {
                if v < 0.0 || v.fract() != 0.0 || v as usize >= units {
                    return bad(Message::new(Code::SparseLabelNotClass)
                        .with("label", v)
                        .with("row", row)
                        .with("max", units.saturating_sub(1))
                        .with("layer", layer)
                        .with("units", units));
                }
            }
            return Ok(());
        }
        if y.ncols() != units {
            let code = match self {
                Loss::CategoricalCrossentropy { .. } if y.ncols() == 1 => {
                    Code::LabelColumnsVsUnitsSparseHint
                }
                _ => Code::LabelColumnsVsUnits,
            };
            return bad(Message::new(code)
                .with("columns", y.ncols())
                .with("layer", layer)
                .with("units", units));
        }
        if let Loss::BinaryCrossentropy { .. } = self {
            if let Some(((row, _), v)) = y.indexed_iter().find(|(_, v)| !(0.0..=1.0).contains(*v)) {
                return bad(Message::new(Code::BinaryLabelRange)
                    .with("row", row)
                    .with("label", v));
            }
        }
        Ok(())
    }

    /// Sum over the batch of each sample's loss; `grad`, if given, receives ∂(mean)/∂pred.
    /// `pred` is rows × cols; `y` is rows × cols, or rows × 1 for sparse labels.
    pub fn batch(
        &self,
        pred: &[f32],
        y: &[f32],
        rows: usize,
        cols: usize,
        grad: Option<&mut [f32]>,
    ) -> f64 {
        let scale = 1.0 / rows.max(1) as f32;
        let mut total = 0.0f64;
        let mut grad = grad;
        if cols == 1 && self.is_elementwise() {
            // One output per sample (regression, binary classification): the samples' losses
            // are one elementwise pass over the batch, which vectorises, where a call per
            // sample was a tenth of a small model's training step.
            let (p, t) = (&pred[..rows], &y[..rows]);
            let g = grad.map(|g| &mut g[..rows]);
            return self.elementwise(p, t, g, 1.0, scale) as f64;
        }
        for r in 0..rows {
            let p = &pred[r * cols..(r + 1) * cols];
            let g = grad
                .as_deref_mut()
                .map(|g| &mut g[r * cols..(r + 1) * cols]);
            let sample = if self.is_sparse() {
                let class = y[r] as usize;
                self.sparse_sample(p, class.min(cols - 1), g, scale)
            } else {
                self.sample(p, &y[r * cols..(r + 1) * cols], g, scale)
            };
            total += sample as f64;
        }
        total
    }

    /// Whether each output's loss depends on that output alone (not cross-entropy over classes).
    fn is_elementwise(&self) -> bool {
        !matches!(
            self,
            Loss::CategoricalCrossentropy { .. } | Loss::SparseCategoricalCrossentropy { .. }
        )
    }

    /// One sample's loss (a mean over its outputs, as Keras reduces the last axis).
    fn sample(&self, p: &[f32], t: &[f32], g: Option<&mut [f32]>, scale: f32) -> f32 {
        self.elementwise(p, t, g, p.len() as f32, scale)
    }

    /// Σ loss(p_i, t_i) / k, and ∂/∂p_i of it times `scale` into `g`: one sample's loss with
    /// k = its outputs, or for an elementwise loss the sum over samples of one output each
    /// with k = 1.
    fn elementwise(&self, p: &[f32], t: &[f32], g: Option<&mut [f32]>, k: f32, scale: f32) -> f32 {
        match *self {
            Loss::MeanSquaredError => {
                if let Some(g) = g {
                    for ((gi, &pi), &ti) in g.iter_mut().zip(p).zip(t) {
                        *gi = 2.0 * (pi - ti) / k * scale;
                    }
                }
                p.iter().zip(t).map(|(a, b)| (a - b) * (a - b)).sum::<f32>() / k
            }
            Loss::MeanAbsoluteError => {
                if let Some(g) = g {
                    for ((gi, &pi), &ti) in g.iter_mut().zip(p).zip(t) {
                        let e = pi - ti;
                        *gi = if e > 0.0 {
                            1.0
                        } else if e < 0.0 {
                            -1.0
                        } else {
                            0.0
                        } / k
                            * scale;
                    }
                }
                p.iter().zip(t).map(|(a, b)| (a - b).abs()).sum::<f32>() / k
            }
            Loss::Huber { delta } => {
                if let Some(g) = g {
                    for ((gi, &pi), &ti) in g.iter_mut().zip(p).zip(t) {
                        let e = pi - ti;
                        *gi = e.clamp(-delta, delta) / k * scale;
                    }
                }
                p.iter()
                    .zip(t)
                    .map(|(a, b)| {
                        let e = (a - b).abs();
                        if e <= delta {
                            0.5 * e * e
                        } else {
                            delta * e - 0.5 * delta * delta
                        }
                    })
                    .sum::<f32>()
                    / k
            }
            Loss::BinaryCrossentropy { from_logits: true } => {
                // tf.nn.sigmoid_cross_entropy_with_logits: max(z,0) − z·y + log(1 + e^−|z|).
                if let Some(g) = g {
                    for ((gi, &z), &y) in g.iter_mut().zip(p).zip(t) {
                        *gi = (sigmoid(z) - y) / k * scale;
                    }
                }
                p.iter()
                    .zip(t)
                    .map(|(&z, &y)| relu(z) - z * y + math::ln_1p(math::exp(-z.abs())))
                    .sum::<f32>()
                    / k
            }
            Loss::BinaryCrossentropy { from_logits: false } => {
                if let Some(g) = g {
                    for ((gi, &pi), &y) in g.iter_mut().zip(p).zip(t) {
                        let clipped = !(EPSILON..=1.0 - EPSILON).contains(&pi);
                        let c = pi.clamp(EPSILON, 1.0 - EPSILON);
                        *gi = if clipped {
                            0.0
                        } else {
                            -(y / (c + EPSILON) - (1.0 - y) / (1.0 - c + EPSILON)) / k * scale
                        };
                    }
                }
                p.iter()
                    .zip(t)
                    .map(|(&pi, &y)| {
                        let c = pi.clamp(EPSILON, 1.0 - EPSILON);
                        -(y * (c + EPSILON).ln() + (1.0 - y) * (1.0 - c + EPSILON).ln())
                    })
                    .sum::<f32>()
                    / k
            }
            Loss::CategoricalCrossentropy { from_logits: true } => {
                let lse = log_sum_exp(p);
                let t_sum: f32 = t.iter().sum();
                if let Some(g) = g {
                    softmax_row(p, g);
                    for (gi, &ti) in g.iter_mut().zip(t) {
                        *gi = (*gi * t_sum - ti) * scale;
                    }
                }
                p.iter().zip(t).map(|(&z, &ti)| ti * (lse - z)).sum()
            }
            Loss::CategoricalCrossentropy { from_logits: false } => {
                // Keras normalises each row to sum 1, then clips, then −Σ t·log p.
                let s: f32 = p.iter().sum::<f32>().max(f32::MIN_POSITIVE);
                let unclipped = |v: f32| (EPSILON..=1.0 - EPSILON).contains(&v);
                if let Some(g) = g {
                    let coupled: f32 = p
                        .iter()
                        .zip(t)
                        .filter(|(&pi, _)| unclipped(pi / s))
                        .map(|(_, &ti)| ti)
                        .sum();
                    for ((gi, &pi), &ti) in g.iter_mut().zip(p).zip(t) {
                        let q = pi / s;
                        let own = if unclipped(q) { ti / q } else { 0.0 };
                        *gi = (coupled - own) / s * scale;
                    }
                }
                p.iter()
                    .zip(t)
                    .map(|(&pi, &ti)| -ti * (pi / s).clamp(EPSILON, 1.0 - EPSILON).ln())
                    .sum()
            }
            Loss::SparseCategoricalCrossentropy { .. } => unreachable_sparse(),
        }
    }

    fn sparse_sample(&self, p: &[f32], class: usize, g: Option<&mut [f32]>, scale: f32) -> f32 {
        if self.from_logits() {
            let lse = log_sum_exp(p);
            if let Some(g) = g {
                softmax_row(p, g);
                g.iter_mut().for_each(|v| *v *= scale);
                g[class] -= scale;
            }
            lse - p[class]
        } else {
            let mut onehot = vec![0.0; p.len()];
            onehot[class] = 1.0;
            Loss::CategoricalCrossentropy { from_logits: false }.sample(p, &onehot, g, scale)
        }
    }
}

/// `sample` is never called for sparse labels (`batch` routes them to `sparse_sample`);
/// answering NaN rather than panicking keeps the API panic-free even if that changes.
fn unreachable_sparse() -> f32 {
    f32::NAN
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn mean(loss: Loss, p: &[f32], y: &[f32], rows: usize) -> f32 {
        (loss.batch(p, y, rows, p.len() / rows, None) / rows as f64) as f32
    }

    #[test]
    fn hand_computed_values() {
        // MSE of rows [1,2]→[0,0] and [3,5]→[1,1]: (1+4)/2 = 2.5 and (4+16)/2 = 10; mean 6.25.
        assert_eq!(
            mean(
                Loss::MeanSquaredError,
                &[1., 2., 3., 5.],
                &[0., 0., 1., 1.],
                2
            ),
            6.25
        );
        assert_eq!(mean(Loss::MeanAbsoluteError, &[1., -2.], &[0., 0.], 1), 1.5);
        // Huber δ=1: e=0.5 → 0.125; e=3 → 3 − 0.5 = 2.5.
        assert_eq!(
            mean(Loss::Huber { delta: 1.0 }, &[0.5, 3.0], &[0., 0.], 1),
            1.3125
        );
        let bce = mean(
            Loss::BinaryCrossentropy { from_logits: false },
            &[0.8],
            &[1.0],
            1,
        );
        assert!((bce - (-(0.8f32 + 1e-7).ln())).abs() < 1e-6);
        let cce = mean(
            Loss::CategoricalCrossentropy { from_logits: false },
            &[0.2, 0.7, 0.1],
            &[0., 1., 0.],
            1,
        );
        assert!((cce + 0.7f32.ln()).abs() < 1e-6);
        let scce = mean(
            Loss::SparseCategoricalCrossentropy { from_logits: true },
            &[1.0, 2.0, 3.0],
            &[2.0],
            1,
        );
        let expected = (1f32.exp() + 2f32.exp() + 3f32.exp()).ln() - 3.0;
        assert!((scce - expected).abs() < 1e-6);
    }

    #[test]
    fn extreme_logits_and_probabilities_never_give_nan() {
        let bce = Loss::BinaryCrossentropy { from_logits: true };
        for z in [-1e4f32, 1e4, 0.0] {
            let mut g = [0.0];
            let l = bce.batch(&[z], &[1.0], 1, 1, Some(&mut g));
            assert!(l.is_finite() && g[0].is_finite());
        }
        let cce = Loss::CategoricalCrossentropy { from_logits: true };
        let mut g = [0.0; 3];
        let l = cce.batch(&[1e4, -1e4, 0.0], &[0., 1., 0.], 1, 3, Some(&mut g));
        assert!((l - 2e4).abs() < 1.0 && g.iter().all(|v| v.is_finite()));
        // Probabilities of exactly 0 and 1 are clipped to 1e-7, as Keras does: −log(1e-7 + 1e-7).
        let p = Loss::BinaryCrossentropy { from_logits: false };
        let l = p.batch(&[0.0], &[1.0], 1, 1, None);
        assert!((l - 15.424948).abs() < 1e-3, "{l}");
    }

    /// Finite differences in f64 for every loss, probabilities kept inside the clip range.
    #[test]
    fn gradients_match_finite_differences() {
        let losses = [
            (Loss::MeanSquaredError, false),
            (Loss::MeanAbsoluteError, false),
            (Loss::Huber { delta: 1.0 }, false),
            (Loss::BinaryCrossentropy { from_logits: true }, false),
            (Loss::BinaryCrossentropy { from_logits: false }, false),
            (Loss::CategoricalCrossentropy { from_logits: true }, false),
            (Loss::CategoricalCrossentropy { from_logits: false }, false),
            (
                Loss::SparseCategoricalCrossentropy { from_logits: true },
                true,
            ),
            (
                Loss::SparseCategoricalCrossentropy { from_logits: false },
                true,
            ),
        ];
        let pred = [0.2f32, 0.5, 0.3, 0.6, 0.15, 0.25];
        let dense_y = [0.0f32, 1.0, 0.0, 1.0, 0.0, 0.0];
        let sparse_y = [1.0f32, 0.0];
        for (loss, sparse) in losses {
            let y: &[f32] = if sparse { &sparse_y } else { &dense_y };
            let mut g = [0.0f32; 6];
            loss.batch(&pred, y, 2, 3, Some(&mut g));
            for i in 0..6 {
                let h = 1e-3;
                let mut a = pred;
                a[i] += h;
                let mut b = pred;
                b[i] -= h;
                let numeric = (loss.batch(&a, y, 2, 3, None) - loss.batch(&b, y, 2, 3, None))
                    / 2.0
                    / (2.0 * h as f64);
                assert!(
                    (numeric - g[i] as f64).abs() < 2e-3 * (1.0 + numeric.abs()),
                    "{loss:?} [{i}]: analytic {} numeric {numeric}",
                    g[i]
                );
            }
        }
    }

    /// One output per sample takes a whole-batch pass: the same losses and gradients as
    /// one sample at a time.
    #[test]
    fn one_output_batches_match_sample_by_sample() {
        let pred = [0.2f32, 0.9, 0.35, 0.6, 0.05, 0.7];
        let y = [0.0f32, 1.0, 1.0, 0.0, 0.0, 1.0];
        let rows = pred.len();
        for loss in [
            Loss::MeanSquaredError,
            Loss::MeanAbsoluteError,
            Loss::Huber { delta: 0.25 },
            Loss::BinaryCrossentropy { from_logits: true },
            Loss::BinaryCrossentropy { from_logits: false },
        ] {
            let mut g = [0.0f32; 6];
            let total = loss.batch(&pred, &y, rows, 1, Some(&mut g));
            let mut one_by_one = 0.0;
            for r in 0..rows {
                let mut gr = [0.0f32];
                one_by_one += loss.batch(&pred[r..=r], &y[r..=r], 1, 1, Some(&mut gr));
                // The batch's gradient is of its mean: 1/rows of each sample's own.
                let want = gr[0] / rows as f32;
                assert!(
                    (g[r] - want).abs() <= 1e-7,
                    "{loss:?} row {r}: {} vs {want}",
                    g[r]
                );
            }
            assert!(
                (total - one_by_one).abs() < 1e-5,
                "{loss:?}: {total} vs {one_by_one}"
            );
        }
    }

    #[test]
    fn label_checks_name_the_problem() {
        let sc = Loss::SparseCategoricalCrossentropy { from_logits: false };
        let err = sc
            .check_labels(array![[3.0], [10.0]].view(), 10, "dense_1")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("label 10 at row 1")
                && err.contains("dense_1")
                && err.contains("10 units"),
            "{err}"
        );
        let cc = Loss::CategoricalCrossentropy { from_logits: false };
        let err = cc
            .check_labels(array![[1.0], [2.0]].view(), 3, "dense_2")
            .unwrap_err()
            .to_string();
        assert!(err.contains("sparse_categorical_crossentropy"), "{err}");
        assert!(Loss::from_name("crossentropy", false)
            .unwrap_err()
            .to_string()
            .contains("binary_crossentropy"));
    }
}
