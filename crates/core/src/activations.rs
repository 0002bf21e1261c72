//! Activation functions as Keras names them, each written as its forward value and its
//! derivative side by side, so the chain rule is visible where it is applied.

use serde::{Deserialize, Serialize};

use crate::{math, Error, Result};

/// Every activation a `Dense` or `Activation` layer can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    Linear,
    Relu,
    LeakyRelu,
    Elu,
    Selu,
    Gelu,
    Sigmoid,
    HardSigmoid,
    Tanh,
    Softmax,
    Softplus,
    Softsign,
    Swish,
    Exponential,
}

/// Keras' string names; `silu` is Keras' other name for swish, `None` in Keras means linear.
const NAMES: &[(&str, Activation)] = &[
    ("linear", Activation::Linear),
    ("relu", Activation::Relu),
    ("leaky_relu", Activation::LeakyRelu),
    ("elu", Activation::Elu),
    ("selu", Activation::Selu),
    ("gelu", Activation::Gelu),
    ("sigmoid", Activation::Sigmoid),
    ("hard_sigmoid", Activation::HardSigmoid),
    ("tanh", Activation::Tanh),
    ("softmax", Activation::Softmax),
    ("softplus", Activation::Softplus),
    ("softsign", Activation::Softsign),
    ("swish", Activation::Swish),
    ("silu", Activation::Swish),
    ("exponential", Activation::Exponential),
];

/// Keras' `leaky_relu` default negative slope.
pub const LEAKY_RELU_SLOPE: f32 = 0.2;
const SELU_ALPHA: f32 = 1.673_263_2;
const SELU_SCALE: f32 = 1.050_701;

impl Activation {
    /// Looks up a Keras name (`"relu"`, `"softmax"`, ...); `""` and `"none"` mean linear.
    pub fn from_name(name: &str) -> Result<Self> {
        let key = name.trim().to_ascii_lowercase();
        if key.is_empty() || key == "none" {
            return Ok(Activation::Linear);
        }
        NAMES
            .iter()
            .find(|(n, _)| *n == key)
            .map(|(_, a)| *a)
            .ok_or_else(|| Error::UnknownName {
                kind: "activation",
                name: name.to_string(),
                valid: Self::names(),
            })
    }

