//! `Activation(name)`: applies an activation function as a layer of its own.

use super::sized;
use crate::Activation;

#[derive(Debug, Clone, PartialEq)]
pub struct ActivationLayer {
    pub name: String,
    pub activation: Activation,
    pub shape: Vec<usize>,
    pub(crate) out: Vec<f32>,
}

impl ActivationLayer {
    pub fn new(name: String, activation: Activation, shape: Vec<usize>) -> Self {
        ActivationLayer {
            name,
            activation,
            shape,
            out: Vec::new(),
        }
    }

    pub fn forward(&mut self, x: &[f32], rows: usize) {
        let cols = x.len().checked_div(rows).unwrap_or(0);
        let out = sized(&mut self.out, x.len());
        self.activation.forward(x, out, cols.max(1));
    }

    pub fn backward(&mut self, x: &[f32], dy: &[f32], dx: Option<&mut [f32]>, dy_is_dz: bool) {
        if let Some(dx) = dx {
            if dy_is_dz {
                dx.copy_from_slice(dy);
            } else {
                let cols: usize = self.shape.iter().product();
                self.activation.backward(x, &self.out, dy, dx, cols.max(1));
            }
        }
    }
}
