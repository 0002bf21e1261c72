//! The wasm32 SIMD128 micro-kernel: a 4×8 tile in eight f32x4 accumulators. Engines map
//! v128 onto 16 SSE registers on x86-64, so eight accumulators plus two B vectors and a
//! broadcast A value fit without spilling; a wider tile would spill inside the loop.
//! There is no fused multiply-add in SIMD128 (only in relaxed SIMD), hence mul then add.

use core::arch::wasm32::{
    f32x4_add, f32x4_mul, f32x4_splat, v128, v128_load, v128_load32_splat, v128_store,
};

use super::{MicroKernel, Panels};

pub(super) struct Simd128;

const MR: usize = 4;
/// f32x4 vectors per tile row.
const NV: usize = 2;
const NR: usize = 4 * NV;

impl MicroKernel for Simd128 {
    const MR: usize = MR;
    const NR: usize = NR;

    #[inline(never)]
    fn tile(
        panels: &Panels,
        c: &mut [f32],
        ldc: usize,
        alpha: f32,
        beta: f32,
        bias: Option<&[f32]>,
    ) {
        let c_fits = (MR - 1)
            .checked_mul(ldc)
            .and_then(|v| v.checked_add(NR))
            .is_some_and(|v| v <= c.len());
        if !panels.fit(MR, NR) || !c_fits || bias.is_some_and(|b| b.len() < NR) {
            debug_assert!(false, "tile operands out of bounds");
            return;
        }
        let mut acc = [[f32x4_splat(0.0); NV]; MR];
        let (a, b) = (panels.a.as_ptr(), panels.b.as_ptr());
        for q in 0..panels.kc {
            // SAFETY: `panels.fit` (checked above) puts the MR values of A and NR of B read at
            // each step inside their slices. v128 loads need no alignment.
            unsafe {
                let (ap, bp) = (a.add(q * panels.a_step), b.add(q * panels.b_step));
                let mut bv = [f32x4_splat(0.0); NV];
                for (v, x) in bv.iter_mut().enumerate() {
                    *x = v128_load(bp.add(4 * v) as *const v128);
                }
                for (i, row) in acc.iter_mut().enumerate() {
                    let ai = v128_load32_splat(ap.add(i) as *const u32);
                    for (r, &bj) in row.iter_mut().zip(&bv) {
                        *r = f32x4_add(*r, f32x4_mul(ai, bj));
                    }
                }
            }
        }
        let alpha = f32x4_splat(alpha);
        let betav = f32x4_splat(beta);
        for (i, row) in acc.iter().enumerate() {
            for (v, &t) in row.iter().enumerate() {
                let at = i * ldc + 4 * v;
                // SAFETY: c holds (MR-1)·ldc + NR values and bias NR (checked above).
                unsafe {
                    let to = c.as_mut_ptr().add(at);
                    let mut x = f32x4_mul(t, alpha);
                    if beta != 0.0 {
                        x = f32x4_add(x, f32x4_mul(betav, v128_load(to as *const v128)));
                    }
                    if let Some(bias) = bias {
                        x = f32x4_add(x, v128_load(bias.as_ptr().add(4 * v) as *const v128));
                    }
                    v128_store(to as *mut v128, x);
                }
            }
        }
    }
}