    /// All names a user may type, for error messages and the UI's select box.
    pub fn names() -> Vec<&'static str> {
        NAMES.iter().map(|(n, _)| *n).collect()
    }

    pub fn name(self) -> &'static str {
        NAMES
            .iter()
            .find(|(_, a)| *a == self)
            .map(|(n, _)| *n)
            .unwrap_or("linear")
    }

    /// Whether the function mixes the values of a row (only softmax does).
    pub fn is_rowwise(self) -> bool {
        self == Activation::Softmax
    }

    /// f(x) for one value; softmax is not elementwise, use [`Activation::forward`].
    pub fn value(self, x: f32) -> f32 {
        match self {
            Activation::Linear | Activation::Softmax => x,
            Activation::Relu => relu(x),
            Activation::LeakyRelu => {
                if x > 0.0 {
                    x
                } else {
                    LEAKY_RELU_SLOPE * x
                }
            }
            Activation::Elu => {
                if x > 0.0 {
                    x
                } else {
                    x.exp_m1()
                }
            }
            Activation::Selu => {
                if x > 0.0 {
                    SELU_SCALE * x
                } else {
                    SELU_SCALE * SELU_ALPHA * x.exp_m1()
                }
            }
            Activation::Gelu => 0.5 * x * (1.0 + erf(x / std::f32::consts::SQRT_2)),
            Activation::Sigmoid => sigmoid(x),
            // tf.keras 2: a piecewise-linear sigmoid, clip(0.2x + 0.5, 0, 1).
            Activation::HardSigmoid => (0.2 * x + 0.5).clamp(0.0, 1.0),
            Activation::Tanh => x.tanh(),
            Activation::Softplus => softplus(x),
            Activation::Softsign => x / (1.0 + x.abs()),
            Activation::Swish => x * sigmoid(x),
            Activation::Exponential => math::exp(x),
        }
    }

    /// f'(x) for one value, given x and y = f(x) (some derivatives are cheapest from y).
    pub fn derivative(self, x: f32, y: f32) -> f32 {
        match self {
            Activation::Linear | Activation::Softmax => 1.0,
            Activation::Relu => {
                if x > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::LeakyRelu => {
                if x > 0.0 {
                    1.0
                } else {
                    LEAKY_RELU_SLOPE
                }
            }
            Activation::Elu => {
                if x > 0.0 {
                    1.0
                } else {
                    y + 1.0
                }
            }
            Activation::Selu => {
                if x > 0.0 {
                    SELU_SCALE
                } else {
                    y + SELU_SCALE * SELU_ALPHA
                }
            }
            Activation::Gelu => {
                let cdf = 0.5 * (1.0 + erf(x / std::f32::consts::SQRT_2));
                let pdf = (-0.5 * x * x).exp() / (2.0 * std::f32::consts::PI).sqrt();
                cdf + x * pdf
            }
            Activation::Sigmoid => y * (1.0 - y),
            Activation::HardSigmoid => {
                if (-2.5..=2.5).contains(&x) {
                    0.2
                } else {
                    0.0
                }
            }
            Activation::Tanh => 1.0 - y * y,
            Activation::Softplus => sigmoid(x),
            Activation::Softsign => {
                let d = 1.0 + x.abs();
                1.0 / (d * d)
            }
            Activation::Swish => {
                let s = sigmoid(x);
                s + x * s * (1.0 - s)
            }
            Activation::Exponential => y,
        }
    }

    /// y = f(z) for a batch stored row-major with `cols` values per row.
    pub fn forward(self, z: &[f32], y: &mut [f32], cols: usize) {
        match self {
            Activation::Linear => y.copy_from_slice(z),
            Activation::Relu => y.iter_mut().zip(z).for_each(|(o, &x)| *o = relu(x)),
            Activation::Sigmoid => y.iter_mut().zip(z).for_each(|(o, &x)| *o = sigmoid(x)),
            Activation::Softmax => {
                for (zr, yr) in z.chunks_exact(cols).zip(y.chunks_exact_mut(cols)) {
                    softmax_row(zr, yr);
                }
            }
            _ => y.iter_mut().zip(z).for_each(|(o, &x)| *o = self.value(x)),
        }
    }

    /// dz = f'(z) ⊙ dy, or for softmax the row Jacobian product y ⊙ (dy − Σ dy·y).
    pub fn backward(self, z: &[f32], y: &[f32], dy: &[f32], dz: &mut [f32], cols: usize) {
        match self {
            Activation::Linear => dz.copy_from_slice(dy),
            Activation::Relu => {
                for ((d, &g), &x) in dz.iter_mut().zip(dy).zip(z) {
                    *d = if x > 0.0 { g } else { 0.0 };
                }
            }
            Activation::Softmax => {
                for ((yr, gr), dr) in y
                    .chunks_exact(cols)
                    .zip(dy.chunks_exact(cols))
                    .zip(dz.chunks_exact_mut(cols))
                {
                    let dot: f32 = yr.iter().zip(gr).map(|(a, b)| a * b).sum();
                    for ((d, &yv), &g) in dr.iter_mut().zip(yr).zip(gr) {
                        *d = yv * (g - dot);
                    }
                }
            }
            _ => {
                for (((d, &g), &x), &yv) in dz.iter_mut().zip(dy).zip(z).zip(y) {
                    *d = g * self.derivative(x, yv);
                }
            }
        }
    }
}

/// max(x, 0) as a comparison: `f32::max` must ignore NaN, which SIMD128's max does not, so
/// in wasm a loop of it ran a value at a time; this one compiles to a vector compare.
#[inline(always)]
pub fn relu(x: f32) -> f32 {
    if x > 0.0 {
        x
    } else {
        0.0
    }
}

/// 1 / (1 + e^-x). One formula with no branch, so that loops of it vectorise: for very
/// negative x, e^-x is +∞ and the result 0; for very positive x, 1.
#[inline]
pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + math::exp(-x))
}

/// log(1 + e^x) without overflow: max(x, 0) + log1p(e^-|x|).
pub fn softplus(x: f32) -> f32 {
    relu(x) + math::ln_1p(math::exp(-x.abs()))
}

/// Softmax of one row, shifted by the row's maximum so that exp never overflows.
pub fn softmax_row(z: &[f32], y: &mut [f32]) {
    let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for (o, &x) in y.iter_mut().zip(z) {
        *o = math::exp(x - max);
        sum += *o;
    }
    let inv = 1.0 / sum;
    y.iter_mut().for_each(|o| *o *= inv);
}

/// log Σ e^z of one row, stable for any logits.
pub fn log_sum_exp(z: &[f32]) -> f32 {
    let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    if !max.is_finite() {
        return max;
    }
    max + z.iter().map(|&x| math::exp(x - max)).sum::<f32>().ln()
}

