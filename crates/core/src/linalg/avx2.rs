//! The x86-64 micro-kernel for CPUs with AVX2 and FMA, chosen at run time: a 6×16 tile in
//! twelve 8-lane accumulators, which with two B vectors and a broadcast fills the 16 ymm
//! registers and hides the FMA latency.

use std::arch::x86_64::{
    __m256, _mm256_add_ps, _mm256_broadcast_ss, _mm256_fmadd_ps, _mm256_loadu_ps, _mm256_mul_ps,
    _mm256_set1_ps, _mm256_setzero_ps, _mm256_storeu_ps,
};

use super::{pack_b, MicroKernel, Operand, Out, Packs, Panels, Product};

/// Whether this CPU can run `blocked`; std caches the detection after the first call.
pub(super) fn available() -> bool {
    is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma")
}

/// The blocked product compiled for AVX2/FMA, so that packing is vectorised with them too.
///
/// # Safety
/// The CPU must support AVX2 and FMA (see `available`).
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn blocked(
    p: &Product,
    packs: &mut Packs,
    c: &mut [f32],
    ldc: usize,
    b_in_place: bool,
) {
    p.blocked::<Avx2>(packs, c, ldc, b_in_place);
}

pub(super) struct Avx2;

const MR: usize = 6;
/// 8-lane vectors per tile row.
const NV: usize = 2;
const NR: usize = 8 * NV;

impl MicroKernel for Avx2 {
    const MR: usize = MR;
    const NR: usize = NR;

    /// Only ever inlined into `blocked`, which enables AVX2 and FMA.
    #[inline(always)]
    fn tile(panels: &Panels, out: &mut Out) {
        let rows = panels.rows;
        if !panels.fit(MR, NR) || out.cols > NR || !out.fits(rows) {
            debug_assert!(false, "tile operands out of bounds");
            return;
        }
        // SAFETY: this runs inside `blocked` only, so AVX2/FMA are present. `panels.fit` puts
        // the A values of rows `a_rows` and the NR values of B read at each step inside their
        // slices, and `out.fits` the tile and its bias in theirs (checked above). Loads and
        // stores are unaligned ones throughout.
        unsafe {
            let mut acc = [[_mm256_setzero_ps(); NV]; MR];
            let (a, b) = (panels.a.as_ptr(), panels.b.as_ptr());
            let a_rows = panels.a_rows::<MR>();
            for q in 0..panels.kc {
                let (qa, bp) = (q * panels.a_step, b.add(q * panels.b_step));
                let mut bv = [_mm256_setzero_ps(); NV];
                for (v, x) in bv.iter_mut().enumerate() {
                    *x = _mm256_loadu_ps(bp.add(8 * v));
                }
                for (row, &off) in acc.iter_mut().zip(&a_rows) {
                    let ai = _mm256_broadcast_ss(&*a.add(qa + off));
                    for (r, &bj) in row.iter_mut().zip(&bv) {
                        *r = _mm256_fmadd_ps(ai, bj, *r);
                    }
                }
            }
            if !out.is_plain(rows, MR, NR) {
                let mut spilled = [[0.0f32; NR]; MR];
                for (to, row) in spilled.iter_mut().zip(&acc) {
                    for (v, &x) in row.iter().enumerate() {
                        _mm256_storeu_ps(to.as_mut_ptr().add(8 * v), x);
                    }
                }
                out.write_spilled(&spilled, rows);
                return;
            }
            let (beta, bias, ldc) = (out.beta, out.bias, out.row_step);
            let alpha = _mm256_set1_ps(out.alpha);
            let betav = _mm256_set1_ps(beta);
            for (i, row) in acc.iter().enumerate() {
                for (v, &t) in row.iter().enumerate() {
                    let to = out.c.as_mut_ptr().add(i * ldc + 8 * v);
                    let mut x: __m256 = _mm256_mul_ps(t, alpha);
                    if beta != 0.0 {
                        x = _mm256_fmadd_ps(betav, _mm256_loadu_ps(to), x);
                    }
                    if let Some(bias) = bias {
                        x = _mm256_add_ps(x, _mm256_loadu_ps(bias.as_ptr().add(8 * v)));
                    }
                    _mm256_storeu_ps(to, x);
                }
            }
        }
    }

    #[inline(always)]
    fn pack_b(b: Operand, p0: usize, kc: usize, j0: usize, nc: usize, dst: &mut [f32]) {
        pack_b::<NR>(b, p0, kc, j0, nc, dst);
    }
}
