//! The micro-kernel in plain Rust, for targets without a hand-written one: fixed-size arrays
//! that LLVM keeps in registers and vectorises with whatever SIMD the target has.

use super::{pack_b, MicroKernel, Operand, Out, Panels};

pub(super) struct Portable;

const MR: usize = 4;
const NR: usize = 8;

impl MicroKernel for Portable {
    const MR: usize = MR;
    const NR: usize = NR;

    #[inline(always)]
    fn tile(panels: &Panels, out: &mut Out) {
        if !panels.fit(MR, NR) || out.cols > NR {
            return;
        }
        let a_rows = panels.a_rows::<MR>();
        let mut acc = [[0.0f32; NR]; MR];
        for q in 0..panels.kc {
            let (qa, qb) = (q * panels.a_step, q * panels.b_step);
            let av: [f32; MR] = core::array::from_fn(|i| panels.a[qa + a_rows[i]]);
            let bv: &[f32; NR] = &panels.b[qb..qb + NR].as_chunks().0[0];
            for (row, &ai) in acc.iter_mut().zip(&av) {
                for (r, &bj) in row.iter_mut().zip(bv) {
                    *r += ai * bj;
                }
            }
        }
        out.write_spilled(&acc, panels.rows);
    }

    #[inline(always)]
    fn pack_b(b: Operand, p0: usize, kc: usize, j0: usize, nc: usize, dst: &mut [f32]) {
        pack_b::<NR>(b, p0, kc, j0, nc, dst);
    }
}
