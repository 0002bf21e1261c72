//! Stochastic gradient descent: w ← w − lr·g, with optional (Nesterov) momentum.

use super::Slots;

#[derive(Debug, Clone, PartialEq)]
pub struct Sgd {
    pub learning_rate: f32,
    pub momentum: f32,
    pub nesterov: bool,
    velocity: Slots,
}

impl Sgd {
    pub fn new(learning_rate: f32, momentum: f32, nesterov: bool) -> Self {
        Sgd {
            learning_rate,
            momentum,
            nesterov,
            velocity: Slots::default(),
        }
    }

    /// Keras: v ← m·v − lr·g; w ← w + v (or, Nesterov, w ← w + m·v − lr·g).
    pub fn update(&mut self, slot: usize, w: &mut [f32], g: &[f32]) {
        let lr = self.learning_rate;
        if self.momentum == 0.0 {
            w.iter_mut().zip(g).for_each(|(w, g)| *w -= lr * g);
            return;
        }
        let m = self.momentum;
        let v = self.velocity.get(slot, w.len(), 0.0);
        for ((w, &g), v) in w.iter_mut().zip(g).zip(v.iter_mut()) {
            *v = m * *v - lr * g;
            *w += if self.nesterov { m * *v - lr * g } else { *v };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{tests::trajectory, Optimizer};
    use super::*;

    #[test]
    fn hand_computed_steps() {
        // Plain: w = 1 → 1 − 0.1·1 = 0.9 → 0.81.
        let w = trajectory(&mut Optimizer::Sgd(Sgd::new(0.1, 0.0, false)), 2);
        assert!((w[0] - 0.9).abs() < 1e-7 && (w[1] - 0.81).abs() < 1e-7);
        // Momentum 0.9: v1 = −0.1, w1 = 0.9; v2 = −0.09 − 0.09 = −0.18, w2 = 0.72.
        let w = trajectory(&mut Optimizer::Sgd(Sgd::new(0.1, 0.9, false)), 2);
        assert!(
            (w[0] - 0.9).abs() < 1e-7 && (w[1] - 0.72).abs() < 1e-6,
            "{w:?}"
        );
        // Nesterov: v1 = −0.1, w1 = 1 + 0.9·(−0.1) − 0.1 = 0.81;
        // v2 = −0.09 − 0.081 = −0.171, w2 = 0.81 − 0.1539 − 0.081 = 0.5751.
        let w = trajectory(&mut Optimizer::Sgd(Sgd::new(0.1, 0.9, true)), 2);
        assert!(
            (w[0] - 0.81).abs() < 1e-6 && (w[1] - 0.5751).abs() < 1e-6,
            "{w:?}"
        );
    }
}
