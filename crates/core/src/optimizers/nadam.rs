//! Nadam: Adam with Nesterov momentum, using Keras' momentum-decay schedule.

use super::Slots;

#[derive(Debug, Clone, PartialEq)]
pub struct Nadam {
    pub learning_rate: f32,
    pub beta_1: f32,
    pub beta_2: f32,
    pub epsilon: f32,
    iterations: u64,
    /// Π of the momentum schedule up to this step (Keras' `u_product`).
    u_product: f64,
    u_t: f64,
    u_t_next: f64,
    m: Slots,
    v: Slots,
}

impl Nadam {
    pub fn new(learning_rate: f32, beta_1: f32, beta_2: f32, epsilon: f32) -> Self {
        Nadam {
            learning_rate,
            beta_1,
            beta_2,
            epsilon,
            iterations: 0,
            u_product: 1.0,
            u_t: 0.0,
            u_t_next: 0.0,
            m: Slots::default(),
            v: Slots::default(),
        }
    }

    /// The schedule uₜ = β₁(1 − ½·0.96ᵗ) is shared by all weights of a step.
    pub(crate) fn begin_step(&mut self) {
        self.iterations += 1;
        let t = self.iterations as f64;
        let b1 = self.beta_1 as f64;
        self.u_t = b1 * (1.0 - 0.5 * 0.96f64.powf(t));
        self.u_t_next = b1 * (1.0 - 0.5 * 0.96f64.powf(t + 1.0));
        self.u_product *= self.u_t;
    }

    /// Keras: m̂ = uₜ₊₁·m/(1 − Πuₜ₊₁) + (1 − uₜ)·g/(1 − Πuₜ); v̂ = v/(1 − β₂ᵗ);
    /// w ← w − lr·m̂/(√v̂ + ε).
    pub fn update(&mut self, slot: usize, w: &mut [f32], g: &[f32]) {
        let t = self.iterations.max(1) as i32;
        let (b1, b2, eps) = (self.beta_1, self.beta_2, self.epsilon);
        let u_product_next = self.u_product * self.u_t_next;
        let c_m = (self.u_t_next / (1.0 - u_product_next)) as f32;
        let c_g = ((1.0 - self.u_t) / (1.0 - self.u_product)) as f32;
        let c_v = (1.0 / (1.0 - (b2 as f64).powi(t))) as f32;
        let lr = self.learning_rate;
        let (m, v) = Slots::pair(&mut self.m, &mut self.v, slot, w.len());
        for (((w, &g), m), v) in w.iter_mut().zip(g).zip(m.iter_mut()).zip(v.iter_mut()) {
            *m += (g - *m) * (1.0 - b1);
            *v += (g * g - *v) * (1.0 - b2);
            let m_hat = c_m * *m + c_g * g;
            let v_hat = *v * c_v;
            *w -= lr * m_hat / (v_hat.sqrt() + eps);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{tests::trajectory, Optimizer};

    #[test]
    fn hand_computed_first_step() {
        let w = trajectory(&mut Optimizer::from_name("nadam").unwrap(), 1);
        let u1 = 0.9 * (1.0 - 0.5 * 0.96f64);
        let u2 = 0.9 * (1.0 - 0.5 * 0.96f64.powi(2));
        let m = 0.1;
        let m_hat = u2 * m / (1.0 - u1 * u2) + (1.0 - u1) * 1.0 / (1.0 - u1);
        let v_hat: f64 = 0.001 / (1.0 - 0.999);
        let w1 = 1.0 - 0.001 * m_hat / (v_hat.sqrt() + 1e-7);
        assert!((w[0] - w1).abs() < 1e-6, "{w:?} vs {w1}");
    }
}
