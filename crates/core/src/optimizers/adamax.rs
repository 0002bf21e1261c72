//! Adamax: Adam with the infinity norm of past gradients in place of their RMS.

use super::Slots;

#[derive(Debug, Clone, PartialEq)]
pub struct Adamax {
    pub learning_rate: f32,
    pub beta_1: f32,
    pub beta_2: f32,
    pub epsilon: f32,
    pub(crate) iterations: u64,
    m: Slots,
    u: Slots,
}

impl Adamax {
    pub fn new(learning_rate: f32, beta_1: f32, beta_2: f32, epsilon: f32) -> Self {
        Adamax {
            learning_rate,
            beta_1,
            beta_2,
            epsilon,
            iterations: 0,
            m: Slots::default(),
            u: Slots::default(),
        }
    }

    /// Keras: m ← m + (g−m)(1−β₁); u ← max(β₂·u, |g|); w ← w − lr/(1−β₁ᵗ) · m/(u + ε).
    pub fn update(&mut self, slot: usize, w: &mut [f32], g: &[f32]) {
        let t = self.iterations.max(1) as i32;
        let (b1, b2, eps) = (self.beta_1, self.beta_2, self.epsilon);
        let step = (self.learning_rate as f64 / (1.0 - (b1 as f64).powi(t))) as f32;
        let (m, u) = Slots::pair(&mut self.m, &mut self.u, slot, w.len());
        for (((w, &g), m), u) in w.iter_mut().zip(g).zip(m.iter_mut()).zip(u.iter_mut()) {
            *m += (g - *m) * (1.0 - b1);
            *u = (b2 * *u).max(g.abs());
            *w -= step * *m / (*u + eps);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{tests::trajectory, Optimizer};

    #[test]
    fn hand_computed_steps() {
        let w = trajectory(&mut Optimizer::from_name("adamax").unwrap(), 2);
        let w1 = 1.0 - 0.001 / 0.1 * 0.1 / (1.0 + 1e-7);
        let m2 = 0.1 + (w1 - 0.1) * 0.1;
        let u2 = (0.999f64).max(w1);
        let w2 = w1 - 0.001 / (1.0 - 0.81) * m2 / (u2 + 1e-7);
        assert!(
            (w[0] - w1).abs() < 1e-6 && (w[1] - w2).abs() < 1e-6,
            "{w:?}"
        );
    }
}
