//! `Dropout(rate)`: while training, zeroes each value with probability `rate` and scales
//! the rest by 1/(1−rate) ("inverted" dropout), so that nothing changes at inference.

use super::sized;
use crate::Rng;

#[derive(Debug, Clone, PartialEq)]
pub struct Dropout {
    pub name: String,
    pub rate: f32,
    pub shape: Vec<usize>,
    pub(crate) out: Vec<f32>,
    /// 0 or 1/(1−rate) per value of the last training batch.
    mask: Vec<f32>,
    active: bool,
}

impl Dropout {
    pub fn new(name: String, rate: f32, shape: Vec<usize>) -> Self {
        Dropout {
            name,
            rate,
            shape,
            out: Vec::new(),
            mask: Vec::new(),
            active: false,
        }
    }

    pub fn forward(&mut self, x: &[f32], training: bool, rng: &mut Rng) {
        let out = sized(&mut self.out, x.len());
        self.active = training && self.rate > 0.0;
        if !self.active {
            out.copy_from_slice(x);
            return;
        }
        let keep = 1.0 - self.rate;
        let scale = 1.0 / keep;
        let mask = sized(&mut self.mask, x.len());
        for ((o, m), &v) in out.iter_mut().zip(mask.iter_mut()).zip(x) {
            *m = if rng.uniform() < keep { scale } else { 0.0 };
            *o = v * *m;
        }
    }

    pub fn backward(&mut self, dy: &[f32], dx: Option<&mut [f32]>) {
        if let Some(dx) = dx {
            if self.active {
                for ((d, &g), &m) in dx.iter_mut().zip(dy).zip(&self.mask) {
                    *d = g * m;
                }
            } else {
                dx.copy_from_slice(dy);
            }
        }
    }
}
