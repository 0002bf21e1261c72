//! `Dense(units, activation)`: y = activation(x·W + b), the fully connected layer.

use super::sized;
use crate::linalg::{column_sums_into, gemm, gemm_bias};
use crate::{Activation, Initializer, Rng};

#[derive(Debug, Clone, PartialEq)]
pub struct Dense {
    pub name: String,
    pub units: usize,
    pub input_dim: usize,
    pub activation: Activation,
    pub use_bias: bool,
    pub kernel_initializer: Initializer,
    pub bias_initializer: Initializer,
    /// input_dim × units, row-major, as Keras stores `kernel`.
    pub kernel: Vec<f32>,
    pub bias: Vec<f32>,
    grad_kernel: Vec<f32>,
    grad_bias: Vec<f32>,
    /// x·W + b, kept for the activation's derivative (empty for linear: it equals `out`).
    z: Vec<f32>,
    out: Vec<f32>,
    dz: Vec<f32>,
}

impl Dense {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        name: String,
        input_dim: usize,
        units: usize,
        activation: Activation,
        use_bias: bool,
        kernel_initializer: Initializer,
        bias_initializer: Initializer,
        rng: &mut Rng,
    ) -> Self {
        let mut kernel = vec![0.0; input_dim * units];
        kernel_initializer.fill(&mut kernel, input_dim, units, rng);
        let mut bias = vec![0.0; if use_bias { units } else { 0 }];
        bias_initializer.fill(&mut bias, units, units, rng);
        Dense {
            name,
            units,
            input_dim,
            activation,
            use_bias,
            kernel_initializer,
            bias_initializer,
            grad_kernel: vec![0.0; kernel.len()],
            grad_bias: vec![0.0; bias.len()],
            kernel,
            bias,
            z: Vec::new(),
            out: Vec::new(),
            dz: Vec::new(),
        }
    }

    pub fn output(&self) -> &[f32] {
        &self.out
    }

    pub fn pre_activation(&self) -> &[f32] {
        if self.activation == Activation::Linear {
            &self.out
        } else {
            &self.z
        }
    }

    /// z = x·W + b; y = f(z).
    pub fn forward(&mut self, x: &[f32], rows: usize) {
        let (n, k) = (self.units, self.input_dim);
        let linear = self.activation == Activation::Linear;
        let z = if linear {
            sized(&mut self.out, rows * n)
        } else {
            sized(&mut self.z, rows * n)
        };
        gemm_bias(
            false,
            false,
            rows,
            n,
            k,
            1.0,
            x,
            k,
            &self.kernel,
            n,
            0.0,
            z,
            n,
            self.use_bias.then_some(&self.bias[..]),
        );
        if !linear {
            let out = sized(&mut self.out, rows * n);
            self.activation.forward(&self.z, out, n);
        }
    }

    /// dz = f'(z)·dy (or dy itself when a fused loss already gave ∂L/∂z);
    /// dW = xᵀ·dz; db = Σ rows of dz; dx = dz·Wᵀ.
    pub fn backward(
        &mut self,
        x: &[f32],
        rows: usize,
        dy: &[f32],
        dx: Option<&mut [f32]>,
        dy_is_dz: bool,
    ) {
        let (n, k) = (self.units, self.input_dim);
        let dz: &[f32] = if dy_is_dz || self.activation == Activation::Linear {
            dy
        } else {
            let buf = sized(&mut self.dz, rows * n);
            self.activation.backward(&self.z, &self.out, dy, buf, n);
            &self.dz
        };
        gemm(
            true,
            false,
            k,
            n,
            rows,
            1.0,
            x,
            k,
            dz,
            n,
            0.0,
            &mut self.grad_kernel,
            n,
        );
        if self.use_bias {
            column_sums_into(dz, n, &mut self.grad_bias);
        }
        if let Some(dx) = dx {
            gemm(
                false,
                true,
                rows,
                k,
                n,
                1.0,
                dz,
                n,
                &self.kernel,
                n,
                0.0,
                dx,
                k,
            );
        }
    }

    /// The weights with their gradients, kernel then bias; an iterator, not a Vec, as the
    /// optimizer walks it every batch.
    pub fn params_and_grads(&mut self) -> impl Iterator<Item = (&mut [f32], &[f32])> {
        let bias = self
            .use_bias
            .then_some((&mut self.bias[..], &self.grad_bias[..]));
        std::iter::once((&mut self.kernel[..], &self.grad_kernel[..])).chain(bias)
    }
}
