//! `Dense(units, activation)`: y = activation(x·W + b), the fully connected layer.

use super::sized;
use crate::linalg::{
    column_sums_into, gemm, gemm_bias, sparse_product, sparse_t_product, SparseRows,
};
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
    /// The last input's non-zero values, when it was sparse enough to use them (MNIST's
    /// pixels): forward and backward then skip the zeros. Boxed: its buffers' handles would
    /// double the size of every `Layer`.
    sparse_x: Box<SparseRows>,
    x_is_sparse: bool,
}

/// An input with at most this share of non-zero values goes through the sparse products.
/// Per multiply-add they run at about a third of the register-blocked dense kernel's speed,
/// so below about a third they win; MNIST's pixels are about 19% non-zero, ReLU outputs ~50%.
const SPARSE_MAX_DENSITY: f32 = 0.3;
/// Products smaller than this are not worth scanning the input for zeros.
const SPARSE_MIN_MACS: usize = 1 << 16;

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
            sparse_x: Box::default(),
            x_is_sparse: false,
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
        let bias = self.use_bias.then_some(&self.bias[..]);
        self.x_is_sparse =
            rows * n * k >= SPARSE_MIN_MACS && self.sparse_x.fill(x, rows, k, SPARSE_MAX_DENSITY);
        if self.x_is_sparse {
            sparse_product(&self.sparse_x, &self.kernel, n, z, bias);
        } else {
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
                bias,
            );
        }
        if !linear {
            let out = sized(&mut self.out, rows * n);
            self.activation.forward(&self.z, out, n);
        }
    }

    /// dz = f'(z)·dy (or dy itself when a fused loss already gave ∂L/∂z);
    /// dW = xᵀ·dz; db = Σ rows of dz; dx = dz·Wᵀ. `x` is the input of the last `forward`.
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
        if self.x_is_sparse {
            self.sparse_x.by_column();
            sparse_t_product(&self.sparse_x, dz, n, &mut self.grad_kernel);
        } else {
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
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_close as close;

    /// A mostly-zero input (one value in ten, one row empty) goes through the sparse
    /// products; output and gradients must equal the dense products' up to rounding.
    #[test]
    fn sparse_inputs_give_the_dense_results() {
        let (rows, k, n) = (4, 300, 256);
        let mut rng = Rng::new(5);
        let mut layer = Dense::new(
            "dense".into(),
            k,
            n,
            Activation::Relu,
            true,
            Initializer::GlorotUniform,
            Initializer::Zeros,
            &mut rng,
        );
        layer
            .bias
            .iter_mut()
            .enumerate()
            .for_each(|(j, b)| *b = j as f32 / 1000.0);
        let x: Vec<f32> = (0..rows * k)
            .map(|i| {
                if i % 10 == 3 && i >= k {
                    (i % 7) as f32 / 7.0
                } else {
                    0.0
                }
            })
            .collect();
        layer.forward(&x, rows);
        assert!(layer.x_is_sparse, "a 10% dense input takes the sparse path");
        let mut z = vec![0.0; rows * n];
        gemm_bias(
            false,
            false,
            rows,
            n,
            k,
            1.0,
            &x,
            k,
            &layer.kernel,
            n,
            0.0,
            &mut z,
            n,
            Some(&layer.bias),
        );
        close(&layer.z, &z, "z");

        let dy: Vec<f32> = (0..rows * n)
            .map(|i| ((i * 13 % 17) as f32 - 8.0) / 8.0)
            .collect();
        let mut dx = vec![0.0; rows * k];
        layer.backward(&x, rows, &dy, Some(&mut dx), false);
        // ReLU's derivative, then the dense products.
        let dz: Vec<f32> = dy
            .iter()
            .zip(&z)
            .map(|(d, z)| if *z > 0.0 { *d } else { 0.0 })
            .collect();
        let mut dw = vec![0.0; k * n];
        gemm(true, false, k, n, rows, 1.0, &x, k, &dz, n, 0.0, &mut dw, n);
        close(&layer.grad_kernel, &dw, "dW");
        let mut want_dx = vec![0.0; rows * k];
        gemm(
            false,
            true,
            rows,
            k,
            n,
            1.0,
            &dz,
            n,
            &layer.kernel,
            n,
            0.0,
            &mut want_dx,
            k,
        );
        close(&dx, &want_dx, "dx");
        let db: Vec<f32> = (0..n)
            .map(|j| (0..rows).map(|r| dz[r * n + j]).sum())
            .collect();
        close(&layer.grad_bias, &db, "db");
    }
}
