//! The wasm32 SIMD128 micro-kernel: a 4×8 tile in eight f32x4 accumulators. Engines map
//! v128 onto 16 SSE registers on x86-64, so eight accumulators plus two B vectors and a
//! broadcast A value fit without spilling; a wider tile would spill inside the loop.
//! SIMD128 has no fused multiply-add; relaxed SIMD does (`f32x4.relaxed_madd`, one FMA
//! instruction where the CPU has it), so the page's second build, made with
//! `+relaxed-simd` for the browsers that validate it, runs the same tile with it.

use core::arch::wasm32::{
    f32x4_add, f32x4_mul, f32x4_splat, i32x4_shuffle, v128, v128_load, v128_load32_splat,
    v128_store,
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
                        *r = madd(ai, bj, *r);
                    }
                }
            }
        }
        if MR == 4 && out.is_plain_transposed(rows, MR, NR) {
            write_transposed(&acc, out);
            return;
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

/// a·b + c, fused (rounded once) where relaxed SIMD maps it onto an FMA instruction.
#[inline(always)]
pub(super) fn madd(a: v128, b: v128, c: v128) -> v128 {
    #[cfg(target_feature = "relaxed-simd")]
    {
        core::arch::wasm32::f32x4_relaxed_madd(a, b, c)
    }
    #[cfg(not(target_feature = "relaxed-simd"))]
    {
        f32x4_add(c, f32x4_mul(a, b))
    }
}

/// Writes a full 4×NR tile of Cᵀ: each 4×4 block of accumulators is transposed in registers so
/// that a column of the tile, four adjacent values of a row of C, goes out as one store. This
/// is dy·Wᵀ in training, whose tiles would otherwise be written a value at a time.
fn write_transposed(acc: &[[v128; NV]; MR], out: &mut Out) {
    let ldc = out.col_step;
    let alpha = f32x4_splat(out.alpha);
    let betav = f32x4_splat(out.beta);
    // MR is 4 whenever this runs; the clamp only keeps the indexing total for other MR.
    let blocks: [[v128; 4]; NV] =
        core::array::from_fn(|v| core::array::from_fn(|i| acc[i.min(MR - 1)][v]));
    for (v, [r0, r1, r2, r3]) in blocks.into_iter().enumerate() {
        let t0 = i32x4_shuffle::<0, 4, 1, 5>(r0, r1);
        let t1 = i32x4_shuffle::<2, 6, 3, 7>(r0, r1);
        let t2 = i32x4_shuffle::<0, 4, 1, 5>(r2, r3);
        let t3 = i32x4_shuffle::<2, 6, 3, 7>(r2, r3);
        let columns = [
            i32x4_shuffle::<0, 1, 4, 5>(t0, t2),
            i32x4_shuffle::<2, 3, 6, 7>(t0, t2),
            i32x4_shuffle::<0, 1, 4, 5>(t1, t3),
            i32x4_shuffle::<2, 3, 6, 7>(t1, t3),
        ];
        for (t, column) in columns.into_iter().enumerate() {
            // SAFETY: the caller checked `out.fits(4)` and `is_plain_transposed`: the tile's
            // 4 rows are adjacent values of C and its NR columns ldc apart, all inside
            // `out.c`; a bias has 4 values, one per row.
            unsafe {
                let to = out.c.as_mut_ptr().add((4 * v + t) * ldc);
                let mut x = f32x4_mul(column, alpha);
                if out.beta != 0.0 {
                    x = f32x4_add(x, f32x4_mul(betav, v128_load(to as *const v128)));
                }
                if let Some(bias) = out.bias {
                    x = f32x4_add(x, v128_load(bias.as_ptr() as *const v128));
                }
                v128_store(to as *mut v128, x);
            }
        }
    }
}
