//! Adagrad: each weight's step shrinks with the sum of its past squared gradients.

use super::Slots;

#[derive(Debug, Clone, PartialEq)]
pub struct Adagrad {
    pub learning_rate: f32,
    pub initial_accumulator_value: f32,
    pub epsilon: f32,
    accumulators: Slots,
}

impl Adagrad {
    pub fn new(learning_rate: f32, initial_accumulator_value: f32, epsilon: f32) -> Self {
        Adagrad {
            learning_rate,
            initial_accumulator_value,
            epsilon,
            accumulators: Slots::default(),
        }
    }

    /// Keras: a ← a + g² (a starts at 0.1); w ← w − lr·g / √(a + ε).
    pub fn update(&mut self, slot: usize, w: &mut [f32], g: &[f32]) {
        let (lr, eps) = (self.learning_rate, self.epsilon);
        let a = self
            .accumulators
            .get(slot, w.len(), self.initial_accumulator_value);
        for ((w, &g), a) in w.iter_mut().zip(g).zip(a.iter_mut()) {
            *a += g * g;
            *w -= lr * g / (*a + eps).sqrt();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{tests::trajectory, Optimizer};

    #[test]
    fn hand_computed_steps() {
        let w = trajectory(&mut Optimizer::from_name("adagrad").unwrap(), 2);
        let w1 = 1.0 - 0.001 / (1.1f64 + 1e-7).sqrt();
        let w2 = w1 - 0.001 * w1 / (1.1 + w1 * w1 + 1e-7).sqrt();
        assert!(
            (w[0] - w1).abs() < 1e-6 && (w[1] - w2).abs() < 1e-6,
            "{w:?}"
        );
    }
}