/// The error function (Rust's std has none). Abramowitz–Stegun 7.1.26 in f64, whose
/// 1.5e-7 absolute error is below f32's resolution near the values GELU uses.
pub fn erf(x: f32) -> f32 {
    let x = x as f64;
    let sign = if x < 0.0 { -1.0 } else { 1.0 };
    let x = x.abs();
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    (sign * (1.0 - poly * (-x * x).exp())) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Activation; 14] = [
        Activation::Linear,
        Activation::Relu,
        Activation::LeakyRelu,
        Activation::Elu,
        Activation::Selu,
        Activation::Gelu,
        Activation::Sigmoid,
        Activation::HardSigmoid,
        Activation::Tanh,
        Activation::Softmax,
        Activation::Softplus,
        Activation::Softsign,
        Activation::Swish,
        Activation::Exponential,
    ];

    #[test]
    fn names_round_trip_and_unknown_lists_valid() {
        for a in ALL {
            assert_eq!(Activation::from_name(a.name()).unwrap(), a);
        }
        assert_eq!(Activation::from_name("silu").unwrap(), Activation::Swish);
        assert_eq!(Activation::from_name("ReLU").unwrap(), Activation::Relu);
        let err = Activation::from_name("rleu").unwrap_err().to_string();
        assert!(
            err.contains("rleu") && err.contains("relu") && err.contains("softmax"),
            "{err}"
        );
    }

    #[test]
    fn known_values() {
        assert_eq!(Activation::Relu.value(-3.0), 0.0);
        assert!((Activation::Sigmoid.value(0.0) - 0.5).abs() < 1e-7);
        assert!((Activation::Gelu.value(1.0) - 0.841_344_7).abs() < 1e-6);
        assert!((Activation::Selu.value(1.0) - 1.050_701).abs() < 1e-6);
        assert!((Activation::Elu.value(-1.0) - (-0.632_120_56)).abs() < 1e-6);
        assert!((Activation::Softplus.value(0.0) - std::f32::consts::LN_2).abs() < 1e-7);
        assert!((Activation::Swish.value(1.0) - 0.731_058_6).abs() < 1e-6);
        assert_eq!(Activation::HardSigmoid.value(1.0), 0.7);
        assert_eq!(Activation::LeakyRelu.value(-1.0), -0.2);
        assert!((erf(0.5) - 0.520_499_9).abs() < 1e-6);
        // No overflow at extreme inputs.
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid(1000.0), 1.0);
        assert_eq!(softplus(1000.0), 1000.0);
    }

    #[test]
    fn softmax_rows_sum_to_one_even_for_huge_logits() {
        let z = [1000.0, 1001.0, 999.0, -5.0, 0.0, 5.0];
        let mut y = [0.0; 6];
        Activation::Softmax.forward(&z, &mut y, 3);
        for row in y.chunks(3) {
            assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-6);
            assert!(row.iter().all(|v| v.is_finite()));
        }
        assert!((log_sum_exp(&[1000.0, 1000.0]) - (1000.0 + std::f32::consts::LN_2)).abs() < 1e-3);
    }

    /// Central differences in f64 against the analytic backward pass, for every activation,
    /// at points away from kinks (relu's 0, hard_sigmoid's ±2.5).
    #[test]
    fn backward_matches_finite_differences() {
        let z = [-1.7f32, -0.3, 0.4, 1.3, 2.1, -2.2];
        let dy = [0.3f32, -1.1, 0.7, 0.2, -0.5, 0.9];
        let cols = 3;
        for a in ALL {
            let mut y = [0.0; 6];
            a.forward(&z, &mut y, cols);
            let mut dz = [0.0; 6];
            a.backward(&z, &y, &dy, &mut dz, cols);
            let objective = |zz: &[f32]| -> f64 {
                let mut out = [0.0f32; 6];
                a.forward(zz, &mut out, cols);
                out.iter()
                    .zip(&dy)
                    .map(|(o, g)| *o as f64 * *g as f64)
                    .sum()
            };
            for i in 0..6 {
                let h = 1e-3f32;
                let mut plus = z;
                plus[i] += h;
                let mut minus = z;
                minus[i] -= h;
                let numeric = (objective(&plus) - objective(&minus)) / (2.0 * h as f64);
                let tol = 2e-3 * (1.0 + numeric.abs());
                assert!(
                    (numeric - dz[i] as f64).abs() < tol,
                    "{:?} at {}: analytic {} numeric {}",
                    a,
                    z[i],
                    dz[i],
                    numeric
                );
            }
        }
    }
}
