//! Adam, and AdamW (Adam with weight decay decoupled from the gradient).

use super::Slots;

#[derive(Debug, Clone, PartialEq)]
pub struct Adam {
    pub learning_rate: f32,
    pub beta_1: f32,
    pub beta_2: f32,
    pub epsilon: f32,
    pub(crate) iterations: u64,
    /// This step's bias-corrected learning rate (set by `begin_step`, used by every slot).
    alpha: f32,
    m: Slots,
    v: Slots,
}

impl Adam {
    pub fn new(learning_rate: f32, beta_1: f32, beta_2: f32, epsilon: f32) -> Self {
        Adam {
            learning_rate,
            beta_1,
            beta_2,
            epsilon,
            iterations: 0,
            alpha: 0.0,
            m: Slots::default(),
            v: Slots::default(),
        }
    }

    /// Counts the step and works out α = lr·√(1−β₂ᵗ)/(1−β₁ᵗ) once for all the slots.
    pub(crate) fn begin_step(&mut self) {
        self.iterations += 1;
        let t = self.iterations as i32;
        let (b1, b2) = (self.beta_1 as f64, self.beta_2 as f64);
        self.alpha =
            (self.learning_rate as f64 * (1.0 - b2.powi(t)).sqrt() / (1.0 - b1.powi(t))) as f32;
    }

    /// Keras: m ← m + (g−m)(1−β₁); v ← v + (g²−v)(1−β₂); w ← w − α·m/(√v + ε).
    /// (ε is added to √v, not to the bias-corrected √v̂.)
    pub fn update(&mut self, slot: usize, w: &mut [f32], g: &[f32]) {
        let (b1, b2, eps, alpha) = (self.beta_1, self.beta_2, self.epsilon, self.alpha);
        let (m, v) = Slots::pair(&mut self.m, &mut self.v, slot, w.len());
        for (((w, &g), m), v) in w.iter_mut().zip(g).zip(m.iter_mut()).zip(v.iter_mut()) {
            *m += (g - *m) * (1.0 - b1);
            *v += (g * g - *v) * (1.0 - b2);
            *w -= alpha * *m / (v.sqrt() + eps);
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AdamW {
    pub adam: Adam,
    pub weight_decay: f32,
}

impl AdamW {
    pub fn new(adam: Adam, weight_decay: f32) -> Self {
        AdamW { adam, weight_decay }
    }

    /// Keras: w ← w − w·wd·lr, then the Adam step.
    pub fn update(&mut self, slot: usize, w: &mut [f32], g: &[f32]) {
        let decay = self.weight_decay * self.adam.learning_rate;
        w.iter_mut().for_each(|w| *w -= *w * decay);
        self.adam.update(slot, w, g);
    }
}

#[cfg(test)]
mod tests {
    use super::super::{tests::trajectory, Optimizer};

    /// Adam's first step moves every weight by about lr whatever the gradient's size.
    #[test]
    fn hand_computed_steps() {
        let w = trajectory(&mut Optimizer::from_name("adam").unwrap(), 2);
        // t=1: m = 0.1, v = 0.001, α = 0.001·√0.001/0.1; w1 = 1 − α·0.1/(√0.001 + 1e-7).
        let alpha1 = 0.001 * 0.001f64.sqrt() / 0.1;
        let w1 = 1.0 - alpha1 * 0.1 / (0.001f64.sqrt() + 1e-7);
        assert!((w[0] - w1).abs() < 1e-6, "{w:?} vs {w1}");
        // t=2 by the same formulas.
        let (m2, v2) = (0.1 + (w1 - 0.1) * 0.1, 0.001 + (w1 * w1 - 0.001) * 0.001);
        let alpha2 = 0.001 * (1.0 - 0.999f64.powi(2)).sqrt() / (1.0 - 0.9f64.powi(2));
        let w2 = w1 - alpha2 * m2 / (v2.sqrt() + 1e-7);
        assert!((w[1] - w2).abs() < 1e-6, "{w:?} vs {w2}");
    }

    #[test]
    fn adamw_decays_weights_first() {
        let w = trajectory(&mut Optimizer::from_name("adamw").unwrap(), 1);
        let decayed = 1.0 - 0.004 * 0.001;
        let alpha1 = 0.001 * 0.001f64.sqrt() / 0.1;
        let w1 = decayed - alpha1 * 0.1 / (0.001f64.sqrt() + 1e-7);
        assert!((w[0] - w1).abs() < 1e-6, "{w:?} vs {w1}");
    }
}
