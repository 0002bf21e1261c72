//! The micro-kernel in plain Rust, for targets without a hand-written one: fixed-size arrays
//! that LLVM keeps in registers and vectorises with whatever SIMD the target has.

use super::{MicroKernel, Panels};

pub(super) struct Portable;

const MR: usize = 4;
const NR: usize = 8;

impl MicroKernel for Portable {
    const MR: usize = MR;
    const NR: usize = NR;

    #[inline(always)]
    fn tile(
        panels: &Panels,
        c: &mut [f32],
        ldc: usize,
        alpha: f32,
        beta: f32,
        bias: Option<&[f32]>,
    ) {
        let mut acc = [[0.0f32; NR]; MR];
        for q in 0..panels.kc {
            let (Some(av), Some(bv)) = (
                panels.a.get(q * panels.a_step..q * panels.a_step + MR),
                panels.b.get(q * panels.b_step..q * panels.b_step + NR),
            ) else {
                return;
            };
            for (row, &ai) in acc.iter_mut().zip(av) {
                for (r, &bj) in row.iter_mut().zip(bv) {
                    *r += ai * bj;
                }
            }
        }
        for (i, acc_row) in acc.iter().enumerate() {
            let Some(c_row) = c.get_mut(i * ldc..i * ldc + NR) else {
                return;
            };
            for (j, (cj, &t)) in c_row.iter_mut().zip(acc_row).enumerate() {
                let prior = if beta == 0.0 { 0.0 } else { beta * *cj };
                *cj = alpha * t + prior + bias.map_or(0.0, |b| b[j]);
            }
        }
    }
}
