//! The layers of a `Sequential` model. Each layer owns its output buffer and the gradients
//! of its own weights; samples are rows of row-major `f32` buffers.

mod activation;
mod dense;
mod dropout;
mod flatten;

pub use activation::ActivationLayer;
pub use dense::Dense;
pub use dropout::Dropout;
pub use flatten::Flatten;

use crate::{Activation, Rng};

#[derive(Debug, Clone, PartialEq)]
pub enum Layer {
    Dense(Dense),
    Dropout(Dropout),
    Flatten(Flatten),
    Activation(ActivationLayer),
}

impl Layer {
    pub fn name(&self) -> &str {
        match self {
            Layer::Dense(l) => &l.name,
            Layer::Dropout(l) => &l.name,
            Layer::Flatten(l) => &l.name,
            Layer::Activation(l) => &l.name,
        }
    }

    /// Keras' class name, as `summary()` and `to_json` show it.
    pub fn class_name(&self) -> &'static str {
        match self {
            Layer::Dense(_) => "Dense",
            Layer::Dropout(_) => "Dropout",
            Layer::Flatten(_) => "Flatten",
            Layer::Activation(_) => "Activation",
        }
    }

    /// The shape of one output sample, e.g. `[128]`.
    pub fn output_shape(&self) -> Vec<usize> {
        match self {
            Layer::Dense(l) => vec![l.units],
            Layer::Dropout(l) => l.shape.clone(),
            Layer::Flatten(l) => vec![l.width],
            Layer::Activation(l) => l.shape.clone(),
        }
    }

    pub fn output_width(&self) -> usize {
        self.output_shape().iter().product()
    }

    pub fn param_count(&self) -> usize {
        match self {
            Layer::Dense(l) => l.kernel.len() + l.bias.len(),
            _ => 0,
        }
    }

    /// The activation at the end of this layer, if it has one.
    pub fn activation(&self) -> Option<Activation> {
        match self {
            Layer::Dense(l) => Some(l.activation),
            Layer::Activation(l) => Some(l.activation),
            _ => None,
        }
    }

    /// Computes this layer's output for `rows` samples of `input` into its own buffer.
    pub fn forward(&mut self, input: &[f32], rows: usize, training: bool, rng: &mut Rng) {
        match self {
            Layer::Dense(l) => l.forward(input, rows),
            Layer::Dropout(l) => l.forward(input, training, rng),
            Layer::Flatten(l) => l.forward(input),
            Layer::Activation(l) => l.forward(input, rows),
        }
    }

    pub fn output(&self) -> &[f32] {
        match self {
            Layer::Dense(l) => l.output(),
            Layer::Dropout(l) => &l.out,
            Layer::Flatten(l) => &l.out,
            Layer::Activation(l) => &l.out,
        }
    }

    /// The values before the final activation (the logits a fused loss reads).
    pub fn pre_activation<'a>(&'a self, input: &'a [f32]) -> &'a [f32] {
        match self {
            Layer::Dense(l) => l.pre_activation(),
            Layer::Activation(_) => input,
            other => other.output(),
        }
    }

    /// Given ∂L/∂output (or ∂L/∂pre-activation when `grad_is_pre_activation`), stores the
    /// gradients of this layer's weights and, if asked, writes ∂L/∂input.
    pub fn backward(
        &mut self,
        input: &[f32],
        rows: usize,
        grad_out: &[f32],
        grad_in: Option<&mut [f32]>,
        grad_is_pre_activation: bool,
    ) {
        match self {
            Layer::Dense(l) => l.backward(input, rows, grad_out, grad_in, grad_is_pre_activation),
            Layer::Dropout(l) => l.backward(grad_out, grad_in),
            Layer::Flatten(_) => {
                if let Some(g) = grad_in {
                    g.copy_from_slice(grad_out);
                }
            }
            Layer::Activation(l) => l.backward(input, grad_out, grad_in, grad_is_pre_activation),
        }
    }

    /// Each weight tensor with its gradient, in a fixed order (kernel, then bias).
    pub fn params_and_grads(&mut self) -> impl Iterator<Item = (&mut [f32], &[f32])> {
        match self {
            Layer::Dense(l) => Some(l.params_and_grads()),
            _ => None,
        }
        .into_iter()
        .flatten()
    }

    /// The weight tensors with their Keras names and shapes (`dense/kernel:0`, [17, 30]).
    pub fn weights(&self) -> Vec<(String, Vec<usize>, &[f32])> {
        match self {
            Layer::Dense(l) => {
                let mut w = vec![(
                    format!("{}/kernel:0", l.name),
                    vec![l.input_dim, l.units],
                    &l.kernel[..],
                )];
                if l.use_bias {
                    w.push((format!("{}/bias:0", l.name), vec![l.units], &l.bias[..]));
                }
                w
            }
            _ => Vec::new(),
        }
    }

    /// Mutable weight tensors, in the same order as [`Layer::weights`].
    pub fn weights_mut(&mut self) -> Vec<&mut Vec<f32>> {
        match self {
            Layer::Dense(l) => {
                if l.use_bias {
                    vec![&mut l.kernel, &mut l.bias]
                } else {
                    vec![&mut l.kernel]
                }
            }
            _ => Vec::new(),
        }
    }
}

/// Resizes a buffer to `len` values, keeping its allocation when it can.
pub(crate) fn sized(buf: &mut Vec<f32>, len: usize) -> &mut [f32] {
    if buf.len() != len {
        buf.resize(len, 0.0);
    }
    &mut buf[..]
}
