//! The wasm32 SIMD128 micro-kernel: a 4×8 tile in eight f32x4 accumulators. Engines map
//! v128 onto 16 SSE registers on x86-64, so eight accumulators plus two B vectors and a
//! broadcast A value fit without spilling; a wider tile would spill inside the loop.
//! There is no fused multiply-add in SIMD128 (only in relaxed SIMD), hence mul then add.

use core::arch::wasm32::{
    f32x4_add, f32x4_mul, f32x4_splat, v128, v128_load, v128_load32_splat, v128_store,
};

use super::{pack_b, MicroKernel, Operand, Out, Panels};

pub(super) struct Simd128;

const MR: usize = 4;
/// f32x4 vectors per tile row.
const NV: usize = 2;
const NR: usize = 4 * NV;

impl MicroKernel for Simd128 {
    const MR: usize = MR;
    const NR: usize = NR;

    /// Kept out of line: inlined into the blocking loops, V8 allocated its registers worse
    /// and the whole product ran at half speed.
    #[inline(never)]
    fn tile(panels: &Panels, out: &mut Out) {
        let rows = panels.rows;
        if !panels.fit(MR, NR) || out.cols > NR || !out.fits(rows) {
            debug_assert!(false, "tile operands out of bounds");
            return;
        }
        let mut acc = [[f32x4_splat(0.0); NV]; MR];
        let (a, b) = (panels.a.as_ptr(), panels.b.as_ptr());
        let a_rows = panels.a_rows::<MR>();
        for q in 0..panels.kc {
            // SAFETY: `panels.fit` (checked above) puts the A values of rows `a_rows` and the
            // NR values of B read at each step inside their slices. v128 loads need no
            // alignment.
            unsafe {
                let (qa, bp) = (q * panels.a_step, b.add(q * panels.b_step));
                let mut bv = [f32x4_splat(0.0); NV];
                for (v, x) in bv.iter_mut().enumerate() {
                    *x = v128_load(bp.add(4 * v) as *const v128);
                }
                for (row, &off) in acc.iter_mut().zip(&a_rows) {
                    let ai = v128_load32_splat(a.add(qa + off) as *const u32);
                    for (r, &bj) in row.iter_mut().zip(&bv) {
                        *r = f32x4_add(*r, f32x4_mul(ai, bj));
                    }
                }
            }
        }
        if !out.is_plain(rows, MR, NR) {
            let mut spilled = [[0.0f32; NR]; MR];
            for (to, row) in spilled.iter_mut().zip(&acc) {
                for (v, &x) in row.iter().enumerate() {
                    // SAFETY: `to` holds NR = 4·NV values; v < NV.
                    unsafe { v128_store(to.as_mut_ptr().add(4 * v) as *mut v128, x) };
                }
            }
            out.write_spilled(&spilled, rows);
            return;
        }
        let (beta, bias, ldc) = (out.beta, out.bias, out.row_step);
        let alpha = f32x4_splat(out.alpha);
        let betav = f32x4_splat(beta);
        for (i, row) in acc.iter().enumerate() {
            for (v, &t) in row.iter().enumerate() {
                // SAFETY: a plain full tile: `out.fits` (checked above) puts its MR rows of NR
                // values, ldc apart, and NR bias values inside their slices.
                unsafe {
                    let to = out.c.as_mut_ptr().add(i * ldc + 4 * v);
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

    #[inline(always)]
    fn pack_b(b: Operand, p0: usize, kc: usize, j0: usize, nc: usize, dst: &mut [f32]) {
        pack_b::<NR>(b, p0, kc, j0, nc, dst);
    }
}
