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

use super::{pack_b, MicroKernel, Operand, Out, Panels, Product};

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

/// The widest panel of C that `small_product` keeps in registers: eight f32x4 accumulators,
/// plus a broadcast value of A and a row of B, stay inside x86-64's sixteen vector registers.
const PANEL_VECTORS: usize = 8;

/// C = alpha·op(A)·op(B) + beta·C + bias for a product too small for tiles to pay, e.g. a
/// table model's 10×17 · 17×30: there most 4×8 tiles were partial, each spilled and written
/// a value at a time. Here each row of C, up to 32 columns at a time, stays in registers
/// while the rows of op(B) stream past. A width that is not a multiple of 4 ends with a
/// vector overlapping the one before it: both sum those columns in the same order, so they
/// agree, and nothing reads or writes past the end of a row. The sums are in the tile's
/// order, so results match the tiled path bit for bit.
///
/// For products `Product::fits_small_rows` accepts (n ≥ 4, op(B) with contiguous rows, C
/// not transposed), whose operands fit their shapes; anything else leaves C untouched.
pub(super) fn small_product(p: &Product, c: &mut [f32], ldc: usize) {
    let (m, n, k) = (p.m, p.n, p.k);
    let fits = p.fits_small_rows()
        && p.a.fits(m, k)
        && p.b.fits(k, n)
        && super::stored_fits(c.len(), m, n, ldc)
        && p.bias.is_none_or(|b| b.len() >= n);
    if !fits {
        debug_assert!(false, "small_product called outside its contract");
        return;
    }
    let mut j0 = 0;
    while j0 < n {
        let mut width = (n - j0).min(4 * PANEL_VECTORS);
        // Leave the last panel at least 4 columns, so that its overlapping vector stays
        // inside it: across panels it would read C values the panel before had written.
        if (1..4).contains(&(n - j0 - width)) {
            width -= 4;
        }
        let panel = Panel { p, ldc, j0, width };
        match width.div_ceil(4) {
            1 => panel.run::<1>(c),
            2 => panel.run::<2>(c),
            3 => panel.run::<3>(c),
            4 => panel.run::<4>(c),
            5 => panel.run::<5>(c),
            6 => panel.run::<6>(c),
            7 => panel.run::<7>(c),
            _ => panel.run::<8>(c),
        }
        j0 += width;
    }
}

/// Columns j0..j0+width of C, for `small_product`.
struct Panel<'a, 'b> {
    p: &'a Product<'b>,
    ldc: usize,
    j0: usize,
    width: usize,
}

impl Panel<'_, '_> {
    #[inline(always)]
    fn run<const NV: usize>(&self, c: &mut [f32]) {
        let p = self.p;
        let (a_row, a_col) = p.a.steps();
        let b_row = p.b.steps().0;
        // Where each vector starts: every 4 columns, the last one ending at the panel's end
        // (every panel is at least 4 wide).
        let starts: [usize; NV] = core::array::from_fn(|v| {
            if v + 1 == NV {
                self.j0 + self.width - 4
            } else {
                self.j0 + 4 * v
            }
        });
        let (a, b) = (p.a.data.as_ptr(), p.b.data.as_ptr());
        let (alpha, beta) = (f32x4_splat(p.alpha), f32x4_splat(p.beta));
        for i in 0..p.m {
            let mut acc = [f32x4_splat(0.0); NV];
            for q in 0..p.k {
                // SAFETY: `small_product` checked that op(A) (m×k) and op(B) (k×n, rows
                // contiguous) lie inside their slices; every start + 4 ≤ n.
                unsafe {
                    let ai = v128_load32_splat(a.add(i * a_row + q * a_col) as *const u32);
                    let row = b.add(q * b_row);
                    for (acc, &j) in acc.iter_mut().zip(&starts) {
                        *acc = madd(ai, v128_load(row.add(j) as *const v128), *acc);
                    }
                }
            }
            // All of a row's values before any store: the overlapping last vector must not
            // read a C value that this row has already overwritten.
            let to = c[i * self.ldc..].as_mut_ptr();
            let mut out = [f32x4_splat(0.0); NV];
            for ((o, &t), &j) in out.iter_mut().zip(&acc).zip(&starts) {
                // SAFETY: C (m×n, ldc apart) and the bias (n values) were checked to fit.
                unsafe {
                    let mut x = f32x4_mul(t, alpha);
                    if p.beta != 0.0 {
                        x = f32x4_add(x, f32x4_mul(beta, v128_load(to.add(j) as *const v128)));
                    }
                    if let Some(bias) = p.bias {
                        x = f32x4_add(x, v128_load(bias.as_ptr().add(j) as *const v128));
                    }
                    *o = x;
                }
            }
            for (&x, &j) in out.iter().zip(&starts) {
                // SAFETY: as above.
                unsafe { v128_store(to.add(j) as *mut v128, x) };
            }
        }
    }
}
