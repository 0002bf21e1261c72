//! RMSprop: divides the step by a running root-mean-square of recent gradients.

use super::Slots;

#[derive(Debug, Clone, PartialEq)]
pub struct RmsProp {
    pub learning_rate: f32,
    pub rho: f32,
    pub momentum: f32,
    pub epsilon: f32,
    velocity: Slots,
    momentums: Slots,
}

impl RmsProp {
    pub fn new(learning_rate: f32, rho: f32, momentum: f32, epsilon: f32) -> Self {
        RmsProp {
            learning_rate,
            rho,
            momentum,
            epsilon,
            velocity: Slots::default(),
            momentums: Slots::default(),
        }
    }

    /// Keras: a ← ρ·a + (1−ρ)·g²; step = lr·g / (√a + ε); with momentum, m ← μ·m + step.
    pub fn update(&mut self, slot: usize, w: &mut [f32], g: &[f32]) {
        let (lr, rho, eps, mu) = (self.learning_rate, self.rho, self.epsilon, self.momentum);
        let a = self.velocity.get(slot, w.len(), 0.0);
        if mu > 0.0 {
            let m = self.momentums.get(slot, w.len(), 0.0);
            for (((w, &g), a), m) in w.iter_mut().zip(g).zip(a.iter_mut()).zip(m.iter_mut()) {
                *a = rho * *a + (1.0 - rho) * g * g;
                *m = mu * *m + lr * g / (a.sqrt() + eps);
                *w -= *m;
            }
        } else {
            for ((w, &g), a) in w.iter_mut().zip(g).zip(a.iter_mut()) {
                *a = rho * *a + (1.0 - rho) * g * g;
                *w -= lr * g / (a.sqrt() + eps);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{tests::trajectory, Optimizer};

    #[test]
    fn hand_computed_steps() {
        // Step 1: a = 0.1·1 = 0.1, w = 1 − 0.001/(√0.1 + 1e-7) = 0.996837...
        let w = trajectory(&mut Optimizer::from_name("rmsprop").unwrap(), 2);
        let w1 = 1.0 - 0.001 / (0.1f64.sqrt() + 1e-7);
        assert!((w[0] - w1).abs() < 1e-6, "{w:?}");
        let a2 = 0.9 * 0.1 + 0.1 * w1 * w1;
        let w2 = w1 - 0.001 * w1 / (a2.sqrt() + 1e-7);
        assert!((w[1] - w2).abs() < 1e-6, "{w:?}");
    }
}
